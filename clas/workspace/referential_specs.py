"""The reference tables the service head edits on Référentiels (schools, neighbourhoods, providers): their
columns, French labels and the spellings a file's headers may use. Checking a table is
clas/workspace/referential_checks.py, reading or writing a file clas/workspace/referential_files.py, saving
clas/workspace/referentials.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

KINDS = {"schools": "Écoles", "neighbourhoods": "Quartiers", "providers": "Porteurs"}
SCHOOL_TYPES = {"elementaire": "Élémentaire", "college": "Collège", "lycee": "Lycée"}
UAI = re.compile(r"^\d{7}[A-Z]$")


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # French header (page and expected file)
    kind: str  # text | bool | int | float | school_type | provider_type | neighbourhood
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""


SPECS: dict[str, list[Column]] = {
    "neighbourhoods": [
        Column(
            "code",
            "Code",
            "text",
            True,
            ("code quartier", "code du quartier", "id", "code insee"),
            "Identifiant court et unique du quartier (ex. VAN), ou code INSEE d'une commune.",
        ),
        Column(
            "name",
            "Nom",
            "text",
            True,
            ("quartier", "nom du quartier", "libelle", "commune", "nom commune"),
            "Nom du quartier tel qu'on l'écrit.",
        ),
        Column(
            "priority_area",
            "Quartier prioritaire",
            "bool",
            False,
            ("qpv", "prioritaire", "quartier prioritaire qpv", "zus", "politique de la ville"),
            "Oui si le quartier est un quartier prioritaire de la politique de la ville (QPV).",
        ),
        Column(
            "children_6_10",
            "Enfants de 6 à 10 ans",
            "int",
            False,
            ("enfants 6 10 ans", "enfants 6 10", "6 10 ans", "population 6 10 ans", "nb enfants 6 10 ans"),
            "Nombre d'enfants de 6 à 10 ans habitant le quartier (recensement).",
        ),
        Column(
            "children_11_14",
            "Enfants de 11 à 14 ans",
            "int",
            False,
            ("enfants 11 14 ans", "enfants 11 14", "11 14 ans", "population 11 14 ans", "nb enfants 11 14 ans"),
            "Nombre d'enfants de 11 à 14 ans habitant le quartier (recensement).",
        ),
    ],
    "schools": [
        Column(
            "uai",
            "UAI",
            "text",
            False,
            ("code uai", "rne", "numero uai", "code rne"),
            "Code de l'établissement (7 chiffres et une lettre, ex. 0951234X) ; facultatif mais unique.",
        ),
        Column(
            "name",
            "Nom",
            "text",
            True,
            ("ecole", "etablissement", "nom de l ecole", "nom de l etablissement", "libelle"),
            "Nom de l'école ou du collège.",
        ),
        Column(
            "type",
            "Type",
            "school_type",
            True,
            ("type d etablissement", "niveau", "degre"),
            "Élémentaire, Collège ou Lycée.",
        ),
        Column(
            "neighbourhood_code",
            "Code quartier",
            "neighbourhood",
            False,
            ("quartier", "code du quartier"),
            "Code du quartier où se trouve l'établissement (table des quartiers).",
        ),
        Column(
            "priority_education",
            "Éducation prioritaire",
            "bool",
            False,
            ("rep", "rep rep", "education prioritaire rep", "ep"),
            "Oui si l'établissement est en REP ou REP+.",
        ),
    ],
    "providers": [
        Column(
            "name",
            "Nom",
            "text",
            True,
            ("porteur", "nom du porteur", "structure", "association"),
            "Nom du porteur, tel que ses fichiers l'écrivent.",
        ),
        Column("type", "Type", "provider_type", False, ("type de porteur", "statut"), "Municipal ou Associatif."),
        Column(
            "neighbourhood_code",
            "Code quartier",
            "neighbourhood",
            False,
            ("quartier", "code du quartier"),
            "Code du quartier où le porteur accueille les enfants.",
        ),
        Column("latitude", "Latitude", "float", False, ("lat",), "Position du lieu d'accueil (degrés décimaux)."),
        Column(
            "longitude",
            "Longitude",
            "float",
            False,
            ("lon", "lng", "long"),
            "Position du lieu d'accueil (degrés décimaux).",
        ),
    ],
}
ID_FIELD = {"schools": "school_id", "providers": "provider_id", "neighbourhoods": None}


def label(kind: str, f: str) -> str:
    """The French label of field f of table kind."""
    return next(c.label for c in SPECS[kind] if c.field == f)


def expected_columns(kind: str) -> pd.DataFrame:
    """What an uploaded file must hold (shown on the page)."""
    return pd.DataFrame(
        [(c.label, "oui" if c.required else "non", c.help) for c in SPECS[kind]],
        columns=["Colonne", "Obligatoire", "Contenu"],
    )
