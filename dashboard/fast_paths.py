"""Every speed-up that uses Dash's private code or replaces what Dash does, behind one setting.

`RIA_FAST_PATHS=0` (or false, no, off) turns them all off: the app is then plain public-API Dash
(Dash's own router renders each page, Dash's own index and scripts, plotly.py's full plotly.js,
every section rendered with its page), and no private Dash name is imported. Unset, or 1 (true,
yes, on), turns them all on. A comma-separated list of names turns on those only, e.g.
`RIA_FAST_PATHS=first_render,partial_plotly`: bench/core.py measures each one that way.

The fast paths (what each saves: bench/RESULTS.md, "2026-12-03: fast paths on and off"):
- `first_render`: the requested page rendered into the first `/_dash-layout` response (from the
  request's Referer), which is kept per page URL: no second request to Dash's router per load.
- `partial_plotly`: Dash's request for plotly.js answered with the partial "basic" bundle
  (1.2 MB, scatter, bar and pie: all our charts use), compressed once, instead of the 4.8 MB one.
- `preload`: the HTML of a page with charts preloads plotly.js and dcc.Graph's code.
- `strip_scripts`: two scripts Dash sends to every page and no page here needs are left out.
- `deferred`: sections below the first screen drawn after it (a hand-written Dash component,
  `Deferred`, whose browser side is `window.ria_components.Deferred` in assets/ria.js).

Private Dash names are imported only through `private()`, and only the ones in PRIVATE_NAMES:
tests/unit/test_fast_paths.py imports each and fails, naming it and Dash's version, when one is
gone. If one is gone at start-up, the fast paths are turned off (logged as an error) and the app
runs as plain Dash. Dash is pinned to an exact version in requirements.txt.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
import os
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import dash
import flask
from dash import dcc, html
from dash.development.base_component import Component

log = logging.getLogger(__name__)

SETTING = "RIA_FAST_PATHS"
FAST_PATHS = ("first_render", "partial_plotly", "preload", "strip_scripts", "deferred")
_ON = {"", "1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}

# module -> the private names the fast paths use from it (and nothing else from Dash's private code).
PRIVATE_NAMES: dict[str, tuple[str, ...]] = {
    # Dash's page router: how it finds a page for a path and parses a query string.
    "dash._pages": ("_parse_query_string", "_path_to_page"),
    # The ids of the components in `dash.page_container`, which its router callback uses.
    "dash.dash": ("_ID_LOCATION", "_ID_CONTENT", "_ID_STORE", "_ID_DUMMY"),
}
# What a hand-written component must define for Dash to serialise it (`Deferred` below); Dash's
# generated components define the same, so their presence on an html.Div is checked.
COMPONENT_ATTRIBUTES = (
    "_namespace",
    "_type",
    "_prop_names",
    "_base_nodes",
    "_children_props",
    "_valid_wildcard_attributes",
    "available_properties",
    "available_wildcard_properties",
)


# -- the setting -----------------------------------------------------------------------------------


def chosen(value: str | None = None) -> frozenset[str]:
    """The fast paths RIA_FAST_PATHS (or `value`) turns on; an unknown name is an error."""
    text = (os.environ.get(SETTING, "") if value is None else value).strip().lower()
    if text in _ON:
        return frozenset(FAST_PATHS)
    if text in _OFF:
        return frozenset()
    names = {name.strip() for name in text.split(",") if name.strip()}
    unknown = sorted(names - set(FAST_PATHS))
    if unknown:
        raise ValueError(
            f"{SETTING}={value if value is not None else os.environ.get(SETTING)!r}: unknown fast path(s) "
            f"{', '.join(unknown)}; use 1 (all), 0 (none) or a comma-separated list of {', '.join(FAST_PATHS)}"
        )
    return frozenset(names)


def enabled(name: str | None = None) -> bool:
    """Whether RIA_FAST_PATHS leaves the fast paths on: any of them, or the one named."""
    on = chosen()
    return bool(on) if name is None else name in on


def active(name: str) -> bool:
    """Whether the fast path `name` is on in the app serving this request (as `install` decided
    it), or, outside a request, as RIA_FAST_PATHS says."""
    if flask.has_app_context() and SETTING in flask.current_app.config:
        return name in flask.current_app.config[SETTING]
    return enabled(name)


def private(module: str, name: str):
    """A private Dash name the fast paths use (it must be listed in PRIVATE_NAMES)."""
    if name not in PRIVATE_NAMES.get(module, ()):
        raise KeyError(f"{module}.{name} is not in fast_paths.PRIVATE_NAMES: list it there (it is tested)")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as error:
        raise ImportError(
            f"{module}.{name}, used by dashboard/fast_paths.py, is gone in dash {dash.__version__}: "
            f"update the fast path or run with {SETTING}=0"
        ) from error


def missing_private_names() -> list[str]:
    """The private names in PRIVATE_NAMES this Dash does not have, and component attributes it no
    longer defines (each as text naming it and Dash's version); empty when all is there."""
    missing = []
    for module, names in PRIVATE_NAMES.items():
        for name in names:
            try:
                private(module, name)
            except ImportError as error:
                missing.append(str(error))
    for attribute in COMPONENT_ATTRIBUTES:
        if not hasattr(html.Div(), attribute):
            missing.append(f"Component attribute {attribute} is gone in dash {dash.__version__}")
    return missing


def install(app: dash.Dash) -> frozenset[str]:
    """Turn on the fast paths RIA_FAST_PATHS asks for in `app`; returns their names.

    A hook that must see every request (a login check) has to be registered before this is
    called: the layout cache and the plotly.js handler answer their requests themselves."""
    on = chosen()
    if on and (missing := missing_private_names()):
        log.error("fast paths turned off, Dash changed underneath them: %s", "; ".join(missing))
        on = frozenset()
    app.server.config[SETTING] = on
    if "partial_plotly" in on:
        serve_partial_plotly(app)
    if on & {"preload", "strip_scripts"}:
        _page_aware_index(app, preload="preload" in on, strip="strip_scripts" in on)
    if "first_render" in on:
        _cache_layout_responses(app)
    return on


def renders_page_in_layout(app: dash.Dash) -> bool:
    """Whether `app`'s `/_dash-layout` response holds the page its Referer names (first_render)."""
    return "first_render" in app.server.config.get(SETTING, ())


# -- first_render: the requested page in the first layout response -----------------------------------
# With `use_pages`, Dash sends an empty page container in `/_dash-layout`; the browser then mounts
# `dcc.Location`, which reports the URL, and Dash's router callback renders the page in a second
# request. Here the page is rendered in the first: the renderer fetches `/_dash-layout` from the
# page itself, so the request's Referer is the page's URL. The Location component is given that
# URL's pathname, search, href and hash, so on mount it finds nothing to report and the router
# stays idle until the user navigates.
#
# Whenever the Referer is missing or is not this site's (a privacy setting, a proxy), the container
# is left empty and Dash's router renders the page exactly as before: the saving is lost, nothing
# else. A URL with a #fragment does the same (the Referer has no fragment, so Location reports it).


def requested_url() -> str | None:
    """The page URL a `/_dash-layout` request was made from, if it is this site's."""
    if not flask.has_request_context() or flask.request.path != "/_dash-layout":
        return None
    referrer = flask.request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != flask.request.host or parts.fragment:
        return None
    return referrer


def render_page(path: str, search: str) -> tuple[object, str]:
    """(layout, title) of the page at `path` with query `search`, as Dash's router would render it."""
    path_to_page = private("dash._pages", "_path_to_page")
    parse_query_string = private("dash._pages", "_parse_query_string")
    page, variables = path_to_page(dash.strip_relative_path(path))
    if not page:
        page = next(
            (p for module, p in dash.page_registry.items() if module.split(".")[-1] == "not_found_404"),
            {"layout": html.H1("Page not found"), "title": "Page not found"},
        )
    layout = page["layout"]
    if callable(layout):
        layout = layout(**{**(variables or {}), **parse_query_string(search)})
    return layout, _page_title(page, variables)


def _page_title(page: dict, variables: dict | None) -> str:
    """A registered page's title (a function of its path variables, for LA profiles)."""
    title = page["title"]
    return title(**(variables or {})) if callable(title) else title


def page_container() -> html.Div:
    """`dash.page_container`, holding the requested page when first_render is on and the request
    says which page it is."""
    url = requested_url() if active("first_render") else None
    if url is None:
        return dash.page_container
    parts = urlsplit(url)
    path, search = parts.path or "/", f"?{parts.query}" if parts.query else ""
    layout, title = render_page(path, search)
    ids = {name: private("dash.dash", name) for name in PRIVATE_NAMES["dash.dash"]}
    return html.Div(  # laid out as `dash.page_container` is
        [
            dcc.Location(
                id=ids["_ID_LOCATION"], refresh="callback-nav", pathname=path, search=search, href=url, hash=""
            ),
            html.Div(layout, id=ids["_ID_CONTENT"], disable_n_clicks=True),
            dcc.Store(id=ids["_ID_STORE"], data={"title": title}),
            html.Div(id=ids["_ID_DUMMY"], disable_n_clicks=True),
        ]
    )


LAYOUT_CACHE_MAX = 64  # layout responses kept per process (each 30-130 KB: at most ~8 MB)


def canonical_page_url(url: str) -> bool:
    """Whether `url`'s query string is exactly the one the app itself writes for its filters
    (Filters.to_query): no unknown, repeated, invalid or reordered parameters."""
    from urllib.parse import parse_qs

    from dashboard.filters import parse_query

    query = urlsplit(url).query
    try:
        params = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query), max_num_fields=20)
    except ValueError:
        return False
    if any(len(values) != 1 for values in params.values()):
        return False
    filters, notices = parse_query({key: values[0] for key, values in params.items()})
    return not notices and filters.to_query() == (f"?{query}" if query else "")


def _cache_layout_responses(app: dash.Dash) -> None:
    """Answer `/_dash-layout` from memory: one rendered response per page URL, store version and day.

    Rendering and serialising a page's layout takes 10-30 ms of server time on every page load,
    more when the server is busy. The response depends only on the page URL (the Referer), what
    the store holds and today's date (periods such as "the last 12 months"), so it is kept,
    up to LAYOUT_CACHE_MAX of them, and rebuilt when any of those change. Only URLs whose query
    string is the app's own (`canonical_page_url`) are kept: any other (a typed link, a
    cache-busting parameter) is rendered for that request and not kept, so requests cannot fill
    the cache with copies of one page. Anything that must see every layout request (a login check)
    has to be a `before_request` hook registered before this one.
    """
    from dashboard import faults
    from dashboard.cache import current_store_version

    @functools.lru_cache(maxsize=LAYOUT_CACHE_MAX)
    def rendered(url: str, version: tuple, today: date) -> bytes:
        return app.serve_layout().get_data()

    app.server.extensions["ria_layout_cache"] = rendered  # tests look at its size
    faults.on_store_fault(app, rendered.cache_clear)  # nothing rendered before a fault is trusted after it

    @app.server.before_request
    def _cached_layout():
        if flask.request.path != "/_dash-layout" or flask.request.method != "GET":
            return None
        url = requested_url() or ""  # the whole URL: the layout's Location holds it
        if url and not canonical_page_url(url):
            return None  # Dash renders it (with the page, as page_container() does), not kept
        return flask.Response(rendered(url, current_store_version(), date.today()), mimetype="application/json")


# -- partial_plotly: the "basic" plotly.js bundle in place of the full one ----------------------------

PARTIAL_PLOTLY = Path(__file__).resolve().parent.parent / "assets" / "00-plotly-basic.min.js"
PLOTLY_URL = "/_dash-component-suites/plotly/package_data/plotly.min.js"  # Dash's URL for plotly.js


def serve_partial_plotly(app: dash.Dash) -> None:
    """Answer Dash's own (asynchronous) request for plotly.js with the partial "basic" bundle.

    Scatter, bar and pie are all our charts and maps use: 1.2 MB instead of 4.8 MB, and quicker to
    execute than the "cartesian" bundle (which adds heatmaps and the like). It is compressed once
    per process (dashboard/factory.py's `compress`), not on every request. (bench/reference_app.py
    serves it too.)

    (V8's "allFunctionsCalledOnLoad" compile hint was tried: compiling the whole bundle ahead
    delayed its run by ~0.3 s on a busy two-core machine, so Dash loaded it a second time.)

    Dash loads plotly.js asynchronously, so pages start without waiting for it; a synchronous
    copy in assets/ would block every page, charts or not, for ~450 ms while it is parsed.
    """
    from dashboard.factory import compress, preferred_encoding

    if not PARTIAL_PLOTLY.exists():
        return  # `make install` vendors it; without it Dash serves plotly's full bundle
    body = PARTIAL_PLOTLY.read_bytes()
    version = hashlib.sha256(body).hexdigest()[:16]
    encoded = functools.cache(functools.partial(compress, body))

    @app.server.before_request
    def _partial_plotly():
        request = flask.request
        if not request.path.startswith("/_dash-component-suites/plotly/package_data/plotly"):
            return None
        encoding = preferred_encoding(request)
        response = flask.Response(encoded(encoding), mimetype="application/javascript")
        if encoding:
            response.headers["Content-Encoding"] = encoding  # Flask-Compress leaves it alone
        response.vary.add("Accept-Encoding")
        response.set_etag(f"{version}-{encoding or 'identity'}")
        # Dash's URL for it has no version in it: browsers check back after an hour (304 if unchanged).
        response.cache_control.public = True
        response.cache_control.max_age = 3600
        return response.make_conditional(request)


# -- preload and strip_scripts: the page's HTML ------------------------------------------------------

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


def _page_aware_index(app: dash.Dash, *, preload: bool, strip: bool) -> None:
    """On pages with charts (registered with ``charts=True``) the HTML preloads plotly.js: it then
    downloads while Dash starts instead of after the page is laid out (`preload`). Scripts no page
    uses are left out (`strip`)."""
    plain = app.interpolate_index

    def interpolate_index(**kwargs) -> str:
        if strip:
            kwargs["scripts"] = UNUSED_SCRIPTS.sub("", kwargs["scripts"])
        if preload:
            page, _ = private("dash._pages", "_path_to_page")(dash.strip_relative_path(flask.request.path))
            if page.get("charts"):
                kwargs["css"] = CHART_PAGE_PRELOADS + kwargs["css"]
        return plain(**kwargs)

    app.interpolate_index = interpolate_index


# -- deferred: sections below the first screen drawn after it ----------------------------------------


class Deferred(Component):
    """Children rendered when on the screen or scrolled to, or after the first screen is drawn
    (dashboard/components/deferred.py says when it is used).

    Keyword arguments:
    - children: the section.
    - id: the placeholder's and the section's wrapper id.
    - className: classes of the wrapper.
    - min_height: CSS height the placeholder keeps (about the section's own).
    - label: what the placeholder says is coming, e.g. the section's title.
    - shown: set by the browser when it renders a section that waited (never sent by the server).
    """

    _namespace = "ria_components"  # window.ria_components, defined in assets/ria.js
    _type = "Deferred"
    _children_props: list[str] = []
    _base_nodes = ["children"]
    _prop_names = ["children", "id", "className", "min_height", "label", "shown"]
    _valid_wildcard_attributes: list[str] = []
    available_properties = _prop_names
    available_wildcard_properties: list[str] = []

    def __init__(self, children=None, id=None, className=None, min_height=None, label=None, shown=None):
        args = dict(id=id, className=className, min_height=min_height, label=label, shown=shown)
        super().__init__(children=children, **{k: v for k, v in args.items() if v is not None})
