"""The « Annuaire CLAS » as a one-page printable PDF, and the blank « fiche d'orientation » a teacher fills
in to orient a pupil (the criteria of the city's template). HTML rendered by WeasyPrint; every text from
the database is escaped."""

from __future__ import annotations

import functools
import html

import pandas as pd

from clas.domain import vocab

_CSS = """
@page { size: A4; margin: 12mm 11mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8.6pt; color: #1b1f24; }
h1 { font-size: 15pt; margin: 0 0 2mm; color: #0b4f8a; }
p.lead { margin: 0 0 3mm; color: #444; }
table { border-collapse: collapse; width: 100%; }
th { background: #dce6f1; text-align: left; padding: 1.4mm; font-size: 8pt; }
td { border-bottom: 0.3mm solid #ccd3db; padding: 1.4mm; vertical-align: top; }
td.n { text-align: right; }
.box { display: inline-block; width: 3mm; height: 3mm; border: 0.3mm solid #333; margin-right: 1.5mm; }
.grid { columns: 2; column-gap: 8mm; }
.line { border-bottom: 0.3mm solid #999; height: 6mm; margin-bottom: 1mm; }
h2 { font-size: 10.5pt; margin: 4mm 0 1.5mm; color: #0b4f8a; }
"""


def _e(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else html.escape(str(v))


def directory_html(rows: pd.DataFrame, school_year: str | None = None) -> str:
    lines = "".join(
        f"<tr><td><b>{_e(r.provider)}</b><br>{_e(r.type_label)}</td><td>{_e(r.neighbourhood)}</td>"
        f"<td>{_e(r.address)}</td><td>{_e(r.grades)}</td><td>{_e(r.schedule)}</td><td>{_e(r.contact)}</td>"
        f"<td class='n'>{_e(r.places)}</td></tr>"
        for r in rows.itertuples()
    )
    year = f" {html.escape(school_year)}" if school_year else ""
    return (
        f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"
        f"<h1>Annuaire CLAS{year}</h1><p class='lead'>Accompagnement à la scolarité : où orienter un élève. "
        "Joindre la fiche d'orientation remplie ; le porteur contacte la famille.</p>"
        "<table><tr><th>Porteur</th><th>Quartier</th><th>Adresse</th><th>Niveaux</th><th>Jours et horaires</th>"
        f"<th>Contact</th><th>Places</th></tr>{lines}</table></body></html>"
    )


def orientation_form_html() -> str:
    crit = "".join(f"<div><span class='box'></span>{html.escape(lbl)}</div>" for lbl in vocab.CRITERIA.values())
    grades = " ".join(f"<span class='box'></span>{html.escape(g)}&nbsp;&nbsp;" for g in vocab.GRADES.values())
    field = lambda label: f"<div>{html.escape(label)}</div><div class='line'></div>"  # noqa: E731
    return (
        f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"
        "<h1>Fiche d'orientation CLAS</h1><p class='lead'>À remplir par l'enseignant ou l'équipe éducative, "
        "avec l'accord de la famille, et à remettre au porteur CLAS choisi dans l'annuaire.</p>"
        "<h2>L'élève</h2>"
        + field("Nom et prénom")
        + field("École ou collège")
        + f"<div>Niveau : {grades}</div>"
        + "<h2>Orienté par</h2>"
        + field("Nom, fonction et téléphone")
        + field("Date")
        + f"<h2>Critères d'orientation (2 à 4 en général)</h2><div class='grid'>{crit}</div>"
        + "<h2>Observations</h2><div class='line'></div><div class='line'></div><div class='line'></div>"
        + "<h2>Accord de la famille</h2>"
        + field("Nom du responsable légal, date et signature")
        + "</body></html>"
    )


def pdf(html_text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html_text).write_pdf()


def pdf_available() -> bool:
    """Whether WeasyPrint and its system libraries (Pango) load on this server."""
    try:
        import weasyprint  # noqa: F401
    except Exception:  # noqa: BLE001 (OSError for a missing Pango, ImportError without the package)
        return False
    return True


@functools.lru_cache(maxsize=1)
def orientation_form_pdf() -> bytes:
    """The blank orientation form: the same for everyone, laid out once per process."""
    return pdf(orientation_form_html())
