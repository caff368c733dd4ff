"""What the Référentiels page does: validate and save the reference tables (schools, neighbourhoods,
providers), edited in a table or replaced from a CSV/XLSX file, and the small-cell threshold.

Validation messages are French and say where: « ligne 4 » is the line of the uploaded file (its header is
line 1) or the row of the table on the page. A table is saved in one transaction, or not at all. Rows that
other data point to are never deleted (a school that children attend, a provider that sent files): they are
kept and the page says so.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clas.store import db
from clas.domain import vocab
from clas.domain.fmt import count, neutralise_frame, plural
from clas.ingest import FileRejected
from clas.ingest.read import read_file
from clas.store.reference import Matcher
from clas.domain.textnorm import key

KINDS = {"schools": "Écoles", "neighbourhoods": "Quartiers", "providers": "Porteurs"}
SAVED = {"schools": "Écoles enregistrées", "neighbourhoods": "Quartiers enregistrés",
         "providers": "Porteurs enregistrés"}
SCHOOL_TYPES = {"elementaire": "Élémentaire", "college": "Collège", "lycee": "Lycée"}
UAI = re.compile(r"^\d{7}[A-Z]$")
THRESHOLD_SETTING = "small_cell_threshold"
THRESHOLD_RANGE = (2, 50)


@dataclass(frozen=True)
class Column:
    field: str
    label: str                 # French header (page and expected file)
    kind: str                  # text | bool | int | float | school_type | provider_type | neighbourhood
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""


SPECS: dict[str, list[Column]] = {
    "neighbourhoods": [
        Column("code", "Code", "text", True, ("code quartier", "code du quartier", "id", "code insee"),
               "Identifiant court et unique du quartier (ex. VAN), ou code INSEE d'une commune."),
        Column("name", "Nom", "text", True, ("quartier", "nom du quartier", "libelle", "commune", "nom commune"),
               "Nom du quartier tel qu'on l'écrit."),
        Column("priority_area", "Quartier prioritaire", "bool", False,
               ("qpv", "prioritaire", "quartier prioritaire qpv", "zus", "politique de la ville"),
               "Oui si le quartier est un quartier prioritaire de la politique de la ville (QPV)."),
        Column("children_6_10", "Enfants de 6 à 10 ans", "int", False,
               ("enfants 6 10 ans", "enfants 6 10", "6 10 ans", "population 6 10 ans", "nb enfants 6 10 ans"),
               "Nombre d'enfants de 6 à 10 ans habitant le quartier (recensement)."),
        Column("children_11_14", "Enfants de 11 à 14 ans", "int", False,
               ("enfants 11 14 ans", "enfants 11 14", "11 14 ans", "population 11 14 ans", "nb enfants 11 14 ans"),
               "Nombre d'enfants de 11 à 14 ans habitant le quartier (recensement)."),
    ],
    "schools": [
        Column("uai", "UAI", "text", False, ("code uai", "rne", "numero uai", "code rne"),
               "Code de l'établissement (7 chiffres et une lettre, ex. 0951234X) ; facultatif mais unique."),
        Column("name", "Nom", "text", True, ("ecole", "etablissement", "nom de l ecole", "nom de l etablissement",
                                             "libelle"), "Nom de l'école ou du collège."),
        Column("type", "Type", "school_type", True, ("type d etablissement", "niveau", "degre"),
               "Élémentaire, Collège ou Lycée."),
        Column("neighbourhood_code", "Code quartier", "neighbourhood", False, ("quartier", "code du quartier"),
               "Code du quartier où se trouve l'établissement (table des quartiers)."),
        Column("priority_education", "Éducation prioritaire", "bool", False,
               ("rep", "rep rep", "education prioritaire rep", "ep"), "Oui si l'établissement est en REP ou REP+."),
    ],
    "providers": [
        Column("name", "Nom", "text", True, ("porteur", "nom du porteur", "structure", "association"),
               "Nom du porteur, tel que ses fichiers l'écrivent."),
        Column("type", "Type", "provider_type", False, ("type de porteur", "statut"),
               "Municipal ou Associatif."),
        Column("neighbourhood_code", "Code quartier", "neighbourhood", False, ("quartier", "code du quartier"),
               "Code du quartier où le porteur accueille les enfants."),
        Column("latitude", "Latitude", "float", False, ("lat",), "Position du lieu d'accueil (degrés décimaux)."),
        Column("longitude", "Longitude", "float", False, ("lon", "lng", "long"),
               "Position du lieu d'accueil (degrés décimaux)."),
    ],
}
ID_FIELD = {"schools": "school_id", "providers": "provider_id", "neighbourhoods": None}


@dataclass
class Checked:
    frame: pd.DataFrame                     # one column per field, typed, ready to save
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Saved:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    kept: list[str] = field(default_factory=list)     # rows that should have gone but are in use
    rematched: int = 0                                 # enrolments whose school is now recognised

    def message(self, kind: str) -> str:
        parts = [f"{SAVED[kind]} : {count(self.added, 'ajout')}, {count(self.updated, 'ligne mise', 'lignes mises')} "
                 f"à jour, {count(self.deleted, 'suppression')}."]
        if self.kept:
            parts.append("Conservés car utilisés par des données importées : " + ", ".join(self.kept) + ".")
        if self.rematched:
            parts.append(f"{count(self.rematched, 'ligne', 'lignes')} d'inscription "
                         f"{plural(self.rematched, 'a', 'ont')} désormais une école reconnue.")
        return " ".join(parts)


# --- reading an uploaded table ---------------------------------------------------------------------------

def read_table(data: bytes) -> pd.DataFrame:
    """The first non-empty sheet of a CSV/XLSX/XLS/ODS file as text cells, its first row as headers.

    Raises FileRejected (French message) for an unreadable file; the importer's guards apply (size, zip bomb).
    """
    _fmt, sheets = read_file(data)
    for sheet in sheets:
        rows = [[_cell(v) for v in r] for r in sheet.rows]
        rows = [r for r in rows if any(v for v in r)]
        if rows:
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            header = [h or f"colonne {i + 1}" for i, h in enumerate(rows[0])]
            return pd.DataFrame(rows[1:], columns=header, dtype=object)
    raise FileRejected("Le fichier ne contient aucun tableau.")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
    return str(v).strip()


def map_headers(kind: str, df: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Rename the file's headers to fields (field name, French label or a known alias, any case or accents).

    Returns (renamed frame, errors, warnings): a required column missing is an error, an unknown one a warning.
    """
    index: dict[str, str] = {}
    for col in SPECS[kind]:
        for name in (col.field, col.label, *col.aliases):
            index.setdefault(key(name), col.field)
    renamed, errors, warnings, seen = {}, [], [], {}
    for header in df.columns:
        f = index.get(key(header))
        if f is None:
            warnings.append(f"Colonne « {header} » inconnue : ignorée.")
        elif f in seen:
            errors.append(f"Les colonnes « {seen[f]} » et « {header} » désignent toutes deux "
                          f"« {_label(kind, f)} ».")
        else:
            seen[f] = header
            renamed[header] = f
    for col in SPECS[kind]:
        if col.required and col.field not in seen:
            errors.append(f"Colonne obligatoire absente : « {col.label} ».")
    return df[list(renamed)].rename(columns=renamed), errors, warnings


def _label(kind: str, f: str) -> str:
    return next(c.label for c in SPECS[kind] if c.field == f)


# --- validation ------------------------------------------------------------------------------------------

def validate(kind: str, df: pd.DataFrame, neighbourhood_codes: set[str] | None = None,
             first_line: int = 2) -> Checked:
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
    blank = values.apply(lambda col: col.map(lambda v: _text(v) is None)).all(axis=1) if len(values.columns) else \
        pd.Series(True, index=df.index)
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
    uniques = {"neighbourhoods": [("code", str), ("name", key)], "schools": [("uai", str)],
               "providers": [("name", key)]}[kind]
    for f, norm in uniques:
        seen: dict = {}
        for i, v in out[f].items():
            if v is None:
                continue
            k = norm(v)
            if k in seen:
                errors.append(f"« {v} » apparaît deux fois dans la colonne « {_label(kind, f)} » "
                              f"(lignes {seen[k]} et {lines[i]}) : chaque valeur doit être unique.")
            else:
                seen[k] = lines[i]
    if kind == "schools":
        names: dict = {}
        for i, v in out["name"].items():
            if v is not None and key(v) in names:
                warnings.append(f"L'école « {v} » (ligne {lines[i]}) porte le même nom qu'à la ligne "
                                f"{names[key(v)]} : les fichiers des porteurs ne pourront pas les distinguer par "
                                "leur nom.")
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
    "school_type": {**{key(c): c for c in SCHOOL_TYPES}, **{key(lbl): c for c, lbl in SCHOOL_TYPES.items()},
                    "ecole": "elementaire", "ecole elementaire": "elementaire", "primaire": "elementaire",
                    "clg": "college", "lycee professionnel": "lycee", "lp": "lycee", "lgt": "lycee"},
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


# --- saving ----------------------------------------------------------------------------------------------

def save_table(kind: str, frame: pd.DataFrame, path: str | Path | None = None) -> Saved:
    """Make the reference table `kind` equal to `frame` (a validated Checked.frame), in one transaction.

    Rows are matched to the existing ones by id when the frame has one (the page's editor), else by their
    natural key (neighbourhood code, school UAI or name, provider name). Existing rows absent from the frame
    are deleted unless imported data uses them (then kept, and listed in the result).
    """
    with db.writing(path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            saved = {"neighbourhoods": _save_neighbourhoods, "schools": _save_schools,
                     "providers": _save_providers}[kind](con, frame)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    return saved


def _rows(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v) for k, v in r.items()}
            for r in frame.to_dict("records")]


def _save_neighbourhoods(con, frame: pd.DataFrame) -> Saved:
    s = Saved()
    existing = {c for (c,) in con.execute("SELECT code FROM neighbourhoods").fetchall()}
    wanted = set()
    for r in _rows(frame):
        wanted.add(r["code"])
        params = {k: r.get(k) for k in ("code", "name", "priority_area", "children_6_10", "children_11_14")}
        if r["code"] in existing:
            con.execute("UPDATE neighbourhoods SET name = $name, priority_area = $priority_area, "
                        "children_6_10 = $children_6_10, children_11_14 = $children_11_14 WHERE code = $code", params)
            s.updated += 1
        else:
            con.execute("INSERT INTO neighbourhoods (code, name, priority_area, children_6_10, children_11_14) "
                        "VALUES ($code, $name, $priority_area, $children_6_10, $children_11_14)", params)
            s.added += 1
    for code in sorted(existing - wanted):
        used = con.execute(
            """SELECT (SELECT count(*) FROM enrolments WHERE neighbourhood_code = $c)
                    + (SELECT count(*) FROM schools WHERE neighbourhood_code = $c)
                    + (SELECT count(*) FROM providers WHERE neighbourhood_code = $c)""", {"c": code}).fetchall()[0][0]
        if used:
            s.kept.append(f"quartier {code}")
        else:
            con.execute("DELETE FROM neighbourhoods WHERE code = $c", {"c": code})
            s.deleted += 1
    return s


def _save_schools(con, frame: pd.DataFrame) -> Saved:
    s = Saved()
    rows = con.execute("SELECT school_id, uai, name FROM schools").fetchall()
    by_id = {sid: (uai, name) for sid, uai, name in rows}
    by_uai = {uai: sid for sid, uai, _ in rows if uai}
    by_name = {key(name): sid for sid, uai, name in rows}
    kept_ids = set()
    for r in _rows(frame):
        sid = r.get("school_id")
        if sid is None or sid not in by_id:
            sid = by_uai.get(r["uai"]) if r.get("uai") else None
            if sid is None and not r.get("uai"):
                sid = by_name.get(key(r["name"]))
        params = {"uai": r.get("uai"), "name": r["name"], "type": r["type"],
                  "neighbourhood_code": r.get("neighbourhood_code"),
                  "priority_education": bool(r.get("priority_education"))}
        if sid is not None and sid not in kept_ids:
            # Free the UAI first if another row holds it (two rows swapping codes in the editor).
            if params["uai"]:
                con.execute("UPDATE schools SET uai = NULL WHERE uai = $uai AND school_id <> $id",
                            {"uai": params["uai"], "id": sid})
            con.execute("UPDATE schools SET uai = $uai, name = $name, type = $type, neighbourhood_code = "
                        "$neighbourhood_code, priority_education = $priority_education WHERE school_id = $id",
                        {**params, "id": sid})
            s.updated += 1
        else:
            sid = con.execute("INSERT INTO schools (uai, name, type, neighbourhood_code, priority_education) VALUES "
                              "($uai, $name, $type, $neighbourhood_code, $priority_education) RETURNING school_id",
                              params).fetchall()[0][0]
            s.added += 1
        kept_ids.add(sid)
    for sid, (uai, name) in sorted(by_id.items()):
        if sid in kept_ids:
            continue
        used = con.execute("SELECT (SELECT count(*) FROM enrolments WHERE school_id = $s) + "
                           "(SELECT count(*) FROM school_aliases WHERE school_id = $s)", {"s": sid}).fetchall()[0][0]
        if used:
            s.kept.append(name)
        else:
            con.execute("DELETE FROM schools WHERE school_id = $s", {"s": sid})
            s.deleted += 1
    s.rematched = rematch_schools(con)
    return s


def rematch_schools(con) -> int:
    """Rows whose school matched no reference school, matched again against the (new) reference."""
    matcher = Matcher.from_db(con)
    pending = con.execute("SELECT DISTINCT school_label, grade FROM enrolments WHERE school_id IS NULL "
                          "AND school_label IS NOT NULL").fetchall()
    n = 0
    for label, grade in pending:
        sid = matcher.school(label, vocab.GRADE_BAND_OF.get(grade))
        if sid is not None:
            n += con.execute("UPDATE enrolments SET school_id = $s WHERE school_id IS NULL AND school_label = $l "
                             "AND grade = $g", {"s": sid, "l": label, "g": grade}).fetchall()[0][0]
    return n


def _save_providers(con, frame: pd.DataFrame) -> Saved:
    s = Saved()
    rows = con.execute("SELECT provider_id, name FROM providers").fetchall()
    by_id = dict(rows)
    by_name = {key(name): pid for pid, name in rows}
    kept_ids = set()
    for r in _rows(frame):
        pid = r.get("provider_id")
        if pid is None or pid not in by_id:
            pid = by_name.get(key(r["name"]))
        params = {k: r.get(k) for k in ("name", "type", "neighbourhood_code", "latitude", "longitude")}
        if pid is not None and pid not in kept_ids:
            con.execute("UPDATE providers SET name = $name, type = $type, neighbourhood_code = $neighbourhood_code, "
                        "latitude = $latitude, longitude = $longitude WHERE provider_id = $id", {**params, "id": pid})
            s.updated += 1
        else:
            pid = con.execute("INSERT INTO providers (name, type, neighbourhood_code, latitude, longitude) VALUES "
                              "($name, $type, $neighbourhood_code, $latitude, $longitude) RETURNING provider_id",
                              params).fetchall()[0][0]
            s.added += 1
        kept_ids.add(pid)
    for pid, name in sorted(by_id.items()):
        if pid in kept_ids:
            continue
        used = con.execute("SELECT (SELECT count(*) FROM imports WHERE provider_id = $p) + "
                           "(SELECT count(*) FROM column_mappings WHERE provider_id = $p)", {"p": pid}).fetchall()[0][0]
        if used:
            s.kept.append(name)
        else:
            con.execute("DELETE FROM providers WHERE provider_id = $p", {"p": pid})
            s.deleted += 1
    return s


def expected_columns(kind: str) -> pd.DataFrame:
    """What an uploaded file must hold (shown on the page)."""
    return pd.DataFrame([(c.label, "oui" if c.required else "non", c.help) for c in SPECS[kind]],
                        columns=["Colonne", "Obligatoire", "Contenu"])


def example_csv(kind: str, current: pd.DataFrame) -> bytes:
    """The current table as a CSV with French headers (UTF-8 with BOM, ';': opens as is in Excel), every text
    that a spreadsheet would run as a formula neutralised (a name may come from an uploaded file)."""
    cols = [c for c in SPECS[kind]]
    df = current[[c.field for c in cols]].copy()
    for c in cols:
        if c.kind == "bool":
            df[c.field] = df[c.field].map({True: "Oui", False: "Non"})
    df.columns = [c.label for c in cols]
    buf = io.StringIO()
    neutralise_frame(df).to_csv(buf, sep=";", index=False)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# --- settings --------------------------------------------------------------------------------------------

def set_small_cell_threshold(value: int, path: str | Path | None = None) -> int:
    lo, hi = THRESHOLD_RANGE
    value = int(value)
    if not lo <= value <= hi:
        raise ValueError(f"Le seuil doit être compris entre {lo} et {hi}.")
    with db.writing(path) as con:
        con.execute("INSERT OR REPLACE INTO settings (name, value) VALUES ($n, $v)",
                    {"n": THRESHOLD_SETTING, "v": str(value)})
    return value
