"""Helpers of the page tests (the app's database is the `app_db` fixture, tests/support/fixtures.py):
running a page, reading charts, and the bytes behind a download button."""

from __future__ import annotations

import json

import pytest
from streamlit.runtime import media_file_manager, memory_media_file_storage
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


class _Media(list):
    """The media storages of the runs, and their managers (which hold the deferred downloads)."""

    managers: list


@pytest.fixture
def media(monkeypatch):
    """Every media storage AppTest creates, so a test can read what a download button serves."""
    made = _Media()
    made.managers = []
    base = memory_media_file_storage.MemoryMediaFileStorage

    class Recording(base):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self)

    class Managers(media_file_manager.MediaFileManager):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.managers.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", Recording)
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", Managers)
    return made


def download(at: AppTest, media: list, label: str) -> bytes:
    """The bytes a click on the button gives: its file, or what its deferred writer makes when clicked
    (as the browser asks for it)."""
    (button,) = [b for b in at.get("download_button") if b.label == label]
    url = button.proto.url
    if not url and button.proto.deferred_file_id:
        for manager in reversed(getattr(media, "managers", [])):
            try:
                url = manager.execute_deferred(button.proto.deferred_file_id)
                break
            except Exception:  # noqa: BLE001 - registered in another run's manager
                continue
    name = url.rsplit("/", 1)[-1]
    for storage in reversed(media):
        try:
            return storage.get_file(name).content
        except Exception:  # noqa: BLE001 - not in this run's storage
            continue
    raise AssertionError(f"fichier {name} introuvable")
