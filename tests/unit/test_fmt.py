"""French formats: what every page, chart and export shows."""

import datetime as dt

from clas.domain import fmt

NB = "\u00a0"


def test_numbers_use_a_space_for_thousands_and_a_comma_for_decimals():
    assert fmt.number(1234.5, 1) == f"1{NB}234,5"
    assert fmt.number(1234567) == f"1{NB}234{NB}567"
    assert fmt.number(None) == "–"


def test_rounding_is_half_up_as_done_by_hand():
    assert fmt.number(0.25, 1) == "0,3"
    assert fmt.number(2.5) == "3"


def test_percentages_have_a_space_before_the_sign():
    assert fmt.percent(0.123) == f"12,3{NB}%"
    assert fmt.percent(43.75, ratio=False) == f"43,8{NB}%"


def test_signed_changes_use_a_real_minus_sign():
    assert fmt.signed_percent(-0.02) == f"−2,0{NB}%"
    assert fmt.signed_percent(0.02) == f"+2,0{NB}%"
    assert fmt.signed_number(-14) == "−14"


def test_dates_and_school_years():
    assert fmt.date(dt.date(2024, 9, 15)) == "15/09/2024"
    assert fmt.date("2024-09-15") == "15/09/2024"
    assert fmt.school_year(2024) == "2024-2025"


def test_agreement_instead_of_s_in_brackets():
    from clas.domain.fmt import count, plural

    assert count(0, "ligne refusée") == "0 ligne refusée"
    assert count(1, "ligne refusée") == "1 ligne refusée"
    assert count(2, "ligne refusée") == "2 lignes refusées"
    assert count(1234, "avertissement") == "1\u00a0234 avertissements"
    assert count(3, "façon d'écrire une école", "façons d'écrire une école") == "3 façons d'écrire une école"
    assert plural(1, "ne correspond", "ne correspondent") == "ne correspond"
    assert count(4, "choix") == "4 choix"  # a word ending in x or s stays


def test_one_clock_paris_time():
    import datetime as dt

    import pandas as pd

    from clas.domain.fmt import date_time, paris

    # Stored 18:51 UTC in winter is 19:51 in Paris; 12:00 UTC in summer is 14:00.
    assert paris(pd.Series([pd.Timestamp("2026-11-30 18:51")])).tolist() == [pd.Timestamp("2026-11-30 19:51")]
    assert date_time(dt.datetime(2026, 6, 1, 12, 0)) == "01/06/2026 à 14:00"
    assert date_time("2026-11-30T18:51:00+00:00") == "30/11/2026 à 19:51"
    assert paris(None) is None
