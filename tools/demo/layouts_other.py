"""Layouts d, e, f: a LibreOffice CSV export, an .ods workbook and an old .xls workbook.

d. CSV in Windows-1252 with ';', "Nom et prénom" in one column (DUPONT Marie), dates 15/09/2015, X for yes;
e. .ods written by pandas (odf engine), headers such as "Date naissance", dates as ISO text 2024-09-15;
f. .xls written by xlwt, "Fille"/"Garçon", real date cells.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
import xlwt

from tools.demo import render as r
from tools.demo.engagement import ParentAction
from tools.demo.files import stabilise_zip
from tools.demo.population import Record

Positions = dict[str, tuple[str, int]]

D_HEADERS = [
    "Nom et prénom",
    "Date de naissance",
    "Sexe",
    "École",
    "Classe",
    "Quartier",
    "PRE",
    "Orienté par",
    "Date d'orientation",
    "Critères",
    "Suite donnée",
    "Date d'entrée",
    "Date de sortie",
    "Motif de sortie",
    "Séances",
    "Entretien d'accueil",
    "Réunions de parents",
    "Collectif de parents",
]


def write_d(
    path: Path, provider: str, year: str, recs: list[Record], actions: list[ParentAction], rng: random.Random
) -> Positions:
    out = io.StringIO(newline="")
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(D_HEADERS)
    x = lambda b: "X" if b else ""  # noqa: E731
    pos = {}
    for i, rec in enumerate(recs, start=2):
        w.writerow(
            [
                f"{rec.value('last_name').upper()} {rec.value('first_name')}",
                r.dmy(rec.value("birth_date")),
                rec.value("sex"),
                rec.value("school"),
                rec.value("grade"),
                r.quartier(rec.value("neighbourhood")),
                x(rec.value("pre")),
                r.label("source", rec.value("source")),
                r.dmy(rec.value("orientation_date")),
                r.criteria_text(rec.value("criteria"), r.SHORT_CRITERIA).capitalize(),
                r.label("outcome", rec.value("outcome")),
                r.dmy(rec.value("entry_date")),
                r.dmy(rec.value("exit_date")),
                r.label("exit_reason", rec.value("exit_reason")),
                r.number(rec.value("sessions")),
                x(rec.value("welcome")),
                r.number(rec.value("meetings")),
                x(rec.value("collective")),
            ]
        )
        pos[rec.rid] = ("CSV", i)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue().encode("cp1252"))
    return pos


E_COLUMNS = [
    "Nom",
    "Prénom",
    "Date naissance",
    "Sexe",
    "École",
    "Niveau scolaire",
    "Quartier de résidence",
    "Suivi PRE",
    "Orienté(e) par",
    "Date orientation",
    "Critères",
    "Suite donnée",
    "Date entrée",
    "Date sortie",
    "Motif sortie",
    "Nb séances",
    "Entretien d'accueil",
    "Réunions parents",
    "Collectif parents",
]


@lru_cache(maxsize=1)
def _warm_up_odfpy() -> None:
    """odfpy declares in each XML part the namespaces it has met so far in the process: the first .ods
    written lists fewer than the next ones. Writing a throw-away one first makes every file alike."""
    with pd.ExcelWriter(io.BytesIO(), engine="odf") as xw:
        pd.DataFrame([["x", 1]]).to_excel(xw, sheet_name="x", index=False)


def write_e(
    path: Path, provider: str, year: str, recs: list[Record], actions: list[ParentAction], rng: random.Random
) -> Positions:
    _warm_up_odfpy()
    yn = lambda b: r.yes_no(b, "oui", "non")  # noqa: E731
    rows = [
        [
            rec.value("last_name"),
            rec.value("first_name"),
            r.iso(rec.value("birth_date")),
            r.label("sex", rec.value("sex")),
            rec.value("school"),
            r.label("grade", rec.value("grade")),
            r.quartier(rec.value("neighbourhood")),
            yn(rec.value("pre")),
            r.label("source", rec.value("source")),
            r.iso(rec.value("orientation_date")),
            r.criteria_text(rec.value("criteria")),
            r.label("outcome", rec.value("outcome")),
            r.iso(rec.value("entry_date")),
            r.iso(rec.value("exit_date")),
            r.label("exit_reason", rec.value("exit_reason")),
            r.number(rec.value("sessions")),
            yn(rec.value("welcome")),
            r.number(rec.value("meetings")),
            yn(rec.value("collective")),
        ]
        for rec in recs
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="odf") as xw:
        pd.DataFrame(rows, columns=E_COLUMNS, dtype=object).to_excel(xw, sheet_name="Inscriptions", index=False)
        if actions:
            acts = [[r.iso(a.action_date), r.label("action_type", a.type), a.families_present] for a in actions]
            pd.DataFrame(acts, columns=["Date", "Action", "Nombre de familles"], dtype=object).to_excel(
                xw, sheet_name="Actions parents", index=False
            )
    stabilise_zip(path)
    return {rec.rid: ("Inscriptions", i) for i, rec in enumerate(recs, start=2)}


F_HEADERS = [
    "Nom de l'enfant",
    "Prénom de l'enfant",
    "Né(e) le",
    "Sexe",
    "Etablissement scolaire",
    "Classe",
    "Quartier",
    "Suivi PRE",
    "Orientation",
    "Date de l'orientation",
    "Critères cochés",
    "Décision",
    "Date d'entrée",
    "Date de sortie",
    "Motif de sortie",
    "Nombre de séances",
    "Entretien individuel",
    "Nombre de réunions",
    "Membre du collectif de parents",
]


def write_f(
    path: Path, provider: str, year: str, recs: list[Record], actions: list[ParentAction], rng: random.Random
) -> Positions:
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    bold = xlwt.easyxf("font: bold on")
    ws = wb.add_sheet("Inscriptions")
    for j, h in enumerate(F_HEADERS):
        ws.write(0, j, h, bold)
    yn = lambda b: r.yes_no(b, "oui", "non")  # noqa: E731
    pos = {}
    for i, rec in enumerate(recs, start=1):
        cells = [
            rec.value("last_name"),
            rec.value("first_name"),
            rec.value("birth_date"),
            r.label("sex", rec.value("sex")),
            rec.value("school"),
            rec.value("grade"),
            r.quartier(rec.value("neighbourhood")),
            yn(rec.value("pre")),
            r.label("source", rec.value("source")),
            rec.value("orientation_date"),
            r.criteria_text(rec.value("criteria")),
            r.label("outcome", rec.value("outcome")),
            rec.value("entry_date"),
            rec.value("exit_date"),
            r.label("exit_reason", rec.value("exit_reason")),
            r.number(rec.value("sessions")),
            yn(rec.value("welcome")),
            r.number(rec.value("meetings")),
            yn(rec.value("collective")),
        ]
        for j, v in enumerate(cells):
            if isinstance(v, date):
                ws.write(i, j, v, date_style)
            elif v not in (None, ""):
                ws.write(i, j, v)
        pos[rec.rid] = ("Inscriptions", i + 1)
    if actions:
        wa = wb.add_sheet("Actions parents")
        for j, h in enumerate(["Date de l'action", "Nature de l'action", "Nombre de familles présentes"]):
            wa.write(0, j, h, bold)
        for i, a in enumerate(actions, start=1):
            wa.write(i, 0, a.action_date, date_style)
            wa.write(i, 1, r.label("action_type", a.type))
            wa.write(i, 2, a.families_present)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return pos
