"""The Référentiels page's tabs: the schools, neighbourhoods and providers tables (edit, or replace from a
file), the neighbourhood contours (GeoJSON) and the small-cell threshold.

Text from uploaded files is shown through st.dataframe, st.text or escaped markdown, never as HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from clas.charts.contours import contour_preview
from clas.domain import disclosure, fmt, vocab
from clas.ingest import FileRejected
from clas.store.geo import ContoursError, contours_path, load_contours
from clas.web import ui
from clas.web.markdown import escape_md
from clas.workspace import contours as geo_svc
from clas.workspace import referential_checks as checks
from clas.workspace import referential_files as files
from clas.workspace import referential_specs as specs
from clas.workspace import referentials as svc

QUERY = {
    "schools": "reference_schools",
    "neighbourhoods": "reference_neighbourhoods",
    "providers": "reference_providers",
}
USAGE = {"schools": ("rows", "Lignes"), "neighbourhoods": ("rows", "Lignes"), "providers": ("files", "Fichiers")}


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault("ref_flash", []).append((kind, text))


def show_problems(errors: list[str], warnings: list[str]) -> None:
    if errors:
        st.error(
            "**Rien n'a été enregistré.** À corriger :\n\n"
            + "\n".join(f"- {escape_md(e)}" for e in errors[:30])
            + (f"\n- … et {fmt.count(len(errors) - 30, 'autre')}." if len(errors) > 30 else ""),
            icon=":material/block:",
        )
    if warnings:
        st.warning("\n".join(f"- {escape_md(w)}" for w in warnings[:30]), icon=":material/warning:")


def column_config(kind: str, codes: list[str], names: dict[str, str]) -> dict:
    cfg = {}
    for c in specs.SPECS[kind]:
        common = dict(label=c.label, help=c.help, required=c.required)
        if c.kind == "bool":
            cfg[c.field] = st.column_config.CheckboxColumn(c.label, help=c.help, default=False)
        elif c.kind == "int":
            cfg[c.field] = st.column_config.NumberColumn(**common, min_value=0, step=1, format="localized")
        elif c.kind == "float":
            cfg[c.field] = st.column_config.NumberColumn(**common, format="%.5f")
        elif c.kind == "school_type":
            cfg[c.field] = st.column_config.SelectboxColumn(
                **common, options=list(specs.SCHOOL_TYPES), format_func=specs.SCHOOL_TYPES.get
            )
        elif c.kind == "provider_type":
            cfg[c.field] = st.column_config.SelectboxColumn(
                **common, options=list(vocab.PROVIDER_TYPES), format_func=vocab.PROVIDER_TYPES.get
            )
        elif c.kind == "neighbourhood":
            cfg[c.field] = st.column_config.SelectboxColumn(
                **common, options=codes, format_func=lambda code: f"{code} – {names.get(code, '')}"
            )
        else:
            # "" rather than a missing value: the grid writes « None » in an empty cell
            cfg[c.field] = st.column_config.TextColumn(**common, default="")
    usage, label = USAGE[kind]
    cfg[usage] = st.column_config.NumberColumn(
        label, disabled=True, help="Données importées qui utilisent cette ligne : elle ne peut pas être supprimée."
    )
    return cfg


def table_tab(kind: str, codes: list[str], names: dict[str, str]) -> None:
    current = ui.query(QUERY[kind])
    fields = [c.field for c in specs.SPECS[kind]]
    idf = specs.ID_FIELD[kind]
    usage = USAGE[kind][0]
    st.caption(
        "Modifiez directement le tableau (double-clic sur une case), ajoutez une ligne en bas ou "
        "supprimez-en (case à gauche puis corbeille), puis enregistrez. Les lignes utilisées par des données "
        "importées ne sont jamais supprimées."
    )
    text = [c.field for c in specs.SPECS[kind] if c.kind == "text"]
    edited = st.data_editor(
        current[([idf] if idf else []) + fields + [usage]].fillna({f: "" for f in text}),
        key=f"editor_{kind}",
        hide_index=True,
        num_rows="dynamic",
        width="stretch",
        column_order=fields + [usage],
        column_config=column_config(kind, codes, names),
    )
    if st.button(f"Enregistrer les {specs.KINDS[kind].lower()}", key=f"save_{kind}", type="primary"):
        checked = checks.validate(kind, edited.drop(columns=[usage]), set(codes), first_line=1)
        if checked.ok:
            saved = svc.save_table(kind, checked.frame)
            ui.clear_caches()
            flash("success", saved.message(kind))
            for w in checked.warnings:
                flash("warning", w)
            st.rerun()
        show_problems(checked.errors, checked.warnings)

    with st.expander("Remplacer toute la table par un fichier (CSV ou Excel)"):
        st.markdown(
            "Le fichier doit avoir une ligne de titres ; l'ordre des colonnes est libre et les titres peuvent "
            "être écrits en minuscules ou sans accents. Colonnes attendues :"
        )
        st.table(specs.expected_columns(kind), hide_index=True)
        st.download_button(
            "Télécharger la table actuelle (CSV)",
            files.example_csv(kind, current),
            file_name=f"{kind}.csv",
            mime="text/csv",
            key=f"csv_{kind}",
            icon=":material/download:",
        )
        up = st.file_uploader("Fichier de remplacement", type=["csv", "xlsx", "xls", "ods"], key=f"upload_{kind}")
        if up is None:
            return
        try:
            raw = files.read_table(up.getvalue())
        except FileRejected as exc:
            show_problems([exc.message], [])
            return
        frame, errors, warnings = files.map_headers(kind, raw)
        checked = checks.validate(kind, frame, set(codes)) if not errors else None
        if checked is not None:
            errors, warnings = checked.errors, warnings + checked.warnings
        show_problems(errors, warnings)
        if checked is None or not checked.ok:
            return
        st.markdown(f"**{fmt.count(len(checked.frame), 'ligne valide')}.** Aperçu :")
        st.dataframe(
            checked.frame,
            hide_index=True,
            width="stretch",
            column_config={c.field: st.column_config.Column(c.label) for c in specs.SPECS[kind]},
        )
        st.caption(
            "Les lignes existantes sont mises à jour (même code, même UAI ou même nom), les nouvelles "
            "ajoutées ; celles qui manquent au fichier sont supprimées si aucune donnée importée ne les "
            "utilise."
        )
        if st.button(
            f"Remplacer la table des {specs.KINDS[kind].lower()} par ce fichier", key=f"replace_{kind}", type="primary"
        ):
            saved = svc.save_table(kind, checked.frame)
            ui.clear_caches()
            flash("success", saved.message(kind))
            st.rerun()


def contours_tab(neighbourhoods: pd.DataFrame) -> None:
    names = dict(zip(neighbourhoods["code"], neighbourhoods["name"]))
    target = contours_path()
    st.markdown(
        "Les contours servent à la carte de la page Couverture par quartier. Déposez un fichier GeoJSON "
        "(quartiers, ou communes pour un usage départemental), choisissez la propriété qui porte le code "
        "ou le nom du quartier, vérifiez la carte et les rapprochements, puis enregistrez."
    )
    try:
        existing = load_contours()
    except ContoursError as exc:
        existing = None
        st.warning(escape_md(str(exc)), icon=":material/warning:")
    if existing:
        m = geo_svc.match(existing, "code", neighbourhoods)
        st.caption(
            f"Fichier en service : {escape_md(target.name)} — {fmt.count(len(existing['features']), 'contour')}, "
            f"dont {fmt.count(m.matched, 'rapproché')} d'un quartier du référentiel."
        )
    else:
        st.caption("Aucun fichier de contours en service : la carte de couverture ne peut pas être dessinée.")

    up = st.file_uploader("Fichier de contours (GeoJSON)", type=["geojson", "json"], key="upload_contours")
    if up is None:
        return
    try:
        fc = geo_svc.parse(up.getvalue())
    except geo_svc.ContourFileError as exc:
        show_problems([str(exc)], [])
        return
    props = geo_svc.properties(fc)
    if not props:
        show_problems(["Les contours n'ont aucune propriété (code ou nom) pour les rapprocher des quartiers."], [])
        return
    best = geo_svc.best_property(fc, neighbourhoods)
    prop = st.selectbox(
        "Propriété qui porte le code ou le nom du quartier",
        props,
        index=props.index(best) if best in props else 0,
        key="contours_prop",
        help="Chaque valeur est comparée au code puis au nom des quartiers du référentiel "
        "(majuscules, accents et ponctuation ignorés).",
    )
    m = geo_svc.match(fc, prop, neighbourhoods)
    c1, c2, c3 = st.columns(3)
    c1.metric("Contours rapprochés", f"{m.matched} sur {len(fc['features'])}")
    c2.metric("Quartiers sans contour", f"{len(m.missing)} sur {len(neighbourhoods)}")
    c3.metric("Contours sans quartier", str(len(m.unmatched)))
    if fc["skipped"]:
        n = fc["skipped"]
        what = fmt.plural(n, "n'est pas un polygone", "ne sont pas des polygones")
        st.caption(f"{fmt.count(n, 'élément')} du fichier {what} : {fmt.plural(n, 'ignoré')}.")
    shapes, rows = geo_svc.for_map(fc, m, names)
    ui.chart(contour_preview, shapes, rows, key="contours_map")
    left, right = st.columns(2)
    with left:
        st.markdown("**Quartiers du référentiel sans contour**")
        if m.missing:
            st.dataframe(
                pd.DataFrame(m.missing, columns=["Code", "Nom"]),
                hide_index=True,
                width="stretch",
                key="contours_missing",
            )
        else:
            st.markdown("Aucun : chaque quartier a son contour.")
    with right:
        st.markdown("**Contours qui ne correspondent à aucun quartier**")
        if m.unmatched:
            st.dataframe(geo_svc.unmatched_table(fc, m), hide_index=True, width="stretch", key="contours_unmatched")
        else:
            st.markdown("Aucun : chaque contour a trouvé son quartier.")
    if m.duplicates:
        st.warning(
            "Plusieurs contours pour le même quartier : "
            + escape_md(", ".join(m.duplicates))
            + ". La carte les dessinera tous.",
            icon=":material/warning:",
        )
    if not m.matched:
        st.error(
            "Aucun contour ne correspond à un quartier : choisissez une autre propriété, ou complétez la "
            "table des quartiers.",
            icon=":material/block:",
        )
        return
    ok = st.checkbox(
        f"Remplacer le fichier des contours en service ({target}) par "
        f"{fmt.plural(m.matched, 'le', 'les')} {fmt.count(m.matched, 'contour rapproché')}",
        key="contours_confirm",
    )
    if st.button("Enregistrer les contours", key="contours_save", type="primary", disabled=not ok):
        path = geo_svc.save(geo_svc.normalised(fc, m, names))
        ui.clear_caches()
        flash("success", f"Contours enregistrés : {fmt.count(m.matched, 'quartier')} dans {path.name}.")
        st.rerun()


def threshold_tab() -> None:
    current = disclosure.threshold_from(ui.query("small_cell_threshold"))
    lo, hi = svc.THRESHOLD_RANGE
    st.markdown(
        f"Dans tout ce que voient les élus et le rapport annuel, un effectif inférieur au seuil est masqué "
        f"(« < {current} »), ainsi que les cases qui permettraient de le retrouver par différence avec les "
        "totaux. 5 par défaut ; 11 est la règle de l'INSEE pour les données sur les personnes."
    )
    value = st.columns([1, 2])[0].number_input(
        "Seuil de masquage des petits effectifs", min_value=lo, max_value=hi, value=current, step=1, key="threshold"
    )
    if st.button("Enregistrer le seuil", key="threshold_save", type="primary", disabled=value == current):
        svc.set_small_cell_threshold(int(value))
        ui.clear_caches()
        flash("success", f"Seuil enregistré : les effectifs inférieurs à {int(value)} sont désormais masqués.")
        st.rerun()
