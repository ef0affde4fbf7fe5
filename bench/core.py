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
With `--fast-paths`, one server per RIA_FAST_PATHS value (dashboard/fast_paths.py), their page
loads interleaved round by round: `--fast-paths 1 0` compares all on with all off, and
`--fast-paths each` adds, for each fast path, a server with all the others on. Callbacks are
measured on the first server only.
Prints Markdown tables; record results in bench/RESULTS.md. Usage:
    .venv/bin/python bench/core.py [--rounds 60] [--page-rounds 9] [--viewports 1366x768 1920x1080]
        [--fast-paths 1 0 | each] [--no-callbacks] [--network MBPS,RTT_MS]
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

from bench.harness import PAGES, build_payload, free_port, launch_chromium  # noqa: E402
from dashboard.components.deferred import FIRST_SCREEN_READY, WHOLE_PAGE_READY  # noqa: E402
from dashboard.fast_paths import FAST_PATHS  # noqa: E402

REGIONS = ["north-west", "london", "", "south-east", "north-east", "yorkshire-and-the-humber"]
QUERIES = [f"?region={r}" if r else "" for r in REGIONS]
# Filter sets no page has computed (warm_up computes England's default views): the first call
# for each meets cold caches, as an analyst's first choice of a view does.
COLD_QUERIES = [
    f"?region={region}&from={start}" if region else f"?from={start}"
    for start in ("2015-04-01", "2019-04-01", "2021-04-01")
    for region in ("", "north-west", "london", "south-east", "east-midlands", "west-midlands", "south-west")
]


def real_ofsted_files() -> list[Path]:
    """Ofsted's published workbooks in RIA_DATA_DIR/ofsted (or RIA_DATA_DIR), else beside the
    repository in ../shared/data/ofsted/raw; none if there are none."""
    from data_access.prepare import find_ofsted_files
    from data_access.settings import load_settings

    settings = load_settings()
    shared = ROOT.parent / "shared" / "data" / "ofsted" / "raw"
    for folder in (settings.ofsted_dir / "raw", settings.ofsted_dir, settings.data_dir, shared):
        if files := [path for path in find_ofsted_files(folder) if path.suffix == ".ods"]:
            return files
    return []


def build_store(folder: Path) -> tuple[str, str]:
    from data_access.db import session_scope
    from data_access.store import migrate

    url = f"sqlite:///{folder / 'bench.db'}"
    migrate(url)
    files = real_ofsted_files()
    with session_scope(url) as session:
        if files:
            from data_access.importers.ofsted import import_ofsted

            for path in files:
                import_ofsted(session, path)
            return url, "real Ofsted files"
        from data_access.importers.demo import load_demo

        load_demo(session)
    return url, "demo data"


def start_gunicorn(url: str, port: int, app: str = "app:server", fast_paths: str = "1") -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, PORT=str(port), RIA_FAST_PATHS=fast_paths)
    gunicorn = Path(sys.executable).parent / "gunicorn"  # beside this Python, in the same virtualenv
    process = subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "--chdir", str(ROOT), app],
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


def load_once(
    browser, url: str, viewport: dict, network: tuple[float, float] | None = None
) -> tuple[float, float, int]:
    """A cold load (new browser context): ms from navigation to the first screen ready and to the
    whole page ready (as dashboard/components/deferred.py defines them), and bytes transferred.
    `network` (megabits a second, round trip ms) has Chromium slow the loopback down to it."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    if network:
        megabits, round_trip = network
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": round_trip,
                "downloadThroughput": megabits * 1e6 / 8,
                "uploadThroughput": megabits * 1e6 / 8,
            },
        )
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


REFERENCE = "reference: Dash + one bar chart"


def fast_path_settings(values: list[str]) -> dict[str, str]:
    """Server label -> RIA_FAST_PATHS value, from --fast-paths ("each": all on, all off, and
    each fast path left out in turn)."""
    if values == ["each"]:
        values = ["1", "0"] + [",".join(p for p in FAST_PATHS if p != left_out) for left_out in FAST_PATHS]
    labels = {"1": "fast paths on", "0": "fast paths off"}
    settings = {}
    for value in values:
        names = set(value.split(","))
        if value not in labels and names < set(FAST_PATHS) and len(names) == len(FAST_PATHS) - 1:
            label = f"without {(set(FAST_PATHS) - names).pop()}"
        else:
            label = labels.get(value, f"only {value}")
        settings[label] = value
    return settings


def measure_pages(
    ports: dict[str, int], reference_port: int, rounds: int, viewport: dict, network: tuple[float, float] | None
) -> dict[tuple, tuple]:
    """Every page on every server and the reference app, round by round in an order shuffled each
    round, so drift hits all alike: {(server label, page name): (median ms to first screen,
    fastest, median ms to whole page, bytes)}; the reference's label is ""."""
    import random

    from playwright.sync_api import sync_playwright

    targets = {("", REFERENCE): lambda _: f"http://127.0.0.1:{reference_port}/"}
    for label, port in ports.items():
        base = f"http://127.0.0.1:{port}"
        targets |= {(label, name): lambda _, b=base, path=path: b + path for name, path in PAGES.items()}
        targets |= {
            (label, name): lambda n, b=base, path=path: b + cold_view(path, n) for name, path in COLD_PAGES.items()
        }
    firsts = {key: [] for key in targets}
    wholes = {key: [] for key in targets}
    sizes = {key: [] for key in targets}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        for round_number in range(rounds):
            order = list(targets)
            random.Random(round_number).shuffle(order)
            for key in order:
                first, whole, transferred = load_once(browser, targets[key](round_number), viewport, network)
                firsts[key].append(first)
                wholes[key].append(whole)
                sizes[key].append(transferred)
        browser.close()
    return {
        key: (
            statistics.median(firsts[key]),
            min(firsts[key]),
            statistics.median(wholes[key]),
            int(statistics.median(sizes[key])),
        )
        for key in targets
    }


def print_pages(results: dict[tuple, tuple], labels: list[str], size: str, rounds: int) -> None:
    """One server: a row per page (path, first screen, fastest, whole page, bytes). Several: a row
    per page, a column per server ("first screen median (fastest) / whole page median"), then bytes."""
    paths = PAGES | {name: f"{path}?region=...&area=..." for name, path in COLD_PAGES.items()}
    names = [REFERENCE, *PAGES, *COLD_PAGES]
    reference = results[("", REFERENCE)]
    if len(labels) == 1:
        print(
            f"\n| page at {size} | path | first screen, ms: median of {rounds} | fastest "
            "| whole page, ms: median | bytes transferred |\n|---|---|---|---|---|---|"
        )
        for name in names:
            first, fastest, whole, transferred = results.get((labels[0], name), reference)
            print(f"| {name} | {paths.get(name, '(bench/reference_app.py)')} | {first:.0f} | {fastest:.0f} "
                  f"| {whole:.0f} | {transferred:,} |")  # fmt: skip
        return
    print(
        f"\n| page at {size}: first screen, ms, median of {rounds} (fastest) / whole page, median | "
        + " | ".join(labels)
        + " |\n|---|"
        + "---|" * len(labels)
    )
    for name in names:
        cells = [results.get((label, name), reference) for label in labels]
        print(f"| {name} | " + " | ".join(f"{c[0]:.0f} ({c[1]:.0f}) / {c[2]:.0f}" for c in cells) + " |")
    print(f"\n| page at {size}: bytes transferred, median | " + " | ".join(labels) + " |\n|---|" + "---|" * len(labels))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{results.get((label, name), reference)[3]:,}" for label in labels) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--no-callbacks", action="store_true")
    parser.add_argument("--page-rounds", type=int, default=5)
    parser.add_argument("--viewports", nargs="+", choices=sorted(VIEWPORTS), default=["1366x768", "1920x1080"])
    parser.add_argument(
        "--fast-paths",
        nargs="+",
        default=["1"],
        metavar="SETTING",
        help="RIA_FAST_PATHS of each server to compare (1, 0, a list of names), or `each`",
    )
    parser.add_argument(
        "--network",
        metavar="MBPS,RTT_MS",
        help="page loads over a network this fast (Chromium's emulation), e.g. 10,40; default loopback",
    )
    args = parser.parse_args()
    settings = fast_path_settings(args.fast_paths)
    network = tuple(float(part) for part in args.network.split(",")) if args.network else None
    with tempfile.TemporaryDirectory() as folder:
        url, what = build_store(Path(folder))
        ports = {label: free_port() for label in settings}
        reference_port = free_port()
        servers = [start_gunicorn(url, ports[label], fast_paths=value) for label, value in settings.items()]
        servers.append(start_gunicorn(url, reference_port, "bench.reference_app:server"))
        port = next(iter(ports.values()))
        try:
            print(f"Store: {what}; gunicorn 2 workers on loopback; {os.cpu_count()} cores")
            print("Servers: " + "; ".join(f"{label} (RIA_FAST_PATHS={value})" for label, value in settings.items()))
            if not args.no_callbacks:
                print(f"\nCallbacks: {next(iter(settings))}\n")
                print("| callback | p50 ms | p95 ms | response bytes |\n|---|---|---|---|")
                for name, p50, p95, size in measure_callbacks(port, args.rounds):
                    print(f"| {name} | {p50:.1f} | {p95:.1f} | {size:,} |")
                print(
                    f"\n| callback, first call for a filter set ({len(COLD_QUERIES)} sets) | p50 ms | p95 ms "
                    "| max ms |\n|---|---|---|---|"
                )
                for name, p50, p95, most in measure_cold_callbacks(port):
                    print(f"| {name} | {p50:.1f} | {p95:.1f} | {most:.1f} |")
            if not args.no_pages:
                for size in args.viewports:
                    results = measure_pages(ports, reference_port, args.page_rounds, VIEWPORTS[size], network)
                    where = f", {network[0]:g} Mbit/s and {network[1]:g} ms round trips" if network else ""
                    print_pages(results, list(settings), size + where, args.page_rounds)
        finally:
            for process in servers:
                process.terminate()
                process.wait(timeout=10)


if __name__ == "__main__":
    main()
