"""Finding the register (and the parent-actions list) wherever it stands in a workbook.

A provider's sheet may have title rows above the header, a header on two levels with merged cells
("Parents" over "Entretien accueil / Réunions / Collectif"), blank rows, a TOTAL row, one sheet per group
and summary sheets. Each sheet's header is the row (or pair of rows) whose cells map to the most fields
of the synonym table; a sheet is a register when that header holds a name and a birth date.
"""
# long module: finding the header and the table is one search; split it with care (follow-up).

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clas.domain.textnorm import key
from clas.ingest import columns as C
from clas.ingest.read import Sheet
from clas.ingest.report import Issue

HEADER_SEARCH_ROWS = 40
UNKNOWN_ONE_BY_ONE = 3  # more unrecognised columns than this make one line of the report
UNKNOWN_SHOWN = 12  # unrecognised column titles listed by name in the report
_QUIET_SHEETS = {"instructions", "listes", "mode d emploi", "notice", "lisez moi", "aide"}
_NOT_DATA_FIELDS = {"_ignored", "_personal", "_unknown_criterion"}


_TOTAL = re.compile(r"\s*total", re.IGNORECASE).match  # « TOTAL », « Total général » (one C call a cell)


@dataclass
class Table:
    kind: str  # "register" | "actions"
    sheet: str
    header_row: int  # spreadsheet row number of the (lower) header row
    fields: dict[int, str]  # column index -> field
    headers: dict[int, str]  # column index -> header text as written
    data: pd.DataFrame  # one column per mapped field (raw cells) + "row"
    titles: list[str] = field(default_factory=list)


def column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _text(v: object) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _upper_row(sheet: Sheet, r: int, lower: list) -> list:
    """Row r as the upper level of a two-level header: merged cells spread over their span."""
    row = [_text(v) for v in sheet.rows[r]]
    spans = [(c0, c1) for (r0, c0), (r1, c1) in sheet.merged if r0 <= r <= r1 and c1 > c0]
    if spans:
        for c0, c1 in spans:
            for c in range(c0 + 1, min(c1 + 1, len(row))):
                row[c] = row[c0]
        return row
    # No merge information (CSV, ods): a label stands over the blank cells that follow it, as long as the
    # lower row has sub-headers there.
    last = ""
    for c, v in enumerate(row):
        if v:
            last = v
        elif last and c < len(lower) and _text(lower[c]):
            row[c] = last
        else:
            last = ""
    return row


def _map_row(lower: list, upper: list | None, index: dict, custom: dict | None) -> dict[int, str]:
    out = {}
    for c, cell in enumerate(lower):
        up = upper[c] if upper is not None and c < len(upper) else None
        f = C.map_header(cell, up, custom, index)
        if f:
            out[c] = f
    return out


def _score(mapping: dict[int, str]) -> int:
    fields = {("crit" if f.startswith(C.CRITERION_PREFIX) else f) for f in mapping.values()}
    return len(fields - _NOT_DATA_FIELDS)


def is_register(fields: set[str]) -> bool:
    return "birth_date" in fields and any(s <= fields for s in C.REQUIRED_NAME_SETS)


def is_actions(fields: set[str]) -> bool:
    return "action_type" in fields and bool({"families_present", "action_date"} & fields)


def _best_header(sheet: Sheet, index: dict, custom: dict | None):
    """(score, lower row, upper row or None, mapping) of the best header candidate of a sheet."""
    best = (0, -1, None, {})
    for r in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        lower = sheet.rows[r]
        if sum(1 for v in lower if _text(v)) < 2:
            continue
        single = _map_row(lower, None, index, custom)
        cands = [(_score(single), r, None, single)]
        if r > 0:
            upper = _upper_row(sheet, r - 1, lower)
            pair = _map_row(lower, upper, index, custom)
            cands.append((_score(pair), r, upper, pair))
        for cand in cands:
            if cand[0] > best[0]:
                best = cand
    return best


def find_tables(sheets: list[Sheet], custom: dict[str, str] | None = None) -> tuple[list[Table], list[Issue]]:
    tables: list[Table] = []
    issues: list[Issue] = []
    for sheet in sheets:
        if not any(_text(v) for row in sheet.rows for v in row):
            continue
        # The city template's instructions and hidden drop-down lists are not data: no warning for them.
        quiet = sheet.hidden or key(sheet.name) in _QUIET_SHEETS
        reg = _best_header(sheet, C.REGISTER_INDEX, custom)
        act = _best_header(sheet, C.ACTION_INDEX, None)
        reg_fields, act_fields = set(reg[3].values()), set(act[3].values())
        if is_register(reg_fields):
            kind, (_score, r, upper, mapping) = "register", reg
        elif is_actions(act_fields) and act[0] >= 2:
            kind, (_score, r, upper, mapping) = "actions", act
        else:
            if reg[0] >= 3:
                missing = "la date de naissance" if "birth_date" not in reg_fields else "le nom et le prénom"
                issues.append(
                    Issue(
                        sheet.name,
                        reg[1] + 1,
                        None,
                        "warning",
                        f"Cette feuille ressemble à un registre mais il manque une colonne pour "
                        f"{missing} : elle n'est pas importée.",
                    )
                )
            elif not quiet:
                issues.append(
                    Issue(
                        sheet.name,
                        None,
                        None,
                        "warning",
                        "Feuille ignorée : ni registre d'enfants ni liste d'actions parents "
                        "(feuille de synthèse ou de calcul).",
                    )
                )
            continue
        if sheet.truncated:
            issues.append(
                Issue(
                    sheet.name,
                    None,
                    None,
                    "warning",
                    "La feuille dépasse la limite de lecture : seules les premières lignes ont été lues.",
                )
            )
        index = C.REGISTER_INDEX if kind == "register" else C.ACTION_INDEX
        tables.append(
            _build_table(sheet, kind, r, upper, mapping, issues, index, custom if kind == "register" else None)
        )
    return tables, issues


def _filled(values: np.ndarray) -> np.ndarray:
    """Cells with something in them: neither None, NaN nor an empty text."""
    return (values != "") & pd.notna(values)


def _rows_with_data(values: np.ndarray, columns) -> np.ndarray:
    """The rows of a grid with a filled cell in one of `columns`. Each column is looked at only in the rows
    still found empty: a full register costs about one column's look, not one per cell (0,25 s of the
    200,000-row register's import, before)."""
    keep = np.zeros(len(values), dtype=bool)
    for c in columns:
        empty = np.flatnonzero(~keep)
        if not len(empty):
            break
        keep[empty] = _filled(values[empty, c])
    return keep


def _build_table(
    sheet: Sheet,
    kind: str,
    r: int,
    upper: list | None,
    mapping: dict[int, str],
    issues: list[Issue],
    index: dict | None = None,
    custom: dict | None = None,
) -> Table:
    lower = sheet.rows[r]
    header_text = {}
    for c in range(len(lower)):
        lo, up = _text(lower[c]), (upper[c] if upper is not None and c < len(upper) else "")
        header_text[c] = " / ".join(t for t in (up, lo) if t) if up != lo else lo
    first_data = r + 1
    body = pd.DataFrame(sheet.rows[first_data:], dtype=object) if len(sheet.rows) > first_data else pd.DataFrame()
    if body.empty:
        body = pd.DataFrame(columns=range(len(lower)), dtype=object)
    body["row"] = range(first_data + 1, first_data + 1 + len(body))
    cells = body.drop(columns="row")
    values = cells.to_numpy(dtype=object)
    # Blank rows and TOTAL rows are layout, not children.
    looked_at = range(values.shape[1])
    if kind == "register":
        # A line filled only in columns read on purpose as nothing (a pre-numbered "N°", a "Groupe" filled
        # in advance) is an empty place of the register, not a child without a name to reject with errors.
        looked_at = [c for c in looked_at if mapping.get(c) != "_ignored"]
    keep = _rows_with_data(values, looked_at)
    for c in range(min(3, values.shape[1])):
        keep &= ~np.fromiter(
            (v.__class__ is str and _TOTAL(v) is not None for v in values[:, c]), dtype=bool, count=len(values)
        )
    used: dict[str, int] = {}
    fields: dict[int, str] = {}
    unknown: list[tuple[str, str]] = []
    for c in range(cells.shape[1]):
        f = mapping.get(c)
        hdr = header_text.get(c, "")
        if f is None:
            m = (
                C.match_header(
                    lower[c],
                    upper[c] if upper is not None and c < len(upper) else None,
                    custom,
                    index or C.REGISTER_INDEX,
                )
                if hdr
                else None
            )
            if m is not None and m.proposed and not m.field.startswith("_"):
                issues.append(
                    Issue(
                        sheet.name,
                        r + 1,
                        hdr,
                        "warning",
                        f"Colonne « {hdr} » ({column_letter(c)}) : peut-être « {_label(m.field)} » ? "
                        "Elle n'est pas importée tant que ce n'est pas confirmé sur la page Imports.",
                    )
                )
            elif hdr:
                unknown.append((hdr, column_letter(c)))
            elif _filled(values[keep, c]).any():
                issues.append(
                    Issue(
                        sheet.name,
                        r + 1,
                        column_letter(c),
                        "warning",
                        f"La colonne {column_letter(c)} contient des valeurs mais n'a pas de titre : "
                        "elle n'est pas importée.",
                    )
                )
            continue
        if f == "_personal":
            issues.append(
                Issue(
                    sheet.name,
                    r + 1,
                    hdr,
                    "warning",
                    f"Colonne « {hdr} » non conservée : donnée personnelle inutile au tableau de bord.",
                )
            )
            continue
        if f == "_unknown_criterion":
            issues.append(
                Issue(
                    sheet.name,
                    r + 1,
                    hdr,
                    "warning",
                    f"Critère « {hdr} » non reconnu : cette colonne n'est pas importée.",
                )
            )
            continue
        if f == "_ignored":
            continue
        if f in used:
            issues.append(
                Issue(
                    sheet.name,
                    r + 1,
                    hdr,
                    "warning",
                    f"Colonne « {hdr} » ({column_letter(c)}) : le champ « {_label(f)} » est déjà lu "
                    f"dans la colonne {column_letter(used[f])} ; celle-ci est ignorée.",
                )
            )
            continue
        m = C.match_header(
            lower[c], upper[c] if upper is not None and c < len(upper) else None, custom, index or C.REGISTER_INDEX
        )
        if m is not None and not m.exact:
            issues.append(
                Issue(
                    sheet.name, r + 1, hdr, "info", f"Colonne « {hdr} » ({column_letter(c)}) lue comme « {_label(f)} »."
                )
            )
        used[f] = c
        fields[c] = f
    if len(unknown) <= UNKNOWN_ONE_BY_ONE:
        for hdr, letter in unknown:
            issues.append(
                Issue(
                    sheet.name,
                    r + 1,
                    hdr,
                    "warning",
                    f"Colonne « {hdr} » ({letter}) non reconnue : elle n'est pas importée. Renommez-la "
                    "comme dans le modèle de la ville ou associez-la à un champ sur la page Imports.",
                )
            )
    else:
        shown = ", ".join(f"« {h} » ({lt})" for h, lt in unknown[:UNKNOWN_SHOWN]) + (
            f" et {len(unknown) - UNKNOWN_SHOWN} autres" if len(unknown) > UNKNOWN_SHOWN else ""
        )
        issues.append(
            Issue(
                sheet.name,
                r + 1,
                None,
                "warning",
                f"{len(unknown)} colonnes non reconnues, non importées : {shown}. Renommez-les comme dans "
                "le modèle de la ville ou associez-les à un champ sur la page Imports.",
            )
        )
    data = body.loc[keep, list(fields) + ["row"]].rename(columns=fields).reset_index(drop=True)
    titles = [_text(v) for row in sheet.rows[: max(r - (1 if upper is not None else 0), 0)] for v in row if _text(v)]
    return Table(kind, sheet.name, r + 1, fields, {c: header_text[c] for c in fields}, data, titles)


def _label(field: str) -> str:
    if field.startswith(C.CRITERION_PREFIX):
        return "critère " + field[len(C.CRITERION_PREFIX) :]
    return C.REGISTER_LABELS.get(field) or C.ACTION_LABELS.get(field, field)
