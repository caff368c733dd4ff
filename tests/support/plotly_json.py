"""Reading a Plotly figure's JSON as the browser gets it (st.plotly_chart's spec): plotly 7 sends numeric
arrays as typed arrays ({"dtype": "f8", "bdata": base64}); `values` turns them back into lists."""

from __future__ import annotations

import base64
import json
import math

import numpy as np


def values(v) -> list:
    """A spec array as a Python list (NaN -> None, like the JSON of a plain list)."""
    if isinstance(v, dict) and "bdata" in v:
        arr = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        if "shape" in v:
            arr = arr.reshape([int(n) for n in str(v["shape"]).split(",")])
        v = arr.tolist()
    return [None if isinstance(x, float) and math.isnan(x) else x for x in v]


def spec(chart) -> dict:
    """The figure dict of an AppTest plotly_chart element."""
    return json.loads(chart.proto.spec)
