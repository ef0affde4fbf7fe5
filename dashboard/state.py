"""Page state: filter controls <-> one store holding the canonical query string <-> the URL.

Each page keeps its filters in a `dcc.Store` (the query string). Changing a control updates the
store; a small browser-side callback pushes the new query string into the address bar
(history.pushState), so the link can be shared and Back returns to the previous view (Dash's
page router then renders the page from that query string).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from dashboard.filters import FRAMEWORK_CHOICES, MAP_COLOURS, MAP_KINDS, Filters, parse_query, query_key
from data_access.areas import HEADLINE_AREAS
from data_access.reference.local_authorities import LA_BY_ONS, LOCAL_AUTHORITIES
from data_access.reference.regions import REGIONS


def filters_from_store(query: str | None) -> Filters:
    return parse_query(dict(parse_qsl((query or "").lstrip("?"))))[0]


def control_id(page: str, field: str) -> str:
    return f"{page}-filter-{field}"


def store_id(page: str) -> str:
    return f"{page}-filters"


def _labelled(page: str, field: str, label: str, control) -> dbc.Col:
    return dbc.Col(
        [dbc.Label(label, html_for=control_id(page, field), className="fw-bold"), control],
        xs=12,
        sm=6,
        lg="auto",
        className="mb-2 filter-field",
    )


def _select(page: str, field: str, value: str, options: dict[str, str]):
    # dbc.Select renders a hidden placeholder <option value="">: without placeholder text, the "" choice
    # (e.g. "England (all regions)") shows as a blank box.
    return dbc.Select(
        id=control_id(page, field),
        value=value,
        placeholder=options.get(""),
        options=[{"label": text, "value": key} for key, text in options.items()],
    )


def _control(page: str, field: str, filters: Filters):
    if field == "region":
        options = {"": "England (all regions)"} | {r.code: r.name for r in REGIONS}
        return _labelled(page, field, "Region", _select(page, field, filters.region, options))
    if field == "la":
        options = {"": "All local authorities"} | {
            la.ons_code: la.name for la in sorted(LOCAL_AUTHORITIES, key=lambda la: la.name) if la.current
        }
        return _labelled(page, field, "Local authority", _select(page, field, filters.la, options))
    if field == "framework":
        return _labelled(page, field, "Framework", _select(page, field, filters.framework, FRAMEWORK_CHOICES))
    if field == "area":
        return _labelled(page, field, "Judgement area", _select(page, field, filters.area, HEADLINE_AREAS))
    if field in ("date_from", "date_to"):
        value = getattr(filters, field)
        label = "Published from" if field == "date_from" else "Published to"
        return _labelled(
            page,
            field,
            label,
            dbc.Input(
                id=control_id(page, field),
                type="date",
                value=value.isoformat() if value else "",
                min="2009-01-01",
                debounce=True,
            ),
        )
    if field == "colour":
        return _labelled(page, field, "Colour the map by", _select(page, field, filters.colour, MAP_COLOURS))
    if field == "map":
        return _labelled(
            page,
            field,
            "Map",
            dbc.RadioItems(
                id=control_id(page, field),
                value=filters.map,
                inline=True,
                options=[{"label": text, "value": key} for key, text in MAP_KINDS.items()],
            ),
        )
    if field == "predecessors":
        return _labelled(
            page,
            field,
            "Reorganised LAs",
            dbc.Checkbox(
                id=control_id(page, field), value=filters.predecessors, label="Compare with predecessor authorities"
            ),
        )
    raise ValueError(field)


def filter_bar(page: str, filters: Filters, fields: tuple[str, ...], notices: list[str]) -> html.Div:
    """The filter controls of a page, its state store, and any notice about ignored link values."""
    return html.Div(
        [
            html.Section(
                dbc.Row([_control(page, f, filters) for f in fields], className="g-3 align-items-end"),
                className="filter-bar mb-3",
                **{"aria-label": "Filters"},
            ),
            html.Div(
                [dbc.Alert(n, color="warning", className="py-2 mb-2") for n in notices],
                id=f"{page}-notices",
                role="status",
            ),
            dcc.Store(id=store_id(page), data=filters.to_query()),
            html.Div(id=f"{page}-url-sink", hidden=True),
        ]
    )


def _values_to_query(fields: tuple[str, ...], values: tuple) -> str:
    params = {}
    for field, value in zip(fields, values, strict=True):
        key = query_key(field)
        if field == "predecessors":
            value = "1" if value else "0"
        params[key] = value or ""
    filters, _ = parse_query(params)
    return filters.to_query()


def _control_value(filters: Filters, field: str):
    value = getattr(filters, field)
    if field in ("date_from", "date_to"):
        return value.isoformat() if value else ""
    return value


def register_filter_sync(page: str, fields: tuple[str, ...]) -> None:
    """Controls <-> store (server side, one parser), store -> address bar (browser side).

    The store also changes from the browser when Back/Forward stays on the same page
    (assets/ria.js sets it from the URL); the controls then follow the store.
    """
    controls = [control_id(page, f) for f in fields]

    @callback(
        Output(store_id(page), "data"),
        [Output(c, "value") for c in controls],
        Input(store_id(page), "data"),
        [Input(c, "value") for c in controls],
        prevent_initial_call=True,
    )
    def _sync(query, *values):
        if ctx.triggered_id == store_id(page):
            filters = filters_from_store(query)
            return no_update, *[_control_value(filters, f) for f in fields]
        chosen = dict(zip(fields, values, strict=True))
        if ctx.triggered_id == control_id(page, "region") and chosen.get("la"):
            la = LA_BY_ONS.get(chosen["la"])
            if la is None or la.region_code != chosen["region"]:
                chosen["la"] = ""  # a new region drops an LA outside it
        new_query = _values_to_query(fields, tuple(chosen.values()))
        filters = filters_from_store(new_query)
        # Controls show the normalised values (an LA brings its region with it).
        shown = [_control_value(filters, f) for f in fields]
        return new_query, *[v if v != old else no_update for v, old in zip(shown, values, strict=True)]

    clientside_callback(
        ClientsideFunction(namespace="ria", function_name="pushQuery"),
        Output(f"{page}-url-sink", "children"),  # nothing to show: the URL changes in the browser
        Input(store_id(page), "data"),
        State(store_id(page), "id"),
    )
