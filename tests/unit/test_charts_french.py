"""Charts speak French: comma decimals, no-break space before %, on axes as in hovers."""

from clas.charts.base import percent_ticks


def test_percent_axes_write_a_space_before_the_sign():
    ticks = percent_ticks()
    assert ticks["tickvals"][0] == 0 and ticks["tickvals"][-1] == 1
    assert ticks["ticktext"][-1] == "100\u00a0%"
    assert ticks["ticktext"][1] == "20\u00a0%"


def test_small_shares_get_finer_ticks():
    ticks = percent_ticks(0.18)
    assert ticks["ticktext"][:3] == ["0\u00a0%", "5\u00a0%", "10\u00a0%"]
