"""A day in the browser: signing in, waiting for Streamlit, moving through the menu, choosing in a
selectbox, reading what is on screen, and a screenshot of each step (for tests/test_browser_days.py)."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from tests.support.english import english_on_screen

LEAD_SHOTS = Path("/work/shots/i14")  # a copy of each walk's screenshots for the lead (when it exists)
BUSY = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
)


class Day:
    """One role's walk: `step` waits for the page, checks it for English and errors, and screenshots it."""

    def __init__(self, page, base: str, shots: Path, role: str):
        self.page, self.base, self.role = page, base.rstrip("/"), role
        self.shots = shots / role
        self.shots.mkdir(parents=True, exist_ok=True)
        self.n = 0

    # --- waiting -------------------------------------------------------------------------------------------
    def settle(self, timeout: int = 120_000) -> None:
        self.page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
        self.page.wait_for_timeout(700)
        self.page.wait_for_function(BUSY, timeout=timeout)
        self.page.wait_for_timeout(700)
        self.page.wait_for_function(BUSY, timeout=timeout)

    def wait_text(self, text: str, timeout: int = 120_000) -> None:
        self.page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)

    # --- moving ----------------------------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> None:
        self.page.goto(self.base + "/")
        self.settle()
        for _ in range(3):  # a rerun while the form was being filled can empty it: fill again
            self.page.get_by_label("Identifiant").fill(username)
            self.page.get_by_label("Mot de passe", exact=True).fill(password)
            self.page.wait_for_timeout(300)
            if self.page.get_by_label("Identifiant").input_value() == username:
                break
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.locator("[data-testid='stSidebarNav']").wait_for(state="attached", timeout=120_000)
        self.settle()

    def menu(self, title: str) -> None:
        """Open a page from the sidebar menu, as a user does (the menu's link drops the query string)."""
        self.page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
        self.page.get_by_role("heading", name=title).first.wait_for(timeout=120_000)
        self.settle()

    def choose(self, label: str, option: str) -> None:
        box = self.page.get_by_role("combobox", name=label).first
        box.click()
        self.page.get_by_role("option", name=option, exact=True).first.click()
        self.settle()

    # --- reading -----------------------------------------------------------------------------------------------
    def main_text(self) -> str:
        return self.page.locator("[data-testid='stMain']").inner_text()

    def metric(self, label: str) -> tuple[str, str]:
        """(value, delta) of the st.metric whose label is `label`."""
        m = (
            self.page.locator("[data-testid='stMetric']")
            .filter(has=self.page.locator("[data-testid='stMetricLabel']", has_text=label))
            .first
        )
        value = m.locator("[data-testid='stMetricValue']").inner_text().strip()
        delta = m.locator("[data-testid='stMetricDelta']")
        return value, (delta.inner_text().strip() if delta.count() else "")

    def filter_value(self, label: str = "Année scolaire") -> str:
        return self.page.get_by_role("combobox", name=label).first.input_value()

    # --- each step -----------------------------------------------------------------------------------------------
    def step(self, name: str) -> Path:
        """Screenshot of the step (numbered, in the walk's folder); fails on an error or English on screen."""
        self.settle()
        errors = self.page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
        assert errors.count() == 0, f"{self.role} / {name} : {errors.first.inner_text()}"
        english = english_on_screen(self.page.locator("body").inner_text())
        assert not english, f"{self.role} / {name} : anglais à l'écran {english}"
        self.n += 1
        plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
        path = self.shots / f"{self.n:02d}-{re.sub(r'[^a-z0-9]+', '-', plain).strip('-')}.png"
        self.page.screenshot(path=str(path), full_page=True)
        if LEAD_SHOTS.parent.exists():
            (LEAD_SHOTS / self.role).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, LEAD_SHOTS / self.role / path.name)
        return path
