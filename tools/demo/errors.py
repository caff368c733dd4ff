"""Deliberate mistakes in the demo registers, so the demo exercises the import report.

About 1 % of rows carry one. Each is recorded (file, sheet, row, child, column, what was written and
what the importer is expected to make of it) in the manifest that write_demo_workbooks returns, so
tests can hold the importer's report against it.
"""

from __future__ import annotations

import dataclasses
import random
import unicodedata
from datetime import timedelta

from clas.domain.vocab import GRADE_BAND_OF
from tools.demo.population import Record

# kind, how many over the whole demo, column, what the import should do with the row
PLAN = [
    ("missing_birth_date", 4, "birth_date", "error"),
    ("unknown_grade", 3, "grade", "error"),
    ("exit_before_entry", 3, "exit_date", "error"),
    ("negative_sessions", 3, "sessions", "error"),
    ("future_birth_date", 3, "birth_date", "error"),
    ("missing_neighbourhood", 4, "neighbourhood", "warning"),
    ("unknown_school", 3, "school", "warning"),
    ("school_spelling", 6, "school", "match"),  # accents or case differ: must still match
    ("duplicate_row", 1, None, "warning"),  # the second row is not loaded twice
]
UNKNOWN_SCHOOLS = {
    "elementaire": ["École élémentaire Jean Zay", "École privée Sainte-Geneviève"],
    "college": ["Collège privé Saint-Joseph"],
    "lycee": ["Lycée Jean Zay"],
}


def _no_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


_SPELLINGS = [_no_accents, str.upper, lambda s: _no_accents(s).lower(), lambda s: _no_accents(s).upper()]


def inject(records: dict[str, list[Record]], seed: str = "clas-demo/errors") -> list[dict]:
    """Write mistakes into `records` (overrides, and one duplicated row); return what was done."""
    rng = random.Random(seed)
    # Only plain enrolled rows: a reoriented child's pair stays clean so its two rows still link.
    candidates = [
        r
        for year in records
        for r in records[year]
        if r.outcome == "inscrit" and r.follows is None and r.exit_reason != "reorientation"
    ]
    rng.shuffle(candidates)
    used_files: dict[tuple, int] = {}
    done = []
    for kind, count, column, expect in PLAN:
        for _ in range(count):
            # Spread the mistakes over files: take the candidate whose file has the fewest so far.
            rec = min(candidates[:60], key=lambda r: used_files.get((r.provider, r.year), 0))
            candidates.remove(rec)
            used_files[(rec.provider, rec.year)] = used_files.get((rec.provider, rec.year), 0) + 1
            if kind == "duplicate_row":
                rows = records[rec.year]
                twin = dataclasses.replace(rec, rid=rec.rid + "-bis", copy_of=rec.rid, overrides=dict(rec.overrides))
                rows.insert(rows.index(rec) + 1, twin)
                written = None
            else:
                written = rec.overrides[column] = _apply(kind, rec, rng)
            done.append(
                {
                    "kind": kind,
                    "expect": expect,
                    "column": column,
                    "rid": rec.rid,
                    "provider": rec.provider,
                    "school_year": rec.year,
                    "last_name": rec.child.last_name,
                    "first_name": rec.child.first_name,
                    "written": None if written is None else str(written),
                }
            )
    return done


def _apply(kind: str, rec: Record, rng: random.Random):
    """The value written instead of the true one (None for a blank cell)."""
    if kind in ("missing_birth_date", "missing_neighbourhood"):
        return None
    if kind == "unknown_grade":
        return "CM3"
    if kind == "exit_before_entry":
        return rec.entry_date - timedelta(days=rng.randint(5, 40))
    if kind == "negative_sessions":
        return -rng.randint(2, 30)
    if kind == "future_birth_date":  # a typo in the decade: 2014 typed 2034
        return rec.child.birth_date.replace(year=rec.child.birth_date.year + 20)
    if kind == "unknown_school":
        return rng.choice(UNKNOWN_SCHOOLS[GRADE_BAND_OF[rec.grade]])
    if kind == "school_spelling":
        return rng.choice([f for f in _SPELLINGS if f(rec.school) != rec.school])(rec.school)
    raise ValueError(kind)
