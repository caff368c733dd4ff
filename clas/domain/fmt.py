"""French formatting of numbers, rates, dates and school years (what every page, chart and export shows)."""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"   # French thousands separator and space before %; never breaks a figure across lines


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) in ("<NA>", "NaT", "nan")


def number(x, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (with a no-break space)."""
    if _missing(x):
        return "–"
    # Half up, as people round by hand (f-strings round half to even: 0,25 would read 0,2).
    q = Decimal(str(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    s = f"{q:,.{decimals}f}"
    return s.replace(",", NBSP).replace(".", ",")


def percent(x, decimals: int = 1, ratio: bool = True) -> str:
    """0.123 -> '12,3 %' (ratio=False when x is already a percentage)."""
    if _missing(x):
        return "–"
    return number(x * 100 if ratio else x, decimals) + NBSP + "%"


def signed_percent(x, decimals: int = 1) -> str:
    """Relative change: 0.02 -> '+2,0 %', -0.02 -> '−2,0 %' (a real minus sign)."""
    if _missing(x):
        return "–"
    s = percent(abs(x), decimals)
    return ("+" if x > 0 else "−" if x < 0 else "") + s


def signed_number(x, decimals: int = 0, unit: str = "") -> str:
    if _missing(x):
        return "–"
    s = number(abs(x), decimals) + unit
    return ("+" if x > 0 else "−" if x < 0 else "") + s


def date(d) -> str:
    """date(2024, 9, 15) -> '15/09/2024'."""
    if _missing(d):
        return "–"
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return d.strftime("%d/%m/%Y")


def school_year(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


# --- spreadsheet cells ---------------------------------------------------------------------------------------

# What a spreadsheet reads as the start of a formula (= + - @) or of a hidden one (tab, carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text a spreadsheet would run as a formula, made inert with a leading apostrophe (Excel and LibreOffice
    then show it as written). The one function every export and file writer uses: provider names, headers,
    file names, school names all come from outside and may start with '=HYPERLINK(...)'. Numbers pass as is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(df):
    """A copy of a DataFrame with every text cell and every header neutralised (for CSV and xlsx downloads)."""
    import pandas as pd

    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    return out
