"""Importing provider files: read -> locate the register -> normalise and validate -> load.

`import_file` is the one import path: the command line and the Imports page both call it.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import re
from pathlib import Path

import duckdb

from clas.domain.privacy import pseudonym_key
from clas.domain.textnorm import key
from clas.ingest import load
from clas.ingest.errors import FileRejected
from clas.ingest.locate import find_tables
from clas.ingest.memory import collector_paused, give_back, tune_malloc
from clas.ingest.network import find_network_tables, prepare_staff
from clas.ingest.prepare import prepare_actions, prepare_register
from clas.ingest.read import read_file
from clas.ingest.report import FileReport, Issue, compact
from clas.ingest.stored import stored_report
from clas.store import db
from clas.store.reference import Matcher, provider_lookup

log = logging.getLogger(__name__)

__all__ = ["import_file", "FileReport", "Issue", "FileRejected", "normalise_school_year"]

_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*(?:[-/_]|\s|a|à)\s*(20\d{2}|\d{2})(?!\d)")


def normalise_school_year(text: str | None) -> str | None:
    """'2024-2025', '2024/25', '2024 2025' -> '2024-2025'; None if no school year is written."""
    if not text:
        return None
    for m in _YEAR.finditer(str(text)):
        a, b = int(m.group(1)), m.group(2)
        b = int(b) if len(b) == 4 else 2000 + int(b)
        if b == a + 1:
            return f"{a}-{b}"
    return None


def _detect_provider(con, texts: list[str]) -> tuple[int, str] | None:
    """The reference provider whose name appears in the title rows, sheet names or file name."""
    haystack = " | ".join(key(t) for t in texts)
    found = [(len(k), v) for k, v in provider_lookup(con).items() if k and k in haystack]
    return max(found)[1] if found else None


def _resolve_provider(con, name: str) -> tuple[int, str, bool]:
    """(id, name, created) for a provider given by the user; an unknown one is created and flagged."""
    hit = provider_lookup(con).get(key(name))
    if hit:
        return hit[0], hit[1], False
    pid = db.write(con, "provider_insert", name=name.strip()).fetchall()[0][0]
    return pid, name.strip(), True


def import_file(
    con: duckdb.DuckDBPyConnection,
    source: Path | bytes,
    file_name: str | None = None,
    provider: str | None = None,
    school_year: str | None = None,
    imported_by: str | None = None,
    today: dt.date | None = None,
) -> FileReport:
    """Import one provider file. Never raises for a bad file: the report says what happened.

    On status "rejected" the database is exactly as it was; "unchanged" when these very bytes are already
    the current file of their provider and school year.
    """
    if isinstance(source, (str, Path)):
        file_name = file_name or Path(source).name
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            return FileReport(
                file_name, issues=[Issue(None, None, None, "error", f"Fichier illisible : {exc.strerror or exc}.")]
            )
    else:
        data = source
    file_name = file_name or "fichier"
    report = FileReport(file_name)
    # One file, one transaction: a provider created on the way or half-written rows vanish with a rollback.
    # An unchanged file is rolled back too: nothing it did on its way is kept.
    tune_malloc()
    try:
        with collector_paused(), db.transaction(con):
            # Handed over, not shared: the bytes are let go once read (the wide bench file's 22 MB would
            # otherwise sit under the import's peak).
            payload, data = [data], None
            _import(con, payload, report, provider, school_year, imported_by, today)
            if report.status != "loaded":
                raise _NothingToKeep
    except _NothingToKeep:
        pass
    except FileRejected as exc:
        _refused(report, exc.message)
        report.rows_not_read = getattr(exc, "rows_not_read", 0)
    except Exception:
        log.exception("import de %s", file_name)
        _refused(
            report,
            "Erreur inattendue pendant l'import : rien n'a été modifié. Signalez ce fichier à l'équipe technique.",
        )
    return report


class _NothingToKeep(Exception):
    """Ends the transaction of a file that loaded nothing (unchanged): rolled back, not an error."""


def _refused(report: FileReport, message: str) -> None:
    """A refused file: nothing loaded, every row read counted as not loaded, nothing said to be created
    (the rollback removed whatever the import had created on its way)."""
    report.status = "rejected"
    report.rows_loaded = 0
    report.rows_rejected = report.rows_read
    report.parent_actions = 0
    report.import_id = None
    report.issues.insert(0, Issue(None, None, None, "error", message))
    if report.created_provider:
        report.issues.insert(
            1,
            Issue(
                None,
                None,
                None,
                "info",
                f"Porteur « {report.created_provider} » inconnu "
                "du référentiel : il n'a pas été créé, puisque le fichier est refusé.",
            ),
        )
        report.created_provider = None


def _import(
    con,
    payload: list[bytes],
    report: FileReport,
    provider: str | None,
    school_year: str | None,
    imported_by: str | None,
    today: dt.date | None,
) -> None:
    data = payload.pop()
    _fmt, sheets = read_file(data)
    sha = hashlib.sha256(data).hexdigest()
    del data

    year = normalise_school_year(school_year) if school_year else None
    if school_year and not year:
        raise FileRejected(f"Année scolaire « {school_year} » invalide : écrivez-la 2024-2025.")
    # Provider and year: the options, else the workbook's title rows and sheet names, else the file name.
    custom = None
    tables, issues = find_tables(sheets, custom)
    texts = [t for tb in tables for t in tb.titles] + [s.name for s in sheets] + [report.file]
    if not year:
        for t in texts:
            year = normalise_school_year(t)
            if year:
                break
    created = False
    if provider:
        pid, pname, created = _resolve_provider(con, provider)
        report.created_provider = pname if created else None  # until the file is loaded, it may vanish
    else:
        hit = _detect_provider(con, texts)
        pid, pname = hit if hit else (None, None)
    report.provider, report.school_year = pname, year
    report.hints = [t for t in texts if t][:30]  # for the page's suggestion when the provider is missing
    if pid is None:
        report.needs.append("provider")
    if not year:
        report.needs.append("school_year")
    if report.needs:
        what = {
            "provider": "le porteur (option --provider « Nom du porteur »)",
            "school_year": "l'année scolaire (option --year 2024-2025)",
        }
        raise FileRejected(
            "Impossible de lire dans le fichier "
            + " ni ".join(what[n] for n in report.needs)
            + " : précisez-le pour importer ce fichier."
        )

    # A user's saved column mapping for this provider changes how headers read: locate again with it.
    custom = dict(db.write(con, "column_mappings_of_provider", provider_id=pid).fetchall())
    if custom:
        tables, issues = find_tables(sheets, custom)
    registers = [t for t in tables if t.kind == "register"]
    if not registers:
        raise FileRejected(
            "Aucun registre d'enfants trouvé : il faut une ligne de titres avec au moins Nom et Prénom (ou "
            "Nom et prénom) et Date de naissance. Feuilles lues : " + ", ".join(f"« {s.name} »" for s in sheets) + "."
        )

    current = load.current_import(con, pid, year)
    if current and current[1] == sha:
        # The same bytes: nothing to do, and the report the user wants is the one stored with them.
        stored = stored_report(con, current[0])
        report.status, report.stored, report.import_id = "unchanged", True, current[0]
        if stored is not None:
            report.rows_read, report.rows_loaded = stored.rows_read, stored.rows_loaded
            report.rows_rejected, report.parent_actions = stored.rows_rejected, stored.parent_actions
        when = f" le {stored.imported_at:%d/%m/%Y}" if stored is not None and stored.imported_at is not None else ""
        report.issues = [
            Issue(
                None,
                None,
                None,
                "warning",
                f"Ce fichier est déjà importé à l'identique{when} : rien n'a changé. Voici le compte "
                "rendu enregistré lors de cet import.",
            )
        ] + (stored.issues if stored else [])
        return

    # The « Équipe » sheet of the template (issue 15): the provider's team, loaded with its register.
    staff_tables = find_network_tables(sheets)[1]
    for s in sheets:  # every table is located and copied out: the raw grids can go (a large file's memory)
        s.rows = []
    give_back()
    prep = prepare_register(registers, year, Matcher.from_db(con), pseudonym_key(), today)
    actions, action_issues = prepare_actions([t for t in tables if t.kind == "actions"])
    for t in tables:  # prepared: the raw cells are no longer needed while the database is written
        t.data = t.data.iloc[0:0]
    gc.collect()  # the paused collector's one pass, now that the rows are gone (see clas/ingest/memory.py)
    give_back()
    staff, staff_issues, _ = prepare_staff(staff_tables, year)
    team_sheets = {t.sheet for t in staff_tables}
    issues = [i for i in issues if not (i.sheet in team_sheets and i.message.startswith("Feuille ignorée"))]
    all_issues = compact(
        issues + prep.issues + action_issues + staff_issues + load.also_followed_elsewhere(con, prep, pid, year)
    )
    report.rows_read, report.rows_rejected = prep.rows_read, prep.rows_rejected
    if prep.rows_read == 0:
        raise FileRejected("Le registre ne contient aucune ligne d'enfant sous sa ligne de titres.")
    if len(prep.enrolments) == 0:
        report.issues = all_issues
        raise FileRejected("Aucune ligne du registre n'est importable : corrigez les erreurs ci-dessous.")
    if created:
        all_issues.insert(
            0,
            Issue(
                None,
                None,
                None,
                "warning",
                f"Porteur « {pname} » inconnu du référentiel : il a été créé. Complétez son "
                "type et son quartier sur la page Référentiels.",
            ),
        )
    report.import_id = load.write(
        con,
        file_name=report.file,
        sha256=sha,
        provider_id=pid,
        school_year=year,
        imported_by=imported_by,
        prep=prep,
        actions=actions,
        issues=all_issues,
    )
    report.rows_loaded = len(prep.enrolments)
    report.parent_actions = len(actions)
    del prep, actions  # in the database now: their memory goes before child_year is rebuilt over them
    gc.collect()  # what of them the paused collector would otherwise keep
    give_back()
    load.write_staff(con, report.import_id, pid, year, staff)
    db.refresh_child_year(con, pid, year)
    report.status = "loaded"
    report.issues = all_issues
