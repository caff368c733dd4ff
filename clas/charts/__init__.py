"""Plotly figure builders: pure functions, a DataFrame in and a Figure out, French formats, one palette.

One module per theme (indicators, orientations, coverage, parents, explorer); the shared look is in base.
"""

from clas.charts import explorer, orientations, parents  # noqa: F401,E402  (pages 2, 4, 5)
from clas.charts.base import PALETTE, PLOTLY_CONFIG, base_layout, empty_figure  # noqa: F401
from clas.charts.coverage import coverage_map, priority_bars  # noqa: F401
from clas.charts.indicators import trend_line  # noqa: F401
