"""Export benchmark: chart images and data files through the `/data/` twins, in one process.

Builds a store holding the real Ofsted files when they are found (else the demo data), builds
the app and requests, with Flask's test client (no network: what the server spends):
- the first image of the process (the renderer starts cold: Chromium is launched), once;
- PNG (1600 x 900) and SVG (800 x 450) of every chart view, N rounds each (PNG twice: back to
  back, and PAUSE_S after the last, as people download), rotating regions so
  most requests draw a figure not drawn before (the view's numbers are cached after the first
  round, as on a server): p50/p95/max and bytes;
- CSV, XLSX and ODS of every view, the same way.
Budget: a warm PNG <= 0.5 s. Prints Markdown tables; record results in bench/RESULTS.md. Usage:
    .venv/bin/python bench/exports.py [--rounds 12]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.core import build_store, percentile  # noqa: E402

REGIONS = ["north-west", "london", "", "south-east", "north-east", "yorkshire-and-the-humber"]
MANCHESTER, LEEDS = "E08000003", "E08000035"
PNG_BUDGET_S = 0.5
# kaleido reloads its page after each image, while the image goes back (dashboard.exports.images):
# an image requested back to back waits for that reload, one requested a moment later does not.
PAUSE_S = 0.3


def queries_for(name: str, rounds: int) -> list[str]:
    """A query per round: regions in turn (LAs for an LA profile)."""
    if name == "authority-timeline":
        return [f"?la={(MANCHESTER, LEEDS)[i % 2]}" for i in range(rounds)]
    return [f"?region={REGIONS[i % len(REGIONS)]}" if REGIONS[i % len(REGIONS)] else "" for i in range(rounds)]


def timed_get(client, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code, response.data[:300])
    return elapsed, len(response.data)


def measure(client, names: list[str], extension: str, rounds: int, pause: float = 0.0) -> list[tuple]:
    rows = []
    for name in names:
        # One request per query first: the view's numbers computed and cached, as on a server
        # that has shown the page; what is timed after is the file itself.
        for query in set(queries_for(name, rounds)):
            timed_get(client, f"/data/{name}.{extension}{query}")
        times, sizes = [], []
        for query in queries_for(name, rounds):
            time.sleep(pause)
            elapsed, size = timed_get(client, f"/data/{name}.{extension}{query}")
            times.append(elapsed)
            sizes.append(size)
        rows.append((name, statistics.median(times), percentile(times, 0.95), max(times), statistics.median(sizes)))
    return rows


def print_rows(title: str, rows: list[tuple], budget: float | None = None) -> None:
    print(f"\n{title}\n")
    print("| view | p50 ms | p95 ms | max ms | bytes (median) |")
    print("|---|---|---|---|---|")
    for name, p50, p95, most, size in rows:
        print(f"| {name} | {p50 * 1000:,.0f} | {p95 * 1000:,.0f} | {most * 1000:,.0f} | {size:,.0f} |")
    if budget is not None:
        worst = max(p95 for _, _, p95, _, _ in rows)
        verdict = "met" if worst <= budget else "NOT met"
        print(f"\nBudget p95 <= {budget * 1000:.0f} ms: {verdict} (worst {worst * 1000:,.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--images-only", action="store_true", help="leave out the data files")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url, kind = build_store(Path(folder))
        from dashboard import create_app
        from dashboard.exports import images
        from dashboard.views import VIEWS

        app = create_app(url)
        client = app.server.test_client()
        charts = [name for name, view in VIEWS.items() if view.chart]
        print(f"Store: {kind}. Rounds: {args.rounds}.")

        timed_get(client, "/data/judgements-as-at.json")  # the view computed: the cold time is the renderer's
        cold, size = timed_get(client, "/data/judgements-as-at.png")
        print(f"\nFirst image of the process (renderer started cold): {cold * 1000:,.0f} ms, {size:,} bytes")

        print_rows("Warm PNG, 1600 x 900 px, back to back", measure(client, charts, "png", args.rounds), PNG_BUDGET_S)
        print_rows(
            f"Warm PNG, 1600 x 900 px, {PAUSE_S} s after the last (a person downloading)",
            measure(client, charts, "png", args.rounds, PAUSE_S),
            PNG_BUDGET_S,
        )
        print_rows("Warm SVG, 800 x 450 px, back to back", measure(client, charts, "svg", args.rounds))
        for extension in () if args.images_only else ("csv", "xlsx", "ods"):
            print_rows(f"{extension.upper()}, every view", measure(client, list(VIEWS), extension, args.rounds))
        images.stop()


if __name__ == "__main__":
    main()
