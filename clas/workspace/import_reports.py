"""The Imports page's report of a file: which provider a file probably belongs to (a suggestion, never a
silent choice), the report stored with a past import, its issues as a table (French headers and severities)
and as a workbook to send back to the provider."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from clas.domain import fmt
from clas.domain.fmt import neutralise
from clas.domain.textnorm import key
from clas.ingest import FileReport
from clas.ingest.report import SEVERITY_LABELS, STATUS_LABELS
from clas.store import db

ISSUE_HEADERS = {"sheet": "Feuille", "row": "Ligne", "column": "Colonne", "severity": "Gravité", "message": "Message"}


SUGGEST_MIN = 0.5


def suggest_provider(hints: list[str], providers: list[str]) -> str | None:
    """The known provider whose name is most like the file name and title rows, or None when none is close
    enough. A suggestion only: the page marks it as such and waits for the user to confirm it."""
    import difflib

    def words(text: str) -> set[str]:
        return {w for w in key(text).split() if len(w) >= 3}

    texts = [key(h) for h in hints if key(h)]
    best, best_score, second = None, 0.0, 0.0
    for name in providers:
        nk, nw = key(name), words(name)
        if not nk:
            continue
        score = 0.0
        for t in texts:
            shared = len(nw & words(t)) / len(nw) if nw else 0.0
            ratio = max(
                (
                    difflib.SequenceMatcher(None, nk, t[i : i + len(nk)]).ratio()
                    for i in range(0, max(len(t) - len(nk), 0) + 1, max(len(nk) // 4, 1))
                ),
                default=0.0,
            )
            score = max(score, shared, ratio)
        if score > best_score:
            best, best_score, second = name, score, best_score
        elif score > second:
            second = score
    return best if best_score >= SUGGEST_MIN and best_score - second >= 0.1 else None


def stored_report(import_id: int, scope_provider: str | None = None, path: str | Path | None = None):
    """The report stored with an import, as it was shown then (None when out of the user's scope)."""
    from clas.ingest.stored import stored_report as _stored

    with db.connect(path) as con:
        return _stored(con, import_id, scope_provider)


# --- the issues of a file's report ------------------------------------------------------------------


def audit_detail(name: str, report: FileReport) -> str:
    """The Journal's line for an import, in French (the same words for the page and the command line)."""
    who = f"{report.provider or 'porteur inconnu'}, {report.school_year or 'année inconnue'}"
    if report.status == "unchanged":
        return f"{name} : {status_label(report)} — {who}, rien n'a changé"
    return f"{name} : {status_label(report)} — {who}, {fmt.count(report.rows_loaded, 'ligne importée')}"


def status_label(report: FileReport) -> str:
    return STATUS_LABELS.get(report.status, report.status)


def issues_frame(report: FileReport) -> pd.DataFrame:
    """The issues with French headers and severities, in the file's order (what the page shows)."""
    rows = [(i.sheet or "", i.row, i.column or "", SEVERITY_LABELS[i.severity], i.message) for i in report.issues]
    df = pd.DataFrame(rows, columns=list(ISSUE_HEADERS.values()))
    df["Ligne"] = df["Ligne"].astype("Int64")
    return df


def filter_issues(df: pd.DataFrame, severity: str | None) -> pd.DataFrame:
    """severity: None (all), 'error' or 'warning'."""
    if not severity:
        return df
    return df[df["Gravité"] == SEVERITY_LABELS[severity]].reset_index(drop=True)


def issues_xlsx(report: FileReport, df: pd.DataFrame | None = None, when: dt.datetime | None = None) -> bytes:
    """The report as a workbook to send back to the provider: a short explanation, then the issues table.

    Every text cell that comes from the provider's file is neutralised (no formula can run on opening).
    """
    df = issues_frame(report) if df is None else df
    when = fmt.paris(when or dt.datetime.now(dt.UTC))
    wb = Workbook()
    ws = wb.active
    ws.title = "Rapport d'import"
    bold = Font(bold=True)
    head = [
        ("Rapport d'import du fichier", report.file),
        ("Porteur", report.provider or "non reconnu"),
        ("Année scolaire", report.school_year or "non reconnue"),
        ("Résultat", status_label(report)),
        ("Lignes lues", report.rows_read),
        ("Lignes importées", report.rows_loaded),
        ("Lignes refusées", report.rows_rejected),
        ("Date du rapport", when.strftime("%d/%m/%Y %H:%M")),
    ]
    for label, value in head:
        ws.append([label, neutralise(value)])
        ws.cell(ws.max_row, 1).font = bold
    ws.append([])
    ws.append(
        [
            "Les lignes marquées « Erreur » n'ont pas été importées : corrigez-les dans votre fichier puis "
            "renvoyez-le en entier. Les « Avertissements » n'empêchent pas l'import mais méritent une "
            "vérification. « Ligne » est le numéro de la ligne dans votre tableur."
        ]
    )
    ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=False)
    ws.append([])
    ws.append(list(df.columns))
    header_row = ws.max_row
    for c in range(1, len(df.columns) + 1):
        cell = ws.cell(header_row, c)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B5394")
    for rec in df.itertuples(index=False):
        ws.append(
            [
                None if pd.isna(v) or v == "" else int(v) if name == "Ligne" else neutralise(str(v))
                for name, v in zip(df.columns, rec)
            ]
        )
        if rec[3] == SEVERITY_LABELS["error"]:
            ws.cell(ws.max_row, 4).font = Font(bold=True, color="B00020")
    for c, width in zip(range(1, 6), (22, 8, 28, 15, 100)):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    if len(df):
        ws.auto_filter.ref = f"A{header_row}:E{ws.max_row}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_file_name(file_name: str) -> str:
    """'Les Petits Pas 2024.xlsx' -> 'rapport-import-Les-Petits-Pas-2024.xlsx' (safe for any system)."""
    base = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    stem = re.sub(r"[^\w-]+", "-", base, flags=re.UNICODE).strip("-")[:80] or "fichier"
    return f"rapport-import-{stem}.xlsx"
