"""Warm a server's caches before it takes requests, so nobody waits for the first computations.

A page's first render per process reads the store and computes its frames and figures (0.3-0.6 s
per chart page); later renders take a few milliseconds from the caches. `warm_up` renders each
page's default view (England, no filters) once. `python app.py` calls it before serving, and
gunicorn.conf.py calls it in every worker before the worker accepts connections.
"""

from __future__ import annotations

import logging
import time

import dash
from dash._utils import to_json

log = logging.getLogger(__name__)


def warm_up(app: dash.Dash) -> float:
    """Render every page without path variables once; returns the seconds it took.

    A failure (say, the database not reachable yet) is logged, not raised: the server still
    starts, and the page that fails says so when it is asked for.
    """
    started = time.perf_counter()
    with app.server.test_request_context("/"):
        for page in dash.page_registry.values():
            if page.get("path_template") or not callable(page.get("layout")):
                continue
            try:
                to_json(page["layout"]())
            except Exception:  # noqa: BLE001 - warming is an optimisation, never a reason not to start
                log.warning("could not warm %s", page["path"], exc_info=True)
    return time.perf_counter() - started
