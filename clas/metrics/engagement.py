"""Parent engagement across units (providers or neighbourhoods): what the Parents page shows, as pure
functions of queries/parent_reach_by_unit.sql (school_year, unit, families, reached, welcomed).

Disclosure choice (domain.md): the funnel plot is a comparison of *rates*, and its whole point is to show
that a small unit's rate is fragile, so every unit is drawn, small ones included; what is withheld below
the small-cell threshold is the *count* of families (the hover and the table say "< 5"). Known limit: a
point's horizontal position still shows its size to a careful reader; a public role that must not see it
should drop units below the threshold from the chart (the access-control issue).
Unevenness measures leave out units below the threshold: their rates are mostly noise (0 % or 100 % of
3 families) and would swamp the Gini and the ratio.
"""
from __future__ import annotations

import pandas as pd

from clas.domain import disclosure, fmt, stats


def year_funnel(reach: pd.DataFrame, year: str | None, correct_overdispersion: bool = False) -> stats.Funnel:
    d = reach if year is None else reach[reach["school_year"] == year]
    units = d.groupby("unit", as_index=False)[["reached", "families"]].sum()
    return stats.funnel(units.rename(columns={"reached": "events", "families": "n"}), correct_overdispersion)


def flagged(f: stats.Funnel) -> dict[str, list[str]]:
    """Units outside the 99.8 % limits, by side, highest rate first."""
    u = f.units.sort_values("rate", ascending=False)
    return {side: u.loc[u["flag"] == side, "unit"].tolist() for side in (stats.ABOVE, stats.BELOW)}


def flag_sentences(f: stats.Funnel, unit_word: str = "porteurs") -> list[str]:
    """The units a reader must not miss, named: « Au-dessus de la limite à 99,8 % : A, B. »"""
    names = flagged(f)
    out = []
    for side, text in ((stats.ABOVE, "Au-dessus de la limite à 99,8 %"),
                       (stats.BELOW, "En dessous de la limite à 99,8 %")):
        if names[side]:
            out.append(f"{text} : {', '.join(names[side])}.")
    if not out and not f.units.empty:
        why = ("la variation ordinaire entre unités, une fois la surdispersion prise en compte" if f.phi_used > 1
               else "le hasard")
        out.append(f"Aucun des {unit_word} n'est en dehors des limites à 99,8 % : leurs écarts au taux d'ensemble "
                   f"restent compatibles avec {why}.")
    return out


def dispersion_sentence(f: stats.Funnel, correcting: bool) -> str | None:
    d = f.dispersion
    if d.df < 2 or d.phi != d.phi:
        return None
    phi = fmt.number(d.phi, 2)
    if d.applied and correcting:
        return (f"Surdispersion corrigée (φ = {phi}) : les limites sont élargies d'un facteur "
                f"{fmt.number(d.phi ** 0.5, 2)}, seuls les écarts que la variation entre unités n'explique pas "
                "restent signalés.")
    if d.applied:
        return (f"Les taux varient plus que le seul hasard ne l'expliquerait (surdispersion, φ = {phi}) : les "
                "pratiques des unités diffèrent réellement. « Corriger la surdispersion » élargit les limites "
                "pour "
                "ne signaler que les écarts qui dépassent cette variation ordinaire entre unités.")
    return f"Pas de surdispersion significative (φ = {phi})."


def unevenness_by_year(reach: pd.DataFrame, min_families: int) -> pd.DataFrame:
    """Min, max, range, ratio, CV and Gini of the units' reached rates, per school year, over the units with
    at least min_families families."""
    rows = []
    for year, d in reach.groupby("school_year", sort=True):
        d = d.groupby("unit")[["reached", "families"]].sum()
        d = d[d["families"] >= max(1, min_families)]
        u = stats.unevenness(d["reached"] / d["families"])
        rows.append({"school_year": year, "units": u.units, "minimum": u.minimum, "maximum": u.maximum,
                     "range": u.range, "ratio": u.ratio, "cv": u.cv, "gini": u.gini})
    return pd.DataFrame(rows, columns=["school_year", "units", "minimum", "maximum", "range", "ratio", "cv", "gini"])


def year_delta(uneven: pd.DataFrame, year: str, col: str, decimals: int = 2) -> str | None:
    """Change of a measure since the previous year that had one (at least two units), as text for
    st.metric: ASCII '-' for a fall so Streamlit draws the arrow the right way."""
    cur = uneven[uneven["school_year"] == year]
    prev = uneven[(uneven["school_year"] < year) & (uneven["units"] >= 2)].tail(1)
    if cur.empty or prev.empty or pd.isna(cur[col].iloc[0]) or pd.isna(prev[col].iloc[0]):
        return None
    d = float(cur[col].iloc[0] - prev[col].iloc[0])
    return ("-" if d < 0 else "+") + fmt.number(abs(d), decimals) + f" depuis {prev['school_year'].iloc[0]}"


def unit_counts(reach: pd.DataFrame, year: str | None) -> pd.DataFrame:
    """Per unit with families, largest first, as numbers: families, reached, welcomed, share (reached /
    families), welcome_share; the rows of counts_table (the page) and of the annual report's table."""
    d = reach if year is None else reach[reach["school_year"] == year]
    d = d.groupby("unit")[["families", "reached", "welcomed"]].sum()
    d = d[d["families"] > 0].sort_values("families", ascending=False)
    return d.assign(share=d["reached"] / d["families"], welcome_share=d["welcomed"] / d["families"])


def counts_table(reach: pd.DataFrame, year: str | None, threshold: int) -> pd.DataFrame:
    """Per unit, as French text: families (hidden below the threshold, as in the funnel's hover), share
    reached and share welcomed; then a total row with the two overall shares only. No count total is
    published on this page, so there is nothing to difference against and no secondary suppression is
    needed; the shares are the published statistic (they are drawn in the funnel anyway)."""
    d = unit_counts(reach, year)
    cols = ["unit", "families", "share", "welcome_share"]
    if d.empty:
        return pd.DataFrame(columns=cols)
    rows = [{"unit": unit,
             "families": disclosure.cell_text(r["families"], disclosure.is_small(r["families"], threshold),
                                              threshold, fmt.number),
             "share": fmt.percent(r["share"]),
             "welcome_share": fmt.percent(r["welcome_share"])} for unit, r in d.iterrows()]
    rows.append({"unit": "Ensemble", "families": "",
                 "share": fmt.percent(d["reached"].sum() / d["families"].sum()),
                 "welcome_share": fmt.percent(d["welcomed"].sum() / d["families"].sum())})
    return pd.DataFrame(rows, columns=cols)
