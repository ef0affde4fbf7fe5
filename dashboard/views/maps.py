"""The regional map: each LA's latest grades, leadership change and months since inspection,
as a table and as a hex-tile or boundary map coloured by one of them."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd

from dashboard.context import store_url
from dashboard.figures import maps
from dashboard.filters import MAP_COLOURS, Filters, region_slug
from dashboard.geo import boundaries
from dashboard.geo.hex_layout import hex_layout
from dashboard.views.base import Canvas, View, ViewResult
from dashboard.views.freshness import as_at
from dashboard.views.links import with_ofsted_pages
from data_access import queries
from data_access.cache import cached
from data_access.grades import GRADED, Grade
from data_access.metrics.map_values import NO_INSPECTION, map_values
from data_access.metrics.ranks import change_with_arrow, quartile, shared_rank
from data_access.reference.regions import DEFAULT_BASIS, members, on_basis

FILTER_FIELDS = ("region", "la", "colour", "map")
HEX_NOTE = (
    "Hex tiles: one equal tile per local authority, near its real position, so small "
    "authorities are as visible as large ones (London's boroughs are spread out)."
)
ASSUMED_WIDTH = 1200  # px: the graph's width until the browser has measured it (a wide screen)
DESK_HEIGHT = 576  # px: 75vh of a 1366x768 screen, the smallest the labels are sized for


# -- data -------------------------------------------------------------------------------------------


@cached(maxsize=4)
def values_as_at(today: date) -> pd.DataFrame:
    """Every LA's map values as at `today`, from the app's store (shared: do not mutate)."""
    url = store_url()
    return map_values(
        queries.judgements(url), queries.local_authorities(url), queries.reorganisations(url), today=today
    )


def current_values() -> pd.DataFrame:
    """The map values as at the data's date (views.freshness), a copy the caller may change."""
    return values_as_at(as_at()).copy()


# Geometry is read from files, not the store: it is kept per process (the boundary files per
# their modification times), outside the store's cache.
@lru_cache(maxsize=1)
def _hex_geometry() -> dict:
    return maps.tile_centres(hex_layout())


@lru_cache(maxsize=2)
def _geo_geometry(folder: str, stamp: tuple) -> tuple[dict, pd.DataFrame, str] | None:
    collection = boundaries.load_boundaries()
    if collection is None:
        return None
    paths = boundaries.boundary_traces_data(collection)
    return paths, maps.label_points(paths), str(collection.get("attribution") or "")


def map_geometry(kind: str) -> tuple[str, dict, pd.DataFrame | None, str]:
    """(kind actually shown, geometry, label points, attribution); geo falls back to hex.

    hex: geometry is each LA's tile centre, and the tiles carry their labels (no label points);
    geo: each LA's outline, and the label points."""
    if kind == "geo":
        folder = boundaries.geo_dir()
        try:
            stamp = (
                tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.geojson")))
                if folder.is_dir()
                else ((str(folder), folder.stat().st_mtime_ns),)
            )
        except OSError:
            stamp = ()
        geo = _geo_geometry(str(folder), stamp) if stamp else None
        if geo is not None:
            return "geo", *geo
    return "hex", _hex_geometry(), None, ""


# -- table ------------------------------------------------------------------------------------------


def _grade(value, framework=None) -> str:
    if not isinstance(value, str):
        return ""
    if value == NO_INSPECTION:
        return "No inspection yet"
    return Grade(value).label(framework if isinstance(framework, str) else None)


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d") if pd.notna(value) else ""


def with_map_links(table: pd.DataFrame) -> pd.DataFrame:
    return with_ofsted_pages(table, table["ONS code"])


GRADE_VALUES = {g.value for g in GRADED}


def with_ranks(table: pd.DataFrame, group: str) -> pd.DataFrame:
    """The map's table with each LA placed among the LAs shown (its region, or England): rank of
    its latest overall grade (1 = outstanding; ties shared), rank and quartile of the months since
    its last graded inspection (1 = most recent), and the leadership change with its arrow."""
    grade_rank = table["overall_grade_key"].map(lambda g: Grade(g).rank if g in GRADE_VALUES else None)
    months = pd.to_numeric(table["Months since"], errors="coerce")
    return table.assign(
        **{
            "Leadership change at last ILACS": table["Leadership change at last ILACS"].map(change_with_arrow),
            f"Overall grade rank in {group}": shared_rank(pd.Series(grade_rank, dtype="Float64")),
            f"Months since: rank in {group}": shared_rank(months),
            f"Months since: quartile in {group}": quartile(months).map(
                lambda q: (
                    "" if pd.isna(q) else f"Q{q}" + (" (most recent)" if q == 1 else " (longest)" if q == 4 else "")
                )
            ),
        }
    )


def table_frame(values: pd.DataFrame, region_code: str | None, basis: str = DEFAULT_BASIS) -> pd.DataFrame:
    """The LAs of the region (all of England when none) with their map values, by name; their
    region named on `basis`."""
    rows = values if not region_code else values[values["region_code"].isin(members(region_code))]
    rows = on_basis(rows, basis)
    rows = rows.sort_values("la_name")
    change = rows["leadership_change"].map(
        lambda c: "No ILACS inspection yet" if c == NO_INSPECTION else str(c).capitalize()
    )
    return pd.DataFrame(
        {
            "Local authority": rows["la_name"],
            "ONS code": rows["ons_code"],
            "Region": rows["region_name"],
            "Overall grade": [
                _grade(g, f) for g, f in zip(rows["overall_grade"], rows["overall_framework"], strict=True)
            ],
            "Overall published": rows["overall_date"].map(_day),
            "Leadership grade": [
                _grade(g, f) for g, f in zip(rows["leadership_grade"], rows["leadership_framework"], strict=True)
            ],
            "Leadership published": rows["leadership_date"].map(_day),
            "Leadership change at last ILACS": change,
            "Previous leadership grade": rows["leadership_previous_grade"].map(_grade),
            "Last graded inspection": rows["last_inspection_date"].map(_day),
            "Months since": rows["months_since"],
            "overall_grade_key": rows["overall_grade"],
            "leadership_grade_key": rows["leadership_grade"],
        }
    ).reset_index(drop=True)


def title(filters: Filters) -> str:
    return f"Map of {filters.region_name}: {MAP_COLOURS[filters.colour].lower()}"


# -- figure -----------------------------------------------------------------------------------------


def full_figure(
    filters: Filters, plot_size: tuple[int, int], *, legend: bool = True, max_label_px: int = maps.MAX_LABEL_PX
) -> dict:
    """The whole map (geometry included) for a graph of `plot_size` (width, height) pixels, as
    plain JSON-ready data, cached: every page load with a map needs one (geo: ~130 ms to build)."""
    _, geometry, _, _ = map_geometry(filters.map)
    width, height = plot_size
    return _figure_data(
        as_at(),
        filters.map,
        id(geometry),
        filters.colour,
        filters.region,
        filters.la,
        width,
        height,
        legend,
        max_label_px,
    )


def figure_for_canvas(
    filters: Filters, width: int, height: int, *, legend: bool = True, max_label_px: int = maps.MAX_LABEL_PX
) -> dict:
    """The map for a fixed canvas (a slide, an image), with a top margin as tall as its legend.

    On a page plotly pushes the margin out for a legend of several rows; an image that draws a
    title above the map (dashboard.exports.charts) must know where the legend ends, so it is set
    ahead. Without a legend (the wall's slide draws its own) the map takes the whole canvas.
    The figure from the cache is shared: a changed copy is returned."""
    figure = full_figure(filters, (width, height), legend=legend, max_label_px=max_label_px)
    if not legend:
        return figure
    _, legend_px = maps.legend_layout(filters.colour, filters.region or None, width)
    layout = figure["layout"]
    margin = dict(layout.get("margin") or {})
    top = max(margin.get("t") or 0, legend_px - (margin.get("b") or 0))
    if top == margin.get("t"):
        return figure
    return {**figure, "layout": {**layout, "margin": {**margin, "t": top}}}


@cached(maxsize=64)
def _figure_data(
    today, map_kind, _geometry_id, colour, region, la, plot_width, plot_height, legend=True, max_label_px=18
) -> dict:
    kind, geometry, labels, _ = map_geometry(map_kind)
    figure = maps.map_figure(
        geometry,
        values_as_at(today),
        colour,
        region or None,
        kind,
        labels,
        plot_height=plot_height,
        plot_width=plot_width,
        la_code=la or None,
        legend=legend,
        max_label_px=max_label_px,
    )
    return figure.to_plotly_json()


def legend_items(filters: Filters) -> tuple[str, list[tuple[str, str, str]]]:
    """The map's legend as (title, [(name, fill, line colour), ...]), for a page that draws it
    itself (the wall's map: plotly's legend cannot grow with the screen)."""
    styles = maps.map_styles(values_as_at(as_at()), filters.colour, filters.region or None, "hex")
    return styles["legend_title"], [(i["name"], i["fill"], i["line"]) for i in styles["legend"] if i["show"]]


def regional_map(filters: Filters) -> ViewResult:
    """The map of the filters' region, coloured by `filters.colour`, and its table."""
    values = current_values()
    region, la = filters.region or None, filters.la or None

    def paint(canvas: Canvas | None) -> dict:
        if canvas is None:
            return full_figure(filters, (ASSUMED_WIDTH, DESK_HEIGHT))
        return figure_for_canvas(
            filters,
            canvas.width or ASSUMED_WIDTH,
            canvas.height,
            legend=canvas.figure_legend,
            max_label_px=round(maps.MAX_LABEL_PX * canvas.font_scale),
        )

    return ViewResult(
        frame=with_map_links(with_ranks(table_frame(values, region, filters.regions), filters.region_name)),
        paint=paint,
        summary=maps.map_summary(values, filters.colour, region, la),
        notes=(
            f"Map coloured by: {MAP_COLOURS[filters.colour]}",
            f"Values as at {as_at().isoformat()}, the latest publication in the data",
        ),
    )


MAP = View(
    "map",
    "Map of a region's local authorities",
    regional_map,
    FILTER_FIELDS,
    height=DESK_HEIGHT,
    title_for=title,
    filename=lambda f: f"map-{f.colour}-{region_slug(f.region) if f.region else 'england'}",
)
