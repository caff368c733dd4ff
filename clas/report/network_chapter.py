"""The annual report's chapter on the network's life (issue 15): training sessions year on year, participants
by profession, and the schemes by neighbourhood (children oriented masked under the threshold, as on the
élus' page; no count per school)."""

from __future__ import annotations

import pandas as pd

from clas.charts.network import years_figure
from clas.domain import fmt
from clas.metrics import network as M
from clas.report.model import Column, Figure, Hidden, Section, Table
from clas.store import db


def _source(year: str, *queries: str) -> str:
    return f"Année scolaire {year} ; requêtes : " + ", ".join(f"queries/{q}.sql" for q in queries) + "."


def section(con, year: str, t: int) -> Section | None:
    """None when the network has no session recorded (the chapter is left out)."""
    by_year = M.year_lines(db.run(con, "network_by_year"))
    if by_year.empty:
        return None
    years_rows = [
        [
            r.school_year,
            int(r.sessions),
            float(r.hours),
            int(r.participants),
            None if pd.isna(r.en_share) else float(r.en_share),
            int(r.providers_present),
            int(r.schools_present),
        ]
        for r in by_year.itertuples()
    ]
    years = Table(
        "reseau-annees",
        "Formations et rencontres du réseau, année par année",
        [
            Column("Année scolaire", "text", 14),
            Column("Séances", "int", 10),
            Column("Heures", "dec1", 10),
            Column("Participants", "int", 12),
            Column("Part de l'Éducation nationale", "pct", 14),
            Column("Porteurs présents", "int", 12),
            Column("Écoles présentes", "int", 12),
        ],
        years_rows,
        _source(year, "network_by_year"),
    )
    prof = M.by_profession(db.run(con, "network_by_profession", school_year=year))
    professions = Table(
        "reseau-professions",
        f"Participants par profession en {year}",
        [Column("Profession", "text", 28), Column("Participants", "int", 12), Column("Part", "pct", 10)],
        [[r.profession, int(r.participants), float(r.share)] for r in prof.itertuples()],
        _source(year, "network_by_profession"),
    )
    raw = db.run(con, "schemes_by_neighbourhood", school_year=year)
    tables = [years, professions]
    if not raw.empty:
        masked = M.neighbourhood_schemes(raw, t, as_text=False)
        schemes = [
            c
            for c in masked.columns
            if c
            not in ("neighbourhood", "schools", "white_zone_schools", "children", "children_hidden", "children_text")
        ]
        rows = [
            [
                r["neighbourhood"],
                int(r["schools"]),
                int(r["white_zone_schools"]),
                Hidden(r["children_text"]) if r["children_hidden"] else int(r["children"]),
                *[int(r[c]) for c in schemes],
            ]
            for _, r in masked.iterrows()
        ]
        tables.append(
            Table(
                "reseau-dispositifs",
                f"Dispositifs et orientations par quartier en {year}",
                [
                    Column("Quartier", "text", 22),
                    Column("Écoles", "int", 9),
                    Column("Écoles sans orientation", "int", 12),
                    Column("Enfants orientés", "int", 11),
                    *[Column(f"Écoles avec : {c}", "int", 12) for c in schemes],
                ],
                rows,
                _source(year, "schemes_by_neighbourhood"),
                "Aucun chiffre par école ; les effectifs d'enfants inférieurs au seuil sont masqués.",
            )
        )
    cur = by_year[by_year["school_year"] == year]
    said = []
    if len(cur):
        r = cur.iloc[0]
        said.append(
            f"En {year}, le réseau a tenu {fmt.number(r.sessions)} séances de formation ou de rencontre "
            f"({fmt.number(r.hours, 1)} heures), avec {fmt.number(r.participants)} participations, dont "
            f"{fmt.percent(r.en_share)} de l'Éducation nationale."
        )
    figure = Figure(
        "reseau-seances-et-participants", "Séances et participants du réseau", "reseau", lambda: years_figure(by_year)
    )
    return Section(
        "reseau",
        "Vie du réseau",
        "Réseau",
        "Formations multiprofessionnelles et rencontres entre porteurs, écoles et partenaires, et "
        "dispositifs complémentaires des écoles.",
        said,
        tables,
        [figure],
    )
