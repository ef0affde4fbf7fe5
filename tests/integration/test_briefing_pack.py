"""The briefing pack on the demo store: the PDF, the deck and the workbook say the numbers the
leadership metric gives for the same region and period; bad requests leave no file behind."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from datetime import date

import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from dashboard.context import set_store_url
from dashboard.exports import briefing, jobs
from dashboard.exports.render import render_files
from dashboard.exports.slides_pptx import slide_titles
from dashboard.exports.tables import METADATA_SHEET
from dashboard.views import judgements, leadership
from data_access import queries
from data_access.metrics import leadership as measure
from data_access.metrics.small_numbers import pct
from tests.conftest import ROOT

NORTH_WEST = "E12000002"
START, END = date(2025, 4, 1), date(2026, 3, 31)


@pytest.fixture(scope="module")
def store(demo_store_url):
    set_store_url(demo_store_url)
    yield demo_store_url
    set_store_url(None)


@pytest.fixture(scope="module")
def pack(store):
    request = briefing.validate("North West", START, END, list(briefing.SECTIONS), list(briefing.FORMATS))
    return briefing.build_pack(request)


@pytest.fixture(scope="module")
def files(pack) -> dict[str, bytes]:
    built = render_files(pack)
    return {name.rsplit(".", 1)[1]: data for name, data in built.items()}


@pytest.fixture(scope="module")
def metric(store) -> dict:
    """The CYP Board measure straight from the metric function, for North West and the period."""
    changes = measure.leadership_changes(
        queries.judgements(store), queries.reorganisations(store), start=START, end=END, region_code=NORTH_WEST
    )
    counts = measure.summarise(changes)
    counts["compared"] = counts["improved"] + counts["maintained"] + counts["declined"]
    counts["las"] = sorted(changes["la_name"])
    return counts


def section(pack, key):
    return next(s for s in pack.sections if s.key == key)


def test_the_leadership_section_has_the_metric_s_numbers_and_its_las(pack, metric):
    leading = section(pack, "leadership")
    assert metric["judgements"] >= 4  # the demo period has something to count
    assert leading.messages[0].startswith(
        f"{metric['improved']} of {metric['compared']} leadership judgements in North West published in the period"
    )
    table = leading.tables[0].frame.set_index("Financial year").loc["All years in the period"]
    assert (table["Improved"], table["Maintained"], table["Declined"]) == (
        metric["improved"],
        metric["maintained"],
        metric["declined"],
    )
    assert table["With a previous grade"] == metric["compared"]
    assert sorted(leading.tables[1].frame["Local authority"]) == metric["las"]
    expected = leadership.BY_YEAR.result(pack.request.filters).shown_frame
    pd.testing.assert_frame_equal(leading.tables[0].frame, expected)


def test_the_pdf_says_the_metric_s_counts_and_percentages_on_numbered_tagged_pages(pack, files, metric, tmp_path):
    reader = PdfReader(io.BytesIO(files["pdf"]))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    total = len(pages)
    assert total >= 2 + len(pack.sections) + 1  # cover, contents, a page or more per section, sources
    assert f"Page {total} of {total}" in pages[-1]
    for s in pack.sections:
        assert s.heading in text, s.heading
    assert "Contents" in pages[1] and "Sources and definitions" in pages[-1]
    # the section's pages: its heading is in their running header too
    leadership_text = " ".join(p for p in pages[2:] if "Leadership improvement" in p).replace("\n", " ")
    assert f"{metric['improved']} of {metric['compared']} leadership judgements in North West" in leadership_text
    kept = metric["improved"] + metric["maintained"]
    assert f"{kept} of {metric['compared']} maintained or improved" in leadership_text
    row = (
        f"All years in the period {metric['judgements']} {metric['improved']} {metric['maintained']} "
        f"{metric['declined']} {metric['no_previous']} {metric['compared']} "
        f"{100 * metric['improved'] / metric['compared']:.1f} {100 * kept / metric['compared']:.1f}"
    )
    assert row in " ".join(leadership_text.split()), row
    for name in metric["las"]:  # a long name wraps in its cell: text extraction reads it line by line
        assert all(word in leadership_text for word in name.split()), name
    assert "Demo data" in pages[0]
    assert reader.metadata.title.startswith("Children's services briefing: North West")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB" and "/StructTreeRoot" in catalog  # tagged, in British English
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(files["pdf"])
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    assert (tmp_path / f"page-{'1'.zfill(len(str(total)))}.png").stat().st_size > 1000


def test_the_pdf_draws_every_chart_with_its_own_words(pack, files):
    """Pages are laid out before the charts are drawn (pdf.ChartToCome): each chart's SVG must
    still be drawn in full on its page, axis titles and labels included."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages]
    on_page = {s.key: " ".join(p for p in pages[2:] if s.heading in p) for s in pack.sections}
    assert "Grade at the later inspection" in on_page["transitions"]
    assert "Percent of those with a previous grade" in on_page["leadership"]
    assert "Financial year published (April to March)" in on_page["leadership"]
    assert "Latest overall grade" in on_page["map"] and "MANC" in on_page["map"]  # the map's key and labels


def test_a_chart_laid_out_before_it_is_drawn_takes_the_size_of_the_drawn_svg(pack):
    """Layout reads the section's chart size; weasyprint's own reading of kaleido's SVG agrees."""
    from xml.etree import ElementTree

    from weasyprint.images import SVGImage

    from dashboard.exports import pdf

    charts = pdf.chart_images(pack, "svg")
    for s in pack.sections:
        if s.figure is None:
            continue
        drawn = SVGImage(ElementTree.fromstring(charts[s.key]), s.key, None, None).get_intrinsic_size(1, 16)
        assert pdf.ChartToCome(pdf.CHART_URL + s.key, s.figure_size, None).get_intrinsic_size(1, 16) == drawn


def test_the_deck_has_a_slide_per_message_native_tables_and_alt_text(pack, files, metric):
    deck = Presentation(io.BytesIO(files["pptx"]))
    slides = list(deck.slides)
    expected = [pack.title] + [t for s in pack.sections for t in slide_titles(s)]
    assert [s.shapes.title.text for s in slides] == expected
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert expected[1] == section(pack, "headline").messages[0]
    pictures = [shape for s in slides for shape in s.shapes if shape.shape_type == 13]
    charted = [s for s in pack.sections if s.figure is not None]
    assert len(pictures) == len(charted) == 4
    for picture in pictures:
        assert len(picture._element.nvPicPr.cNvPr.get("descr", "")) > 20
    measure_slide = slides[expected.index("Leadership improvement: leadership measure by financial year")]
    table = next(shape for shape in measure_slide.shapes if shape.has_table).table
    header = [cell.text for cell in table.rows[0].cells]
    total_row = next(
        [c.text for c in row.cells] for row in table.rows if row.cells[0].text == "All years in the period"
    )
    values = dict(zip(header, total_row, strict=True))
    assert (values["Improved"], values["Maintained"], values["Declined"]) == tuple(
        str(metric[k]) for k in ("improved", "maintained", "declined")
    )
    assert values["% improved"] == f"{100 * metric['improved'] / metric['compared']:.1f}"
    notes = measure_slide.notes_slide.notes_text_frame.text
    assert "Definition: Of the ILACS leadership judgements" in notes and "Source file: " in notes
    assert all("Demo data" in " ".join(sh.text_frame.text for sh in s.shapes if sh.name == "Footer") for s in slides)


def test_the_workbook_has_each_section_s_table_and_the_metadata(pack, files, metric):
    sheets = pd.read_excel(io.BytesIO(files["xlsx"]), sheet_name=None)
    assert list(sheets)[0] == METADATA_SHEET
    about = dict(zip(sheets[METADATA_SHEET]["Field"], sheets[METADATA_SHEET]["Value"], strict=False))
    assert about["Title"] == "Briefing pack: North West, 1 April 2025 to 31 March 2026"
    assert about["Demo data"].startswith("yes")
    assert "Source file" in about
    expected = leadership.BY_YEAR.result(pack.request.filters).shown_frame
    pd.testing.assert_frame_equal(sheets["Leadership"], expected, check_dtype=False)
    assert sorted(sheets["Leadership LAs"]["Local authority"]) == metric["las"]
    transitions = judgements.TRANSITIONS.result(pack.request.filters).shown_frame
    pd.testing.assert_frame_equal(sheets["Transitions"], transitions, check_dtype=False)
    assert set(sheets) == {METADATA_SHEET} | {t.sheet for s in pack.sections for t in s.tables}


def test_the_pack_s_headline_is_the_meeting_slide_s(pack):
    from dashboard.views.slides import deck

    assert section(pack, "headline").messages == deck(NORTH_WEST)[0].messages


# -- the command line -------------------------------------------------------------------------------


def run_cli(store, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": store}
    return subprocess.run(
        [sys.executable, "-m", "dashboard.exports", "briefing", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "Narnia"], "error: Unknown region 'Narnia'. Choose one of: England"),
        (["--region", "London", "--from", "2026-01-01", "--to", "2025-01-01"], "error: The 'from' date"),
        (["--region", "London", "--sections", ""], "error: Choose at least one section."),
        (["--region", "London", "--from", "2040-01-01", "--to", "2040-03-01"], "error: No judgements were published"),
    ],
)
def test_the_cli_refuses_bad_input_with_one_line_and_writes_nothing(store, tmp_path, args, message):
    out = tmp_path / "out"
    out.mkdir()
    done = run_cli(store, *args, "--out", str(out))
    assert done.returncode == 1
    assert done.stderr.startswith(message) and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert list(out.iterdir()) == []


def test_a_failure_while_writing_leaves_no_file(store, tmp_path, monkeypatch, capsys):
    from dashboard.exports import cli, slides_pptx

    def broken(*_args, **_kwargs):
        raise RuntimeError("the deck broke")

    monkeypatch.setattr(slides_pptx, "pptx_bytes", broken)
    monkeypatch.setenv("DATABASE_URL", store)
    out = tmp_path / "out"
    code = cli.main(
        ["briefing", "--region", "North West", "--sections", "headline", "--format", "xlsx,pptx", "--out", str(out)]
    )
    assert code == 1
    assert "the deck broke" in capsys.readouterr().err
    assert not out.exists() or list(out.iterdir()) == []


def test_the_cli_writes_the_files_it_was_asked_for(store, tmp_path):
    out = tmp_path / "out"
    done = run_cli(
        store,
        "--region",
        "north-west",
        "--from",
        "01/04/2025",
        "--to",
        "31/03/2026",
        "--sections",
        "headline,leadership",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.iterdir()] == ["briefing-north-west-20250401-20260331.xlsx"]


# -- jobs and their files -----------------------------------------------------------------------------


def test_a_job_reports_done_and_its_files_are_served_and_nothing_else(store, tmp_path, monkeypatch):
    from dashboard import create_app

    monkeypatch.setenv("RIA_BRIEFING_DIR", str(tmp_path / "jobs"))
    request = briefing.validate("North West", START, END, ["headline", "leadership"], ["xlsx"])
    job_id = jobs.start(request, background=False)
    status = jobs.status(job_id)
    assert status["state"] == "done" and status["percent"] == 100
    assert status["files"] == ["briefing-north-west-20250401-20260331.xlsx"]
    client = create_app(store).server.test_client()
    response = client.get(f"/briefing/files/{job_id}/{status['files'][0]}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert pd.read_excel(io.BytesIO(response.data), sheet_name="Leadership").shape[0] >= 1
    for path in (
        f"/briefing/files/{job_id}/status.json",
        f"/briefing/files/{job_id}/..%2Fstatus.json",
        f"/briefing/files/{'0' * 32}/{status['files'][0]}",
        "/briefing/files/../../etc/passwd",
    ):
        response = client.get(path)  # 404, or (a path the router normalised) the app's HTML page
        assert response.status_code == 404 or response.mimetype == "text/html", path
        assert b'"state"' not in response.data and "attachment" not in response.headers.get("Content-Disposition", "")
    old = tmp_path / "jobs" / ("a" * 32)
    old.mkdir()
    os.utime(old, (time.time() - 2 * jobs.KEEP_SECONDS,) * 2)
    assert jobs.prune() == 1 and not old.exists() and jobs.status(job_id) is not None


def test_a_job_that_fails_says_why(store, tmp_path, monkeypatch):
    monkeypatch.setenv("RIA_BRIEFING_DIR", str(tmp_path / "jobs"))
    monkeypatch.setattr(jobs, "render_file", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no Chromium")))
    request = briefing.validate("North West", START, END, ["headline"], ["pdf"])
    status = jobs.status(jobs.start(request, background=False))
    assert status["state"] == "error" and status["error"] == "The pack could not be built: no Chromium"
    assert pct(1, 2) == "50%"


def test_charts_drawn_ahead_are_the_ones_the_build_uses(store, monkeypatch):
    """The /briefing form draws a request's charts while its user is still choosing; the build
    then draws nothing, and a newer request set while one is drawn replaces any waiting one."""
    from dashboard.exports import images, pdf

    request = briefing.validate("London", START, END, ["map", "distribution"], ["pdf"])
    pdf._IMAGES.clear()
    drawn = []
    real = images.figure_images

    def counting(requests):
        drawn.append([r.fmt for r in requests])
        return real(requests)

    monkeypatch.setattr(pdf, "figure_images", counting)
    jobs.draw_ahead(request)
    assert jobs.CHARTS_AHEAD.wait(60)
    assert drawn == [["svg", "svg"]]
    monkeypatch.setattr(pdf, "figure_images", lambda requests: pytest.fail(f"drew {len(requests)} again"))
    document = PdfReader(io.BytesIO(pdf.pdf_bytes(briefing.build_pack(request))))
    assert "London" in document.pages[0].extract_text()
