"""Coverage by neighbourhood: small-cell suppression and the French texts of the table, map and bars.

Pure functions on the results of queries/coverage_by_neighbourhood.sql and coverage_by_priority.sql (no
Streamlit here). Children followed are tied by published sub-totals (neighbourhoods -> priority areas or
not -> territory, with the unknown neighbourhood line), so they go through disclosure.suppress_linear;
forms and waiting lists only add up to their total line (disclosure.suppress_counts). A rate is hidden
with its count (the population is public, so the rate would give the count back).
"""
from __future__ import annotations

import pandas as pd

from clas import disclosure, fmt

GROUP_LABELS = {"priority": "Quartiers prioritaires (QPV)", "other": "Autres quartiers"}


def rate_text(value) -> str:
    return "–" if pd.isna(value) else fmt.number(value, 1)


def suppress(by_nbh: pd.DataFrame, by_group: pd.DataFrame, t: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two query results with hidden flags: children_hidden, rate_hidden, forms_hidden,
    waiting_hidden (rows), and children_hidden, rate_hidden (groups)."""
    nbh = by_nbh.reset_index(drop=True).copy()
    grp = by_group.set_index("area_group").reindex(["priority", "other"]).copy()
    grp["children_followed"] = grp["children_followed"].fillna(0)
    keys = [f"row{i}" for i in nbh.index]
    cells = pd.Series(list(nbh["children_followed"]) + list(grp["children_followed"]),
                      index=keys + ["priority", "other"], dtype=float)
    is_nbh = nbh["row_kind"] == "neighbourhood"
    prio = nbh["priority_area"].fillna(False).astype(bool)
    unknown = keys[nbh.index[nbh["row_kind"] == "unknown"][0]] if (nbh["row_kind"] == "unknown").any() else None
    total = keys[nbh.index[nbh["row_kind"] == "total"][0]]
    equations = [
        {**{keys[i]: 1 for i in nbh.index[is_nbh & prio]}, "priority": -1},
        {**{keys[i]: 1 for i in nbh.index[is_nbh & ~prio]}, "other": -1},
        {"priority": 1, "other": 1, total: -1, **({unknown: 1} if unknown else {})},
    ]
    hidden = disclosure.suppress_linear(cells, equations, t)
    nbh["children_hidden"] = hidden[keys].to_numpy()
    grp["children_hidden"] = hidden[["priority", "other"]].to_numpy()
    lines = nbh["row_kind"] != "total"
    for column, flag in (("forms", "forms_hidden"), ("waiting_list", "waiting_hidden")):
        mask, total_hidden = disclosure.suppress_counts(nbh.loc[lines, column], t)
        nbh[flag] = False
        nbh.loc[lines, flag] = mask.to_numpy()
        nbh.loc[~lines, flag] = total_hidden
    # An undefined rate (no population) tells nothing: it stays '–' even when its count is hidden.
    nbh["rate_hidden"] = nbh["children_hidden"] & nbh["coverage_rate"].notna()
    grp["rate_hidden"] = grp["children_hidden"] & grp["coverage_rate"].notna()
    return nbh, grp.reset_index()


def table_rows(nbh: pd.DataFrame, t: int) -> pd.DataFrame:
    """The neighbourhood table as French text: hidden counts '< 5', undefined rates '–'."""
    hid = disclosure.label(t)

    def count(col, flag):
        return [hid if h else fmt.number(v) for v, h in zip(nbh[col], nbh[flag])]

    name = [f"{n} (QPV)" if (not pd.isna(p) and bool(p)) else n
            for n, p in zip(nbh["name"], nbh["priority_area"])]
    return pd.DataFrame({
        "name": name,
        "children_followed": count("children_followed", "children_hidden"),
        "children_of_age": [fmt.number(v) for v in nbh["children_of_age"]],
        "coverage_rate": [disclosure.RATE_HIDDEN if h else rate_text(v)
                          for v, h in zip(nbh["coverage_rate"], nbh["rate_hidden"])],
        "forms": count("forms", "forms_hidden"),
        "waiting_list": count("waiting_list", "waiting_hidden"),
    })


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
            lines.append(f"Enfants accompagnés : effectif {disclosure.label(t)} (secret statistique)")
        else:
            lines.append(f"Enfants accompagnés : {fmt.number(r['children_followed'])}")
        lines.append(f"Enfants de {age_label} : {fmt.number(r['children_of_age'])}")
        if status == "shown" or measure == "count":
            if not r["rate_hidden"]:
                lines.append(f"Taux : {rate_text(r['coverage_rate'])} pour 100"
                             if not pd.isna(r["coverage_rate"]) else f"Taux : – (aucun enfant de {age_label})")
        elif status == "undefined":
            lines.append(f"Taux : – (aucun enfant de {age_label} recensé)")
        out.append({"code": r["code"], "name": r["name"], "priority_area": bool(r["priority_area"]),
                    "value": value, "status": status, "hover": "<br>".join(lines)})
    return pd.DataFrame(out, columns=["code", "name", "priority_area", "value", "status", "hover"])


def group_bars(grp: pd.DataFrame, t: int) -> pd.DataFrame:
    """Priority areas vs others: label, rate (NaN when hidden or undefined), text."""
    return pd.DataFrame({
        "label": [GROUP_LABELS[g] for g in grp["area_group"]],
        "rate": [float("nan") if h else r for r, h in zip(grp["coverage_rate"], grp["rate_hidden"])],
        "text": [f"{disclosure.RATE_HIDDEN} (effectif {disclosure.label(t)})" if h else rate_text(r) + (" pour 100" if not pd.isna(r) else "")
                 for r, h in zip(grp["coverage_rate"], grp["rate_hidden"])],
    })


def age_label(grade_band: str | None) -> str:
    """The age range of the population the rate is computed against, for the chosen grade band."""
    return {"elementaire": "6 à 10 ans", "college": "11 à 14 ans", "lycee": "15 à 17 ans"}.get(grade_band or "",
                                                                                             "6 à 14 ans")
