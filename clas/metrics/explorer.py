"""The Explorer's logic: filter values, the measures by one or two dimensions, and the current table as
French CSV and XLSX.

DuckDB does the grouping: the fixed queries/explorer_table.sql takes the filters as list parameters and the
grouping dimensions as names from DIMENSIONS (checked here before they are bound), and returns every measure's
counts per group. This module only picks the measure chosen, labels and orders the groups; no SQL is built
from user input.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from clas.domain import vocab
from clas.domain.fmt import neutralise, neutralise_frame

MISSING = "Non renseigné"


@dataclass(frozen=True)
class Dimension:
    label: str  # French header
    param: str  # the list parameter of explorer_table.sql
    kind: str | None = None  # vocab kind for labels and order; None: the value itself, sorted


DIMENSIONS = {
    "school_year": Dimension("Année scolaire", "school_years"),
    "provider": Dimension("Porteur", "providers"),
    "provider_type": Dimension("Type de porteur", "provider_types", "provider_type"),
    "neighbourhood": Dimension("Quartier", "neighbourhoods"),
    "priority_area": Dimension("Quartier prioritaire", "priority_areas", "yes_no"),
    "grade_band": Dimension("Niveau scolaire", "grade_bands", "grade_band"),
    "grade": Dimension("Classe", "grades", "grade"),
    "sex": Dimension("Sexe", "sexes", "sex"),
    "source": Dimension("Orienté par", "sources", "source"),
    "outcome": Dimension("Suite donnée", "outcomes", "outcome"),
    "exit_reason": Dimension("Motif de sortie", "exit_reasons", "exit_reason"),
    "criterion": Dimension("Critère d'orientation", "criteria", "criterion"),
}
YES_NO = {True: "Oui", False: "Non"}


@dataclass(frozen=True)
class Measure:
    label: str
    kind: str  # "int" | "pct" (a 0-1 ratio) | "dec"
    base: str | None  # header of the denominator column, None for counts
    compute: Callable[[pd.Series], tuple[float, float | None]]  # from one group's row of explorer_table.sql


def _ratio(num: float, den: float) -> float:
    return num / den if den else float("nan")


def _share(count: str) -> Callable[[pd.Series], tuple[float, int]]:
    # a share of the enrolled forms of the group (0 enrolled: no share, base 0)
    return lambda g: (_ratio(int(g[count]), int(g["enrolled"])), int(g["enrolled"]))


def _sessions(g: pd.Series) -> tuple[float, int]:
    known = int(g["sessions_known"])  # sessions_total is NULL (pd.NA) when none is known
    return (float(g["sessions_total"]) / known if known else float("nan"), known)


MEASURES = {
    # a child followed by two providers in a year (reoriented) counts once in a group holding both
    "children": Measure("Enfants accompagnés", "int", None, lambda g: (int(g["children"]), None)),
    "forms": Measure("Fiches d'orientation", "int", None, lambda g: (int(g["forms"]), None)),
    "reached": Measure(
        "Part des familles touchées par une action collective", "pct", "Inscriptions (base)", _share("reached")
    ),
    "welcome": Measure(
        "Part des familles reçues en entretien d'accueil", "pct", "Inscriptions (base)", _share("welcomed")
    ),
    "sessions": Measure("Séances suivies en moyenne", "dec", "Inscriptions avec séances renseignées (base)", _sessions),
    "priority": Measure(
        "Part des inscriptions d'enfants habitant un quartier prioritaire",
        "pct",
        "Inscriptions (base)",
        _share("priority"),
    ),
}


def value_label(dim: str, value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return MISSING
    kind = DIMENSIONS[dim].kind
    if kind == "yes_no":
        return YES_NO.get(bool(value), MISSING)
    return vocab.label(kind, value) if kind else str(value)


def _order(dim: str, values) -> list:
    """Vocabulary order for coded dimensions (CP before CE1), natural order otherwise; missing last."""
    kind = DIMENSIONS[dim].kind
    present = [v for v in values if v is not None and v == v]
    if kind == "yes_no":
        ranked = [True, False]
    elif kind:
        ranked = list(vocab.LABELS[kind])
    else:
        ranked = []
    known = [v for v in ranked if v in present]
    return known + sorted(v for v in present if v not in ranked)


def options(df: pd.DataFrame) -> dict[str, list]:
    """Filter choices from queries/explorer_options.sql, as the values the query parameters take."""
    out = {}
    for dim in DIMENSIONS:
        vals = df.loc[df["dimension"] == dim, "value"].tolist()
        if dim == "priority_area":
            vals = [v == "true" for v in vals]
        out[dim] = _order(dim, set(vals))
    return out


def _check(dims: list[str], measure: str | None = None) -> None:
    if (
        any(d not in DIMENSIONS for d in dims)
        or (measure is not None and measure not in MEASURES)
        or len(dims) > 2
        or len(set(dims)) < len(dims)
    ):
        raise ValueError("dimensions ou mesure inconnues")


def query_params(selected: dict[str, list], dims: list[str]) -> dict[str, list | str | None]:
    """explorer_table.sql parameters from the filter choices (an empty choice means all: NULL) and the
    grouping dimensions (whitelisted names; none: NULL)."""
    _check(dims)
    params = {d.param: (list(selected.get(dim) or []) or None) for dim, d in DIMENSIONS.items()}
    return {**params, "dim1": dims[0] if dims else None, "dim2": dims[1] if len(dims) > 1 else None}


def _key(dim: str, value):
    """A group key as the filters take it: the query returns every key as text, priority_area as 'true'."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value == "true" if dim == "priority_area" else value


def group(counts: pd.DataFrame, dims: list[str], measure: str) -> pd.DataFrame:
    """The measure by the chosen dimensions (0, 1 or 2), from explorer_table.sql run with these dims:
    columns dims..., value, base, in each dimension's order.

    Grouping by criterion counts each form in every criterion ticked on it. Missing values form their
    own group ("Non renseigné") rather than disappearing.
    """
    _check(dims, measure)
    m = MEASURES[measure]
    if counts.empty:
        return pd.DataFrame(columns=[*dims, "value", "base"])
    out = []
    for _, g in counts.iterrows():
        value, base = m.compute(g)
        cells = {d: _key(d, g[f"g{i + 1}"]) for i, d in enumerate(dims)}
        out.append({**cells, "value": value, "base": base})
    table = pd.DataFrame(out)
    if not dims:
        return table
    rank = {d: {v: i for i, v in enumerate(_order(d, set(table[d])))} for d in dims}
    ranks = {f"_rank{i}": table[d].map(lambda v, d=d: rank[d].get(v, len(rank[d]))) for i, d in enumerate(dims)}
    ordered = table.assign(**ranks).sort_values(list(ranks), kind="stable")
    return ordered.drop(columns=list(ranks)).reset_index(drop=True)


def labelled(table: pd.DataFrame, dims: list[str], measure: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table with French headers and labels (the one shown and downloaded), and each column's format."""
    m = MEASURES[measure]
    out = pd.DataFrame({DIMENSIONS[d].label: [value_label(d, v) for v in table[d]] for d in dims})
    if not dims:
        out["Périmètre"] = ["Ensemble"] * len(table)
    value = table["value"].astype(float)
    # One rounding for the table, the chart and the downloads: a mean is shown with one decimal everywhere
    # (the table showed 34,958 where the chart said 35,0). Shares keep their precision (0-1, shown as 12,3 %).
    out[m.label] = (
        value.round().astype("Int64") if m.kind == "int" else value.round(1) if m.kind == "dec" else value
    ).to_numpy()
    formats = {m.label: m.kind}
    if m.base:
        out[m.base] = table["base"].astype("Int64").to_numpy()
        formats[m.base] = "int"
    return out, formats


# --- downloads ---------------------------------------------------------------------------------------------


def to_csv(df: pd.DataFrame, formats: dict[str, str]) -> bytes:
    """What French Excel opens right: UTF-8 with BOM, ';' between fields, decimal comma, CRLF; shares as
    percentages (12,5) with '(%)' in their header."""
    out = neutralise_frame(df)
    for col, kind in formats.items():
        if kind == "pct":
            out[col] = (out[col] * 100).round(1)
            out = out.rename(columns={col: f"{col} (%)"})
        elif kind == "dec":
            out[col] = out[col].round(1)
    return out.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("utf-8-sig")


XLSX_FORMATS = {"int": "#,##0", "pct": "0.0%", "dec": "#,##0.0"}


def to_xlsx(df: pd.DataFrame, formats: dict[str, str], settings: list[tuple[str, str]] | None = None) -> bytes:
    """An .xlsx with French headers and number formats (Excel shows them with the reader's separators) and,
    on a second sheet, the filters and measure the table was made with."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Tableau"
    out = neutralise_frame(df)
    ws.append(list(out.columns))
    for row in out.itertuples(index=False):
        ws.append([None if (v is pd.NA or (isinstance(v, float) and v != v)) else v for v in row])
    for j, col in enumerate(df.columns, start=1):
        head = ws.cell(row=1, column=j)
        head.font, head.fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
        head.alignment = Alignment(wrap_text=True, vertical="top")
        number_format = XLSX_FORMATS.get(formats.get(col, ""))
        for r in range(2, len(df) + 2):
            if number_format:
                ws.cell(row=r, column=j).number_format = number_format
        width = max([len(str(col))] + [len(str(v)) for v in out.iloc[:, j - 1]])
        ws.column_dimensions[head.column_letter].width = min(max(12, width + 2), 60)
    ws.freeze_panes = "A2"
    if settings:
        info = wb.create_sheet("Paramètres")
        info.append(["Paramètre", "Valeur"])
        for name, value in settings:
            info.append([neutralise(name), neutralise(value)])
        info["A1"].font = info["B1"].font = Font(bold=True)
        info.column_dimensions["A"].width, info.column_dimensions["B"].width = 30, 80
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def describe(selected: dict[str, list], dims: list[str], measure: str) -> list[tuple[str, str]]:
    """The table's settings in French, for the XLSX's second sheet."""
    rows = [
        ("Mesure", MEASURES[measure].label),
        ("Regroupement", " puis ".join(DIMENSIONS[d].label for d in dims) or "aucun"),
    ]
    for dim, d in DIMENSIONS.items():
        values = selected.get(dim) or []
        rows.append((d.label, ", ".join(value_label(dim, v) for v in values) if values else "Tous"))
    return rows
