"""The Imports page's helpers about trust: which provider a file probably belongs to (a suggestion, never a
silent choice) and the report stored with a past import."""
from __future__ import annotations

from pathlib import Path

from clas.domain.textnorm import key
from clas.store import db


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
            ratio = max((difflib.SequenceMatcher(None, nk, t[i:i + len(nk)]).ratio()
                         for i in range(0, max(len(t) - len(nk), 0) + 1, max(len(nk) // 4, 1))), default=0.0)
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
