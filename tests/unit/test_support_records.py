"""Support records: validation of every bad-input case, preview, all-or-nothing apply with audit
rows, idempotent re-import, the sourced facts, templates, and confidential columns in queries."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from data_access import models as m
from data_access import queries, support_records
from data_access.cli import main
from data_access.db import session_scope
from data_access.importers.common import InputError
from data_access.importers.known_support import load_known_support
from data_access.revision import read_revision
from data_access.support_records import (
    RECORD_TYPES,
    RISK_SIGNATURES,
    RecordsRefused,
    apply,
    import_file,
    preview,
    read_rows,
    rows_from_dicts,
    soft_delete,
    template_bytes,
    validate,
)

WHO = "test (RIA coordinator)"
PEER = {
    "la": "Leeds",
    "type": "Children's services peer challenge",
    "focus_themes": "safeguarding; SEND; Safeguarding",
    "start_date": "2024-05-01",
    "end_date": "2024-05-03",
    "status": "delivered",
    "lead_peer_organisation": "Local Government Association",
    "public_summary": "Strong front door",
    "confidential_notes": "Restricted words",
    "source": "Peer challenge letter, May 2024",
}


def counts(session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(m.PeerChallenge)),
        session.scalar(select(func.count()).select_from(m.AuditEntry)),
    )


def errors_of(session, record_type: str, *rows: dict) -> list[tuple[int, str, str]]:
    result = validate(session, record_type, rows_from_dicts(rows))
    return [(e.row, e.column, e.reason) for e in result.errors]


# -- Bad input -------------------------------------------------------------------------------------


def test_a_good_peer_challenge_row_is_typed_with_tags_and_precision(session):
    result = validate(session, "peer-challenges", rows_from_dicts([{**PEER, "start_date": "2019-05"}]))
    assert result.errors == []
    (record,) = result.records
    assert record.la.name == "Leeds" and record.action == "create"
    assert record.values["focus_themes"] == "safeguarding; SEND"  # repeated tag kept once
    assert (record.values["start_date"], record.values["start_date_precision"]) == (date(2019, 5, 1), "month")


def test_unknown_la_suggests_the_closest_names_including_former_authorities(session):
    errors = validate(session, "peer-challenges", rows_from_dicts([{**PEER, "la": "Leds"}])).errors
    assert [(e.row, e.column, e.value) for e in errors] == [(2, "la", "Leds")]
    assert errors[0].reason.startswith("unknown local authority; did you mean: Leeds")
    (former,) = validate(session, "programme", rows_from_dicts([_programme(la="Northamtonshire")])).errors
    assert "Northamptonshire" in former.reason  # a former LA's name is suggested too
    assert validate(session, "programme", rows_from_dicts([_programme(la="Northamptonshire")])).errors == []


def test_end_before_start_is_refused(session):
    assert errors_of(session, "peer-challenges", {**PEER, "end_date": "2024-04-30"}) == [
        (2, "end_date", "end before start (2024-05-01)")
    ]
    assert errors_of(
        session,
        "interventions",
        {"la": "Slough", "kind": "Commissioner", "start_date": "2020-05", "end_date": "2020-04"},
    ) == [(2, "end_date", "end before start (2020-05-01)")]


def test_a_delivered_date_in_the_future_is_refused_but_a_planned_one_is_not(session):
    future = {**PEER, "start_date": "2099-01-10", "end_date": "2099-01-12"}
    assert errors_of(session, "peer-challenges", future) == [
        (2, "start_date", "delivered but the date is in the future"),
        (2, "end_date", "delivered but the date is in the future"),
    ]
    assert errors_of(session, "peer-challenges", {**future, "status": "planned"}) == []


def test_a_duplicate_in_the_file_names_the_first_row(session):
    assert errors_of(session, "peer-challenges", PEER, {**PEER, "public_summary": "Other words"}) == [
        (3, "start_date", "duplicate record: the same as row 2")
    ]


def test_a_duplicate_of_a_stored_record_with_other_values_is_refused_an_identical_one_is_unchanged(session):
    apply(session, "peer-challenges", rows_from_dicts([PEER]), who=WHO)
    stored_id = session.scalar(select(m.PeerChallenge.id))
    ((row, column, reason),) = errors_of(session, "peer-challenges", {**PEER, "public_summary": "Changed"})
    assert (row, column) == (2, "start_date")
    assert reason.startswith(f"duplicate record: stored record {stored_id} has the same type and start_date")
    assert f"put {stored_id} in the id column to update it" in reason
    (same,) = validate(session, "peer-challenges", rows_from_dicts([PEER])).records
    assert (same.action, same.existing.id) == ("unchanged", stored_id)


@pytest.mark.parametrize(
    ("record_type", "row", "column", "reason"),
    [
        ("peer-challenges", {**PEER, "start_date": "2024-13-01"}, "start_date", "not a date"),
        ("peer-challenges", {**PEER, "type": "Telling off"}, "type", "must be one of: Children's services"),
        ("peer-challenges", {**PEER, "status": "maybe"}, "status", "must be one of: planned, delivered"),
        (
            "peer-challenges",
            {**PEER, "status": "follow-up done", "follow_up_date": "2024-04-01"},
            "follow_up_date",
            "follow-up visit before the start (2024-05-01)",
        ),
        (
            "peer-challenges",
            {**PEER, "status": "follow-up done", "follow_up_date": "2099-04-01"},
            "follow_up_date",
            "follow-up done but the follow-up date is in the future",
        ),
        ("programme", {"participants": "two"}, "participants", "not a whole number"),
        ("programme", {"participants": "0"}, "participants", "must be 1 or more"),
        ("programme", {"new_to_role": "perhaps"}, "new_to_role", "must be yes or no"),
        ("programme", {"role": ""}, "role", "empty cell"),
        ("programme", {"id": "99"}, "id", "no stored record of leadership programme participation has this id"),
        (
            "risk-signatures",
            {"workforce_rating": "high"},
            "workforce_rating",
            "must be one of: none, some, significant",
        ),
        ("peer-challenges", {**PEER, "source": "EXAMPLE ROW: replace it"}, "source", "the template's example row"),
    ],
)
def test_wrong_types_and_values_name_row_column_and_reason(session, record_type, row, column, reason):
    base = {"peer-challenges": {}, "programme": _programme(), "risk-signatures": _assessment()}[record_type]
    ((error_row, error_column, error_reason),) = errors_of(session, record_type, {**base, **row})
    assert (error_row, error_column) == (2, column)
    assert error_reason.startswith(reason)


def test_unknown_and_missing_columns_are_reported_on_the_header_row(session):
    rows = rows_from_dicts([{"la": "Leeds", "typo": "x", "start_date": "2024-01-01"}])
    assert [(e.row, e.column, e.reason) for e in validate(session, "peer-challenges", rows).errors] == [
        (1, "typo", "unknown column"),
        (1, "type", "missing column"),
    ]


def test_a_linked_inspection_is_found_by_its_date_or_refused(session):
    inspection_date = date(2022, 3, 4)
    leeds = session.scalars(select(m.LocalAuthority).where(m.LocalAuthority.name == "Leeds")).one()
    run = m.ImportRun(kind="ofsted", file_name="x", sha256="0", imported_at=support_records._now())
    session.add(run)
    session.flush()
    inspection = m.Inspection(
        la_id=leeds.id,
        framework_code="ILACS",
        inspection_type=m.InspectionType.STANDARD,
        published_date=inspection_date,
        import_run_id=run.id,
    )
    session.add(inspection)
    session.flush()
    row = {"la": "Leeds", "kind": "Improvement notice", "start_date": "2022-04-01"}
    (record,) = validate(
        session, "interventions", rows_from_dicts([{**row, "linked_inspection": "2022-03-04"}])
    ).records
    assert record.values["_attributes"]["inspection_id"] == inspection.id
    assert errors_of(session, "interventions", {**row, "linked_inspection": "2022-03-05"}) == [
        (2, "linked_inspection", "no inspection of Leeds published or held on that date")
    ]


# -- Preview and apply -----------------------------------------------------------------------------


def test_preview_says_what_would_happen_and_writes_nothing(sqlite_url):
    with session_scope(sqlite_url) as session:
        apply(session, "peer-challenges", rows_from_dicts([PEER]), who=WHO)
    with session_scope(sqlite_url) as session:
        stored_id = session.scalar(select(m.PeerChallenge.id))
        before, revision = counts(session), read_revision(session.connection())
        rows = rows_from_dicts(
            [PEER, {**PEER, "id": str(stored_id), "public_summary": "Now fuller"}, {**PEER, "la": "Leicester"}]
        )
        # Row 2 repeats the stored record (unchanged); row 3 updates it by id; row 4 is new.
        result = preview(session, "peer-challenges", rows[1:])
        assert [(r.row, r.action, r.record_id, r.la_name, r.changed) for r in result.rows] == [
            (3, "update", stored_id, "Leeds", ("public_summary",)),
            (4, "create", None, "Leicester", ()),
        ]
        assert result.errors == []
        assert preview(session, "peer-challenges", rows[:1]).rows[0].action == "unchanged"
        assert counts(session) == before
    with session_scope(sqlite_url) as session:
        assert read_revision(session.connection()) == revision


def test_apply_is_all_or_nothing_when_a_row_in_the_middle_is_bad(store_url):
    rows = rows_from_dicts([PEER, {**PEER, "la": "Narnia"}, {**PEER, "la": "Leicester"}])
    with session_scope(store_url) as session:
        revision = read_revision(session.connection())
    with pytest.raises(RecordsRefused) as refused, session_scope(store_url) as session:
        apply(session, "peer-challenges", rows, who=WHO)
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "la")]
    with session_scope(store_url) as session:
        assert counts(session) == (0, 0)
        assert read_revision(session.connection()) == revision


def test_a_failure_while_writing_leaves_no_rows_and_no_audit(store_url, monkeypatch):
    calls = []
    real_audit = support_records.audit

    def failing_audit(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_audit(*args, **kwargs)

    monkeypatch.setattr(support_records, "audit", failing_audit)
    rows = rows_from_dicts([PEER, {**PEER, "la": "Leicester"}, {**PEER, "la": "Kent"}])
    with pytest.raises(RuntimeError, match="disk full"), session_scope(store_url) as session:
        apply(session, "peer-challenges", rows, who=WHO)
    with session_scope(store_url) as session:
        assert counts(session) == (0, 0)


def test_create_update_and_delete_each_write_an_audit_row_with_before_and_after(store_url):
    with session_scope(store_url) as session:
        applied = apply(session, "peer-challenges", rows_from_dicts([PEER]), who=WHO)
    (record_id,) = applied.record_ids
    with session_scope(store_url) as session:
        update = {**PEER, "id": record_id, "status": "follow-up done", "follow_up_date": "2024-11-20"}
        assert apply(session, "peer-challenges", rows_from_dicts([update]), who=WHO).updated == 1
    with session_scope(store_url) as session:
        soft_delete(session, session.get(m.PeerChallenge, record_id), who="test (admin)")
    log = queries.audit_log(store_url, table_name="peer_challenges", record_id=record_id)
    assert list(log["action"]) == ["create", "update", "delete"]
    assert list(log["who"]) == [WHO, WHO, "test (admin)"]
    create, update_entry, delete = log.to_dict("records")
    assert create["before"] is None and create["after"]["kind"] == "Children's services peer challenge"
    assert create["after"]["confidential_notes"] == "(restricted)"  # masked unless asked for
    assert (update_entry["before"]["status"], update_entry["after"]["status"]) == ("delivered", "follow-up done")
    assert update_entry["after"]["follow_up_date"] == "2024-11-20"
    assert delete["before"]["deleted_at"] is None and delete["after"]["deleted_at"] is not None
    full = queries.audit_log(store_url, table_name="peer_challenges", include_confidential=True)
    assert full["after"].iloc[0]["confidential_notes"] == "Restricted words"
    assert queries.peer_challenges(store_url).empty  # soft-deleted rows are not shown
    assert len(queries.peer_challenges(store_url, include_deleted=True)) == 1


def test_reimporting_the_same_file_or_a_renamed_copy_changes_nothing(sqlite_url, tmp_path):
    path = tmp_path / "programme.csv"
    path.write_text(
        "la,programme,cohort_date,role,participants,new_to_role,source\n"
        "Leeds,Leadership Essentials,2024-09,Lead member,2,yes,Programme list 2024\n"
        "E08000003,Leadership Essentials,2024,Scrutiny chair,1,,Programme list 2024\n"
    )
    with session_scope(sqlite_url) as session:
        report = import_file(session, "programme", path, who=WHO)
    assert (report.inserted, report.updated) == (2, 0)
    with session_scope(sqlite_url) as session:
        revision = read_revision(session.connection())
        assert import_file(session, "programme", path, who=WHO).already_imported
    copy = tmp_path / "copy.csv"
    copy.write_text(path.read_text() + "\n")
    with session_scope(sqlite_url) as session:
        report = import_file(session, "programme", copy, who=WHO)
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 2)
    frame = queries.programme_participation(sqlite_url)
    assert len(frame) == 2
    manchester = frame[frame["la_name"] == "Manchester"].iloc[0]
    assert (manchester["cohort_start"].date(), manchester["cohort_precision"]) == (date(2024, 1, 1), "year")
    assert pd_isna(manchester["new_to_role"])
    with session_scope(sqlite_url) as session:
        assert read_revision(session.connection()) == revision + 1  # the copy's import run only
        actions = session.scalars(select(m.AuditEntry.action).order_by(m.AuditEntry.id)).all()
    assert actions == ["create", "create", "import", "import"]


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


# -- Sourced facts ---------------------------------------------------------------------------------


def test_known_support_loads_the_sourced_facts_once(store_url):
    with session_scope(store_url) as session:
        report = load_known_support(session)
    assert (report.inserted, report.details) == (
        20,
        {"interventions": 5, "peer_challenges": 11, "programme_totals": 4},
    )
    with session_scope(store_url) as session:
        assert load_known_support(session).already_imported
    interventions = queries.interventions(store_url).set_index("la_name")
    assert len(interventions) == 5 and not interventions["is_demo"].any()
    birmingham = interventions.loc["Birmingham"]
    assert (birmingham["kind"], birmingham["start_date"].date(), birmingham["start_precision"]) == (
        "Commissioner",
        date(2014, 3, 1),
        "month",
    )
    assert interventions.loc["Doncaster", "kind"] == "Alternative delivery model / trust"
    for unknown in ("Sandwell", "Slough"):  # no date in the source: none is stored
        assert pd_isna(interventions.loc[unknown, "start_date"])
        assert pd_isna(interventions.loc[unknown, "start_precision"])
    assert interventions["source"].eq("Children & Young People Now (CYP Now), 2016").all()
    peers = queries.peer_challenges(store_url)
    assert peers.groupby("kind").size().to_dict() == {
        "Corporate capacity peer challenge": 2,
        "Early years peer challenge": 4,
        "Resources peer challenge": 5,
    }
    derby = peers[peers["la_name"] == "Derby"].iloc[0]
    assert (derby["start_date"].date(), derby["start_precision"], derby["end_date"].date()) == (
        date(2019, 5, 1),
        "month",
        date(2019, 6, 1),
    )
    totals = queries.programme_totals(store_url)
    assert sorted(totals["count"]) == [7, 11, 14, 58]
    assert totals.set_index("count").loc[58, "period"] == "since September 2018"


def test_the_command_line_imports_known_support_and_reports_every_bad_row(sqlite_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["import", "known-support"]) == 0
    assert "20 inserted" in capsys.readouterr().out
    path = tmp_path / "totals.csv"
    path.write_text(
        "programme,measure,period,count,period_start,period_end\n"
        "Leadership Essentials,members,2020,x,,\n"
        "Leadership Essentials,members,2021,4,2021-06,2021-01\n"
    )
    assert main(["import", "programme-totals", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: file totals.csv, row 2, column count: not a whole number (value: 'x')",
        "error: file totals.csv, row 3, column period_end: end before start (2021-06-01) (value: '2021-01-01')",
        "Nothing was imported.",
    ]
    assert len(queries.programme_totals(sqlite_url)) == 4
    path.write_text("id,programme,measure,period,count\n1,Children's services peer challenge,completed,2018/19,12\n")
    assert main(["import", "programme-totals", str(path), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "dry run, would import: totals.csv [programme_totals]: 1 rows read, 0 inserted, 1 updated, 0 unchanged",
        "  row 2: updates record 1 (count, measure)",
    ]
    assert sorted(queries.programme_totals(sqlite_url)["count"]) == [7, 11, 14, 58]


# -- Templates -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("record_type", sorted(RECORD_TYPES))
def test_templates_round_trip_through_validation_once_the_example_is_made_real(session, tmp_path, record_type, fmt):
    path = tmp_path / f"template.{fmt}"
    path.write_bytes(template_bytes(record_type, fmt))
    (example,) = validate(session, record_type, read_rows(path)).errors
    assert (example.row, example.column) == (2, "source")
    if fmt == "csv":
        path.write_text(path.read_text().replace("EXAMPLE ROW: replace or delete it. ", ""))
    else:
        workbook = openpyxl.load_workbook(path)
        sheet = workbook["Records"]
        source = [c.value for c in sheet[1]].index("source") + 1
        sheet.cell(2, source).value = "entered by RIA coordinator on 2024-06-01"
        assert [c.value for c in workbook["Allowed values"][1]] == [
            "column",
            "required",
            "type",
            "allowed values",
            "description",
        ]
        workbook.save(path)
    result = validate(session, record_type, read_rows(path))
    assert result.errors == [] and len(result.records) == 1


def test_the_template_command_writes_the_header_and_an_allowed_values_sheet(sqlite_url, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    out = tmp_path / "risk.xlsx"
    assert main(["template", "risk-signatures", "--format", "xlsx", "--out", str(out)]) == 0
    workbook = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    header = [c.value for c in workbook["Records"][1]]
    assert header[:3] == ["id", "la", "assessment_date"] and len(header) == 3 + 26 + 2
    allowed = {row[0]: row for row in workbook["Allowed values"].iter_rows(min_row=2, values_only=True)}
    assert allowed["workforce_rating"][3] == "none; some; significant"
    assert allowed["workforce_rating"][4].startswith("Poor workforce development and/or capacity")


# -- Risk signatures and confidential columns ------------------------------------------------------


def _programme(**changes) -> dict:
    return {
        "la": "Leeds",
        "programme": "Leadership Essentials",
        "cohort_date": "2024-09",
        "role": "Lead member",
        "participants": "2",
        **changes,
    }


def _assessment(**changes) -> dict:
    row = {"la": "Leeds", "assessment_date": "2025-03-01", "source": "LA self-assessment, March 2025"}
    for code, _wording in RISK_SIGNATURES:
        row[f"{code}_rating"] = "none"
    return {**row, "workforce_rating": "Significant concern", "workforce_note": "Agency staff at 30%", **changes}


def test_the_thirteen_signatures_are_listed_once_with_their_wording():
    assert len(RISK_SIGNATURES) == 13 and len({code for code, _ in RISK_SIGNATURES}) == 13
    assert RISK_SIGNATURES[0][1] == "Turnover and change in senior leadership"
    assert RISK_SIGNATURES[-1][1] == "Not developing a culture of anticipation and early warning"


def test_risk_ratings_are_confidential_unless_asked_for(sqlite_url):
    with session_scope(sqlite_url) as session:
        apply(session, "risk-signatures", rows_from_dicts([_assessment()]), who=WHO)
        apply(session, "peer-challenges", rows_from_dicts([PEER]), who=WHO)
    public = queries.risk_signature_assessments(sqlite_url)
    assert "ratings" not in public.columns and "workforce_rating" not in public.columns
    assert public["la_name"].tolist() == ["Leeds"] and bool(public["confidential"].iloc[0])
    full = queries.risk_signature_assessments(sqlite_url, include_confidential=True).iloc[0]
    assert (full["workforce_rating"], full["workforce_note"]) == ("significant", "Agency staff at 30%")
    assert full["leadership_turnover_rating"] == "none"
    assert "confidential_notes" not in queries.peer_challenges(sqlite_url).columns
    with_notes = queries.peer_challenges(sqlite_url, include_confidential=True)
    assert with_notes["confidential_notes"].tolist() == ["Restricted words"]


def test_a_non_spreadsheet_or_oversize_upload_is_refused_before_reading(tmp_path, monkeypatch):
    notes = tmp_path / "notes.txt"
    notes.write_text("la,type\nLeeds,Other\n")
    with pytest.raises(InputError, match="not a CSV, XLSX or ODS file"):
        read_rows(notes)
    monkeypatch.setenv("RIA_IMPORT_MAX_FILE_MB", "1")
    big = tmp_path / "big.csv"
    big.write_text("la,type,public_summary\n" + "Leeds,Other,x\n" * 100_000)
    with pytest.raises(InputError, match="over the limit RIA_IMPORT_MAX_FILE_MB=1"):
        read_rows(big)
