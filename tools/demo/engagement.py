"""The year after the form: entry, sessions, exit, and the parents' involvement, per provider.

Parent engagement is the story the demo must tell (../shared/domain.md): each provider reaches
exactly round(rate × enrolled) families by a collective action, with its rate from territory.PROVIDERS,
so the outliers a funnel plot should flag are there by construction, not by luck of the draw.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tools.demo.population import EARLY_EXITS, Record, start_year
from tools.demo.territory import PROVIDERS, Provider

BY_NAME = {p.name: p for p in PROVIDERS}


@dataclass(frozen=True)
class ParentAction:
    action_date: date
    type: str
    families_present: int


def _days(a: date, b: date) -> int:
    return (b - a).days


def fill_year(records: list[Record], rng: random.Random) -> None:
    """Dates, sessions and parent fields of every enrolled record of one school year.

    Three passes because a reoriented child links two providers: every entry and exit is drawn
    first, then the pairs are re-dated, and only then are sessions counted from the final dates.
    """
    by_provider: dict[str, list[Record]] = {}
    for rec in records:
        if rec.outcome == "inscrit":
            by_provider.setdefault(rec.provider, []).append(rec)
    y = start_year(records[0].year)
    calendars = {name: _calendar(y, rng) for name in by_provider}
    for name, recs in by_provider.items():
        _entries_and_exits(recs, calendars[name][1], y, rng)
    for rec in records:
        if rec.follows is not None:
            _date_reorientation(rec.follows, rec, y, rng)
    for name, recs in by_provider.items():
        _sessions(BY_NAME[name], recs, *calendars[name], rng)
        _parents(BY_NAME[name], recs, rng)


def _calendar(year: int, rng: random.Random) -> tuple[date, date]:
    """First and last session of a provider's year: from late September to late June."""
    return (
        date(year, 9, 22) + timedelta(days=rng.randrange(15)),
        date(year + 1, 6, 17) + timedelta(days=rng.randrange(11)),
    )


def _entries_and_exits(enrolled: list[Record], last: date, y: int, rng: random.Random) -> None:
    for rec in enrolled:
        rec.entry_date = rec.orientation_date + timedelta(days=rng.randint(5, 40))
        rec.exit_reason, rec.exit_date = "fin_annee", last
        r, acc = rng.random(), 0.0
        for reason, share in EARLY_EXITS.items():
            acc += share
            if r < acc:
                latest = max(_days(rec.entry_date, date(y + 1, 5, 31)), 31)
                rec.exit_reason = reason
                rec.exit_date = rec.entry_date + timedelta(days=rng.randint(30, latest))
                break


def _sessions(p: Provider, enrolled: list[Record], first: date, last: date, rng: random.Random) -> None:
    """Sessions attended: the group's 55-60 sessions over the child's stay, times ~75 % attendance."""
    per_group = {g: rng.randint(55, 60) for g in range(1, p.groups + 1)}
    span = _days(first, last)
    for rec in enrolled:
        start, end = max(rec.entry_date, first), min(rec.exit_date, last)
        offered = per_group[rec.group] * max(0, _days(start, end)) / span
        attendance = min(1.0, max(0.3, rng.gauss(0.75, 0.1)))
        if rec.exit_reason == "abandon":
            attendance *= 0.6  # children who drop out had stopped coming regularly
        rec.sessions = round(offered * attendance)


def _date_reorientation(before: Record, after: Record, y: int, rng: random.Random) -> None:
    """The first provider reorients the child in winter; the second receives it a few weeks later."""
    before.exit_reason = "reorientation"
    before.exit_date = max(
        before.entry_date + timedelta(days=30), date(y + 1, 1, 6) + timedelta(days=rng.randrange(35))
    )
    after.orientation_date = before.exit_date + timedelta(days=rng.randint(2, 10))
    after.entry_date = after.orientation_date + timedelta(days=rng.randint(5, 20))
    if after.exit_date <= after.entry_date:
        after.exit_reason, after.exit_date = "fin_annee", date(y + 1, 6, 24)


def _parents(p: Provider, enrolled: list[Record], rng: random.Random) -> None:
    n = len(enrolled)
    noise = rng.uniform(-0.02, 0.02)
    reached = set(rng.sample(range(n), round(min(0.95, max(0.02, p.reached + noise)) * n)))
    # Parent collectives exist where providers built them: the high-engagement ones.
    collective_share = 0.6 if p.reached >= 0.5 else 0.0 if p.reached < 0.2 else 0.3
    welcomed = set(sorted(range(n), key=lambda i: (i not in reached, rng.random()))[: round(p.welcome * n)])
    for i, rec in enumerate(enrolled):
        rec.welcome = i in welcomed
        if i in reached:
            rec.collective = rng.random() < collective_share
            rec.meetings = rng.randint(0, 4) if rec.collective else rng.randint(1, 3)
        else:
            rec.collective, rec.meetings = False, 0


# What a provider does with parents, by engagement: the type drawn for each action beyond the two
# every provider holds (a start-of-year meeting and an end-of-year review).
_ACTIVE_MIX = {
    "collectif_parents": 4,
    "cafe_parents": 3,
    "atelier_parentalite": 3,
    "parent_en_seance": 3,
    "reunion_parents": 1,
    "rencontre_enseignants": 1,
}
_QUIET_MIX = {"rencontre_enseignants": 3, "entretien_accueil": 2, "reunion_parents": 2, "parent_en_seance": 1}


def parent_actions(p: Provider, recs: list[Record], rng: random.Random) -> list[ParentAction]:
    """The provider's list of parent actions for the year: more, and more collective, when engaged."""
    enrolled = [r for r in recs if r.outcome == "inscrit"]
    y = start_year(recs[0].year)
    families = len(enrolled)
    reached = sum(1 for r in enrolled if r.meetings or r.collective) or 1
    mix = _ACTIVE_MIX if p.reached >= 0.3 else _QUIET_MIX
    n_more = max(1, round(1 + 18 * p.reached) + rng.randint(-1, 1))
    actions = [
        ParentAction(
            date(y, 10, 1) + timedelta(days=rng.randrange(20)),
            "reunion_parents",
            max(1, round(reached * rng.uniform(0.5, 0.8))),
        ),
        ParentAction(
            date(y + 1, 6, 10) + timedelta(days=rng.randrange(14)),
            "bilan_fin_annee",
            max(1, round(families * rng.uniform(0.2, 0.5))),
        ),
    ]
    for _ in range(n_more):
        kind = rng.choices(list(mix), list(mix.values()))[0]
        when = date(y, 10, 15) + timedelta(days=rng.randrange(230))
        base = families if kind in ("entretien_accueil", "rencontre_enseignants") else reached
        share = 0.05 if kind == "entretien_accueil" else rng.uniform(0.15, 0.5)
        actions.append(ParentAction(when, kind, max(1, round(base * share))))
    return sorted(actions, key=lambda a: (a.action_date, a.type))
