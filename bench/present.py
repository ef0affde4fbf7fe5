"""Meeting slides benchmark: how long a slide's chart takes to appear on the wall screen.

Serves the app with gunicorn on a free loopback port against a store of the real Ofsted files
when they are found (else the demo data), and in headless Chromium, per viewport and round:
- opens `/present?region=...#N` cold (a new browser context) for every slide N with a chart:
  ms from navigation to that slide's chart drawn (the worst case: a reload mid-meeting);
- opens the deck once, waits for it to load, and presses the right arrow through it: ms from
  the key to the next slide shown with its chart drawn (what the room sees between slides).
The issue's bar: no slide shows a blank chart for more than 1 s. Prints a Markdown table. Usage:
    .venv/bin/python bench/present.py [--rounds 5] [--region north-west] [--viewports 1920x1080 1366x768]
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

from bench.core import build_store, percentile, start_gunicorn  # noqa: E402
from bench.harness import free_port, launch_chromium  # noqa: E402

VIEWPORTS = {"1920x1080": (1920, 1080), "1366x768": (1366, 768), "1280x720": (1280, 720)}
SLIDE_SHOWN = (
    "n => { const s = document.querySelector('#slide-' + n);"
    " return !!s && !s.hidden && !!s.querySelector('.slide-message'); }"
)
SLIDE_DRAWN = (
    "n => { const s = document.querySelector('#slide-' + n); if (!s || s.hidden) return false;"
    " const charts = s.querySelectorAll('.slide-chart');"
    " if (!charts.length) return !!s.querySelector('.slide-message');"
    " return [...charts].every(c => c.querySelector('.main-svg .trace')); }"
)


EVERY_CHART_DRAWN = (
    "() => [...document.querySelectorAll('#present-deck .slide-chart')].every(c => c.querySelector('.main-svg .trace'))"
)


def slides_with_charts(browser, url: str, viewport: tuple[int, int]) -> tuple[int, list[int]]:
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#present-deck")
    total = int(page.get_attribute("#present-deck", "data-slides"))
    charted = page.evaluate(
        "() => [...document.querySelectorAll('#present-deck .slide')]"
        ".filter(s => s.querySelector('.slide-chart')).map(s => +s.dataset.slide)"
    )
    page.close()
    return total, charted


def cold_slide(browser, url: str, number: int, viewport: tuple[int, int]) -> tuple[float, float]:
    """ms from navigation to the slide's chart drawn, and how long the chart's box stood blank
    (from the slide's title and message on screen to its chart drawn)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(f"{url}#{number}", wait_until="commit")
    page.wait_for_function(SLIDE_SHOWN, arg=number, polling="raf", timeout=30000)
    shown = time.perf_counter()
    page.wait_for_function(SLIDE_DRAWN, arg=number, polling="raf", timeout=30000)
    drawn = time.perf_counter()
    context.close()
    return (drawn - started) * 1000, (drawn - shown) * 1000


def key_through(browser, url: str, total: int, viewport: tuple[int, int]) -> dict[int, float]:
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.goto(f"{url}#1", wait_until="domcontentloaded")
    page.wait_for_function(SLIDE_DRAWN, arg=1, polling="raf", timeout=30000)
    # The deck is loaded when every slide's chart is drawn (hidden ones too): from then on a key
    # press shows what the room waits for between slides, not the rest of the first load.
    page.wait_for_function(EVERY_CHART_DRAWN, polling="raf", timeout=30000)
    times = {}
    for number in range(2, total + 1):
        started = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(SLIDE_DRAWN, arg=number, polling="raf", timeout=30000)
        times[number] = (time.perf_counter() - started) * 1000
    context.close()
    return times


def spread(values: list[float] | None, empty: str) -> str:
    return f"{statistics.median(values):.0f} / {percentile(values, 0.95):.0f}" if values else empty


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--region", default="north-west")
    parser.add_argument("--viewports", nargs="+", choices=sorted(VIEWPORTS), default=["1920x1080", "1366x768"])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url, what = build_store(Path(folder))
        port = free_port()
        server = start_gunicorn(url, port)
        try:
            deck_url = f"http://127.0.0.1:{port}/present?region={args.region}"
            print(f"Store: {what}. Deck: /present?region={args.region}. Rounds: {args.rounds}.\n")
            print(
                "| viewport | slide | cold load to chart drawn, p50 / p95 ms | chart box blank after the"
                " slide's text shows, p50 / p95 ms | key press to chart drawn, p50 / p95 ms |"
            )
            print("|---|---|---|---|---|")
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                for name in args.viewports:
                    viewport = VIEWPORTS[name]
                    total, charted = slides_with_charts(browser, deck_url, viewport)
                    cold = {n: [] for n in charted}
                    blank = {n: [] for n in charted}
                    keyed = {n: [] for n in range(2, total + 1)}
                    for _ in range(args.rounds):
                        for number in charted:
                            whole, empty = cold_slide(browser, deck_url, number, viewport)
                            cold[number].append(whole)
                            blank[number].append(empty)
                        for number, ms in key_through(browser, deck_url, total, viewport).items():
                            keyed[number].append(ms)
                    for number in range(1, total + 1):
                        cells = [
                            spread(cold.get(number), "(no chart)"),
                            spread(blank.get(number), "(no chart)"),
                            spread(keyed.get(number), "(first)"),
                        ]
                        print(f"| {name} | {number} | " + " | ".join(cells) + " |")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
