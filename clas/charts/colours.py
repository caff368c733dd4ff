"""One colour per category, fixed, in one place (issue 9): a source, an outcome, a criterion, an action type,
a provider type or a grade band keeps its colour in every chart, whichever role looks and whichever
categories the filters leave (a colour taken by position in the categories present would change meaning
between views). The annual report draws with the same builders, hence the same colours.
"""

from __future__ import annotations

from clas.domain import vocab

# Okabe–Ito first (colour-blind safe), then darker / lighter companions for the long lists (15 criteria).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
EXTRA = ["#004C7A", "#9C6B00", "#006B4F", "#8F3E00", "#2E86B8", "#8A4F72", "#A89C2E", "#6E6E6E"]
MUTED = "#8c96a0"
UNKNOWN = "#c9ced6"  # « non renseigné », « autre » categories not in the vocabulary

_BY_KIND = {
    "source": list(vocab.SOURCES),
    "criterion": list(vocab.CRITERIA),
    "action_type": list(vocab.PARENT_ACTION_TYPES),
    "grade_band": list(vocab.GRADE_BANDS),
}
_FIXED = {
    # outcomes read as traffic lights: enrolled green, waiting orange, refused red, no follow-up grey
    "outcome": {
        "inscrit": OKABE_ITO[2],
        "liste_attente": OKABE_ITO[1],
        "refus_famille": OKABE_ITO[3],
        "sans_suite": MUTED,
        "non_renseigne": UNKNOWN,
    },
    "provider_type": {"municipal": OKABE_ITO[1], "associatif": OKABE_ITO[3]},
}
_ALL = OKABE_ITO[:7] + EXTRA


def colour(kind: str, code: str | None) -> str:
    """The colour of a category code of a vocabulary kind (source, outcome, criterion, action_type,
    provider_type, grade_band); UNKNOWN for a code outside the vocabulary or missing."""
    if kind in _FIXED:
        return _FIXED[kind].get(code, UNKNOWN)
    codes = _BY_KIND[kind]
    return _ALL[codes.index(code) % len(_ALL)] if code in codes else UNKNOWN


def colour_of_label(label: str, fallback: str) -> str:
    """The colour of a category known by its French label (the Explorer's legends), else `fallback`."""
    for kind in (*_FIXED, *_BY_KIND):
        for code, text in vocab.LABELS.get(kind, {}).items():
            if text == label:
                return colour(kind, code)
    return fallback
