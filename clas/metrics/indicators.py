"""The landing page's indicator cards: values, change from the previous year, small-cell rule, in French.

Pure functions on the result of queries/key_indicators_by_year.sql (no Streamlit here), so the cards are
tested without a browser. Counts of people (children, families, forms) follow the small-cell rule;
counts of organisations (providers, schools) are not personal data and are always shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clas.domain import disclosure, fmt, glossary


@dataclass(frozen=True)
class Spec:
    key: str  # value column of the query, and glossary key
    kind: str  # 'count' | 'share' | 'rate100' | 'days'
    numerator: str | None  # count behind the value (small-cell rule); None: not personal data
    denominator: str | None  # for shares: the whole the numerator is part of
    better: str  # 'up' | 'down' | 'none': which change is good news (delta colour)


SPECS = [
    Spec("children_followed", "count", "children_followed", None, "up"),
    Spec("providers_active", "count", None, None, "up"),
    Spec("schools_orienting", "count", None, None, "up"),
    Spec("priority_area_share", "share", "children_priority_area", "children_followed", "up"),
    Spec("coverage_rate", "rate100", "children_neighbourhood_known", None, "up"),
    Spec("families_reached_share", "share", "families_reached", "children_followed", "up"),
    Spec("teacher_share", "share", "forms_teacher", "forms", "none"),
    Spec("median_days_to_entry", "days", "delays", None, "down"),
]


@dataclass
class Card:
    key: str
    label: str
    value: str  # French text shown ('1 234', '12,3 %', '< 5', '–')
    delta: str | None  # French text of the change, None when not comparable
    color: str  # st.metric delta_color: 'green' | 'red' | 'gray'
    arrow: str  # st.metric delta_arrow: 'up' | 'down' | 'off'
    help: str
    hidden: bool
    compared_to: str | None  # the previous school year the change is computed against


def hidden(row: pd.Series, spec: Spec, t: int) -> bool:
    """True when the small-cell rule hides this indicator for this year."""
    if spec.numerator is None:
        return False
    num = row[spec.numerator]
    if spec.denominator is not None:
        return disclosure.share_hidden(num, row[spec.denominator], t)
    return disclosure.is_small(num, t)


def hidden_text(spec: Spec, t: int) -> str:
    """'< 5' for a hidden count; 'masqué' for a hidden rate ('< 5' would read as under 5 %)."""
    return disclosure.label(t) if spec.kind == "count" else disclosure.RATE_HIDDEN


def text(value, kind: str) -> str:
    if pd.isna(value):
        return "–"
    if kind == "count":
        return fmt.number(value)
    if kind == "share":
        return fmt.percent(value)
    if kind == "rate100":
        return fmt.number(value, 1)
    return fmt.number(value) + "\u00a0jour" + ("s" if abs(value) >= 2 else "")


def _delta_text(diff: float, kind: str) -> str:
    sign = "+" if diff > 0 else "\u2212" if diff < 0 else ""
    if kind == "count":
        return sign + fmt.number(abs(diff))
    if kind == "share":
        return sign + fmt.number(abs(diff) * 100, 1) + "\u00a0pt"
    if kind == "rate100":
        return sign + fmt.number(abs(diff), 1)
    return sign + fmt.number(abs(diff)) + "\u00a0j"


def _rounded(value, kind: str) -> float:
    """The value as shown: a change is computed on shown figures (no '+0,0 pt' up arrow)."""
    digits = {"count": 0, "share": 3, "rate100": 1, "days": 0}[kind]
    return round(float(value), digits)


@dataclass
class Comparison:
    """One indicator for a year against the consecutive previous year, as numbers (cards, annual report)."""

    spec: Spec
    value: float | None  # None when hidden (small-cell rule) or missing
    hidden: bool
    previous_year: str | None  # the school year just before, when present and consecutive
    previous: float | None  # None when hidden, missing or no previous year
    previous_hidden: bool
    change: float | None  # on the figures as shown (rounded); None when not comparable


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def compare(by_year: pd.DataFrame, year: str, t: int) -> list[Comparison]:
    """Each indicator for `year` and the school year just before it (when present and consecutive)."""
    rows = by_year.set_index("school_year")
    if year not in rows.index:
        return []
    row = rows.loc[year]
    years = list(rows.index)
    i = years.index(year)
    prev_year = years[i - 1] if i > 0 and _consecutive(years[i - 1], year) else None
    prev = rows.loc[prev_year] if prev_year else None
    out = []
    for spec in SPECS:
        is_hidden = hidden(row, spec, t)
        prev_hidden = prev is not None and hidden(prev, spec, t)
        value = None if is_hidden else _number(row[spec.key])
        previous = None if prev is None or prev_hidden else _number(prev[spec.key])
        change = (
            _rounded(value, spec.kind) - _rounded(previous, spec.kind)
            if value is not None and previous is not None
            else None
        )
        out.append(Comparison(spec, value, is_hidden, prev_year, previous, prev_hidden, change))
    return out


def cards(by_year: pd.DataFrame, year: str, t: int) -> list[Card]:
    """One card per indicator for `year`, compared with the school year just before it (when present)."""
    out = []
    for c in compare(by_year, year, t):
        spec = c.spec
        label, definition = glossary.DEFINITIONS[spec.key]
        value = hidden_text(spec, t) if c.hidden else text(c.value, spec.kind)
        delta, color, arrow = None, "gray", "off"
        if c.change is not None:
            diff = c.change
            delta = _delta_text(diff, spec.kind)
            arrow = "up" if diff > 0 else "down" if diff < 0 else "off"
            if diff != 0 and spec.better != "none":
                good = (diff > 0) == (spec.better == "up")
                color = "green" if good else "red"
        out.append(
            Card(
                spec.key,
                label,
                value,
                delta,
                color,
                arrow,
                definition,
                c.hidden,
                c.previous_year if delta is not None else None,
            )
        )
    return out


def _consecutive(previous: str, year: str) -> bool:
    try:
        return int(year[:4]) - int(previous[:4]) == 1
    except ValueError:
        return True


def trends(by_year: pd.DataFrame, t: int) -> pd.DataFrame:
    """Long table for the trend lines: indicator, label, kind, school_year, value (NaN when hidden), text."""
    records = []
    for spec in SPECS:
        label = glossary.title(spec.key)
        for _, row in by_year.iterrows():
            is_hidden = hidden(row, spec, t)
            value = float("nan") if is_hidden or pd.isna(row[spec.key]) else float(row[spec.key])
            records.append(
                {
                    "indicator": spec.key,
                    "label": label,
                    "kind": spec.kind,
                    "school_year": row["school_year"],
                    "value": value,
                    "text": hidden_text(spec, t) if is_hidden else text(row[spec.key], spec.kind),
                }
            )
    return pd.DataFrame.from_records(records, columns=["indicator", "label", "kind", "school_year", "value", "text"])
