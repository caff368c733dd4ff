"""What a porteur's own page (« Mon espace ») computes: the state of its files, what the city still
expects from it, and where its parent-engagement rate stands in the network — anonymised: the network's
overall rate and quartiles only, never another provider's name or figure.

Pure functions on query results (no Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clas.domain import fmt

MIN_UNITS = 5  # fewer comparable providers than this: no quartiles (each would nearly be one provider)
EXPECTED_FILLED = 0.9  # a field filled on fewer rows than this is asked for in the next file


@dataclass(frozen=True)
class Position:
    own: float  # the porteur's own rate (0-1)
    network: float  # all families of the network together
    q1: float | None  # quartiles of the providers' rates (None when too few providers)
    median: float | None
    q3: float | None
    units: int  # providers compared (with at least `threshold` families)

    def sentence(self, what: str) -> str:
        own = fmt.percent(self.own, 0)
        text = f"{what} : {own} chez vous, {fmt.percent(self.network, 0)} pour l'ensemble du réseau."
        if self.q1 is None:
            return text + " Trop peu de porteurs comparables pour situer votre taux parmi eux."
        if self.own >= self.q3:
            where = "parmi le quart des porteurs aux taux les plus hauts"
        elif self.own >= self.median:
            where = "au-dessus du taux médian des porteurs"
        elif self.own >= self.q1:
            where = "en dessous du taux médian des porteurs"
        else:
            where = "parmi le quart des porteurs aux taux les plus bas"
        return (
            f"{text} Vous êtes {where} (la moitié des porteurs est entre {fmt.percent(self.q1, 0)} et "
            f"{fmt.percent(self.q3, 0)} ; {self.units} porteurs comparés)."
        )


def position(reach: pd.DataFrame, provider: str, year: str, threshold: int, column: str = "reached") -> Position | None:
    """The provider's rate (`column` / families) against the network for a school year.

    reach: parent_reach_by_unit at the provider level, unscoped (every provider). The network rate counts
    every family; quartiles are over the providers with at least `threshold` families (the small-cell rule:
    a smaller provider's rate is not used), computed only from `MIN_UNITS` providers up, so that no
    quartile is one provider's figure in disguise. None when the provider has no family this year."""
    year_rows = reach[reach["school_year"] == year]
    own = year_rows[year_rows["unit"] == provider]
    if own.empty or int(own["families"].iloc[0]) == 0:
        return None
    own_rate = float(own[column].iloc[0]) / float(own["families"].iloc[0])
    network = float(year_rows[column].sum()) / float(year_rows["families"].sum())
    sized = year_rows[year_rows["families"] >= threshold]
    rates = (sized[column] / sized["families"]).astype(float)
    if len(rates) < MIN_UNITS:
        return Position(own_rate, network, None, None, None, len(rates))
    q1, med, q3 = (float(rates.quantile(q)) for q in (0.25, 0.5, 0.75))
    return Position(own_rate, network, q1, med, q3, len(rates))


def files_by_year(history: pd.DataFrame) -> pd.DataFrame:
    """The current file of each school year (newest year first): file, date, rows imported, refused,
    warnings. history: import_history (already the porteur's own files)."""
    current = history[history["status"] == "loaded"].sort_values("school_year", ascending=False)
    return current[["school_year", "file_name", "imported_at", "rows_loaded", "rows_rejected", "warnings"]].reset_index(
        drop=True
    )


def missing_fields(completeness: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Fields of the register filled on fewer than EXPECTED_FILLED of the rows they apply to, emptiest first:
    what the city asks to complete in the next file. completeness: completeness_by_provider (own rows)."""
    low = completeness[
        (completeness["filled"] < EXPECTED_FILLED)
        & (completeness["rows"] > 0)
        & completeness["field"].isin(list(labels))
    ]
    low = low.sort_values("filled")
    return pd.DataFrame(
        {
            "Information": [labels[f].rstrip("¹²") for f in low["field"]],
            "Renseignée": [fmt.percent(x, 0) for x in low["filled"]],
            "Sur": [fmt.count(n, "ligne") for n in low["rows"]],
        }
    )


def problems_summary(issues: pd.DataFrame) -> str:
    """'3 lignes refusées et 5 avertissements dans votre fichier en vigueur.'"""
    errors = int((issues["severity"] == "error").sum())
    warnings = int((issues["severity"] == "warning").sum())
    if not errors and not warnings:
        return "Aucun problème relevé dans votre fichier en vigueur."
    parts = []
    if errors:
        parts.append(fmt.count(errors, "erreur"))
    if warnings:
        parts.append(fmt.count(warnings, "avertissement"))
    return " et ".join(parts) + " dans votre fichier en vigueur."
