"""Funnel limits and unevenness measures against values computed independently of clas.domain.stats."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from clas.domain import stats


def _cdf(r: int, n: int, p: float) -> float:
    """Binomial CDF summed by hand from math.comb (independent of scipy)."""
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(0, r + 1)) if r >= 0 else 0.0


def _spiegelhalter(p0: float, n: int, prob: float) -> float:
    r = next(r for r in range(n + 1) if _cdf(r, n, p0) >= prob)
    alpha = (_cdf(r, n, p0) - prob) / (_cdf(r, n, p0) - _cdf(r - 1, n, p0))
    return min(1.0, max(0.0, (r - alpha) / n))


@pytest.mark.parametrize("p0, n", [(0.35, 10), (0.35, 60), (0.4375, 16), (0.1, 200), (0.7, 33), (0.5, 1)])
@pytest.mark.parametrize("prob", [0.001, 0.025, 0.975, 0.999])
def test_binomial_limit_matches_hand_computed_quantile(p0, n, prob):
    got = float(stats.binomial_limit(p0, [n], prob)[0])
    assert got == pytest.approx(_spiegelhalter(p0, n, prob), abs=1e-9)
    # the interpolated limit lies within one step of the plain quantile scipy gives directly
    r = sps.binom.ppf(prob, n, p0)
    assert max(0.0, (r - 1) / n) - 1e-12 <= got <= r / n + 1e-12


def test_limits_known_values_and_shape():
    # p0 = 0.35, n = 60: plain quantiles from scipy.stats.binom directly
    assert sps.binom.ppf(0.975, 60, 0.35) == 28 and sps.binom.ppf(0.025, 60, 0.35) == 14
    lim = stats.limits(0.35, [60]).iloc[0]
    assert 27 / 60 < lim["hi95"] <= 28 / 60 and 13 / 60 < lim["lo95"] <= 14 / 60
    assert lim["lo998"] < lim["lo95"] < 0.35 < lim["hi95"] < lim["hi998"]
    # at large n the exact limits approach the normal ones: p0 +- z sqrt(p0 (1 - p0) / n)
    big = stats.limits(0.35, [100_000]).iloc[0]
    sd = math.sqrt(0.35 * 0.65 / 100_000)
    assert big["hi998"] == pytest.approx(0.35 + sps.norm.ppf(0.999) * sd, abs=2e-5)
    assert big["lo95"] == pytest.approx(0.35 - sps.norm.ppf(0.975) * sd, abs=2e-5)
    # the funnel narrows as n grows
    curve = stats.limits(0.35, np.arange(5, 500))
    assert (np.diff(curve["hi998"]) <= 1e-9).mean() > 0.95


def test_degenerate_rate_gives_flat_limits():
    lim = stats.limits(0.0, [10, 20])
    assert (lim[["lo95", "hi95", "lo998", "hi998"]].to_numpy() == 0).all()


def _units(rows):
    return pd.DataFrame(rows, columns=["unit", "events", "n"])


def test_small_extreme_unit_not_flagged_large_one_is():
    rows = [(f"P{i}", 35, 100) for i in range(10)]
    rows += [("Petit", 6, 8), ("Grand haut", 120, 200), ("Grand bas", 30, 200)]
    f = stats.funnel(_units(rows))
    flags = dict(zip(f.units["unit"], f.units["flag"]))
    assert f.p0 == pytest.approx((350 + 6 + 120 + 30) / (1000 + 8 + 400))
    assert flags["Petit"] == stats.INSIDE  # 75 % on 8 families: extreme but compatible with chance
    assert flags["Grand haut"] == stats.ABOVE and flags["Grand bas"] == stats.BELOW
    assert all(flags[f"P{i}"] == stats.INSIDE for i in range(10))
    # the small unit is outside the 95 % limit only if its rate really is: check the limit by hand
    small = f.units.set_index("unit").loc["Petit"]
    assert small["hi998"] == pytest.approx(_spiegelhalter(f.p0, 8, 0.999))


def test_fixture_overall_rate():
    f = stats.funnel(
        _units([("Les Petits Pas", 6, 8), ("Maison de quartier Centre", 1, 5), ("Réussir Ensemble", 0, 3)])
    )
    assert f.p0 == pytest.approx(7 / 16)
    assert set(f.units["flag"]) == {stats.INSIDE}
    assert f.curve["n"].min() == 1 and f.curve["n"].max() >= 8


def test_overdispersion_estimate_and_correction():
    # no overdispersion: every unit exactly on p0 -> phi = 0, never applied
    d = stats.overdispersion([30] * 10, [100] * 10, 0.3)
    assert d.phi == 0 and not d.applied
    # a hand-checked phi: z-scores computed directly, 10 % winsorised (1 of 10 at each end)
    events = np.array([10, 20, 30, 30, 30, 30, 30, 40, 50, 60])
    n = np.full(10, 100)
    p0 = events.sum() / n.sum()
    z = np.sort((events / n - p0) / np.sqrt(p0 * (1 - p0) / n))
    z[0], z[-1] = z[1], z[-2]
    d = stats.overdispersion(events, n, p0)
    assert d.phi == pytest.approx(np.mean(z**2))
    assert d.p_value == pytest.approx(sps.chi2.sf(10 * d.phi, 10))
    assert d.applied
    units = _units([(f"U{i}", e, 100) for i, e in enumerate(events)])
    plain, corrected = stats.funnel(units), stats.funnel(units, correct_overdispersion=True)
    assert corrected.phi_used == pytest.approx(d.phi) and plain.phi_used == 1
    width = lambda f: (f.units["hi998"] - f.units["lo998"]).iloc[0]
    assert width(corrected) > width(plain)
    assert (plain.units["flag"] != stats.INSIDE).sum() > (corrected.units["flag"] != stats.INSIDE).sum()


def test_gini_cv_range_ratio():
    assert stats.gini([0.1, 0.2, 0.7]) == pytest.approx(0.4)  # (0.1+0.6+0.5)*2 / (2*9*(1/3))
    assert stats.gini([0.3, 0.3, 0.3]) == 0
    u = stats.unevenness([0.1, 0.2, 0.7])
    assert u.minimum == 0.1 and u.maximum == 0.7
    assert u.range == pytest.approx(0.6) and u.ratio == pytest.approx(7)
    assert u.cv == pytest.approx(np.std([0.1, 0.2, 0.7]) / (1 / 3))  # population sd / mean
    assert u.cv == pytest.approx(math.sqrt(((0.1 - 1 / 3) ** 2 + (0.2 - 1 / 3) ** 2 + (0.7 - 1 / 3) ** 2) / 3) * 3)
    zero = stats.unevenness([0.0, 0.5])
    assert math.isnan(zero.ratio) and zero.range == 0.5
    assert stats.unevenness([]).units == 0
