"""Figures of the Parent-engagement page: funnel plot, unevenness over the years, actions, welcome interviews."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from clas.charts import colours as categories
from clas.charts.base import MUTED, PALETTE, base_layout, empty_figure, percent_ticks
from clas.domain import fmt, stats, vocab

INSIDE_COLOUR, ABOVE_COLOUR, BELOW_COLOUR = PALETTE[0], PALETTE[2], PALETTE[3]
FLAG_STYLE = {  # (legend label, colour, marker): shape as well as colour, for grey print and colour blindness
    stats.INSIDE: ("Dans les limites", INSIDE_COLOUR, "circle"),
    stats.ABOVE: ("Au-dessus de la limite à 99,8 %", ABOVE_COLOUR, "triangle-up"),
    stats.BELOW: ("En dessous de la limite à 99,8 %", BELOW_COLOUR, "triangle-down"),
}


def families_text(n: int, threshold: int) -> str:
    """The size shown in a hover: the exact count only from the small-cell threshold up."""
    return f"moins de {threshold} familles" if n < threshold else f"{fmt.number(n)} familles"


def funnel(
    f: stats.Funnel, threshold: int, unit_label: str = "Porteur", title: str | None = None, public: bool = True
) -> go.Figure:
    """Rate against number of families, with the overall rate and the 95 % / 99.8 % limits. public: the
    units are already the published ones (clas.metrics.engagement.published) and the limits are drawn from the
    threshold up, so that no coordinate of the figure sits at a small number of families."""
    if f.units.empty:
        return empty_figure()
    fig = go.Figure()
    c = f.curve[f.curve["n"] >= threshold] if public else f.curve
    if c.empty:
        c = f.curve.tail(1)
    for lo, hi, name, dash, width in (
        ("lo998", "hi998", "Limites à 99,8 %", "solid", 1.6),
        ("lo95", "hi95", "Limites à 95 %", "dash", 1.2),
    ):
        x = list(c["n"]) + [None] + list(c["n"])
        y = list(c[lo]) + [None] + list(c[hi])
        fig.add_scatter(
            x=x, y=y, mode="lines", name=name, line=dict(color=MUTED, dash=dash, width=width), hoverinfo="skip"
        )
    fig.add_scatter(
        x=[c["n"].min(), c["n"].max()],
        y=[f.p0, f.p0],
        mode="lines",
        line=dict(color="#1b1f24", width=1.4),
        name=f"Taux d'ensemble : {fmt.percent(f.p0)}",
        hoverinfo="skip",
    )
    for flag, (label, colour, symbol) in FLAG_STYLE.items():
        d = f.units[f.units["flag"] == flag]
        if d.empty:
            continue
        hover = [
            f"<b>{u}</b><br>{fmt.percent(r)} des familles touchées<br>{families_text(n, threshold)}"
            for u, r, n in zip(d["unit"], d["rate"], d["n"])
        ]
        fig.add_scatter(
            x=d["n"],
            y=d["rate"],
            mode="markers",
            name=label,
            text=hover,
            customdata=d[["unit"]],
            hovertemplate=f"%{{text}}<br>{unit_label.lower()} {label.lower()}<extra></extra>",
            marker=dict(
                color=colour, symbol=symbol, size=13 if flag != stats.INSIDE else 10, line=dict(color="white", width=1)
            ),
        )
    fig.update_xaxes(title_text="Nombre de familles (enfants accompagnés)", rangemode="tozero", tickformat=",d")
    fig.update_yaxes(
        title_text="Part des familles touchées par une action collective", **percent_ticks(), range=[-0.02, 1.02]
    )
    return base_layout(fig, title, height=480)


TREND_MEASURES = {"gini": "Indice de Gini", "cv": "Coefficient de variation", "range": "Écart max – min"}


def unevenness_trend(df: pd.DataFrame, title: str | None = None) -> go.Figure:
    """One line per measure across school years (df: school_year, gini, cv, range)."""
    if df.empty:
        return empty_figure()
    fig = go.Figure()
    for i, (col, label) in enumerate(TREND_MEASURES.items()):
        fmt_ = ".0%" if col == "range" else ".2f"
        fig.add_scatter(
            x=df["school_year"],
            y=df[col],
            mode="lines+markers",
            name=label,
            line=dict(color=PALETTE[i], width=2.5),
            hovertemplate=f"%{{x}}<br>{label} : %{{y:{fmt_}}}<extra></extra>",
        )
    fig.update_xaxes(type="category", title_text="Année scolaire")
    fig.update_yaxes(rangemode="tozero", tickformat=".2f", title_text="Valeur (0 = parfaitement égal)")
    fig.update_layout(meta={"not_people": ["y"]})  # measures of unevenness, never counts (tests/support/adversary.py)
    return base_layout(fig, title, height=340)


def actions_bars(df: pd.DataFrame, threshold: int, title: str | None = None) -> go.Figure:
    """Number of parent actions per provider, stacked by type. Families present appear in the hover only
    from the threshold up (they are counts of people; the number of actions is not)."""
    if df.empty:
        return empty_figure("Aucune action auprès des parents déclarée pour ces filtres.")
    wide = df.pivot_table(index="provider", columns="type", values="actions", aggfunc="sum", fill_value=0)
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=True).index]
    fam = df.pivot_table(index="provider", columns="type", values="families_present", aggfunc="sum", fill_value=0)
    fig = go.Figure()
    types = [t for t in vocab.PARENT_ACTION_TYPES if t in wide.columns] + sorted(
        set(wide.columns) - set(vocab.PARENT_ACTION_TYPES)
    )
    for _i, t in enumerate(types):
        label = vocab.label("action_type", t)
        present = [
            (
                ""
                if a == 0
                else f"<br>présences de familles : {'< ' + str(threshold) if 0 < n < threshold else fmt.number(n)}"
            )
            for a, n in zip(wide[t], fam.reindex(wide.index)[t])
        ]
        fig.add_bar(
            y=wide.index,
            x=wide[t],
            orientation="h",
            name=label,
            text=present,
            textposition="none",
            marker_color=categories.colour("action_type", t),
            hovertemplate=f"%{{y}}<br>{label} : %{{x:,.0f}} actions%{{text}}<extra></extra>",
        )
    # meta: the bars' lengths count actions, not people (read by the disclosure adversary, tests/adversary.py)
    fig.update_layout(barmode="stack", legend_traceorder="normal", meta={"not_people": ["x"]})
    fig.update_xaxes(title_text="Nombre d'actions", tickformat=",d")
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title, height=max(340, 34 * len(wide) + 140))


def welcome_bars(df: pd.DataFrame, threshold: int, title: str | None = None) -> go.Figure:
    """Welcome-interview rate per unit (df: unit, families, welcomed: the published units of
    clas.metrics.engagement.published), overall rate over the same units as a line."""
    d = df[df["families"] > 0].copy()
    if d.empty:
        return empty_figure()
    d["rate"] = [stats.rate(w, n) for w, n in zip(d["welcomed"], d["families"])]
    d = d.sort_values("rate")
    overall = stats.rate(d["welcomed"].sum(), d["families"].sum())
    hover = [
        f"<b>{u}</b><br>{fmt.percent(r)} ont eu un entretien d'accueil<br>{families_text(n, threshold)}"
        for u, r, n in zip(d["unit"], d["rate"], d["families"])
    ]
    fig = go.Figure(
        go.Bar(
            y=d["unit"],
            x=d["rate"],
            orientation="h",
            marker_color=PALETTE[4],
            text=hover,
            textposition="none",
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.add_vline(
        x=overall,
        line_dash="dash",
        line_color="#1b1f24",
        annotation_text=f"ensemble : {fmt.percent(overall)}",
        annotation_position="top",
    )
    fig.update_xaxes(**percent_ticks(), range=[0, 1.05], title_text="Part des familles reçues")
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title, height=max(320, 34 * len(d) + 120))
