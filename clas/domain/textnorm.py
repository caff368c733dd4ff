"""Text keys for matching what people type: case, accents, punctuation and spacing do not count."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def key(text: object) -> str:
    """'  Équipe-Éducative (ENS.) ' -> 'equipe educative ens'. None and NaN give ''."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    s = s.replace("'", " ").replace("’", " ")
    return _NON_ALNUM.sub(" ", s).strip()
