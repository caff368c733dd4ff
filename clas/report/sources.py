"""The source line under each table of the annual report: where the figures come from, in the reader's
words — the page and section of the dashboard that shows the same figures — never a query's file name."""

from __future__ import annotations

# query (queries/<name>.sql) -> the dashboard view that shows the same figures
VIEWS = {
    "key_indicators_by_year": "page « Indicateurs clés »",
    "outcomes_by_provider": "page « Orientations », suites données par porteur",
    "orientation_flows": "page « Orientations », des orientations aux suites données",
    "orientation_criteria": "page « Orientations », critères cochés sur les fiches",
    "orientations_by_month": "page « Orientations », orientations au fil de l'année",
    "orientation_delay_by_provider": "page « Orientations », délai entre l'orientation et l'entrée",
    "coverage_by_neighbourhood": "page « Couverture par quartier », détail par quartier",
    "coverage_by_priority": "page « Couverture par quartier », quartiers prioritaires et autres quartiers",
    "parent_reach_by_unit": "page « Engagement des parents »",
    "parent_actions_by_type": "page « Engagement des parents », actions auprès des parents",
}


def source(period: str, *queries: str) -> str:
    """'Source : registres CLAS des porteurs, 2024-2025 ; mêmes chiffres que la page « Orientations »…'"""
    views = list(dict.fromkeys(VIEWS[q] for q in queries))
    return f"Source : registres CLAS des porteurs, {period} ; mêmes chiffres que la {' et la '.join(views)}."
