"""One visit of a page in Chromium, for bench/bench_browser.py: the probe that times the charts drawn, what
the websocket carries (Wire), the Streamlit servers run with timing probes (bench/profile_server.py), the
sign-in, and the server's script runs matched to the visit."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
BENCH_USER = "bench"  # the account bench_browser.run creates

# Runs in every page before its own scripts: each animation frame, counts the Plotly charts drawn and notes
# the time (ms since navigation started) at which the count first reached each value, and the script runs
# the app reports (stApp's data-test-script-state).
PROBE = """
(() => {
  const b = window.__bench = {reached: {}, runs: 0, state: null, changed: 0, count: 0};
  const tick = () => {
    const now = performance.now();
    const n = document.querySelectorAll('.js-plotly-plot:not([data-old]) .plot-container').length;
    if (n !== b.count) { b.count = n; b.changed = now; if (!(n in b.reached)) b.reached[n] = now; }
    const app = document.querySelector('[data-testid="stApp"]');
    const s = app && app.getAttribute('data-test-script-state');
    if (s !== b.state) { if (s === 'running') b.runs += 1; b.state = s; b.changed = now; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  b.visible = () => [...document.querySelectorAll('.js-plotly-plot')]
      .filter(e => e.getBoundingClientRect().top < window.innerHeight).length;
})();
"""
# Settled: the script is not running and nothing changed for 1.2 s (Streamlit may run the script again).
SETTLED = (
    "() => { const b = window.__bench; return b && b.state === 'notRunning' && b.count > 0 "
    "&& performance.now() - b.changed > 1200; }"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(script: str, port: int, env: dict, cwd: Path = ROOT) -> subprocess.Popen:
    cmd = [
        sys.executable,
        str(HERE / "profile_server.py"),
        "run",
        script,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{script} did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Wire:
    """What the browser receives and sends on Streamlit's websocket during one visit."""

    def __init__(self, page):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.F, self.B = ForwardMsg, BackMsg
        self.reset()
        page.on("websocket", lambda ws: (ws.on("framereceived", self._received), ws.on("framesent", self._sent)))

    def reset(self) -> None:
        self.bytes = self.plotly_bytes = self.reruns = 0
        self.triggers: list[str] = []

    def _received(self, payload) -> None:
        if isinstance(payload, str):
            return
        self.bytes += len(payload)
        msg = self.F()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - a frame we cannot read is only not counted
            return
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            if el.WhichOneof("type") == "plotly_chart":
                self.plotly_bytes += len(el.plotly_chart.spec)

    def _sent(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = self.B()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001
            return
        if msg.WhichOneof("type") == "rerun_script":
            self.reruns += 1
            ids = [w.id for w in msg.rerun_script.widget_states.widgets]
            self.triggers.append(",".join(sorted({i.split("-")[-1] if "$$" in i else "widget" for i in ids})) or "load")


def settle(page, timeout_ms: int = 60_000) -> dict:
    try:
        page.wait_for_function(SETTLED, timeout=timeout_ms, polling=100)
    except Exception as exc:
        shot = OUT / "stuck.png"
        page.screenshot(path=str(shot))
        raise RuntimeError(f"{page.url} never settled (no chart drawn?): see {shot}") from exc
    return page.evaluate(
        "() => { const b = window.__bench; return {reached: b.reached, count: b.count, "
        "runs: b.runs, visible: b.visible()}; }"
    )


def visit_page(page, wire: Wire, how: str, target: str) -> dict:
    """how "load": page.goto(target), times from the navigation start; how "click": the menu link named
    target, times from the click, counting only charts drawn after it."""
    wire.reset()
    if how == "load":
        t0 = 0.0
        page.goto(target, wait_until="commit")
    else:
        t0 = page.evaluate(
            "() => { document.querySelectorAll('.js-plotly-plot').forEach(e => e.dataset.old = 1); "
            "const b = window.__bench; b.reached = {}; b.count = 0; b.runs = 0; "
            "return performance.now(); }"
        )
        page.get_by_role("link", name=target, exact=True).first.click()
    try:
        b = settle(page, 45_000)
    except RuntimeError as exc:  # counted as a failed visit, not the end of the run
        print(f"bench_browser: {exc}", file=sys.stderr)
        nan = float("nan")
        return {
            "first_s": nan,
            "last_s": nan,
            "charts": 0,
            "visible": 0,
            "browser_runs": 0,
            "reruns": wire.reruns,
            "triggers": wire.triggers,
            "kb": wire.bytes / 1024,
            "plotly_kb": wire.plotly_bytes / 1024,
            "origin": time.time(),
            "failed": True,
        }
    origin = page.evaluate("() => performance.timeOrigin") / 1000 + t0 / 1000  # epoch seconds
    reached = {int(k): v for k, v in b["reached"].items() if int(k) > 0}
    final = b["count"]
    return {
        "first_s": (min(reached.values()) - t0) / 1000 if reached else float("nan"),
        "last_s": (reached.get(final, max(reached.values(), default=float("nan"))) - t0) / 1000,
        "charts": final,
        "visible": b["visible"],
        "browser_runs": b["runs"],
        "reruns": wire.reruns,
        "triggers": wire.triggers,
        "kb": wire.bytes / 1024,
        "plotly_kb": wire.plotly_bytes / 1024,
        "origin": origin,
    }


def with_server(v: dict, log: Path, since: float) -> dict:
    """The visit's script runs on the server, and when the first started and the last ended (s after the
    navigation)."""
    time.sleep(0.3)  # a run's line is written when the script ends
    runs = v["server"] = server_runs(log, since)
    if runs:
        v["run_start_s"] = min(r["t"] - r["total_ms"] / 1000 for r in runs) - v["origin"]
        v["run_end_s"] = max(r["t"] for r in runs) - v["origin"]
    return v


def sign_in(page, base: str, password: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Identifiant").fill(BENCH_USER)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.locator("[data-testid='stSidebarNav']").wait_for(state="attached", timeout=60_000)
    for _ in range(240):
        if any(c["name"] in ("clas_session", "clas_demo_session") for c in page.context.cookies()):
            return
        page.wait_for_timeout(250)
    raise RuntimeError("the sign-in cookie was never set")


def server_runs(log: Path, since: float) -> list[dict]:
    if not log.exists():
        return []
    return [r for r in map(json.loads, log.read_text().splitlines()) if r["t"] >= since]
