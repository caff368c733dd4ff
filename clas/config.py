"""Every CLAS_* setting in one place: its name, what it does (in French, for the README) and its default.

Read at call time, not at import: the tests, the command line (`--db`) and a server's environment may each
set them, and a value read once at import would ignore the later ones. tests/unit/test_config.py checks that
the README documents every setting listed here and that no other module reads a CLAS_* variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    help: str  # French: the README's table is checked against it


SETTINGS = (
    Setting("CLAS_DB", "fichier de la base DuckDB (défaut : data/clas.duckdb)"),
    Setting(
        "CLAS_SECRETS_DIR",
        "dossier des secrets : clé de pseudonymisation, comptes, sessions (défaut : ~/.config/clas, hors du dépôt)",
    ),
    Setting(
        "CLAS_CONTOURS", "fichier GeoJSON des contours des quartiers (défaut : data/reference/neighbourhoods.geojson)"
    ),
    Setting(
        "CLAS_BACKUP_DIR", "dossier des sauvegardes de python -m clas backup (défaut : sauvegardes/ à côté de la base)"
    ),
    Setting(
        "CLAS_DEBUG",
        "« 1 » : une erreur de page remonte telle quelle (tests, développement) au lieu du message en français",
    ),
    Setting(
        "CLAS_REPORT_STANDBY_S",
        "secondes pendant lesquelles le Chromium démarré à l'ouverture de la page Rapport annuel attend qu'on "
        "prépare le rapport (défaut : 180 ; 0 : rien n'est préparé avant le clic, 3 à 4 secondes de plus)",
    ),
)
NAMES = frozenset(s.name for s in SETTINGS)


def get(name: str) -> str | None:
    """The setting's value, None when unset or empty."""
    if name not in NAMES:
        raise KeyError(f"réglage inconnu : {name}")
    return os.environ.get(name) or None


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: the argument, else $CLAS_DB, else data/clas.duckdb."""
    return Path(path or get("CLAS_DB") or ROOT / "data" / "clas.duckdb")


def secrets_dir() -> Path:
    """$CLAS_SECRETS_DIR, else ~/.config/clas (never inside the repository)."""
    base = get("CLAS_SECRETS_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "clas"


def contours_path(path: str | os.PathLike | None = None) -> Path:
    """The argument, else $CLAS_CONTOURS, else data/reference/neighbourhoods.geojson."""
    return Path(path or get("CLAS_CONTOURS") or ROOT / "data" / "reference" / "neighbourhoods.geojson")


def backup_dir(database: str | os.PathLike | None = None) -> Path:
    """$CLAS_BACKUP_DIR, else a `sauvegardes` folder beside the database."""
    return Path(get("CLAS_BACKUP_DIR") or db_path(database).with_name("sauvegardes"))


def debug() -> bool:
    return bool(get("CLAS_DEBUG"))


def report_standby_s() -> float:
    """$CLAS_REPORT_STANDBY_S (seconds, 0 = no Chromium started ahead of the report), else 180."""
    value = get("CLAS_REPORT_STANDBY_S")
    try:
        return max(0.0, float(value)) if value is not None else 180.0
    except ValueError:
        return 180.0
