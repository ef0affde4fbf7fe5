"""Briefing pack requests: what is refused, with which message, before anything is built."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.exports.briefing import SECTIONS, BriefingError, region_code, validate
from dashboard.exports.jobs import file_path, job_folder


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("England", ""),
        ("england", ""),
        ("North West", "E12000002"),
        ("north-west", "E12000002"),
        ("E12000007", "E12000007"),
        ("Yorkshire and the Humber", "E12000003"),
    ],
)
def test_a_region_is_found_by_name_slug_or_code(name, code):
    assert region_code(name) == code


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("Narnia", "01/04/2025", "31/03/2026", ["map"], ["pdf"]),
            "Unknown region 'Narnia'. Choose one of: England, North East",
        ),
        (
            ("London", "01/04/2026", "31/03/2025", ["map"], ["pdf"]),
            "The 'from' date (1 Apr 2026) is after the 'to' date (31 Mar 2025).",
        ),
        (("London", "31/02/2025", "31/03/2025", ["map"], ["pdf"]), "The from date '31/02/2025' is not a date"),
        (("London", "01/04/2025", "", ["map"], ["pdf"]), "The to date '' is not a date"),
        (("London", "01/04/2025", "31/03/2026", [], ["pdf"]), "Choose at least one section."),
        (("London", "01/04/2025", "31/03/2026", ["map"], []), "Choose at least one format"),
        (("London", "01/04/2025", "31/03/2026", ["maps"], ["pdf"]), "Unknown section 'maps'"),
        (("London", "01/04/2025", "31/03/2026", ["map"], ["docx"]), "Unknown format 'docx'"),
    ],
)
def test_a_request_that_cannot_be_met_says_why(args, message):
    with pytest.raises(BriefingError) as raised:
        validate(*args)
    assert str(raised.value).startswith(message)


@pytest.fixture
def demo_store(demo_store_url):
    from dashboard.context import set_store_url

    set_store_url(demo_store_url)
    yield demo_store_url
    set_store_url(None)


def test_a_period_with_no_judgements_is_refused(demo_store):
    with pytest.raises(BriefingError, match=r"^No judgements were published in London from 1 Apr 2040 to 1 May 2040"):
        validate("London", date(2040, 4, 1), date(2040, 5, 1), ["map"], ["pdf"])
    request = validate("London", "2025-04-01", "31 Mar 2026", ["since", "map", "headline"], ["xlsx", "pdf"])
    assert request.sections == ("headline", "map", "since")  # the pack's order, whatever the order asked
    assert request.formats == ("pdf", "xlsx")
    assert list(SECTIONS)[0] == "headline"


@pytest.mark.parametrize("job_id", ["../etc", "ABCDEF" * 6, "0" * 31, "", "0" * 32 + "/x"])
def test_only_a_job_id_names_a_job_folder(job_id):
    assert job_folder(job_id) is None
    assert file_path(job_id, "briefing.pdf") is None


def test_the_jobs_folder_is_absolute_so_the_file_route_finds_it(monkeypatch, tmp_path):
    from data_access.settings import briefing_jobs_dir

    monkeypatch.delenv("RIA_BRIEFING_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert briefing_jobs_dir() == tmp_path / "instance" / "briefing"


def test_pdf_table_columns_get_room_for_their_longest_word():
    import pandas as pd

    from dashboard.exports.briefing import CHAR_EM, Table

    table = Table(
        "t", pd.DataFrame({"LA": ["Westmorland and Furness", "Bury"], "n": [1, 22], "Change": ["improved"] * 2})
    )
    widths = table.column_widths()
    assert abs(sum(widths) - 100) < 0.1
    assert widths[0] > widths[2] > widths[1]  # the long names, then "improved", then two digits
    assert table.text_rows() == [["Westmorland and Furness", "1", "improved"], ["Bury", "22", "improved"]]
    room_em = 174 / (0.3528 * 8.5)
    assert widths[2] / 100 * room_em >= len("improved") * CHAR_EM  # never narrower than its word
