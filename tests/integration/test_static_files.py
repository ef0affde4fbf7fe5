"""Scripts and assets are compressed once per process; plotly.js is the partial bundle (the
partial_plotly fast path, dashboard/fast_paths.py)."""

from __future__ import annotations

import gzip

import brotli
import pytest

from dashboard.fast_paths import PARTIAL_PLOTLY
from tests.skips import needs_fast_path

URL = "/_dash-component-suites/plotly/package_data/plotly.min.js"

needs_bundle = pytest.mark.skipif(not PARTIAL_PLOTLY.exists(), reason="plotly.js not vendored (make install)")
partial_plotly = needs_fast_path("partial_plotly")


@pytest.fixture(scope="module")
def client(demo_store_url):
    from dashboard import create_app

    return create_app(demo_store_url).server.test_client()


@partial_plotly
@needs_bundle
@pytest.mark.parametrize(
    "accept,encoding,decode",
    [("gzip, deflate, br, zstd", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress), ("", None, bytes)],
)
def test_the_bundle_is_served_in_the_best_encoding_the_browser_takes(client, accept, encoding, decode):
    response = client.get(URL, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response.data) == PARTIAL_PLOTLY.read_bytes()


@partial_plotly
@needs_bundle
def test_a_browser_that_has_it_is_told_it_is_unchanged(client):
    first = client.get(URL, headers={"Accept-Encoding": "br"})
    again = client.get(URL, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    other = client.get(URL, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200  # another encoding, another entity


def test_dash_scripts_and_assets_are_compressed_once_and_unchanged(demo_store_url, monkeypatch):
    import re

    from dashboard import create_app

    http = create_app(demo_store_url).server.test_client()
    urls = [
        u
        for u in re.findall(r'(?:src|href)="(/[^"]+)"', http.get("/").get_data(as_text=True))
        if u.startswith(("/_dash-component-suites/dash/", "/assets/ria"))
    ]
    assert any("dash_renderer" in u for u in urls) and any(u.startswith("/assets/ria.js") for u in urls)
    calls = []
    compress = brotli.compress
    monkeypatch.setattr(brotli, "compress", lambda data, **kw: calls.append(1) or compress(data, **kw))
    for url in urls:
        plain = http.get(url, headers={"Accept-Encoding": "identity"})
        packed = [http.get(url, headers={"Accept-Encoding": "gzip, br"}) for _ in range(2)]
        assert [p.headers["Content-Encoding"] for p in packed] == ["br", "br"], url
        assert brotli.decompress(packed[1].data) == plain.data, url
    assert len(calls) == len(urls)  # once per file, not per request
    assert http.get(urls[0], headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
