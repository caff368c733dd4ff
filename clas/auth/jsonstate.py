"""Small JSON state files shared by every session and process (sign-in counts, live sessions): read
without a lock (a writer replaces the file atomically, so a reader sees the old or the new whole file),
edited under an exclusive lock, written owner-only (0600) whatever the umask."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path


def read(p: Path) -> dict:
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (FileNotFoundError, ValueError):
        return {}


def _private(p: Path) -> int:
    return os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


@contextlib.contextmanager
def editing(p: Path) -> Iterator[dict]:
    """The state to change in place; written back (atomically, 0600) when the block ends cleanly."""
    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(p.with_name(p.name + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        state = read(p)
        yield state
        tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
        with os.fdopen(_private(tmp), "w", encoding="utf-8") as f:
            json.dump(state, f)
        os.chmod(tmp, 0o600)  # an older file of looser mode is replaced by a private one
        os.replace(tmp, p)
    finally:
        os.close(fd)  # closing the descriptor releases the lock
