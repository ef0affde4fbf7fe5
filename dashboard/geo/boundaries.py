"""Real LA boundaries (ONS GeoJSON) read at run time, as data we don't ship; without them: the hex map.

Data shape chosen for the browser: ``boundary_traces_data`` gives one closed outline per LA,
``ons_code -> (lons, lats)``, rings separated by ``None``. The figure draws one
``go.Scatter(fill="toself")`` trace per LA on ordinary x/y axes (lon as x, lat as y, ``yaxis.scaleanchor="x"`` with
``scaleratio=AXIS_SCALE_RATIO``). Why this rather than ``go.Choropleth``/``go.Choroplethmap``:

* the ~250 KB of geometry goes to the browser once; a filter change then sends a ``dash.Patch``
  of the traces' colours and outlines only, about 12 KB for 153 LAs;
* scatter traces are in plotly's small "basic" bundle (scatter, bar, pie), which the pages need
  anyway for their charts; choropleths need the "geo" bundle (no bar charts) or the full 4.8 MB one;
* the hex map (one trace of hexagon markers) and the boundary map share one figure builder;
* plotly fills holes in a ``fill="toself"`` scatter correctly (scattergeo does not), which
  matters here: Leicestershire, Derbyshire, Nottinghamshire and Staffordshire have holes.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from data_access.reference.local_authorities import LA_BY_ONS, REORGANISATIONS

CODE_FIELD = "CTYUA23CD"  # ONS April 2023 counties and unitary authorities
NAME_FIELD = "CTYUA23NM"
AXIS_SCALE_RATIO = 1 / math.cos(math.radians(52.5))  # degrees of lat vs lon at mid England
ENGLAND_BOUNDS = (-6.5, 49.8, 1.9, 55.9)  # lon_min, lat_min, lon_max, lat_max, with a margin

_CURRENT_CODES = frozenset(code for code, la in LA_BY_ONS.items() if la.current)

Ring = list[list[float]]
Outline = tuple[list[float | None], list[float | None]]  # (xs, ys) with None between rings


def geo_dir() -> Path:
    """Where boundary files are looked for: RIA_GEO_DIR, else $RIA_DATA_DIR/geo (RIA_DATA_DIR: ./data)."""
    if os.environ.get("RIA_GEO_DIR"):
        return Path(os.environ["RIA_GEO_DIR"])
    return Path(os.environ.get("RIA_DATA_DIR", "data")) / "geo"


def load_boundaries(path: Path | None = None) -> dict[str, Any] | None:
    """The LA boundaries as a GeoJSON FeatureCollection of our current LAs, or None.

    `path` may be a .geojson file or a folder to search; by default the folder is geo_dir().
    In a folder the first ``*.geojson`` (by name) that holds lon/lat features with a
    CTYUA23CD code is used, so a cartogram in planar units or a regions file is skipped. Only
    features of current English LAs are kept (a UK-wide file works too). Never raises: a
    missing, unreadable or unsuitable file gives None and the caller shows the hex map.
    """
    try:
        where = Path(path) if path is not None else geo_dir()
        candidates = sorted(where.glob("*.geojson")) if where.is_dir() else [where]
    except (OSError, TypeError, ValueError):
        return None
    for candidate in candidates:
        collection = _read_collection(candidate)
        if collection is not None:
            return collection
    return None


def _read_collection(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        features = [
            f
            for f in data["features"]
            if f["properties"].get(CODE_FIELD) in _CURRENT_CODES and _in_england(f["geometry"])
        ]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    if not features:
        return None
    meta = {k: v for k, v in data.items() if k not in ("features", "type")}
    return {"type": "FeatureCollection", **meta, "features": features}


def _in_england(geometry: dict[str, Any]) -> bool:
    """True if the geometry is a (Multi)Polygon in lon/lat within England's box."""
    lon_min, lat_min, lon_max, lat_max = ENGLAND_BOUNDS
    rings = list(_rings(geometry))
    return bool(rings) and all(
        lon_min <= lon <= lon_max and lat_min <= lat <= lat_max for ring in rings for lon, lat, *_ in ring
    )


def _rings(geometry: dict[str, Any]) -> Iterator[Ring]:
    """Every ring of a Polygon or MultiPolygon (outer ring first within each polygon)."""
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"not a polygon geometry: {kind}")
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            yield _oriented(ring, outer=index == 0)


def _oriented(ring: Ring, outer: bool) -> Ring:
    """Outer rings anticlockwise, holes clockwise (RFC 7946), so any SVG fill rule shows the holes."""
    area2 = sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False))
    return ring if (area2 > 0) == outer else ring[::-1]


def boundary_traces_data(geojson: dict[str, Any], decimals: int | None = 3) -> dict[str, Outline]:
    """ons_code -> (lons, lats): every ring closed, rings separated by None, for scatter fills.

    `decimals=3` (about 100 m, below the 500 m generalisation of the BUC file) shortens the
    JSON sent to the browser; repeated points left by rounding are dropped. None keeps all.
    """
    paths: dict[str, Outline] = {}
    for feature in geojson.get("features", []):
        code = feature["properties"][CODE_FIELD]
        lons: list[float | None] = []
        lats: list[float | None] = []
        for ring in _rings(feature["geometry"]):
            if lons:
                lons.append(None)
                lats.append(None)
            for lon, lat in _rounded(ring, decimals):
                lons.append(lon)
                lats.append(lat)
        if code in paths:  # the same LA split over two features: join them
            old_lons, old_lats = paths[code]
            lons, lats = old_lons + [None] + lons, old_lats + [None] + lats
        paths[code] = (lons, lats)
    return paths


def _rounded(ring: Ring, decimals: int | None) -> Iterable[tuple[float, float]]:
    if decimals is None:
        points = [(p[0], p[1]) for p in ring]
    else:
        points = [(round(p[0], decimals), round(p[1], decimals)) for p in ring]
    kept = [pt for i, pt in enumerate(points) if i == 0 or pt != points[i - 1]]
    if kept and kept[0] != kept[-1]:
        kept.append(kept[0])  # close the ring
    return kept


def successor_codes() -> dict[str, tuple[str, ...]]:
    """Former or renamed LA code -> the current LA code(s) whose area now holds it.

    A map of a period before a reorganisation shows a predecessor's value on its successors'
    shapes (Northamptonshire on both North and West Northamptonshire; Bournemouth on BCP).
    Chains of reorganisations are followed to today's codes.
    """
    direct: dict[str, list[str]] = {}
    for change in sorted(REORGANISATIONS, key=lambda r: r.effective):
        direct.setdefault(change.predecessor_ons, [])
        if change.successor_ons not in direct[change.predecessor_ons]:
            direct[change.predecessor_ons].append(change.successor_ons)

    def current(code: str, seen: frozenset[str]) -> list[str]:
        if code in _CURRENT_CODES or code not in direct or code in seen:
            return [code]
        out: list[str] = []
        for successor in direct[code]:
            out += [c for c in current(successor, seen | {code}) if c not in out]
        return out

    return {code: tuple(current(code, frozenset())) for code in direct}
