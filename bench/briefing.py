"""Briefing pack benchmark: warm build time of the PDF and the PowerPoint deck for one region.

Builds a store in a temporary folder (the real Ofsted files when found, else the demo data;
bench/core.py's `build_store`), then for one region and period times, N times each after one
warm-up build (caches filled, the chart renderer started): the pack's numbers (`build_pack`),
the PDF (charts drawn as SVG, then weasyprint) and the deck (charts as PNG, then python-pptx),
each from a fresh pack so the charts are drawn every time, as a user's click does.
Prints a Markdown table (median, fastest, slowest); record results in bench/RESULTS.md. Usage:
    .venv/bin/python bench/briefing.py [--region "North West"] [--from 2025-04-01] [--to 2026-03-31] [--rounds 5]
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

from bench.core import build_store  # noqa: E402


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", default="North West")
    parser.add_argument("--from", dest="date_from", default="2025-04-01")
    parser.add_argument("--to", dest="date_to", default="2026-03-31")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from dashboard.context import set_store_url
    from dashboard.exports import briefing
    from dashboard.exports.pdf import pdf_bytes
    from dashboard.exports.slides_pptx import pptx_bytes

    with tempfile.TemporaryDirectory() as folder:
        url, kind = build_store(Path(folder))
        set_store_url(url)
        request = briefing.validate(args.region, args.date_from, args.date_to, list(briefing.SECTIONS), ["pdf", "pptx"])
        warm = briefing.build_pack(request)
        sizes = {"pdf": len(pdf_bytes(warm)), "pptx": len(pptx_bytes(warm))}
        times: dict[str, list[float]] = {"numbers": [], "pdf": [], "pptx": []}
        for _ in range(args.rounds):
            times["numbers"].append(timed(lambda: briefing.build_pack(request)))
            times["pdf"].append(timed(lambda: pdf_bytes(briefing.build_pack(request))))
            times["pptx"].append(timed(lambda: pptx_bytes(briefing.build_pack(request))))
        print(f"Store: {kind}. {request.place}, {request.period}, every section; {args.rounds} rounds, warm.\n")
        print("| output | median ms | fastest | slowest | bytes |")
        print("|---|---|---|---|---|")
        labels = {
            "numbers": "numbers only (build_pack)",
            "pdf": "PDF (pack + SVG charts + weasyprint)",
            "pptx": "PPTX (pack + PNG charts + python-pptx)",
        }
        for key, values in times.items():
            size = f"{sizes[key]:,}" if key in sizes else ""
            print(
                f"| {labels[key]} | {statistics.median(values):,.0f} | {min(values):,.0f} | {max(values):,.0f} "
                f"| {size} |"
            )


if __name__ == "__main__":
    main()
