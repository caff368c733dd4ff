"""Everything the annual report shows, computed once: the pages' named queries (clas.store.db.run), their pure
functions (clas.metrics.indicators, clas.metrics.coverage, clas.metrics.engagement), their chart builders (clas.charts) and the
small-cell rule (clas.domain.disclosure). No figure is computed here that a page computes differently.

The report covers the whole territory: every page filter other than the school year is « Tous » (None).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import duckdb
import pandas as pd

from clas.charts import trend_line
from clas.domain import disclosure, fmt, glossary
from clas.metrics import indicators
from clas.report import (
    network_chapter,  # issue 15: the network's chapter
    sentences,
    themes,
)
from clas.report import parents as parents_theme
from clas.report.model import Column, Figure, Hidden, Indicator, Report, Table, Value, slug
from clas.report.sources import source
from clas.store import db, settings

SUMMARY_KEYS = (
    "children_followed",
    "coverage_rate",
    "priority_area_share",
    "families_reached_share",
    "median_days_to_entry",
)
VALUE_KIND = {"count": "int", "share": "pct", "rate100": "dec1", "days": "days"}
CHANGE_KIND = {"count": "d_int", "share": "d_pt", "rate100": "d_dec1", "days": "d_int"}


def filters(year: str) -> dict:
    return {"school_year": year, "provider_type": None, "neighbourhood": None, "grade_band": None}


def years(con: duckdb.DuckDBPyConnection) -> list[str]:
    """School years with data, most recent first (the report's year choices)."""
    df = db.run(con, "filter_options")
    return sorted(df.loc[df["dimension"] == "school_year", "value"].dropna().tolist(), reverse=True)


def key_indicators(by_year: pd.DataFrame, year: str, t: int) -> list[Indicator]:
    """The landing page's cards as numbers and French text (clas.metrics.indicators.compare and .cards)."""
    cards = {c.key: c for c in indicators.cards(by_year, year, t)}
    out = []
    for c in indicators.compare(by_year, year, t):
        spec, card = c.spec, cards[c.spec.key]
        prev_text = None
        if c.previous_year:
            prev_text = indicators.hidden_text(spec, t) if c.previous_hidden else indicators.text(c.previous, spec.kind)
        relative = None
        if spec.kind in ("count", "days") and c.change is not None and c.previous:
            relative = c.value / c.previous - 1
        out.append(
            Indicator(
                spec.key,
                card.label,
                card.help,
                spec.kind,
                c.value,
                card.value,
                c.previous,
                prev_text,
                c.change,
                card.delta,
                relative,
            )
        )
    return out


def indicator_table(items: list[Indicator], comparisons: list, year: str, prev_year: str | None, t: int) -> Table:
    cols = [Column("Indicateur", "text", 34), Column(year, "int", 14)]
    if prev_year:
        cols += [
            Column(prev_year, "int", 14),
            Column("Évolution", "d_int", 14),
            Column("Évolution relative", "d_pct", 14),
        ]
    cols.append(Column("Définition", "text", 70))
    rows = []
    for item, c in zip(items, comparisons):
        hidden_text = indicators.hidden_text(c.spec, t)
        kind = VALUE_KIND[item.kind]

        def cell(v, is_hidden, kind_=kind):
            return Hidden(hidden_text) if is_hidden else (None if v is None else Value(v, kind_))  # noqa: B023 (called within this iteration)

        change = item.change * 100 if (item.change is not None and item.kind == "share") else item.change
        row = [item.label, cell(item.value, c.hidden)]
        if prev_year:
            row += [
                cell(item.previous, c.previous_hidden),
                cell(change, False, CHANGE_KIND[item.kind]),
                cell(item.relative, False, "d_pct"),
            ]
        rows.append(row + [item.definition])
    note = disclosure.note(t) + (
        " Évolution : en points pour les parts, par rapport à " + prev_year + "." if prev_year else ""
    )
    return Table(
        "indicateurs",
        f"Indicateurs clés, année scolaire {year}",
        cols,
        rows,
        source=source("toutes années" if prev_year else year, "key_indicators_by_year"),
        note=note,
    )


def trend_figures(by_year: pd.DataFrame, t: int) -> list[Figure]:
    trends = indicators.trends(by_year, t)
    out = []
    for spec in indicators.SPECS:
        title = glossary.title(spec.key)
        data = trends[trends["indicator"] == spec.key]
        draw = functools.partial(trend_line, data, title, height=220)  # bound now: the loop moves on
        out.append(Figure(f"evolution-{slug(title)}", title, "summary", draw, width=400, height=220))
    return out


def collect(
    con: duckdb.DuckDBPyConnection,
    year: str,
    today: dt.date | None = None,
    on_chapter: Callable[[str, list[Figure]], None] | None = None,
) -> Report:
    """The whole report for one school year, from the database behind `con`.

    on_chapter(title, figures) is called as soon as a chapter's figures are built, so that Chromium can
    draw them while the next chapters are computed. Without it (the page's preview) no chart is drawn."""

    def ready(title: str, figures: list[Figure]) -> None:
        if on_chapter is not None:
            for f in figures:
                f.fig  # noqa: B018 (drawn here, in order, before Chromium is handed them)
            on_chapter(title, figures)

    t = settings.small_cell_threshold(con)
    by_year = db.run(con, "key_indicators_by_year")
    if year not in set(by_year["school_year"]):
        raise ValueError(f"Aucune donnée pour l'année scolaire {year}.")
    comparisons = indicators.compare(by_year, year, t)
    items = key_indicators(by_year, year, t)
    prev_year = comparisons[0].previous_year if comparisons else None
    by_key = {i.key: i for i in items}
    trends = trend_figures(by_year, t)
    ready("Évolution sur toutes les années", trends)
    f = filters(year)
    orientation = themes.orientations(con, f, t, by_key)
    ready(orientation.title, orientation.figures)
    cover = themes.coverage(con, f, t, by_key)
    ready(cover.title, cover.figures)
    parents = parents_theme.section(con, f, t, by_key)
    ready(parents.title, parents.figures)
    network = network_chapter.section(con, year, t)
    if network is not None:
        ready(network.title, network.figures)

    summary = [
        sentences.change(sentences.SUBJECTS[k], by_key[k].previous, by_key[k].value, by_key[k].kind)
        for k in SUMMARY_KEYS
    ]
    summary += parents.highlights + cover.highlights + orientation.highlights
    return Report(
        year=year,
        previous_year=prev_year,
        threshold=t,
        generated=fmt.date(today or dt.datetime.now(fmt.PARIS).date()),
        indicators=items,
        summary_sentences=[s for s in summary if s],
        indicator_table=indicator_table(items, comparisons, year, prev_year, t),
        trends=trends,
        sections=[orientation, cover, parents] + ([network] if network is not None else []),
    )
