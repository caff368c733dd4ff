"""Short French sentences written from the data, for the annual report's main facts.

Pure functions: numbers in, one sentence out (or None when there is nothing publishable to say). French
formatting through clas.domain.fmt (no-break spaces, decimal comma, real minus sign); small counts of units
(providers, neighbourhoods) in words, as French typography wants in running text.
"""

from __future__ import annotations

from clas.domain import fmt

NBSP = fmt.NBSP
# How each indicator is named in a sentence (the card's label is a title, not a subject).
SUBJECTS = {
    "children_followed": "Le nombre d'enfants accompagnés",
    "providers_active": "Le nombre de porteurs actifs",
    "schools_orienting": "Le nombre d'écoles ayant orienté des élèves",
    "priority_area_share": "La part des enfants habitant un quartier prioritaire",
    "coverage_rate": "La couverture du territoire",
    "families_reached_share": "La part des familles touchées par une action collective",
    "teacher_share": "La part des orientations faites par l'école",
    "median_days_to_entry": "Le délai médian entre l'orientation et l'entrée",
}

_WORDS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
]


def number_words(n: int, feminine: bool = False) -> str:
    """3 -> 'trois', 1 -> 'un' / 'une'; from 17 on, figures ('1 234')."""
    n = int(n)
    if 0 <= n < len(_WORDS):
        return "une" if (n == 1 and feminine) else _WORDS[n]
    return fmt.number(n)


def capitalise(s: str) -> str:
    return s[:1].upper() + s[1:]


def count_phrase(n: int, singular: str, plural: str, feminine: bool = False) -> str:
    """'trois porteurs', 'un porteur', 'aucun porteur' (words for small counts)."""
    if n == 0:
        return ("aucune " if feminine else "aucun ") + singular
    return f"{number_words(n, feminine)} {singular if n == 1 else plural}"


def join_names(names: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B et C'."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " et " + names[-1]


def _points(diff: float, decimals: int = 1) -> str:
    """A change of percentage points: '+0,3 point', '−2,5 points' (plural from 2 on, as in French)."""
    word = "point" if round(abs(diff), decimals) < 2 else "points"
    return fmt.signed_number(diff, decimals, f"{NBSP}{word}")


def _days(n: float) -> str:
    return fmt.number(n) + NBSP + ("jour" if abs(round(n)) < 2 else "jours")


def change(subject: str, before: float | None, after: float | None, kind: str) -> str | None:
    """How an indicator moved from one year to the next, e.g.
    change("Le nombre d'enfants accompagnés", 712, 698, "count")
    -> "Le nombre d'enfants accompagnés passe de 712 à 698 (−2,0 %)."

    kind: 'count' (relative change), 'share' (0–1 ratio, change in points), 'rate100' (per 100, change in
    points), 'days'. before None: the value alone; after None (hidden or missing): None.
    """
    if after is None:
        return None
    text = {
        "count": fmt.number,
        "share": fmt.percent,
        "rate100": lambda v: fmt.number(v, 1) + f"{NBSP}pour{NBSP}100",
        "days": _days,
    }[kind]
    if before is None:
        return f"{subject} est de {text(after)}."
    if kind == "count":
        if round(before) == round(after):
            return f"{subject} est stable, à {text(after)}."
        detail = fmt.signed_percent(after / before - 1) if before else None
    elif kind == "share":
        diff = round(after * 100, 1) - round(before * 100, 1)
        if diff == 0:
            return f"{subject} est stable, à {text(after)}."
        detail = _points(diff)
    elif kind == "rate100":
        diff = round(after, 1) - round(before, 1)
        if diff == 0:
            return f"{subject} est stable, à {text(after)}."
        detail = _points(diff)
    else:
        diff = round(after) - round(before)
        if diff == 0:
            return f"{subject} est stable, à {text(after)}."
        detail = fmt.signed_number(diff, 0, NBSP + ("jour" if abs(diff) < 2 else "jours"))
    return f"{subject} passe de {text(before)} à {text(after)}" + (f" ({detail})." if detail else ".")


def funnel_flags(
    above: list[str], below: list[str], singular: str = "porteur", plural: str = "porteurs", feminine: bool = False
) -> list[str]:
    """'Trois porteurs se situent au-dessus de la limite haute à 99,8 % : A, B et C.' and the same below;
    one sentence saying so when no unit is outside the limits."""
    out = []
    for names, side in ((above, "au-dessus de la limite haute"), (below, "en dessous de la limite basse")):
        if names:
            verb = "se situe" if len(names) == 1 else "se situent"
            out.append(
                f"{capitalise(count_phrase(len(names), singular, plural, feminine))} {verb} {side} à "
                f"99,8{NBSP}% : {join_names(names)}."
            )
    if not out:
        none = "Aucune" if feminine else "Aucun"
        out.append(
            f"{none} {singular} ne se situe en dehors des limites à 99,8{NBSP}% : les écarts au taux "
            "d'ensemble restent compatibles avec le hasard."
        )
    return out


def unevenness(
    minimum: float, maximum: float, ratio: float | None, units: int, threshold: int, plural: str = "porteurs"
) -> str | None:
    """'Selon les porteurs, la part des familles touchées va de 12 % à 68 % (5,7 fois plus), …'."""
    if units < 2 or minimum is None or maximum is None:
        return None
    times = f", soit {fmt.number(ratio, 1)} fois plus" if ratio is not None and ratio == ratio else ""
    return (
        f"Selon les {plural}, la part des familles touchées par une action collective va de "
        f"{fmt.percent(minimum, 0)} à {fmt.percent(maximum, 0)}{times} (sur {number_words(units)} {plural} "
        f"d'au moins {number_words(threshold, feminine=True)} familles)."
    )


def coverage_groups(priority: float | None, other: float | None) -> str | None:
    """Coverage in priority areas against the other neighbourhoods (rates per 100; None when hidden)."""
    if priority is None or other is None:
        return None
    return (
        f"Dans les quartiers prioritaires, {fmt.number(priority, 1)} enfants sur 100 sont accompagnés, "
        f"contre {fmt.number(other, 1)} dans les autres quartiers."
    )


def zero_neighbourhoods(names: list[str]) -> str | None:
    if not names:
        return None
    n = len(names)
    return (
        f"{capitalise(count_phrase(n, 'quartier', 'quartiers'))} "
        f"{'ne compte' if n == 1 else 'ne comptent'} aucun enfant accompagné : {join_names(names)}."
    )


def orientations(forms: int | None, teacher_share: float | None) -> str | None:
    if forms is None:
        return None
    s = f"Les porteurs ont reçu {fmt.number(forms)} fiches d'orientation"
    if teacher_share is not None:
        s += f", dont {fmt.percent(teacher_share, 0)} remplies par un enseignant ou l'équipe éducative"
    return s + "."


def waiting(waiting_forms: int | None, providers: int) -> str | None:
    """'Faute de place, 45 fiches d'orientation sont restées en liste d'attente, chez trois porteurs.'
    (None when the count is hidden)."""
    if waiting_forms is None:
        return None
    if waiting_forms == 0:
        return "Aucune fiche d'orientation n'est restée en liste d'attente."
    forms = "fiche d'orientation est restée" if waiting_forms == 1 else "fiches d'orientation sont restées"
    return (
        f"Faute de place, {number_words(waiting_forms, feminine=True)} {forms} en liste d'attente, chez "
        f"{count_phrase(providers, 'porteur', 'porteurs')}."
    )


def top_criteria(criteria: list[tuple[str, float]]) -> str | None:
    """The most ticked criteria: [('Méthodologie', 0.6), …] -> 'Les critères les plus cochés : …'."""
    if not criteria:
        return None
    parts = [f"«{NBSP}{label}{NBSP}» ({fmt.percent(share, 0)})" for label, share in criteria]
    return f"Les critères les plus souvent cochés sur les fiches sont : {join_names(parts)}."


def delay(median_days: float | None) -> str | None:
    if median_days is None:
        return None
    return f"Entre l'orientation d'un enfant et sa première séance, il s'écoule {_days(median_days)} (médiane)."


def welcome(share: float | None) -> str | None:
    if share is None:
        return None
    return f"La part des familles reçues en entretien d'accueil est de {fmt.percent(share)}."
