"""Warming a server renders every page's default view once, through the view caches."""

from __future__ import annotations

from tests.skips import needs_fast_path


def test_warm_up_computes_every_pages_default_view(demo_store_url, monkeypatch):
    from dashboard import create_app
    from dashboard.filters import Filters
    from dashboard.views.freshness import as_at
    from dashboard.warm import warm_up
    from data_access.areas import HEADLINE_AREAS
    from data_access.metrics.headlines import latest_complete_financial_year
    from data_access.metrics.periods import financial_year_bounds

    app = create_app(demo_store_url)
    from data_access import cache

    seen = []
    call_cached = cache.call_cached

    def recording(function, *args):
        if args and isinstance(args[0], Filters):  # a view (the slides' deck is cached by region and date)
            seen.append((getattr(function, "func", function).__qualname__, args[0]))  # partials name their function
        return call_cached(function, *args)

    monkeypatch.setattr(cache, "call_cached", recording)
    cache.clear_caches()  # a server starts cold: other tests in this process may have filled them
    assert warm_up(app) > 0
    names = {name for name, _ in seen}
    assert {"headlines", "recent"} <= names  # the Overview's cards and list
    assert {"by_year", "as_at"} <= names  # the Judgements charts
    # England with no filters, and the judgement areas Judgements asks to warm (register_page warm=)
    areas = {Filters(area=area) for area in HEADLINE_AREAS if area != "overall"}
    # and the meeting slides' leadership measure for this financial year and the last
    latest = latest_complete_financial_year(as_at()) + 1
    years = {Filters(date_from=start, date_to=end) for start, end in map(financial_year_bounds, (latest, latest - 1))}
    assert {filters for _, filters in seen} == {Filters()} | areas | years
    assert {filters for name, filters in seen if name == "as_at"} == {Filters()} | areas


def test_a_page_that_fails_to_warm_does_not_stop_the_server(demo_store_url, monkeypatch, caplog):
    import dash

    from dashboard import create_app
    from dashboard.warm import warm_up

    app = create_app(demo_store_url)
    page = next(p for p in dash.page_registry.values() if p["path"] == "/methods")

    def broken(**_query):
        raise RuntimeError("store not reachable")

    monkeypatch.setitem(page, "layout", broken)
    assert warm_up(app) > 0
    assert "could not warm /methods" in caplog.text


@needs_fast_path("first_render")  # the layout cache is part of it
def test_warming_for_the_sites_address_fills_the_layout_cache(demo_store_url, monkeypatch):
    from dashboard import create_app
    from dashboard.warm import warm_up

    app = create_app(demo_store_url)
    site = "http://127.0.0.1:8050"
    assert warm_up(app, site) > 0
    renders = []
    serve = app.serve_layout
    monkeypatch.setattr(app, "serve_layout", lambda: renders.append(1) or serve())
    http = app.server.test_client()
    for path in ("/", "/judgements", "/judgements?area=leadership"):  # the default views, and a listed one
        response = http.get("/_dash-layout", base_url=site, headers={"Referer": site + path})
        assert response.status_code == 200
    assert renders == []  # all from the cache
    http.get("/_dash-layout", base_url=site, headers={"Referer": site + "/judgements?region=london"})
    assert renders == [1]
