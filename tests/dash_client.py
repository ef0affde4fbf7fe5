"""Call a Dash callback over HTTP with Flask's test client, as the browser would."""

from __future__ import annotations

from typing import Any

from bench.harness import build_payload

__all__ = ["DashClient", "build_payload", "download_link", "fetch_download"]


class DashClient:
    def __init__(self, app):
        self.client = app.server.test_client()
        assert self.client.get("/").status_code == 200  # the first request registers page callbacks
        self.dependencies = self.client.get("/_dash-dependencies").get_json()

    def callback(
        self,
        output_contains: str,
        inputs: dict[str, Any],
        state: dict[str, Any] | None = None,
        changed: list[str] | None = None,
    ) -> dict:
        """Run the callback whose output string contains `output_contains` and return its response."""
        payload = build_payload(self.dependencies, output_contains, inputs, state, changed)
        response = self.client.post("/_dash-update-component", json=payload)
        assert response.status_code == 200, response.data[:500]
        return response.get_json()["response"]


def fetch_download(app, href: str) -> tuple[str, str]:
    """(file name, text) of what a Download link's `href` (a `/data/` twin) sends."""
    response = app.server.test_client().get(href)
    assert response.status_code == 200, response.data[:500]
    disposition = response.headers.get("Content-Disposition", "")
    return disposition.split('filename="')[-1].rstrip('"'), response.get_data(as_text=True)


def download_link(client: DashClient, key: str, store: str, query: str) -> str:
    """The href a card's Download link has after its page's filters become `query`."""
    response = client.callback(f"{key}-download-button.href", {store: query})
    return response[f"{key}-download-button"]["href"]
