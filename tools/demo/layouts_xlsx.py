"""Layouts a, b, c: the .xlsx registers (openpyxl).

a. the city template itself (clas.ingest.template), filled in: canonical French headers, real date cells;
b. title rows, two-level merged headers, a column per criterion ticked "X", dates partly as bare Excel
   serial numbers, blank rows between groups, a TOTAL row;
c. one sheet per group plus a "Synthèse" sheet of formulas, abbreviated headers, dates as text 15/09/24.

Each writer returns {record id: (sheet, spreadsheet row)} so the manifest can point at injected errors.
"""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from clas.ingest.columns import ACTION_LABELS, canonical_headers
from clas.ingest.template import ACTIONS_SHEET, CRITERIA_SEPARATOR, HEADER_ROW, REGISTER_SHEET, write_template
from tools.demo import render as r
from tools.demo.engagement import ParentAction
from tools.demo.files import FIXED_TIME, stabilise_zip
from tools.demo.population import Record

DATE_FORMAT = "DD/MM/YYYY"
Positions = dict[str, tuple[str, int]]

# The city template's columns, by field: how each is written from a record.
CANONICAL_VALUES = {
    "last_name": lambda x: x.value("last_name"),
    "first_name": lambda x: x.value("first_name"),
    "birth_date": lambda x: x.value("birth_date"),
    "sex": lambda x: r.label("sex", x.value("sex")),
    "school": lambda x: x.value("school"),
    "grade": lambda x: r.label("grade", x.value("grade")),
    "neighbourhood": lambda x: r.quartier(x.value("neighbourhood")),
    "pre": lambda x: r.yes_no(x.value("pre")),
    "source": lambda x: r.label("source", x.value("source")),
    "orientation_date": lambda x: x.value("orientation_date"),
    "criteria_list": lambda x: r.criteria_text(x.value("criteria"), sep=CRITERIA_SEPARATOR + " "),
    "outcome": lambda x: r.label("outcome", x.value("outcome")),
    "entry_date": lambda x: x.value("entry_date"),
    "exit_date": lambda x: x.value("exit_date"),
    "exit_reason": lambda x: r.label("exit_reason", x.value("exit_reason")),
    "sessions_attended": lambda x: r.number(x.value("sessions")),
    "welcome_interview": lambda x: r.yes_no(x.value("welcome")),
    "parent_meetings": lambda x: r.number(x.value("meetings")),
    "parent_collective": lambda x: r.yes_no(x.value("collective")),
}


def _new_workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "Tableau de bord CLAS (démo)"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    return wb


def _save(wb: Workbook, path: Path) -> None:
    for ws in wb.worksheets:  # real date cells: give them a French date format, as a user would
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "is_date", False):
                    cell.number_format = DATE_FORMAT
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    stabilise_zip(path)


def _actions_sheet(
    wb: Workbook, actions: list[ParentAction], title: str, headers: list[str], kind_text, date_text=lambda d: d
) -> None:
    ws = wb.create_sheet(title)
    ws.append(headers)
    for a in actions:
        ws.append([date_text(a.action_date), kind_text(a.type), a.families_present])


def write_a(
    path: Path, provider: str, year: str, recs: list[Record], actions: list[ParentAction], rng: random.Random
) -> Positions:
    """The city's own template (clas.ingest.template), filled in below its header row as a provider would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_template(path)
    wb = load_workbook(path)
    ws = wb[REGISTER_SHEET]
    column = {ws.cell(HEADER_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    pos = {}
    for i, rec in enumerate(recs, start=HEADER_ROW + 1):
        for field, label in canonical_headers():
            ws.cell(i, column[label], CANONICAL_VALUES[field](rec))
        pos[rec.rid] = (REGISTER_SHEET, i)
    wa = wb[ACTIONS_SHEET]
    column = {wa.cell(HEADER_ROW, c).value: c for c in range(1, wa.max_column + 1)}
    for i, a in enumerate(actions, start=HEADER_ROW + 1):
        wa.cell(i, column[ACTION_LABELS["action_date"]], a.action_date)
        wa.cell(i, column[ACTION_LABELS["action_type"]], r.label("action_type", a.type))
        wa.cell(i, column[ACTION_LABELS["families_present"]], a.families_present)
    # The team (issue 15), in the template's « Équipe » sheet.
    from clas.ingest.template import TEAM_SHEET
    from tools.demo.network import team
    from tools.demo.territory import PROVIDERS

    wt = wb[TEAM_SHEET]
    for i, row in enumerate(team(next(p for p in PROVIDERS if p.name == provider), year), start=HEADER_ROW + 1):
        for c, v in enumerate(row, start=1):
            wt.cell(i, c, v)
    _save(wb, path)
    return pos


# Layout b: (upper header, [(lower header, value)]); an upper with a single lower "" is merged down.
def _b_columns(rec: Record, as_serial) -> list[tuple[str, list[tuple[str, object]]]]:
    crit = set(rec.value("criteria"))
    d = lambda name: as_serial(rec.value(name))
    return [
        ("N°", [("", None)]),
        (
            "Enfant",
            [
                ("Nom", rec.value("last_name").upper()),
                ("Prénom", rec.value("first_name")),
                ("Date de naissance", d("birth_date")),
                ("Sexe", "F" if rec.value("sex") == "F" else "G"),
            ],
        ),
        ("Scolarité", [("École", rec.value("school")), ("Classe", rec.value("grade"))]),
        ("Quartier", [("", r.quartier(rec.value("neighbourhood")))]),
        ("PRE", [("", "X" if rec.value("pre") else "")]),
        (
            "Orientation",
            [
                ("Par", r.label("source", rec.value("source"))),
                ("Date", d("orientation_date")),
                ("Suite", r.label("outcome", rec.value("outcome"))),
            ],
        ),
        ("Critères", [(title, "X" if code in crit else "") for code, title in r.CRITERION_COLUMNS.items()]),
        (
            "Suivi",
            [
                ("Entrée", d("entry_date")),
                ("Sortie", d("exit_date")),
                ("Motif", r.label("exit_reason", rec.value("exit_reason"))),
                ("Séances", r.number(rec.value("sessions"))),
            ],
        ),
        (
            "Parents",
            [
                ("Entretien accueil", r.yes_no(rec.value("welcome"), "oui", "non")),
                ("Réunions", r.number(rec.value("meetings"))),
                ("Collectif", "X" if rec.value("collective") else ""),
            ],
        ),
    ]


def write_b(
    path: Path, provider: str, year: str, recs: list[Record], actions: list[ParentAction], rng: random.Random
) -> Positions:
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Registre CLAS"
    ws.append([provider])
    ws.append([f"CLAS – Registre des enfants {year}"])
    ws.append([])
    ws["A1"].font = Font(bold=True, size=14)
    # Some dates were typed into cells formatted as numbers: Excel then shows the bare serial.
    as_serial = lambda v: r.serial(v) if v is not None and rng.random() < 0.25 else v
    layout = _b_columns(recs[0], lambda v: v)
    col = 1
    for upper, lowers in layout:
        ws.cell(4, col, upper).font = Font(bold=True)
        if len(lowers) == 1 and lowers[0][0] == "":
            ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
        else:
            for i, (lower, _) in enumerate(lowers):
                ws.cell(5, col + i, lower).font = Font(bold=True)
            ws.merge_cells(start_row=4, start_column=col, end_row=4, end_column=col + len(lowers) - 1)
        ws.cell(4, col).alignment = Alignment(horizontal="center", vertical="center")
        col += len(lowers)
    pos, number, group = {}, 0, None
    for rec in sorted(recs, key=lambda x: x.group):
        if group is not None and rec.group != group:
            ws.append([])  # a blank line between groups, as the provider left it
        group = rec.group
        number += 1
        cells = [v for _, lowers in _b_columns(rec, as_serial) for _, v in lowers]
        cells[0] = number
        ws.append(cells)
        pos[rec.rid] = (ws.title, ws.max_row)
    flat = [lower or upper for upper, lowers in layout for lower, _ in lowers]
    sessions_col, meetings_col = flat.index("Séances"), flat.index("Réunions")
    total = ["TOTAL"] + [""] * (len(flat) - 1)
    total[sessions_col] = sum(x.value("sessions") or 0 for x in recs)
    total[meetings_col] = sum(x.value("meetings") or 0 for x in recs)
    ws.append([])
    ws.append(total)
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    if actions:
        _actions_sheet(
            wb,
            actions,
            "Actions parents",
            ["Date", "Action", "Nombre de familles"],
            lambda t: r.label("action_type", t),
        )
    _save(wb, path)
    return pos


C_HEADERS = [
    "N°",
    "NOM",
    "PRENOM",
    "DDN",
    "F/G",
    "ETAB",
    "NIV.",
    "QUARTIER",
    "PRE",
    "ORIENT.",
    "DATE FICHE",
    "CRITERES",
    "SUITE",
    "ENTREE",
    "SORTIE",
    "MOTIF",
    "SEANCES",
    "ENTRETIEN",
    "REUNIONS",
    "COLLECTIF",
]


def _c_row(n: int, rec: Record, rng: random.Random, yes: str, no: str) -> list:
    dt = lambda name: r.dmy(rec.value(name), short=True)
    yn = lambda name: r.yes_no(rec.value(name), yes, no)
    outcome, reason = rec.value("outcome"), rec.value("exit_reason")
    return [
        n,
        rec.value("last_name").upper(),
        rec.value("first_name"),
        dt("birth_date"),
        "F" if rec.value("sex") == "F" else "G",
        rec.value("school"),
        r.grade_variant(rec.value("grade"), rng.randrange(6)),
        r.quartier(rec.value("neighbourhood")).upper(),
        yn("pre"),
        r.SHORT_SOURCES[rec.value("source")],
        dt("orientation_date"),
        r.criteria_text(rec.value("criteria"), r.SHORT_CRITERIA),
        r.SHORT_OUTCOMES[outcome],
        dt("entry_date"),
        dt("exit_date"),
        r.SHORT_EXITS.get(reason, "") if reason else "",
        r.number(rec.value("sessions")),
        yn("welcome"),
        r.number(rec.value("meetings")),
        yn("collective"),
    ]


def write_c(
    path: Path, provider: str, year: str, recs: list[Record], actions: list[ParentAction], rng: random.Random
) -> Positions:
    wb = _new_workbook()
    summary = wb.active
    summary.title = "Synthèse"
    # Yes/no style is the provider's habit: one writes O/N, the other Oui/Non.
    yes, no = ("O", "N") if "Passerelles" in provider else ("Oui", "Non")
    groups = sorted({x.group for x in recs})
    pos = {}
    for g in groups:
        ws = wb.create_sheet(f"Groupe {g}")
        ws.append(C_HEADERS)
        for n, rec in enumerate([x for x in recs if x.group == g], start=1):
            ws.append(_c_row(n, rec, rng, yes, no))
            pos[rec.rid] = (ws.title, ws.max_row)
    # Formulas a provider keeps for itself; openpyxl stores no cached value, so readers see blanks.
    summary.append([f"Synthèse CLAS {year}", ""])
    summary.append(["Groupe", "Enfants"])
    for g in groups:
        summary.append([f"Groupe {g}", f"=COUNTA('Groupe {g}'!B:B)-1"])
    summary.append(["Total", f"=SUM(B3:B{2 + len(groups)})"])
    if actions:
        _actions_sheet(
            wb,
            actions,
            "Actions parents",
            ["DATE", "ACTION", "NB FAMILLES"],
            lambda t: r.SHORT_ACTIONS[t],
            lambda d: r.dmy(d, short=True),
        )
    _save(wb, path)
    return pos
