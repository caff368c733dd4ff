"""Small provider workbooks whose right answers are known, written the ways providers write them."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl

HEADER = ["Nom", "Prénom", "Date de naissance", "Sexe", "École / collège", "Classe", "Quartier", "Suivi PRE",
          "Orienté par", "Date d'orientation", "Critères d'orientation", "Suite donnée", "Date d'entrée",
          "Date de sortie", "Motif de sortie", "Séances suivies", "Entretien d'accueil", "Réunions de parents",
          "Collectif de parents"]

# Three children of Les Petits Pas in 2024-2025 (the canonical, template-like layout).
CHILDREN = [
    ["Dupont", "Marie", dt.date(2015, 3, 4), "F", "École élémentaire Jean Jaurès", "CM1", "Val-d'Argent-Nord",
     "Non", "Enseignant", dt.date(2024, 9, 16), "Méthodologie; Confiance en soi", "Inscrit",
     dt.date(2024, 10, 1), dt.date(2025, 6, 27), "Fin d'année", 41, "Oui", 2, "Non"],
    ["Martin", "Yanis", dt.date(2013, 11, 20), "G", "Collège Jean Jaurès", "6e", "Centre-Ville",
     "Oui", "Famille", dt.date(2024, 9, 20), "Autonomie", "Inscrit",
     dt.date(2024, 10, 7), None, None, 38, "Oui", 0, "Oui"],
    ["Diallo", "Awa", dt.date(2016, 6, 1), "F", "Ecole elementaire paul eluard", "CE2", "Centre-Ville",
     "Non", "PRE", dt.date(2024, 11, 5), "Langue, Parents éloignés de l'école", "Liste d'attente",
     None, None, None, None, "Non", 0, "Non"],
]


def xlsx_bytes(rows: list[list], sheet: str = "Registre", header=HEADER, above: list[list] | None = None,
               extra_sheets: dict[str, list[list]] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in above or []:
        ws.append(r)
    ws.append(header)
    for r in rows:
        ws.append(r)
    for name, content in (extra_sheets or {}).items():
        w = wb.create_sheet(name)
        for r in content:
            w.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
