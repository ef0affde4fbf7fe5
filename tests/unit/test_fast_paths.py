"""The fast paths (dashboard/fast_paths.py) are fenced: every private Dash name they use is listed,
still there in the installed Dash, and used nowhere else; one setting turns them off."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import dash
import pytest

from dashboard import fast_paths

ROOT = Path(__file__).resolve().parents[2]
PRIVATE_USE = re.compile(r"from dash\._|import dash\._|dash\._[a-z]")


@pytest.mark.parametrize(
    "module, name", [(module, name) for module, names in fast_paths.PRIVATE_NAMES.items() for name in names]
)
def test_every_private_dash_name_the_fast_paths_use_is_still_there(module, name):
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        pytest.fail(
            f"{module}.{name}, which dashboard/fast_paths.py uses, is gone in dash {dash.__version__} "
            f"(requirements.txt pins {pinned_dash()}): update the fast path, or drop it",
            pytrace=False,
        )
    assert found is not None


@pytest.mark.parametrize("attribute", fast_paths.COMPONENT_ATTRIBUTES)
def test_dash_components_still_define_what_the_hand_written_one_does(attribute):
    if not hasattr(dash.html.Div(), attribute):
        pytest.fail(
            f"Dash {dash.__version__}'s components no longer define {attribute}, which the hand-written "
            "Deferred component (dashboard/fast_paths.py) relies on",
            pytrace=False,
        )


def test_nothing_is_missing_at_start_up():
    assert fast_paths.missing_private_names() == []


def test_the_fast_paths_reach_private_names_only_through_the_list():
    source = (ROOT / "dashboard" / "fast_paths.py").read_text()
    assert not re.search(r"^\s*(from dash\._|import dash\._)", source, re.M), "use private(), not an import"
    for module, name in re.findall(r'private\("([\w.]+)", "?(\w+)"?\)', source):
        if name != "name":  # private("dash.dash", name) in a loop over PRIVATE_NAMES["dash.dash"]
            assert name in fast_paths.PRIVATE_NAMES.get(module, ()), f"{module}.{name} is not in PRIVATE_NAMES"
    with pytest.raises(KeyError, match="PRIVATE_NAMES"):
        fast_paths.private("dash._pages", "_parse_path_variables")


def test_private_dash_names_appear_in_one_file_only():
    """The same check as `git grep -l -E 'from dash\\._|import dash\\._|dash\\._[a-z]' -- dashboard app.py`."""
    files = [ROOT / "app.py", *sorted((ROOT / "dashboard").rglob("*.py"))]
    users = [str(p.relative_to(ROOT)) for p in files if PRIVATE_USE.search(p.read_text())]
    assert users == ["dashboard/fast_paths.py"]


def test_the_browser_side_uses_no_private_dash_event():
    assert "_dashprivate" not in (ROOT / "assets" / "ria.js").read_text()


def pinned_dash() -> str:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return next(line.split("#")[0].strip() for line in lines if re.match(r"dash\s*[=<>~!]", line))


def test_dash_is_pinned_to_the_exact_version_installed():
    pin = pinned_dash()
    assert re.fullmatch(r"dash==\d+\.\d+\.\d+", pin), f"requirements.txt: {pin!r} is not an exact pin"
    assert pin == f"dash=={dash.__version__}", f"installed dash {dash.__version__}, requirements.txt {pin}"


@pytest.mark.parametrize("value", ["", "1", "true", "Yes", " on "])
def test_the_fast_paths_are_on_by_default(value):
    assert fast_paths.chosen(value) == set(fast_paths.FAST_PATHS)


@pytest.mark.parametrize("value", ["0", "false", "no", "OFF"])
def test_one_setting_turns_them_all_off(value):
    assert fast_paths.chosen(value) == set()


def test_a_list_turns_on_those_named_and_a_typo_is_an_error():
    assert fast_paths.chosen("first_render, deferred") == {"first_render", "deferred"}
    with pytest.raises(ValueError, match="first_rendr"):
        fast_paths.chosen("first_rendr")


def test_enabled_reads_the_environment(monkeypatch):
    monkeypatch.setenv(fast_paths.SETTING, "off")
    assert not fast_paths.enabled() and not fast_paths.enabled("deferred")
    monkeypatch.setenv(fast_paths.SETTING, "partial_plotly")
    assert fast_paths.enabled() and fast_paths.enabled("partial_plotly") and not fast_paths.enabled("deferred")
    monkeypatch.delenv(fast_paths.SETTING)
    assert all(fast_paths.enabled(name) for name in fast_paths.FAST_PATHS)
