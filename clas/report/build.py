"""The three outputs of the annual report, in memory (the page's downloads) or in a folder (the command line)."""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from clas import config
from clas.report import figures, pdf, xlsx
from clas.report.data import collect
from clas.report.figures import Rendered
from clas.report.model import Report


@dataclass
class Outputs:
    report: Report
    xlsx: bytes
    pdf: bytes
    figures: dict[str, Rendered]

    @property
    def xlsx_name(self) -> str:
        return f"{self.report.basename}.xlsx"

    @property
    def pdf_name(self) -> str:
        return f"{self.report.basename}.pdf"

    @property
    def zip_name(self) -> str:
        return f"{self.report.basename}.zip"

    def files(self) -> dict[str, bytes]:
        """Relative path -> bytes: the workbook, the PDF and figures/*.png|svg."""
        out = {self.xlsx_name: self.xlsx, self.pdf_name: self.pdf}
        for r in self.figures.values():
            out[f"figures/{r.name}.png"] = r.png
            out[f"figures/{r.name}.svg"] = r.svg
        return out

    def zip(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.files().items():
                # PNG and PDF are compressed already: stored as they are (deflating them again costs time).
                packed = zipfile.ZIP_STORED if name.endswith((".png", ".pdf")) else zipfile.ZIP_DEFLATED
                z.writestr(f"{self.report.basename}/{name}", data, compress_type=packed)
        return buf.getvalue()

    def write(self, folder: Path) -> list[Path]:
        folder = Path(folder)
        paths = []
        for name, data in self.files().items():
            p = folder / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
            paths.append(p)
        return paths


_pdf_warm: threading.Thread | None = None
_pdf_warm_lock = threading.Lock()


def _warm_pdf() -> threading.Thread:
    """WeasyPrint imported and its fonts loaded, once a process, in the background (2–3 s): the thread, to
    join before the first layout."""
    global _pdf_warm
    with _pdf_warm_lock:
        if _pdf_warm is None:
            _pdf_warm = threading.Thread(target=pdf.warm_up, name="clas-report-pdf-warm-up", daemon=True)
            _pdf_warm.start()
        return _pdf_warm


def get_ready() -> None:
    """Called when the report page opens, before anyone clicks: a Chromium standing by for the report
    (closed if untaken after $CLAS_REPORT_STANDBY_S) and WeasyPrint's fonts loaded. Both are seconds the
    report would otherwise spend on its own clock."""
    if not figures.stand_by() and config.report_standby_s() <= 0:
        return  # nothing ahead of the click, as configured
    _warm_pdf()


def generate(
    con: duckdb.DuckDBPyConnection,
    year: str,
    with_figures: bool | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Outputs:
    """The report for `year`. Without Chromium (with_figures None: detected) the PDF has no charts and
    figures/ is empty; the tables and sentences are complete.

    progress(share done 0-1, French label) is called before each step: the figures, the charts chapter by
    chapter, the PDF (while the PNGs are drawn), the workbook. Chromium is closed at the end, whatever
    happens."""
    say = progress or (lambda _share, _text: None)
    say(0.0, "Chiffres et tableaux…")
    if with_figures is None:
        with_figures = figures.chromium_available()
    # Chromium starts (about 4 s, 2 of them loading plotly.js), unless the report page started it on opening
    # (figures.stand_by), while the queries and the small-cell rule run, and draws each chapter's charts as
    # soon as they are built, while the next chapters are computed: one core each.
    browser = figures.open_browser() if with_figures else None
    try:
        chapters: list[tuple[str, list, object, object]] = []

        def draw(title: str, figs: list) -> None:
            say(0.05 + 0.05 * len(chapters), f"Chiffres et graphiques : {title}…")
            # The PDF's images: vectors, and a PNG for what only a raster draws well (raster_in_pdf).
            vectors = browser.start_render([f for f in figs if not f.raster_in_pdf], ("svg",))
            rasters = browser.start_render([f for f in figs if f.raster_in_pdf], ("png",))
            chapters.append((title, figs, vectors, rasters))

        report = collect(con, year, on_chapter=draw if browser is not None else None)
        rendered: dict[str, Rendered] = {}
        if browser is not None:
            # Queued behind the PDF's images: the PNGs of the workbook and of figures/, which Chromium draws
            # while this process lays out the PDF.
            pngs = browser.start_render([f for f in report.all_figures() if not f.raster_in_pdf], ("png",))
            map_svgs = browser.start_render([f for f in report.all_figures() if f.raster_in_pdf], ("svg",))
            warm = _warm_pdf()  # already done if the page got ready
            for i, (title, _figs, vectors, rasters) in enumerate(chapters):
                say(0.3 + 0.3 * i / len(chapters), f"Graphiques : {title}…")
                rendered |= vectors.result()
                rendered |= rasters.result()
            warm.join()
        say(0.6, "PDF : mise en page…")
        document = pdf.to_bytes(report, rendered)
        if browser is not None:
            say(0.9, "Images pour le classeur…")
            for name, r in pngs.result().items():
                rendered[name].png = r.png
            for name, r in map_svgs.result().items():
                rendered[name].svg = r.svg
    finally:
        if browser is not None:
            browser.close()
    say(0.95, "Classeur Excel…")
    book = xlsx.to_bytes(report)
    say(1.0, "Rapport prêt.")
    return Outputs(report, book, document, rendered)
