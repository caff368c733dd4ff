"""Figures of the Orientations page: flows (Sankey), criteria, months, outcomes, delays."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from clas.charts import colours as categories
from clas.charts.base import MUTED, PALETTE, base_layout, empty_figure, percent_ticks
from clas.domain import fmt, vocab

# School-year order: September first (orientations start with the school year), August last.
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTHS_SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
SCHOOL_YEAR_MONTHS = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8]
OUTCOME_COLOURS = {c: categories.colour("outcome", c) for c in [*vocab.OUTCOMES, "non_renseigne"]}
BAND_COLOURS = {b: categories.colour("grade_band", b) for b in vocab.GRADE_BANDS}


def _outcome_label(code: str) -> str:
    return "Non renseigné" if code == "non_renseigne" else vocab.label("outcome", code)


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


MAX_CRITERIA_NODES = 10
OTHER_CRITERIA = "_autres"


def sankey(
    flows: pd.DataFrame,
    criteria_flows: pd.DataFrame | None = None,
    title: str | None = None,
    hidden_links: frozenset = frozenset(),
) -> go.Figure:
    """Source -> provider -> outcome, in forms. With criteria_flows (criterion, provider, ticks, weight) the
    first stage is the criteria ticked instead: each form is split evenly over its criteria so the stages
    balance (a link's width is in forms), and the hover gives the plain number of forms ticking it.
    hidden_links: (first-stage code, provider) and (provider, outcome code) links left undrawn (the annual
    report's small-cell rule, clas/report/themes.py)."""
    if flows.empty:
        return empty_figure()
    by_criteria = criteria_flows is not None
    if by_criteria:
        first = criteria_flows.rename(columns={"criterion": "code", "weight": "width", "ticks": "count"})
    else:
        first = flows.fillna({"source": "inconnu"}).rename(columns={"source": "code"})
        first = first.assign(width=first["forms"], count=first["forms"])
    first = first.groupby(["code", "provider"], as_index=False)[["width", "count"]].sum()
    if by_criteria:
        # Fifteen criteria made thin nodes whose labels overlapped: the nine most ticked keep their node,
        # the others share one (their hover still gives the forms that tick each group).
        ranked = first.groupby("code")["width"].sum().sort_values(ascending=False).index.tolist()
        if len(ranked) > MAX_CRITERIA_NODES:
            rest = set(ranked[MAX_CRITERIA_NODES - 1 :])
            first = first.assign(code=first["code"].where(~first["code"].isin(rest), OTHER_CRITERIA))
            first = first.groupby(["code", "provider"], as_index=False)[["width", "count"]].sum()
    nodes: dict[tuple[str, str], int] = {}
    labels, colours = [], []

    def node(stage: str, code: str, label: str, colour: str) -> int:
        if (stage, code) not in nodes:
            nodes[(stage, code)] = len(labels)
            labels.append(label)
            colours.append(colour)
        return nodes[(stage, code)]

    order = first.groupby("code")["width"].sum().sort_values(ascending=False).index.tolist()
    for _i, code in enumerate(order):
        if code in ("inconnu", "aucun", OTHER_CRITERIA):
            label = {"inconnu": "Non renseigné", "aucun": "Aucun critère coché", OTHER_CRITERIA: "Autres critères"}[
                code
            ]
        else:
            label = vocab.label("criterion" if by_criteria else "source", code)
        node("first", code, label, categories.colour("criterion" if by_criteria else "source", code))
    for p in flows.groupby("provider")["forms"].sum().sort_values(ascending=False).index:
        node("provider", p, p, "#5b6b7c")
    outcomes = flows.fillna({"outcome": "non_renseigne"})
    present = set(outcomes["outcome"])
    for o in [c for c in [*vocab.OUTCOMES, "non_renseigne"] if c in present] + sorted(present - set(OUTCOME_COLOURS)):
        node("outcome", o, _outcome_label(o), OUTCOME_COLOURS.get(o, MUTED))
    src, tgt, val, link_colours, hover = [], [], [], [], []
    for r in first.itertuples(index=False):
        if (r.code, r.provider) in hidden_links:
            continue
        s, t = nodes[("first", r.code)], nodes[("provider", r.provider)]
        src.append(s), tgt.append(t), val.append(float(r.width)), link_colours.append(_rgba(colours[s], 0.35))
        hover.append(f"{int(r.count)} fiches" + (" cochent ce critère" if by_criteria else ""))
    for r in outcomes.groupby(["provider", "outcome"], as_index=False)["forms"].sum().itertuples(index=False):
        if (r.provider, r.outcome) in hidden_links:
            continue
        s, t = nodes[("provider", r.provider)], nodes[("outcome", r.outcome)]
        src.append(s), tgt.append(t), val.append(float(r.forms)), link_colours.append(_rgba(colours[t], 0.45))
        hover.append(f"{int(r.forms)} fiches")
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            node=dict(
                label=labels,
                color=colours,
                pad=22 if by_criteria else 14,
                thickness=16,
                line=dict(width=0),
                hovertemplate="%{label}<extra></extra>",
            ),
            link=dict(
                source=src,
                target=tgt,
                value=val,
                color=link_colours,
                customdata=hover,
                hovertemplate="%{source.label} → %{target.label} : %{customdata}<extra></extra>",
            ),
        )
    )
    per_node = 44 if by_criteria else 34  # room for a label per node, whatever its thickness
    return base_layout(fig, title, height=max(420, per_node * max(len(order), flows["provider"].nunique()) + 100))


def criteria_bars(df: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Share of forms ticking each criterion, one bar per grade band (horizontal, most ticked on top)."""
    if df.empty:
        return empty_figure()
    overall = df.groupby("criterion")["forms"].sum() / df.drop_duplicates("grade_band")["band_forms"].sum()
    order = overall.sort_values(ascending=True).index.tolist()  # plotly draws the first category at the bottom
    fig = go.Figure()
    # Bands added last-first so that, within each criterion, élémentaire reads on top (legend reversed to match).
    for band, label in reversed(vocab.GRADE_BANDS.items()):
        d = df[df["grade_band"] == band].set_index("criterion").reindex(order)
        if d["forms"].notna().sum() == 0:
            continue
        fig.add_bar(
            y=[vocab.label("criterion", c) for c in order],
            x=d["share"].fillna(0),
            orientation="h",
            name=label,
            marker_color=BAND_COLOURS[band],
            customdata=d[["forms", "band_forms"]]
            .fillna(0)
            .assign(pct=d["share"].map(lambda x: fmt.percent(x)))
            .to_numpy(),
            hovertemplate=f"{label}<br>%{{y}} : %{{customdata[2]}}<br>%{{customdata[0]:,.0f}} fiches sur "
            "%{customdata[1]:,.0f}<extra></extra>",
        )
    fig.update_layout(barmode="group", legend_traceorder="reversed", bargap=0.2, bargroupgap=0.05)
    fig.update_xaxes(**percent_ticks(float(df["share"].max() or 1.0)), title_text="Part des fiches", rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title, height=max(360, (10 * df["grade_band"].nunique() + 12) * len(order) + 120))


def monthly_bars(df: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Forms by month of orientation, September to August (months with none show as 0, not missing)."""
    if df.empty:
        return empty_figure()
    counts = df.set_index("month")["forms"].reindex(SCHOOL_YEAR_MONTHS, fill_value=0)
    names = [MONTHS_SHORT[m - 1] for m in SCHOOL_YEAR_MONTHS]  # short: they stay horizontal in a half column
    fig = go.Figure(
        go.Bar(
            x=names,
            y=counts.to_numpy(),
            marker_color=PALETTE[0],
            customdata=[MONTHS_FR[m - 1] for m in SCHOOL_YEAR_MONTHS],
            hovertemplate="%{customdata} : %{y:,.0f} fiches<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=names, tickangle=0)
    fig.update_yaxes(title_text="Fiches d'orientation", tickformat=",d", rangemode="tozero")
    return base_layout(fig, title, height=320)


def outcomes_stacked(df: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Forms by provider, stacked by outcome (waiting lists in orange), biggest provider on top."""
    if df.empty:
        return empty_figure()
    wide = df.pivot_table(index="provider", columns="outcome", values="forms", aggfunc="sum", fill_value=0)
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=True).index]
    fig = go.Figure()
    for code in [*vocab.OUTCOMES, "non_renseigne"]:
        if code not in wide.columns:
            continue
        label = _outcome_label(code)
        fig.add_bar(
            y=wide.index,
            x=wide[code],
            orientation="h",
            name=label,
            marker_color=OUTCOME_COLOURS.get(code, MUTED),
            hovertemplate=f"%{{y}}<br>{label} : %{{x:,.0f}} fiches<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(title_text="Fiches d'orientation", tickformat=",d")
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title, height=max(320, 34 * len(wide) + 120))


def delay_boxes(df: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Days from orientation to entry per provider, drawn from the quartiles the query returns (no per-child
    rows leave the database); the dashed line is the median of all providers together."""
    per = df[~df["is_total"]].sort_values("median", ascending=False)
    if per.empty:
        return empty_figure()
    fig = go.Figure(
        go.Box(
            y=per["provider"],
            q1=per["q1"],
            median=per["median"],
            q3=per["q3"],
            lowerfence=per["minimum"],
            upperfence=per["maximum"],
            orientation="h",
            marker_color=PALETTE[0],
            fillcolor=_rgba(PALETTE[4], 0.45),
            line_color=PALETTE[0],
            name="Délai",
            showlegend=False,
            customdata=per[["children"]].to_numpy(),
            hovertemplate="%{y}<br>médiane : %{median:,.0f} j<br>quartiles : %{q1:,.0f} – %{q3:,.0f} j<br>"
            "min – max : %{lowerfence:,.0f} – %{upperfence:,.0f} j<extra></extra>",
        )
    )
    total = df[df["is_total"]]
    if not total.empty:
        med = float(total["median"].iloc[0])
        # The overall median as a legend entry, not an annotation that would sit on the top box.
        fig.add_scatter(
            x=[med, med],
            y=[per["provider"].iloc[0], per["provider"].iloc[-1]],
            mode="lines",
            line=dict(color="#1b1f24", dash="dash", width=1.5),
            hoverinfo="skip",
            name=f"Médiane tous porteurs : {med:,.0f} jours".replace(",", "\u00a0"),
        )
    fig.update_xaxes(title_text="Jours, de l'orientation à l'entrée", rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title, height=max(320, 38 * len(per) + 120))
