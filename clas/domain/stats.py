"""Comparing uneven rates fairly: funnel-plot control limits (Spiegelhalter 2005) and unevenness measures.

Reference: D. J. Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in
Medicine 24 (2005) 1185-1202 (appendix A.1.1 for the binomial limits, section 5 for overdispersion).

Choices (documented here because they change what is flagged):
- Limits are exact binomial quantiles with Spiegelhalter's interpolation, not the normal approximation:
  r_p is the smallest r with F(r) >= p (scipy.stats.binom.ppf), then
  alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)) and the limit is (r_p - alpha) / n. The interpolation makes
  the limits a smooth function of n (a plain quantile would draw a staircase) and stays within one
  1/n step of the plain quantile. Limits are clipped to [0, 1].
- Two-sided levels: the 95 % limits are the 2.5 % / 97.5 % quantiles, the 99.8 % ones 0.1 % / 99.9 %.
- Overdispersion (optional): phi = mean of squared standardised Pearson residuals
  z_i = (y_i/n_i - p0) / sqrt(p0 (1 - p0) / n_i), after 10 % winsorisation at each end (the k = floor(0.1 I)
  most extreme z on each side are set to the next value in). I * phi is compared with a chi-square on I
  degrees of freedom (as in the paper); the correction is applied only when phi > 1 and that test rejects
  at 5 %. It widens each exact limit's distance from p0 by sqrt(phi) (a multiplicative, not additive,
  random-effects correction).
- Units with no denominator are left out of everything.
- Flags (issue 9, « never flag what the caption says is not flagged »): a unit is flagged only when (1) its
  denominator is at least `min_n` (the small-cell threshold: below it the rate is not even published), (2) its
  rate lies outside the drawn 99.8 % limit, and (3) its count of events lies outside the plain exact binomial
  quantiles (events > r_0.999 or events < r_0.001). (3) matters at small n, where the interpolated limit sits
  inside the last attainable value: at n = 1 and p0 = 35 % the upper limit is 99,7 % and 1 family of 1 (100 %)
  would be "above" although P(X >= 1) = 35 %.
- The overall rate p0 and every unit's rate come from `rate` (the same function the pages, the tables'
  « Ensemble » rows and the report use).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps

LEVELS = {"95": (0.025, 0.975), "998": (0.001, 0.999)}
WINSOR = 0.10
ABOVE, BELOW, INSIDE = "above", "below", "inside"


def rate(events, n) -> float:
    """events / n as a float, NaN when n is 0 or missing: the one definition of a rate and of its overall
    value (sum of events / sum of denominators) used everywhere."""
    try:
        n = float(n)
        return float(events) / n if n > 0 else float("nan")
    except (TypeError, ValueError):
        return float("nan")


def binomial_limit(p0: float, n, prob: float) -> np.ndarray:
    """The interpolated exact binomial quantile of Spiegelhalter's appendix, as a proportion of n."""
    n = np.asarray(n, dtype=float)
    if p0 <= 0 or p0 >= 1:  # a degenerate overall rate: every unit sits on it, no spread
        return np.full(n.shape, float(p0))
    r = sps.binom.ppf(prob, n, p0)
    f_r = sps.binom.cdf(r, n, p0)
    f_below = sps.binom.cdf(r - 1, n, p0)
    alpha = (f_r - prob) / (f_r - f_below)
    return np.clip((r - alpha) / n, 0.0, 1.0)


def limits(p0: float, n, phi: float = 1.0) -> pd.DataFrame:
    """Columns n, lo95, hi95, lo998, hi998 for each denominator in n (phi > 1 widens them)."""
    n = np.asarray(n, dtype=float)
    out = {"n": n}
    scale = math.sqrt(phi) if phi > 1 else 1.0
    for name, (lo, hi) in LEVELS.items():
        for side, prob in (("lo", lo), ("hi", hi)):
            exact = binomial_limit(p0, n, prob)
            out[f"{side}{name}"] = np.clip(p0 + (exact - p0) * scale, 0.0, 1.0)
    return pd.DataFrame(out)


@dataclass(frozen=True)
class Dispersion:
    phi: float  # winsorised estimate (1 means no overdispersion)
    statistic: float  # I * phi
    df: int
    p_value: float
    applied: bool  # phi > 1 and the test rejects at 5 %


def overdispersion(events, n, p0: float, winsor: float = WINSOR, alpha: float = 0.05) -> Dispersion:
    y, n = np.asarray(events, float), np.asarray(n, float)
    keep = n > 0
    y, n = y[keep], n[keep]
    units = len(n)
    if units < 2 or p0 <= 0 or p0 >= 1:
        return Dispersion(1.0, float("nan"), units, float("nan"), False)
    z = np.sort((y / n - p0) / np.sqrt(p0 * (1 - p0) / n))
    k = int(math.floor(winsor * units))
    if k:
        z[:k], z[units - k :] = z[k], z[units - k - 1]
    phi = float(np.mean(z**2))
    statistic = units * phi
    p_value = float(sps.chi2.sf(statistic, units))
    return Dispersion(phi, statistic, units, p_value, phi > 1 and p_value < alpha)


@dataclass(frozen=True)
class Funnel:
    p0: float
    dispersion: Dispersion
    phi_used: float  # the phi the limits were drawn with (1 when not corrected)
    units: pd.DataFrame  # unit, events, n, rate, lo95..hi998 at the unit's n, z, flag
    curve: pd.DataFrame  # n, lo95..hi998 on a grid for drawing the funnel


def funnel(units: pd.DataFrame, correct_overdispersion: bool = False, grid_points: int = 200, min_n: int = 1) -> Funnel:
    """Funnel data for units with columns unit, events, n. p0 is the pooled rate sum(events)/sum(n).

    min_n: units with fewer than min_n in the denominator are never flagged (see the module docstring).
    With correct_overdispersion the limits are widened only when the test finds overdispersion; the
    returned `dispersion` always carries the estimate, so the page can say what it found.
    """
    df = units.loc[units["n"] > 0, ["unit", "events", "n"]].copy()
    if df.empty:
        return Funnel(
            float("nan"),
            Dispersion(1.0, float("nan"), 0, float("nan"), False),
            1.0,
            df,
            pd.DataFrame(columns=["n", "lo95", "hi95", "lo998", "hi998"]),
        )
    p0 = rate(df["events"].sum(), df["n"].sum())
    disp = overdispersion(df["events"], df["n"], p0)
    phi = disp.phi if (correct_overdispersion and disp.applied) else 1.0
    df["rate"] = df["events"] / df["n"]
    at_n = limits(p0, df["n"], phi)
    for col in ("lo95", "hi95", "lo998", "hi998"):
        df[col] = at_n[col].to_numpy()
    sd = np.sqrt(p0 * (1 - p0) / df["n"]) if 0 < p0 < 1 else np.nan
    df["z"] = (df["rate"] - p0) / sd
    hi_exact, lo_exact = _exact_quantiles(p0, df["n"], df["events"])
    big = df["n"] >= max(1, min_n)
    df["flag"] = np.where(
        big & (df["rate"] > df["hi998"]) & hi_exact,
        ABOVE,
        np.where(big & (df["rate"] < df["lo998"]) & lo_exact, BELOW, INSIDE),
    )
    return Funnel(p0, disp, phi, df.reset_index(drop=True), limits(p0, _grid(df["n"].max(), grid_points), phi))


def _exact_quantiles(p0: float, n, events) -> tuple[np.ndarray, np.ndarray]:
    """Whether each unit's events lie beyond the plain exact binomial 99.9 % / 0.1 % quantiles."""
    n, events = np.asarray(n, dtype=float), np.asarray(events, dtype=float)
    if not 0 < p0 < 1:
        return np.zeros(n.shape, bool), np.zeros(n.shape, bool)
    hi = sps.binom.ppf(LEVELS["998"][1], n, p0)
    lo = sps.binom.ppf(LEVELS["998"][0], n, p0)
    return events > hi, events < lo


def _grid(n_max: float, points: int) -> np.ndarray:
    """Integer denominators from 1 to a bit beyond the largest unit: dense where the funnel bends."""
    top = max(10, int(math.ceil(n_max * 1.1)))
    if top <= points:
        return np.arange(1, top + 1)
    return np.unique(np.round(np.geomspace(1, top, points)).astype(int))


# --- unevenness -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unevenness:
    units: int
    minimum: float
    maximum: float
    range: float  # max - min, in rate points
    ratio: float  # max / min (nan when min is 0: no finite ratio)
    cv: float  # population standard deviation / mean
    gini: float


def gini(values) -> float:
    """Gini index of the values, each unit counting once: mean absolute difference / (2 * mean)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) == 0 or x.mean() == 0:
        return float("nan")
    diff = np.abs(x[:, None] - x[None, :]).sum()
    return float(diff / (2 * len(x) ** 2 * x.mean()))


def unevenness(rates) -> Unevenness:
    """How uneven the units' rates are. Unweighted on purpose: the question is whether providers (or
    neighbourhoods) differ, so a small provider counts as much as a big one; the funnel plot is where size
    is taken into account. Callers leave out units too small to have a meaningful rate."""
    x = np.asarray(rates, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        nan = float("nan")
        return Unevenness(0, nan, nan, nan, nan, nan, nan)
    lo, hi, mean = float(x.min()), float(x.max()), float(x.mean())
    return Unevenness(
        units=len(x),
        minimum=lo,
        maximum=hi,
        range=hi - lo,
        ratio=hi / lo if lo > 0 else float("nan"),
        cv=float(x.std(ddof=0) / mean) if mean > 0 else float("nan"),
        gini=gini(x),
    )
