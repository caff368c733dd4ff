"""The one look of every chart: colour-blind-safe palette, French separators and locale, sober layout."""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict

import plotly.graph_objects as go
import plotly.io as pio

from clas.domain import fmt

# Okabe–Ito: distinguishable with every common colour-vision deficiency, and in grey print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
PRIMARY = PALETTE[0]
MUTED = "#8c96a0"
HIGHLIGHT = PALETTE[3]
SEQUENTIAL = ["#eef4fb", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#1b1f24")

_FR = {
    "dictionary": {
        "Zoom": "Zoom",
        "Pan": "Déplacement",
        "Reset axes": "Réinitialiser les axes",
        "Download plot as a png": "Télécharger en PNG",
        "Download plot": "Télécharger le graphique",
        "Autoscale": "Échelle automatique",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière",
        "Box Select": "Sélection rectangulaire",
        "Lasso Select": "Sélection lasso",
        "Toggle Spike Lines": "Afficher les lignes de repère",
        "Show closest data on hover": "Donnée la plus proche",
        "Compare data on hover": "Comparer les données",
        "Reset view": "Réinitialiser la vue",
        "Double-click to zoom back out": "Double-cliquez pour revenir",
        # plotly.js 3 writes PNG in capitals (the locale's older key is kept above)
        "Download plot as a PNG": "Télécharger en PNG",
        "Download plot as JSON": "Télécharger en JSON",
        "Reset views": "Réinitialiser les vues",
        "Toggle show closest data on hover": "Donnée la plus proche",
        "Preparing image - this may take a few seconds": "Préparation de l'image…",
        "Image download succeeded": "Image téléchargée",
        "Sorry, there was a problem downloading your image!": "L'image n'a pas pu être téléchargée.",
        "Click to enter Colorscale title": "Titre de l'échelle",
        "Click to enter X axis title": "Titre de l'axe X",
        "Click to enter Y axis title": "Titre de l'axe Y",
        "Click to enter Plot title": "Titre du graphique",
    },
    "format": {
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": [
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
        ],
        "shortMonths": [
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": "\u00a0",
    },
}
PLOTLY_CONFIG = {
    "locale": "fr",
    "locales": {"fr": _FR},
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# The template object, not its name: plotly looks a name up and rebuilds the template on every figure, which
# was half of base_layout's time (~10 ms a figure; the annual report draws twenty). Only plotly_white's layout
# and the defaults of the trace types drawn here: the others' defaults were 40 % of every figure's JSON
# (7,5 -> 4,4 KB a figure) and changed nothing on screen.
_WHITE = pio.templates["plotly_white"]
_TEMPLATE = go.layout.Template(
    layout=_WHITE.layout,
    data={
        t: _WHITE.data[t]
        for t in ("bar", "box", "heatmap", "sankey", "scatter", "scattermap", "choroplethmap")
        if _WHITE.data[t]
    },
)


def base_layout(fig: go.Figure, title: str | None = None, height: int = 420) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=17)) if title else None,
        separators=",\u00a0",
        font=FONT,
        colorway=PALETTE,
        template=_TEMPLATE,
        height=height,
        margin=dict(l=10, r=10, t=60 if title else 20, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title_text=""),
        hoverlabel=dict(font_size=14),
        bargap=0.25,
    )
    return fig


def empty_figure(message: str = "Aucune donnée pour ces filtres.") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, font=dict(size=16, color=MUTED), x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, height=200)


def percent_ticks(top: float = 1.0, step: float | None = None) -> dict:
    """Axis settings for a 0–1 share written the French way ("20 %"): d3's ".0%" has no space before %."""
    step = step or (0.2 if top > 0.5 else 0.1 if top > 0.2 else 0.05)
    vals, v = [], 0.0
    while v <= top + 1e-9:
        vals.append(round(v, 4))
        v += step
    return dict(tickmode="array", tickvals=vals, ticktext=[fmt.percent(x, 0) for x in vals])


# --- built once per distinct input ---------------------------------------------------------------------------

_FIGURES: OrderedDict[str, tuple[dict, int]] = OrderedDict()
_FIGURES_LOCK = threading.Lock()
_FIGURES_MAX, _FIGURES_BYTES = 256, 64 * 2**20  # entries; inputs' size (a map carries its contour file)
_figures_bytes = 0


def cached_figure(builder, *args, **kwargs) -> go.Figure:
    """builder(*args, **kwargs), built once per distinct input and then rebuilt from its JSON.

    Building a Plotly figure validates every property (3–5 update calls a chart, the template each time):
    30–100 ms a figure, more than a page's queries, on every rerun. The figure depends on nothing but its
    inputs, so the key is their content (pickled and hashed) and an entry can never go stale. The figure
    returned from the cache is built without validation: it is for drawing, not for further updates
    (update_layout on it would replace nested properties instead of merging them).
    """
    global _figures_bytes
    try:
        raw = pickle.dumps((args, sorted(kwargs.items())), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return builder(*args, **kwargs)  # an input that cannot be pickled: no cache
    key = f"{builder.__module__}.{builder.__qualname__}:{hashlib.blake2b(raw, digest_size=16).hexdigest()}"
    with _FIGURES_LOCK:
        hit = _FIGURES.get(key)
        if hit is not None:
            _FIGURES.move_to_end(key)
    if hit is not None:
        return go.Figure(hit[0], _validate=False)
    fig = builder(*args, **kwargs)
    with _FIGURES_LOCK:
        if key not in _FIGURES:
            _FIGURES[key] = (fig.to_dict(), len(raw))
            _figures_bytes += len(raw)
        while _FIGURES and (len(_FIGURES) > _FIGURES_MAX or _figures_bytes > _FIGURES_BYTES):
            _figures_bytes -= _FIGURES.popitem(last=False)[1][1]
    return fig
