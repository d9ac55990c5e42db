"""Browser benchmark of the dashboards: click to settled page, p50/p95 per page.

A real `streamlit run app/main.py` (the `tipstat dashboard` command line) and one headless
Chromium (/usr/bin/chromium). For every page: open it from the sidebar (`open`), then change the
year (`year`, pages with a year picker), `--repetitions` times each. "Settled" = Streamlit reports
its script run finished (`stApp[data-test-script-state=notRunning]`), no element is stale, every
chart picture of the page has loaded (charts are SVG pictures drawn on the server, app/svg.py),
and two animation frames have passed. By default the clicks start once the server is idle, i.e.
has drawn every chart ahead (app/warm.py, once per release); `--cold` starts at once.

    .venv/bin/python benchmarks/dashboard_browser.py --home DIR     # a home with a published warehouse
    .venv/bin/python benchmarks/dashboard_browser.py --synthetic     # the tests' synthetic warehouse
    .venv/bin/python benchmarks/dashboard_browser.py --home DIR --mode statistician  # working figures

Prints one line per page and kind, and writes JSON with `--out`. Target: p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.i18n import t  # noqa: E402
from app.launch import dashboard_command, dashboard_env  # noqa: E402
from tipstat.settings import Home  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGES = (  # url path, title key, has a year picker
    ("", "page_overview", False),
    ("victims", "page_victims", True),
    ("provinces", "page_provinces", True),
    ("routes", "page_routes", True),
    ("justice", "page_justice", True),
    ("support", "page_support", True),
    ("quality", "page_quality", False),
    ("reports", "page_reports", True),
    ("glossary", "page_glossary", False),
)
# Count Streamlit's websocket messages in the page (a run is several: new session, deltas,
# script finished). The attribute `data-test-script-state` alone misses runs so fast that React
# never renders the `running` state.
COUNT_MESSAGES = """(() => {
  const Native = window.WebSocket;
  window.__msgs = 0;
  window.__lastMsg = 0;
  window.__firstMsg = null;
  window.__downAt = null;
  window.__sentAt = null;
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      if (window.__sentAt === null) window.__sentAt = performance.now();
      return send(data);
    };
    ws.addEventListener('message', () => {
      window.__msgs++;
      window.__lastMsg = performance.now();
      if (window.__firstMsg === null) window.__firstMsg = window.__lastMsg;
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
  // the moment the pointer goes down on what is clicked: where the user's wait begins
  document.addEventListener('pointerdown', () => { window.__downAt = performance.now(); }, true);
})();"""
SETTLED = """() => {
  if (window.__msgs - window.__armed < 2) return false;
  if (performance.now() - window.__lastMsg < 20) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const img of document.querySelectorAll('img.tipstat-chart')) {
    if (!img.complete || img.naturalWidth === 0) return false;
  }
  return true;
}"""
# Arm: from now on count the server's messages, and check in every animation frame whether the
# page has settled; when it has, note the time and the time of the next frame (settled and painted).
ARM = (
    """(fromStart) => {
  window.__armed = fromStart ? 0 : window.__msgs;
  window.__firstMsg = null;
  window.__downAt = null;
  window.__sentAt = null;
  window.__settledAt = null;
  window.__paintedAt = null;
  const settled = """
    + SETTLED
    + """;
  const tick = () => {
    if (settled()) {
      window.__settledAt = performance.now();
      requestAnimationFrame(() => { window.__paintedAt = performance.now(); });
    } else {
      requestAnimationFrame(tick);
    }
  };
  requestAnimationFrame(tick);
}"""
)
PAINTED = "() => window.__paintedAt !== null"
# The last interaction's times on the page's own clock (ms): pointer down, the server's first and
# last message, settled, painted.
PHASES = """() => ({
  down: window.__downAt, sent: window.__sentAt, first: window.__firstMsg, last: window.__lastMsg,
  settled: window.__settledAt, painted: window.__paintedAt,
})"""
DIAGNOSE = """() => ({
  msgs: window.__msgs - window.__armed,
  state: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
  stale: document.querySelectorAll('[data-stale="true"]').length,
  charts: [...document.querySelectorAll('img.tipstat-chart')].map(e => e.complete),
})"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Home, mode: str = "public") -> tuple[subprocess.Popen, str]:
    """The dashboard in `mode` (public: what the public sees, the default; statistician: the
    working figures), whatever TIPSTAT_MODE says in this environment."""
    port = _free_port()
    env = {**os.environ, **dashboard_env(home)}
    env.pop("TIPSTAT_MODE", None)
    if mode == "statistician":
        env["TIPSTAT_MODE"] = "statistician"
    proc = subprocess.Popen(
        [*dashboard_command(home, port), "--server.address", "127.0.0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("Streamlit did not start")
        time.sleep(0.3)


def cpu_seconds(group: int) -> float:
    """Processor time used so far by every process of process group `group` (the server)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp; utime and stime follow at 11 and 12
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wait_quiet(group: int, window_s: float = 3.0, busy: float = 0.05, timeout_s: float = 600) -> float:
    """Wait until the server has used under `busy` of a processor over `window_s` seconds: it has
    drawn its charts ahead (app.warm), as a server does once per release. Seconds waited."""
    start = time.monotonic()
    before = cpu_seconds(group)
    while time.monotonic() - start < timeout_s:
        time.sleep(window_s)
        now = cpu_seconds(group)
        if now - before < busy * window_s:
            break
        before = now
    return time.monotonic() - start


def arm(page, from_start: bool = False) -> None:
    """Count messages from now on (call just before the click), or from the page's start."""
    page.evaluate(ARM, from_start)


def settle(page, timeout_ms: int = 60_000) -> dict[str, float]:
    """Wait until a run started after `arm` has ended and the settled page has been painted.
    Returns the in-page times of the interaction (PHASES)."""
    page.wait_for_function(PAINTED, timeout=timeout_ms, polling="raf")
    return page.evaluate(PHASES)


@dataclass(frozen=True)
class Click:
    """One interaction. `page_ms`: from the pointer going down to the settled page painted, on the
    page's own clock (what the user waits for; the target). `wall_ms`: the same seen from this
    script, which adds Playwright's preparation of the click (finding the element, waiting until it
    is stable for two frames) and the round trips of asking the browser. The phases split
    `page_ms`: the browser handling the click until it sends the server its request (`click`),
    until the server's first message (`server`: the request arriving and the run starting), the run
    (first to last message, `run`), and drawing (last message to painted, `draw`, including the
    20 ms of quiet the settled rule waits for)."""

    wall_ms: float
    page_ms: float
    click_ms: float
    server_ms: float
    run_ms: float
    draw_ms: float

    @classmethod
    def of(cls, wall_ms: float, phases: dict[str, float]) -> Click:
        down, sent, first, last, painted = (phases[k] for k in ("down", "sent", "first", "last", "painted"))
        return cls(wall_ms, painted - down, sent - down, first - sent, last - first, painted - last)


def click_and_settle(page, target, what: str) -> Click:
    arm(page)
    t0 = time.perf_counter()
    target.click()
    try:
        phases = settle(page)
    except Exception as exc:
        raise RuntimeError(f"{what} did not settle") from exc
    return Click.of((time.perf_counter() - t0) * 1000, phases)


def measure(
    url: str,
    repetitions: int,
    lang: str = "vi",
    only: Sequence[str] = (),
    server_group: int | None = None,
) -> dict[str, dict[str, list[Click]]]:
    """Clicks per page and kind. With `server_group`, first wait (after the first page has
    loaded) until the server is idle, i.e. has drawn its charts ahead."""
    from playwright.sync_api import sync_playwright

    times: dict[str, dict[str, list[Click]]] = {}
    titles = {slug: key for slug, key, _ in PAGES}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.add_init_script(COUNT_MESSAGES)
        page.evaluate("() => 0")
        page.goto(f"{url}/?lang={lang}")
        arm(page, from_start=True)
        try:
            settle(page)
        except Exception:
            page.screenshot(path="/tmp/i16-bench-fail.png")
            print(page.evaluate(DIAGNOSE), file=sys.stderr)
            raise
        if server_group is not None:
            waited = wait_quiet(server_group)
            print(f"server idle after {waited:.0f} s (charts drawn ahead)", file=sys.stderr)
        nav = page.get_by_test_id("stSidebarNav")
        for slug, title_key, has_year in PAGES:
            if only and (slug or "overview") not in only:
                continue
            per = times.setdefault(slug or "overview", {"open": [], "year": []})
            other = "glossary" if slug != "glossary" else ""
            for i in range(repetitions + 1):  # the first of each is a warm-up, not counted
                away = nav.get_by_text(t(titles[other], lang), exact=True)
                click_and_settle(page, away, f"{other or 'overview'}: opening")
                there = nav.get_by_text(t(title_key, lang), exact=True)
                click = click_and_settle(page, there, f"{slug}: opening {i}")
                if i:
                    per["open"].append(click)
            if not has_year:
                continue
            box = page.get_by_test_id("stSelectbox").filter(has_text=t("select_year", lang)).first
            for i in range(repetitions + 1):
                box.click()
                options = page.get_by_role("option")
                options.nth(1).wait_for()
                # the second or third year, whichever is not chosen now (the year is kept across
                # pages, so the previous page's last choice may be either)
                choice = options.nth(2 if options.nth(1).get_attribute("aria-selected") == "true" else 1)
                click = click_and_settle(page, choice, f"{slug}: year change {i}")
                if i:
                    per["year"].append(click)
        browser.close()
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


PHASE_NAMES = ("click", "server", "run", "draw")


def summarize(clicks: list[Click]) -> dict[str, float]:
    """p50 and p95 of the in-page time (the target) and of the script's wall time; the phases'
    medians."""
    page_ms = [c.page_ms for c in clicks]
    wall_ms = [c.wall_ms for c in clicks]
    return {
        "n": len(clicks),
        "p50_ms": round(statistics.median(page_ms), 1),
        "p95_ms": round(percentile(page_ms, 0.95), 1),
        "wall_p50_ms": round(statistics.median(wall_ms), 1),
        "wall_p95_ms": round(percentile(wall_ms, 0.95), 1),
        **{
            f"{phase}_p50_ms": round(statistics.median(getattr(c, f"{phase}_ms") for c in clicks), 1)
            for phase in PHASE_NAMES
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="TIPSTAT_HOME with a published warehouse")
    parser.add_argument("--synthetic", action="store_true", help="use the tests' synthetic warehouse")
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--pages", nargs="+", default=(), help="only these pages (overview victims ...)")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="start clicking at once, while the server still draws its charts ahead (default: wait)",
    )
    parser.add_argument(
        "--mode",
        choices=("public", "statistician"),
        default="public",
        help="public (default: the release's public catalogue) or statistician (the working figures)",
    )
    args = parser.parse_args(argv)
    tmp = None
    if args.synthetic:
        tmp = tempfile.TemporaryDirectory(prefix="tipstat-bench-")
        spec = importlib.util.spec_from_file_location("sw", ROOT / "tests" / "app" / "synthetic_warehouse.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        home = Home.resolve(tmp.name)
        module.write_warehouse(home.warehouse)
        from tipstat.demo.release import sign_off

        sign_off(home)  # the public dashboard shows releases only
    elif args.home:
        home = Home.resolve(args.home)
        from tipstat.releases.public import latest_public

        if latest_public(home) is None:
            parser.error(f"{home.root} has no public release (a demo home: `tipstat demo --release`)")
    else:
        parser.error("give --home DIR or --synthetic")
    proc, url = start_server(home, args.mode)
    try:
        times = measure(url, args.repetitions, only=args.pages, server_group=None if args.cold else proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        if tmp:
            tmp.cleanup()
    rows = []
    header = ("n", "p50 ms", "p95 ms", "wall p50", "wall p95", *PHASE_NAMES)
    print(f"{'page':<12} {'kind':<5} " + " ".join(f"{h:>9}" for h in header))
    keys = ("n", "p50_ms", "p95_ms", "wall_p50_ms", "wall_p95_ms")
    keys += tuple(f"{phase}_p50_ms" for phase in PHASE_NAMES)

    def line(name: str, kind: str, row: dict[str, float]) -> None:
        print(f"{name:<12} {kind:<5} " + " ".join(f"{row[k]:>9}" for k in keys))

    for page, kinds in times.items():
        for kind, clicks in kinds.items():
            if clicks:
                row = {"page": page, "kind": kind, **summarize(clicks)}
                rows.append(row)
                line(page, kind, row)
    summary = summarize([c for kinds in times.values() for clicks in kinds.values() for c in clicks])
    line("all", "", summary)
    if args.out:
        args.out.write_text(
            json.dumps({"mode": args.mode, "rows": rows, "all": summary}, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
