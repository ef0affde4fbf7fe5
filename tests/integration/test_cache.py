"""data_access.cache: one result per (function, arguments, store, revision, role), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select, update

from data_access import cache, derived, queries
from data_access import models as m
from data_access.cache import acting_as, cached, current_role, store_revision
from data_access.db import get_engine, session_scope


@pytest.fixture(autouse=True)
def fresh_caches():
    cache.clear_caches()
    yield
    cache.clear_caches()


@pytest.fixture
def current_store(store_url, monkeypatch) -> str:
    """The store_url fixture made the current store (what create_app does for the dashboard)."""
    monkeypatch.setattr(cache, "_STORE_URL", store_url)
    return store_url


def write_something(url: str) -> None:
    """A committed edit in place: one LA renamed (row counts unchanged)."""
    with session_scope(url) as session:
        la = session.scalars(select(m.LocalAuthority).order_by(m.LocalAuthority.id)).first()
        la.name = la.name + " (renamed)"


def counting(calls: list):
    """A cached function of the store that records each real call."""

    @cached(maxsize=8)
    def count_las(url_or_engine=None, *, current_only: bool = False) -> int:
        calls.append((url_or_engine, current_only, current_role()))
        return len(queries.local_authorities(url_or_engine))

    return count_las


def test_two_identical_calls_compute_once(store_url):
    calls = []
    count_las = counting(calls)
    assert count_las(store_url) == count_las(store_url) == 158
    assert count_las(url_or_engine=store_url) == 158  # the same call, by keyword
    assert len(calls) == 1
    assert count_las(store_url, current_only=True) == 158
    assert len(calls) == 2  # other arguments: another entry


def test_a_write_makes_the_next_call_compute_again(store_url):
    calls = []
    count_las = counting(calls)
    count_las(store_url)
    before = store_revision(store_url)
    write_something(store_url)
    assert store_revision(store_url) == before + 1  # seen at once: the commit was in this process
    count_las(store_url)
    count_las(store_url)
    assert len(calls) == 2


def test_each_role_has_its_own_results(store_url):
    calls = []
    count_las = counting(calls)
    count_las(store_url)
    with acting_as("lga"):
        assert current_role() == "lga"
        count_las(store_url)
        count_las(store_url)
    assert current_role() == "public"
    count_las(store_url)
    assert [role for _, _, role in calls] == ["public", "lga"]


def test_the_role_is_per_thread():
    seen = []
    with acting_as("lga"):
        thread = threading.Thread(target=lambda: seen.append(current_role()))
        thread.start()
        thread.join()
    assert seen == ["public"]


def test_none_and_a_function_without_a_store_use_the_current_store(current_store):
    calls = []

    @cached(maxsize=4)
    def la_names(prefix: str) -> tuple[str, ...]:
        calls.append(prefix)
        frame = queries.local_authorities()
        return tuple(frame.loc[frame["la_name"].str.startswith(prefix), "la_name"])

    count_las = counting([])
    assert count_las() == count_las(current_store) == 158
    assert count_las.cache_info()["misses"] == 1  # None and the current store's URL share an entry
    assert la_names("Leeds") == la_names("Leeds") == ("Leeds",)
    assert calls == ["Leeds"]
    with session_scope(current_store) as session:
        session.execute(update(m.LocalAuthority).where(m.LocalAuthority.name == "Leeds").values(name="Leeds City"))
    assert la_names("Leeds") == ("Leeds City",)
    assert calls == ["Leeds", "Leeds"]


def test_queries_frames_are_reused_until_the_store_changes(store_url):
    first = queries.reorganisations(store_url)
    assert queries.reorganisations(store_url) is first
    version = queries.store_version(store_url)
    assert version == (cache.store_key(store_url), store_revision(store_url))
    assert get_engine(version[0]).url == get_engine(store_url).url  # the dashboard passes version[0] on
    write_something(store_url)
    assert queries.store_version(store_url) == (version[0], version[1] + 1)
    assert queries.reorganisations(store_url) is not first
    las = queries.local_authorities(store_url)
    assert las["la_name"].str.endswith(" (renamed)").sum() == 1


def test_derived_frames_follow_the_revision(store_url):
    first = queries.judgements(store_url)
    latest = derived.latest_grades_all(store_url, as_at=date(2026, 3, 31))
    assert derived.latest_grades_all(store_url, as_at=date(2026, 3, 31)) is latest
    write_something(store_url)
    assert derived.latest_grades_all(store_url, as_at=date(2026, 3, 31)) is not latest
    assert queries.judgements(store_url) is not first


def test_a_write_by_another_process_is_seen_after_the_ttl(store_url, monkeypatch):
    calls = []
    count_las = counting(calls)
    monkeypatch.setattr(cache, "REVISION_TTL_SECONDS", 3600.0)
    count_las(store_url)
    before = store_revision(store_url)
    # Another process's commit: the row changes, but nothing in this process is told.
    with get_engine(store_url).begin() as connection:
        connection.execute(update(m.StoreRevision.__table__).values(revision=m.StoreRevision.revision + 1))
    assert store_revision(store_url) == before  # trusted for the TTL
    count_las(store_url)
    assert len(calls) == 1
    monkeypatch.setattr(cache, "REVISION_TTL_SECONDS", 0.0)
    assert store_revision(store_url) == before + 1
    count_las(store_url)
    assert len(calls) == 2


def test_the_cache_is_bounded_and_can_be_cleared(current_store):
    calls = []

    @cached(maxsize=2)
    def square(n: int) -> int:
        calls.append(n)
        return n * n

    assert [square(1), square(2), square(3), square(1)] == [1, 4, 9, 1]
    assert calls == [1, 2, 3, 1]  # 1 was the least recently used when 3 came in
    assert square.cache_info()["size"] == 2
    square(1)
    assert calls == [1, 2, 3, 1]
    cache.clear_caches()
    square(1)
    assert calls == [1, 2, 3, 1, 1]


def test_unhashable_arguments_are_refused(current_store):
    @cached()
    def total(values) -> int:
        return sum(values)

    assert total((1, 2)) == 3
    with pytest.raises(TypeError, match="total: cached functions need hashable arguments"):
        total([1, 2])


def test_call_cached_keys_on_the_function_and_its_arguments(current_store):
    calls = []

    def double(n: int) -> int:
        calls.append(n)
        return 2 * n

    def triple(n: int) -> int:
        calls.append(-n)
        return 3 * n

    assert cache.call_cached(double, 2) == cache.call_cached(double, 2) == 4
    assert cache.call_cached(triple, 2) == 6
    assert calls == [2, -2]
    with acting_as("lga"):
        cache.call_cached(double, 2)
    write_something(current_store)
    cache.call_cached(double, 2)
    assert calls == [2, -2, 2, 2]


def test_threads_share_the_cache_without_corrupting_it(store_url):
    @cached(maxsize=16)
    def las_in(region_code: str, url_or_engine=None) -> int:
        frame = queries.local_authorities(url_or_engine)
        return int((frame["region_code"] == region_code).sum())

    expected = {code: las_in(code, store_url) for code in ("E12000002", "E12000007", "E12000008")}
    errors, results = [], []

    def work():
        try:
            for _ in range(50):
                for code in expected:
                    results.append((code, las_in(code, store_url)))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 6 * 50 * 3 and all(expected[code] == n for code, n in results)
    assert las_in.cache_info()["misses"] == 3


def test_the_dashboards_cache_names_delegate_here(current_store):
    from dashboard import cache as dashboard_cache
    from dashboard import context
    from dashboard.filters import Filters

    assert context.store_url is cache.store_url and context.set_store_url is cache.set_store_url
    calls = []

    @dashboard_cache.cached_view
    def view(filters: Filters) -> str:
        calls.append(filters)
        return filters.region or "England"

    version = dashboard_cache.current_store_version()
    assert version == (cache.store_key(current_store), store_revision(current_store), "public")
    assert view(Filters()) == view(Filters()) == "England"
    assert dashboard_cache.cached_call(view.__wrapped__, Filters()) == "England"
    assert len(calls) == 1  # cached_view and cached_call share one cache
    write_something(current_store)
    assert dashboard_cache.current_store_version()[1] == version[1] + 1
    with acting_as("lga"):
        assert dashboard_cache.current_store_version()[2] == "lga"
        view(Filters())
    view(Filters())
    assert len(calls) == 3


def test_the_command_line_reads_database_url_not_the_current_store(sqlite_url, tmp_path, monkeypatch, capsys):
    from data_access.cli import main
    from data_access.importers.peer_challenges import import_peer_challenges
    from data_access.store import migrate

    other = f"sqlite:///{tmp_path / 'other.db'}"
    migrate(other)
    path = tmp_path / "peers.csv"
    path.write_text("la,kind,start_date\nLeeds,Diagnostic,2024-05-01\n")
    with session_scope(other) as session:
        import_peer_challenges(session, path)
    monkeypatch.setattr(cache, "_STORE_URL", other)  # as if an app in this process read `other`
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert len(queries.peer_challenges()) == 1  # None: the current store
    assert main(["status", "--json"]) == 0
    assert '"peer_challenges": 0' in capsys.readouterr().out
