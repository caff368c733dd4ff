"""Every report chart as PNG (print resolution) and SVG, through kaleido and Debian's Chromium (design.md).

One headless Chromium per report (`Browser`): it starts in the background while the report's figures are
computed, draws the charts chapter by chapter, and is closed at the end, so no Chromium stays behind. French
separators come with the figures (clas.charts.base.base_layout sets them); nothing is re-styled here except
the size, and maps, which are redrawn without a map engine (clas.charts.print_map).
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import json
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from clas import config
from clas.charts.print_map import for_print
from clas.report.model import Figure

PNG_SCALE = 3  # 820 px wide -> 2 460 px: about 300 dpi over the 17 cm of an A4 text column
# One tab: kaleido loads plotly.js (4,8 MB) in each tab one after the other, 3–4 s a tab, and a second tab
# saves only 1,4 s of drawing on the report's 42 images.
TABS = 1
# One report's Chromium at a time, whatever the number of sessions preparing one: a browser is ~300 MB.
_ONE_AT_A_TIME = threading.Lock()
# A print map draws the neighbourhoods from the city's contours and nothing of the world: plotly.js still
# fetches its world outline (`topojsonURL` + "world_110m.json") from a CDN this server may not reach, and
# fails. An empty outline, handed over as a data: URL (the file name plotly appends lands after « # »).
_NO_WORLD = (
    "data:application/json,"
    + urllib.parse.quote(
        json.dumps(
            {
                "type": "Topology",
                "objects": {
                    k: {"type": "GeometryCollection", "geometries": []}
                    for k in ("land", "ocean", "lakes", "rivers", "countries", "subunits", "coastlines")
                },
                "arcs": [],
            }
        )
    )
    + "#"
)


def chromium_available() -> bool:
    import shutil

    return bool(shutil.which("chromium") or Path("/usr/bin/chromium").exists())


@dataclass
class Rendered:
    name: str
    png: bytes
    svg: bytes


def _opts(figure: Figure, fmt_: str) -> dict:
    height = figure.height or figure.fig.layout.height or 420
    return {"format": fmt_, "width": figure.width, "height": height, "scale": PNG_SCALE if fmt_ == "png" else 1}


def _kaleido_class():
    import kaleido

    class TabsKept(kaleido.Kaleido):
        """kaleido reloads a tab, and its 3,5 MB of plotly.js, after every image (0,4 s each, 42 images a
        report). Its drawing function purges the plot it made, so the tab is handed back as it is."""

        async def _return_kaleido_tab(self, tab) -> None:
            await self.tabs_ready.put(tab)

    return TabsKept


class Browser:
    """A headless Chromium drawing plotly figures, on an event loop of its own thread (the page's script
    thread has none, and the report's queries run meanwhile). Use as a context manager."""

    def __init__(self, _acquired: bool = False) -> None:
        if not _acquired:
            _ONE_AT_A_TIME.acquire()
        self._timer: threading.Timer | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="clas-report-chromium", daemon=True)
        self._thread.start()
        self._kaleido = None
        self._opened = asyncio.run_coroutine_threadsafe(self._open(), self._loop)

    async def _open(self) -> None:
        self._kaleido = _kaleido_class()(n=TABS, mathjax=False)
        await self._kaleido.open()

    def render(self, figures: list[Figure], formats: tuple[str, ...] = ("png", "svg")) -> dict[str, Rendered]:
        """The figures in the given formats (b"" for the others)."""
        return self.start_render(figures, formats).result()

    def start_render(
        self, figures: list[Figure], formats: tuple[str, ...] = ("png", "svg")
    ) -> concurrent.futures.Future:
        """render() without waiting: a future of its result (the PDF is laid out meanwhile)."""
        return asyncio.run_coroutine_threadsafe(self._render(figures, formats), self._loop)

    async def _render(self, figures: list[Figure], formats: tuple[str, ...]) -> dict[str, Rendered]:
        await asyncio.wrap_future(self._opened)
        if not figures:
            return {}
        with tempfile.TemporaryDirectory(prefix="clas-figures-") as tmp:
            path = {(f.name, ext): Path(tmp) / f"{f.name}.{ext}" for f in figures for ext in formats}
            jobs = [
                {"fig": for_print(f.fig), "path": str(path[f.name, ext]), "opts": _opts(f, ext), "topojson": _NO_WORLD}
                for f in figures
                for ext in formats
            ]
            await self._kaleido.write_fig_from_object(jobs, cancel_on_error=True)
            got = {key: p.read_bytes() for key, p in path.items()}
        return {f.name: Rendered(f.name, got.get((f.name, "png"), b""), got.get((f.name, "svg"), b"")) for f in figures}

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        try:
            # wait for a start still under way (a report that failed early), then close what started
            opened = self._opened.exception(timeout=120) is None
            if opened:
                asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(timeout=60)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=60)
            self._loop.close()
            _ONE_AT_A_TIME.release()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


# --- a browser standing by -------------------------------------------------------------------------------------

# Chromium's start is 3–4 s of a report's time, and the person who opens the report page reads it before
# clicking « Préparer le rapport »: the page starts one then, and the report takes it. One left untaken is
# closed after $CLAS_REPORT_STANDBY_S (180 s), so none stays behind.
_standby: Browser | None = None
_standby_lock = threading.Lock()


def stand_by(idle_s: float | None = None) -> bool:
    """Start a Chromium for the next report unless one is already waiting or drawing (then nothing happens).
    True when one is standing by after the call."""
    global _standby
    idle_s = config.report_standby_s() if idle_s is None else idle_s
    if idle_s <= 0 or not chromium_available():
        return False
    with _standby_lock:
        if _standby is not None:
            return True
        if not _ONE_AT_A_TIME.acquire(blocking=False):  # a report is being drawn: it will not wait for this one
            return False
        browser = Browser(_acquired=True)
        browser._timer = threading.Timer(idle_s, _close_if_untaken, args=(browser,))
        browser._timer.daemon = True
        browser._timer.start()
        _standby = browser
    return True


def _close_if_untaken(browser: Browser) -> None:
    global _standby
    with _standby_lock:
        if _standby is not browser:
            return  # a report took it
        _standby = None
    browser.close()


def open_browser() -> Browser:
    """The Chromium standing by if there is one (started when the report page opened), else a new one."""
    global _standby
    with _standby_lock:
        browser, _standby = _standby, None
    if browser is None:
        return Browser()
    if browser._timer is not None:
        browser._timer.cancel()
    return browser


@atexit.register
def _close_standby() -> None:
    global _standby
    with _standby_lock:
        browser, _standby = _standby, None
    if browser is not None:
        browser.close()


def render_all(figures: list[Figure]) -> dict[str, Rendered]:
    """Every figure as PNG and SVG, in a browser opened and closed for them."""
    with Browser() as browser:
        return browser.render(figures)


def write(rendered: dict[str, Rendered], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for r in rendered.values():
        for ext, data in (("png", r.png), ("svg", r.svg)):
            p = folder / f"{r.name}.{ext}"
            p.write_bytes(data)
            paths.append(p)
    return paths
