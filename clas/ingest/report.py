"""What an import tells its user: per file, a status, counts and issues located by sheet, row and column."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from clas.domain.fmt import count, plural

STATUS_LABELS = {"loaded": "importé", "unchanged": "inchangé (déjà importé)", "rejected": "refusé"}
SEVERITY_LABELS = {"error": "Erreur", "warning": "Avertissement"}


@dataclass
class Issue:
    sheet: str | None
    row: int | None        # the row number the user sees in the spreadsheet
    column: str | None     # the column header as written in the file
    severity: str          # "error" (row or file not loaded) | "warning" (loaded, worth a look)
    message: str           # French, for the service and the provider


@dataclass
class FileReport:
    file: str
    provider: str | None = None
    school_year: str | None = None
    status: str = "rejected"
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    parent_actions: int = 0
    issues: list[Issue] = field(default_factory=list)
    import_id: int | None = None
    needs: list[str] = field(default_factory=list)   # "provider" / "school_year" when they must be given

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def to_json(self) -> dict:
        return {
            "file": self.file, "provider": self.provider, "school_year": self.school_year,
            "status": self.status, "rows_read": self.rows_read, "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "issues": [asdict(i) for i in self.issues],
        }

    def to_text(self) -> str:
        """The French report printed by `python -m clas import`."""
        head = f"{self.file} : {STATUS_LABELS[self.status]}"
        if self.provider or self.school_year:
            head += f" — {self.provider or 'porteur inconnu'}, {self.school_year or 'année inconnue'}"
        lines = [head]
        if self.status != "rejected" or self.rows_read:
            lines.append(f"  {count(self.rows_read, 'ligne lue')}, {_n(self.rows_loaded)} "
                         f"{plural(self.rows_loaded, 'importée')}, {_n(self.rows_rejected)} "
                         f"{plural(self.rows_rejected, 'refusée')} ; {count(self.parent_actions, 'action')} parents.")
        for i in self.issues:
            where = ", ".join(p for p in (
                f"feuille « {i.sheet} »" if i.sheet else "",
                f"ligne {i.row}" if i.row else "",
                f"colonne « {i.column} »" if i.column else "") if p)
            lines.append(f"  [{SEVERITY_LABELS[i.severity]}] {where + ' : ' if where else ''}{i.message}")
        return "\n".join(lines)


def _n(x: int) -> str:
    return f"{x:,}".replace(",", "\u202f")
