"""A one-hex-per-LA tile map computed from centroids, so every LA, even a tiny borough, is as visible.

Grid convention: pointy-top hexes in **odd-r offset** coordinates (the HexJSON "odd-r" layout):
``row`` 0 is the southernmost row and rows rise northwards, ``col`` rises eastwards, and odd
rows are shifted half a hex to the east. For a unit hex (centre-to-corner 1) the centre of
cell (col, row) is ``x = sqrt(3) * (col + 0.5 * (row % 2))``, ``y = 1.5 * row``; neighbouring
centres are sqrt(3) apart. Plot with ``yaxis.scaleanchor = "x"`` (scale ratio 1).

How the layout is made (deterministic, ~20 ms):
1. project centroids to a plane (equirectangular, longitudes scaled by cos 52.5 deg);
2. blow London up like a balloon so its 33 boroughs get room for 33 hexes, pushing the rest of
   England outwards with areas preserved (the push fades with distance);
3. keep the *directions* between geographic neighbours (Delaunay edges) but even out their
   lengths (length -> length ** 0.3, solved by least squares), so dense metropolitan areas open
   up and sparse counties close in: every LA ends up roughly one hex from its neighbours;
4. assign LAs to hex cells one-to-one minimising the total squared move
   (``scipy.optimize.linear_sum_assignment``), which keeps relative positions.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.spatial import Delaunay

from data_access.reference.centroids import LA_CENTROIDS, LA_SHORT_LABELS
from data_access.reference.local_authorities import LA_BY_ONS

SQRT3 = math.sqrt(3.0)
REF_LATITUDE = 52.5  # the projection keeps true scale at this latitude (mid England)

_LONDON_CENTRE = (51.50, -0.11)  # (lat, lon) near Charing Cross
_LONDON_RADIUS_DEG = 0.25  # roughly Greater London's radius, in degrees of latitude
_LONDON_RADIUS_CELLS = 2.6  # London's radius after blowing up, in hex spacings (33 hexes fit)
_CELL_DEG = 0.30  # degrees of latitude per hex spacing before lengths are evened out
_LENGTH_EXPONENT = 0.3  # 0 = all neighbour links equal, 1 = true geography
_MAX_LINK_CELLS = 3.0  # Delaunay links longer than this (across the sea) are dropped ...


def _projected(codes: list[str]) -> np.ndarray:
    """Equirectangular (x, y) in degrees of latitude."""
    k = math.cos(math.radians(REF_LATITUDE))
    return np.array([[LA_CENTROIDS[c][1] * k, LA_CENTROIDS[c][0]] for c in codes])


def _balloon(xy: np.ndarray, centre: np.ndarray, inner: float, outer: float) -> np.ndarray:
    """Blow the disc of radius `inner` up to radius `outer`, pushing everything else outwards.

    Inside the disc points scale by outer/inner; outside, r'^2 = r^2 + outer^2 - inner^2, so
    every ring around the centre keeps its area and the distortion fades with distance.
    """
    d = xy - centre
    r = np.hypot(d[:, 0], d[:, 1])
    new_r = np.where(r <= inner, r * outer / inner, np.sqrt(r**2 + outer**2 - inner**2))
    scale = np.divide(new_r, r, out=np.ones_like(r), where=r > 0)
    return centre + d * scale[:, None]


def _neighbour_links(xy: np.ndarray, max_length: float) -> np.ndarray:
    """Delaunay edges (i, j) shorter than max_length, plus each point's shortest edge (... kept)."""
    tri = Delaunay(xy)
    s = tri.simplices
    edges = np.unique(np.sort(np.vstack([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]]]), axis=1), axis=0)
    lengths = np.hypot(*(xy[edges[:, 1]] - xy[edges[:, 0]]).T)
    shortest = np.full(len(xy), np.inf)
    np.minimum.at(shortest, edges[:, 0], lengths)
    np.minimum.at(shortest, edges[:, 1], lengths)
    # ... so that an island (the Isles of Scilly) stays tied to its nearest neighbour
    nearest = (lengths <= shortest[edges[:, 0]]) | (lengths <= shortest[edges[:, 1]])
    return edges[(lengths < max_length) | nearest]


def _even_out(xy: np.ndarray, edges: np.ndarray, exponent: float) -> np.ndarray:
    """Least-squares positions whose links keep their directions but get lengths L ** exponent."""
    d = xy[edges[:, 1]] - xy[edges[:, 0]]
    length = np.hypot(d[:, 0], d[:, 1])
    target = d * (length ** (exponent - 1.0))[:, None]
    n, m = len(xy), len(edges)
    a = np.zeros((m + 1, n))
    a[np.arange(m), edges[:, 1]] = 1.0
    a[np.arange(m), edges[:, 0]] = -1.0
    a[m, :] = 1.0 / n  # pin the centre of mass, the only freedom left
    b = np.vstack([target, xy.mean(axis=0)])
    solution, *_ = np.linalg.lstsq(a, b, rcond=None)
    return solution


def cell_centre(col: np.ndarray | int, row: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
    """Centre (x, y) of odd-r cell(s) for a unit hex; works on ints or integer arrays."""
    return SQRT3 * (col + 0.5 * (np.asarray(row) % 2)), 1.5 * np.asarray(row, dtype=float)


def hex_neighbours(col: int, row: int) -> list[tuple[int, int]]:
    """The six (col, row) cells touching an odd-r cell."""
    shift = row % 2  # odd rows sit half a hex east, so their diagonal neighbours do too
    return [
        (col - 1, row),
        (col + 1, row),
        (col - 1 + shift, row - 1),
        (col + shift, row - 1),
        (col - 1 + shift, row + 1),
        (col + shift, row + 1),
    ]


def _assign_to_cells(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """One cell per point (unit-hex plane), minimising the sum of squared moves; and that sum."""
    lo, hi = xy.min(axis=0) - 3.0, xy.max(axis=0) + 3.0
    rows = np.arange(math.floor(lo[1] / 1.5), math.ceil(hi[1] / 1.5) + 1)
    cols = np.arange(math.floor(lo[0] / SQRT3) - 1, math.ceil(hi[0] / SQRT3) + 1)
    cc, rr = (a.ravel() for a in np.meshgrid(cols, rows))
    cx, cy = cell_centre(cc, rr)
    cost = (xy[:, 0, None] - cx[None, :]) ** 2 + (xy[:, 1, None] - cy[None, :]) ** 2
    point, cell = linear_sum_assignment(cost)
    total = float(cost[point, cell].sum())
    cell = cell[np.argsort(point)]
    return cc[cell], rr[cell], total


@lru_cache(maxsize=1)
def _layout() -> pd.DataFrame:
    codes = sorted(LA_CENTROIDS)
    k = math.cos(math.radians(REF_LATITUDE))
    london = np.array([_LONDON_CENTRE[1] * k, _LONDON_CENTRE[0]])
    xy = _balloon(_projected(codes), london, _LONDON_RADIUS_DEG, _LONDON_RADIUS_CELLS * _CELL_DEG)
    xy = xy / _CELL_DEG  # now in hex spacings
    xy = _even_out(xy, _neighbour_links(xy, _MAX_LINK_CELLS), _LENGTH_EXPONENT)
    # The result depends a little on where the grid falls under the points: try a few grid
    # offsets (half a column and two rows repeat the grid, so that range is enough) and keep the
    # assignment with the smallest total move.
    offsets = [(fx * SQRT3, fy * 3.0) for fy in (0.0, 0.25, 0.5, 0.75) for fx in (0.0, 0.25)]
    col, row, _ = min((_assign_to_cells(xy * SQRT3 + off) for off in offsets), key=lambda a: a[2])
    # move to col, row >= 0; shift rows by an even number so odd rows stay the shifted ones
    row0 = int(row.min()) - int(row.min()) % 2
    col, row = col - col.min(), row - row0
    x, y = cell_centre(col, row)
    return pd.DataFrame(
        {
            "ons_code": codes,
            "col": col.astype(int),
            "row": row.astype(int),
            "x": x,
            "y": y,
            "label": [LA_SHORT_LABELS[c] for c in codes],
            "region_code": [LA_BY_ONS[c].region_code for c in codes],
        }
    )


def hex_layout() -> pd.DataFrame:
    """Every current LA on its own hex: columns ons_code, col, row, x, y, label, region_code.

    (col, row) are odd-r offset cells (row 0 south); (x, y) the centre of a unit hex. Computed
    once per process; each call returns a fresh copy so callers may modify it.
    """
    return _layout().copy()
