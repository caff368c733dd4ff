"""The app's shell with floor pages: a copy of the app whose every page is bench/floor_app.py's one chart.

Measured against the floor (`python bench/run.py --only browser --before DIR`, or bench_browser.py with
--mode click), it separates what the shell costs on every page (sign-in gate, demo banner, account bar, the
menu of every page, the French strings script) from what each page's own content costs.
    python bench/shell_floor.py DIR
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).resolve().parent / "floor_app.py"


def build(target: Path) -> Path:
    """A copy of the app in target (replaced if there), every page drawing the floor's one chart."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "out", "*.duckdb*", "*.log", ".git")
    for name in ("app.py", "clas", "queries", "data", ".streamlit", "pages"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, target / name)
    # the page setup is the shell's (app.py); the page body is the floor's: a title and one chart
    body = "\n".join(
        line for line in FLOOR.read_text(encoding="utf-8").splitlines() if not line.startswith("st.set_page_config")
    )
    for page in (target / "pages").glob("*.py"):
        page.write_text(body + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]).resolve()))
