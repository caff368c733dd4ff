"""What an import tells its user: per file, a status, counts and issues located by sheet, row and column.

Repeated problems are one issue: the same message in the same sheet and column for 1 204 rows is one line
with its count and its row ranges (« 2–9, 14, 17–40… »), so that a 300,000-row file's report stays a
screen's worth (and well under 1 MB of JSON) and can be stored with the import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from clas.domain.fmt import count, plural

STATUS_LABELS = {"loaded": "importé", "unchanged": "inchangé (déjà importé)", "rejected": "refusé"}
SEVERITY_LABELS = {"error": "Erreur", "warning": "Avertissement", "info": "Information"}
RANGES_SHOWN = 8  # row ranges written out before « … »


@dataclass
class Issue:
    sheet: str | None
    row: int | None  # the (first) row number the user sees in the spreadsheet
    column: str | None  # the column header as written in the file
    severity: str  # "error" (row or file not loaded) | "warning" (loaded, worth a look) | "info"
    message: str  # French, for the service and the provider
    count: int = 1  # rows concerned (an issue about the file or a column: 1)
    rows: str | None = None  # every row concerned, as ranges « 2–9, 14, 17–40… », when count > 1

    @property
    def where(self) -> str:
        rows = (
            f"{lines_word(self.count)} ({self.rows})"
            if self.count > 1 and self.rows
            else f"ligne {self.row}"
            if self.row
            else ""
        )
        return ", ".join(
            p
            for p in (
                f"feuille « {self.sheet} »" if self.sheet else "",
                rows,
                f"colonne « {self.column} »" if self.column else "",
            )
            if p
        )


def row_ranges(rows) -> str:
    """Sorted distinct row numbers -> '2–9, 14, 17–40…' (the first RANGES_SHOWN ranges)."""
    r = np.unique(np.asarray(rows, dtype=np.int64))
    if not len(r):
        return ""
    breaks = np.flatnonzero(np.diff(r) != 1)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(r) - 1]))
    parts = [f"{r[s]}" if s == e else f"{r[s]}–{r[e]}" for s, e in zip(starts[:RANGES_SHOWN], ends[:RANGES_SHOWN])]
    return ", ".join(parts) + ("…" if len(starts) > RANGES_SHOWN else "")


def grouped(sheet: str | None, rows, column: str | None, severity: str, message: str) -> Issue:
    """One issue for every row in `rows` (numbers as the user sees them)."""
    r = np.unique(np.asarray(rows, dtype=np.int64))
    return Issue(
        sheet,
        int(r[0]) if len(r) else None,
        column,
        severity,
        message,
        max(len(r), 1),
        row_ranges(r) if len(r) > 1 else None,
    )


def compact(issues: list[Issue]) -> list[Issue]:
    """Merge issues that say the same thing about the same sheet and column into one, with their rows."""
    groups: dict[tuple, list[Issue]] = {}
    for i in issues:
        groups.setdefault((i.sheet, i.column, i.severity, i.message), []).append(i)
    out = []
    for (sheet, column, severity, message), same in groups.items():
        if len(same) == 1 or any(i.row is None or i.count > 1 for i in same):
            out.extend(same)
            continue
        out.append(grouped(sheet, [i.row for i in same], column, severity, message))
    return out


@dataclass
class FileReport:
    file: str
    provider: str | None = None
    school_year: str | None = None
    status: str = "rejected"
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_not_read: int = 0  # beyond the reading limit: the file is then refused, this says how many
    parent_actions: int = 0
    issues: list[Issue] = field(default_factory=list)
    import_id: int | None = None
    needs: list[str] = field(default_factory=list)  # "provider" / "school_year" when they must be given
    stored: bool = False  # the issues are the ones stored with an earlier import of these very bytes
    created_provider: str | None = None  # a provider this import created (gone again if it is refused)
    imported_at: object = None  # for a stored report: when the import was made
    hints: list[str] = field(default_factory=list)  # title rows, sheet names, file name (never stored)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def notes(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "info"]

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "provider": self.provider,
            "school_year": self.school_year,
            "status": self.status,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "rows_not_read": self.rows_not_read,
            "issues": [asdict(i) for i in self.issues],
        }

    def to_text(self) -> str:
        """The French report printed by `python -m clas import`."""
        head = f"{self.file} : {STATUS_LABELS[self.status]}"
        if self.provider or self.school_year:
            head += f" — {self.provider or 'porteur inconnu'}, {self.school_year or 'année inconnue'}"
        lines = [head]
        if self.status != "rejected" or self.rows_read:
            lines.append(
                f"  {count(self.rows_read, 'ligne lue')}, {_n(self.rows_loaded)} "
                f"{plural(self.rows_loaded, 'importée')}, {_n(self.rows_rejected)} "
                f"{plural(self.rows_rejected, 'refusée')} ; {count(self.parent_actions, 'action')} parents."
            )
        for i in self.issues:
            where = i.where
            lines.append(f"  [{SEVERITY_LABELS[i.severity]}] {where + ' : ' if where else ''}{i.message}")
        return "\n".join(lines)


def lines_word(n: int, adjective: str = "") -> str:
    """'1 ligne lue', '1 204 lignes lues' (agreement, no « (s) »)."""
    plural = n > 1
    word = "lignes" if plural else "ligne"
    return f"{_n(n)} {word}" + (f" {adjective}{'s' if plural else ''}" if adjective else "")


def _n(x: int) -> str:
    return f"{x:,}".replace(",", "\u202f")
