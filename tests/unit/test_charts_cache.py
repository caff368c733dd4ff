"""clas.charts.base.cached_figure: a figure built once per distinct input draws exactly what the builder draws,
and a change of input, however small, gives the new figure."""

import json

import pandas as pd
import plotly.io as pio

from clas.charts import base, trend_line
from clas.charts.orientations import monthly_bars


def _spec(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def _trend(values) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "school_year": ["2022-2023", "2023-2024", "2024-2025"],
            "value": values,
            "text": [str(v) for v in values],
            "kind": "count",
        }
    )


def test_a_cached_figure_is_the_figure_the_builder_draws():
    df = _trend([120, 135, 150])
    first = base.cached_figure(trend_line, df, "Enfants suivis")
    again = base.cached_figure(trend_line, df.copy(), "Enfants suivis")  # same content, another object
    assert _spec(again) == _spec(first) == _spec(trend_line(df, "Enfants suivis"))
    assert again is not first  # a caller never shares a figure


def test_another_input_gives_another_figure():
    # What the browser receives (the JSON) is compared: a figure from the cache holds its arrays encoded.
    for values, title in [
        ([120, 135, 150], "Enfants suivis"),
        ([120, 135, 151], "Enfants suivis"),
        ([120, 135, 150], "Fiches"),
    ]:
        base.cached_figure(trend_line, _trend(values), title)  # every input once in the cache
    for values, title in [
        ([120, 135, 151], "Enfants suivis"),
        ([120, 135, 150], "Fiches"),
        ([120, 135, 150], "Enfants suivis"),
    ]:
        assert _spec(base.cached_figure(trend_line, _trend(values), title)) == _spec(trend_line(_trend(values), title))
    assert _spec(trend_line(_trend([120, 135, 151]), "x")) != _spec(trend_line(_trend([120, 135, 150]), "x"))


def test_keyword_arguments_are_part_of_the_key():
    df = pd.DataFrame({"month": [9, 10], "forms": [4, 7]})
    titled = _spec(base.cached_figure(monthly_bars, df, title="Par mois"))
    plain = _spec(base.cached_figure(monthly_bars, df))
    assert titled["layout"]["title"]["text"] == "Par mois"
    assert "text" not in plain["layout"].get("title", {})
    assert plain == _spec(monthly_bars(df))


def test_the_template_keeps_the_look_of_the_drawn_trace_types():
    white = pio.templates["plotly_white"]
    assert base._TEMPLATE.layout == white.layout
    for trace in ("bar", "scatter", "heatmap"):
        assert base._TEMPLATE.data[trace] == white.data[trace]
