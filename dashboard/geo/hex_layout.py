"""A one-hex-per-LA tile map of England computed from LA centroids, so every authority, even a tiny London borough, is equally visible."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.spatial import Delaunay

from data_access.reference.centroids import LA_CENTROIDS
from data_access.reference.local_authorities import LA_BY_ONS

LONDON = "E12000007"
SQRT3 = math.sqrt(3.0)
_LONDON_CENTRE = (51.50, -0.11)  # (lat, lon), near Charing Cross
_REF_LAT = 52.5  # latitude whose scale the equirectangular projection keeps


def _projected(codes: list[str]) -> np.ndarray:
    """Equirectangular projection in degrees of latitude (x scaled by cos of a mid-England latitude)."""
    k = math.cos(math.radians(_REF_LAT))
    return np.array([[LA_CENTROIDS[c][1] * k, LA_CENTROIDS[c][0]] for c in codes])


def _balloon(xy: np.ndarray, centre: np.ndarray, inner: float, outer: float) -> np.ndarray:
    """Blow a disc of radius `inner` up to radius `outer`, pushing the rest out with areas kept.

    Inside the disc points scale by outer/inner; outside, r'^2 = r^2 + outer^2 - inner^2, so each
    ring keeps its area and the distortion fades with distance.
    """
    d = xy - centre
    r = np.hypot(d[:, 0], d[:, 1])
    new_r = np.where(r <= inner, r * outer / inner, np.sqrt(r**2 + outer**2 - inner**2))
    scale = np.divide(new_r, r, out=np.ones_like(r), where=r > 0)
    return centre + d * scale[:, None]


def _edges(xy: np.ndarray) -> np.ndarray:
    tri = Delaunay(xy)
    e = np.vstack([tri.simplices[:, [0, 1]], tri.simplices[:, [1, 2]], tri.simplices[:, [0, 2]]])
    e.sort(axis=1)
    return np.unique(e, axis=0)


def _relax(xy: np.ndarray, edges: np.ndarray, iterations: int, step: float, anchor: float, spring: float) -> np.ndarray:
    """Springs of rest length 1 along edges, repulsion below distance 1, weak pull to the start."""
    p = xy.copy()
    n = len(p)
    for _ in range(iterations):
        force = np.zeros_like(p)
        d = p[edges[:, 1]] - p[edges[:, 0]]
        length = np.hypot(d[:, 0], d[:, 1]) + 1e-9
        f = spring * ((length - 1.0) / length)[:, None] * d
        np.add.at(force, edges[:, 0], f)
        np.add.at(force, edges[:, 1], -f)
        diff = p[:, None, :] - p[None, :, :]
        dist = np.hypot(diff[..., 0], diff[..., 1]) + np.eye(n)
        push = np.clip(1.0 - dist, 0, None) / dist
        np.fill_diagonal(push, 0)
        force += 2.0 * (push[..., None] * diff).sum(axis=1)
        force += anchor * (xy - p)
        p += step * force
    return p


def _equalise(xy: np.ndarray, edges: np.ndarray, gamma: float) -> np.ndarray:
    """Least-squares positions whose edges keep their directions but have lengths L**gamma.

    gamma = 0 makes every edge length 1 (a uniform tile density); gamma = 1 keeps the geography.
    """
    d = xy[edges[:, 1]] - xy[edges[:, 0]]
    length = np.hypot(d[:, 0], d[:, 1])
    target = d / length[:, None] * (length**gamma)[:, None]
    n, m = len(xy), len(edges)
    a = np.zeros((m + 1, n))
    a[np.arange(m), edges[:, 1]] = 1.0
    a[np.arange(m), edges[:, 0]] = -1.0
    a[m, :] = 1.0 / n  # pin the centre of mass
    b = np.vstack([target, xy.mean(axis=0)])
    solution, *_ = np.linalg.lstsq(a, b, rcond=None)
    return solution


def _cell_centre(col: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return SQRT3 * (col + 0.5 * (row & 1)), 1.5 * row


def _lattice(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows = np.arange(math.floor(lo[1] / 1.5), math.ceil(hi[1] / 1.5) + 1)
    cols = np.arange(math.floor(lo[0] / SQRT3) - 1, math.ceil(hi[0] / SQRT3) + 1)
    cc, rr = np.meshgrid(cols, rows)
    return cc.ravel(), rr.ravel()


def _assign(xy: np.ndarray, slack: float) -> tuple[np.ndarray, np.ndarray]:
    """Optimal one-to-one assignment of points (hex units) to cells, minimising squared moves."""
    cc, rr = _lattice(xy.min(axis=0) - 4, xy.max(axis=0) + 4)
    cx, cy = _cell_centre(cc, rr)
    cost = (xy[:, 0, None] - cx[None, :]) ** 2 + (xy[:, 1, None] - cy[None, :]) ** 2
    if slack:
        # keep only cells near some LA: a compact England-shaped target
        sigma = PARAMS["sigma"] * SQRT3
        density = np.exp(-cost / (2 * sigma**2)).sum(axis=0)
        want = int(round(len(xy) * slack))
        keep = np.argsort(-density, kind="stable")[:want]
        cc, rr, cost = cc[keep], rr[keep], cost[:, keep]
    la_idx, cell_idx = linear_sum_assignment(cost)
    order = np.argsort(la_idx)
    return cc[cell_idx[order]], rr[cell_idx[order]]


PARAMS = dict(london_inner=0.25, london_r=3.0, iterations=300, step=0.05, anchor=1.0, scale=0.25,
              spring=0.0, maxedge=3.0, slack=1.08, sigma=1.0, gamma=1.0)


@lru_cache(maxsize=1)
def hex_layout() -> pd.DataFrame:
    """Every current LA on its own pointy-top hex (odd-r offset, row 0 south, rows rising northwards)."""
    codes = sorted(LA_CENTROIDS)
    xy = _projected(codes)
    k = math.cos(math.radians(_REF_LAT))
    centre = np.array([_LONDON_CENTRE[1] * k, _LONDON_CENTRE[0]])
    unit = PARAMS["scale"]
    xy = _balloon(xy, centre, PARAMS["london_inner"], PARAMS["london_r"] * unit)
    edges = _edges(xy)
    lengths = np.hypot(*(xy[edges[:, 1]] - xy[edges[:, 0]]).T)
    shortest = np.full(len(xy), np.inf)
    np.minimum.at(shortest, edges[:, 0], lengths)
    np.minimum.at(shortest, edges[:, 1], lengths)
    is_nearest = (lengths <= shortest[edges[:, 0]]) | (lengths <= shortest[edges[:, 1]])
    edges = edges[(lengths < PARAMS["maxedge"] * unit) | is_nearest]
    p = xy / unit
    if PARAMS["gamma"] < 1:
        p = _equalise(p, edges, PARAMS["gamma"])
    p = _relax(p, edges, PARAMS["iterations"], PARAMS["step"], PARAMS["anchor"], PARAMS["spring"])
    col, row = _assign(p * SQRT3, PARAMS["slack"])
    shift_c, shift_r = col.min(), row.min()
    if shift_r % 2:
        shift_r -= 1  # keep row parity, so odd-r offsets still hold
    col, row = col - shift_c, row - shift_r
    x, y = _cell_centre(col, row)
    return pd.DataFrame({"ons_code": codes, "col": col, "row": row, "x": x, "y": y})


def hex_polygon(x: float, y: float, size: float = 1.0) -> list[tuple[float, float]]:
    """The 6 corners of a pointy-top hex centred at (x, y), first corner repeated to close it."""
    corners = [
        (x + size * math.cos(math.radians(60 * i - 30)), y + size * math.sin(math.radians(60 * i - 30)))
        for i in range(6)
    ]
    return corners + [corners[0]]
