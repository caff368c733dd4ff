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
