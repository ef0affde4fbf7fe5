"""Provisional rows in the app: 'now' runs to them, every page says how far each kind of data runs,
and the tables that list judgements label them."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import sessionmaker

from dashboard.views.freshness import coverage_text
from data_access import derived, queries
from data_access.cache import clear_caches
from data_access.db import get_engine
from data_access.importers.ofsted import import_ofsted
from data_access.importers.provisional import import_provisional
from tests.unit.test_ofsted_importer import outcomes_2025_sheets, write_csv
from tests.unit.test_provisional import BARNSLEY_2026, scrape

BARNSLEY = "E08000016"


def test_coverage_text_names_both_dates_only_when_provisional_rows_exist():
    assert coverage_text(date(2025, 5, 14), date(2026, 8, 20)) == (
        "Official data to 14 May 2025, provisional to 20 August 2026"
    )
    assert coverage_text(date(2025, 5, 14), None) is None
    assert coverage_text(None, date(2026, 8, 20)) == "No official data, provisional to 20 August 2026"


def test_provisional_rows_move_now_are_labelled_and_can_be_left_out(sqlite_url, tmp_path):
    from dashboard import create_app
    from dashboard.filters import Filters
    from dashboard.views import VIEWS

    with sessionmaker(bind=get_engine(sqlite_url))() as session:
        import_ofsted(session, write_csv(tmp_path / "history.csv", outcomes_2025_sheets()["ILACS_inspection_history"]))
        import_provisional(session, scrape(tmp_path, BARNSLEY_2026))
        session.commit()
    clear_caches()

    assert derived.data_as_at(sqlite_url) == date(2026, 7, 7)  # the newest provisional publication
    assert derived.data_coverage(sqlite_url) == (date(2024, 7, 23), date(2026, 7, 7))
    everything = queries.judgements(sqlite_url)
    official = queries.judgements(sqlite_url, include_provisional=False)
    assert len(everything) - len(official) == 4  # Barnsley 2026: four judgements, leadership unreadable
    assert pd_dates(official) == {date(2019, 7, 1), date(2024, 7, 23), date(2023, 10, 27), date(2019, 7, 29)}

    client = create_app(sqlite_url).server.test_client()
    from dashboard.pages import authority  # noqa: F401  (pages register once an app exists)
    from dashboard.views import authority as authority_view

    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/"}).get_data(as_text=True)
    assert "Official data to 23 July 2024, provisional to 7 July 2026" in layout

    history = authority_view.history(BARNSLEY)
    assert list(history["Inspection"][:2]) == ["Standard inspection (provisional)", "Standard inspection"]
    current = authority_view.current_grades(BARNSLEY).set_index("Area")
    assert current.loc["Overall effectiveness", "Inspection"] == "Standard inspection (provisional)"
    assert current.loc["Overall effectiveness", "Grade"] == "Not graded"

    recent = VIEWS["overview-recent"].result(Filters(date_from=date(2023, 1, 1))).frame
    types = dict(
        zip(recent["Local authority"] + " " + recent["Published"].dt.strftime("%Y"), recent["Type"], strict=True)
    )
    assert types["Barnsley 2026"] == "standard (provisional)"
    assert types["Barnsley 2023"] == "standard"
    clear_caches()


def pd_dates(frame) -> set[date]:
    return {d.date() for d in frame["published_date"].dropna().unique()}
