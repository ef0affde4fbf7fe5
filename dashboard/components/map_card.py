"""The regional map card: Chart | Table | Download, the geometry sent once, filter changes as patches.

`map_card` renders the full figure for the first render. `register_map` wires the callbacks:

* the page's filter store -> a ``dash.Patch`` restyling the map (``style_patch``: hex, the
  tile trace's per-point colours, outlines, labels and sizes; geo, the template that styles
  the outline traces, and the label trace; both, the legend and the region's axis ranges:
  ~8-10 KB for 153 LAs, uncompressed) plus its summary; the full figure (with geometry) only
  when the map kind changes. The selected LA (``Filters.la``, when set) gets a thick outline
  and a sentence in the summary;
* the graph's real size ``[width, height]``, measured once in the browser (``{page}-map-size``)
  -> the same patch with tiles and labels sized for it (plotly draws markers and text in
  pixels), when that differs from the first render's (``plot_height`` x ``ASSUMED_WIDTH``);
* the Table tab is filled when it is opened (or the filters change once it has been), so the
  first render and a filter change on the map send no table;
* a click on an LA -> ``/la/<code>`` (keyboard users follow the links in the Table tab);
* the Download tab links to the view's data twin, re-pointed when the filters change.
"""

from __future__ import annotations

import json
import re

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, Patch, State, callback, clientside_callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.chart_card import (
    CARD_CHROME_PX,
    GRAPH_CONFIG,
    TABLE_PLACEHOLDER,
    download_outputs,
    download_panel,
    download_values,
)
from dashboard.components.deferred import CHART_BOX_CLASS, Deferred, deferred
from dashboard.components.tabs import tab_button_id, view_tabs
from dashboard.figures import maps
from dashboard.filters import Filters
from dashboard.state import filters_from_store, store_id
from dashboard.views.freshness import as_at
from dashboard.views.maps import (
    ASSUMED_WIDTH,
    HEX_NOTE,
    MAP,
    current_values,
    full_figure,
    map_geometry,
    title,
    values_as_at,
)
from data_access.cache import cached
from data_access.reference.local_authorities import LA_BY_ONS

MAP_CONFIG = GRAPH_CONFIG | {"scrollZoom": False, "doubleClick": False, "showTips": False}
NO_BOUNDARIES = "Boundaries not loaded, showing the hex map. Put the ONS boundary file in RIA_GEO_DIR"
_LA_CODE = re.compile(r"^E\d{8}$")


# -- table ------------------------------------------------------------------------------------------


def map_table(frame: pd.DataFrame, caption: str) -> html.Div:
    """Like components.table.data_table, with each LA's name a link to its profile."""
    numeric = {"Months since"}
    header = html.Tr(
        [
            html.Th(
                html.Button(
                    [c, html.Span(className="sort-indicator", **{"aria-hidden": "true"})],
                    className="sort-button",
                    type="button",
                    **{"data-numeric": "1" if c in numeric else "0"},
                ),
                scope="col",
                className="text-end" if c in numeric else None,
            )
            for c in frame.columns
        ]
    )
    body = []
    for row in frame.to_dict("records"):
        cells = []
        for column, value in row.items():
            if column == "Local authority":
                cells.append(html.Th(dcc.Link(value, href=f"/la/{row['ONS code']}"), scope="row"))
            else:
                text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
                cells.append(html.Td(text, className="text-end" if column in numeric else None))
        body.append(html.Tr(cells))
    table = html.Table(
        [html.Caption(caption), html.Thead(header), html.Tbody(body)],
        className="table table-sm table-striped data-table sortable",
    )
    return html.Div(table, className="table-responsive", tabIndex=0, role="region", **{"aria-label": caption})


def _table_for(filters: Filters) -> html.Div:
    caption = f"{title(filters)}. Each local authority's name links to its profile."
    return map_table(MAP.result(filters).shown_frame, caption)


# -- figure, patch, notes ---------------------------------------------------------------------------


def style_patch(
    values: pd.DataFrame,
    colour_by: str,
    region_code: str | None,
    kind: str,
    geometry: dict,
    plot_size: tuple[int, int],
    la_code: str | None = None,
) -> Patch:
    """Restyle a figure made by maps.map_figure (same kind) in place: no geometry, no hover text.

    `plot_size` is the graph's (width, height) in pixels; `la_code` the selected LA, if any.
    """
    n = len(values)
    width, height = plot_size
    styles = maps.map_styles(values, colour_by, region_code, kind, la_code)
    view = maps.map_view(geometry, values, region_code, kind, height, width, colour_by)
    labels = maps.fitted_labels(styles["label_text"], view["label_fit"])
    patch = Patch()
    if kind == "hex":  # one trace: its per-point arrays
        tiles = patch["data"][0]
        tiles["marker"]["color"] = styles["fillcolor"]
        tiles["marker"]["line"]["color"] = styles["line_color"]
        tiles["marker"]["line"]["width"] = maps.per_point(styles["line_width"])  # an array if an LA is selected
        tiles["marker"]["size"] = view["marker_size"]
        tiles["text"] = labels
        tiles["textfont"]["color"] = styles["label_color"]
        tiles["textfont"]["size"] = view["font_size"]
    else:  # a trace per LA, styled by the template; then the label trace, and callouts for small LAs
        labels, notes = maps.callouts(geometry, styles, view, region_code)
        patch["layout"]["template"]["data"]["scatter"] = maps.style_template(styles)
        patch["layout"]["annotations"] = notes
        patch["data"][n]["text"] = labels
        patch["data"][n]["textfont"]["color"] = styles["label_color"]
        patch["data"][n]["textfont"]["size"] = view["font_size"]
    first = maps.legend_start(kind, n)
    for j, item in enumerate(styles["legend"]):
        patch["data"][first + j].update(maps.legend_trace_props(item))
    patch["layout"]["legend"]["title"]["text"] = styles["legend_title"] + ":"
    patch["layout"]["legend"]["title"]["side"] = view["legend_title_side"]
    patch["layout"]["xaxis"]["range"] = view["xrange"]
    patch["layout"]["yaxis"]["range"] = view["yrange"]
    return patch


def _note(filters: Filters, kind: str) -> list:
    """Above the map: why it is not the map asked for (geo without a boundary file), or nothing."""
    if filters.map == "geo" and kind != "geo":
        return [dbc.Alert(NO_BOUNDARIES, color="info", className="py-2 mb-2")]
    return []


def _credit(kind: str, attribution: str) -> str:
    """Under the map: what the shapes are and, for real boundaries, the required attribution."""
    if kind == "geo":
        return "Boundaries: " + (attribution or "Office for National Statistics (OGL v3.0)")
    return HEX_NOTE


MAP_FIELDS = ("region", "colour", "map")


def _map_filters(filters: Filters, fields: tuple[str, ...]) -> Filters:
    """A page without a colour or map control shows that setting's default (overall grade, hex)."""
    default = Filters()
    return filters.with_(**{f: getattr(default, f) for f in ("colour", "map") if f not in fields})


def _ids(page: str) -> dict[str, str]:
    names = (
        "card",
        "title",
        "note",
        "credit",
        "size",
        "graph",
        "img",
        "summary",
        "kind",
        "tabs",
        "table",
        "nav",
    )
    return {name: f"{page}-map-{name}" for name in names}


def map_card(
    page: str, filters: Filters, fields: tuple[str, ...] = MAP_FIELDS, *, height: str = "75vh", plot_height: int = 576
) -> Deferred:
    """The map card for a page's first render. `fields` are the page's filter controls; `height`
    is CSS; `plot_height` the pixel height the labels are sized for (the smallest target screen).
    Below the first screen it is drawn after it (`deferred`)."""
    ids = _ids(page)
    filters = _map_filters(filters, fields)
    values = current_values()
    kind, _, _, attribution = map_geometry(filters.map)
    figure = full_figure(filters, (ASSUMED_WIDTH, plot_height))
    summary = maps.map_summary(values, filters.colour, filters.region or None, filters.la or None)
    card = dbc.Card(
        [
            dbc.CardHeader(html.H2(title(filters), className="h5 mb-0", id=ids["title"])),
            dbc.CardBody(
                [
                    html.Div(_note(filters, kind), id=ids["note"], role="status"),
                    dcc.Store(id=ids["kind"], data=kind),
                    dcc.Store(id=ids["size"]),  # the graph's [width, height] in pixels, measured in the browser
                    dcc.Location(id=ids["nav"], refresh="callback-nav"),
                    view_tabs(
                        f"{page}-map",
                        "Map views",
                        [
                            (
                                "chart",
                                "Map",
                                html.Figure(
                                    [
                                        html.Div(
                                            dcc.Graph(
                                                id=ids["graph"],
                                                figure=figure,
                                                config=MAP_CONFIG,
                                                clear_on_unhover=True,
                                                style={"height": "100%"},
                                            ),
                                            role="img",
                                            id=ids["img"],
                                            className=CHART_BOX_CLASS,
                                            style={"height": height, "minHeight": "420px"},
                                            **{"aria-label": summary},
                                        ),
                                        html.Figcaption(summary, id=ids["summary"], className="small mt-2"),
                                        html.P(
                                            _credit(kind, attribution),
                                            id=ids["credit"],
                                            className="small text-body-secondary mb-0",
                                        ),
                                    ],
                                    className="mb-0",
                                ),
                            ),
                            ("table", "Table", html.Div(html.P(TABLE_PLACEHOLDER), id=ids["table"])),
                            ("download", "Download", download_panel(f"{page}-map", "table", MAP, filters)),
                        ],
                    ),
                ]
            ),
        ],
        className="mb-4 chart-card map-card",
        id=ids["card"],
    )
    return deferred(card, label=title(filters), min_height=f"calc({height} + {CARD_CHROME_PX}px)")


def navigation_target(click: dict | None, codes: list[str]) -> str | None:
    """The profile path for a click on the map, or None (not on an LA).

    A hex tile's point carries its ONS code (``customdata``); a click on a geo map's fill
    carries only its trace number: `codes` are the LAs by trace number (empty for hex)."""
    points = (click or {}).get("points") or []
    if not points:
        return None
    point = points[0]
    code = point.get("customdata")
    if isinstance(code, list):
        code = code[0] if code else None
    if not isinstance(code, str):
        number = point.get("curveNumber")  # a click on a fill carries its trace, not a point
        code = codes[number] if isinstance(number, int) and 0 <= number < len(codes) else None
    if not code or not _LA_CODE.match(code) or code not in LA_BY_ONS or not LA_BY_ONS[code].current:
        return None
    return f"/la/{code}"


def plot_size(size, plot_height: int) -> tuple[int, int]:
    """(width, height) from the browser's measurement ``[width, height]``; before one (or for
    nonsense), the first render's assumption: ASSUMED_WIDTH x `plot_height`."""
    if isinstance(size, list | tuple) and len(size) == 2 and all(isinstance(v, int | float) for v in size):
        width, height = size
        if 100 <= width <= 8000 and 200 <= height <= 4000:
            return int(width), int(height)
    return ASSUMED_WIDTH, plot_height


@cached(maxsize=256)
def _restyled(today, _geometry_id, filters: Filters, size, shown_kind, plot_height, by_size) -> tuple | None:
    """The restyle callback's outputs, once per filter set and screen size (a Patch is only read
    when sent, so one can be sent many times); None when a new size changes nothing."""
    values = values_as_at(today).copy()
    kind, geometry, _, attribution = map_geometry(filters.map)
    region, la = filters.region or None, filters.la or None
    width, height = size
    if by_size and kind == shown_kind:
        first = maps.map_view(geometry, values, region, kind, plot_height, ASSUMED_WIDTH, filters.colour)
        if maps.map_view(geometry, values, region, kind, height, width, filters.colour) == first:
            return None
    if kind == shown_kind:
        figure = style_patch(values, filters.colour, region, kind, geometry, (width, height), la)
    else:
        figure = full_figure(filters, (width, height))
    summary = maps.map_summary(values, filters.colour, region, la)
    note, credit = _note(filters, kind), _credit(kind, attribution)
    return figure, kind, summary, summary, note, credit, title(filters)


def register_map(page: str, fields: tuple[str, ...] = MAP_FIELDS, *, plot_height: int = 576) -> None:
    """The map's callbacks on `page` (give the same `fields` and `plot_height` as to map_card)."""
    ids = _ids(page)

    def page_filters(query: str | None) -> Filters:
        return _map_filters(filters_from_store(query), fields)

    # Plotly draws markers and text in pixels: the first render sizes tiles and labels for
    # `plot_height` x ASSUMED_WIDTH; once the browser reports the graph's real [width, height],
    # they are resized for it (a wall screen gets bigger ones, a phone smaller tiles that do
    # not overlap) by the same restyle patch.
    clientside_callback(
        """async function (kind, current) {
            // The page may still be laying out, or the card may be below the first screen and
            // drawn after it (components/deferred.py): look for up to 15 s.
            for (var tries = 0; tries < 300; tries++) {
                var el = document.getElementById(GRAPH_BOX);
                var box = el ? el.getBoundingClientRect() : null;
                if (box && box.width && box.height) {
                    var size = [Math.round(box.width), Math.round(box.height)];
                    var same = Array.isArray(current) && current[0] === size[0] && current[1] === size[1];
                    return same ? window.dash_clientside.no_update : size;
                }
                await new Promise(function (resolve) { setTimeout(resolve, 50); });
            }
            return window.dash_clientside.no_update;
        }""".replace("GRAPH_BOX", json.dumps(ids["img"])),
        Output(ids["size"], "data"),
        Input(ids["kind"], "data"),
        State(ids["size"], "data"),
    )

    @callback(
        Output(ids["graph"], "figure"),
        Output(ids["kind"], "data"),
        Output(ids["summary"], "children"),
        Output(ids["img"], "aria-label"),
        Output(ids["note"], "children"),
        Output(ids["credit"], "children"),
        Output(ids["title"], "children"),
        Input(store_id(page), "data"),
        Input(ids["size"], "data"),
        State(ids["kind"], "data"),
        prevent_initial_call=True,
    )
    def _restyle(query, size, shown_kind):
        filters = page_filters(query)
        kind, geometry, _, _ = map_geometry(filters.map)
        outputs = _restyled(
            as_at(),
            id(geometry),
            filters,
            plot_size(size, plot_height),
            shown_kind if shown_kind in maps.KINDS else None,
            plot_height,
            ctx.triggered_id == ids["size"],
        )
        if outputs is None:
            raise PreventUpdate  # the tiles and labels already fit this screen
        return outputs

    @callback(
        Output(ids["table"], "children"),
        Input(store_id(page), "data"),
        Input(tab_button_id(f"{page}-map", "table"), "n_clicks"),
        prevent_initial_call=True,
    )
    def _table(query, opened):
        if not opened:
            return no_update  # filled once opened: a filter change on the map alone sends no table
        return _table_for(page_filters(query))

    @callback(
        Output(ids["nav"], "href"),
        Input(ids["graph"], "clickData"),
        State(ids["kind"], "data"),
        prevent_initial_call=True,
    )
    def _navigate(click, shown_kind):
        codes = sorted(current_values()["ons_code"]) if shown_kind == "geo" else []
        target = navigation_target(click, codes)
        if target is None:
            raise PreventUpdate
        return target

    @callback(*download_outputs(f"{page}-map", MAP), Input(store_id(page), "data"), prevent_initial_call=True)
    def _downloads(query):
        return download_values(MAP, page_filters(query))
