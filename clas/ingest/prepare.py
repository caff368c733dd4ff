"""Register rows -> validated, normalised, pseudonymised rows ready to load.

A row with an error (it cannot be counted right) is rejected and reported; a row with a warning loads
and is reported. Every issue carries the sheet, the row number the user sees and the column header as
written in the file.
"""

# long module: the register's column-wise validation, every field in one pass over the frame (the checks share
# the rows rejected so far); the checker itself is clas/ingest/checker.py.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clas.domain import vocab
from clas.domain.privacy import child_ids
from clas.ingest import columns as C
from clas.ingest import normalise as N
from clas.ingest.checker import Checker
from clas.ingest.locate import Table
from clas.ingest.report import Issue
from clas.store.reference import Matcher

REGISTER_FIELDS = [f for f in C.REGISTER_LABELS]
MIN_AGE, MAX_AGE = 4, 21  # CP to lycée, with room for late and early pupils


@dataclass
class Prepared:
    enrolments: pd.DataFrame
    criteria: pd.DataFrame  # (row position in enrolments, criterion)
    children: pd.DataFrame
    actions: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0


def _frame(tables: list[Table], fields: list[str]) -> tuple[pd.DataFrame, dict]:
    parts, headers = [], {}
    for t in tables:
        parts.append(t.data.assign(sheet=t.sheet))  # copy-on-write: the cells are not copied
        for c, f in t.fields.items():
            headers[(t.sheet, f)] = t.headers[c]
    if len(parts) == 1:  # the usual register: one table, used as it is (a concat would copy every cell)
        df = parts[0].reset_index(drop=True)
    else:
        df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["row", "sheet"])
    for f in fields:
        if f not in df:
            df[f] = None
    return df, headers


def _school_year_bounds(year: str) -> tuple[dt.date, dt.date]:
    start = int(year[:4])
    return dt.date(start, 8, 1), dt.date(start + 1, 7, 31)


def prepare_register(
    tables: list[Table], school_year: str, matcher: Matcher, key: bytes, today: dt.date | None = None
) -> Prepared:
    today = today or dt.date.today()
    df, headers = _frame(tables, REGISTER_FIELDS)
    crit_cols = sorted({c for c in df.columns if isinstance(c, str) and c.startswith(C.CRITERION_PREFIX)})
    ck = Checker(df, headers)
    out = pd.DataFrame({"sheet": df["sheet"], "source_row": df["row"].astype("int64")})

    # Names link records and are dropped right after hashing.
    if df["full_name"].notna().any() and df["last_name"].isna().all():
        names = N.name_keys(df["full_name"])
        name_field = "full_name"
    else:
        last = N.name_keys(df["last_name"])
        first = N.name_keys(df["first_name"])
        names = last + " " + first
        ck.flag(first.eq("") & last.ne(""), "first_name", "error", "Prénom manquant : la ligne n'est pas importée.")
        # A first name alone does not tell children apart (two Lucas born the same day would share an id):
        # without a surname the row is rejected, as it is without a first name.
        ck.flag(last.eq("") & first.ne(""), "last_name", "error", "Nom manquant : la ligne n'est pas importée.")
        name_field = "last_name"
    names = names.str.strip()
    ck.flag(names.eq(""), name_field, "error", "Nom manquant : la ligne n'est pas importée.")

    birth = N.by_distinct(df["birth_date"], N.to_date)
    ck.flag(
        birth.isna(),
        "birth_date",
        "error",
        "Date de naissance manquante : elle est indispensable pour reconnaître l'enfant d'un fichier à l'autre.",
    )
    # These messages do not quote the cell: they are stored in import_issues, and a mistyped birth date
    # (2031 for 2013) is still a child's birth date. The row and the column point the user to it.
    ck.flag(
        N.by_distinct(birth, lambda v: v is N.INVALID),
        "birth_date",
        "error",
        lambda v: (
            "Date de naissance impossible : ce jour n'existe pas au calendrier."
            if N.impossible_date(v)
            else "Date de naissance illisible (attendu : JJ/MM/AAAA)."
        ),
    )
    bvalid = N.by_distinct(birth, lambda v: v if isinstance(v, dt.date) else None)
    ck.flag(
        N.by_distinct(bvalid, lambda d: d is not None and d > today),
        "birth_date",
        "error",
        "Date de naissance dans le futur : vérifiez-la.",
    )
    start = _school_year_bounds(school_year)[0]
    age = N.by_distinct(bvalid, lambda d: None if d is None or d > today else start.year - d.year)
    ck.flag(
        N.by_distinct(age, lambda a: a is not None and not (MIN_AGE <= a <= MAX_AGE)),
        "birth_date",
        "error",
        "Date de naissance invraisemblable pour un élève de CP au lycée : vérifiez-la.",
    )

    grade = N.by_distinct(df["grade"], N.coded("grade"))
    ck.flag(grade.isna(), "grade", "error", "Classe manquante : la ligne n'est pas importée.")
    ck.flag(
        N.by_distinct(grade, lambda v: v is N.INVALID),
        "grade",
        "error",
        lambda v: f"Classe « {v} » inconnue (attendu : CP, CE1… CM2, 6e… 3e, 2nde, 1re, Terminale).",
    )
    out["grade"] = N.by_distinct(grade, lambda v: v if isinstance(v, str) else None)
    band = out["grade"].map(vocab.GRADE_BAND_OF)

    for f in ("orientation_date", "entry_date", "exit_date"):
        d = N.by_distinct(df[f], N.to_date)
        ck.flag(
            N.by_distinct(d, lambda v: v is N.INVALID),
            f,
            "error",
            lambda v, f=f: (
                f"{C.REGISTER_LABELS[f]} « {v} » impossible : ce jour n'existe pas au calendrier."
                if N.impossible_date(v)
                else f"{C.REGISTER_LABELS[f]} « {v} » illisible (attendu : JJ/MM/AAAA)."
            ),
        )
        out[f] = N.by_distinct(d, lambda v: v if isinstance(v, dt.date) else None)
    both = out["entry_date"].notna() & out["exit_date"].notna()
    ck.flag(
        both & (out["exit_date"].where(both) < out["entry_date"].where(both)).fillna(False).astype(bool),
        "exit_date",
        "error",
        lambda v: f"Date de sortie « {v} » antérieure à la date d'entrée.",
    )
    lo, hi = _school_year_bounds(school_year)
    for f in ("entry_date", "exit_date"):
        outside = N.by_distinct(out[f], lambda d: d is not None and not (lo <= d <= hi))
        ck.flag(
            outside,
            f,
            "warning",
            lambda v, f=f: f"{C.REGISTER_LABELS[f]} « {v} » hors de l'année scolaire {school_year}.",
        )
    early = out["orientation_date"].notna() & out["entry_date"].notna()
    ck.flag(
        early & (out["entry_date"].where(early) < out["orientation_date"].where(early)).fillna(False).astype(bool),
        "entry_date",
        "warning",
        "Date d'entrée antérieure à la date d'orientation.",
    )

    for f, what in (("sessions_attended", "Nombre de séances"), ("parent_meetings", "Nombre de réunions")):
        n = N.by_distinct(df[f], N.count)
        ck.flag(
            N.by_distinct(n, lambda v: v is N.INVALID),
            f,
            "error",
            lambda v, w=what: f"{w} « {v} » illisible (attendu : un nombre entier).",
        )
        ck.flag(
            N.by_distinct(n, lambda v: isinstance(v, int) and v < 0),
            f,
            "error",
            lambda v, w=what: f"{w} négatif ({v}).",
        )
        out[f] = N.by_distinct(n, lambda v: v if isinstance(v, int) else None).astype("Int64")

    for f, kind, what in (
        ("sex", "sex", "Sexe"),
        ("source", "source", "Orienté par"),
        ("outcome", "outcome", "Suite donnée"),
        ("exit_reason", "exit_reason", "Motif de sortie"),
    ):
        v = N.by_distinct(df[f], N.coded(kind))
        ck.flag(
            N.by_distinct(v, lambda x: x is N.INVALID),
            f,
            "warning",
            lambda x, w=what: f"{w} « {x} » non reconnu : laissé vide.",
        )
        out[f] = N.by_distinct(v, lambda x: x if isinstance(x, str) else None)
    # A child with an entry date or sessions was enrolled, whatever the file says (or omits) about it.
    enrolled = out["entry_date"].notna() | out["sessions_attended"].fillna(0).gt(0)
    out.loc[out["outcome"].isna() & enrolled, "outcome"] = "inscrit"

    for f in ("pre", "welcome_interview", "parent_collective"):
        present = df[f].notna().any()
        v = N.by_distinct(df[f], N.yes_no)
        ck.flag(
            N.by_distinct(v, lambda x: x is N.INVALID),
            f,
            "warning",
            lambda x, f=f: f"{C.REGISTER_LABELS[f]} « {x} » : attendu Oui ou Non ; laissé vide.",
        )
        out[f] = N.by_distinct(v, lambda x: x if isinstance(x, bool) else None) if present else None
        out[f] = out[f].astype("boolean")

    # (row index, criterion) pairs, from a list column and from one ticked column per criterion.
    pairs_parts = []
    if df["criteria_list"].notna().any():
        parsed = N.by_distinct(df["criteria_list"], N.criteria_list)
        codes = parsed.map(lambda p: p[0]).explode().dropna()
        pairs_parts.append(
            pd.DataFrame({"row_index": codes.index.to_numpy(dtype=np.int64), "criterion": codes.to_numpy(dtype=object)})
        )
        ck.flag(
            N.by_distinct(parsed, lambda p: bool(p[1])),
            "criteria_list",
            "warning",
            lambda v: (
                f"Critères « {v} » : une partie n'est pas un critère connu ; seuls les critères reconnus sont importés."
            ),
        )
    for col in crit_cols:
        v = N.by_distinct(df[col], N.yes_no)
        ck.flag(
            N.by_distinct(v, lambda x: x is N.INVALID),
            col,
            "warning",
            lambda x: f"Case de critère « {x} » : attendu X ou vide ; ignorée.",
        )
        ticked = np.flatnonzero(N.by_distinct(v, lambda x: x is True).to_numpy(dtype=bool))
        pairs_parts.append(pd.DataFrame({"row_index": ticked, "criterion": col[len(C.CRITERION_PREFIX) :]}))
    crit_pairs = (
        pd.concat(pairs_parts, ignore_index=True)
        if pairs_parts
        else pd.DataFrame({"row_index": np.zeros(0, np.int64), "criterion": []})
    )

    school_text = N.by_distinct(df["school"], N.plain_text)
    pairs = school_text.fillna("") + "\x1f" + band.fillna("")
    out["school_id"] = N.by_distinct(pairs, lambda p: _school(matcher, p)).astype("Int64")
    out["school_label"] = school_text
    ck.flag(
        school_text.notna() & out["school_id"].isna(),
        "school",
        "warning",
        lambda v: (
            f"École « {v} » absente du référentiel : ligne importée, école à rapprocher sur la page "
            "Qualité des données."
        ),
    )
    ck.flag(school_text.isna(), "school", "warning", "École manquante.")
    nb_text = N.by_distinct(df["neighbourhood"], N.plain_text)
    out["neighbourhood_code"] = N.by_distinct(nb_text, lambda t: None if t is None else matcher.neighbourhood(t))
    ck.flag(nb_text.isna(), "neighbourhood", "warning", "Quartier manquant : l'enfant ne compte dans aucun quartier.")
    ck.flag(
        nb_text.notna() & out["neighbourhood_code"].isna(),
        "neighbourhood",
        "warning",
        lambda v: f"Quartier « {v} » inconnu du référentiel : l'enfant ne compte dans aucun quartier.",
    )

    ok = ~ck.rejected
    idx = np.flatnonzero(ok)
    ids = np.full(len(df), None, dtype=object)
    ids[idx] = child_ids(key, names.to_numpy(dtype=object)[idx], bvalid.to_numpy(dtype=object)[idx])
    out["child_id"] = ids
    out["birth_year"] = N.by_distinct(bvalid, lambda d: d.year if d is not None else None)

    # The same child twice in one register: the first row counts, the others are reported and not loaded.
    dup = ok & out["child_id"].duplicated(keep="first").to_numpy() & out["child_id"].notna().to_numpy()
    if dup.any():
        first = out[ok].drop_duplicates("child_id").set_index("child_id")[["sheet", "source_row"]]
        where = N.by_distinct(
            out.loc[dup, "child_id"],
            lambda c: f"ligne {first.at[c, 'source_row']} (feuille « {first.at[c, 'sheet']} »)",
        )
        quoted = pd.Series(None, index=df.index, dtype=object)
        quoted[dup] = where.to_numpy()
        ck.flag(
            dup,
            "_row",
            "warning",
            lambda w: f"Même enfant que {w} : cette ligne n'est pas importée en double.",
            values=quoted,
        )
    keep = ok & ~dup
    enr = out[keep].reset_index(drop=True)
    children = enr[["child_id", "sex", "birth_year"]]  # one row a child: its other rows were set aside just above
    pos = np.full(len(df), -1, dtype=np.int64)
    pos[keep] = np.arange(int(keep.sum()))
    crit = crit_pairs.assign(pos=pos[crit_pairs["row_index"].to_numpy()])
    crit = crit[crit["pos"] >= 0].drop_duplicates(["pos", "criterion"]).sort_values("pos", kind="stable")
    ck.issues.sort(key=lambda i: (i.sheet or "", i.row or 0))
    return Prepared(
        enr,
        crit[["pos", "criterion"]].reset_index(drop=True),
        children,
        pd.DataFrame(),
        ck.issues,
        rows_read=len(df),
        rows_rejected=int((~keep).sum()),
    )


def _school(matcher: Matcher, pair: str | None) -> int | None:
    text, _, band = (pair or "").partition("\x1f")
    return matcher.school(text, band or None) if text else None


def prepare_actions(tables: list[Table]) -> tuple[pd.DataFrame, list[Issue]]:
    df, headers = _frame(tables, list(C.ACTION_LABELS))
    ck = Checker(df, headers)
    d = N.by_distinct(df["action_date"], N.to_date)
    ck.flag(
        N.by_distinct(d, lambda v: v is N.INVALID),
        "action_date",
        "error",
        lambda v: (
            f"Date d'action « {v} » {'impossible (ce jour n’existe pas)' if N.impossible_date(v) else 'illisible'} : "
            "action non importée."
        ),
    )
    t = N.by_distinct(df["action_type"], N.coded("action_type"))
    ck.flag(t.isna(), "action_type", "error", "Type d'action manquant : action non importée.")
    ck.flag(
        N.by_distinct(t, lambda v: v is N.INVALID),
        "action_type",
        "error",
        lambda v: f"Type d'action « {v} » inconnu : action non importée.",
    )
    n = N.by_distinct(df["families_present"], N.count)
    ck.flag(
        N.by_distinct(n, lambda v: v is N.INVALID or (isinstance(v, int) and v < 0)),
        "families_present",
        "error",
        lambda v: f"Nombre de familles « {v} » illisible : action non importée.",
    )
    out = pd.DataFrame(
        {
            "action_date": N.by_distinct(d, lambda v: v if isinstance(v, dt.date) else None),
            "type": N.by_distinct(t, lambda v: v if isinstance(v, str) else None),
            "families_present": N.by_distinct(n, lambda v: v if isinstance(v, int) else None).astype("Int64"),
        }
    )
    return out[~ck.rejected].reset_index(drop=True), ck.issues
