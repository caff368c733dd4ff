"""The three outputs of the annual report, in memory (the page's downloads) or in a folder (the command line)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

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


def generate(
    con: duckdb.DuckDBPyConnection,
    year: str,
    with_figures: bool | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Outputs:
    """The report for `year`. Without Chromium (with_figures None: detected) the PDF has no charts and
    figures/ is empty; the tables and sentences are complete.

    progress(share done 0-1, French label) is called before each step: the figures, the charts chapter by
    chapter (most of the time), the workbook, the PDF. Chromium is closed at the end, whatever happens."""
    say = progress or (lambda _share, _text: None)
    say(0.0, "Chiffres et tableaux…")
    report = collect(con, year)
    if with_figures is None:
        with_figures = figures.chromium_available()
    rendered: dict[str, Rendered] = {}
    if with_figures:
        chapters = [("Évolution sur toutes les années", report.trends)] + [
            (s.title, s.figures) for s in report.sections if s.figures
        ]
        total = sum(len(figs) for _, figs in chapters) or 1
        done = 0
        try:
            for title, figs in chapters:
                say(0.05 + 0.75 * done / total, f"Graphiques : {title}…")
                rendered.update(figures.render_all(figs))
                done += len(figs)
        finally:
            figures.stop()
    say(0.82, "Classeur Excel…")
    book = xlsx.to_bytes(report)
    say(0.86, "PDF : mise en page…")
    document = pdf.to_bytes(report, rendered)
    say(1.0, "Rapport prêt.")
    return Outputs(report, book, document, rendered)
