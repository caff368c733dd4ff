"""The demo territory: Argenteuil's 6 quartiers, its schools and the 12 CLAS providers.

Quartier names and the priority areas are real (../shared/domain.md); populations, school names, UAI
codes and providers are invented but plausible. Each provider carries the parameters that shape its
demo data (size, parent-engagement rate, layout), so the "uneven engagement" story lives in one table.
"""

from __future__ import annotations

from dataclasses import dataclass

# code, name, priority area, children 6-10, children 11-14, Voronoi centre (lon, lat)
NEIGHBOURHOODS = [
    ("CV", "Centre-Ville", False, 1050, 820, (2.250, 48.944)),
    ("VND", "Val-Notre-Dame", True, 1500, 1150, (2.217, 48.942)),
    ("VAS", "Val-d'Argent-Sud", True, 1450, 1120, (2.222, 48.953)),
    ("VAN", "Val-d'Argent-Nord", True, 1500, 1180, (2.232, 48.963)),
    ("OV", "Orgemont-Volembert", False, 1100, 850, (2.279, 48.954)),
    ("COT", "Coteaux", False, 900, 680, (2.255, 48.956)),
]
NEIGHBOURHOOD_NAMES = {n[0]: n[1] for n in NEIGHBOURHOODS}
PRIORITY = {n[0] for n in NEIGHBOURHOODS if n[2]}
CENTRES = {n[0]: n[5] for n in NEIGHBOURHOODS}
# Where a family that does not live in the provider's quartier lives instead (next door, mostly).
NEIGHBOURS = {
    "CV": ["COT", "VND", "OV"],
    "VND": ["VAS", "CV"],
    "VAS": ["VND", "VAN"],
    "VAN": ["VAS", "COT"],
    "OV": ["COT", "CV"],
    "COT": ["CV", "VAN", "OV"],
}

ELEMENTARY = {
    "CV": ["Jean Jaurès", "Victor Hugo", "Jules Ferry", "Anatole France", "Pasteur"],
    "VND": ["Paul Langevin", "Louise Michel", "Pablo Picasso", "Marcel Cachin", "Danielle Casanova", "Gérard Philipe"],
    "VAS": ["Joliot-Curie", "Romain Rolland", "Paul Éluard", "Jacques Prévert", "Henri Barbusse"],
    "VAN": ["Langevin-Wallon", "Aragon", "Robert Desnos", "Jean Macé", "Édouard Vaillant", "Condorcet"],
    "OV": ["Voltaire", "Maurice Ravel", "Jean de La Fontaine", "Camille Saint-Saëns"],
    "COT": ["Les Coteaux", "Marie Curie", "Antoine de Saint-Exupéry", "Charles Péguy"],
}
COLLEGES = {
    "CV": ["Claude Monet"],
    "VND": ["Paul Vaillant-Couturier", "Eugénie Cotton"],
    "VAS": ["Jean Jaurès", "Henri Wallon"],
    "VAN": ["Ariane", "Lucie Aubrac"],
    "OV": ["Jean Moulin"],
    "COT": ["Camille Pissarro"],
}
# Lycées are outside the éducation prioritaire map (REP/REP+ stops at collège), so none is flagged.
LYCEES = {"CV": ["Jean Jaurès"], "OV": ["Julie-Victoire Daubié"], "COT": ["Georges Braque"]}

_UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai(number: int) -> str:
    """A UAI in the real format: 7 digits (095 = Val-d'Oise) and the check letter (number mod 23)."""
    return f"{number:07d}{_UAI_LETTERS[number % 23]}"


@dataclass(frozen=True)
class School:
    uai: str
    name: str
    type: str
    neighbourhood_code: str
    priority_education: bool


def schools() -> list[School]:
    out = []
    for kind, table, prefix, base in (
        ("elementaire", ELEMENTARY, "École élémentaire", 953101),
        ("college", COLLEGES, "Collège", 950611),
        ("lycee", LYCEES, "Lycée", 950641),
    ):
        i = 0
        for code, names in table.items():
            for name in names:
                out.append(
                    School(uai(base + 7 * i), f"{prefix} {name}", kind, code, code in PRIORITY and kind != "lycee")
                )
                i += 1
    return out


@dataclass(frozen=True)
class Provider:
    name: str
    type: str
    neighbourhood_code: str
    size: int  # children enrolled a year (before year-to-year noise)
    reached: float  # share of families reached by a collective action
    welcome: float  # share of families with a welcome interview
    layout: str  # a..f, see tools/demo/layouts.py
    actions_sheet: bool  # keeps a list of parent actions

    @property
    def groups(self) -> int:
        """CLAS groups of 8-12 children: a big provider runs several."""
        return max(1, round(self.size / 11))


# Engagement: two large high outliers (VAN municipal, Passerelles), two large low outliers (VND municipal,
# Entraide), one small provider with an extreme rate that a funnel plot must leave alone (Arc-en-Ciel).
PROVIDERS = [
    Provider("Service municipal CLAS Centre", "municipal", "CV", 60, 0.33, 0.80, "a", True),
    Provider("Maison de quartier Val-Notre-Dame", "municipal", "VND", 85, 0.10, 0.62, "a", True),
    Provider("Maison de quartier Val-d'Argent-Nord", "municipal", "VAN", 80, 0.65, 0.93, "b", True),
    Provider("Maison de quartier Orgemont", "municipal", "OV", 50, 0.30, 0.75, "a", True),
    Provider("Association Passerelles Familles", "associatif", "VAS", 75, 0.70, 0.95, "c", True),
    Provider("Entraide Scolaire du Val-d'Argent", "associatif", "VAS", 80, 0.12, 0.60, "d", False),
    Provider("Association Plume et Compas", "associatif", "VND", 55, 0.34, 0.78, "e", True),
    Provider("Association Lire et Grandir", "associatif", "VND", 45, 0.28, 0.70, "f", True),
    Provider("Association Horizon Jeunesse", "associatif", "VAN", 55, 0.36, 0.82, "c", True),
    Provider("Association Les Ateliers du Savoir", "associatif", "VAN", 45, 0.35, 0.72, "b", False),
    Provider("Association Tremplin Coteaux", "associatif", "COT", 60, 0.30, 0.68, "d", False),
    Provider("Association Arc-en-Ciel", "associatif", "CV", 13, 0.65, 0.90, "e", True),
]

SCHOOL_YEARS = ["2022-2023", "2023-2024", "2024-2025"]
