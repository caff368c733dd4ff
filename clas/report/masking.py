"""The small-cell rule on the Orientations theme of the annual report (clas.domain.disclosure), once for its tables
and its charts: a count hidden in a table is not drawn in the chart either (a bar's length would give it
back). The Orientations page is a service page and shows every count; the report is public.
"""

from __future__ import annotations

import pandas as pd

from clas.charts.orientations import SCHOOL_YEAR_MONTHS
from clas.domain import disclosure, vocab

OUTCOME_ORDER = [*vocab.OUTCOMES, "non_renseigne"]


def outcomes(outcomes_by_provider: pd.DataFrame, t: int) -> tuple[pd.DataFrame, disclosure.Masked]:
    """Forms by provider x outcome (the query's rows pivoted) and their suppression with both margins."""
    wide = outcomes_by_provider.pivot_table(
        index="provider", columns="outcome", values="forms", aggfunc="sum", fill_value=0
    )
    wide = wide[[c for c in OUTCOME_ORDER if c in wide.columns]].sort_index()
    return wide, disclosure.suppress_table(wide, t)


def _hidden_pairs(m: disclosure.Masked) -> set[tuple[str, str]]:
    h = m.hidden
    return {(r, c) for r in h.index for c in h.columns if bool(h.at[r, c])}


def sankey_hidden_links(flows: pd.DataFrame, outcomes_by_provider: pd.DataFrame, t: int) -> frozenset:
    """Links of the Sankey to leave undrawn: source x provider cells hidden by a suppression with the source
    and provider totals as margins, and the provider x outcome cells hidden in the outcomes table."""
    sp = flows.fillna({"source": "inconnu"}).pivot_table(
        index="source", columns="provider", values="forms", aggfunc="sum", fill_value=0
    )
    first = _hidden_pairs(disclosure.suppress_table(sp, t)) if not sp.empty else set()
    second = _hidden_pairs(outcomes(outcomes_by_provider, t)[1]) if not outcomes_by_provider.empty else set()
    return frozenset(first | second)


def outcomes_shown(outcomes_by_provider: pd.DataFrame, t: int) -> pd.DataFrame:
    """The query's rows whose cell is shown in the outcomes table."""
    if outcomes_by_provider.empty:
        return outcomes_by_provider
    hidden = _hidden_pairs(outcomes(outcomes_by_provider, t)[1])
    keep = [(p, o) not in hidden for p, o in zip(outcomes_by_provider["provider"], outcomes_by_provider["outcome"])]
    return outcomes_by_provider[keep]


def months(orientations_by_month: pd.DataFrame, t: int) -> tuple[pd.Series, pd.Series, bool]:
    """Forms per calendar month in school-year order (0 when none), the hidden mask, the total hidden."""
    counts = orientations_by_month.set_index("month")["forms"].reindex(SCHOOL_YEAR_MONTHS, fill_value=0)
    mask, total_hidden = disclosure.suppress_counts(counts, t)
    return counts, mask, total_hidden


def months_shown(orientations_by_month: pd.DataFrame, t: int) -> pd.DataFrame:
    """The query's rows of the months shown (a hidden month is drawn empty, as a month with no form)."""
    if orientations_by_month.empty:
        return orientations_by_month
    _, mask, _ = months(orientations_by_month, t)
    return orientations_by_month[~orientations_by_month["month"].map(mask).fillna(False).astype(bool)]


def delays(delay_by_provider: pd.DataFrame, t: int) -> tuple[pd.Series, bool]:
    """Hidden mask of the providers' children counts (with the published total), and the total hidden."""
    per = delay_by_provider[~delay_by_provider["is_total"]]
    if per.empty:
        return pd.Series(dtype=bool), False
    return disclosure.suppress_counts(per.set_index("provider")["children"], t)


def delays_shown(delay_by_provider: pd.DataFrame, t: int) -> pd.DataFrame:
    """Providers whose count is shown, and the all-providers row (a box of fewer than t children would
    draw their individual delays)."""
    mask, _ = delays(delay_by_provider, t)
    hidden = delay_by_provider["provider"].map(mask).fillna(False).astype(bool) & ~delay_by_provider["is_total"]
    return delay_by_provider[~hidden]


def criterion_hidden(forms, band_forms, t: int) -> bool:
    return disclosure.share_hidden(forms, band_forms, t)


def criteria_shown(criteria: pd.DataFrame, t: int) -> pd.DataFrame:
    """Criterion x band shares that the table shows (a hidden share is drawn as no bar)."""
    if criteria.empty:
        return criteria
    keep = [not criterion_hidden(f, b, t) for f, b in zip(criteria["forms"], criteria["band_forms"])]
    return criteria[keep]
