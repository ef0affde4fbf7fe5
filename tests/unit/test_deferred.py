"""The Deferred component's server side: what the browser receives (its JS is browser-tested)."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.io as pio
import pytest
from dash import html

from dashboard.components.deferred import CHART_BOX_CLASS, Deferred, deferred

ROOT = Path(__file__).resolve().parents[2]


def test_deferred_serialises_its_section_and_placeholder_props():
    section = html.Div(html.P("below"), id="section")
    component = deferred(section, label="the section", min_height="30rem")
    data = json.loads(pio.to_json(component, validate=False))
    assert data["type"] == "Deferred"
    assert data["namespace"] == "ria_components"
    assert data["props"]["label"] == "the section"
    assert data["props"]["min_height"] == "30rem"
    assert data["props"]["className"] == "ria-deferred"
    assert data["props"]["children"]["props"]["id"] == "section"
    assert "id" not in data["props"]  # none given: none sent


def test_deferred_rejects_unknown_props():
    with pytest.raises(TypeError):
        Deferred(html.Div(), height="3rem")


def test_the_browser_side_is_defined_under_the_components_namespace():
    script = (ROOT / "assets" / "ria.js").read_text()
    assert f"window.{Deferred._namespace} = Object.assign" in script
    assert f"{Deferred._type}: {Deferred._type}" in script
    assert f'querySelectorAll(".{CHART_BOX_CLASS}")' in script
