"""Every page, for every role that may open it, rendered through app.py (AppTest): no English string from
tests/english.py and no « (s) » anywhere in what the page draws — titles, texts, labels, options, help,
table headers and cells (an empty cell shows « None »), chart titles, axes, labels and hovers. Streamlit's
own texts, which AppTest cannot see (they live in the browser), are checked in two ways: every one of them
on the list has a French translation in clas/web/french.py, and the browser walks (test_browser_days.py)
read the rendered page."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from clas.charts.base import PLOTLY_CONFIG
from clas.store.db import ROOT
from clas.web import french
from clas.web.registry import PAGES
from tests.support.auth_helpers import sign_in
from tests.support.english import english_on_screen
from tests.support.fixture_db import build_file

# Text-bearing keys of a Plotly figure (its config, which holds the French locale's English keys, is not drawn).
_PLOTLY_TEXT = {
    "text",
    "title",
    "name",
    "hovertemplate",
    "texttemplate",
    "ticktext",
    "label",
    "customdata",
    "ticksuffix",
    "tickprefix",
}


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory):
    return build_file(tmp_path_factory.mktemp("db") / "fixture.duckdb")


@pytest.fixture
def app_db(fixture_file, tmp_path, monkeypatch):
    path = tmp_path / "clas.duckdb"
    path.write_bytes(fixture_file.read_bytes())
    monkeypatch.setenv("CLAS_DB", str(path))
    monkeypatch.setenv("CLAS_SECRETS_DIR", str(tmp_path / "secrets"))
    monkeypatch.setenv("CLAS_DEBUG", "1")
    return path


def _plotly_strings(node, key: str | None = None) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _plotly_strings(v, k)]
    if isinstance(node, list):
        return [s for v in node for s in _plotly_strings(v, key)]
    return [node] if isinstance(node, str) and key in _PLOTLY_TEXT else []


def _proto_strings(proto) -> list[str]:
    out = []
    for field, value in proto.ListFields():
        if field.name in ("data", "spec", "body", "arrow_data", "id", "form_id", "key"):
            continue
        if isinstance(value, str):
            out.append(value)
        elif hasattr(value, "ListFields"):
            out += _proto_strings(value)
        elif not isinstance(value, (bytes, int, float, bool)):  # a repeated field
            for item in value:
                if isinstance(item, str):
                    out.append(item)
                elif hasattr(item, "ListFields"):
                    out += _proto_strings(item)
    return out


def drawn_text(at: AppTest) -> list[str]:
    """Every string a page draws, element by element."""
    out: list[str] = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = getattr(node, "type", "")
        if kind == "plotly_chart":
            spec = json.loads(proto.spec)
            out += _plotly_strings({"data": spec.get("data"), "layout": spec.get("layout")})
            continue
        if kind in ("arrow_data_frame", "dataframe", "table", "arrow_table"):
            try:
                df = node.value
            except Exception:  # noqa: BLE001 - an element AppTest cannot decode: its labels still count
                df = None
            if isinstance(df, pd.DataFrame):
                shown = df.astype(object).where(df.notna(), "None")  # a missing cell shows « None »
                out += [str(c) for c in df.columns] + [str(v) for v in shown.to_numpy().ravel()]
        if kind == "html":
            continue  # the translation script: its English keys are the point of it
        out += _proto_strings(proto)
    return out


def _cases():
    for path, _title, _url, _icon, _section, roles in PAGES:
        for role in sorted(roles):
            if (ROOT / path).exists():
                yield pytest.param(role, path, id=f"{role}-{path.split('/')[-1][:-3]}")


@pytest.mark.parametrize("role,page", list(_cases()))
def test_every_page_for_every_role_is_in_french(app_db, role, page):
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), role)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = drawn_text(at)
    assert len(texts) > 5, "page vide ?"
    found = {s: t for t in texts for s in english_on_screen(t)}
    assert not found, {s: t[:160] for s, t in found.items()}
    # The page carries the translation of Streamlit's own texts.
    assert any("__clasFrench" in h.proto.body for h in at.get("html")), "clas.web.french.install() absent"


def test_the_english_list_catches_what_it_should():
    assert english_on_screen("3 façon(s) d'écrire") == ["n(s)"]
    assert english_on_screen("Fichier : rejected — 2 lignes") == ["rejected"]
    assert english_on_screen("Drag and drop files here") == ["Drag and drop"]
    assert english_on_screen("Ligne None") == ["None"]
    assert english_on_screen("Nonette, 3 lignes refusées, 1 avertissement, upload_file") == []


# Streamlit's built-in texts on the list, as the browser shows them: each has its French.
BUILT_IN = [
    "Drag and drop files here",
    "Drag and drop file here",
    "Upload",
    "Browse files",
    "Add files",
    "text/plain files are not allowed.",
    "Download as CSV",
    "Search",
    "Fullscreen",
    "Close fullscreen",
    "Show/hide columns",
    "Add row",
    "Delete row(s)",
    "Sort ascending",
    "Sort descending",
    "Pin column",
    "Hide column",
    "Type to search",
    "Clear selection",
    "Page not found",
    "Choose an option",
    "Choose options",
    "No options to select.",
    "No results",
    "Press Enter to apply",
    "Show password",
    "View less",
    "Running...",
    "You have requested page /explorer, but no corresponding file was found in the app's pages/ directory. "
    "Running the app's main page.",
    "The page that you have requested does not seem to exist. Running the app's main page.",
    "This app has encountered an error. The original error message is redacted to prevent data leaks. Full "
    "error details have been recorded in the logs (if you're on Streamlit Cloud, click on 'Manage app' in "
    "the lower right of your app).",
]


def _translate(text: str) -> str | None:
    """clas/web/french.js's rule, in Python: an exact text, else the first pattern that matches."""
    if text in french.EXACT:
        return french.EXACT[text]
    for pattern, fr in french.PATTERNS:
        m = re.match(pattern, text)
        if m:
            return re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))) or "", fr)  # noqa: B023 (called within this iteration)
    return None


@pytest.mark.parametrize("text", BUILT_IN)
def test_each_streamlit_text_has_its_french(text):
    fr = _translate(text)
    assert fr and not english_on_screen(fr), (text, fr)


def test_the_french_script_is_complete_javascript():
    script = french.script()
    assert script.startswith("<script data-clas-french>") and "__EXACT__" not in script and "__PATTERNS__" not in script
    assert json.dumps(french.EXACT, ensure_ascii=False) in script


def test_plotly_toolbar_is_french():
    fr = PLOTLY_CONFIG["locales"]["fr"]["dictionary"]
    for key in (
        "Download plot as a PNG",
        "Download plot",
        "Autoscale",
        "Reset axes",
        "Zoom in",
        "Zoom out",
        "Pan",
        "Box Select",
        "Lasso Select",
        "Reset view",
        "Toggle Spike Lines",
        "Show closest data on hover",
        "Compare data on hover",
        "Preparing image - this may take a few seconds",
    ):
        assert key in fr and not english_on_screen(fr[key]), key
    assert PLOTLY_CONFIG["locale"] == "fr"
