"""Cell values as providers write them -> the model's values.

Each normaliser works on the distinct values of a column (a register repeats the same few spellings
thousands of times) and returns, per row, the value or one of two markers: `None` for an empty cell and
`INVALID` for a cell that could not be read, which validation turns into an error or a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from clas.domain import vocab
from clas.domain.textnorm import key
from clas.ingest.distinct import by_distinct  # noqa: F401 (the validators' helper, used as N.by_distinct)


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SPLIT_CRITERIA = re.compile(r"[;,/+\n|]|\s-\s")


def is_blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v)


def cell_text(v: object) -> str:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def to_date(v: object, today_year: int | None = None):
    if is_blank(v):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _serial(v)
    s = str(v).strip()
    if s.isdigit() and len(s) == 5:
        return _serial(int(s))
    m = _DMY.match(s)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        if y < 100:
            # Two-digit years: a child's dates are in this century unless that would be in the future.
            pivot = (today_year or dt.date.today().year) % 100 + 1
            y += 2000 if y <= pivot else 1900
        return _make(y, mo, d)
    m = _YMD.match(s)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        return _make(y, mo, d)
    return INVALID


def impossible_date(v: object) -> bool:
    """True for a date written the right way, with a day of 1 to 31 and a month of 1 to 12, that the
    calendar does not have (31/02/2010, 31/04/2024): the message then says « impossible », not « illisible ».
    A day or month out of range (32/13/2014) is a typing error: « illisible »."""
    s = str(v).strip()
    m, order = _DMY.match(s), "dmy"
    if not m:
        m, order = _YMD.match(s), "ymd"
    if not m:
        return False
    parts = dict(zip(order, (int(x) for x in m.groups()[:3])))
    d, mo, y = parts["d"], parts["m"], parts["y"]
    return 1 <= d <= 31 and 1 <= mo <= 12 and _make(2000 + y if y < 100 else y, mo, d) is INVALID


def _serial(n: float):
    # Excel serials for 1950..2100; other numbers in a date column are typing errors.
    if 18264 <= n <= 73051:
        return _EXCEL_EPOCH + dt.timedelta(days=int(n))
    return INVALID


def _make(y: int, mo: int, d: int):
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return INVALID


def _compact_table(table: dict[str, str]) -> dict[str, str]:
    """Spellings without their spaces (« c p » from « C.P. », « cm 1 »), when that stays unambiguous."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for k, code in table.items():
        c = k.replace(" ", "")
        if c in out and out[c] != code:
            clash.add(c)
        out.setdefault(c, code)
    return {c: code for c, code in out.items() if c not in clash}


# Parent actions written in free words (« Café des parents du jeudi », « Sortie familles au musée »): the
# word that carries the meaning decides, the most specific first (a « réunion parents-enseignants » is a
# meeting with the teachers, a « café des parents » is not a meeting).
ACTION_WORDS = (
    ("cafe", "cafe_parents"),
    ("collectif", "collectif_parents"),
    ("atelier", "atelier_parentalite"),
    ("parentalite", "atelier_parentalite"),
    ("bilan", "bilan_fin_annee"),
    ("fete", "bilan_fin_annee"),
    ("entretien", "entretien_accueil"),
    ("enseignant", "rencontre_enseignants"),
    ("professeur", "rencontre_enseignants"),
    ("instituteur", "rencontre_enseignants"),
    ("institutrice", "rencontre_enseignants"),
    ("sortie", "parent_en_seance"),
    ("seance", "parent_en_seance"),
    ("visite", "parent_en_seance"),
    ("spectacle", "parent_en_seance"),
    ("reunion", "reunion_parents"),
    ("rencontre", "reunion_parents"),
    ("accueil", "entretien_accueil"),
)


def _by_meaning_word(k: str) -> str | None:
    tokens = [t for t in k.split() if len(t) >= 4]
    for word, code in ACTION_WORDS:
        if any(t.startswith(word) for t in tokens):
            return code
    return None


def _leading(k: str, table: dict[str, str], compact: dict[str, str]) -> str | None:
    """A grade followed by a group or a track: « 6ème 5 SEGPA », « CE1 A », « Terminale générale »."""
    tokens = k.split()
    for n in (2, 1):
        if len(tokens) > n:
            head = " ".join(tokens[:n])
            hit = table.get(head) or compact.get(head.replace(" ", ""))
            if hit:
                return hit
    return None


def coded(kind: str) -> Callable[[object], object]:
    """Normaliser for a controlled vocabulary (grade, source, outcome, sex...)."""
    table = vocab.SPELLINGS[kind]
    compact = _compact_table(table)

    def fn(v: object):
        if is_blank(v):
            return None
        k = key(cell_text(v))
        hit = table.get(k) or compact.get(k.replace(" ", ""))
        if hit:
            return hit
        if kind == "grade":
            hit = _leading(k, table, compact)
        elif kind == "action_type":
            hit = _by_meaning_word(k)
        return hit or INVALID

    return fn


# Symbols have an empty text key, like a blank: without these two sets a box ticked "✓" read as "no",
# and so did a "?". A tick is yes, a dash is no, any other symbol is reported as unreadable.
_TICK_MARKS = {"✓", "✔", "☑", "☒", "✗", "✘", "✅"}  # a cross is a tick here, as the letter X is
_DASHES = {"-", "–", "—", "/", ".", "☐"}


def _symbol(s: str):
    """True for a tick mark, False for a dash or an empty box, INVALID for another cell with no letter or
    digit, None for a cell with text (left to the caller)."""
    if s in _TICK_MARKS:
        return True
    if key(s):
        return None
    return False if s in _DASHES else INVALID


def yes_no(v: object):
    if is_blank(v):
        return False
    s = cell_text(v)
    sym = _symbol(s)
    if sym is not None:
        return sym
    return _yes_no_word(key(s))


# Yes and no as people write them, beyond vocab.YES / vocab.NO; a first word decides « Oui (12/09) ».
_YES_MORE = {"si", "coche", "cochee", "realise", "realisee", "effectue", "effectuee", "xx", "oui fait", "fait e"}
_NO_MORE = {"aucun", "aucune", "pas", "neant", "jamais", "non fait", "pas fait", "nn"}


def _yes_no_word(k: str):
    if k in vocab.YES or k in _YES_MORE:
        return True
    if k in vocab.NO or k in _NO_MORE:
        return False
    first = k.split(" ", 1)[0]
    if first in ("oui", "yes", "fait"):
        return True
    if first in ("non", "no", "pas", "aucun", "aucune", "jamais"):
        return False
    return INVALID


def count(v: object):
    """A non-negative whole number; X/Oui count as 1 (a ticked "Réunions" column), Non as 0."""
    if is_blank(v):
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return int(v) if float(v).is_integer() else INVALID
    s = cell_text(v).replace(",", ".")
    try:
        f = float(s)
        return int(f) if f.is_integer() else INVALID
    except ValueError:
        sym = _symbol(s)
        if sym is not None:
            return sym if sym is INVALID else int(sym)
        k = key(s)
        if k in vocab.YES:
            return 1
        if k in vocab.NO:
            return 0
        return INVALID


def criteria_list(v: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """('methodologie', 'confiance'), (unknown words) from 'Méthodo ; confiance en soi'."""
    if is_blank(v):
        return (), ()
    codes, unknown = [], []
    for part in _SPLIT_CRITERIA.split(cell_text(v)):
        k = key(part)
        if not k:
            continue
        code = vocab.SPELLINGS["criterion"].get(k)
        if code:
            if code not in codes:
                codes.append(code)
        else:
            unknown.append(part.strip())
    return tuple(codes), tuple(unknown)


def name_key(v: object) -> str:
    return "" if is_blank(v) else key(cell_text(v))


def name_keys(series: pd.Series) -> pd.Series:
    """name_key of a whole column; the same keys as textnorm.key, computed by Arrow when every cell is text
    (a 200,000-row register has 200,000 distinct names: one Python call each was the importer's slowest step)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = series.to_numpy(dtype=object)
    if not all(v.__class__ is str or v is None for v in values):
        return by_distinct(series, name_key)
    arr = pa.array(values, type=pa.string())
    arr = pc.utf8_normalize(arr, form="NFKD")
    arr = pc.replace_substring_regex(arr, pattern=r"[^\x00-\x7f]", replacement="")  # encode("ascii", "ignore")
    arr = pc.ascii_lower(arr)
    arr = pc.replace_substring_regex(arr, pattern=r"[^0-9a-z]+", replacement=" ")
    arr = pc.utf8_trim_whitespace(arr)
    # Kept in Arrow (pandas' "str" dtype): as Python objects, the 290,000 keys of the two name columns and
    # their join cost ~80 MB at the peak of a wide register's import; only the pseudonyms need them as str.
    return pd.Series(arr.fill_null(""), index=series.index, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def plain_text(v: object):
    return None if is_blank(v) else cell_text(v)
