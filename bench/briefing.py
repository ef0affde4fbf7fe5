"""Briefing pack benchmark: warm build time of the PDF and the PowerPoint deck for one region.

Builds a store in a temporary folder (the real Ofsted files when found, else the demo data;
bench/core.py's `build_store`), then for one region and period times, N times each after one
warm-up build (caches filled, the chart renderer started): the pack's numbers (`build_pack`),
the PDF (charts drawn as SVG, then weasyprint) and the deck (charts as PNG, then python-pptx),
each on a fresh pack, with the drawn charts forgotten (a first click) and kept (the same pack again),
and as the /briefing page gives it: Build pressed 1 s after the form set the request, whose
charts the page started drawing then (jobs.draw_ahead).
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
    from dashboard.exports import briefing, jobs
    from dashboard.exports.pdf import _IMAGES, pdf_bytes
    from dashboard.exports.render import render_files
    from dashboard.exports.slides_pptx import pptx_bytes

    with tempfile.TemporaryDirectory() as folder:
        url, kind = build_store(Path(folder))
        set_store_url(url)
        both = briefing.validate(args.region, args.date_from, args.date_to, list(briefing.SECTIONS), ["pdf", "pptx"])
        warm = briefing.build_pack(both)
        sizes = {"pdf": len(pdf_bytes(warm)), "pptx": len(pptx_bytes(warm))}

        # name -> (work on a new pack, whether drawn charts are forgotten first: a first click)
        cases = {
            "numbers only (build_pack)": (lambda pack: None, False),
            "PDF, charts drawn (4 SVG charts + weasyprint)": (pdf_bytes, True),
            "PPTX, charts drawn (4 PNG charts + python-pptx)": (pptx_bytes, True),
            "PDF and PPTX together, charts drawn (PNGs drawn while weasyprint runs)": (render_files, True),
            "PDF again, same request (charts kept)": (pdf_bytes, False),
            "PPTX again, same request (charts kept)": (pptx_bytes, False),
        }
        ahead = "PDF, Build pressed 1 s after the form was set (charts drawn ahead meanwhile)"
        pdf_only = briefing.validate(args.region, args.date_from, args.date_to, list(briefing.SECTIONS), ["pdf"])
        times: dict[str, list[float]] = {name: [] for name in [*cases, ahead]}
        for _ in range(args.rounds):
            for name, (work, forget) in cases.items():
                if forget:
                    _IMAGES.clear()
                times[name].append(timed(lambda work=work: work(briefing.build_pack(both))))
            _IMAGES.clear()
            jobs.draw_ahead(pdf_only)  # what the /briefing form does when the request is set
            time.sleep(1.0)  # the user moves to "Build"; the rest of the drawing is waited for
            times[ahead].append(timed(lambda: pdf_bytes(briefing.build_pack(pdf_only))))
            jobs.CHARTS_AHEAD.wait(60)
        print(f"Store: {kind}. {both.place}, {both.period}, every section; {args.rounds} rounds, warm.\n")
        print("| output | median ms | fastest | slowest |")
        print("|---|---|---|---|")
        for name, values in times.items():
            print(f"| {name} | {statistics.median(values):,.0f} | {min(values):,.0f} | {max(values):,.0f} |")
        print(f"\nPDF {sizes['pdf']:,} bytes; PPTX {sizes['pptx']:,} bytes.")


if __name__ == "__main__":
    main()
