"""What the network pages compute from query results (DataFrame -> DataFrame): French labels, shares,
the élu view of schemes per neighbourhood under the small-cell rule."""

from __future__ import annotations

import pandas as pd

from clas.domain import disclosure, fmt
from clas.domain import network_vocab as V


def year_lines(by_year: pd.DataFrame) -> pd.DataFrame:
    """network_by_year with the share of Éducation nationale participants (0-1)."""
    out = by_year.copy()
    out["en_share"] = out["education_nationale"] / out["participants"].where(out["participants"] > 0)
    return out


def key_figures(by_year: pd.DataFrame, school_year: str) -> list[tuple[str, str, str | None]]:
    """(label, value, change on the previous year) of the 3 network indicators of Indicateurs clés."""
    lines = year_lines(by_year).set_index("school_year")
    if school_year not in lines.index:
        return []
    cur = lines.loc[school_year]
    prev_year = f"{int(school_year[:4]) - 1}-{school_year[:4]}"
    prev = lines.loc[prev_year] if prev_year in lines.index else None

    def delta(c):
        return fmt.signed_number(cur[c] - prev[c]) if prev is not None else None

    share_delta = (
        fmt.signed_number(100 * (cur["en_share"] - prev["en_share"]), 1, " pt")
        if prev is not None and pd.notna(prev["en_share"]) and pd.notna(cur["en_share"])
        else None
    )
    return [
        ("Séances de formation du réseau", fmt.number(cur["sessions"]), delta("sessions")),
        ("Participants aux séances", fmt.number(cur["participants"]), delta("participants")),
        ("Part de l'Éducation nationale", fmt.percent(cur["en_share"]), share_delta),
    ]


def by_profession(df: pd.DataFrame) -> pd.DataFrame:
    """Participants by profession (French labels, in the list's order) with their institution types."""
    if df.empty:
        return pd.DataFrame(columns=["profession", "participants", "share"])
    g = df.groupby("profession", as_index=False)["participants"].sum()
    g["order"] = g["profession"].map({c: i for i, c in enumerate(V.PROFESSIONS)})
    g = g.sort_values("order").drop(columns="order")
    g["share"] = g["participants"] / g["participants"].sum()
    g["profession"] = g["profession"].map(lambda c: V.label("profession", c))
    return g.reset_index(drop=True)


def by_institution(df: pd.DataFrame) -> pd.DataFrame:
    g = df.groupby("institution_type", as_index=False)["participants"].sum()
    g["institution_type"] = g["institution_type"].map(lambda c: V.label("institution_type", c))
    return g.sort_values("participants", ascending=False).reset_index(drop=True)


def themes(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["theme"] = out["theme"].map(lambda c: V.label("theme", c))
    return out


def sessions_table(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["theme"] = out["theme"].map(lambda c: V.label("theme", c))
    out["origin"] = out["entered_in_form"].map({True: "Saisie", False: "Fichier importé"})
    return out


def presence(df: pd.DataFrame, kind: str) -> tuple[pd.DataFrame, int, int]:
    """(rows of that kind, how many took part at least once, how many in all)."""
    rows = df[df["kind"] == kind].reset_index(drop=True)
    return rows, int((rows["sessions"] > 0).sum()), len(rows)


def neighbourhood_schemes(df: pd.DataFrame, t: int, as_text: bool = True) -> pd.DataFrame:
    """The élu table of schemes per neighbourhood: schools, schools offering each scheme, schools orienting
    no one, and the children oriented from its schools, written in French with small counts hidden
    (children only: schools are not people). as_text=False keeps the numbers and adds children_text (the
    French text of the children's cell: '< 5' when hidden) for the report."""
    if df.empty:
        return pd.DataFrame()
    base = df.drop_duplicates("code")[["code", "neighbourhood", "schools", "white_zone_schools", "children"]]
    hidden, _ = disclosure.suppress_counts(base.set_index("code")["children"], t, total_published=False)
    wide = df.pivot_table(index="code", columns="scheme_label", values="schools_with", aggfunc="sum")
    out = base.set_index("code").join(wide)
    texts = [disclosure.cell_text(v, bool(hidden[c]), t, fmt.number) for c, v in out["children"].items()]
    if not as_text:
        out["children_hidden"] = [bool(hidden[c]) for c in out.index]
        out["children_text"] = texts
        out.loc[out["children_hidden"], "children"] = None
        return out.reset_index(drop=True)
    out["children"] = texts
    for c in ["schools", "white_zone_schools", *wide.columns]:
        out[c] = out[c].map(fmt.number)
    return out.reset_index(drop=True)


def directory_rows(df: pd.DataFrame, grade: str | None, neighbourhood: str | None) -> pd.DataFrame:
    """Providers whose grades include `grade` (CP … Tle) and in `neighbourhood` (None: all)."""
    from clas.domain import vocab

    order = {g: i for i, g in enumerate(vocab.GRADES)}
    out = df.rename(columns={"name": "provider"})
    if grade:
        lo = out["grade_min"].map(order).fillna(0)
        hi = out["grade_max"].map(order).fillna(len(order))
        out = out[(lo <= order[grade]) & (order[grade] <= hi)]
    if neighbourhood:
        out = out[out["neighbourhood"] == neighbourhood]
    out = out.copy()
    out["grades"] = [
        f"{vocab.label('grade', a)} à {vocab.label('grade', b)}" if a and b else "non renseigné"
        for a, b in zip(out["grade_min"], out["grade_max"], strict=False)
    ]
    out["type_label"] = out["type"].map(lambda c: vocab.label("provider_type", c))
    out["places"] = out["places_available"].map(lambda v: "non renseigné" if pd.isna(v) else fmt.number(v))
    return out.reset_index(drop=True)
