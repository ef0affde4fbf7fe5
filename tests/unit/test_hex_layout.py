"""The computed hex tile map: one hex per current LA, neighbours near neighbours, London readable."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dashboard.geo.hex_layout import SQRT3, hex_layout, hex_neighbours
from data_access.reference.centroids import LA_CENTROIDS, LA_SHORT_LABELS
from data_access.reference.local_authorities import LA_BY_ONS, LOCAL_AUTHORITIES

CURRENT = {la.ons_code for la in LOCAL_AUTHORITIES if la.current}
LONDON = {code for code in CURRENT if LA_BY_ONS[code].region_code == "E12000007"}


@pytest.fixture(scope="module")
def layout():
    return hex_layout()


@pytest.fixture(scope="module")
def cell_of(layout) -> dict[str, tuple[int, int]]:
    return {r.ons_code: (int(r.col), int(r.row)) for r in layout.itertuples()}


def adjacent(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b in hex_neighbours(*a)


def test_every_current_la_has_a_centroid_inside_england():
    assert set(LA_CENTROIDS) == CURRENT
    for code, (lat, lon) in LA_CENTROIDS.items():
        assert 49.8 <= lat <= 55.9 and -6.5 <= lon <= 1.9, code


def test_labels_are_unique_short_and_cover_every_current_la():
    assert set(LA_SHORT_LABELS) == CURRENT
    labels = list(LA_SHORT_LABELS.values())
    assert len(set(labels)) == len(labels)
    assert all(1 <= len(label) <= 4 and label == label.strip() for label in labels)


def test_every_current_la_is_placed_exactly_once(layout):
    assert sorted(layout["ons_code"]) == sorted(CURRENT)
    assert len(layout) == 153


def test_no_two_las_share_a_cell(layout):
    assert not layout.duplicated(["col", "row"]).any()


def test_cells_are_non_negative_odd_r_offsets_with_matching_centres(layout):
    assert (layout["col"] >= 0).all() and (layout["row"] >= 0).all()
    expected_x = SQRT3 * (layout["col"] + 0.5 * (layout["row"] % 2))
    np.testing.assert_allclose(layout["x"], expected_x)
    np.testing.assert_allclose(layout["y"], 1.5 * layout["row"])


def test_hex_neighbours_are_the_six_cells_one_hex_spacing_away():
    for col, row in [(3, 4), (3, 5)]:
        x0, y0 = SQRT3 * (col + 0.5 * (row % 2)), 1.5 * row
        neighbours = hex_neighbours(col, row)
        assert len(set(neighbours)) == 6
        for c, r in neighbours:
            x, y = SQRT3 * (c + 0.5 * (r % 2)), 1.5 * r
            assert math.hypot(x - x0, y - y0) == pytest.approx(SQRT3)


def test_most_las_touch_one_of_their_three_nearest_geographic_neighbours(cell_of):
    codes = sorted(CURRENT)
    k = math.cos(math.radians(52.5))
    xy = np.array([[LA_CENTROIDS[c][1] * k, LA_CENTROIDS[c][0]] for c in codes])
    distance = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(distance, np.inf)
    touching = sum(
        any(adjacent(cell_of[codes[i]], cell_of[codes[j]]) for j in np.argsort(distance[i])[:3])
        for i in range(len(codes))
    )
    assert touching >= 0.7 * len(codes)


def test_every_london_borough_touches_another_london_borough(cell_of):
    for code in LONDON:
        assert any(adjacent(cell_of[code], cell_of[other]) for other in LONDON - {code}), code


def test_london_is_one_connected_block(cell_of):
    seen, todo = set(), [next(iter(LONDON))]
    while todo:
        code = todo.pop()
        seen.add(code)
        todo += [o for o in LONDON - seen if adjacent(cell_of[code], cell_of[o])]
    assert seen == LONDON


def test_map_keeps_englands_orientation(layout):
    at = layout.set_index("ons_code")
    northumberland, cornwall, norfolk, kent = "E06000057", "E06000052", "E10000020", "E10000016"
    assert at.loc[northumberland, "y"] > at.loc[cornwall, "y"] + 10
    assert at.loc[norfolk, "x"] > at.loc[cornwall, "x"] + 10
    assert at.loc[kent, "x"] > at.loc["E06000023", "x"]  # Kent east of Bristol
    enfield, croydon, hillingdon, havering = "E09000010", "E09000008", "E09000017", "E09000016"
    assert at.loc[enfield, "y"] > at.loc[croydon, "y"]
    assert at.loc[havering, "x"] > at.loc[hillingdon, "x"]


def test_hex_layout_returns_a_copy_callers_may_change(layout):
    first = hex_layout()
    first["col"] = -1
    assert (hex_layout()["col"] >= 0).all()
