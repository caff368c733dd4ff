"""French formatting of numbers, rates, dates and school years (what every page, chart and export shows)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")  # the one clock of the app: every time shown or exported is Paris time
NBSP = "\u00a0"  # French thousands separator and space before %; never breaks a figure across lines


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


def plural(n, singular: str, plural_form: str | None = None) -> str:
    """The word agreeing with n, French rule: 0 and 1 take the singular ('0 ligne', '1 ligne', '2 lignes').
    Without plural_form, every word of `singular` takes an s (unless it ends in s, x or z):
    'ligne refusée' -> 'lignes refusées'. Pass plural_form for anything else ("façons d'écrire")."""
    if not _missing(n) and abs(n) < 2:
        return singular
    if plural_form is not None:
        return plural_form
    return " ".join(w if w[-1:] in "sxz" else w + "s" for w in singular.split(" "))


def count(n, singular: str, plural_form: str | None = None) -> str:
    """'1 ligne refusée', '1 234 lignes refusées': the figure in French and its word agreeing with it."""
    return f"{number(n)} {plural(n, singular, plural_form)}"


def paris(values):
    """Stored times (UTC; naive values are UTC) as Paris wall-clock times, naive, for a table or a file.
    Accepts a pandas Series, a datetime or an ISO string; other values pass through."""
    import pandas as pd

    if isinstance(values, pd.Series):
        s = pd.to_datetime(values, errors="coerce")
        s = s.dt.tz_localize("UTC") if s.dt.tz is None else s
        return s.dt.tz_convert(PARIS).dt.tz_localize(None)
    if _missing(values):
        return values
    if isinstance(values, str):
        values = dt.datetime.fromisoformat(values)
    if isinstance(values, dt.datetime):
        aware = values if values.tzinfo else values.replace(tzinfo=dt.UTC)
        return aware.astimezone(PARIS).replace(tzinfo=None)
    return values


def date_time(x) -> str:
    """A stored time as Paris time: '30/11/2026 à 21:05'."""
    t = paris(x)
    return "–" if _missing(t) else t.strftime("%d/%m/%Y à %H:%M")


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
