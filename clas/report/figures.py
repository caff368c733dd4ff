"""Every report chart as PNG (print resolution) and SVG, through kaleido and Debian's Chromium (design.md).

kaleido's sync server is started once per process (`kaleido.start_sync_server(mathjax=False)`): each figure
then takes a fraction of a second instead of starting a browser. French separators come with the figures
(clas.charts.base.base_layout sets them); nothing is re-styled here except the size.
"""

from __future__ import annotations

import atexit
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from clas.report.model import Figure

PNG_SCALE = 3  # 820 px wide -> 2 460 px: about 300 dpi over the 17 cm of an A4 text column
TABS = 2  # figures rendered side by side by kaleido (the machine has 2 cores)
_LOCK = threading.Lock()
_STARTED = False


def chromium_available() -> bool:
    import shutil

    return bool(shutil.which("chromium") or Path("/usr/bin/chromium").exists())


def start() -> None:
    """Start kaleido's shared browser once (idempotent, thread-safe)."""
    global _STARTED
    with _LOCK:
        if _STARTED:
            return
        import kaleido

        kaleido.start_sync_server(n=TABS, mathjax=False, silence_warnings=True)
        _STARTED = True
        atexit.register(stop)


def stop() -> None:
    """Close kaleido's browser: a report's charts are drawn, no headless Chromium stays behind (the next
    report starts it again, about a second)."""
    global _STARTED
    with _LOCK:
        if not _STARTED:
            return
        import kaleido

        try:
            kaleido.stop_sync_server(silence_warnings=True)
        finally:
            _STARTED = False


@dataclass
class Rendered:
    name: str
    png: bytes
    svg: bytes


def render(figure: Figure, formats: tuple[str, ...] = ("png", "svg")) -> Rendered:
    """The figure's image bytes: PNG at scale 3, SVG at scale 1 (a vector: its size is its layout size)."""
    start()
    fig = figure.fig
    height = figure.height or fig.layout.height or 420
    out = {"png": b"", "svg": b""}
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plotly warns that kaleido options are ignored with a server
        for fmt_ in formats:
            out[fmt_] = fig.to_image(
                format=fmt_, width=figure.width, height=height, scale=PNG_SCALE if fmt_ == "png" else 1
            )
    return Rendered(figure.name, out["png"], out["svg"])


def _opts(figure: Figure, fmt_: str) -> dict:
    height = figure.height or figure.fig.layout.height or 420
    return {"format": fmt_, "width": figure.width, "height": height, "scale": PNG_SCALE if fmt_ == "png" else 1}


def render_all(figures: list[Figure]) -> dict[str, Rendered]:
    """Every figure as PNG and SVG in one batch: kaleido spreads them over its tabs."""
    import tempfile

    import kaleido

    start()
    with tempfile.TemporaryDirectory(prefix="clas-figures-") as tmp, _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        jobs = [
            {"fig": f.fig, "path": str(Path(tmp) / f"{f.name}.{ext}"), "opts": _opts(f, ext)}
            for f in figures
            for ext in ("png", "svg")
        ]
        kaleido.write_fig_from_object_sync(jobs, cancel_on_error=True)
        return {
            f.name: Rendered(
                f.name, (Path(tmp) / f"{f.name}.png").read_bytes(), (Path(tmp) / f"{f.name}.svg").read_bytes()
            )
            for f in figures
        }


def write(rendered: dict[str, Rendered], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for r in rendered.values():
        for ext, data in (("png", r.png), ("svg", r.svg)):
            p = folder / f"{r.name}.{ext}"
            p.write_bytes(data)
            paths.append(p)
    return paths
