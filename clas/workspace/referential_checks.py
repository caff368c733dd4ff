"""Checking a reference table before it is saved (Référentiels): every cell typed, every problem a French
message that says where. « ligne 4 » is the line of the uploaded file (its header is line 1) or the row of the
table on the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from clas.domain import vocab
from clas.domain.textnorm import key
from clas.workspace.referential_specs import ID_FIELD, SCHOOL_TYPES, SPECS, UAI, Column, label


@dataclass
class Checked:
    frame: pd.DataFrame  # one column per field, typed, ready to save
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(kind: str, df: pd.DataFrame, neighbourhood_codes: set[str] | None = None, first_line: int = 2) -> Checked:
    """Check and type a table whose columns are already fields (map_headers, or the page's editor).

    first_line: the number the first data row has for the user (2 in a file under its header, 1 on the page).
    Id columns (school_id, provider_id) pass through untouched.
    """
    errors: list[str] = []
    warnings: list[str] = []
    specs = SPECS[kind]
    out = pd.DataFrame(index=df.index)
    idf = ID_FIELD[kind]
    if idf and idf in df:
        out[idf] = pd.to_numeric(df[idf], errors="coerce").astype("Int64")
    # Fully blank rows (the editor's empty new row, blank lines of a file) are not rows.
    values = df[[c.field for c in specs if c.field in df]]
    blank = (
        values.apply(lambda col: col.map(lambda v: _text(v) is None)).all(axis=1)
        if len(values.columns)
        else pd.Series(True, index=df.index)
    )
    df = df[~blank]
    out = out[~blank]
    lines = {i: first_line + n for n, i in enumerate(df.index)}
    if kind == "neighbourhoods":
        neighbourhood_codes = {t for t in df.get("code", pd.Series(dtype=object)).map(_text) if t}
    for col in specs:
        raw = df[col.field] if col.field in df else pd.Series([None] * len(df), index=df.index, dtype=object)
        parsed = []
        for i, v in raw.items():
            value, problem = _parse(col, v, neighbourhood_codes)
            if problem:
                errors.append(f"Ligne {lines[i]}, colonne « {col.label} » : {problem}")
            elif value is None and col.required:
                errors.append(f"Ligne {lines[i]}, colonne « {col.label} » : valeur obligatoire manquante.")
            parsed.append(value)
        out[col.field] = pd.Series(parsed, index=df.index, dtype=object)
    # Unique keys.
    uniques = {
        "neighbourhoods": [("code", str), ("name", key)],
        "schools": [("uai", str)],
        "providers": [("name", key)],
    }[kind]
    for f, norm in uniques:
        seen: dict = {}
        for i, v in out[f].items():
            if v is None:
                continue
            k = norm(v)
            if k in seen:
                errors.append(
                    f"« {v} » apparaît deux fois dans la colonne « {label(kind, f)} » "
                    f"(lignes {seen[k]} et {lines[i]}) : chaque valeur doit être unique."
                )
            else:
                seen[k] = lines[i]
    if kind == "schools":
        names: dict = {}
        for i, v in out["name"].items():
            if v is not None and key(v) in names:
                warnings.append(
                    f"L'école « {v} » (ligne {lines[i]}) porte le même nom qu'à la ligne "
                    f"{names[key(v)]} : les fichiers des porteurs ne pourront pas les distinguer par "
                    "leur nom."
                )
            elif v is not None:
                names[key(v)] = lines[i]
    for c in ("priority_area", "priority_education"):
        if c in out:
            out[c] = out[c].map(lambda v: bool(v) if v is not None else False)
    return Checked(out.reset_index(drop=True), errors, warnings)


def _text(v) -> str | None:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    s = str(v).strip()
    return s or None


_TYPES = {
    "school_type": {
        **{key(c): c for c in SCHOOL_TYPES},
        **{key(lbl): c for c, lbl in SCHOOL_TYPES.items()},
        "ecole": "elementaire",
        "ecole elementaire": "elementaire",
        "primaire": "elementaire",
        "clg": "college",
        "lycee professionnel": "lycee",
        "lp": "lycee",
        "lgt": "lycee",
    },
    "provider_type": vocab.SPELLINGS["provider_type"],
}


def _parse(col: Column, v, neighbourhood_codes: set[str] | None):
    """(value, problem): problem is a French phrase when the cell is wrong."""
    if isinstance(v, bool) and col.kind == "bool":
        return v, None
    t = _text(v)
    if t is None:
        return None, None
    if col.kind == "text":
        if col.field == "uai":
            t = t.upper().replace(" ", "")
            if not UAI.match(t):
                return None, f"« {t} » n'est pas un code UAI (7 chiffres et une lettre, ex. 0951234X)."
        return t, None
    if col.kind == "bool":
        k = key(t)
        if k in vocab.YES:
            return True, None
        if k in vocab.NO:
            return False, None
        return None, f"« {t} » : attendu Oui ou Non."
    if col.kind in ("int", "float"):
        s = t.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
        try:
            x = float(s)
        except ValueError:
            return None, f"« {t} » n'est pas un nombre."
        if col.kind == "int":
            if not x.is_integer() or x < 0:
                return None, f"« {t} » : attendu un nombre entier positif ou nul."
            return int(x), None
        limit = 90 if col.field == "latitude" else 180
        if not -limit <= x <= limit:
            return None, f"« {t} » hors des valeurs possibles (de −{limit} à {limit})."
        return x, None
    if col.kind in _TYPES:
        code = _TYPES[col.kind].get(key(t))
        if code is None:
            allowed = SCHOOL_TYPES if col.kind == "school_type" else vocab.PROVIDER_TYPES
            return None, f"« {t} » inconnu (attendu : {', '.join(allowed.values())})."
        return code, None
    if col.kind == "neighbourhood":
        if neighbourhood_codes is not None and t not in neighbourhood_codes:
            return None, f"quartier « {t} » absent de la table des quartiers."
        return t, None
    raise ValueError(col.kind)
