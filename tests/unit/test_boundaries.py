"""Loading real LA boundaries at run time: found when present, None (never an error) when not."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from dashboard.geo.boundaries import boundary_traces_data, load_boundaries, successor_codes
from data_access.reference.centroids import LA_CENTROIDS
from data_access.reference.local_authorities import LA_BY_ONS, LOCAL_AUTHORITIES

CURRENT = {la.ons_code for la in LOCAL_AUTHORITIES if la.current}
SHARED_GEO = Path(__file__).resolve().parents[3] / "shared" / "data" / "geo"
REAL_FILE = SHARED_GEO / "england_utla_2023_buc.geojson"

SQUARE = [[-1.3, 54.6], [-1.2, 54.6], [-1.2, 54.7], [-1.3, 54.7], [-1.3, 54.6]]
HOLE = [[-1.27, 54.63], [-1.23, 54.63], [-1.23, 54.67], [-1.27, 54.67], [-1.27, 54.63]]


def feature(code: str, geometry: dict) -> dict:
    return {"type": "Feature", "properties": {"CTYUA23CD": code, "CTYUA23NM": code}, "geometry": geometry}


def tiny_collection() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            feature("E06000001", {"type": "Polygon", "coordinates": [SQUARE, HOLE]}),
            feature(
                "E06000002",
                {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [[[-1.25, 54.5], [-1.2, 54.5], [-1.2, 54.55], [-1.25, 54.5]]],
                        [[[-1.1, 54.5], [-1.05, 54.5], [-1.05, 54.55], [-1.1, 54.5]]],
                    ],
                },
            ),
            feature("S12000033", {"type": "Polygon", "coordinates": [SQUARE]}),  # not English: dropped
        ],
    }


def write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def signed_area(xs, ys) -> float:
    return sum(x0 * y1 - x1 * y0 for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:], strict=False)) / 2


def test_a_small_geojson_file_loads_with_only_english_las(tmp_path):
    path = write(tmp_path / "las.geojson", tiny_collection())
    loaded = load_boundaries(path)
    assert loaded["type"] == "FeatureCollection"
    assert [f["properties"]["CTYUA23CD"] for f in loaded["features"]] == ["E06000001", "E06000002"]


def test_a_folder_is_searched_for_the_first_file_with_la_codes(tmp_path):
    region = {
        "type": "Feature",
        "properties": {"RGN23CD": "E12000001"},
        "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
    }
    write(tmp_path / "a_regions.geojson", {"type": "FeatureCollection", "features": [region]})
    write(tmp_path / "b_las.geojson", tiny_collection())
    assert len(load_boundaries(tmp_path)["features"]) == 2


def test_the_folder_comes_from_ria_geo_dir_or_ria_data_dir(tmp_path, monkeypatch):
    (tmp_path / "geo").mkdir()
    write(tmp_path / "geo" / "las.geojson", tiny_collection())
    monkeypatch.delenv("RIA_GEO_DIR", raising=False)
    monkeypatch.setenv("RIA_DATA_DIR", str(tmp_path))
    assert load_boundaries() is not None
    monkeypatch.setenv("RIA_GEO_DIR", str(tmp_path / "empty"))
    assert load_boundaries() is None


def test_polygons_flatten_to_closed_rings_separated_by_none(tmp_path):
    paths = boundary_traces_data(load_boundaries(write(tmp_path / "las.geojson", tiny_collection())))
    assert set(paths) == {"E06000001", "E06000002"}
    for lons, lats in paths.values():
        assert len(lons) == len(lats)
        assert lons.count(None) == 1 and lats.index(None) == lons.index(None)
        gap = lons.index(None)
        for xs, ys in [(lons[:gap], lats[:gap]), (lons[gap + 1 :], lats[gap + 1 :])]:
            assert (xs[0], ys[0]) == (xs[-1], ys[-1])
            assert len(xs) >= 4


def test_holes_wind_opposite_to_outer_rings_so_plotly_leaves_them_empty():
    clockwise_outer = SQUARE[::-1]
    clockwise_hole = HOLE[::-1]
    for outer, hole in [(SQUARE, HOLE), (clockwise_outer, clockwise_hole)]:
        collection = {"features": [feature("E06000001", {"type": "Polygon", "coordinates": [outer, hole]})]}
        lons, lats = boundary_traces_data(collection)["E06000001"]
        gap = lons.index(None)
        assert signed_area(lons[:gap], lats[:gap]) > 0
        assert signed_area(lons[gap + 1 :], lats[gap + 1 :]) < 0


def test_rounding_keeps_rings_closed_and_drops_repeated_points():
    ring = [[-1.30001, 54.6], [-1.30002, 54.6], [-1.2, 54.6], [-1.2, 54.7], [-1.30001, 54.6]]
    collection = {"features": [feature("E06000001", {"type": "Polygon", "coordinates": [ring]})]}
    lons, lats = boundary_traces_data(collection, decimals=3)["E06000001"]
    assert lons == [-1.3, -1.2, -1.2, -1.3]
    assert lats == [54.6, 54.6, 54.7, 54.6]


@pytest.mark.parametrize("content", ["", "not json {", "[1, 2, 3]", '{"features": 7}', '{"type": "FeatureCollection"}'])
def test_garbage_files_give_none(tmp_path, content):
    assert load_boundaries(write(tmp_path / "bad.geojson", content)) is None


def test_missing_file_or_folder_gives_none(tmp_path):
    assert load_boundaries(tmp_path / "nowhere.geojson") is None
    assert load_boundaries(tmp_path / "no_such_folder") is None
    assert load_boundaries(tmp_path) is None  # a folder with no .geojson


def test_planar_cartogram_coordinates_are_not_taken_for_lon_lat(tmp_path):
    planar = [[7.0, 2.0], [9.0, 2.0], [9.0, 4.0], [7.0, 2.0]]
    collection = {
        "type": "FeatureCollection",
        "features": [feature("E06000001", {"type": "Polygon", "coordinates": [planar]})],
    }
    assert load_boundaries(write(tmp_path / "cartogram.geojson", collection)) is None


def test_former_las_are_shown_through_current_successors():
    successors = successor_codes()
    assert successors["E10000021"] == ("E06000061", "E06000062")  # Northamptonshire
    assert successors["E10000006"] == ("E06000063", "E06000064")  # Cumbria
    assert set(successors["E10000009"]) == {"E06000058", "E06000059"}  # Dorset County Council
    assert successors["E06000028"] == ("E06000058",)  # Bournemouth
    assert successors["E10000023"] == ("E06000065",)  # North Yorkshire, recoded
    former = {la.ons_code for la in LOCAL_AUTHORITIES if not la.current}
    assert former <= set(successors)
    assert all(LA_BY_ONS[c].current for codes in successors.values() for c in codes)


@pytest.mark.skipif(not REAL_FILE.exists(), reason=f"real boundary file absent: {REAL_FILE}")
def test_real_ons_file_has_our_153_las_near_our_centroids():
    collection = load_boundaries(REAL_FILE)
    assert collection is not None
    codes = [f["properties"]["CTYUA23CD"] for f in collection["features"]]
    assert len(codes) == 153 and set(codes) == CURRENT
    for f in collection["features"]:
        geometry = f["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        vertices = [point for polygon in polygons for point in polygon[0]]
        lon = sum(p[0] for p in vertices) / len(vertices)
        lat = sum(p[1] for p in vertices) / len(vertices)
        our_lat, our_lon = LA_CENTROIDS[f["properties"]["CTYUA23CD"]]
        km = math.hypot((our_lon - lon) * 111.32 * math.cos(math.radians(lat)), (our_lat - lat) * 110.57)
        assert km < 30, (f["properties"]["CTYUA23NM"], round(km, 1))


@pytest.mark.skipif(not REAL_FILE.exists(), reason=f"real boundary folder absent: {SHARED_GEO}")
def test_real_geo_folder_yields_the_lon_lat_boundaries_not_the_cartogram():
    collection = load_boundaries(SHARED_GEO)
    assert collection is not None and len(collection["features"]) == 153
    paths = boundary_traces_data(collection)
    lons = [x for xs, _ in paths.values() for x in xs if x is not None]
    assert -6.5 < min(lons) < -5.0 and 1.0 < max(lons) < 1.9
