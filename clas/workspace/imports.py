"""What the Imports page does: import an uploaded file, map unrecognised columns, withdraw. The report of a
file (its issues as a table and a workbook) is clas/workspace/import_reports.py.

There is one import path: `import_upload` calls `clas.ingest.import_file`, as the command line does, inside
`db.writing()`. A file that is refused or unchanged discards the copy: the database file is not even
rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from clas.domain import vocab
from clas.domain.textnorm import key
from clas.ingest import FileRejected, FileReport, Issue, import_file, normalise_school_year
from clas.ingest import columns as C
from clas.ingest.locate import _best_header, _text, column_letter, is_register
from clas.ingest.read import read_file
from clas.ingest.withdraw import Withdrawal, withdraw_import
from clas.store import db
from clas.store.reference import provider_lookup

IGNORE = "_ignored"


def _limit_message(size: int, max_mb: int) -> str:
    # Worded as the command line's own size refusal (clas/ingest/read.py), with the page's limit.
    return (
        f"Le fichier pèse {size / 1e6:.0f} Mo, au-delà de la limite de {max_mb} Mo pour un envoi par cette "
        "page : rien n'a été modifié."
    )


def import_upload(
    data: bytes,
    file_name: str,
    *,
    provider: str | None = None,
    school_year: str | None = None,
    imported_by: str | None = None,
    max_mb: int | None = None,
    force: bool = False,
    path: str | Path | None = None,
    today: dt.date | None = None,
) -> FileReport:
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
        report = import_file(
            con, data, file_name, provider=provider, school_year=school_year, imported_by=imported_by, today=today
        )
        if report.status != "loaded":
            raise db.Discard  # refused or unchanged: the live file is not rewritten
    return report


def _supersede_same_bytes(con, data: bytes, provider: str, school_year: str) -> None:
    """These bytes, if they are the current file of that provider-year, step aside so that they load again."""
    pid = provider_id(con, provider)
    year = normalise_school_year(school_year)
    if pid is None or year is None:
        return
    db.write(
        con, "import_supersede_same_bytes", sha256=hashlib.sha256(data).hexdigest(), provider_id=pid, school_year=year
    )


def withdraw(import_id: int, path: str | Path | None = None) -> Withdrawal:
    """Withdraw one current file (WithdrawRefused, with its French message, when it is not current)."""
    with db.writing(path) as con:
        return withdraw_import(con, import_id)


# --- unrecognised columns and the provider's mapping ---------------------------------------------------


@dataclass
class FileColumn:
    sheet: str
    letter: str
    header: str  # as written (two-level headers as "Parents / Réunions")
    header_key: str  # textnorm.key(header): what column_mappings stores
    field: str | None  # the model field it maps to, None when unrecognised
    proposal: str | None = None  # the field it probably is (an uncertain reading): offered, never applied


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
            m = (
                None
                if f
                else C.match_header(lower[c], upper[c] if upper is not None and c < len(upper) else None, custom)
            )
            out.append(
                FileColumn(
                    sheet.name,
                    column_letter(c),
                    header,
                    key(header),
                    None if f in (None, "_unknown_criterion") else f,
                    m.field if m is not None and m.proposed else None,
                )
            )
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
            db.write(con, "column_mapping_upsert", provider_id=pid, header_key=header_key, field=f)
    return len(wanted)


def delete_mappings(pairs: list[tuple[str, str]], path: str | Path | None = None) -> int:
    """Forget saved mappings, given as (provider name, header_key); returns how many were deleted."""
    n = 0
    with db.writing(path) as con:
        for provider, header_key in pairs:
            pid = provider_id(con, provider)
            if pid is not None:
                n += db.write(con, "column_mapping_delete", provider_id=pid, header_key=header_key).fetchall()[0][0]
    return n


def provider_id(con, name: str, create: bool = False) -> int | None:
    hit = provider_lookup(con).get(key(name))
    if hit:
        return hit[0]
    if not create:
        return None
    return db.write(con, "provider_insert", name=name.strip()).fetchall()[0][0]


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
