"""What the Qualité des données page does besides reading queries: suggest reference schools for a
spelling that matched none, and record the match (so that this import and the next ones resolve it)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from clas.domain.fmt import plural
from clas.domain.textnorm import key
from clas.store import db
from clas.store.reference import strip_school_prefix

# Fields of the completeness heatmap, in the template's order, with their French labels.
COMPLETENESS_FIELDS = {
    "sex": "Sexe",
    "school": "École renseignée",
    "school_matched": "École reconnue",
    "neighbourhood": "Quartier",
    "pre": "Suivi PRE",
    "source": "Orienté par",
    "orientation_date": "Date d'orientation",
    "criteria": "Critères",
    "outcome": "Suite donnée",
    "entry_date": "Date d'entrée¹",
    "sessions_attended": "Séances suivies¹",
    "exit_reason": "Motif de sortie²",
    "welcome_interview": "Entretien d'accueil¹",
    "parent_meetings": "Réunions de parents¹",
    "parent_collective": "Collectif de parents¹",
}
COMPLETENESS_NOTE = (
    "Une case sans chiffre est complète (100 %). "
    "¹ parmi les enfants inscrits ; ² parmi les enfants sortis en cours d'année. "
    "« École reconnue » : l'école écrite a été retrouvée dans le référentiel."
)


@dataclass
class Suggestion:
    school_id: int
    name: str
    score: float  # 0-1, difflib ratio on the normalised names


_TYPE_HINTS = (
    ("ecole", "elementaire"),
    ("ee ", "elementaire"),
    ("ep ", "elementaire"),
    ("gs ", "elementaire"),
    ("coll", "college"),
    ("clg", "college"),
    ("lyc", "lycee"),
)


def suggest_schools(label: str, schools: pd.DataFrame, n: int = 3, cutoff: float = 0.5) -> list[Suggestion]:
    """The reference schools closest to what a provider wrote (schools: school_id, name[, type]).

    Names are compared as textnorm keys, with and without their 'école élémentaire / collège…' prefix, so
    'Ecole J. Jaures' is close to 'École élémentaire Jean Jaurès'; the best of the two scores counts, and a
    school of the kind the spelling starts with ('école…', 'coll…', 'lycée…') gets a small bonus, so the
    école and the collège of the same name are told apart.
    """
    k = key(label)
    ks = strip_school_prefix(k)
    hint = next((t for prefix, t in _TYPE_HINTS if k.startswith(prefix)), None)
    types = schools["type"] if "type" in schools else [None] * len(schools)
    scored = []
    for sid, name, typ in zip(schools["school_id"], schools["name"], types):
        nk = key(name)
        score = max(
            difflib.SequenceMatcher(None, k, nk).ratio(),
            difflib.SequenceMatcher(None, ks, strip_school_prefix(nk)).ratio(),
        )
        if hint and typ == hint:
            score += 0.05
        if score >= cutoff:
            scored.append(Suggestion(int(sid), name, round(min(score, 1.0), 3)))
    scored.sort(key=lambda s: (-s.score, s.name))
    return scored[:n]


def record_school_alias(label: str, school_id: int, path: str | Path | None = None) -> int:
    """Record that `label` (as a provider wrote it) means reference school `school_id`; returns how many
    existing rows now point to that school. See record_school_aliases."""
    return record_school_aliases({label: school_id}, path)[label]


def record_school_aliases(matches: dict[str, int], path: str | Path | None = None) -> dict[str, int]:
    """Record {label as written: reference school id}, all in one write and one transaction.

    For each: the alias (keyed by textnorm.key, as the importer's Matcher reads school_aliases, so the next
    imports resolve it) and the existing rows whose school was written that way (any spelling with the same
    key) now point to the school. Returns {label: rows updated}.
    """
    aliases = {label: key(label) for label in matches}
    if not all(aliases.values()):
        raise ValueError("libellé d'école vide")
    out: dict[str, int] = {}
    with db.writing(path) as con:
        known = {sid for (sid,) in db.write(con, "school_ids").fetchall()}
        missing = [sid for sid in matches.values() if int(sid) not in known]
        if missing:
            raise ValueError(f"{plural(len(missing), 'école absente')} du référentiel : {missing}")
        unmatched = [lbl for (lbl,) in db.write(con, "unmatched_school_labels").fetchall()]
        with db.transaction(con):
            for label, school_id in matches.items():
                alias = aliases[label]
                db.write(con, "school_alias_upsert", alias_key=alias, school_id=int(school_id))
                out[label] = 0
                for lbl in (x for x in unmatched if key(x) == alias):
                    out[label] += db.write(
                        con, "enrolments_match_school", school_id=int(school_id), school_label=lbl
                    ).fetchall()[0][0]
    return out


def short_id(child_id: str) -> str:
    """The first characters of a pseudonymous id: enough to tell children apart on screen."""
    return str(child_id)[:10]
