"""Demo data of the network (issue 15): the city's network workbook per school year (training sessions
with their mix of professions, and each provider's team), the schemes of each school and the providers'
public facts. Deterministic: fixed seeds, no clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

from tools.demo.files import stabilise_zip
from tools.demo.territory import PRIORITY, PROVIDERS, SCHOOL_YEARS, schools

NETWORK_DIR = "network"
THEMES = [
    ("Accueillir les familles au CLAS", "Relation avec les familles"),
    ("Analyse de pratiques : la séance type", "Pratique professionnelle"),
    ("Construire une évaluation commune", "Évaluation partagée"),
    ("Aide aux devoirs et méthodologie", "Méthodologie et aide aux devoirs"),
    ("Sorties culturelles et projets", "Ouverture culturelle"),
    ("Le lien avec l'enseignant référent", "Partenariat avec l'école"),
    ("Écrans et travail à la maison", "Numérique et écrans"),
    ("Collectifs de parents : retours d'expérience", "Relation avec les familles"),
    ("Bilan partagé de l'année", "Évaluation partagée"),
]
# Profession -> (min, max) participants per session (about twelve in all).
MIX = [
    ("Enseignant", 1, 4),
    ("Direction d'école", 0, 1),
    ("Animateur CLAS", 3, 5),
    ("Coordinateur", 1, 2),
    ("Bénévole", 0, 3),
    ("PRE", 0, 1),
    ("Service municipal", 0, 1),
    ("Travailleur social", 0, 1),
]
ORGANISERS = ["Ville d'Argenteuil — service éducation", "CAF du Val-d'Oise", "Ville et Éducation nationale"]
STREETS = [
    "rue Paul Vaillant-Couturier",
    "avenue Jean Jaurès",
    "rue de la Liberté",
    "boulevard Héloïse",
    "rue Antonin Georges Belin",
    "avenue de Stalingrad",
    "rue Henri Barbusse",
    "rue des Coteaux",
    "allée Romain Rolland",
    "place du Marché",
    "rue d'Orgemont",
    "rue Pierre Joly",
]
SCHEDULES = [
    "Lundi, mardi, jeudi — 16 h 30 à 18 h 30",
    "Mardi et jeudi — 16 h 45 à 18 h 15",
    "Lundi, jeudi — 17 h à 18 h 30 ; mercredi 14 h à 16 h",
    "Mardi, vendredi — 16 h 30 à 18 h",
]


def _sessions(year: str, rng: random.Random) -> list[list]:
    start = int(year[:4])
    all_schools = [s.name for s in schools() if s.type != "lycee"]
    rows = []
    months = [
        (start, 10),
        (start, 11),
        (start, 12),
        (start + 1, 1),
        (start + 1, 2),
        (start + 1, 3),
        (start + 1, 4),
        (start + 1, 5),
    ]
    for (y, m), (title, theme) in zip(months, rng.sample(THEMES, len(months)), strict=False):
        day = dt.date(y, m, rng.randint(5, 18))
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        first = True
        for prof, lo, hi in MIX:
            n = rng.randint(lo, hi)
            if n == 0:
                continue
            if prof in ("Enseignant", "Direction d'école"):
                places = rng.sample(all_schools, min(n, 2))
            elif prof in ("Animateur CLAS", "Coordinateur", "Bénévole"):
                places = rng.sample([p.name for p in PROVIDERS], min(n, 3))
            else:
                places = [
                    {
                        "PRE": "Programme de réussite éducative",
                        "Service municipal": "Ville d'Argenteuil",
                        "Travailleur social": "Service social départemental",
                    }[prof]
                ]
            split = [n // len(places) + (1 if i < n % len(places) else 0) for i in range(len(places))]
            for place, k in zip(places, split, strict=False):
                if k == 0:
                    continue
                head = [day, title, theme, rng.choice([2, 2.5, 3]), rng.choice(ORGANISERS)] if first else [None] * 5
                rows.append(head + [prof, place, k])
                first = False
    return rows


def team(p, year: str) -> list[list]:
    """A provider's team of a year (Fonction, Statut, Nombre de personnes, Heures par semaine): municipal
    providers mostly paid, associations with volunteers; more people for more groups."""
    rng = random.Random(f"clas-demo/team/{year}/{p.name}")
    groups = max(1, round(p.size / 11))
    municipal = p.type == "municipal"
    rows = [
        ["Coordinateur", "Salarié", 1, rng.choice([17.5, 24, 35])],
        ["Animateur", "Salarié", groups + (1 if municipal else -rng.randint(0, 1)) or 1, rng.choice([6, 8, 10])],
    ]
    volunteers = rng.randint(0, 2) if municipal else rng.randint(2, 2 + 2 * groups)
    if volunteers:
        rows.append(["Accompagnateur bénévole", "Bénévole", volunteers, rng.choice([2, 3, 4])])
    return rows


def _staff(year: str) -> list[list]:
    """The city's « Équipes » sheet: the providers that do not use the template (those fill its « Équipe »
    sheet in their own register, tools/demo/layouts_xlsx.write_a)."""
    return [[p.name, year, *row] for p in PROVIDERS if p.layout != "a" for row in team(p, year)]


def write_network_workbooks(out_dir: Path) -> list[dict]:
    """out_dir/network/Réseau CLAS <year>.xlsx for each demo school year (sheets « Vie du réseau » and
    « Équipes »); returns their manifest entries."""
    folder = Path(out_dir) / NETWORK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for year in SCHOOL_YEARS:
        rng = random.Random(f"clas-demo/network/{year}")
        wb = Workbook()
        ws = wb.active
        ws.title = "Vie du réseau"
        ws.append([f"Formation et vie du réseau CLAS — {year}"])
        ws.append([])
        ws.append(
            ["Date", "Intitulé", "Thème", "Durée (h)", "Organisateur", "Profession", "Institution", "Participants"]
        )
        sessions = _sessions(year, rng)
        for r in sessions:
            ws.append(r)
            if r[0] is not None:
                ws.cell(ws.max_row, 1).number_format = "DD/MM/YYYY"
        st = wb.create_sheet("Équipes")
        st.append(["Porteur", "Année scolaire", "Fonction", "Statut", "Nombre de personnes", "Heures par semaine"])
        staff = _staff(year)
        for r in staff:
            st.append(r)
        path = folder / f"Réseau CLAS {year}.xlsx"
        wb.save(path)
        stabilise_zip(path)
        entries.append(
            {
                "path": f"{NETWORK_DIR}/{path.name}",
                "school_year": year,
                "sessions": sum(1 for r in sessions if r[0] is not None),
                "participants": sum(r[7] for r in sessions),
                "staff_rows": len(staff),
            }
        )
    return entries


# Schools no demo pupil comes from (the population draws from territory.ELEMENTARY only): the « zones
# blanches » of the demo. Appended to schools.csv after the schools of the territory.
EXTRA_SCHOOLS = [
    ("0953990K", "École élémentaire Jean Vilar", "elementaire", "VAN", "true"),
    ("0953997T", "École élémentaire Louis Pergaud", "elementaire", "OV", "false"),
    ("0954004A", "École élémentaire Jules Vallès", "elementaire", "COT", "false"),
    ("0954011H", "École élémentaire Paul Bert", "elementaire", "VND", "true"),
]


def all_schools() -> list:
    from tools.demo.territory import School

    return schools() + [School(u, n, t, c, p == "true") for u, n, t, c, p in EXTRA_SCHOOLS]


def write_network_reference(ref_dir: Path) -> None:
    """The extra schools, schemes.csv, school_schemes.csv (UAI x scheme) and provider_directory.csv."""
    ref_dir = Path(ref_dir)
    path = ref_dir / "schools.csv"
    text = path.read_text(encoding="utf-8")
    missing = [r for r in EXTRA_SCHOOLS if r[0] not in text]
    if missing:
        with open(path, "a", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(missing)
    from clas.domain.network_vocab import DEFAULT_SCHEMES

    with open(ref_dir / "schemes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "label"])
        w.writerows(DEFAULT_SCHEMES.items())
    served = {p.neighbourhood_code for p in PROVIDERS}
    rng = random.Random("clas-demo/schemes")
    with open(ref_dir / "school_schemes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["school", "scheme"])
        for s in all_schools():
            offered = []
            if s.type == "elementaire":
                offered.append("apc")
                if s.neighbourhood_code in served and rng.random() < 0.8:
                    offered.append("clas")
            elif s.type == "college":
                offered += ["devoirs_faits"] + (["clas"] if s.neighbourhood_code in served else [])
            if s.priority_education:
                offered.append("accompagnement_educatif")
            if s.neighbourhood_code in PRIORITY and s.type != "lycee":
                offered.append("pre")
            w.writerows([s.uai, code] for code in offered)
    with open(ref_dir / "provider_directory.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["provider", "address", "grade_min", "grade_max", "schedule", "contact", "places_available"])
        for i, p in enumerate(PROVIDERS):
            lo, hi = [("CP", "CM2"), ("CP", "3e"), ("6e", "3e"), ("CE1", "5e")][i % 4]
            w.writerow(
                [
                    p.name,
                    f"{3 + 7 * i} {STREETS[i]}, 95100 Argenteuil",
                    lo,
                    hi,
                    SCHEDULES[i % 4],
                    f"01 34 23 {40 + i:02d} {10 + 3 * i:02d}",
                    rng.randint(0, 6),
                ]
            )
