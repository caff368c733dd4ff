"""Processes left behind: the Chromium processes descended from this one (kaleido's browser, if a report
left it running). Read from /proc; shared by the report tests and bench/bench_report.py."""

from __future__ import annotations

import os
from pathlib import Path


def chromium_children() -> list[int]:
    parent = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        parent[int(pid)] = (int(stat.rsplit(")", 1)[1].split()[1]), b"chrom" in cmd)
    mine, grew = {os.getpid()}, True
    while grew:
        new = {pid for pid, (ppid, _) in parent.items() if ppid in mine} - mine
        mine |= new
        grew = bool(new)
    return [pid for pid in mine if parent.get(pid, (0, False))[1]]
