"""The requested page rendered into the first layout response, saving a round trip per page load.

With `use_pages`, Dash sends an empty page container in `/_dash-layout`; the browser then mounts
`dcc.Location`, which reports the URL, and Dash's router callback renders the page in a second
request. Here the page is rendered in the first: the renderer fetches `/_dash-layout` from the
page itself, so the request's Referer is the page's URL. The Location component is given that
URL's pathname, search, href and hash, so on mount it finds nothing to report and the router
stays idle until the user navigates.

Whenever the Referer is missing or is not this site's (a privacy setting, a proxy), the container
is left empty and Dash's router renders the page exactly as before: the saving is lost, nothing
else. A URL with a #fragment does the same (the Referer has no fragment, so Location reports it).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

import dash
import flask
from dash import dcc, html
from dash._pages import _parse_query_string, _path_to_page  # Dash's own router uses these two

# Dash's page container ids (dash.dash._ID_*), laid out as `dash.page_container` does.
LOCATION, CONTENT, STORE, DUMMY = "_pages_location", "_pages_content", "_pages_store", "_pages_dummy"


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
    page, variables = _path_to_page(dash.strip_relative_path(path))
    if not page:
        page = next(
            (p for module, p in dash.page_registry.items() if module.split(".")[-1] == "not_found_404"),
            {"layout": html.H1("Page not found"), "title": "Page not found"},
        )
    layout = page["layout"]
    if callable(layout):
        layout = layout(**{**(variables or {}), **_parse_query_string(search)})
    return layout, render_page_title(page, variables)


def render_page_title(page: dict, variables: dict | None) -> str:
    """A registered page's title (a function of its path variables, for LA profiles)."""
    title = page["title"]
    return title(**(variables or {})) if callable(title) else title


def page_container() -> html.Div:
    """`dash.page_container`, holding the requested page when the request says which it is."""
    url = requested_url()
    if url is None:
        return dash.page_container
    parts = urlsplit(url)
    path, search = parts.path or "/", f"?{parts.query}" if parts.query else ""
    layout, title = render_page(path, search)
    return html.Div(
        [
            dcc.Location(id=LOCATION, refresh="callback-nav", pathname=path, search=search, href=url, hash=""),
            html.Div(layout, id=CONTENT, disable_n_clicks=True),
            dcc.Store(id=STORE, data={"title": title}),
            html.Div(id=DUMMY, disable_n_clicks=True),
        ]
    )


def cache_layout_responses(app: dash.Dash) -> None:
    """Answer `/_dash-layout` from memory: one rendered response per page URL, store version and day.

    Rendering and serialising a page's layout takes 10-30 ms of server time on every page load,
    more when the server is busy. The response depends only on the page URL (the Referer), what
    the store holds and today's date (periods such as "the last 12 months"), so it is kept,
    up to 256 of them, and rebuilt when any of those change. Anything that must see every layout
    request (a login check) has to be a `before_request` hook registered before this one.
    """
    from dashboard.cache import current_store_version

    @lru_cache(maxsize=256)
    def rendered(url: str, version: tuple, today: date) -> bytes:
        return app.serve_layout().get_data()

    @app.server.before_request
    def _cached_layout():
        if flask.request.path != "/_dash-layout" or flask.request.method != "GET":
            return None
        url = requested_url() or ""  # the whole URL: the layout's Location holds it
        return flask.Response(rendered(url, current_store_version(), date.today()), mimetype="application/json")
