"""The report's parent-engagement theme, from what pages/parents.py uses: queries parent_reach_by_unit and
parent_actions_by_type, clas.metrics.engagement (funnel, unevenness), clas.charts.parents, clas.domain.disclosure.

The page's defaults are the report's: no overdispersion correction, units at least as large as the
small-cell threshold for the unevenness measures, family counts hidden below it.
"""

from __future__ import annotations

import pandas as pd

from clas.charts import parents as pc
from clas.domain import disclosure, stats, vocab
from clas.metrics import engagement
from clas.report import sentences
from clas.report.model import Column, Figure, Hidden, Section, Table
from clas.report.sources import source
from clas.store import db

POSITION = {stats.ABOVE: "Au-dessus (99,8 %)", stats.BELOW: "En dessous (99,8 %)", stats.INSIDE: "Dans les limites"}


def _source(year: str, query: str) -> str:
    return source(year, query)


def reach_table(reach: pd.DataFrame, funnel: stats.Funnel, year: str, t: int) -> Table:
    """Per provider, as on the page's « Tableau des taux » (engagement.counts_table), with the funnel's
    verdict: families (hidden below the threshold), share reached, position, share welcomed."""
    pub = engagement.published(reach, year, t, public=True)
    d = engagement.unit_counts(reach, year, t, public=True)
    flag = funnel.units.set_index("unit")["flag"]
    rows = [
        [unit, int(r["families"]), r["share"], POSITION.get(flag.get(unit), ""), r["welcome_share"]]
        for unit, r in d.iterrows()
    ]
    if not d.empty:
        rows.append(["Ensemble", "", engagement.overall(d), "", engagement.overall(d, "welcomed")])
    cols = [
        Column("Porteur", "text", 38),
        Column("Familles", "int", 10),
        Column("Part touchée par une action collective", "pct", 16),
        Column("Position dans l'entonnoir", "text", 20),
        Column("Part reçue en entretien d'accueil", "pct", 16),
    ]
    return Table(
        "familles-par-porteur",
        "Familles touchées et entretiens d'accueil, par porteur",
        cols,
        rows,
        _source(year, "parent_reach_by_unit"),
        (pub.note() or "") + " Aucun total d'effectifs n'est publié ; « Ensemble » : les mêmes parts sur "
        "les porteurs représentés (taux d'ensemble de l'entonnoir).",
        {len(rows) - 1} if rows else set(),
    )


def unevenness_table(uneven: pd.DataFrame, t: int) -> Table:
    rows = [
        [r.school_year, int(r.units)]
        + [None if pd.isna(v) else float(v) for v in (r.minimum, r.maximum, r.ratio, r.cv, r.gini)]
        for r in uneven.itertuples(index=False)
        if r.units >= engagement.MIN_UNITS
    ]
    cols = [
        Column("Année scolaire", "text", 14),
        Column("Porteurs comparés", "int", 12),
        Column("Taux le plus bas", "pct", 12),
        Column("Taux le plus haut", "pct", 12),
        Column("Rapport max / min", "dec1", 12),
        Column("Coefficient de variation", "dec2", 13),
        Column("Indice de Gini", "dec2", 12),
    ]
    return Table(
        "inegalites",
        "Inégalités d'engagement des parents entre porteurs, par année",
        cols,
        rows,
        source("toutes années", "parent_reach_by_unit"),
        f"Porteurs d'au moins {t} familles, chacun comptant pour un (années où au moins {engagement.MIN_UNITS} porteurs sont "
        "comparables). Gini et coefficient de variation : "
        "0 si tous les taux sont égaux.",
    )


def actions_table(actions: pd.DataFrame, year: str, t: int) -> Table:
    by = actions.groupby("type")[["actions", "families_present"]].sum()
    order = [c for c in vocab.PARENT_ACTION_TYPES if c in by.index] + sorted(
        set(by.index) - set(vocab.PARENT_ACTION_TYPES)
    )
    by = by.reindex(order)
    mask, total_hidden = (
        disclosure.suppress_counts(by["families_present"], t) if not by.empty else (pd.Series(dtype=bool), False)
    )
    rows = [
        [
            vocab.label("action_type", k),
            int(r["actions"]),
            Hidden(disclosure.hidden_text(r["families_present"], t)) if mask[k] else int(r["families_present"]),
        ]
        for k, r in by.iterrows()
    ]
    rows.append(
        [
            "Ensemble",
            int(by["actions"].sum()),
            Hidden(disclosure.hidden_text(by["families_present"].sum(), t))
            if total_hidden
            else int(by["families_present"].sum()),
        ]
    )
    cols = [
        Column("Type d'action", "text", 34),
        Column("Actions", "int", 10),
        Column("Présences de familles", "int", 14),
    ]
    return Table(
        "actions",
        "Actions auprès des parents, par type",
        cols,
        rows,
        _source(year, "parent_actions_by_type"),
        "Porteurs qui tiennent une liste d'actions ; une famille venue deux fois compte deux fois. "
        + disclosure.note(t),
        {len(rows) - 1},
    )


def section(con, f: dict, t: int, ind: dict) -> Section:
    year = f["school_year"]
    reach = db.run(con, "parent_reach_by_unit", level="provider", **f)
    reach_nbh = db.run(con, "parent_reach_by_unit", level="neighbourhood", **f)
    actions = db.run(con, "parent_actions_by_type", **f)
    # The report is public: the élus' view of every unit (clas.metrics.engagement.published).
    pub = engagement.published(reach, year, t, public=True)
    pub_nbh = engagement.published(reach_nbh, year, t, public=True)
    funnel = engagement.funnel_of(pub)
    funnel_nbh = engagement.funnel_of(pub_nbh)
    uneven = engagement.unevenness_by_year(reach, t)
    figures = [
        Figure(
            "funnel-familles-touchees-par-porteur",
            "Familles touchées par au moins une action collective, par porteur",
            "parents",
            lambda: pc.funnel(funnel, t, "Porteur", public=True),
            caption="Chaque point est un porteur ; l'entonnoir montre les écarts que le hasard seul peut produire "
            "(95 % en tirets, 99,8 % en trait plein). " + (pub.note() or ""),
        ),
        Figure(
            "funnel-familles-touchees-par-quartier",
            "Familles touchées, par quartier de résidence",
            "parents",
            lambda: pc.funnel(funnel_nbh, t, "Quartier", public=True),
            caption=pub_nbh.note("quartiers"),
        ),
        Figure(
            "inegalites-engagement-par-annee",
            "Inégalités d'engagement entre porteurs, par année",
            "parents",
            lambda: pc.unevenness_trend(uneven[uneven["units"] >= engagement.MIN_UNITS]),
        ),
        Figure(
            "actions-parents-par-porteur-et-type",
            "Actions auprès des parents",
            "parents",
            lambda: pc.actions_bars(actions, t),
        ),
        Figure(
            "entretien-accueil-par-porteur",
            "Entretien d'accueil",
            "parents",
            lambda: pc.welcome_bars(pub.units.reset_index(names="unit"), t),
            caption=pub.note(),
        ),
    ]
    flags = engagement.flagged(funnel)
    flag_said = sentences.funnel_flags(flags[stats.ABOVE], flags[stats.BELOW])
    flags_nbh = engagement.flagged(funnel_nbh)
    nbh_said = sentences.funnel_flags(flags_nbh[stats.ABOVE], flags_nbh[stats.BELOW], "quartier", "quartiers")
    cur = uneven[uneven["school_year"] == year]
    uneven_said = None
    if not cur.empty and cur["units"].iloc[0] >= engagement.MIN_UNITS:
        c = cur.iloc[0]
        uneven_said = sentences.unevenness(
            c["minimum"], c["maximum"], None if pd.isna(c["ratio"]) else c["ratio"], int(c["units"]), t
        )
    fam = ind["families_reached_share"]
    welcomed = engagement.overall(pub.units, "welcomed") if len(pub.units) else None
    said = [
        s
        for s in [
            sentences.change(sentences.SUBJECTS["families_reached_share"], fam.previous, fam.value, "share"),
            *flag_said,
            uneven_said,
            *[s.replace("quartier ne se situe", "quartier de résidence ne se situe") for s in nbh_said],
            sentences.welcome(welcomed),
        ]
        if s
    ]
    return Section(
        "parents",
        "Engagement des parents",
        "Parents",
        "Part des familles touchées par au moins une action collective (réunion de parents, collectif), "
        "comparée entre porteurs par un graphique en entonnoir, et actions menées auprès des parents.",
        said,
        [reach_table(reach, funnel, year, t), unevenness_table(uneven, t), actions_table(actions, year, t)],
        figures,
        highlights=flag_said,
    )
