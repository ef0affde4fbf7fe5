"""Screenshots of every page, full length, at 1920x1080 and 1366x768: `make screenshots`.

Serves the app on a free loopback port against DATABASE_URL when that is set and points at a
store that exists, otherwise against a throwaway demo store, and drives Debian's Chromium
(/usr/bin/chromium) through Playwright. Files land in screenshots/<page>-<width>.png, and the meeting
slides in screenshots/present-slide<N>-<width>.png (git-ignored).

    python scripts/screenshots.py [--out DIR] [--demo] [page ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, DASH_IDLE_JS, NOT_FOUND, WHOLE_PAGE_READY, launch_chromium  # noqa: E402
from tests.conftest import build_demo_store  # noqa: E402
from tests.live_server import PAGES, live_server  # noqa: E402

SIZES = ((1920, 1080), (1366, 768))
# The pages the browser tests load (PAGES) and the rest of the app's pages.
SHOTS = {
    **PAGES,
    "support": "/support",
    "priority": "/priority",
    "records": "/support/records",
    "briefing": "/briefing",
}


def _usable_store(url: str) -> bool:
    """A SQLite URL must name an existing file (else the app would show an empty store)."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        return (ROOT / url.removeprefix("sqlite:///")).is_file()  # the app runs in ROOT
    return True


def _wait_for_page(page) -> None:
    page.wait_for_selector("#_pages_content h1", state="attached")
    page.wait_for_function(WHOLE_PAGE_READY, polling=100)  # every section and chart drawn
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => (!window.__riaIdle || window.__riaIdle(300))"
        " && !document.querySelector('[data-dash-is-loading=\"true\"]')",
        polling=100,
    )


PRESENT_QUERY = "/present?region=north-west"  # the meeting slides, one PNG each


def _slides(page, server_url: str, out: Path, width: int) -> list[Path]:
    """Every slide of the meeting deck at this size (the deck moves on with the Right key)."""
    page.goto(server_url + PRESENT_QUERY, wait_until="domcontentloaded")
    page.wait_for_selector("#present-deck .slide:not([hidden]) .slide-message")
    written = []
    for number in range(1, int(page.get_attribute("#present-deck", "data-slides")) + 1):
        page.wait_for_function(f"() => location.hash === '#{number}'")
        page.wait_for_timeout(400)  # the chart of a slide just shown is resized by plotly
        path = out / f"present-slide{number}-{width}.png"
        page.screenshot(path=str(path))
        written.append(path)
        print(path, flush=True)
        page.keyboard.press("ArrowRight")
    return written


def take(server_url: str, out: Path, names: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
                context.set_default_timeout(30_000)
                context.add_init_script(script=DASH_IDLE_JS)
                page = context.new_page()
                for name in (n for n in names if n in SHOTS):
                    page.goto(server_url + SHOTS[name], wait_until="domcontentloaded")
                    _wait_for_page(page)
                    heading = page.locator("#_pages_content h1").first.text_content().strip()
                    if heading in NOT_FOUND:
                        print(f"warning: {SHOTS[name]} answered {heading!r}", file=sys.stderr)
                    page.evaluate("() => document.fonts && document.fonts.ready")
                    path = out / f"{name}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
                    print(path, flush=True)
                if "present" in names:
                    written += _slides(page, server_url, out, width)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pages", nargs="*", metavar="page", help=f"pages to capture (default: all of {', '.join(SHOTS)})"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the PNG files")
    parser.add_argument("--demo", action="store_true", help="use a demo store even if DATABASE_URL is set")
    args = parser.parse_args(argv)
    unknown = [p for p in args.pages if p not in SHOTS and p != "present"]
    if unknown:
        parser.error(f"unknown page(s) {', '.join(unknown)}; choose from {', '.join(SHOTS)}")
    if not CHROMIUM.exists():
        print(
            f"{CHROMIUM} not found: install Debian's chromium package (scripts/install_system_deps.sh)",
            file=sys.stderr,
        )
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    names = args.pages or [*SHOTS, "present"]

    with tempfile.TemporaryDirectory(prefix="ria-screenshots-") as tmp:
        url = os.environ.get("DATABASE_URL", "").strip()
        if args.demo or not url or not _usable_store(url):
            if url and not args.demo:
                print(f"DATABASE_URL={url} has no store yet: using demo data", file=sys.stderr)
            url = build_demo_store(Path(tmp))
        with live_server(url) as server:
            print(f"Serving {url} on {server.url}", file=sys.stderr)
            take(server.url, args.out, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
