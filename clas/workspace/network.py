"""The network's write actions: a network workbook imported (sessions and teams), a session entered in the
form of « Vie du réseau », a session deleted. One file, one transaction: a refused file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path

import duckdb
import pandas as pd

from clas.domain import fmt
from clas.domain import network_vocab as V
from clas.domain.textnorm import key
from clas.ingest import normalise_school_year
from clas.ingest.errors import FileRejected
from clas.ingest.network import find_network_tables, prepare_sessions, prepare_staff, school_year_of
from clas.ingest.read import read_file
from clas.ingest.report import STATUS_LABELS, FileReport, Issue
from clas.store.db import transaction, write
from clas.store.reference import Matcher, provider_lookup

log = logging.getLogger(__name__)
_CITY = ("ville", "mairie", "service municipal", "municipalite", "direction de l education")
_PRE = ("pre", "reussite educative", "programme de reussite educative")
_SCHOOL = ("ecole", "college", "lycee", "groupe scolaire", "rased", "circonscription", "education nationale")


def resolve_institution(text: str | None, matcher: Matcher, providers: dict) -> tuple[str, int | None, int | None]:
    """(institution type, school id, provider id) of what a sheet or the form wrote."""
    k = key(text)
    if not k:
        return "autre", None, None
    sid = matcher.school(text, None)
    if sid is not None:
        return "ecole", sid, None
    hit = providers.get(k)
    if hit:
        return "porteur", None, hit[0]
    if k in _PRE or k.startswith("pre "):
        return "pre", None, None
    if any(k.startswith(w) for w in _CITY):
        return "ville", None, None
    if any(k.startswith(w) for w in _SCHOOL):
        return "ecole", None, None
    return "autre", None, None


def _insert_sessions(con, lines: pd.DataFrame, network_file_id: int | None, entered_by: str | None) -> int:
    matcher, providers = Matcher.from_db(con), provider_lookup(con)
    n = 0
    for (d, title), grp in lines.groupby(["session_date", "title"], sort=True):
        first = grp.iloc[0]
        write(con, "network_session_participants_delete", session_date=d, title=title)
        write(con, "network_session_delete", session_date=d, title=title)
        sid = write(
            con,
            "network_session_insert",
            school_year=school_year_of(d),
            session_date=d,
            title=title,
            theme=first["theme"],
            duration_hours=None if pd.isna(first["duration_hours"]) else float(first["duration_hours"]),
            organiser=first["organiser"],
            network_file_id=network_file_id,
            entered_by=entered_by,
        ).fetchall()[0][0]
        for rec in grp.to_dict("records"):
            typ, school_id, provider_id = resolve_institution(rec["institution"], matcher, providers)
            write(
                con,
                "network_participants_insert",
                session_id=sid,
                profession=rec["profession"],
                institution_type=typ,
                institution=rec["institution"],
                school_id=school_id,
                provider_id=provider_id,
                participants=int(rec["participants"]),
            )
        n += 1
    return n


def import_network_file(
    con: duckdb.DuckDBPyConnection, source: Path | bytes, file_name: str | None = None, imported_by: str | None = None
) -> FileReport:
    """Import a network workbook (« Vie du réseau » and/or « Équipes » sheets). Never raises for a bad file."""
    if isinstance(source, (str, Path)):
        file_name = file_name or Path(source).name
        data = Path(source).read_bytes()
    else:
        data = source
    report = FileReport(file_name or "fichier")
    try:
        with transaction(con):
            _import(con, data, report, imported_by)
            if report.status != "loaded":
                raise _NothingToKeep  # unchanged: rolled back, nothing kept
    except _NothingToKeep:
        pass
    except FileRejected as exc:
        report.status, report.rows_loaded = "rejected", 0
        report.issues.insert(0, Issue(None, None, None, "error", exc.message))
    except Exception:
        log.exception("import réseau de %s", report.file)
        report.status, report.rows_loaded = "rejected", 0
        report.issues.insert(
            0,
            Issue(
                None,
                None,
                None,
                "error",
                "Erreur inattendue pendant l'import : rien n'a été modifié. Signalez ce fichier à l'équipe technique.",
            ),
        )
    return report


class _NothingToKeep(Exception):
    """Ends the transaction of a file that loaded nothing (unchanged): rolled back, not an error."""


def _import(con, data: bytes, report: FileReport, imported_by: str | None) -> None:
    _fmt, sheets = read_file(data)
    sha = hashlib.sha256(data).hexdigest()
    session_tables, staff_tables = find_network_tables(sheets)
    if not session_tables and not staff_tables:
        raise FileRejected(
            "Aucune feuille « Vie du réseau » (Date, Intitulé, Thème, Profession, Participants) ni "
            "« Équipes » (Porteur, Statut, Nombre de personnes) trouvée. Feuilles lues : "
            + ", ".join(f"« {s.name} »" for s in sheets)
            + "."
        )
    if write(con, "network_file_same", sha256=sha).fetchall():
        report.status = "unchanged"
        report.issues = [
            Issue(None, None, None, "warning", "Ce fichier est déjà importé à l'identique : rien n'a changé.")
        ]
        return
    year = next((y for y in (normalise_school_year(t) for t in [report.file] + [s.name for s in sheets]) if y), None)
    lines, issues, rejected = prepare_sessions(session_tables)
    staff, staff_issues, staff_rejected = prepare_staff(staff_tables, year)
    providers = provider_lookup(con)
    keep = []
    for rec in staff.to_dict("records"):
        hit = providers.get(key(rec["provider"]))
        if hit is None:
            staff_issues.append(
                Issue(
                    rec["sheet"],
                    rec["row"],
                    "Porteur",
                    "error",
                    f"Porteur « {rec['provider'] or ''} » absent du référentiel : ligne non importée.",
                )
            )
            staff_rejected += 1
            continue
        keep.append({**rec, "provider_id": hit[0]})
    report.rows_read = len(lines) + rejected + len(staff) + staff_rejected
    report.rows_rejected = rejected + staff_rejected
    report.issues = issues + staff_issues
    if not len(lines) and not keep:
        raise FileRejected("Aucune ligne importable : corrigez les erreurs ci-dessous.")
    fid = write(
        con,
        "network_file_insert",
        file_name=report.file,
        sha256=sha,
        imported_by=imported_by,
        sessions=0,
        staff_rows=len(keep),
    ).fetchall()[0][0]
    n_sessions = _insert_sessions(con, lines, fid, imported_by) if len(lines) else 0
    for provider_id, school_year in {(r["provider_id"], r["school_year"]) for r in keep}:
        write(con, "staff_city_delete", provider_id=provider_id, school_year=school_year)
    for r in keep:
        write(
            con,
            "staff_insert",
            import_id=None,
            network_file_id=fid,
            provider_id=r["provider_id"],
            school_year=r["school_year"],
            role=r["role"],
            status=r["status"],
            people=r["people"],
            hours_per_week=r["hours_per_week"],
        )
    write(con, "network_file_sessions", sessions=n_sessions, network_file_id=fid)
    report.status = "loaded"
    report.rows_loaded = len(lines) + len(keep)
    report.school_year = year


def add_session(
    con: duckdb.DuckDBPyConnection,
    *,
    session_date: dt.date,
    title: str,
    theme: str,
    duration_hours: float | None,
    organiser: str | None,
    participants: pd.DataFrame,
    entered_by: str | None,
) -> list[str]:
    """A session entered in the form (participants: profession, institution, participants). Returns the
    French problems; nothing is written when there is one."""
    problems = []
    if not title or not title.strip():
        problems.append("Intitulé manquant.")
    if theme not in V.THEMES:
        problems.append("Thème absent de la liste.")
    rows = participants.dropna(subset=["profession"]) if len(participants) else participants
    lines = []
    for i, rec in enumerate(rows.to_dict("records"), start=1):
        prof = V.code("profession", rec["profession"])
        n = rec.get("participants")
        if prof is None:
            problems.append(f"Ligne {i} : profession « {rec['profession']} » absente de la liste.")
        if n is None or pd.isna(n) or int(n) != n or n < 0:
            problems.append(f"Ligne {i} : nombre de participants manquant ou invalide.")
        else:
            lines.append(
                {
                    "session_date": session_date,
                    "title": title.strip(),
                    "theme": theme,
                    "duration_hours": duration_hours,
                    "organiser": organiser or None,
                    "profession": prof,
                    "institution": rec.get("institution") or None,
                    "participants": int(n),
                }
            )
    if not lines and not problems:
        problems.append("Indiquez au moins une ligne de participants (profession et nombre).")
    if problems:
        return problems
    with transaction(con):
        _insert_sessions(con, pd.DataFrame(lines), None, entered_by)
    return []


def delete_session(con: duckdb.DuckDBPyConnection, session_id: int) -> None:
    write(con, "network_session_participants_remove", session_id=session_id)
    write(con, "network_session_remove", session_id=session_id)


# --- from the page: each action through the atomic writer (a refused file leaves the live file as it was) --


def save_session(path=None, **session) -> list[str]:
    from clas.store import db

    with db.writing(path) as con:
        return add_session(con, **session)


def import_network_upload(data: bytes, file_name: str, imported_by: str | None, path=None) -> FileReport:
    from clas.store import audit, db

    with db.writing(path) as con:
        report = import_network_file(con, data, file_name, imported_by=imported_by)
    audit.record(
        imported_by,
        "service",
        "import",
        f"{file_name} (vie du réseau) : {STATUS_LABELS.get(report.status, report.status)}, {fmt.count(report.rows_loaded, 'ligne importée')}",
        path=audit.audit_path(path),
    )
    return report
