"""Dashboard core benchmark: callback latency and payload over HTTP, and cold page loads.

Serves the app with gunicorn (2 workers) on a free loopback port against a store holding the
real Ofsted files when they are found (else the demo data), then:
- posts each main callback N times with rotating regions (p50/p95 latency, response bytes), and
  once for each of 21 filter sets not computed yet (first-call latency, cold caches);
- loads every page cold in headless Chromium at 1366x768 and 1920x1080: time to the first screen
  (the heading and every chart on it drawn) and to the whole page (every deferred section below
  drawn too), bytes transferred; round by round with bench/reference_app.py, the smallest Dash
  app with one chart, drawn: this machine's speed drifts, so pages are read against that floor;
  two rows open Judgements and Leadership on a filter set the server has not computed yet.
Prints a Markdown table; record results in bench/RESULTS.md. Usage:
    .venv/bin/python bench/core.py [--rounds 60] [--page-rounds 9] [--viewports 1366x768 1920x1080]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import FIRST_SCREEN_READY, WHOLE_PAGE_READY, launch_chromium  # noqa: E402
from tests.conftest import real_ofsted_dir  # noqa: E402
from tests.dash_client import build_payload  # noqa: E402
from tests.live_server import PAGES, free_port  # noqa: E402

REGIONS = ["north-west", "london", "", "south-east", "north-east", "yorkshire-and-the-humber"]
QUERIES = [f"?region={r}" if r else "" for r in REGIONS]
# Filter sets no page has computed (warm_up computes England's default views): the first call
# for each meets cold caches, as an analyst's first choice of a view does.
COLD_QUERIES = [
    f"?region={region}&from={start}" if region else f"?from={start}"
    for start in ("2015-04-01", "2019-04-01", "2021-04-01")
    for region in ("", "north-west", "london", "south-east", "east-midlands", "west-midlands", "south-west")
]


def build_store(folder: Path) -> tuple[str, str]:
    from data_access.db import session_scope
    from data_access.store import migrate

    url = f"sqlite:///{folder / 'bench.db'}"
    migrate(url)
    source = real_ofsted_dir()
    with session_scope(url) as session:
        if source:
            from data_access.importers.ofsted import import_ofsted

            for path in sorted(source.glob("*.ods")):
                import_ofsted(session, path)
            return url, "real Ofsted files"
        from data_access.importers.demo import load_demo

        load_demo(session)
    return url, "demo data"


def start_gunicorn(url: str, port: int, app: str = "app:server") -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, PORT=str(port))
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--chdir", str(ROOT), app],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def request(port: int, method: str, path: str, body: dict | None = None) -> tuple[float, int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    payload = json.dumps(body).encode() if body is not None else None
    started = time.perf_counter()
    connection.request(method, path, body=payload, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    return (time.perf_counter() - started) * 1000, response.status, data


def callback_cases(dependencies: list[dict]) -> dict[str, callable]:
    """Callback name -> function(query string, e.g. "?region=london") -> payload; only for
    callbacks present."""
    cases = {}

    def add(name, output, inputs_for, state=None):
        changed = list(inputs_for(""))[:1]
        try:
            build_payload(dependencies, output, inputs_for(""), state, changed)
        except (AssertionError, KeyError):
            print(f"(skipped {name}: callback not found)")
            return
        cases[name] = lambda region: build_payload(dependencies, output, inputs_for(region), state, changed)

    query = lambda q: q  # noqa: E731
    add("overview cards", "overview-cards.children", lambda r: {"overview-filters.data": query(r)})
    for output, page in (
        ("judgements-by-year-graph.figure", "judgements"),
        ("leadership-by-year-graph.figure", "leadership"),
    ):
        add(f"{page}: {output.split('.')[0]}", output, lambda r, p=page: {f"{p}-filters.data": query(r)})
    add(
        "maps: map restyle (dash.Patch)",
        "maps-map-graph.figure",
        lambda r: {"maps-filters.data": query(r), "maps-map-size.data": None},
        {"maps-map-kind.data": "hex"},
    )
    return cases


def measure_cold_callbacks(port: int) -> list[tuple]:
    """Each callback once per filter set never asked for before: (name, p50, p95, max ms)."""
    _, _, body = request(port, "GET", "/_dash-dependencies")
    rows = []
    for name, payload_for in callback_cases(json.loads(body)).items():
        times = []
        for query in COLD_QUERIES:
            elapsed, status, data = request(port, "POST", "/_dash-update-component", payload_for(query))
            assert status == 200, data[:300]
            times.append(elapsed)
        rows.append((name, statistics.median(times), percentile(times, 0.95), max(times)))
    return rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure_callbacks(port: int, rounds: int) -> list[tuple]:
    _, _, body = request(port, "GET", "/_dash-dependencies")
    cases = callback_cases(json.loads(body))
    rows = []
    for name, payload_for in cases.items():
        for query in QUERIES:  # warm each worker's caches once per filter set
            for _ in range(2):
                request(port, "POST", "/_dash-update-component", payload_for(query))
        times, sizes = [], []
        for i in range(rounds):
            elapsed, status, data = request(
                port, "POST", "/_dash-update-component", payload_for(QUERIES[i % len(QUERIES)])
            )
            assert status == 200, data[:300]
            times.append(elapsed)
            sizes.append(len(data))
        rows.append((name, statistics.median(times), percentile(times, 0.95), int(statistics.median(sizes))))
    return rows


def load_once(browser, url: str, viewport: dict) -> tuple[float, float, int]:
    """A cold load (new browser context): ms from navigation to the first screen ready and to the
    whole page ready (as tests/browser/conftest.py defines them), and bytes transferred."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(FIRST_SCREEN_READY, polling="raf", timeout=30000)
    first = (time.perf_counter() - started) * 1000
    page.wait_for_function(WHOLE_PAGE_READY, polling="raf", timeout=30000)
    whole = (time.perf_counter() - started) * 1000
    page.wait_for_load_state("networkidle")
    transferred = page.evaluate(
        "performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, 0)"
        " + performance.getEntriesByType('navigation')[0].transferSize"
    )
    context.close()
    return first, whole, int(transferred)


# Pages opened on a filter set the server has not computed (a shared link to a new view): each
# round a different region and judgement area, so the server's view caches are cold every time.
COLD_REGIONS = ["london", "north-west", "south-east", "east-midlands", "west-midlands", "south-west",
                "north-east", "yorkshire-and-the-humber", "east-of-england"]  # fmt: skip
COLD_AREAS = ["leadership", "help_and_protection", "children_in_care"]


COLD_PAGES = {"judgements, a view not yet computed": "/judgements", "leadership, likewise": "/leadership"}


def cold_view(path: str, round_number: int) -> str:
    region = COLD_REGIONS[round_number % len(COLD_REGIONS)]
    area = COLD_AREAS[(round_number // len(COLD_REGIONS)) % len(COLD_AREAS)]
    return f"{path}?region={region}&area={area}"


VIEWPORTS = {"1366x768": {"width": 1366, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}


def measure_pages(port: int, reference_port: int, rounds: int, viewport: dict) -> list[tuple]:
    """Every page and the reference app, interleaved round by round so drift hits all alike:
    (name, path, median ms to first screen, fastest, median ms to whole page, bytes)."""
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    targets = {"reference: Dash + one bar chart": lambda _: f"http://127.0.0.1:{reference_port}/"}
    targets |= {name: lambda _, path=path: base + path for name, path in PAGES.items()}
    targets |= {name: lambda n, path=path: base + cold_view(path, n) for name, path in COLD_PAGES.items()}
    firsts = {name: [] for name in targets}
    wholes = {name: [] for name in targets}
    sizes = {name: [] for name in targets}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        for round_number in range(rounds):
            for name, url_for in targets.items():
                first, whole, transferred = load_once(browser, url_for(round_number), viewport)
                firsts[name].append(first)
                wholes[name].append(whole)
                sizes[name].append(transferred)
        browser.close()
    paths = PAGES | {name: f"{path}?region=...&area=..." for name, path in COLD_PAGES.items()}
    return [
        (
            name,
            paths.get(name, "(bench/reference_app.py)"),
            statistics.median(firsts[name]),
            min(firsts[name]),
            statistics.median(wholes[name]),
            int(statistics.median(sizes[name])),
        )
        for name in targets
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--page-rounds", type=int, default=5)
    parser.add_argument("--viewports", nargs="+", choices=sorted(VIEWPORTS), default=["1366x768", "1920x1080"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, what = build_store(Path(folder))
        port, reference_port = free_port(), free_port()
        server = start_gunicorn(url, port)
        reference = start_gunicorn(url, reference_port, "bench.reference_app:server")
        try:
            print(f"Store: {what}; gunicorn 2 workers on loopback; {os.cpu_count()} cores\n")
            print("| callback | p50 ms | p95 ms | response bytes |\n|---|---|---|---|")
            for name, p50, p95, size in measure_callbacks(port, args.rounds):
                print(f"| {name} | {p50:.1f} | {p95:.1f} | {size:,} |")
            print(
                f"\n| callback, first call for a filter set ({len(COLD_QUERIES)} sets) | p50 ms | p95 ms | max ms |"
                "\n|---|---|---|---|"
            )
            for name, p50, p95, most in measure_cold_callbacks(port):
                print(f"| {name} | {p50:.1f} | {p95:.1f} | {most:.1f} |")
            if not args.no_pages:
                for size in args.viewports:
                    print(
                        f"\n| page at {size} | path | first screen, ms: median of {args.page_rounds} | fastest "
                        "| whole page, ms: median | bytes transferred |\n|---|---|---|---|---|---|"
                    )
                    rows = measure_pages(port, reference_port, args.page_rounds, VIEWPORTS[size])
                    for name, path, first, fastest, whole, transferred in rows:
                        print(f"| {name} | {path} | {first:.0f} | {fastest:.0f} | {whole:.0f} | {transferred:,} |")
        finally:
            for process in (server, reference):
                process.terminate()
                process.wait(timeout=10)


if __name__ == "__main__":
    main()
