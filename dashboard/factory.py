"""Build the Dash app: pages, theme, server settings (`create_app`)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import dash

from dashboard import fast_paths, faults
from dashboard.briefing_routes import register_briefing_routes
from dashboard.context import set_store_url
from dashboard.data_routes import register_data_routes
from dashboard.support_routes import register_support_routes
from data_access.cache import Lru

ROOT = Path(__file__).resolve().parent.parent

INDEX = """<!DOCTYPE html>
<html lang="en-GB">
  <head>
    {%metas%}
    <title>{%title%}</title>
    {%favicon%}
    {%css%}
  </head>
  <body>
    {%app_entry%}
    {%config%}{%scripts%}{%renderer%}
  </body>
</html>"""


def preferred_encoding(request) -> str | None:
    """The compression to send: brotli where the browser takes it, else gzip, else none."""
    accepted = request.accept_encodings
    return "br" if "br" in accepted else "gzip" if "gzip" in accepted else None


def compress(body: bytes, encoding: str | None) -> bytes:
    """`body` compressed once for keeps: brotli at quality 8 (~0.15 s for plotly.js, 30% smaller
    than the zstd Flask-Compress applies on the fly), or gzip."""
    import brotli

    if encoding == "br":
        return brotli.compress(body, quality=8)
    if encoding == "gzip":
        return gzip.compress(body, 6)
    return body


STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
STATIC_TYPES = {"application/javascript", "text/javascript", "text/css"}
COMPONENT_SUITES = "/_dash-component-suites/"
# Compressed copies kept per process: a page uses ~20 scripts and style sheets, in at most two
# encodings, so this holds them all with room to spare, and no request can make it hold more.
STATIC_COPIES_MAX = 128


def static_content_key(path: str, response) -> tuple:
    """What determines a static file's bytes: the file (Dash's version fingerprint in a script's
    name taken out, as Dash serves any fingerprint with the same file) and the validators its
    response carries (ETag, Last-Modified, length). Never the query string: `?m=<mtime>` and any
    other parameter leave the file served unchanged."""
    from dash.fingerprint import check_fingerprint

    if path.startswith(COMPONENT_SUITES):
        path = COMPONENT_SUITES + check_fingerprint(path.removeprefix(COMPONENT_SUITES))[0]
    headers = response.headers
    return (path, headers.get("ETag", ""), headers.get("Last-Modified", ""), response.content_length)


def _compress_static_once(app: dash.Dash) -> None:
    """Keep one compressed copy per process of each of Dash's scripts and our assets.

    Flask-Compress compresses every response on every request: ~5 ms of server time a script,
    ~60 ms a page load, taken from a browser on the same machine or from other users. These files
    change only with a deploy (their URLs carry a version or a file time), so each is compressed
    once, with brotli where the browser takes it (smaller than the zstd Flask-Compress picks).
    Copies are keyed by the file and its validators, not by the URL (a query string or another
    version fingerprint in the URL names the same file), and at most STATIC_COPIES_MAX are kept.
    Not a fast path (dashboard/fast_paths.py): the same files, compressed as Flask-Compress would,
    only once. The partial plotly.js, a fast path, has its own handler.
    """
    import flask

    copies = Lru(STATIC_COPIES_MAX)
    app.server.extensions["ria_static_copies"] = copies  # tests look at its size

    @app.server.after_request  # runs before Flask-Compress's hook (registered earlier)
    def _compressed_static(response: flask.Response) -> flask.Response:
        request = flask.request
        if (
            request.method != "GET"
            or not request.path.startswith(STATIC_PREFIXES)
            or response.status_code != 200
            or response.mimetype not in STATIC_TYPES
            or "Content-Encoding" in response.headers
        ):
            return response
        encoding = preferred_encoding(request)
        if encoding is None:
            return response
        key = (static_content_key(request.path, response), encoding)
        response.direct_passthrough = False  # a file response: read it (when compressing it)
        body = copies.get(key, None)
        if body is None:
            body = compress(response.get_data(), encoding)
            copies.put(key, body)
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        return response


# Dash puts each page's title in an og:title meta tag (`include_pages_meta`, on by default),
# escaped for HTML; the page's <title> says the same, so a tab or a screen reader names the page
# before Dash's router sets document.title.
OG_TITLE = re.compile(r'<meta property="og:title" content="([^"]*)">')


def _page_title_in_html(app: dash.Dash) -> None:
    """Each page's HTML names the page in its <title> (public API: Dash's own og:title)."""
    plain = app.interpolate_index

    def interpolate_index(**kwargs) -> str:
        found = OG_TITLE.search(kwargs.get("metas", ""))
        if found:
            kwargs["title"] = found.group(1)
        return plain(**kwargs)

    app.interpolate_index = interpolate_index


def create_app(database_url: str | None = None) -> dash.Dash:
    """The app. Pages register themselves on import, so the Dash object must exist first.

    Refuses (data_access.store.StoreNotReady, one line naming the command to run) a store that is
    missing or not migrated: serving it would show errors only, and would create an empty file."""
    from data_access.settings import max_request_bytes
    from data_access.store import check_ready

    check_ready(database_url)
    set_store_url(database_url)
    app = dash.Dash(
        "dashboard",  # the package: Dash names page modules after it (dashboard.pages.maps)
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        assets_ignore=r"00-plotly.*",  # served in place of Dash's plotly bundle (fast_paths.py)
        title="RIA children's services dashboard",
        update_title=None,
        serve_locally=True,
        compress=True,  # gzip: plotly.js and callback JSON are several times smaller on the wire
        # Without this, Dash embeds every page's full layout (~1 MB with charts and map geometry)
        # in every page load to check callback ids in the browser. tests/integration/
        # test_callback_ids.py does that check once, at test time, instead.
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.index_string = INDEX
    faults.install(app, max_request_bytes())  # first: its checks must see every request
    fast_paths.install(app)  # RIA_FAST_PATHS=0: none, the app is plain public-API Dash
    _compress_static_once(app)
    _page_title_in_html(app)
    register_data_routes(app.server)
    register_briefing_routes(app.server)
    register_support_routes(app.server)
    from dashboard.components.shell import shell

    app.layout = shell
    return app
