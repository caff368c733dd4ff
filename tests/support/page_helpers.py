"""Helpers of the page tests (the app's database is the `app_db` fixture, tests/support/fixtures.py):
running a page, reading charts, and the bytes behind a download button."""

from __future__ import annotations

import json

import pytest
from streamlit.runtime import memory_media_file_storage
from streamlit.testing.v1 import AppTest

from clas.store.db import ROOT
from tests.support.plotly_json import values


def open_page(page: str, year: str | None = None, timeout: int = 30) -> AppTest:
    """The app opened on `page` (as the signed-in service, tests/conftest.py), for `year` if given."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    if year:
        at.selectbox(key="filter_school_year").set_value(year).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def traces(at: AppTest, trace_type: str) -> list[dict]:
    return [t for fig in charts(at) for t in fig["data"] if t.get("type") == trace_type]


def sankey_links(at: AppTest) -> dict[tuple[str, str], int]:
    (s,) = traces(at, "sankey")
    labels = s["node"]["label"]
    link = s["link"]
    return {
        (labels[a], labels[b]): v
        for a, b, v in zip(values(link["source"]), values(link["target"]), values(link["value"]))
    }


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def media(monkeypatch):
    """Every media storage AppTest creates, so a test can read what a download button serves."""
    made: list = []
    base = memory_media_file_storage.MemoryMediaFileStorage

    class Recording(base):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", Recording)
    return made


def download(at: AppTest, media: list, label: str) -> bytes:
    (button,) = [b for b in at.get("download_button") if b.label == label]
    name = button.proto.url.rsplit("/", 1)[-1]
    for storage in reversed(media):
        try:
            return storage.get_file(name).content
        except Exception:  # noqa: BLE001 - not in this run's storage
            continue
    raise AssertionError(f"fichier {name} introuvable")
