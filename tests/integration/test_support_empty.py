"""The Support page on a store with no support records: an empty state saying how to add them."""

from __future__ import annotations

from tests.integration.test_authority_page import by_id, tree
from tests.integration.test_leadership_page import _find, _text


def test_empty_store_says_how_to_add_support_records(sqlite_url):
    from dashboard import create_app

    app = create_app(sqlite_url)
    client = app.server.test_client()
    assert client.get("/support").status_code == 200
    from dashboard.pages import support as page

    layout = tree(page.layout())
    empty = by_id(layout, "support-empty")
    assert empty is not None
    text = _text(empty)
    assert "No support records yet" in text
    assert "python -m data_access import peer-challenges" in text
    assert "python -m data_access import known-support" in text
    assert "/support/records" in [a["props"].get("href") for a in _find(empty, "Link")]
    coverage = client.get("/data/support-coverage.csv").get_data(as_text=True)
    assert coverage.rstrip().splitlines()[-1] == "England,153,0,0.0"  # the LA table is seeded by the migration
    summary = client.get("/data/support-coverage.json").get_json()["summary"]
    assert "Every region: 0%." in summary and "By region" not in summary  # not "from 0% in X to 0% in X"
