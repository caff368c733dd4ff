"""Text from a spreadsheet (file names, headers, messages) made safe for Streamlit's markdown: st.markdown,
st.caption, st.warning and st.table's cells render markdown, so every such text goes through escape_md."""

from __future__ import annotations

import re

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def escape_md(text: object) -> str:
    """Text from a spreadsheet, safe inside st.markdown: no link, image, emphasis or HTML can be smuggled in."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


STATIC_TABLE_ROWS = 200  # up to this many issues the page shows a static table (messages wrap)


def for_static_table(df: pd.DataFrame) -> pd.DataFrame:
    """The issues as text for st.table, whose cells are markdown: every cell escaped, no '<NA>'."""
    return df.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else escape_md(v)))
