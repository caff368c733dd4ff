"""Parent engagement across units (providers or neighbourhoods): what the Parents page shows, as pure
functions of queries/parent_reach_by_unit.sql (school_year, unit, families, reached, welcomed).

Disclosure (issue 9): a rate over fewer families than the small-cell threshold is a small cell too (1 of 3
is 33,3 %), and so is a funnel point's position (x is the number of families). So every public output (élu
pages, annual report) goes through `published`: units under the threshold are pooled into one
« Petites unités regroupées » point when they reach the threshold together, else left out; the funnel, the
table, the welcome-interview chart and their overall rates are all computed over the published units only
(an overall rate that included a left-out unit would give its counts back by difference), and the page says
how many units were pooled or left out. The service sees every unit (public=False).
Unevenness measures leave out units below the threshold (their rates are mostly noise: 0 % or 100 % of
3 families) and need at least MIN_UNITS units (with two, the CV is 1,00 as soon as one rate is 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clas.domain import disclosure, fmt, glossary, stats

POOLED = "Petites unités regroupées"
MIN_UNITS = 3
NETWORK_MIN_PROVIDERS = 5  # the network's quartiles are shown to a porteur over at least this many providers


@dataclass(frozen=True)
class Published:
    """The units a view may show: per unit families, reached, welcomed (index: unit name)."""

    units: pd.DataFrame
    pooled: int  # small units merged into the POOLED row (0: none)
    left_out: int  # small units not shown at all (too few families even together)
    threshold: int
    public: bool

    def note(self, unit_word: str = "porteurs") -> str | None:
        """One line saying what was pooled or left out (None when nothing was)."""
        t = self.threshold
        parts = []
        if self.pooled:
            parts.append(
                f"{self.pooled} {unit_word} de moins de {t} familles sont regroupés en un seul point « {POOLED} »"
            )
        if self.left_out:
            parts.append(
                f"{self.left_out} {unit_word} de moins de {t} familles, trop peu nombreuses même ensemble, "
                "ne sont pas représentés (ni dans le taux d'ensemble)"
            )
        return ("Secret statistique : " + " ; ".join(parts) + ".") if parts else None


def year_units(reach: pd.DataFrame, year: str | None) -> pd.DataFrame:
    """Per unit with families in `year` (all years when None): families, reached, welcomed, largest first."""
    d = reach if year is None else reach[reach["school_year"] == year]
    d = d.groupby("unit")[["families", "reached", "welcomed"]].sum()
    return d[d["families"] > 0].sort_values("families", ascending=False)


def published(reach: pd.DataFrame, year: str | None, t: int, public: bool = True) -> Published:
    """The units of `year` a view may show (see the module docstring)."""
    d = year_units(reach, year)
    if not public:
        return Published(d, 0, 0, t, False)
    small = d["families"] < t
    big, few = d[~small], d[small]
    pooled = left_out = 0
    if len(few) and few["families"].sum() >= t:
        row = few.sum().to_frame(POOLED).T.astype(d.dtypes.to_dict())
        big, pooled = pd.concat([big, row]), len(few)
    else:
        left_out = len(few)
    return Published(big, pooled, left_out, t, True)


def year_funnel(
    reach: pd.DataFrame, year: str | None, correct_overdispersion: bool = False, t: int = 1, public: bool = False
) -> stats.Funnel:
    """The funnel of the published units; a unit under t families is never flagged."""
    return funnel_of(published(reach, year, t, public), correct_overdispersion)


def funnel_of(pub: Published, correct_overdispersion: bool = False) -> stats.Funnel:
    units = pub.units.reset_index(names="unit")[["unit", "reached", "families"]]
    return stats.funnel(
        units.rename(columns={"reached": "events", "families": "n"}), correct_overdispersion, min_n=pub.threshold
    )


def overall(units: pd.DataFrame, column: str = "reached") -> float:
    """The « Ensemble » rate of a table of units: the funnel's p0 for 'reached' (stats.rate, one definition)."""
    return stats.rate(units[column].sum(), units["families"].sum())


def flagged(f: stats.Funnel) -> dict[str, list[str]]:
    """Units outside the 99.8 % limits, by side, highest rate first."""
    if f.units.empty:
        return {stats.ABOVE: [], stats.BELOW: []}
    u = f.units[f.units["unit"] != POOLED].sort_values("rate", ascending=False)
    return {side: u.loc[u["flag"] == side, "unit"].tolist() for side in (stats.ABOVE, stats.BELOW)}


def flag_sentences(f: stats.Funnel, unit_word: str = "porteurs") -> list[str]:
    """The units a reader must not miss, named: « Au-dessus de la limite à 99,8 % : A, B. »"""
    names = flagged(f)
    out = []
    for side, text in (
        (stats.ABOVE, "Au-dessus de la limite à 99,8 %"),
        (stats.BELOW, "En dessous de la limite à 99,8 %"),
    ):
        if names[side]:
            out.append(f"{text} : {', '.join(names[side])}.")
    if not out and not f.units.empty:
        why = (
            "la variation ordinaire entre unités, une fois la surdispersion prise en compte"
            if f.phi_used > 1
            else "le hasard"
        )
        out.append(
            f"Aucun des {unit_word} n'est en dehors des limites à 99,8 % : leurs écarts au taux d'ensemble "
            f"restent compatibles avec {why}."
        )
    return out


def dispersion_sentence(f: stats.Funnel, correcting: bool) -> str | None:
    d = f.dispersion
    if d.df < 2 or d.phi != d.phi:
        return None
    phi = fmt.number(d.phi, 2)
    if d.applied and correcting:
        return (
            f"Surdispersion corrigée (φ = {phi}) : les limites sont élargies d'un facteur "
            f"{fmt.number(d.phi**0.5, 2)}, seuls les écarts que la variation entre unités n'explique pas "
            "restent signalés."
        )
    if d.applied:
        return (
            f"Les taux varient plus que le seul hasard ne l'expliquerait (surdispersion, φ = {phi}) : les "
            "pratiques des unités diffèrent réellement. « Corriger la surdispersion » élargit les limites "
            "pour "
            "ne signaler que les écarts qui dépassent cette variation ordinaire entre unités."
        )
    return f"Pas de surdispersion significative (φ = {phi})."


def unevenness_by_year(reach: pd.DataFrame, min_families: int) -> pd.DataFrame:
    """Min, max, range, ratio, CV and Gini of the units' reached rates, per school year, over the units with
    at least min_families families; a year with fewer than MIN_UNITS such units gets its count of units and
    no measure (NaN)."""
    rows = []
    for year, d in reach.groupby("school_year", sort=True):
        d = d.groupby("unit")[["reached", "families"]].sum()
        d = d[d["families"] >= max(1, min_families)]
        rates = d["reached"] / d["families"]
        u = stats.unevenness(rates if len(d) >= MIN_UNITS else rates.iloc[:0])
        u = u if len(d) >= MIN_UNITS else stats.Unevenness(len(d), *[float("nan")] * 6)
        rows.append(
            {
                "school_year": year,
                "units": u.units,
                "minimum": u.minimum,
                "maximum": u.maximum,
                "range": u.range,
                "ratio": u.ratio,
                "cv": u.cv,
                "gini": u.gini,
            }
        )
    return pd.DataFrame(rows, columns=["school_year", "units", "minimum", "maximum", "range", "ratio", "cv", "gini"])


def year_delta(uneven: pd.DataFrame, year: str, col: str, decimals: int = 2) -> str | None:
    """Change of a measure since the previous year that had one (at least two units), as text for
    st.metric: ASCII '-' for a fall so Streamlit draws the arrow the right way."""
    cur = uneven[uneven["school_year"] == year]
    prev = uneven[(uneven["school_year"] < year) & (uneven["units"] >= MIN_UNITS)].tail(1)
    if cur.empty or prev.empty or pd.isna(cur[col].iloc[0]) or pd.isna(prev[col].iloc[0]):
        return None
    d = float(cur[col].iloc[0] - prev[col].iloc[0])
    return ("-" if d < 0 else "+") + fmt.number(abs(d), decimals) + f" depuis {prev['school_year'].iloc[0]}"


def unit_counts(reach: pd.DataFrame, year: str | None, t: int = 1, public: bool = False) -> pd.DataFrame:
    """Per published unit, largest first, as numbers: families, reached, welcomed, share (reached /
    families), welcome_share; the rows of counts_table (the page) and of the annual report's table."""
    d = published(reach, year, t, public).units
    return d.assign(
        share=[stats.rate(a, b) for a, b in zip(d["reached"], d["families"])],
        welcome_share=[stats.rate(a, b) for a, b in zip(d["welcomed"], d["families"])],
    )


def counts_table(reach: pd.DataFrame, year: str | None, threshold: int, public: bool = True) -> pd.DataFrame:
    """Per published unit, as French text: families, share reached and share welcomed; then a total row
    with the two overall shares only (over the same units, by the same function as the funnel's p0). No
    count total is published on this page, so there is nothing to difference against. For the service
    (public=False) every unit is listed and the families of a small one say '< 5'."""
    d = unit_counts(reach, year, threshold, public)
    cols = ["unit", "families", "share", "welcome_share"]
    if d.empty:
        return pd.DataFrame(columns=cols)
    rows = [
        {
            "unit": unit,
            "families": disclosure.cell_text(
                r["families"], disclosure.is_small(r["families"], threshold), threshold, fmt.number
            ),
            "share": fmt.percent(r["share"]),
            "welcome_share": fmt.percent(r["welcome_share"]),
        }
        for unit, r in d.iterrows()
    ]
    rows.append(
        {
            "unit": "Ensemble",
            "families": "",
            "share": fmt.percent(overall(d)),
            "welcome_share": fmt.percent(overall(d, "welcomed")),
        }
    )
    return pd.DataFrame(rows, columns=cols)


def overall_sentence(p0: float, key_value: float | None, year: str) -> str:
    """Why the funnel's overall rate is not the key indicator « Familles touchées » (issue 9, defect 5)."""
    same = f" ({fmt.percent(key_value)} en {year})" if key_value is not None else ""
    return (
        f"Taux d'ensemble : {fmt.percent(p0)} des {glossary.title('enrolments').lower()} (un enfant suivi par "
        f"deux porteurs compte pour chacun) ; l'indicateur clé « {glossary.title('families_reached_share')} »"
        f"{same} compte chaque enfant une seule fois."
    )


# --- a porteur against the network (without learning about any other provider) --------------------------


def network_position(own_rate: float, network: pd.Series | dict | None) -> str | None:
    """Where a porteur's own rate sits in the network's anonymised distribution, in French.

    network: one row of queries/parent_reach_network.sql (overall, q1, median, q3, providers). Returns None
    when the network figures are withheld (fewer than the minimum of providers). Reusable by « Mon espace »."""
    if network is None or pd.isna(network.get("median")) or own_rate is None or pd.isna(own_rate):
        return None
    q1, med, q3 = (float(network[k]) for k in ("q1", "median", "q3"))
    if own_rate < q1:
        where = "dans le quart des porteurs aux taux les plus bas"
    elif own_rate < med:
        where = "entre le premier quartile et la médiane du réseau"
    elif own_rate < q3:
        where = "entre la médiane et le troisième quartile du réseau"
    else:
        where = "dans le quart des porteurs aux taux les plus hauts"
    return (
        f"Votre taux, {fmt.percent(own_rate)}, se situe {where} (ensemble du réseau : "
        f"{fmt.percent(float(network['overall']))} ; quartiles des porteurs : {fmt.percent(q1)}, "
        f"{fmt.percent(med)}, {fmt.percent(q3)})."
    )
