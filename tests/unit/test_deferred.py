"""The Deferred component's server side: what the browser receives (its JS is browser-tested),
with the `deferred` fast path on, and the plain section Dash renders with it off."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.io as pio
import pytest
from dash import html

from dashboard.components.deferred import CHART_BOX_CLASS, WAITING, Deferred, deferred
from dashboard.fast_paths import SETTING

ROOT = Path(__file__).resolve().parents[2]


def test_deferred_serialises_its_section_and_placeholder_props(monkeypatch):
    monkeypatch.setenv(SETTING, "deferred")
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


def test_with_the_fast_path_off_the_section_is_a_plain_div(monkeypatch):
    monkeypatch.setenv(SETTING, "0")
    section = html.Div(html.P("below"), id="section")
    component = deferred(section, label="the section", min_height="30rem")
    assert type(component) is html.Div
    assert component.children is section and component.className == "ria-deferred"


def test_deferred_rejects_unknown_props():
    with pytest.raises(TypeError):
        Deferred(html.Div(), height="3rem")


def test_the_browser_side_is_defined_under_the_components_namespace():
    script = (ROOT / "assets" / "ria.js").read_text()
    assert f"window.{Deferred._namespace} = Object.assign" in script
    assert f"{Deferred._type}: {Deferred._type}" in script
    assert f'querySelectorAll(".{CHART_BOX_CLASS}")' in script
    assert f'"{WAITING}": ""' in script  # the placeholder's mark, which WHOLE_PAGE_READY looks for
