"""Every callback's inputs, outputs and states exist in some page's layout.

The app sets suppress_callback_exceptions (so the browser is not sent every page's layout just
to check ids); this test is that check, done once here.
"""

from __future__ import annotations

import json

import dash
import pytest


def _ids(component, found: set[str]) -> set[str]:
    if isinstance(component, (list, tuple)):
        for child in component:
            _ids(child, found)
        return found
    if not isinstance(component, dash.development.base_component.Component):
        return found
    if getattr(component, "id", None) is not None:
        found.add(str(component.id))
        if isinstance(component.id, dict):  # a pattern-matching id: callbacks name it with ALL
            pattern = {k: (v if k == "type" else ["ALL"]) for k, v in sorted(component.id.items())}
            found.add(json.dumps(pattern, separators=(",", ":")))
    for name in getattr(component, "_children_props", []) + ["children"]:
        _ids(getattr(component, name.split(".")[0].split("[")[0], None), found)
    return found


@pytest.fixture(scope="module")
def app(demo_store_url):
    from dashboard import create_app

    application = create_app(demo_store_url)
    assert application.server.test_client().get("/").status_code == 200
    return application


def test_every_callback_id_is_in_a_page_layout(app):
    from dashboard.components.shell import shell

    layouts = [shell()]
    for page in dash.page_registry.values():
        layout = page["layout"]
        layouts.append(layout() if callable(layout) else layout)
        if "<code>" in (page.get("path_template") or ""):
            layouts.append(layout(code="E08000003"))
    present = _ids(layouts, set())
    dependencies = app.server.test_client().get("/_dash-dependencies").get_json()
    missing = set()
    for dependency in dependencies:
        outputs = [part.rsplit(".", 1)[0] for part in dependency["output"].strip(".").split("...")]
        names = outputs + [i["id"] for i in dependency["inputs"]] + [s["id"] for s in dependency["state"]]
        missing |= {name for name in names if name not in present}
    assert not missing, f"callback ids not in any layout: {sorted(missing)}"
    assert len(present) > 100
