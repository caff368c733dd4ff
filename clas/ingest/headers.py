"""Reading a column title the way a careful person does: by score, not by exact spelling.

Each known way of titling a field (clas/ingest/columns.py) is a set of meaning-bearing words. A title
matches it when every one of those words is in the title, written in full or cut short (any prefix of at
least 3 letters, « Naiss. », « Coll. »), in any order, with other words around (« Date d'orientation par
l'école »), with units in brackets dropped (« Séances (nb) »); or when the title is the initials of it
(« DDN », « EA »). The score rewards covering the known words and, less, covering the title's words:
    score = quality of the known words found × (1/2 + 1/2 × share of the title's words used)
A confident match is applied (and listed in the report), a close call between two fields or a weak score is
proposed for confirmation, anything else is reported as unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from clas.domain.textnorm import key

CONFIDENT, PROPOSED, MARGIN = 0.7, 0.45, 0.1
STOPWORDS = {
    "de",
    "d",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "a",
    "au",
    "aux",
    "en",
    "et",
    "par",
    "pour",
    "sur",
    "dans",
    "of",
    "the",
    "un",
    "une",
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True)
class HeaderMatch:
    field: str
    score: float
    exact: bool  # the title is one of the known spellings (nothing to explain)
    runner_up: str | None = None
    runner_up_score: float = 0.0

    @property
    def confident(self) -> bool:
        return self.exact or (self.score >= CONFIDENT and self.score - self.runner_up_score >= MARGIN)

    @property
    def proposed(self) -> bool:
        return not self.confident and self.score >= PROPOSED


def title_key(text: object) -> str:
    """The key of a title without its bracketed units or remarks (kept when nothing else is left)."""
    raw = "" if text is None else str(text)
    bare = key(_BRACKETS.sub(" ", raw))
    return bare or key(raw)


def _content(tokens: tuple[str, ...]) -> tuple[str, ...]:
    kept = tuple(t for t in tokens if t not in STOPWORDS)
    return kept or tokens


class _Index:
    """The known spellings of one table (register or actions), ready for scoring."""

    def __init__(self, spellings: dict[str, str]):
        self.spellings = spellings
        self.entries: list[tuple[tuple[str, ...], str]] = []
        self.by_prefix: dict[str, set[int]] = {}
        self.initials: dict[str, set[str]] = {}
        for k, f in spellings.items():
            tokens = tuple(k.split())
            content = _content(tokens)
            n = len(self.entries)
            self.entries.append((content, f))
            for t in content:
                self.by_prefix.setdefault(t[:3], set()).add(n)
            if len(tokens) >= 2:
                for ini in {"".join(t[0] for t in tokens), "".join(t[0] for t in content)}:
                    if len(ini) >= 2:
                        self.initials.setdefault(ini, set()).add(f)
        self.words = {t for content, _ in self.entries for t in content}

    @lru_cache(maxsize=4096)  # noqa: B019 (one matcher per process; its cache is the point)
    def match(self, title: str) -> HeaderMatch | None:
        if not title:
            return None
        if title in self.spellings:
            return HeaderMatch(self.spellings[title], 1.0, True)
        tokens = _content(tuple(title.split()))
        if len(tokens) > 8:
            return None  # a sentence or a note, not a title
        best: dict[str, float] = {}
        candidates = set().union(*(self.by_prefix.get(t[:3], set()) for t in tokens if len(t) >= 3))
        candidates |= {i for i, (content, _) in enumerate(self.entries) if len(content) == 1 and content[0] in tokens}
        for i in candidates:
            content, f = self.entries[i]
            s = _score(content, tokens)
            if s > best.get(f, 0.0):
                best[f] = s
        if len(tokens) == 1 and 2 <= len(tokens[0]) <= 5 and tokens[0] not in self.words:
            for f in self.initials.get(tokens[0], ()):
                best[f] = max(best.get(f, 0.0), 0.8)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        (field, score), rest = ranked[0], ranked[1:]
        runner = next(((f, s) for f, s in rest if f != field), (None, 0.0))
        return HeaderMatch(field, round(score, 3), False, runner[0], round(runner[1], 3))


def _quality(h: str, s: str) -> float:
    if h == s:
        return 1.0
    if len(h) >= 3 and s.startswith(h):
        return 0.9  # cut short: « naiss » for « naissance »
    if len(s) >= 4 and h.startswith(s) and len(h) - len(s) <= 3:
        return 0.9  # plural or feminine: « orientee » for « oriente »
    return 0.0


def _score(known: tuple[str, ...], title: tuple[str, ...]) -> float:
    used: set[int] = set()
    total = 0.0
    for s in known:
        best_j, best_q = -1, 0.0
        for j, h in enumerate(title):
            if j not in used:
                q = _quality(h, s)
                if q > best_q:
                    best_j, best_q = j, q
        if best_j < 0:
            return 0.0
        used.add(best_j)
        total += best_q
    return total / len(known) * (0.5 + 0.5 * len(used) / len(title))


_INDEXES: dict[int, _Index] = {}


def index_for(spellings: dict[str, str]) -> _Index:
    ix = _INDEXES.get(id(spellings))
    if ix is None or ix.spellings is not spellings:
        ix = _INDEXES[id(spellings)] = _Index(spellings)
    return ix
