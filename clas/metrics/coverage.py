"""Coverage by neighbourhood: small-cell suppression and the French texts of the table, map and bars.

Pure functions on the results of queries/coverage_by_neighbourhood.sql and coverage_by_priority.sql (no
Streamlit here). Children followed are tied by published sub-totals (neighbourhoods -> priority areas or
not -> territory, with the unknown neighbourhood line), so they go through disclosure.suppress_linear;
forms and waiting lists only add up to their total line (disclosure.suppress_counts). A rate is hidden
with its count (the population is public, so the rate would give the count back).
"""

from __future__ import annotations

import pandas as pd

from clas.domain import disclosure, fmt

GROUP_LABELS = {"priority": "Quartiers prioritaires (QPV)", "other": "Autres quartiers"}


def rate_text(value) -> str:
    return "–" if pd.isna(value) else fmt.number(value, 1)


def suppress(by_nbh: pd.DataFrame, by_group: pd.DataFrame, t: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two query results with hidden flags: children_hidden, rate_hidden, forms_hidden,
    waiting_hidden (rows), and children_hidden, rate_hidden (groups).

    Children followed: the neighbourhood lines and the unknown line add up to the total, which stays shown
    (the landing page publishes it). Group rates are shown rounded to 0,1 pour 100; a group, or the
    territory's rate, enters the equations only when its rounded rate gives its count back exactly
    (a small population): otherwise it publishes an interval, not the count.
    """
    nbh = by_nbh.reset_index(drop=True).copy()
    nbh["children_followed"] = nbh["children_followed"].astype(float)
    grp = by_group.set_index("area_group").reindex(["priority", "other"]).copy()
    grp["children_followed"] = grp["children_followed"].fillna(0)
    kind = nbh["row_kind"]
    lines = [f"row{i}" for i in nbh.index[kind != "total"]]
    total = f"row{nbh.index[kind == 'total'][0]}"
    cells = {f"row{i}": v for i, v in zip(nbh.index, nbh["children_followed"])}
    equations = [{**{k: 1 for k in lines}, total: -1}]
    is_nbh = kind == "neighbourhood"
    prio = nbh["priority_area"].fillna(False).astype(bool)
    # The groups' counts are published (the annual report's « Quartiers prioritaires et autres quartiers »
    # table), so they always enter the equations, whatever the rounding of their rates on the page.
    for g, members in (("priority", is_nbh & prio), ("other", is_nbh & ~prio)):
        cells[g] = grp.loc[g, "children_followed"]
        equations.append({**{f"row{i}": 1 for i in nbh.index[members]}, g: -1})
    known = nbh.loc[is_nbh, "children_followed"].sum()
    if disclosure.rate_pins_count(known, nbh.loc[kind == "total", "children_of_age"].iloc[0]):
        cells["known"] = known
        equations.append({**{f"row{i}": 1 for i in nbh.index[is_nbh]}, "known": -1})
    # The "neighbourhood not given" line is a count of children like any other (issue 9: « Quartier non
    # renseigné : 1 » was also 704 − 501 − 202): small, it is hidden, and whatever would give it back too.
    hidden = disclosure.suppress_linear(pd.Series(cells, dtype=float), equations, t, keep={total})
    nbh["children_hidden"] = [bool(hidden[f"row{i}"]) for i in nbh.index]
    grp["children_hidden"] = [bool(hidden.get(g, False)) for g in grp.index]
    for column, flag in (("forms", "forms_hidden"), ("waiting_list", "waiting_hidden")):
        mask, total_hidden = disclosure.suppress_counts(nbh.loc[kind != "total", column], t)
        nbh[flag] = False
        nbh.loc[kind != "total", flag] = mask.to_numpy()
        nbh.loc[kind == "total", flag] = total_hidden
    # An undefined rate (no population) tells nothing: it stays '–' even when its count is hidden.
    nbh["rate_hidden"] = nbh["children_hidden"] & nbh["coverage_rate"].notna()
    nbh.loc[kind == "total", "rate_hidden"] = bool(hidden.get("known", False))
    grp["rate_hidden"] = grp["children_hidden"] & grp["coverage_rate"].notna()
    return nbh, grp.reset_index()


def table_rows(nbh: pd.DataFrame, t: int) -> pd.DataFrame:
    """The neighbourhood table as French text: hidden counts '< 5', undefined rates '–'."""

    def count(col, flag):
        return [disclosure.cell_text(v, h, t, fmt.number) for v, h in zip(nbh[col], nbh[flag])]

    name = [f"{n} (QPV)" if (not pd.isna(p) and bool(p)) else n for n, p in zip(nbh["name"], nbh["priority_area"])]
    return pd.DataFrame(
        {
            "name": name,
            "children_followed": count("children_followed", "children_hidden"),
            "children_of_age": [fmt.number(v) for v in nbh["children_of_age"]],
            "coverage_rate": [
                disclosure.RATE_HIDDEN if h else rate_text(v) for v, h in zip(nbh["coverage_rate"], nbh["rate_hidden"])
            ],
            "forms": count("forms", "forms_hidden"),
            "waiting_list": count("waiting_list", "waiting_hidden"),
        }
    )


def map_data(nbh: pd.DataFrame, measure: str, t: int, age_label: str = "6 à 14 ans") -> pd.DataFrame:
    """One row per neighbourhood for the map: code, name, priority_area, value (NaN when not shown),
    status ('shown' | 'hidden' | 'undefined') and the French hover text."""
    rows = nbh[nbh["row_kind"] == "neighbourhood"]
    out = []
    for _, r in rows.iterrows():
        if r["children_hidden"]:
            status, value = "hidden", float("nan")
        elif measure == "rate" and pd.isna(r["coverage_rate"]):
            status, value = "undefined", float("nan")
        else:
            status = "shown"
            value = float(r["coverage_rate"] if measure == "rate" else r["children_followed"])
        lines = [f"<b>{r['name']}</b>" + (" — quartier prioritaire (QPV)" if r["priority_area"] else "")]
        if status == "hidden":
            text = disclosure.cell_text(r["children_followed"], True, t, fmt.number)
            lines.append(
                "Enfants accompagnés : " + text + ("" if text == disclosure.MASKED else " (secret statistique)")
            )
        else:
            lines.append(f"Enfants accompagnés : {fmt.number(r['children_followed'])}")
        lines.append(f"Enfants de {age_label} : {fmt.number(r['children_of_age'])}")
        if status == "shown" or measure == "count":
            if not r["rate_hidden"]:
                lines.append(
                    f"Taux : {rate_text(r['coverage_rate'])} pour 100"
                    if not pd.isna(r["coverage_rate"])
                    else f"Taux : – (aucun enfant de {age_label})"
                )
        elif status == "undefined":
            lines.append(f"Taux : – (aucun enfant de {age_label} recensé)")
        out.append(
            {
                "code": r["code"],
                "name": r["name"],
                "priority_area": bool(r["priority_area"]),
                "value": value,
                "status": status,
                "hover": "<br>".join(lines),
            }
        )
    return pd.DataFrame(out, columns=["code", "name", "priority_area", "value", "status", "hover"])


def group_bars(grp: pd.DataFrame, t: int) -> pd.DataFrame:
    """Priority areas vs others: label, rate (NaN when hidden or undefined), text."""
    return pd.DataFrame(
        {
            "label": [GROUP_LABELS[g] for g in grp["area_group"]],
            # rounded as shown: the exact rate would give the count back (the population is public)
            "rate": [
                float("nan") if h or pd.isna(r) else round(float(r), 1)
                for r, h in zip(grp["coverage_rate"], grp["rate_hidden"])
            ],
            "text": [
                disclosure.MASKED if h else rate_text(r) + ("" if pd.isna(r) else " pour 100")
                for r, h in zip(grp["coverage_rate"], grp["rate_hidden"])
            ],
        }
    )


def age_label(grade_band: str | None) -> str:
    """The age range of the population the rate is computed against, for the chosen grade band."""
    return {"elementaire": "6 à 10 ans", "college": "11 à 14 ans", "lycee": "15 à 17 ans"}.get(
        grade_band or "", "6 à 14 ans"
    )
