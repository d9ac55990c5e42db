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
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', () => { window.__msgs++; window.__lastMsg = performance.now(); });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();"""
ARM = "() => { window.__armed = window.__msgs; }"
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


def arm(page) -> None:
    """Count messages from now on (call just before the click)."""
    page.evaluate(ARM)


def settle(page, timeout_ms: int = 60_000) -> None:
    """Wait until a run started after `arm` has ended and the page has drawn."""
    page.wait_for_function(SETTLED, timeout=timeout_ms, polling="raf")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def measure(
    url: str,
    repetitions: int,
    lang: str = "vi",
    only: Sequence[str] = (),
    server_group: int | None = None,
) -> dict[str, dict[str, list[float]]]:
    """Click times per page and kind. With `server_group`, first wait (after the first page has
    loaded) until the server is idle, i.e. has drawn its charts ahead."""
    from playwright.sync_api import sync_playwright

    times: dict[str, dict[str, list[float]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.add_init_script(COUNT_MESSAGES)
        page.evaluate("() => 0")
        page.goto(f"{url}/?lang={lang}")
        page.evaluate("() => { window.__armed = 0; }")
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
                arm(page)
                nav.get_by_text(t(dict((s, k) for s, k, _ in PAGES)[other], lang), exact=True).click()
                settle(page)
                arm(page)
                t0 = time.perf_counter()
                nav.get_by_text(t(title_key, lang), exact=True).click()
                try:
                    settle(page)
                except Exception as exc:
                    raise RuntimeError(f"{slug}: opening {i} did not settle") from exc
                if i:
                    per["open"].append((time.perf_counter() - t0) * 1000)
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
                arm(page)
                t0 = time.perf_counter()
                choice.click()
                try:
                    settle(page)
                except Exception as exc:
                    raise RuntimeError(f"{slug}: year change {i} did not settle") from exc
                if i:
                    per["year"].append((time.perf_counter() - t0) * 1000)
        browser.close()
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


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
    print(f"{'page':<12} {'kind':<5} {'n':>3} {'p50 ms':>8} {'p95 ms':>8}")
    for page, kinds in times.items():
        for kind, values in kinds.items():
            if not values:
                continue
            row = {
                "page": page,
                "kind": kind,
                "n": len(values),
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
            }
            rows.append(row)
            print(f"{page:<12} {kind:<5} {row['n']:>3} {row['p50_ms']:>8} {row['p95_ms']:>8}")
    everything = [v for kinds in times.values() for values in kinds.values() for v in values]
    summary = {
        "p50_ms": round(statistics.median(everything), 1),
        "p95_ms": round(percentile(everything, 0.95), 1),
    }
    print(f"{'all':<12} {'':<5} {len(everything):>3} {summary['p50_ms']:>8} {summary['p95_ms']:>8}")
    if args.out:
        args.out.write_text(
            json.dumps({"mode": args.mode, "rows": rows, "all": summary}, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
