"""Faults end in a message, not a traceback, and the app recovers by itself when the store is back.

- The store unreadable (a PostgreSQL server down, a SQLite file truncated or being restored, a
  lock held too long) answers 503 with Retry-After and one sentence, whatever asked: a page (an
  HTML page that reloads itself), Dash's layout and callback requests (JSON; assets/ria-retry.js
  shows the sentence and asks again), a `/data/` twin (the twin's format). Every cached result is
  dropped on a fault, so nothing computed before it is served after it. The engine drops its
  pooled connections on such errors (data_access/db.py), so the first request after the store is
  back succeeds without a restart.
- A malformed callback request (not JSON, the wrong shape, an output no callback has, the wrong
  number of inputs) is answered 400 with a one-line reason, not a 500 from inside Dash.
- A request body over RIA_MAX_REQUEST_BYTES is answered 413 before it is read.
"""

from __future__ import annotations

import html
import json
import logging
import sqlite3

import dash
import flask
from sqlalchemy import exc
from werkzeug.exceptions import RequestEntityTooLarge

from data_access.cache import clear_caches, store_revision, store_url
from data_access.db import store_unavailable

log = logging.getLogger(__name__)

UNAVAILABLE = "The data is temporarily unavailable; retrying"
RETRY_AFTER_SECONDS = 5
CALLBACK_PATH = "/_dash-update-component"
# Requests that are not pages: Dash's own routes, static files, the data twins.
NOT_PAGES = ("/_dash-", "/_reload-hash", "/_favicon.ico", "/assets/", "/data/")
STORE_ERRORS = (exc.DBAPIError, exc.TimeoutError, exc.DisconnectionError, sqlite3.Error)

UNAVAILABLE_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="refresh" content="{seconds}">
    <title>Data temporarily unavailable - RIA children's services dashboard</title>
    <style>
      body {{ font-family: system-ui, sans-serif; margin: 0; color: #0b0c0c; }}
      header {{ background: #212529; color: #fff; padding: 0.75rem 1.5rem; font-weight: bold; }}
      main {{ max-width: 40rem; padding: 1.5rem; }}
    </style>
  </head>
  <body>
    <header>RIA children's services dashboard</header>
    <main id="main">
      <h1 role="alert">{message}</h1>
      <p>This page tries again by itself every {seconds} seconds. Nothing you chose is lost: the
      address holds every filter.</p>
    </main>
  </body>
</html>
"""


EXTENSION = "ria_on_store_fault"  # app.server.extensions: what else to clear on a store fault


def on_store_fault(app: dash.Dash, clear) -> None:
    """Call `clear()` whenever `app` meets a store fault (a cache of the app's own, like the layout
    responses of dashboard/fast_paths.py), as the data caches are cleared."""
    app.server.extensions.setdefault(EXTENSION, []).append(clear)


def install(app: dash.Dash, max_request_bytes: int) -> None:
    """Give `app` its fault handling. Call before fast_paths.install, so the page check and the
    callback check see every request."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    for error_class in STORE_ERRORS:
        server.register_error_handler(error_class, _store_fault)
    server.register_error_handler(RequestEntityTooLarge, _too_large)

    @server.before_request
    def _check_store_for_pages():
        """A page is only worth sending if the store answers (its revision, read at most every
        2 s): else the browser would get the page's scripts and then "Error loading layout"."""
        request = flask.request
        if request.method == "GET" and not request.path.startswith(NOT_PAGES):
            store_revision(store_url())  # raises a store error when it cannot be read
        return None

    @server.before_request
    def _check_callback_request():
        request = flask.request
        if request.method != "POST" or request.path != CALLBACK_PATH:
            return None
        reason = malformed_callback(request, app.callback_map)
        if reason:
            return flask.Response(reason + "\n", status=400, mimetype="text/plain")
        return None


def malformed_callback(request: flask.Request, callback_map: dict) -> str | None:
    """Why a POST to Dash's callback route cannot be a callback of this app (one line), or None."""
    body = request.get_json(force=True, silent=True)  # a body over the limit raises 413 here
    if body is None:
        return "bad callback request: the body is not JSON"
    if not isinstance(body, dict):
        return "bad callback request: the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "bad callback request: 'output' must be a string naming the callback's outputs"
    callback = callback_map.get(output)
    if callback is None:
        return f"bad callback request: no callback has the output {output[:100]!r}"
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list):
            return f"bad callback request: {key!r} must be a list"
        expected = len(callback.get(key, []))
        if len(items) != expected:
            return f"bad callback request: {key!r} has {len(items)} items, the callback takes {expected}"
        for item in items:
            if not all(_is_dependency(part) for part in (item if isinstance(item, list) else [item])):
                return f"bad callback request: each item of {key!r} must be an object with 'id' and 'property'"
    outputs = body.get("outputs", [])
    if not isinstance(outputs, list | dict):
        return "bad callback request: 'outputs' must be a list or an object"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "bad callback request: 'changedPropIds' must be a list of strings"
    return None


def _is_dependency(item) -> bool:
    return isinstance(item, dict) and "id" in item and isinstance(item.get("property"), str)


def _store_fault(error: Exception):
    """503, Retry-After and one sentence, in the form the request expects; the caches are dropped."""
    if not store_unavailable(error):
        raise error  # a fault of ours, not of the store: Flask's usual 500
    request = flask.request
    first_line = (str(error).splitlines() or [type(error).__name__])[0][:300]
    log.warning("store unavailable (%s %s): %s", request.method, request.path, first_line)
    # Nothing computed before the fault is trusted after it: the store that comes back may not be
    # the one that went (a backup put back), even at the same revision.
    clear_caches()
    for clear in flask.current_app.extensions.get(EXTENSION, ()):
        clear()
    path = request.path
    if path.startswith("/_dash-") or (path.startswith("/data/") and path.endswith(".json")):
        response = flask.Response(
            json.dumps({"error": UNAVAILABLE, "retry_after": RETRY_AFTER_SECONDS}), mimetype="application/json"
        )
    elif path.startswith("/data/"):
        response = flask.Response(UNAVAILABLE + "\n", mimetype="text/plain")
    else:
        body = UNAVAILABLE_PAGE.format(message=html.escape(UNAVAILABLE), seconds=RETRY_AFTER_SECONDS)
        response = flask.Response(body, mimetype="text/html")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _too_large(_error: RequestEntityTooLarge):
    limit = flask.current_app.config.get("MAX_CONTENT_LENGTH")
    sent = flask.request.content_length
    size = f"{sent:,} bytes" if sent is not None else "the body"
    return flask.Response(
        f"request too large: {size} is over the limit of {limit:,} bytes (RIA_MAX_REQUEST_BYTES)\n",
        status=413,
        mimetype="text/plain",
    )
