"""The demo population: children, their orientation forms and their year at a provider.

Everything is drawn from random.Random seeded with fixed strings (stable across runs and Python
versions, unlike hash()), and nothing reads today's date. Parameters come from ../shared/domain.md
("Demo data parameters"); the parent-engagement fields are filled by tools/demo/engagement.py.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from clas.domain.vocab import GRADE_BAND_OF, GRADES
from tools.demo import names
from tools.demo.territory import NEIGHBOURS, PRIORITY, PROVIDERS, SCHOOL_YEARS, Provider, schools

GRADE_ORDER = list(GRADES)
# Share of enrolled children per grade: 57.5 % élémentaire, 39 % collège, 3.5 % lycée (carried-over
# children push lycée up a little).
GRADE_WEIGHTS = dict(zip(GRADE_ORDER, [9.5, 12, 12, 12, 12, 12, 10, 9, 8, 2, 1, 0.5]))
SOURCE_WEIGHTS = {"enseignant": 60, "famille": 15, "pre": 8, "travailleur_social": 6, "jeune": 5, "soin": 2, "autre": 4}
CRITERION_PROBS = {
    "methodologie": 0.60,
    "appui_familial": 0.45,
    "confiance": 0.40,
    "langue": 0.35,
    "consignes": 0.30,
    "autonomie": 0.30,
    "parents_eloignes": 0.25,
    "motivation": 0.12,
    "attention": 0.12,
    "comportement": 0.10,
    "relations": 0.08,
    "ouverture_culturelle": 0.08,
    "assiduite": 0.06,
    "allophone": 0.06,
    "autre": 0.05,
}
# Early exits (the rest leave at the end of the year in late June).
EARLY_EXITS = {"abandon": 0.06, "demenagement": 0.04, "objectifs_atteints": 0.03, "reorientation": 0.02}
CONTINUE_SHARE = 0.65  # of the children who finished the year and can go on (not in Terminale)
SAME_PROVIDER_SHARE = 0.9  # a continuing child usually stays with its provider
TWO_PROVIDERS_A_YEAR = 5  # children followed by two providers in the same school year


@dataclass
class Child:
    cid: int
    last_name: str
    first_name: str
    sex: str
    birth_date: date
    late: int  # years behind the usual grade for the birth year (redoublement)
    home: str  # quartier of residence
    pre: bool
    schools: dict[str, str] = field(default_factory=dict)  # grade band -> school name


@dataclass
class Record:
    """One row of a provider's register: one orientation form and, when enrolled, the year that follows."""

    rid: str
    provider: str
    year: str
    child: Child
    grade: str
    school: str
    neighbourhood: str | None
    pre: bool
    source: str
    orientation_date: date
    criteria: list[str]
    outcome: str
    group: int
    entry_date: date | None = None
    exit_date: date | None = None
    exit_reason: str | None = None
    sessions: int | None = None
    welcome: bool | None = None
    meetings: int | None = None
    collective: bool | None = None
    follows: Record | None = None  # the record this child was reoriented from
    copy_of: str | None = None  # a row written twice by mistake (errors.py)
    overrides: dict = field(default_factory=dict)  # deliberate errors: field -> value written instead

    def value(self, name: str):
        """What the register shows for a field (the deliberate error when one was injected)."""
        if name in self.overrides:
            return self.overrides[name]
        if name in ("last_name", "first_name", "sex", "birth_date"):
            return getattr(self.child, name)
        return getattr(self, name)


def start_year(school_year: str) -> int:
    return int(school_year[:4])


class Population:
    """Draws every school year in turn, carrying children over from one year to the next."""

    def __init__(self, seed: str = "clas-demo"):
        self.rng = random.Random(seed)
        self.children: list[Child] = []
        self.identities: set[tuple] = set()
        self.schools = {}
        for s in schools():
            self.schools.setdefault((s.type, s.neighbourhood_code), []).append(s.name)
        self.lycees = [s.name for s in schools() if s.type == "lycee"]
        self.records: dict[str, list[Record]] = {}

    # --- children -------------------------------------------------------------------------------
    def new_child(self, grade: str, year: int, home: str, source: str) -> Child:
        rng = self.rng
        late = 1 if rng.random() < 0.04 else 0
        born = year - 6 - GRADE_ORDER.index(grade) - late
        while True:
            sex = "M" if rng.random() < 0.53 else "F"
            first = rng.choice(names.BOYS if sex == "M" else names.GIRLS)
            last = rng.choice(names.SURNAMES)
            birth = date(born, 1, 1) + timedelta(days=rng.randrange(365))
            if (last, first, birth) not in self.identities:
                break
        self.identities.add((last, first, birth))
        pre = source == "pre" or rng.random() < (0.07 if home in PRIORITY else 0.02)
        child = Child(len(self.children) + 1, last, first, sex, birth, late, home, pre)
        self.children.append(child)
        return child

    def school_of(self, child: Child, grade: str) -> str:
        band = GRADE_BAND_OF[grade]
        if band not in child.schools:
            pool = self.lycees if band == "lycee" else self.schools[(band, child.home)]
            child.schools[band] = self.rng.choice(pool)
        return child.schools[band]

    def grade_of(self, child: Child, year: int) -> str | None:
        i = year - 6 - child.birth_date.year - child.late
        return GRADE_ORDER[i] if 0 <= i < len(GRADE_ORDER) else None

    # --- forms ----------------------------------------------------------------------------------
    def home_for(self, provider: Provider) -> str:
        rng = self.rng
        if rng.random() < 0.88:
            return provider.neighbourhood_code
        return rng.choice(NEIGHBOURS[provider.neighbourhood_code])

    def criteria(self) -> list[str]:
        while True:  # independent ticks, kept when 2 to 4 (the form's rule); marginals barely move
            picked = [c for c, p in CRITERION_PROBS.items() if self.rng.random() < p]
            if 2 <= len(picked) <= 4:
                return picked

    def orientation_date(self, year: int) -> date:
        r = self.rng.random()
        if r < 0.70:
            start, days = date(year, 9, 8), 53  # most forms come at the start of the year
        elif r < 0.90:
            start, days = date(year, 11, 1), 60
        else:
            start, days = date(year + 1, 1, 3), 88
        return start + timedelta(days=self.rng.randrange(days))

    def record(
        self,
        provider: Provider,
        year: str,
        child: Child,
        grade: str,
        outcome: str,
        source: str | None = None,
        oriented: date | None = None,
    ) -> Record:
        rng, y = self.rng, start_year(year)
        source = source or rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
        rows = self.records.setdefault(year, [])
        rec = Record(
            f"{year}/{len(rows) + 1:04d}",
            provider.name,
            year,
            child,
            grade,
            self.school_of(child, grade),
            child.home,
            child.pre,
            source,
            oriented or self.orientation_date(y),
            self.criteria(),
            outcome,
            1 + rng.randrange(provider.groups),
        )
        rows.append(rec)
        return rec

    # --- a school year --------------------------------------------------------------------------
    def draw_year(self, year: str, previous: list[Record]) -> list[Record]:
        rng, y = self.rng, start_year(year)
        carried = self._carry_over(previous, y)
        for p in PROVIDERS:
            size = max(12, round(p.size * rng.uniform(0.95, 1.05)))
            staying = [c for c, prov in carried if prov == p.name][: int(size * 0.6)]
            for child in staying:  # re-registered at the start of the year, a grade up
                self.record(
                    p,
                    year,
                    child,
                    self.grade_of(child, y),
                    "inscrit",
                    oriented=date(y, 9, 2) + timedelta(days=rng.randrange(14)),
                )
            for grade in self._grades_to_fill(size - len(staying), [self.grade_of(c, y) for c in staying]):
                source = rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
                child = self.new_child(grade, y, self.home_for(p), source)
                self.record(p, year, child, grade, "inscrit", source=source)
            self._not_enrolled(p, year, size)
        self._second_providers(year)
        return self.records[year]

    def _grades_to_fill(self, n: int, already: list[str]) -> list[str]:
        """Grades of the newcomers, so that carried-over and new children together keep the bands.

        Systematic sampling over the cumulative quotas gives each grade the floor or the ceiling of
        its quota: plain random draws let a 4 % band wander to 7 % on a 700-child year.
        """
        total = n + len(already)
        need = {g: max(0.0, w / 100 * total - already.count(g)) for g, w in GRADE_WEIGHTS.items()}
        scale = n / (sum(need.values()) or 1)
        u, acc, out = self.rng.random(), 0.0, []
        for g, q in need.items():
            lo, acc = acc, acc + q * scale
            out += [g] * (math.ceil(acc - u) - math.ceil(lo - u))
        out = (out + ["CE2"] * n)[:n]  # guards against float rounding of the last boundary
        self.rng.shuffle(out)
        return out

    def _carry_over(self, previous: list[Record], y: int) -> list[tuple[Child, str]]:
        rng, out, seen = self.rng, [], set()
        for rec in previous:
            if rec.child.cid in seen or self.grade_of(rec.child, y) is None:
                continue
            finished = rec.outcome == "inscrit" and rec.exit_reason == "fin_annee"
            waited = rec.outcome == "liste_attente" and rng.random() < 0.3
            # Few go on into lycée with CLAS: the lycée band stays under 5 %.
            keep = CONTINUE_SHARE * (0.25 if GRADE_BAND_OF[self.grade_of(rec.child, y)] == "lycee" else 1)
            if (finished and rng.random() < keep) or waited:
                seen.add(rec.child.cid)
                prov = rec.provider
                if rng.random() > SAME_PROVIDER_SHARE:
                    near = [
                        q.name
                        for q in PROVIDERS
                        if q.neighbourhood_code in NEIGHBOURS[rec.child.home] + [rec.child.home] and q.name != prov
                    ]
                    prov = rng.choice(near) if near else prov
                out.append((rec.child, prov))
        rng.shuffle(out)
        return out

    def _not_enrolled(self, p: Provider, year: str, size: int) -> None:
        """Forms that did not lead to an enrolment: waiting lists where demand exceeds places."""
        rng, y = self.rng, start_year(year)
        priority = p.neighbourhood_code in PRIORITY
        n = round(size * (0.33 if priority else 0.16))
        weights = [0.60, 0.20, 0.20] if priority else [0.30, 0.35, 0.35]
        for _ in range(n):
            grade = rng.choices(list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values()))[0]
            source = rng.choices(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))[0]
            child = self.new_child(grade, y, self.home_for(p), source)
            outcome = rng.choices(["liste_attente", "refus_famille", "sans_suite"], weights)[0]
            self.record(p, year, child, grade, outcome, source=source)

    def _second_providers(self, year: str) -> None:
        """A few children are followed by two providers: reoriented mid-year, or in both at once."""
        rng = self.rng
        # Oriented in the autumn, so a winter reorientation still leaves months at the second provider.
        pool = [r for r in self.records[year] if r.outcome == "inscrit" and r.orientation_date.month >= 9]
        for i, first in enumerate(rng.sample(pool, TWO_PROVIDERS_A_YEAR)):
            home = first.child.home
            other = [
                p for p in PROVIDERS if p.name != first.provider and p.neighbourhood_code in NEIGHBOURS[home] + [home]
            ]
            rec = self.record(rng.choice(other), year, first.child, first.grade, "inscrit", source=first.source)
            rec.criteria = list(first.criteria)
            if i % 2 == 0:
                rec.follows = first  # reoriented from `first` mid-year; engagement.py dates the pair


def draw_population(seed: str = "clas-demo") -> dict[str, list[Record]]:
    """school year -> every register row of that year (all providers), before any deliberate error."""
    from tools.demo.engagement import fill_year

    pop = Population(seed)
    previous: list[Record] = []
    for year in SCHOOL_YEARS:
        previous = pop.draw_year(year, previous)
        fill_year(previous, random.Random(f"{seed}/engagement/{year}"))
    return pop.records
