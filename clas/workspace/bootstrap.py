"""Building a database from scratch: the reference tables, then every provider file of a folder.

The app calls `ensure_database` on start, so `streamlit run app.py` on a fresh clone opens on the demo
data; `python -m clas demo` forces a rebuild. The demo goes through the real importer on purpose.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from pathlib import Path

from clas.ingest import FileReport, import_file
from clas.store import db
from clas.store.reference import load_reference
from clas.workspace.network import import_network_file
from clas.workspace.schemes import load_network_reference

log = logging.getLogger(__name__)
REFERENCE_DIR = db.ROOT / "data" / "reference"
DEMO_DIR = db.ROOT / "data" / "demo"
PROVIDER_FILES = (".xlsx", ".xls", ".ods", ".csv")
NETWORK_DIR = "network"  # data/demo/network/: the city's network workbooks (tools/demo/network.py)
_BUILD_LOCK = threading.Lock()


def demo_files(folder: Path = DEMO_DIR) -> list[Path]:
    """The providers' registers (the city's network workbooks, under network/, are not registers)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in PROVIDER_FILES and NETWORK_DIR not in p.relative_to(folder).parts[:-1]
    )


def network_files(folder: Path = DEMO_DIR) -> list[Path]:
    return sorted(p for p in (folder / NETWORK_DIR).glob("*") if p.suffix.lower() in PROVIDER_FILES)


def build_database(
    path: Path,
    reference_dir: Path = REFERENCE_DIR,
    files: list[Path] | None = None,
    imported_by: str = "démo",
    demo: bool | None = None,
) -> list[FileReport]:
    """A new database at `path` (any previous file is replaced atomically when the build succeeds).

    demo (default: True when the embedded demo files are loaded) marks the database as the demo (settings
    'demo' = 'true'): the app then opens with the demo accounts and shows the demo banner (clas/web/account_bar.py),
    until a real file is imported into it.
    """
    path = Path(path)
    fresh = path.with_name(f"{path.name}.build{os.getpid()}")
    fresh.unlink(missing_ok=True)
    demo = files is None if demo is None else demo
    with db.writing(fresh) as con:
        load_reference(con, reference_dir)
        reports = [import_file(con, f, imported_by=imported_by) for f in (files if files is not None else demo_files())]
        # The network (issue 15): schemes, directory, and the city's network workbooks of the demo.
        load_network_reference(con, reference_dir)
        if files is None:
            reports += [import_network_file(con, f, imported_by=imported_by) for f in network_files()]
        if demo:
            db.write(con, "setting_demo_on")
    os.replace(fresh, path)
    fresh.with_name(fresh.name + ".lock").unlink(missing_ok=True)  # the build copy's writer lock
    return reports


def ensure_database(path: Path | None = None) -> Path:
    """The database file, built from the embedded demo data when it does not exist yet."""
    p = db.db_path(path)
    if p.exists():
        return p
    p.parent.mkdir(parents=True, exist_ok=True)
    # Several browser sessions can arrive on a fresh install at once: one builds, the others wait for it.
    with _BUILD_LOCK, open(p.with_name(p.name + ".init.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not p.exists():
            log.info("Base absente : construction de la démo dans %s", p)
            build_database(p)
    return p
