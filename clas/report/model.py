"""What the annual report is made of, whatever it is written to (xlsx, pdf): tables of numbers with their
hidden cells, figures, sentences. Built once by clas.report.data, written by xlsx.py, figures.py and pdf.py,
so the workbook and the PDF can never disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import plotly.graph_objects as go

from clas.domain import fmt


@dataclass(frozen=True)
class Hidden:
    """A cell withheld by the small-cell rule: its text ('< 5' for a count, 'masqué' for a rate)."""

    text: str


# Column kinds: how a number is written in French (PDF) and which Excel number format it gets (xlsx).
# Excel stores the format in its neutral notation; a French Excel shows '#,##0' as 1 234 and '0.0%' as 12,3 %.
KINDS = {
    "text": (None, None),
    "int": ("#,##0", lambda v: fmt.number(v)),
    "pct": ("0.0%", lambda v: fmt.percent(v)),
    "dec1": ("#,##0.0", lambda v: fmt.number(v, 1)),
    "dec2": ("0.00", lambda v: fmt.number(v, 2)),
    "days": ("#,##0", lambda v: fmt.number(v)),
    # changes: a sign always, and a unit for points
    "d_int": ("+#,##0;-#,##0;0", lambda v: fmt.signed_number(v)),
    "d_pt": ('+0.0" pt";-0.0" pt";0.0" pt"', lambda v: fmt.signed_number(v, 1, "\u00a0pt")),
    "d_dec1": ("+#,##0.0;-#,##0.0;0.0", lambda v: fmt.signed_number(v, 1)),
    "d_pct": ("+0.0%;-0.0%;0.0%", lambda v: fmt.signed_percent(v)),
}


@dataclass(frozen=True)
class Value:
    """A number whose format differs from its column's (the key-figures table mixes counts and shares)."""

    value: float
    kind: str


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # a key of KINDS
    width: float = 14  # Excel column width (characters)


@dataclass
class Table:
    key: str  # stable identifier (tests, file names)
    title: str
    columns: list[Column]
    rows: list[list]  # a cell: a number, a str, None (empty), or Hidden
    source: str  # the named queries it comes from, in French
    note: str | None = None  # the small-cell note (or another reading note)
    total_rows: set[int] = field(default_factory=set)  # indexes of total rows (bold)

    def cell_text(self, r: int, c: int) -> str:
        """The cell as the PDF writes it (French formats)."""
        v = self.rows[r][c]
        if isinstance(v, Hidden):
            return v.text
        if isinstance(v, Value):
            return KINDS[v.kind][1](v.value)
        if v is None:
            return "–" if self.columns[c].kind != "text" else ""
        kind = self.columns[c].kind
        if kind == "text" or isinstance(v, str):
            return str(v)
        return KINDS[kind][1](v)

    def cell_kind(self, r: int, c: int) -> str:
        v = self.rows[r][c]
        return v.kind if isinstance(v, Value) else self.columns[c].kind

    def column(self, header: str) -> list:
        i = [c.header for c in self.columns].index(header)
        return [row[i] for row in self.rows]


def typo(text: str) -> str:
    """French typography for print: no-break spaces inside « » and before : ; ? ! (no line starts with them)."""
    for a, b in (
        ("« ", "«\u00a0"),
        (" »", "\u00a0»"),
        (" :", "\u00a0:"),
        (" ;", "\u00a0;"),
        (" ?", "\u00a0?"),
        (" !", "\u00a0!"),
    ):
        text = text.replace(a, b)
    return text


def esc(text) -> str:
    """A data or text value for the PDF's HTML: French typography, then html.escape."""
    from html import escape

    return escape(typo(str(text)))


def slug(text: str) -> str:
    """'Familles touchées par porteur' -> 'familles-touchees-par-porteur' (file names)."""
    import re
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


@dataclass
class Figure:
    """A chart of the report. It is drawn when first needed (`fig`): the Rapport page's preview reads the
    report's figures and sentences, not its charts, and building the charts was most of its time."""

    name: str  # file name without extension: what it shows, in French, ASCII
    title: str
    theme: str  # 'summary' | 'orientations' | 'couverture' | 'parents'
    draw: Callable[[], go.Figure] | go.Figure  # the chart, or how to draw it
    width: int = 820  # pixels at scale 1 (the PDF's text width is about 820 px)
    height: int | None = None  # None: the builder's height
    caption: str | None = None
    raster_in_pdf: bool = False  # maps: their SVG holds a bitmap and a gradient WeasyPrint cannot draw

    @functools.cached_property
    def fig(self) -> go.Figure:
        return self.draw() if callable(self.draw) else self.draw


@dataclass
class Indicator:
    """A row of the key-figures summary (from clas.metrics.indicators.compare)."""

    key: str
    label: str
    definition: str
    kind: str  # 'count' | 'share' | 'rate100' | 'days'
    value: float | None
    value_text: str
    previous: float | None
    previous_text: str | None
    change: float | None
    change_text: str | None
    relative: float | None  # relative change of counts (None for shares and rates)


@dataclass
class Section:
    key: str  # 'orientations' | 'couverture' | 'parents'
    title: str
    sheet: str  # the xlsx sheet name
    intro: str
    sentences: list[str]
    tables: list[Table]
    figures: list[Figure]
    highlights: list[str] = field(default_factory=list)  # the sentences the summary page repeats


@dataclass
class Report:
    year: str
    previous_year: str | None
    threshold: int
    generated: str  # dd/mm/yyyy
    indicators: list[Indicator]
    summary_sentences: list[str]
    indicator_table: Table
    trends: list[Figure]
    sections: list[Section]

    @property
    def basename(self) -> str:
        return f"rapport-clas-{self.year}"

    def all_figures(self) -> list[Figure]:
        return self.trends + [f for s in self.sections for f in s.figures]

    def all_tables(self) -> list[Table]:
        return [self.indicator_table] + [t for s in self.sections for t in s.tables]
