"""Cell values written the ways providers write them become the model's codes, dates and booleans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from clas.ingest import normalise as N
from clas.store.db import create_schema
from clas.store.reference import Matcher, load_reference

D = dt.date
FIXTURES = Path(__file__).parents[1] / "fixtures"


# --- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, date",
    [
        (D(2024, 9, 15), D(2024, 9, 15)),  # a real date cell
        (dt.datetime(2024, 9, 15, 0, 0), D(2024, 9, 15)),  # a date-time cell
        (45550, D(2024, 9, 15)),  # an Excel serial number
        (45550.0, D(2024, 9, 15)),
        ("45550", D(2024, 9, 15)),  # a serial that became text
        ("15/09/2024", D(2024, 9, 15)),
        ("15/09/24", D(2024, 9, 15)),
        ("2024-09-15", D(2024, 9, 15)),
        ("2024-09-15 00:00:00", D(2024, 9, 15)),  # a date-time exported as text
        ("15.09.2024", D(2024, 9, 15)),
        ("15-09-2024", D(2024, 9, 15)),
        (" 5/9/2024 ", D(2024, 9, 5)),
        ("04/03/98", D(1998, 3, 4)),  # two digits after the pivot: last century
    ],
)
def test_dates(cell, date):
    assert N.to_date(cell, today_year=2025) == date


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_empty_date_is_none(cell):
    assert N.to_date(cell) is None


@pytest.mark.parametrize("cell", ["31/02/2024", "15/13/2024", "demain", "septembre 2024", 12, 2024.5 * 1e6])
def test_unreadable_date_is_invalid(cell):
    assert N.to_date(cell) is N.INVALID


# --- grades --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("CM 1", "CM1"),
        ("cm1", "CM1"),
        ("CM1", "CM1"),
        ("CP", "CP"),
        ("CE 2", "CE2"),
        ("6ème", "6e"),
        ("6eme", "6e"),
        ("6e", "6e"),
        ("sixième", "6e"),
        ("Sixieme", "6e"),
        ("3ème", "3e"),
        ("Seconde", "2nde"),
        ("2nde", "2nde"),
        ("1ère", "1re"),
        ("Première", "1re"),
        ("Terminale", "Tle"),
        ("Tle", "Tle"),
    ],
)
def test_grades(text, code):
    assert N.coded("grade")(text) == code


@pytest.mark.parametrize("text", ["CM3", "maternelle", "GS"])
def test_unknown_grade_is_invalid(text):
    assert N.coded("grade")(text) is N.INVALID


# --- sex -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [("F", "F"), ("f", "F"), ("Fille", "F"), ("M", "M"), ("G", "M"), ("Garçon", "M"), ("garcon", "M"), ("GARÇON", "M")],
)
def test_sex(text, code):
    assert N.coded("sex")(text) == code


# --- yes / no ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, value",
    [
        ("Oui", True),
        ("oui ", True),
        ("O", True),
        ("X", True),
        ("x", True),
        ("1", True),
        (1, True),
        (1.0, True),
        ("Non", False),
        ("N", False),
        ("0", False),
        (0, False),
        ("", False),
        (None, False),
    ],
)
def test_yes_no(cell, value):
    assert N.yes_no(cell) is value


def test_yes_no_unreadable_is_invalid():
    assert N.yes_no("peut-être") is N.INVALID


@pytest.mark.parametrize("mark", ["✓", "✔", "☑", "☒", "✗", "✘"])
def test_tick_marks_are_yes(mark):
    # A box ticked with a symbol must not read as "no" (its text key is empty, like a dash's).
    assert N.yes_no(mark) is True
    assert N.count(mark) == 1


@pytest.mark.parametrize("cell", ["?", "??", "…"])
def test_symbol_that_is_not_a_tick_is_unreadable_not_no(cell):
    assert N.yes_no(cell) is N.INVALID


@pytest.mark.parametrize("cell", ["-", "–", "/", "☐"])
def test_dash_is_no(cell):
    assert N.yes_no(cell) is False


# --- orientation source, outcome, exit reason, criteria -----------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("ENS", "enseignant"),
        ("Enseignant", "enseignant"),
        ("équipe éducative", "enseignant"),
        ("FAM", "famille"),
        ("Famille", "famille"),
        ("Parents", "famille"),
        ("PRE", "pre"),
        ("Réussite éducative", "pre"),
        ("TS", "travailleur_social"),
        ("Travailleur social", "travailleur_social"),
        ("Assistante sociale", "travailleur_social"),
        ("CMPP", "soin"),
        ("Jeune", "jeune"),
        ("Centre social", "structure_jeunesse"),
        ("Autre", "autre"),
    ],
)
def test_sources(text, code):
    assert N.coded("source")(text) == code


@pytest.mark.parametrize(
    "text, code",
    [
        ("Inscrit", "inscrit"),
        ("inscrite", "inscrit"),
        ("Liste d'attente", "liste_attente"),
        ("LA", "liste_attente"),
        ("en attente", "liste_attente"),
        ("Refus famille", "refus_famille"),
        ("Refus de la famille", "refus_famille"),
        ("Sans suite", "sans_suite"),
    ],
)
def test_outcomes(text, code):
    assert N.coded("outcome")(text) == code


@pytest.mark.parametrize(
    "text, code",
    [
        ("Fin d'année", "fin_annee"),
        ("Déménagement", "demenagement"),
        ("abandon", "abandon"),
        ("Réorientation", "reorientation"),
        ("Objectifs atteints", "objectifs_atteints"),
    ],
)
def test_exit_reasons(text, code):
    assert N.coded("exit_reason")(text) == code


def test_unknown_code_is_invalid_and_blank_is_none():
    assert N.coded("source")("le voisin") is N.INVALID
    assert N.coded("source")("  ") is None


@pytest.mark.parametrize(
    "text, codes, unknown",
    [
        ("Méthodologie; Confiance en soi", ("methodologie", "confiance"), ()),
        ("Méthodo , confiance", ("methodologie", "confiance"), ()),
        ("Langue / Parents éloignés de l'école", ("langue", "parents_eloignes"), ()),
        ("autonomie + attention + autonomie", ("autonomie", "attention"), ()),
        ("Méthodo; la météo", ("methodologie",), ("la météo",)),
        ("", (), ()),
    ],
)
def test_criteria_list(text, codes, unknown):
    assert N.criteria_list(text) == (codes, unknown)


@pytest.mark.parametrize(
    "cell, value",
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        ("X", 1),
        ("Non", 0),
        (None, None),
        ("-2", -2),
        ("2,5", N.INVALID),
        ("beaucoup", N.INVALID),
    ],
)
def test_counts(cell, value):
    if value is N.INVALID:
        assert N.count(cell) is N.INVALID
    else:
        assert N.count(cell) == value


# --- schools and neighbourhoods against the reference --------------------------------------------------


@pytest.fixture(scope="module")
def reference():
    """(matcher, school name -> id) of the fixture reference tables, built once for the module."""
    c = duckdb.connect()
    create_schema(c)
    load_reference(c, FIXTURES / "reference")
    yield Matcher.from_db(c), dict(c.execute("SELECT name, school_id FROM schools").fetchall())
    c.close()


@pytest.mark.parametrize(
    "text, band, school",
    [
        ("École élémentaire Jean Jaurès", None, "École élémentaire Jean Jaurès"),
        ("ECOLE ELEMENTAIRE JEAN JAURES", None, "École élémentaire Jean Jaurès"),
        ("ecole elementaire paul eluard", None, "École élémentaire Paul Éluard"),
        ("Paul Eluard", None, "École élémentaire Paul Éluard"),  # the name without "école"
        ("jean jaures", "elementaire", "École élémentaire Jean Jaurès"),  # two Jean Jaurès: the grade decides
        ("JEAN JAURÈS", "college", "Collège Jean Jaurès"),
        ("college jean-jaures", None, "Collège Jean Jaurès"),
        ("lycee georges braque", "lycee", "Lycée Georges Braque"),
        ("0950004D", None, "Lycée Georges Braque"),  # the UAI code
    ],
)
def test_school_names_matched_despite_accents_and_case(reference, text, band, school):
    matcher, ids = reference
    assert matcher.school(text, band) == ids[school]


def test_school_ambiguous_or_unknown_is_not_guessed(reference):
    m = reference[0]
    assert m.school("Jean Jaurès", None) is None
    assert m.school("École des Lilas", "elementaire") is None


@pytest.mark.parametrize(
    "text, code",
    [
        ("Val-d'Argent-Nord", "VAN"),
        ("val d argent nord", "VAN"),
        ("VAL D'ARGENT NORD", "VAN"),
        ("VAN", "VAN"),
        ("van", "VAN"),
        ("Centre-Ville", "CV"),
        ("centre ville", "CV"),
        ("CV", "CV"),
    ],
)
def test_neighbourhoods_by_name_or_code(reference, text, code):
    assert reference[0].neighbourhood(text) == code
