"""Build the Dash app: pages, theme, server settings (`create_app`)."""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import re
from pathlib import Path

import dash

from dashboard.context import set_store_url
from dashboard.data_routes import register_data_routes
from dashboard.first_render import cache_layout_responses

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


PARTIAL_PLOTLY = ROOT / "assets" / "00-plotly-basic.min.js"


def _preferred_encoding(request) -> str | None:
    """The compression to send: brotli where the browser takes it, else gzip, else none."""
    accepted = request.accept_encodings
    return "br" if "br" in accepted else "gzip" if "gzip" in accepted else None


def _compress(body: bytes, encoding: str | None) -> bytes:
    """`body` compressed once for keeps: brotli at quality 8 (~0.15 s for plotly.js, 30% smaller
    than the zstd Flask-Compress applies on the fly), or gzip."""
    import brotli

    if encoding == "br":
        return brotli.compress(body, quality=8)
    if encoding == "gzip":
        return gzip.compress(body, 6)
    return body


def _serve_partial_plotly(app: dash.Dash) -> None:
    """Answer Dash's own (asynchronous) request for plotly.js with the partial "basic" bundle.

    Scatter, bar and pie are all our charts and maps use: 1.2 MB instead of 4.8 MB, and quicker to
    execute than the "cartesian" bundle (which adds heatmaps and the like). It is compressed once
    per process (`_compress`), not on every request.

    (V8's "allFunctionsCalledOnLoad" compile hint was tried: compiling the whole bundle ahead
    delayed its run by ~0.3 s on a busy two-core machine, so Dash loaded it a second time.)

    Dash loads plotly.js asynchronously, so pages start without waiting for it; a synchronous
    copy in assets/ would block every page, charts or not, for ~450 ms while it is parsed.
    """
    import flask

    if not PARTIAL_PLOTLY.exists():
        return  # `make install` vendors it; without it Dash serves plotly's full bundle
    body = PARTIAL_PLOTLY.read_bytes()
    version = hashlib.sha256(body).hexdigest()[:16]
    encoded = functools.cache(functools.partial(_compress, body))

    @app.server.before_request
    def _partial_plotly():
        request = flask.request
        if not request.path.startswith("/_dash-component-suites/plotly/package_data/plotly"):
            return None
        encoding = _preferred_encoding(request)
        response = flask.Response(encoded(encoding), mimetype="application/javascript")
        if encoding:
            response.headers["Content-Encoding"] = encoding  # Flask-Compress leaves it alone
        response.vary.add("Accept-Encoding")
        response.set_etag(f"{version}-{encoding or 'identity'}")
        # Dash's URL for it has no version in it: browsers check back after an hour (304 if unchanged).
        response.cache_control.public = True
        response.cache_control.max_age = 3600
        return response.make_conditional(request)


STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
STATIC_TYPES = {"application/javascript", "text/javascript", "text/css"}


def _compress_static_once(app: dash.Dash) -> None:
    """Keep one compressed copy per process of each of Dash's scripts and our assets.

    Flask-Compress compresses every response on every request: ~5 ms of server time a script,
    ~60 ms a page load, taken from a browser on the same machine or from other users. These files
    change only with a deploy (their URLs carry a version or a file time), so each is compressed
    once, with brotli where the browser takes it (smaller than the zstd Flask-Compress picks).
    Plotly.js has its own handler (_serve_partial_plotly).
    """
    import flask

    copies: dict[tuple[str, str], bytes] = {}

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
        encoding = _preferred_encoding(request)
        if encoding is None:
            return response
        key = (request.full_path, encoding)
        if key not in copies:
            response.direct_passthrough = False  # a file response: read it
            copies[key] = _compress(response.get_data(), encoding)
        response.direct_passthrough = False
        response.set_data(copies[key])
        response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        return response


PLOTLY_URL = "/_dash-component-suites/plotly/package_data/plotly.min.js"  # see _serve_partial_plotly
GRAPH_URL = "/_dash-component-suites/dash/dcc/async-graph.js"  # dcc.Graph's own code, loaded on first use
# Chart pages fetch both ahead, so they are in memory when dcc.Graph asks for them. Running
# plotly.js earlier was tried and is slower or racy: a synchronous script before Dash's delays the
# whole page by its run time; an async one runs late when the browser is busy, and dcc.Graph
# then loads plotly.js a second time.
CHART_PAGE_PRELOADS = "".join(f'<link rel="preload" href="{url}" as="script">' for url in (PLOTLY_URL, GRAPH_URL))


# Scripts Dash sends to every page that this app never needs: @babel/polyfill (core-js 2, for
# pre-2017 browsers; ~0.1 s of script work per page load) and dash_table's bundle (Dash registers
# the library whether or not a page uses it; our tables are plain HTML, components/table.py).
UNUSED_SCRIPTS = re.compile(r'<script src="[^"]*/(?:deps/polyfill@|dash_table/bundle\.)[^"]*"></script>\s*')


def _page_aware_index(app: dash.Dash) -> None:
    """Each page's HTML names the page in its <title> and, on pages with charts (registered with
    ``charts=True``), preloads plotly.js: it then downloads while Dash starts instead of after
    the page is laid out. Scripts no page uses are left out."""
    import flask
    from dash._pages import _path_to_page

    from dashboard.first_render import render_page_title

    plain = app.interpolate_index

    def interpolate_index(**kwargs) -> str:
        kwargs["scripts"] = UNUSED_SCRIPTS.sub("", kwargs["scripts"])
        page, variables = _path_to_page(dash.strip_relative_path(flask.request.path))
        if page:
            kwargs["title"] = html.escape(render_page_title(page, variables))
        if page.get("charts"):
            kwargs["css"] = CHART_PAGE_PRELOADS + kwargs["css"]
        return plain(**kwargs)

    app.interpolate_index = interpolate_index


def create_app(database_url: str | None = None) -> dash.Dash:
    """The app. Pages register themselves on import, so the Dash object must exist first."""
    set_store_url(database_url)
    app = dash.Dash(
        "dashboard",  # the package: Dash names page modules after it (dashboard.pages.maps)
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        assets_ignore=r"00-plotly.*",  # served in place of Dash's plotly bundle, below
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
    _serve_partial_plotly(app)
    _compress_static_once(app)
    _page_aware_index(app)
    cache_layout_responses(app)
    register_data_routes(app.server)
    from dashboard.components.shell import shell

    app.layout = shell
    return app
