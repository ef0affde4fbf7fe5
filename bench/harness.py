"""Driving the app from outside, shared by bench/core.py, the tests and scripts/: the pages to
visit, a free port, Debian's Chromium, the body of a Dash callback request.

(The benchmark imports nothing from tests/; the tests import these from here, and scripts/ through
the tests.)
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"

# Every page of the dashboard: short name (used in test ids, benchmark rows and screenshot file
# names) -> path.
PAGES: dict[str, str] = {
    "overview": "/",
    "judgements": "/judgements",
    "leadership": "/leadership",
    "maps": "/maps",
    "la": "/la/E08000003",  # Manchester
    "methods": "/methods",
    "accessibility": "/accessibility",
}

CHROMIUM = Path("/usr/bin/chromium")  # Debian's, driven by Playwright (no `playwright install`)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port(host: str = HOST) -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def build_payload(
    dependencies: list[dict],
    output_contains: str,
    inputs: dict[str, Any],
    state: dict[str, Any] | None = None,
    changed: list[str] | None = None,
) -> dict:
    """The JSON body Dash's renderer posts to /_dash-update-component for one callback.

    Inputs and state are {"id.prop": value}; `changed` names the triggering inputs (default all).
    """
    matches = [d for d in dependencies if output_contains in d["output"]]
    # Each create_app in one test process registers the pages' callbacks again: same outputs.
    assert len({d["output"] for d in matches}) == 1, f"{len(matches)} callbacks match {output_contains!r}"
    dep = matches[0]

    def items(specs, values):
        return [
            {"id": s["id"], "property": s["property"], "value": values[f"{s['id']}.{s['property']}"]} for s in specs
        ]

    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]} for part in dep["output"].strip(".").split("...")
    ]
    return {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": items(dep["inputs"], inputs),
        "state": items(dep["state"], state or {}),
        "changedPropIds": changed or [f"{s['id']}.{s['property']}" for s in dep["inputs"]],
    }
