"""Fixtures of the store tests: the synthetic demo generated once for the session (tools.demo)."""

from __future__ import annotations

import pytest

from tools.demo import draw_population, regenerate


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """(folder, manifest) of the demo generated into a temporary folder."""
    root = tmp_path_factory.mktemp("demo")
    manifest = regenerate(root)
    return root, manifest


@pytest.fixture(scope="session")
def records():
    """The demo's drawn population (before it is written to files)."""
    return draw_population()
