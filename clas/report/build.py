"""The three outputs of the annual report, in memory (the page's downloads) or in a folder (the command line)."""
from __future__ import annotations

import io
import zipfile
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
                z.writestr(f"{self.report.basename}/{name}", data)
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


def generate(con: duckdb.DuckDBPyConnection, year: str, with_figures: bool | None = None) -> Outputs:
    """The report for `year`. Without Chromium (with_figures None: detected) the PDF has no charts and
    figures/ is empty; the tables and sentences are complete."""
    report = collect(con, year)
    if with_figures is None:
        with_figures = figures.chromium_available()
    rendered = figures.render_all(report.all_figures()) if with_figures else {}
    return Outputs(report, xlsx.to_bytes(report), pdf.to_bytes(report, rendered), rendered)
