"""What the Référentiels page saves: a reference table (schools, neighbourhoods, providers) made equal to a
checked one, and the small-cell threshold.

A table is saved in one transaction, or not at all. Rows that other data point to are never deleted (a school
that children attend, a provider that sent files): they are kept and the page says so. What each table holds
is clas/workspace/referential_specs.py; checking it, referential_checks.py; reading a file,
referential_files.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clas.domain import vocab
from clas.domain.fmt import count, plural
from clas.domain.textnorm import key
from clas.store import db
from clas.store.reference import Matcher

SAVED = {
    "schools": "Écoles enregistrées",
    "neighbourhoods": "Quartiers enregistrés",
    "providers": "Porteurs enregistrés",
}
THRESHOLD_SETTING = "small_cell_threshold"
THRESHOLD_RANGE = (2, 50)


@dataclass
class Saved:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    kept: list[str] = field(default_factory=list)  # rows that should have gone but are in use
    rematched: int = 0  # enrolments whose school is now recognised

    def message(self, kind: str) -> str:
        parts = [
            f"{SAVED[kind]} : {count(self.added, 'ajout')}, {count(self.updated, 'ligne mise', 'lignes mises')} "
            f"à jour, {count(self.deleted, 'suppression')}."
        ]
        if self.kept:
            parts.append("Conservés car utilisés par des données importées : " + ", ".join(self.kept) + ".")
        if self.rematched:
            parts.append(
                f"{count(self.rematched, 'ligne', 'lignes')} d'inscription "
                f"{plural(self.rematched, 'a', 'ont')} désormais une école reconnue."
            )
        return " ".join(parts)


# --- saving ----------------------------------------------------------------------------------------------


def save_table(kind: str, frame: pd.DataFrame, path: str | Path | None = None) -> Saved:
    """Make the reference table `kind` equal to `frame` (a validated Checked.frame), in one transaction.

    Rows are matched to the existing ones by id when the frame has one (the page's editor), else by their
    natural key (neighbourhood code, school UAI or name, provider name). Existing rows absent from the frame
    are deleted unless imported data uses them (then kept, and listed in the result).
    """
    with db.writing(path) as con, db.transaction(con):
        saved = {"neighbourhoods": _save_neighbourhoods, "schools": _save_schools, "providers": _save_providers}[kind](
            con, frame
        )
    return saved


def _rows(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v) for k, v in r.items()}
        for r in frame.to_dict("records")
    ]


def _save_neighbourhoods(con, frame: pd.DataFrame) -> Saved:
    s = Saved()
    existing = {c for (c,) in db.write(con, "neighbourhood_codes").fetchall()}
    wanted = set()
    for r in _rows(frame):
        wanted.add(r["code"])
        params = {k: r.get(k) for k in ("code", "name", "priority_area", "children_6_10", "children_11_14")}
        if r["code"] in existing:
            db.write(con, "neighbourhood_update", **params)
            s.updated += 1
        else:
            db.write(con, "neighbourhood_insert", **params)
            s.added += 1
    for code in sorted(existing - wanted):
        used = db.write(con, "neighbourhood_in_use", code=code).fetchall()[0][0]
        if used:
            s.kept.append(f"quartier {code}")
        else:
            db.write(con, "neighbourhood_delete", code=code)
            s.deleted += 1
    return s


def _save_schools(con, frame: pd.DataFrame) -> Saved:
    s = Saved()
    rows = db.write(con, "schools_by_id").fetchall()
    by_id = {sid: (uai, name) for sid, uai, name in rows}
    by_uai = {uai: sid for sid, uai, _ in rows if uai}
    by_name = {key(name): sid for sid, uai, name in rows}
    kept_ids = set()
    for r in _rows(frame):
        sid = r.get("school_id")
        if sid is None or sid not in by_id:
            sid = by_uai.get(r["uai"]) if r.get("uai") else None
            if sid is None and not r.get("uai"):
                sid = by_name.get(key(r["name"]))
        params = {
            "uai": r.get("uai"),
            "name": r["name"],
            "type": r["type"],
            "neighbourhood_code": r.get("neighbourhood_code"),
            "priority_education": bool(r.get("priority_education")),
        }
        if sid is not None and sid not in kept_ids:
            # Free the UAI first if another row holds it (two rows swapping codes in the editor).
            if params["uai"]:
                db.write(con, "school_uai_release", uai=params["uai"], school_id=sid)
            db.write(con, "school_update", **params, school_id=sid)
            s.updated += 1
        else:
            sid = db.write(con, "school_insert", **params).fetchall()[0][0]
            s.added += 1
        kept_ids.add(sid)
    for sid, (_uai, name) in sorted(by_id.items()):
        if sid in kept_ids:
            continue
        used = db.write(con, "school_in_use", school_id=sid).fetchall()[0][0]
        if used:
            s.kept.append(name)
        else:
            db.write(con, "school_delete", school_id=sid)
            s.deleted += 1
    s.rematched = rematch_schools(con)
    return s


def rematch_schools(con) -> int:
    """Rows whose school matched no reference school, matched again against the (new) reference."""
    matcher = Matcher.from_db(con)
    pending = db.write(con, "unmatched_school_labels_by_grade").fetchall()
    n = 0
    for label, grade in pending:
        sid = matcher.school(label, vocab.GRADE_BAND_OF.get(grade))
        if sid is not None:
            n += db.write(
                con, "enrolments_match_school_grade", school_id=sid, school_label=label, grade=grade
            ).fetchall()[0][0]
    return n


def _save_providers(con, frame: pd.DataFrame) -> Saved:
    s = Saved()
    rows = db.write(con, "provider_names").fetchall()
    by_id = dict(rows)
    by_name = {key(name): pid for pid, name in rows}
    kept_ids = set()
    for r in _rows(frame):
        pid = r.get("provider_id")
        if pid is None or pid not in by_id:
            pid = by_name.get(key(r["name"]))
        params = {k: r.get(k) for k in ("name", "type", "neighbourhood_code", "latitude", "longitude")}
        if pid is not None and pid not in kept_ids:
            db.write(con, "provider_update", **params, provider_id=pid)
            s.updated += 1
        else:
            pid = db.write(con, "provider_insert_reference", **params).fetchall()[0][0]
            s.added += 1
        kept_ids.add(pid)
    for pid, name in sorted(by_id.items()):
        if pid in kept_ids:
            continue
        used = db.write(con, "provider_in_use", provider_id=pid).fetchall()[0][0]
        if used:
            s.kept.append(name)
        else:
            db.write(con, "provider_delete", provider_id=pid)
            s.deleted += 1
    return s


# --- settings --------------------------------------------------------------------------------------------


def set_small_cell_threshold(value: int, path: str | Path | None = None) -> int:
    lo, hi = THRESHOLD_RANGE
    value = int(value)
    if not lo <= value <= hi:
        raise ValueError(f"Le seuil doit être compris entre {lo} et {hi}.")
    with db.writing(path) as con:
        db.write(con, "setting_set", name=THRESHOLD_SETTING, value=str(value))
    return value
