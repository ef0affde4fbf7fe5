"""Warm a server's caches before it takes requests, so nobody waits for the first computations.

A page's first render per process reads the store and computes its frames and figures (0.3-0.6 s
per chart page); later renders take a few milliseconds from the caches. `warm_up` asks for each
page's default view (England, no filters) once. `python app.py` calls it before serving, and
gunicorn.conf.py calls it in every worker before the worker accepts connections.
"""

from __future__ import annotations

import logging
import re
import time
from urllib.parse import parse_qsl

import dash

from dashboard.fast_paths import renders_page_in_layout

log = logging.getLogger(__name__)


def warm_up(app: dash.Dash, site: str = "http://localhost") -> float:
    """Ask for every page's first layout (pages without path variables) once, with the views a
    page lists in `dash.register_page(..., warm=[query, ...])`, and for the
    Overview's scripts and stylesheets; returns the seconds it took. That fills the view caches,
    the layout response cache (the first_render fast path, dashboard/fast_paths.py) and the
    compressed copies of the static files (dashboard/factory.py). `site` is the address browsers
    will use (the layout cache is keyed by the page's whole URL); views are computed whatever it is.
    With first_render off, each page's layout function is called as Dash's router would call it.

    A failure (say, the database not reachable yet) is logged, not raised: the server still
    starts, and the page that fails says so when it is asked for.
    """
    started = time.perf_counter()
    client = app.server.test_client()
    site = site.rstrip("/")
    in_layout = renders_page_in_layout(app)
    for page in dash.page_registry.values():
        if page.get("path_template") or not callable(page.get("layout")):
            continue
        for query in ["", *page.get("warm", [])]:  # a page may name more views to compute
            url = page["path"] + query
            try:
                if in_layout:  # the layout response holds the page, and is kept (fast_paths.py)
                    response = client.get("/_dash-layout", base_url=site, headers={"Referer": site + url})
                    if response.status_code != 200:
                        log.warning("could not warm %s: HTTP %s", url, response.status_code)
                else:  # Dash's router renders pages: render the layout as it would
                    with app.server.test_request_context(url, base_url=site):
                        page["layout"](**dict(parse_qsl(query.removeprefix("?"))))
            except Exception:  # noqa: BLE001 - warming is an optimisation, never a reason not to start
                log.warning("could not warm %s", url, exc_info=True)
    # Every script and stylesheet a chart page loads (plotly.js included), in both compressions.
    index = client.get("/").get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="(/[^"]+)"', index):
        for encoding in ("br", "gzip"):
            client.get(url, headers={"Accept-Encoding": encoding})
    return time.perf_counter() - started
