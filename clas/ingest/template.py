"""The city's provider template: the register workbook handed out to providers (`python -m clas template`).

Three visible sheets (Instructions, Registre, Actions parents) and a hidden sheet "Listes" holding the
drop-down lists (an inline list is limited to 255 characters, which the source labels exceed). The headers
are `columns.canonical_headers()`, so a filled template maps column for column on import; coded columns
offer the French labels of clas.domain.vocab, which the importer's spellings recognise.
"""
# long module: the template's three sheets and their drop-down lists are built together.

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from clas.domain import vocab
from clas.ingest.columns import ACTION_LABELS, canonical_headers

REGISTER_SHEET, ACTIONS_SHEET = "Registre", "Actions parents"
INSTRUCTIONS_SHEET, LISTS_SHEET = "Instructions", "Listes"
HEADER_ROW = 3  # row 1: title, row 2: how to fill, row 3: headers
REGISTER_ROWS, ACTION_ROWS = 500, 200
DATE_FORMAT = "DD/MM/YYYY"
YES_NO = {"oui": "Oui", "non": "Non"}

DATE_FIELDS = {"birth_date", "orientation_date", "entry_date", "exit_date", "action_date"}
INT_FIELDS = {"sessions_attended", "parent_meetings", "families_present"}
# drop-down list name (a defined name pointing into the sheet "Listes") -> labels
LISTS: dict[str, dict[str, str]] = {
    "liste_sexe": vocab.SEXES,
    "liste_classe": vocab.GRADES,
    "liste_oriente_par": vocab.SOURCES,
    "liste_suite": vocab.OUTCOMES,
    "liste_motif_sortie": vocab.EXIT_REASONS,
    "liste_oui_non": YES_NO,
    "liste_type_action": vocab.PARENT_ACTION_TYPES,
}
FIELD_LISTS = {
    "sex": "liste_sexe",
    "grade": "liste_classe",
    "source": "liste_oriente_par",
    "outcome": "liste_suite",
    "exit_reason": "liste_motif_sortie",
    "pre": "liste_oui_non",
    "welcome_interview": "liste_oui_non",
    "parent_collective": "liste_oui_non",
    "action_type": "liste_type_action",
}
CRITERIA_SEPARATOR = ";"

# field -> (what to write, example), for the Instructions sheet
HOW_TO_FILL = {
    "last_name": ("Nom de famille de l'enfant.", "MARTIN"),
    "first_name": ("Prénom de l'enfant.", "Inès"),
    "birth_date": ("Date de naissance, au format JJ/MM/AAAA.", "14/03/2015"),
    "sex": ("Fille ou Garçon (liste déroulante).", "Fille"),
    "school": ("École ou collège fréquenté, nom en clair.", "École Jean Jaurès"),
    "grade": ("Classe suivie cette année scolaire (liste déroulante).", "CM1"),
    "neighbourhood": ("Quartier où habite l'enfant (pas l'adresse).", "Val-d'Argent-Nord"),
    "pre": ("Oui si l'enfant est aussi suivi par le Programme de réussite éducative.", "Non"),
    "source": ("Qui a orienté l'enfant vers le CLAS (liste déroulante).", "Enseignant / équipe éducative"),
    "orientation_date": ("Date de la fiche d'orientation.", "23/09/2024"),
    "criteria_list": (
        "Critères cochés sur la fiche d'orientation (2 à 4 en général), recopiés tels "
        "qu'ils figurent plus bas et séparés par un point-virgule « ; ».",
        "Confiance en soi; Méthodologie, organisation du travail",
    ),
    "outcome": ("Suite donnée à l'orientation (liste déroulante).", "Inscrit"),
    "entry_date": ("Date de la première séance (enfants inscrits).", "30/09/2024"),
    "exit_date": ("Date de la dernière séance, si l'enfant est sorti ou à la fin de l'année.", "27/06/2025"),
    "exit_reason": ("Motif de sortie (liste déroulante), si une date de sortie est indiquée.", "Fin d'année"),
    "sessions_attended": ("Nombre de séances auxquelles l'enfant a assisté dans l'année (nombre entier).", "42"),
    "welcome_interview": ("Oui si un entretien d'accueil a eu lieu avec la famille.", "Oui"),
    "parent_meetings": ("Nombre de réunions de parents auxquelles la famille a participé (nombre entier).", "2"),
    "parent_collective": ("Oui si un parent fait partie d'un collectif de parents.", "Non"),
}
WIDTHS = {
    "last_name": 18,
    "first_name": 16,
    "school": 26,
    "neighbourhood": 20,
    "source": 30,
    "criteria_list": 48,
    "outcome": 18,
    "exit_reason": 18,
    "action_type": 32,
}

_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="DDE7F3")
_LINE = Side(style="thin", color="B0B7C3")
_BORDER = Border(left=_LINE, right=_LINE, top=_LINE, bottom=_LINE)
_WRAP = Alignment(wrap_text=True, vertical="top")
_FIXED_TIME = dt.datetime(2024, 1, 1)


def write_template(path: Path) -> None:
    """Write the provider template to `path` (same content gives the same bytes)."""
    wb = Workbook()
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    register = wb.create_sheet(REGISTER_SHEET)
    actions = wb.create_sheet(ACTIONS_SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    _write_lists(wb, lists)
    _write_grid(
        register,
        canonical_headers(),
        REGISTER_ROWS,
        "CLAS – Registre des enfants accompagnés",
        "Une ligne par enfant orienté vers l'action CLAS cette année scolaire (inscrit, en liste "
        "d'attente ou non). Mode d'emploi et valeurs acceptées : onglet « Instructions ».",
    )
    _write_grid(
        actions,
        list(ACTION_LABELS.items()),
        ACTION_ROWS,
        "CLAS – Actions menées avec les parents",
        "Une ligne par action collective ou rencontre organisée avec les parents.",
    )
    _write_team(wb.create_sheet(TEAM_SHEET, index=wb.sheetnames.index(LISTS_SHEET)))
    _write_instructions(instructions)
    wb.active = 0
    wb.properties.creator = "Ville – service de la politique éducative"
    wb.properties.title = "CLAS – Registre des enfants accompagnés"
    wb.properties.created = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    Path(path).write_bytes(_stable_zip(buf.getvalue()))


TEAM_SHEET = "Équipe"  # issue 15: the provider's team for its bilan (no names)


def _write_team(ws: Worksheet) -> None:
    from clas.domain.network_vocab import STAFF_STATUS

    headers = [
        ("role", "Fonction"),
        ("status", "Statut"),
        ("people", "Nombre de personnes"),
        ("hours_per_week", "Heures par semaine"),
    ]
    _write_grid(
        ws,
        headers,
        15,
        "CLAS – Équipe de l'année",
        "Une ligne par fonction et statut (salarié ou bénévole) : combien de personnes, combien d'heures "
        "par semaine chacune. Aucun nom.",
    )
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STAFF_STATUS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Statut",
        error="Choisissez Salarié ou Bénévole.",
    )
    status.add(f"B{HEADER_ROW + 1}:B{HEADER_ROW + 15}")
    ws.add_data_validation(status)


def _write_lists(wb: Workbook, ws: Worksheet) -> None:
    ws.sheet_state = "hidden"
    for col, (name, labels) in enumerate(LISTS.items(), start=1):
        letter = get_column_letter(col)
        ws.cell(1, col, "Liste : " + name.removeprefix("liste_").replace("_", " ")).font = _BOLD
        for row, text in enumerate(labels.values(), start=2):
            ws.cell(row, col, text)
        ws.column_dimensions[letter].width = 36
        ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _write_grid(ws: Worksheet, headers: list[tuple[str, str]], n_rows: int, title: str, note: str) -> None:
    ws.cell(1, 1, title).font = _TITLE
    ws.cell(2, 1, note).font = Font(italic=True)
    last_row = HEADER_ROW + n_rows
    for col, (field, header) in enumerate(headers, start=1):
        letter = get_column_letter(col)
        cell = ws.cell(HEADER_ROW, col, header)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[letter].width = WIDTHS.get(field, max(13, len(header) + 3))
        number_format = DATE_FORMAT if field in DATE_FIELDS else "0" if field in INT_FIELDS else "General"
        for row in range(HEADER_ROW + 1, last_row + 1):
            c = ws.cell(row, col)
            c.number_format, c.border, c.alignment = number_format, _BORDER, _WRAP
        validation = _validation(field)
        if validation is not None:
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
            ws.add_data_validation(validation)
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _validation(field: str) -> DataValidation | None:
    if field in DATE_FIELDS:
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2="DATE(2040,12,31)",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="Date invalide",
            error="Saisissez une date entre le 01/01/2000 et le 31/12/2040, au format JJ/MM/AAAA "
            "(par exemple 15/09/2024).",
            promptTitle="Date",
            prompt="Au format JJ/MM/AAAA, par exemple 15/09/2024.",
        )
    if field in INT_FIELDS:
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Nombre invalide",
            error="Saisissez un nombre entier positif ou nul (0, 1, 2…), sans texte.",
        )
    if field in FIELD_LISTS:
        return DataValidation(
            type="list",
            formula1=FIELD_LISTS[field],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Valeur non prévue",
            error="Choisissez une valeur dans la liste déroulante (voir l'onglet « Instructions »).",
        )
    if field == "criteria_list":
        return DataValidation(
            type=None,
            allow_blank=True,
            showInputMessage=True,
            promptTitle="Critères d'orientation",
            prompt="Recopiez les critères de la fiche, séparés par « ; ». Liste : onglet « Instructions ».",
        )
    return None


def _write_instructions(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 34
    row = 1
    ws.cell(row, 1, "CLAS – Registre des enfants accompagnés : mode d'emploi").font = _TITLE

    def heading(text: str) -> None:
        nonlocal row
        row += 2
        ws.cell(row, 1, text).font = Font(bold=True, size=12)

    def paragraph(text: str) -> None:
        nonlocal row
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        cell = ws.cell(row, 1, text)
        cell.alignment = _WRAP
        ws.row_dimensions[row].height = 15 * (1 + len(text) // 120)

    def table_row(values: tuple[str, ...], bold: bool = False) -> None:
        nonlocal row
        row += 1
        for col, text in enumerate(values, start=1):
            cell = ws.cell(row, col, text)
            cell.alignment, cell.border = _WRAP, _BORDER
            if bold:
                cell.font, cell.fill = _BOLD, _HEADER_FILL

    heading("À quoi sert ce registre")
    paragraph(
        "Le Contrat local d'accompagnement à la scolarité (CLAS) est suivi par la Ville avec la CAF. "
        "Ce registre recense, pour une année scolaire, les enfants orientés vers votre action CLAS "
        "et leur accompagnement. La Ville réunit les registres de tous les porteurs pour suivre "
        "l'action sur le territoire (enfants accueillis, quartiers, niveaux, implication des "
        "parents) et préparer le bilan annuel. Aucun chiffre publié ne permet d'identifier un enfant."
    )
    heading("Une ligne par enfant")
    paragraph(
        f"Dans l'onglet « {REGISTER_SHEET} », écrivez une ligne par enfant orienté vers votre "
        "action cette année, qu'il soit inscrit, en liste d'attente ou que l'orientation soit restée "
        "sans suite. Ne modifiez pas la ligne des titres de colonnes, ne fusionnez pas de cellules et "
        "n'ajoutez pas de ligne de total. Utilisez les listes déroulantes quand il y en a une."
    )
    paragraph(
        f"Dans l'onglet « {ACTIONS_SHEET} », écrivez une ligne par action menée avec les parents "
        "(date, type d'action, nombre de familles présentes)."
    )
    heading("Données personnelles : noms et dates de naissance")
    paragraph(
        "Les noms, prénoms et dates de naissance servent uniquement à relier les informations "
        "d'un même enfant (d'un fichier à l'autre, d'une année à l'autre). Ils ne sont jamais "
        "enregistrés : à l'import, ils sont remplacés par un identifiant pseudonymisé (une empreinte "
        "chiffrée qui ne permet pas de retrouver l'identité de l'enfant). Seuls le sexe et l'année de "
        "naissance sont conservés. N'ajoutez aucune autre donnée personnelle (adresse, téléphone, "
        "nom des parents) : elle ne serait pas importée."
    )
    heading("Nom du porteur et année scolaire")
    paragraph(
        "Indiquez le nom du porteur et l'année scolaire dans le nom du fichier, par exemple "
        "« Nom du porteur - CLAS 2024-2025.xlsx ». Sinon, ils vous seront demandés à l'import."
    )
    heading("Comment remplir chaque colonne")
    table_row(("Colonne", "Ce qu'il faut écrire", "Exemple"), bold=True)
    for field, header in canonical_headers():
        what, example = HOW_TO_FILL[field]
        table_row((header, what, example))
    heading("Valeurs acceptées")
    accepted = [
        ("Sexe", vocab.SEXES),
        ("Classe", vocab.GRADES),
        ("Orienté par", vocab.SOURCES),
        ("Suite donnée", vocab.OUTCOMES),
        ("Motif de sortie", vocab.EXIT_REASONS),
        ("Suivi PRE, Entretien d'accueil, Collectif de parents", YES_NO),
        (f"Type d'action (onglet « {ACTIONS_SHEET} »)", vocab.PARENT_ACTION_TYPES),
    ]
    for what, labels in accepted:
        table_row((what, " ; ".join(labels.values()), ""))
    heading("Critères d'orientation (à recopier, séparés par « ; »)")
    paragraph(
        "Recopiez les critères cochés sur la fiche d'orientation, séparés par un point-virgule, "
        "par exemple : « Confiance en soi; Méthodologie, organisation du travail ». "
        "Les critères possibles sont :"
    )
    for text in vocab.CRITERIA.values():
        table_row((text,))
    ws.sheet_view.showGridLines = False


def _stable_zip(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so that writing it twice gives the same bytes."""
    out = io.BytesIO()
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6]),
                content,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()
