"""Our metrics on Ofsted's real files agree with what Ofsted itself publishes in those files.

The "as at 31 March 2025" grade counts are recomputed from the imported inspection history and
compared with Ofsted's own Inspections_as_at_31_March sheet, read here independently.
"""

from __future__ import annotations

import functools
from datetime import date

import pandas as pd
import pytest

from data_access import queries
from data_access.db import session_scope
from data_access.grades import parse_grade
from data_access.importers.ofsted import import_ofsted
from data_access.metrics import grades, leadership
from tests.conftest import real_ofsted_dir

pytestmark = pytest.mark.real_data
OUTCOMES_2025 = "*31_march_2025*.ods"


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    folder = real_ofsted_dir()
    if folder is None or not list(folder.glob(OUTCOMES_2025)):
        pytest.skip("real Ofsted files not found (RIA_DATA_DIR or ../shared/data/ofsted/raw)")
    from data_access.store import migrate

    url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'store.db'}"
    migrate(url)
    with session_scope(url) as session:
        for path in sorted(folder.glob("*.ods")):
            import_ofsted(session, path)
    return url, next(folder.glob(OUTCOMES_2025))


@functools.cache
def _sheet(path, name: str) -> pd.DataFrame:
    """A sheet with its header row found by the 'Local authority name' cell (read once: ODS is slow)."""
    raw = pd.read_excel(path, sheet_name=name, header=None, dtype=str)
    header_row = raw.index[raw.eq("Local authority name").any(axis=1)][0]
    frame = raw.iloc[header_row + 1 :].copy()
    frame.columns = raw.iloc[header_row]
    return frame.dropna(subset=["Local authority name"])


def _published_counts(frame: pd.DataFrame, column_prefix: str) -> dict[str, int]:
    column = next(c for c in frame.columns if str(c).startswith(column_prefix))
    counts = frame[column].map(lambda text: parse_grade(text).value).value_counts()
    return {g: int(counts.get(g, 0)) for g in grades.GRADE_KEYS}


@pytest.mark.parametrize(
    "headline,column_prefix",
    [
        ("overall", "Overall effectiveness"),
        ("leadership", "The impact of leaders"),
    ],
)
def test_as_at_31_march_2025_equals_ofsteds_published_table(real_store, headline, column_prefix):
    url, path = real_store
    latest = grades.latest_grades_as_at(
        queries.judgements(url),
        queries.local_authorities(url),
        queries.reorganisations(url),
        as_at=date(2025, 3, 31),
        headline=headline,
    )
    ours = grades.grade_counts(latest)
    published = _published_counts(_sheet(path, "Inspections_as_at_31_March"), column_prefix)
    assert ours == published | {"total": sum(published.values())}
    assert ours["total"] == 153


def test_leadership_judgements_in_2024_25_are_the_histories_graded_ilacs_rows(real_store):
    url, path = real_store
    history = _sheet(path, "ILACS_inspection_history")
    published = pd.to_datetime(history["Publication date"])
    expected = int(((published >= "2024-04-01") & (published <= "2025-03-31")).sum())
    changes = leadership.leadership_changes(
        queries.judgements(url), queries.reorganisations(url), start=date(2024, 4, 1), end=date(2025, 3, 31)
    )
    summary = leadership.summarise(changes)
    assert summary["judgements"] == expected
    assert summary["improved"] + summary["maintained"] + summary["declined"] + summary["no_previous"] == expected
    # Only authorities created by reorganisation can lack a previous leadership grade.
    no_previous = set(changes.loc[changes["change"] == "no previous", "ons_code"])
    assert no_previous <= {"E06000058", "E06000059", "E06000061", "E06000062", "E06000063", "E06000064"}
    with_predecessors = leadership.summarise(
        leadership.leadership_changes(
            queries.judgements(url),
            queries.reorganisations(url),
            start=date(2024, 4, 1),
            end=date(2025, 3, 31),
            with_predecessors=True,
        )
    )
    assert with_predecessors["judgements"] == expected
    assert with_predecessors["no_previous"] <= summary["no_previous"]


def test_pages_on_real_data_show_ofsteds_numbers(real_store, monkeypatch, capsys):
    """The app's callbacks over HTTP, on the real files: Judgements' as-at table and Leadership's table."""
    from dashboard import create_app
    from tests.dash_client import DashClient
    from tests.integration.test_judgements_page import as_at_table
    from tests.integration.test_leadership_page import Client, as_metric, by_year_table, cli

    url, path = real_store
    app = create_app(url)
    counts = as_at_table(DashClient(app), "")["2025-03-31"]
    published = _published_counts(_sheet(path, "Inspections_as_at_31_March"), "Overall effectiveness")
    assert {g: counts.get(g, 0) for g in grades.GRADE_KEYS[:4]} == {g: published[g] for g in grades.GRADE_KEYS[:4]}
    rows = by_year_table(Client(app), "?region=london&from=2024-04-01&to=2025-03-31")
    assert as_metric(rows[-1]) == cli(
        monkeypatch, capsys, url, "--from", "2024-04-01", "--to", "2025-03-31", "--region", "London"
    )


EDITIONS = {
    # as at 31 March: (file pattern, sheet)
    date(2023, 3, 31): ("*2023_underlying_data.ods", "LA_level_at_31_Mar_2023"),
    date(2024, 3, 31): ("*31_march_2024.ods", "Inspections_31_March_2024"),
    date(2025, 3, 31): ("*31_march_2025.ods", "Inspections_as_at_31_March"),
}
CORRECTED_LATER = {(2024, "care_leavers"): {"E10000028": "requires_improvement"}}  # Staffordshire, Nov 2023
SHEET_AREAS = {  # headline area: how the sheets' column headings begin (after an optional "The ")
    "overall": "overall effectiveness",
    "leadership": "impact of leaders",
    "help_and_protection": "experiences and progress of children who need help",
    "children_in_care": "experiences and progress of children in care",
    "care_leavers": "experiences and progress of care leavers",
}


@pytest.mark.parametrize("as_at", list(EDITIONS), ids=lambda d: f"as-at-{d.year}")
@pytest.mark.parametrize("headline", list(SHEET_AREAS))
def test_each_editions_table_is_reproduced_la_by_la(real_store, as_at, headline):
    """Every LA's grade in every area equals Ofsted's own "as at 31 March" table of that edition,
    blank (not graded) where Ofsted's is blank: each edition's cut-off and the current-grade rule."""
    from data_access.reference.local_authorities import ons_code_for_name

    url, _ = real_store
    pattern, sheet_name = EDITIONS[as_at]
    path = next(real_ofsted_dir().glob(pattern), None)
    if path is None:
        pytest.skip(f"{pattern} not found")
    sheet = _sheet(path, sheet_name).copy()
    column = next(c for c in sheet.columns if str(c).lower().removeprefix("the ").startswith(SHEET_AREAS[headline]))
    theirs = {
        ons_code_for_name(name, as_at): parse_grade(text).value if isinstance(text, str) else "not_graded"
        for name, text in zip(sheet["Local authority name"], sheet[column], strict=True)
    }
    latest = grades.latest_grades_as_at(
        queries.judgements(url),
        queries.local_authorities(url),
        queries.reorganisations(url),
        as_at=as_at,
        headline=headline,
    )
    ours = dict(zip(latest["ons_code"], latest["grade"], strict=True))
    assert None not in theirs
    # Ofsted's later edition corrected one grade of the 2024 one (the 2025 file's notes): the store
    # holds the correction.
    theirs |= CORRECTED_LATER.get((as_at.year, headline), {})
    # LAs Ofsted lists blank that no inspection in the window reached (new LAs awaiting their first).
    not_inspected = {code for code, grade in theirs.items() if grade == "not_graded"} - set(ours)
    assert not_inspected <= {"E06000063", "E06000064"}
    assert ours == {code: grade for code, grade in theirs.items() if code not in not_inspected}


def test_manchesters_care_leavers_grade_is_not_taken_from_its_2017_sif(real_store):
    """Its 2022 ILACS judged children in care and care leavers together: no 2017 grade is current."""
    url, _ = real_store
    judgements = queries.judgements(url)
    manchester = grades.grades_of_authority(judgements[judgements["ons_code"] == "E08000003"], as_at=date(2025, 6, 30))
    current = manchester.set_index("headline")
    assert set(current["framework"]) == {"ILACS"}
    assert current.loc["care_leavers", "grade"] == "not_graded"
    assert current.loc["care_leavers", "note"] == "judged with children in care, ILACS 2022"
    assert current.loc["children_in_care", "area"] == "children_in_care_and_care_leavers"
    assert current["published_date"].nunique() == 1  # all from one inspection


def test_on_ofsteds_regions_each_regions_counts_equal_ofsteds_table(real_store):
    """Ofsted's published figures use its eight regions: counted on that basis (regions from our
    own LA table), each region's latest overall grades equal those of the rows Ofsted's sheet
    places in it (its region column is read here only to check ours)."""
    from data_access.reference.regions import OFSTED_REGIONS, region_for

    url, path = real_store
    sheet = _sheet(path, "Inspections_as_at_31_March")
    region_column = next(c for c in sheet.columns if "region" in str(c).lower())
    assert sheet[region_column].nunique() == 8
    for region in OFSTED_REGIONS:
        latest = grades.latest_grades_as_at(
            queries.judgements(url),
            queries.local_authorities(url),
            queries.reorganisations(url),
            as_at=date(2025, 3, 31),
            headline="overall",
            region_code=region.code,
        )
        theirs = sheet[sheet[region_column].map(lambda name: region_for(str(name))) == region]
        published = _published_counts(theirs, "Overall effectiveness")
        assert grades.grade_counts(latest) == published | {"total": len(theirs)}, region.name
