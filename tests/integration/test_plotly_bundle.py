"""plotly.js is the partial bundle, compressed once per process."""

from __future__ import annotations

import gzip

import brotli
import pytest

from dashboard import PARTIAL_PLOTLY

URL = "/_dash-component-suites/plotly/package_data/plotly.min.js"

pytestmark = pytest.mark.skipif(not PARTIAL_PLOTLY.exists(), reason="plotly.js not vendored (make install)")


@pytest.fixture(scope="module")
def client(demo_store_url):
    from dashboard import create_app

    return create_app(demo_store_url).server.test_client()


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


def test_a_browser_that_has_it_is_told_it_is_unchanged(client):
    first = client.get(URL, headers={"Accept-Encoding": "br"})
    again = client.get(URL, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    other = client.get(URL, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200  # another encoding, another entity
