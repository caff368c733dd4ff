"""Reading the network sheets: « Vie du réseau » (training and network sessions, one line per profession
and institution of a session) and « Équipe » (a provider's team, no names).

Validated like the registers: each bad line gets a French message with its sheet, row and column and is
left out; the caller loads the rest in one transaction (clas/workspace/network.py).
"""
# long module: the two network sheets share their row reader; split when a third sheet comes.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from clas.domain import network_vocab as V
from clas.domain.textnorm import key
from clas.ingest import normalise as N
from clas.ingest.locate import Table, _best_header, _build_table
from clas.ingest.read import Sheet
from clas.ingest.report import Issue

SESSION_LABELS = {
    "session_date": "Date",
    "title": "Intitulé",
    "theme": "Thème",
    "duration_hours": "Durée (h)",
    "organiser": "Organisateur",
    "profession": "Profession",
    "institution": "Institution",
    "participants": "Participants",
}
STAFF_LABELS = {
    "provider": "Porteur",
    "school_year": "Année scolaire",
    "role": "Fonction",
    "status": "Statut",
    "people": "Nombre de personnes",
    "hours_per_week": "Heures par semaine",
}
_SESSION_WORDS = {
    "session_date": ["date", "date de la seance", "date seance", "le"],
    "title": ["intitule", "titre", "seance", "objet", "formation", "intitule de la seance"],
    "theme": ["theme", "thematique"],
    "duration_hours": ["duree", "duree h", "duree heures", "duree en heures", "heures", "nb heures"],
    "organiser": ["organisateur", "organise par", "organisatrice", "animee par", "formateur"],
    "profession": ["profession", "metier", "fonction", "qualite"],
    "institution": ["institution", "structure", "etablissement", "employeur", "ecole ou structure"],
    "participants": ["participants", "nombre", "nb", "nombre de participants", "nb participants", "effectif"],
}
_STAFF_WORDS = {
    "provider": ["porteur", "structure", "association"],
    "school_year": ["annee scolaire", "annee"],
    "role": ["fonction", "poste", "role", "metier"],
    "status": ["statut", "salarie ou benevole", "salarie benevole"],
    "people": ["nombre", "nombre de personnes", "nb", "effectif", "personnes"],
    "hours_per_week": [
        "heures par semaine",
        "heures hebdomadaires",
        "h semaine",
        "heures semaine",
        "volume horaire hebdomadaire",
    ],
}


def _index(words: dict[str, list[str]], labels: dict[str, str]) -> dict[str, str]:
    out = {key(w): f for f, ws in words.items() for w in ws}
    out.update({key(lbl): f for f, lbl in labels.items()})
    return out


SESSION_INDEX = _index(_SESSION_WORDS, SESSION_LABELS)
STAFF_INDEX = _index(_STAFF_WORDS, STAFF_LABELS)


def school_year_of(d: dt.date) -> str:
    """A session's school year: September to August."""
    start = d.year if d.month >= 9 else d.year - 1
    return f"{start}-{start + 1}"


@dataclass
class NetworkSheets:
    sessions: pd.DataFrame  # one row per (session, profession, institution), sheet, row
    staff: pd.DataFrame  # role, status, people, hours_per_week, provider, school_year, sheet, row
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    found: bool = False


def find_network_tables(sheets: list[Sheet]) -> tuple[list[Table], list[Table]]:
    """The sessions tables and the staff tables of a workbook (a sheet is one or the other, by its header)."""
    sessions, staff = [], []
    for sheet in sheets:
        if sheet.hidden:
            continue
        s = _best_header(sheet, SESSION_INDEX, None)
        t = _best_header(sheet, STAFF_INDEX, None)
        s_fields, t_fields = set(s[3].values()), set(t[3].values())
        if {"session_date", "title", "participants"} <= s_fields and "profession" in s_fields:
            sessions.append(_build_table(sheet, "sessions", s[1], s[2], s[3], []))
        elif {"status", "people"} <= t_fields:
            staff.append(_build_table(sheet, "staff", t[1], t[2], t[3], []))
    return sessions, staff


def _frame(tables: list[Table], fields: list[str]) -> tuple[pd.DataFrame, dict]:
    parts, headers = [], {}
    for t in tables:
        d = t.data.copy()
        d["sheet"] = t.sheet
        parts.append(d)
        headers.update({(t.sheet, f): t.headers[c] for c, f in t.fields.items()})
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["row", "sheet"])
    for f in fields:
        if f not in df:
            df[f] = None
    return df.astype({f: object for f in fields}), headers


def _err(issues, headers, labels, rec, fieldname, message, severity="error"):
    issues.append(
        Issue(
            rec["sheet"], int(rec["row"]), headers.get((rec["sheet"], fieldname), labels[fieldname]), severity, message
        )
    )


def prepare_sessions(tables: list[Table]) -> tuple[pd.DataFrame, list[Issue], int]:
    """Valid lines of the sessions sheets, the issues, and how many lines were rejected.

    A line whose date and title are empty continues the session above (merged cells in a sheet)."""
    df, headers = _frame(tables, list(SESSION_LABELS))
    issues: list[Issue] = []
    out, rejected = [], 0
    carry: dict = {}
    for rec in df.to_dict("records"):
        if N.is_blank(rec["session_date"]) and N.is_blank(rec["title"]) and carry.get("sheet") == rec["sheet"]:
            for f in ("session_date", "title", "theme", "duration_hours", "organiser"):
                if N.is_blank(rec[f]):
                    rec[f] = carry[f]
        else:
            carry = dict(rec)
        bad = False
        d = N.to_date(rec["session_date"])
        if d is None or d is N.INVALID:
            _err(
                issues,
                headers,
                SESSION_LABELS,
                rec,
                "session_date",
                f"Date « {N.cell_text(rec['session_date'] or '')} » illisible ou manquante : ligne non importée.",
            )
            bad = True
        title = "" if N.is_blank(rec["title"]) else N.cell_text(rec["title"])
        if not title:
            _err(issues, headers, SESSION_LABELS, rec, "title", "Intitulé manquant : ligne non importée.")
            bad = True
        theme = V.code("theme", rec["theme"])
        if theme is None:
            _err(
                issues,
                headers,
                SESSION_LABELS,
                rec,
                "theme",
                f"Thème « {N.cell_text(rec['theme'] or '')} » absent de la liste ("
                + ", ".join(V.THEMES.values())
                + ") : ligne non importée.",
            )
            bad = True
        prof = V.code("profession", rec["profession"])
        if prof is None:
            _err(
                issues,
                headers,
                SESSION_LABELS,
                rec,
                "profession",
                f"Profession « {N.cell_text(rec['profession'] or '')} » absente de la liste ("
                + ", ".join(V.PROFESSIONS.values())
                + ") : ligne non importée.",
            )
            bad = True
        n = N.count(rec["participants"])
        if n is None or n is N.INVALID or n < 0:
            _err(
                issues,
                headers,
                SESSION_LABELS,
                rec,
                "participants",
                f"Nombre de participants « {N.cell_text(rec['participants'] or '')} » illisible : ligne non importée.",
            )
            bad = True
        hours = None
        if not N.is_blank(rec["duration_hours"]):
            try:
                hours = float(N.cell_text(rec["duration_hours"]).replace(",", ".").rstrip("hH ").strip())
            except ValueError:
                _err(
                    issues,
                    headers,
                    SESSION_LABELS,
                    rec,
                    "duration_hours",
                    f"Durée « {N.cell_text(rec['duration_hours'])} » illisible : laissée vide.",
                    "warning",
                )
        if bad:
            rejected += 1
            continue
        out.append(
            {
                "session_date": d,
                "school_year": school_year_of(d),
                "title": title,
                "theme": theme,
                "duration_hours": hours,
                "organiser": None if N.is_blank(rec["organiser"]) else N.cell_text(rec["organiser"]),
                "profession": prof,
                "institution": None if N.is_blank(rec["institution"]) else N.cell_text(rec["institution"]),
                "participants": int(n),
                "sheet": rec["sheet"],
                "row": int(rec["row"]),
            }
        )
    return pd.DataFrame(out), issues, rejected


def prepare_staff(tables: list[Table], default_year: str | None) -> tuple[pd.DataFrame, list[Issue], int]:
    """Valid lines of the « Équipe » sheets. `provider` and `school_year` stay as written (the caller
    resolves the provider; a provider's own register gives both)."""
    from clas.ingest import normalise_school_year

    df, headers = _frame(tables, list(STAFF_LABELS))
    issues: list[Issue] = []
    out, rejected = [], 0
    for rec in df.to_dict("records"):
        bad = False
        status = V.code("staff_status", rec["status"])
        if status is None:
            _err(
                issues,
                headers,
                STAFF_LABELS,
                rec,
                "status",
                f"Statut « {N.cell_text(rec['status'] or '')} » inconnu : écrivez Salarié ou Bénévole. "
                "Ligne non importée.",
            )
            bad = True
        n = N.count(rec["people"])
        if n is None or n is N.INVALID or n < 0:
            _err(
                issues,
                headers,
                STAFF_LABELS,
                rec,
                "people",
                f"Nombre de personnes « {N.cell_text(rec['people'] or '')} » illisible : ligne non importée.",
            )
            bad = True
        year = (
            normalise_school_year(N.cell_text(rec["school_year"]))
            if not N.is_blank(rec["school_year"])
            else default_year
        )
        if year is None:
            _err(
                issues,
                headers,
                STAFF_LABELS,
                rec,
                "school_year",
                "Année scolaire manquante ou illisible : écrivez-la 2024-2025. Ligne non importée.",
            )
            bad = True
        hours = None
        if not N.is_blank(rec["hours_per_week"]):
            try:
                hours = float(N.cell_text(rec["hours_per_week"]).replace(",", "."))
            except ValueError:
                _err(
                    issues,
                    headers,
                    STAFF_LABELS,
                    rec,
                    "hours_per_week",
                    f"Heures « {N.cell_text(rec['hours_per_week'])} » illisibles : laissées vides.",
                    "warning",
                )
        if bad:
            rejected += 1
            continue
        out.append(
            {
                "provider": None if N.is_blank(rec["provider"]) else N.cell_text(rec["provider"]),
                "school_year": year,
                "role": None if N.is_blank(rec["role"]) else N.cell_text(rec["role"]),
                "status": status,
                "people": int(n),
                "hours_per_week": hours,
                "sheet": rec["sheet"],
                "row": int(rec["row"]),
            }
        )
    return pd.DataFrame(out), issues, rejected
