"""The report's three themes, each from the queries, pure functions and chart builders of its page:
Orientations (pages/orientations.py), Couverture par quartier (pages/couverture.py), Engagement des parents
(pages/parents.py). Every count of children, families or forms goes through clas.domain.disclosure.
"""
# long module: one function per chapter of the annual report; to split by chapter (follow-up).

from __future__ import annotations

import pandas as pd

from clas.charts import coverage_map, empty_figure, priority_bars
from clas.charts import orientations as oc
from clas.charts.orientations import MONTHS_FR, SCHOOL_YEAR_MONTHS
from clas.domain import disclosure, glossary, vocab
from clas.metrics import coverage as cov
from clas.report import masking, sentences
from clas.report.model import Column, Figure, Hidden, Section, Table, Value
from clas.report.sources import source
from clas.store import db, geo


def _source(year: str, *queries: str) -> str:
    return source(year, *queries)


def _count(v, hidden: bool, t: int):
    # '< 5' only for a true small cell; a cell hidden to protect another says « masqué (secret statistique) »
    return Hidden(disclosure.hidden_text(v, t)) if hidden else (None if pd.isna(v) else int(v))


def _rate(v, hidden: bool):
    return Hidden(disclosure.RATE_HIDDEN) if hidden else (None if pd.isna(v) else float(v))


def _outcome_label(code: str) -> str:
    return "Non renseigné" if code == "non_renseigne" else vocab.label("outcome", code)


# --- Orientations ---------------------------------------------------------------------------------------


def outcomes_table(outcomes: pd.DataFrame, year: str, t: int) -> Table:
    wide, m = masking.outcomes(outcomes, t)
    cols = (
        [Column("Porteur", "text", 38)]
        + [Column(_outcome_label(c), "int", 13) for c in wide.columns]
        + [Column("Total", "int", 11)]
    )
    rows = [
        [p]
        + [_count(wide.at[p, c], m.hidden.at[p, c], t) for c in wide.columns]
        + [_count(m.row_total[p], m.row_total_hidden[p], t)]
        for p in wide.index
    ]
    rows.append(
        ["Ensemble"]
        + [_count(m.col_total[c], m.col_total_hidden[c], t) for c in wide.columns]
        + [_count(m.grand_total, m.grand_hidden, t)]
    )
    return Table(
        "suites-par-porteur",
        "Fiches d'orientation par porteur et suite donnée",
        cols,
        rows,
        _source(year, "outcomes_by_provider"),
        disclosure.note(t),
        {len(rows) - 1},
    )


def sources_table(flows: pd.DataFrame, year: str, t: int) -> Table:
    by = flows.fillna({"source": "inconnu"}).groupby("source")["forms"].sum().sort_values(ascending=False)
    mask, total_hidden = disclosure.suppress_counts(by, t)
    total = int(by.sum())
    rows = [
        [
            "Non renseigné" if s == "inconnu" else vocab.label("source", s),
            _count(n, mask[s], t),
            _rate(n / total if total else None, mask[s]),
        ]
        for s, n in by.items()
    ]
    rows.append(["Ensemble", _count(total, total_hidden, t), 1.0 if total else None])
    return Table(
        "qui-oriente",
        "Fiches d'orientation selon qui a orienté l'enfant",
        [Column("Orienté par", "text", 38), Column("Fiches", "int", 11), Column("Part", "pct", 11)],
        rows,
        _source(year, "orientation_flows"),
        disclosure.note(t),
        {len(rows) - 1},
    )


def criteria_overall(criteria: pd.DataFrame) -> pd.Series:
    """Share of all forms ticking each criterion, most ticked first (the order of the criteria chart)."""
    overall = criteria.groupby("criterion")["forms"].sum() / criteria.drop_duplicates("grade_band")["band_forms"].sum()
    return overall.sort_values(ascending=False)


def criteria_table(criteria: pd.DataFrame, year: str, t: int) -> Table:
    bands = [b for b in vocab.GRADE_BANDS if b in set(criteria["grade_band"])]
    band_forms = criteria.drop_duplicates("grade_band").set_index("grade_band")["band_forms"].reindex(bands)
    order = criteria_overall(criteria).index
    cells = criteria.set_index(["criterion", "grade_band"])
    rows = []
    for c in order:
        row = [vocab.label("criterion", c)]
        for b in bands:
            if (c, b) in cells.index:
                r = cells.loc[(c, b)]
                row.append(_rate(r["share"], masking.criterion_hidden(r["forms"], r["band_forms"], t)))
            else:
                row.append(0.0)
        rows.append(row)
    mask, _ = disclosure.suppress_counts(band_forms, t)
    rows.append(
        ["Fiches du niveau"]
        + [
            Hidden(disclosure.hidden_text(band_forms[b], t)) if mask[b] else Value(int(band_forms[b]), "int")
            for b in bands
        ]
    )
    cols = [Column("Critère coché", "text", 40)] + [Column(vocab.GRADE_BANDS[b], "pct", 13) for b in bands]
    return Table(
        "criteres",
        "Part des fiches où le critère est coché, par niveau",
        cols,
        rows,
        _source(year, "orientation_criteria"),
        "2 à 4 critères par fiche : les parts ne s'additionnent pas. " + disclosure.note(t),
        {len(rows) - 1},
    )


def months_table(months: pd.DataFrame, year: str, t: int) -> Table:
    counts, mask, total_hidden = masking.months(months, t)
    rows = [[MONTHS_FR[m - 1].capitalize(), _count(counts[m], mask[m], t)] for m in SCHOOL_YEAR_MONTHS]
    rows.append(["Ensemble (fiches datées)", _count(counts.sum(), total_hidden, t)])
    return Table(
        "mois",
        "Fiches d'orientation par mois",
        [Column("Mois", "text", 26), Column("Fiches", "int", 11)],
        rows,
        _source(year, "orientations_by_month"),
        disclosure.note(t),
        {len(rows) - 1},
    )


def delays_table(delays: pd.DataFrame, year: str, t: int) -> Table:
    per = delays[~delays["is_total"]].sort_values("median")
    mask, total_hidden = masking.delays(delays, t)
    rows = []
    for r in per.itertuples(index=False):
        h = bool(mask[r.provider])
        rows.append([r.provider, _count(r.children, h, t)] + [_rate(v, h) for v in (r.q1, r.median, r.q3)])
    total = delays[delays["is_total"]]
    if not total.empty:
        r = total.iloc[0]
        rows.append(
            ["Tous porteurs", _count(r["children"], total_hidden, t)]
            + [_rate(r[c], total_hidden) for c in ("q1", "median", "q3")]
        )
    cols = [
        Column("Porteur", "text", 38),
        Column("Enfants", "int", 10),
        Column("1er quartile (jours)", "dec1", 14),
        Column("Médiane (jours)", "dec1", 14),
        Column("3e quartile (jours)", "dec1", 14),
    ]
    return Table(
        "delais",
        "Délai entre l'orientation et l'entrée, par porteur",
        cols,
        rows,
        _source(year, "orientation_delay_by_provider"),
        "Enfants inscrits dont les deux dates sont connues. " + disclosure.note(t),
        {len(rows) - 1},
    )


def orientations(con, f: dict, t: int, ind: dict) -> Section:
    year = f["school_year"]
    flows = db.run(con, "orientation_flows", **f)
    criteria = db.run(con, "orientation_criteria", **f)
    months = db.run(con, "orientations_by_month", **f)
    outcomes = db.run(con, "outcomes_by_provider", **f)
    delays = db.run(con, "orientation_delay_by_provider", **f)
    t_outcomes = outcomes_table(outcomes, year, t)
    t_criteria = criteria_table(criteria, year, t)
    masked = "Les effectifs masqués dans les tableaux (secret statistique) ne sont pas dessinés."

    def shown(data: pd.DataFrame, full: pd.DataFrame, builder):
        return (
            empty_figure("Effectifs masqués (secret statistique).") if data.empty and not full.empty else builder(data)
        )

    figures = [
        Figure(
            "flux-orientations-origine-porteur-suite",
            "Des orientations aux suites données",
            "orientations",
            lambda: oc.sankey(flows, hidden_links=masking.sankey_hidden_links(flows, outcomes, t)),
            caption="Chaque fiche va de qui a orienté l'enfant au porteur, puis à la suite donnée. " + masked,
        ),
        Figure(
            "criteres-coches-par-niveau",
            "Critères cochés sur les fiches",
            "orientations",
            lambda: shown(masking.criteria_shown(criteria, t), criteria, oc.criteria_bars),
            caption=masked,
        ),
        Figure(
            "orientations-par-mois",
            "Orientations au fil de l'année",
            "orientations",
            lambda: shown(masking.months_shown(months, t), months, oc.monthly_bars),
            caption=masked,
        ),
        Figure(
            "suites-donnees-par-porteur",
            "Suites données par porteur",
            "orientations",
            lambda: shown(masking.outcomes_shown(outcomes, t), outcomes, oc.outcomes_stacked),
            caption=masked,
        ),
        Figure(
            "delai-orientation-entree-par-porteur",
            "Délai entre l'orientation et l'entrée",
            "orientations",
            lambda: oc.delay_boxes(masking.delays_shown(delays, t)),
            caption="La boîte va du premier au troisième quartile ; le trait central est la médiane. Porteurs "
            "d'au moins " + str(t) + " enfants (secret statistique).",
        ),
    ]
    waiting_col = _outcome_label("liste_attente")
    waiting_cells = t_outcomes.column(waiting_col) if waiting_col in [c.header for c in t_outcomes.columns] else []
    total_waiting = waiting_cells[-1] if waiting_cells else 0
    providers_waiting = sum(1 for v in waiting_cells[:-1] if isinstance(v, Hidden) or (v or 0) > 0)
    top = [(vocab.label("criterion", c), float(s)) for c, s in criteria_overall(criteria).head(3).items()]
    total_delay = delays.loc[delays["is_total"], "median"]
    said = [
        sentences.orientations(int(flows["forms"].sum()) if not flows.empty else None, ind["teacher_share"].value),
        sentences.waiting(None if isinstance(total_waiting, Hidden) else total_waiting, providers_waiting),
        sentences.top_criteria(top),
        sentences.delay(float(total_delay.iloc[0]) if len(total_delay) and pd.notna(total_delay.iloc[0]) else None),
    ]
    said = [s for s in said if s]
    return Section(
        "orientations",
        "Orientations",
        "Orientations",
        "Qui oriente les enfants vers le CLAS, sur quels critères, à quel moment, et ce que deviennent "
        "les fiches d'orientation.",
        said,
        [
            t_outcomes,
            sources_table(flows, year, t),
            t_criteria,
            months_table(months, year, t),
            delays_table(delays, year, t),
        ],
        figures,
        highlights=[x for x in said if x.startswith(("Faute de place", "Aucune fiche"))],
    )


# --- Couverture par quartier ----------------------------------------------------------------------------


def neighbourhood_table(nbh: pd.DataFrame, year: str, t: int) -> Table:
    rows = []
    for r in nbh.itertuples(index=False):
        qpv = "" if r.row_kind != "neighbourhood" else ("Oui" if bool(r.priority_area) else "Non")
        rows.append(
            [
                r.name,
                qpv,
                _count(r.children_followed, r.children_hidden, t),
                None if pd.isna(r.children_of_age) else int(r.children_of_age),
                _rate(r.coverage_rate, r.rate_hidden),
                _count(r.forms, r.forms_hidden, t),
                _count(r.waiting_list, r.waiting_hidden, t),
            ]
        )
    cols = [
        Column("Quartier", "text", 28),
        Column("QPV", "text", 6),
        Column(glossary.title("children_followed"), "int", 13),
        Column("Enfants de 6 à 14 ans", "int", 13),
        Column("Taux pour 100", "dec1", 11),
        Column(glossary.title("forms"), "int", 13),
        Column(glossary.title("waiting_list"), "int", 13),
    ]
    return Table(
        "quartiers",
        "Couverture par quartier",
        cols,
        rows,
        _source(year, "coverage_by_neighbourhood") + " Population : référentiel des quartiers.",
        "Taux : enfants accompagnés habitant le quartier pour 100 enfants de 6 à 14 ans qui y vivent ; "
        "« – » sans population de référence. " + disclosure.note(t),
        {i for i, r in enumerate(nbh["row_kind"]) if r == "total"},
    )


def groups_table(grp: pd.DataFrame, year: str, t: int) -> Table:
    rows = [
        [
            cov.GROUP_LABELS[r.area_group],
            _count(r.children_followed, r.children_hidden, t),
            None if pd.isna(r.children_of_age) else int(r.children_of_age),
            _rate(r.coverage_rate, r.rate_hidden),
        ]
        for r in grp.itertuples(index=False)
    ]
    cols = [
        Column("Quartiers", "text", 30),
        Column(glossary.title("children_followed"), "int", 13),
        Column("Enfants de 6 à 14 ans", "int", 13),
        Column("Taux pour 100", "dec1", 11),
    ]
    return Table(
        "qpv",
        "Quartiers prioritaires et autres quartiers",
        cols,
        rows,
        _source(year, "coverage_by_priority"),
        disclosure.note(t),
    )


def coverage(con, f: dict, t: int, ind: dict) -> Section:
    year = f["school_year"]
    nbh, grp = cov.suppress(db.run(con, "coverage_by_neighbourhood", **f), db.run(con, "coverage_by_priority", **f), t)
    sites = db.run(con, "provider_sites", **f)
    age = cov.age_label(None)
    figures = []
    try:
        shapes = geo.load_contours()
    except geo.ContoursError:
        shapes = None
    if shapes is not None:
        centre, zoom = geo.view(shapes, 820, 560)
        figures.append(
            Figure(
                "carte-couverture-par-quartier",
                "Enfants accompagnés pour 100 enfants de 6 à 14 ans",
                "couverture",
                lambda: coverage_map(
                    cov.map_data(nbh, "rate", t, age), shapes, sites, "rate", centre, zoom, height=560
                ),
                height=560,
                raster_in_pdf=True,
                caption="Quartiers prioritaires cerclés de noir ; points : sites des porteurs.",
            )
        )
    figures.append(
        Figure(
            "couverture-quartiers-prioritaires-et-autres",
            "Quartiers prioritaires et autres quartiers",
            "couverture",
            lambda: priority_bars(cov.group_bars(grp, t), unit=f"pour 100 enfants de {age}"),
        )
    )
    g = grp.set_index("area_group")
    rate = {
        k: None if g.at[k, "rate_hidden"] or pd.isna(g.at[k, "coverage_rate"]) else float(g.at[k, "coverage_rate"])
        for k in ("priority", "other")
    }
    zero = nbh[(nbh["row_kind"] == "neighbourhood") & (nbh["children_followed"] == 0)]["name"].tolist()
    c = ind["coverage_rate"]
    said = [
        s
        for s in (
            sentences.change(sentences.SUBJECTS["coverage_rate"], c.previous, c.value, "rate100"),
            sentences.coverage_groups(rate["priority"], rate["other"]),
            sentences.zero_neighbourhoods(zero),
        )
        if s
    ]
    highlights = [s for s in (sentences.coverage_groups(rate["priority"], rate["other"]),) if s]
    return Section(
        "couverture",
        "Couverture par quartier",
        "Couverture",
        f"Où vivent les enfants accompagnés, rapportés aux enfants de {age} de chaque quartier.",
        said,
        [neighbourhood_table(nbh, year, t), groups_table(grp, year, t)],
        figures,
        highlights,
    )
