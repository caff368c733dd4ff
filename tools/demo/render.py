"""How providers spell values: one record, written the way each register writes it.

Every spelling here must be understood by the importer through vocab.SPELLINGS (after textnorm.key)
or vocab.YES / vocab.NO; tests/store/test_demo_data.py checks that, so a new variant cannot slip in unread.
"""

from __future__ import annotations

from datetime import date

from clas.domain import vocab
from tools.demo.territory import NEIGHBOURHOOD_NAMES

EXCEL_EPOCH = date(1899, 12, 30)

SHORT_SOURCES = {
    "enseignant": "ENS",
    "famille": "FAM",
    "pre": "PRE",
    "travailleur_social": "TS",
    "jeune": "JEUNE",
    "soin": "CMP",
    "structure_jeunesse": "SJ",
    "autre": "AUTRE",
}
SHORT_CRITERIA = {
    "methodologie": "méthodo",
    "autonomie": "autonomie",
    "consignes": "consignes",
    "langue": "lecture",
    "confiance": "confiance",
    "motivation": "motivation",
    "attention": "concentration",
    "comportement": "comportement",
    "relations": "relations aux pairs",
    "assiduite": "assiduité",
    "appui_familial": "appui familial",
    "parents_eloignes": "parents éloignés",
    "ouverture_culturelle": "ouverture culturelle",
    "allophone": "EANA",
    "autre": "autre",
}
# Column titles of a register with one column per criterion (layout b), under a merged "Critères".
CRITERION_COLUMNS = {
    "methodologie": "Méthodo",
    "autonomie": "Autonomie",
    "consignes": "Consignes",
    "langue": "Langue",
    "confiance": "Confiance",
    "motivation": "Motivation",
    "attention": "Attention",
    "comportement": "Comportement",
    "relations": "Relations",
    "assiduite": "Assiduité",
    "appui_familial": "Appui familial",
    "parents_eloignes": "Parents éloignés",
    "ouverture_culturelle": "Ouverture culturelle",
    "allophone": "Allophone",
    "autre": "Autre",
}
GRADE_VARIANTS = {
    "CP": ["CP", "cp"],
    "CE1": ["CE1", "CE 1", "ce1"],
    "CE2": ["CE2", "CE 2", "ce2"],
    "CM1": ["CM 1", "cm1", "CM1"],
    "CM2": ["cm2", "CM 2", "CM2"],
    "6e": ["6ème", "sixième", "6eme"],
    "5e": ["5ème", "cinquième", "5e"],
    "4e": ["4ème", "4eme", "quatrième"],
    "3e": ["3ème", "troisième", "3e"],
    "2nde": ["Seconde", "2nde"],
    "1re": ["1ère", "Première"],
    "Tle": ["Terminale", "Tle"],
}
SHORT_OUTCOMES = {
    "inscrit": "inscrit",
    "liste_attente": "attente",
    "refus_famille": "refus",
    "sans_suite": "sans suite",
}
SHORT_EXITS = {
    "fin_annee": "fin d'année",
    "demenagement": "DEM",
    "abandon": "abandon",
    "reorientation": "réorienté",
    "objectifs_atteints": "objectifs atteints",
}
SHORT_ACTIONS = {
    "reunion_parents": "Réunion",
    "collectif_parents": "Collectif",
    "atelier_parentalite": "Atelier",
    "cafe_parents": "Café des parents",
    "parent_en_seance": "Sortie familles",
    "rencontre_enseignants": "Rencontre école",
    "bilan_fin_annee": "Bilan",
    "entretien_accueil": "Entretien d'accueil",
}


def serial(d: date) -> int:
    """The number Excel stores for a date (what an unformatted date cell shows)."""
    return (d - EXCEL_EPOCH).days


def dmy(d: date | None, short: bool = False) -> str:
    return "" if d is None else d.strftime("%d/%m/%y" if short else "%d/%m/%Y")


def iso(d: date | None) -> str:
    return "" if d is None else d.isoformat()


def yes_no(b: bool | None, yes: str = "Oui", no: str = "Non") -> str:
    """'' when the question does not apply (a form that led to no enrolment)."""
    return "" if b is None else yes if b else no


def label(kind: str, code: str | None) -> str:
    """French label; an unknown code (a deliberate error such as 'CM3') is written as it is."""
    return "" if code is None else vocab.label(kind, code)


def quartier(code: str | None) -> str:
    return NEIGHBOURHOOD_NAMES.get(code, code) if code else ""


def number(n: int | None):
    return "" if n is None else n


def grade_variant(code: str, pick: int) -> str:
    variants = GRADE_VARIANTS.get(code, [code])
    return variants[pick % len(variants)]


def criteria_text(codes: list[str], words: dict[str, str] | None = None, sep: str = ", ") -> str:
    """Criteria in one cell. Full labels may hold a comma themselves ("Méthodologie, organisation du
    travail"): each piece still spells the same criterion, so a split on commas is safe too."""
    return sep.join((words or vocab.CRITERIA)[c] for c in codes)
