"""What the Imports page does: import an uploaded file, report on it, map unrecognised columns, withdraw.

There is one import path: `import_upload` calls `clas.ingest.import_file`, as the command line does, inside
`db.writing()`. A file that is refused or unchanged discards the copy: the database file is not even
rewritten.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from clas.store import db
from clas.domain import fmt, vocab
from clas.domain.fmt import neutralise
from clas.ingest import FileRejected, FileReport, Issue, import_file, normalise_school_year
from clas.ingest import columns as C
from clas.ingest.locate import _best_header, _text, column_letter, is_register
from clas.ingest.read import read_file
from clas.ingest.report import SEVERITY_LABELS, STATUS_LABELS
from clas.store.reference import provider_lookup
from clas.domain.textnorm import key
from clas.ingest.withdraw import Withdrawal, withdraw_import

ISSUE_HEADERS = {"sheet": "Feuille", "row": "Ligne", "column": "Colonne", "severity": "Gravité",
                 "message": "Message"}
IGNORE = "_ignored"


def _limit_message(size: int, max_mb: int) -> str:
    # Worded as the command line's own size refusal (clas/ingest/read.py), with the page's limit.
    return (f"Le fichier pèse {size / 1e6:.0f} Mo, au-delà de la limite de {max_mb} Mo pour un envoi par cette "
            "page : rien n'a été modifié.")


def import_upload(data: bytes, file_name: str, *, provider: str | None = None, school_year: str | None = None,
                  imported_by: str | None = None, max_mb: int | None = None, force: bool = False,
                  path: str | Path | None = None, today: dt.date | None = None) -> FileReport:
    """Import one uploaded file (the page's only import path). Never raises for a bad file.

    force (with provider and school_year): load these bytes even if they already are the current file of
    that provider-year (after the user mapped a column, the same file reads differently). The previous copy
    is then kept as 'superseded', as for any re-import, so withdrawing the new one brings it back.
    """
    if max_mb is not None and len(data) > max_mb * 1024 * 1024:
        return FileReport(file_name, issues=[Issue(None, None, None, "error", _limit_message(len(data), max_mb))])
    with db.writing(path) as con:
        if force and provider and school_year:
            _supersede_same_bytes(con, data, provider, school_year)
        report = import_file(con, data, file_name, provider=provider, school_year=school_year,
                             imported_by=imported_by, today=today)
        if report.status != "loaded":
            raise db.Discard       # refused or unchanged: the live file is not rewritten
    return report


def _supersede_same_bytes(con, data: bytes, provider: str, school_year: str) -> None:
    """These bytes, if they are the current file of that provider-year, step aside so that they load again."""
    pid = provider_id(con, provider)
    year = normalise_school_year(school_year)
    if pid is None or year is None:
        return
    con.execute("UPDATE imports SET status = 'superseded' WHERE sha256 = $h AND status = 'loaded' "
                "AND provider_id = $p AND school_year = $y",
                {"h": hashlib.sha256(data).hexdigest(), "p": pid, "y": year})


def withdraw(import_id: int, path: str | Path | None = None) -> Withdrawal:
    """Withdraw one current file (WithdrawRefused, with its French message, when it is not current)."""
    with db.writing(path) as con:
        return withdraw_import(con, import_id)


# --- unrecognised columns and the provider's mapping ---------------------------------------------------

@dataclass
class FileColumn:
    sheet: str
    letter: str
    header: str          # as written (two-level headers as "Parents / Réunions")
    header_key: str      # textnorm.key(header): what column_mappings stores
    field: str | None    # the model field it maps to, None when unrecognised
    proposal: str | None = None   # the field it probably is (an uncertain reading): offered, never applied


def file_columns(data: bytes, custom: dict[str, str] | None = None) -> list[FileColumn]:
    """The header cells of the register sheets of a file and what each maps to (with `custom` applied).

    A sheet counts when its best header row maps at least two fields, so a register whose birth-date or
    name column is titled in an unknown way (and which the importer therefore refuses) still shows its
    columns: that is when the mapping matters most.
    """
    try:
        _fmt, sheets = read_file(data)
    except FileRejected:
        return []
    out: list[FileColumn] = []
    for sheet in sheets:
        if sheet.hidden:
            continue
        score, r, upper, mapping = _best_header(sheet, C.REGISTER_INDEX, custom)
        if r < 0 or (score < 2 and not is_register(set(mapping.values()))):
            continue
        lower = sheet.rows[r]
        for c in range(len(lower)):
            lo, up = _text(lower[c]), (upper[c] if upper is not None and c < len(upper) else "")
            header = " / ".join(t for t in (up, lo) if t) if up != lo else lo
            if not header:
                continue
            f = mapping.get(c)
            m = None if f else C.match_header(lower[c], upper[c] if upper is not None and c < len(upper) else None,
                                              custom)
            out.append(FileColumn(sheet.name, column_letter(c), header, key(header),
                                  None if f in (None, "_unknown_criterion") else f,
                                  m.field if m is not None and m.proposed else None))
    return out


def unrecognised(columns: list[FileColumn]) -> list[FileColumn]:
    """Unrecognised columns, once per header (a workbook with one sheet per group repeats its headers)."""
    seen: set[str] = set()
    out = []
    for col in columns:
        if col.field is None and col.header_key and col.header_key not in seen:
            seen.add(col.header_key)
            out.append(col)
    return out


def mapping_choices() -> dict[str, str]:
    """field -> French label offered for an unrecognised column ('' = leave it unrecognised)."""
    choices = {"": "— ne rien faire —", IGNORE: "Ignorer cette colonne (ne plus la signaler)"}
    choices.update(C.REGISTER_LABELS)
    choices.update({C.CRITERION_PREFIX + code: f"Critère coché : {lbl}" for code, lbl in vocab.CRITERIA.items()})
    return choices


def save_mappings(provider: str, mapping: dict[str, str], path: str | Path | None = None) -> int:
    """Save {header as written: field} for the provider (created if unknown); returns how many were saved.

    The importer reads column_mappings for the provider on its next files (clas/ingest/__init__.py).
    """
    wanted = {key(h): f for h, f in mapping.items() if f and key(h)}
    if not wanted:
        return 0
    allowed = set(mapping_choices()) - {""}
    bad = [f for f in wanted.values() if f not in allowed]
    if bad:
        raise ValueError(f"champ inconnu : {bad}")
    with db.writing(path) as con:
        pid = provider_id(con, provider, create=True)
        for header_key, f in wanted.items():
            con.execute("INSERT OR REPLACE INTO column_mappings (provider_id, header_key, field) VALUES ($p, $k, $f)",
                        {"p": pid, "k": header_key, "f": f})
    return len(wanted)


def delete_mappings(pairs: list[tuple[str, str]], path: str | Path | None = None) -> int:
    """Forget saved mappings, given as (provider name, header_key); returns how many were deleted."""
    n = 0
    with db.writing(path) as con:
        for provider, header_key in pairs:
            pid = provider_id(con, provider)
            if pid is not None:
                n += con.execute("DELETE FROM column_mappings WHERE provider_id = $p AND header_key = $k",
                                 {"p": pid, "k": header_key}).fetchall()[0][0]
    return n


def provider_id(con, name: str, create: bool = False) -> int | None:
    hit = provider_lookup(con).get(key(name))
    if hit:
        return hit[0]
    if not create:
        return None
    return con.execute("INSERT INTO providers (name, created_by_import) VALUES ($n, TRUE) RETURNING provider_id",
                       {"n": name.strip()}).fetchall()[0][0]


# --- the report ---------------------------------------------------------------------------------------

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


STATIC_TABLE_ROWS = 200   # up to this many issues the page shows a static table (messages wrap)


def for_static_table(df: pd.DataFrame) -> pd.DataFrame:
    """The issues as text for st.table, whose cells are markdown: every cell escaped, no '<NA>'."""
    return df.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else escape_md(v)))


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
    when = fmt.paris(when or dt.datetime.now(dt.timezone.utc))
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
    ws.append(["Les lignes marquées « Erreur » n'ont pas été importées : corrigez-les dans votre fichier puis "
               "renvoyez-le en entier. Les « Avertissements » n'empêchent pas l'import mais méritent une "
               "vérification. « Ligne » est le numéro de la ligne dans votre tableur."])
    ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=False)
    ws.append([])
    ws.append(list(df.columns))
    header_row = ws.max_row
    for c in range(1, len(df.columns) + 1):
        cell = ws.cell(header_row, c)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B5394")
    for rec in df.itertuples(index=False):
        ws.append([None if pd.isna(v) or v == "" else int(v) if name == "Ligne" else neutralise(str(v))
                   for name, v in zip(df.columns, rec)])
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


# --- small helpers for the page --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def escape_md(text: object) -> str:
    """Text from a spreadsheet, safe inside st.markdown: no link, image, emphasis or HTML can be smuggled in."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def school_year_choices(known: list[str], today: dt.date | None = None) -> list[str]:
    """School years offered when a file does not say its own: the current one first, then recent ones."""
    today = today or dt.date.today()
    current = today.year if today.month >= 8 else today.year - 1
    years = {f"{y}-{y + 1}" for y in range(current - 4, current + 2)} | {y for y in known if y}
    return sorted(years, key=lambda y: (y != f"{current}-{current + 1}", -int(y[:4])))


@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """The provider template (clas.ingest.template) as bytes, for the page's download button. Built once per
    process: the same code writes the same bytes, and building it with openpyxl was most of the Imports
    page's run (~0,7 s of CPU on every rerun, bench/results.md)."""
    import tempfile

    from clas.ingest.template import write_template

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "modele.xlsx"
        write_template(out)
        return out.read_bytes()


HISTORY_STATUS = {"loaded": "En vigueur", "superseded": "Remplacé", "withdrawn": "Retiré"}

