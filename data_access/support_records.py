"""Improvement support records: one schema per record type, and the one validation path that file
imports (command line, later the upload page) and forms share.

A file is read into rows (`read_rows`), `validate` turns them into records or a list of errors
(row, column, value, reason), `preview` says what would be created or updated without writing,
and `apply` writes everything in the caller's transaction with an audit row per change, or
nothing. The store revision goes up with the commit (data_access.revision), so every view
refreshes. Rows with an `id` update that record; rows without one create a record, unless the
same record (same LA and identity, e.g. type and start date) is stored already: identical, it is
left unchanged (re-importing a file changes nothing); different, it is refused as a duplicate.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import models as m
from data_access.importers.common import ImportReport, InputError, LaResolver, file_sha256, previous_run, record_run
from data_access.importers.spreadsheets import read_workbook
from data_access.reference.local_authorities import _NAME_ALIASES, LOCAL_AUTHORITIES, fold_name

MAX_ROWS = 20_000
MAX_TEXT = 2000
_DATE_HELP = "YYYY-MM-DD, or YYYY-MM or YYYY when only that is known"
EXAMPLE_MARK = "EXAMPLE ROW"

# -- Vocabularies ----------------------------------------------------------------------------------

PRECISIONS = ("day", "month", "year")

PEER_CHALLENGE_TYPES = (
    "Children's services peer challenge",
    "Early years peer challenge",
    "Resources peer challenge",
    "Corporate capacity peer challenge",
    "Safeguarding diagnostic",
    "Other",
)
PEER_CHALLENGE_TYPE_ALIASES = {
    "children's services": "Children's services peer challenge",
    "early years": "Early years peer challenge",
    "resources": "Resources peer challenge",
    "corporate capacity": "Corporate capacity peer challenge",
    "corporate peer challenge": "Corporate capacity peer challenge",  # the label before 2026-12
    "diagnostic": "Other",  # the label before 2026-12 did not say which diagnostic
}
PEER_CHALLENGE_STATUSES = ("planned", "delivered", "follow-up done")

INTERVENTION_KINDS = (
    "Improvement notice",
    "Statutory direction",
    "Commissioner",
    "Alternative delivery model / trust",
    "Lifted",
)
INTERVENTION_KIND_ALIASES = {
    "commissioner appointed": "Commissioner",
    "children's services trust": "Alternative delivery model / trust",
    "trust": "Alternative delivery model / trust",
    "alternative delivery": "Alternative delivery model / trust",
    "alternative delivery / trust": "Alternative delivery model / trust",
}

RISK_RATINGS = ("none", "some", "significant")
RISK_RATING_ALIASES = {"significant concern": "significant", "some concern": "some", "no concern": "none"}

# The sector's "signatures of risk" in children's services, in the order and wording they are
# published; the code names a file's columns (<code>_rating, <code>_note).
RISK_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("leadership_turnover", "Turnover and change in senior leadership"),
    ("reorganisation_and_budget", "Service reorganisations combined with challenging budget reductions"),
    ("political_focus", "Lack of political focus on safeguarding and care"),
    ("assumed_standards", "Assuming performance standards are secure (maintenance, not development)"),
    ("self_awareness", "Limited self-awareness and no external challenge"),
    ("practice_observation", "Inconsistent observation of practice"),
    ("supervision_and_audit", "Professional weakness in supervision and audit"),
    ("learning_culture", "Lack of a learning organisational culture"),
    ("partner_commitment", "Weak commitment from partners"),
    ("child_journey", "Lack of focus on the child's journey or voice of the child"),
    ("workforce", "Poor workforce development and/or capacity"),
    ("frontline_feedback", "Failing to listen to or accept front-line feedback"),
    ("early_warning", "Not developing a culture of anticipation and early warning"),
)
_TRUE, _FALSE = ("yes", "y", "true", "1"), ("no", "n", "false", "0")


# -- Schemas ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One column of a record file: how its cells are read and checked."""

    name: str
    kind: str = "text"  # text, tags, date, int, bool, choice, la, id
    required: bool = False
    choices: tuple[str, ...] = ()
    value_aliases: dict[str, str] = field(default_factory=dict)
    header_aliases: tuple[str, ...] = ()
    attribute: str | None = None  # the model attribute, when not the same name
    default: object = None
    confidential: bool = False
    description: str = ""
    example: str = ""

    @property
    def target(self) -> str:
        return self.attribute or self.name


@dataclass(frozen=True)
class RecordType:
    name: str  # as on the command line: peer-challenges
    label: str
    model: type
    fields: tuple[Field, ...]
    identity: tuple[str, ...]  # field names that, with the LA, say two rows are the same record
    run_kind: str  # ImportRun.kind
    has_la: bool = True
    checks: tuple[Callable[[dict, date], list[tuple[str, str]]], ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _id_field() -> Field:
    return Field("id", kind="id", description="leave empty to add a record; a stored record's id to update it")


def _la_field() -> Field:
    return Field("la", kind="la", required=True, description="LA name, ONS code or DfE code", example="Leeds")


def _source_field() -> Field:
    return Field(
        "source",
        description="document and date, or 'entered by <role> on <date>' (empty: the file's name and import date)",
        example="entered by RIA coordinator on 2024-06-01",
    )


def _end_after_start(
    start: str, end: str, reason: str = "end before start"
) -> Callable[[dict, date], list[tuple[str, str]]]:
    def check(values: dict, _today: date) -> list[tuple[str, str]]:
        if values.get(start) and values.get(end) and values[end] < values[start]:
            return [(end, f"{reason} ({values[start].isoformat()})")]
        return []

    return check


def _not_in_future(*names: str, unless_status: tuple[str, ...] = ()) -> Callable[[dict, date], list[tuple[str, str]]]:
    def check(values: dict, today: date) -> list[tuple[str, str]]:
        if values.get("status") in unless_status:
            return []
        label = f"{values['status']} but " if values.get("status") else ""
        return [(n, f"{label}the date is in the future") for n in names if values.get(n) and values[n] > today]

    return check


def _follow_up_done_has_past_date(values: dict, today: date) -> list[tuple[str, str]]:
    if values.get("status") == "follow-up done" and values.get("follow_up_date") and values["follow_up_date"] > today:
        return [("follow_up_date", "follow-up done but the follow-up date is in the future")]
    return []


PEER_CHALLENGES = RecordType(
    name="peer-challenges",
    label="Peer challenges and diagnostics",
    model=m.PeerChallenge,
    run_kind="peer_challenges",
    fields=(
        _id_field(),
        _la_field(),
        Field(
            "type",
            kind="choice",
            required=True,
            choices=PEER_CHALLENGE_TYPES,
            value_aliases=PEER_CHALLENGE_TYPE_ALIASES,
            header_aliases=("kind",),
            attribute="kind",
            example="Children's services peer challenge",
        ),
        Field(
            "focus_themes",
            kind="tags",
            header_aliases=("focus",),
            attribute="focus",
            default="",
            description="free tags separated by ';', e.g. safeguarding; SEND; early help",
            example="safeguarding; early help",
        ),
        Field("start_date", kind="date", description=_DATE_HELP, example="2024-05-01"),
        Field("end_date", kind="date", description="YYYY-MM-DD, YYYY-MM or YYYY", example="2024-05-03"),
        Field("status", kind="choice", choices=PEER_CHALLENGE_STATUSES, default="delivered", example="delivered"),
        Field("follow_up_date", kind="date", description="date of the follow-up visit", example=""),
        Field("lead_peer_organisation", default="", example="Local Government Association"),
        Field("public_summary", default="", example="Strong front door; audit needs work"),
        Field(
            "confidential_notes",
            default="",
            confidential=True,
            description="restricted: never shown without permission",
            example="",
        ),
        _source_field(),
    ),
    identity=("type", "start_date"),
    checks=(
        _end_after_start("start_date", "end_date"),
        _end_after_start("start_date", "follow_up_date", "follow-up visit before the start"),
        _not_in_future("start_date", "end_date", unless_status=("planned",)),
        _follow_up_done_has_past_date,
    ),
)

INTERVENTIONS = RecordType(
    name="interventions",
    label="DfE interventions",
    model=m.Intervention,
    run_kind="interventions",
    fields=(
        _id_field(),
        _la_field(),
        Field(
            "kind",
            kind="choice",
            required=True,
            choices=INTERVENTION_KINDS,
            value_aliases=INTERVENTION_KIND_ALIASES,
            example="Statutory direction",
        ),
        Field("start_date", kind="date", description="empty when unknown; " + _DATE_HELP, example="2023-02-01"),
        Field("end_date", kind="date", description="empty while the intervention is active", example=""),
        Field(
            "linked_inspection",
            kind="inspection",
            attribute="inspection_id",
            description="publication (or inspection) date YYYY-MM-DD of the LA's inspection that led to it",
            example="",
        ),
        Field("note", default="", example=""),
        _source_field(),
    ),
    identity=("kind", "start_date"),
    checks=(_end_after_start("start_date", "end_date"), _not_in_future("start_date", "end_date")),
)

PROGRAMME = RecordType(
    name="programme",
    label="Leadership programme participation",
    model=m.ProgrammeParticipation,
    run_kind="programme",
    fields=(
        _id_field(),
        _la_field(),
        Field("programme", required=True, example="Leadership Essentials (children's services)"),
        Field(
            "cohort_date",
            kind="date",
            required=True,
            header_aliases=("cohort_start",),
            attribute="cohort_start",
            description="YYYY-MM-DD, YYYY-MM or YYYY",
            example="2024-09",
        ),
        Field(
            "role", required=True, description="e.g. lead member, scrutiny chair, DCS (no names)", example="Lead member"
        ),
        Field("participants", kind="int", required=True, header_aliases=("count",), example="2"),
        Field("new_to_role", kind="bool", description="yes or no; empty when not known", example="yes"),
        _source_field(),
    ),
    identity=("programme", "cohort_date", "role"),
    checks=(_not_in_future("cohort_date"),),
)

RISK_SIGNATURE_ASSESSMENTS = RecordType(
    name="risk-signatures",
    label="Risk signature self-assessments",
    model=m.RiskSignatureAssessment,
    run_kind="risk_signatures",
    fields=(
        _id_field(),
        _la_field(),
        Field("assessment_date", kind="date", required=True, header_aliases=("date",), example="2025-03-01"),
        *(
            part
            for code, wording in RISK_SIGNATURES
            for part in (
                Field(
                    f"{code}_rating",
                    kind="choice",
                    choices=RISK_RATINGS,
                    value_aliases=RISK_RATING_ALIASES,
                    confidential=True,
                    description=f"{wording}: none, some or significant concern",
                    example="some",
                ),
                Field(f"{code}_note", confidential=True, description=f"{wording}: note", example=""),
            )
        ),
        Field("confidential", kind="bool", default=True, description="yes (the default) or no", example="yes"),
        _source_field(),
    ),
    identity=("assessment_date",),
    checks=(_not_in_future("assessment_date"),),
)

PROGRAMME_TOTALS = RecordType(
    name="programme-totals",
    label="Reported programme totals",
    model=m.ProgrammeTotal,
    run_kind="programme_totals",
    has_la=False,
    fields=(
        _id_field(),
        Field("programme", required=True, example="Leadership Essentials (children's services)"),
        Field("measure", required=True, description="what was counted", example="members attended"),
        Field("period", required=True, description="as the source words it", example="since September 2018"),
        Field("period_start", kind="date", example="2018-09"),
        Field("period_end", kind="date", example="2019-06"),
        Field("count", kind="int", required=True, example="58"),
        _source_field(),
    ),
    identity=("programme", "measure", "period"),
    checks=(_end_after_start("period_start", "period_end"),),
)

RECORD_TYPES: dict[str, RecordType] = {
    t.name: t for t in (PEER_CHALLENGES, INTERVENTIONS, PROGRAMME, RISK_SIGNATURE_ASSESSMENTS, PROGRAMME_TOTALS)
}


# -- Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRow:
    """One data row as read: its spreadsheet row number and its cells by (folded) header."""

    number: int
    cells: dict[str, object]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: object
    reason: str

    def text(self, file: str = "") -> str:
        where = [f"file {file}"] if file else []
        where += [f"row {self.row}"] + ([f"column {self.column}"] if self.column else [])
        shown = "" if self.value in (None, "") else f" (value: {str(self.value)!r})"
        return f"{', '.join(where)}: {self.reason}{shown}"


class RecordsRefused(InputError):
    """The rows have errors: every one is in `errors`; nothing was written."""

    def __init__(self, errors: list[RowError], *, file: str | Path = ""):
        self.errors = errors
        first = errors[0]
        super().__init__(
            first.reason + (f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""),
            file=file or "(rows)",
            row=first.row,
            column=first.column or None,
            value=first.value if first.value not in ("", None) else None,
        )


def fold_header(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).strip().lower()).strip("_")


def read_rows(path: str | Path) -> list[SourceRow]:
    """The first sheet (or the CSV) as rows under its header row, within the import limits; blank
    rows are skipped. Row numbers are as a spreadsheet shows them (the header is row 1)."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx", ".ods"):
        raise InputError("not a CSV, XLSX or ODS file", file=path)
    sheets = read_workbook(path)
    sheet = next(iter(sheets.values()), None)
    if sheet is None or not sheet.rows:
        raise InputError("the file has no rows", file=path)
    header = [fold_header(c) if c not in (None, "") else "" for c in sheet.rows[0]]
    rows = []
    for index, values in enumerate(sheet.rows[1:], start=2):
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append(SourceRow(index, {h: v for h, v in zip(header, values, strict=False) if h}))
        if len(rows) > MAX_ROWS:
            raise InputError(f"more than {MAX_ROWS} rows", file=path)
    if not rows:
        raise InputError("the file has a header but no data rows", file=path)
    return rows


def rows_from_dicts(records: Iterable[dict], first_row: int = 2) -> list[SourceRow]:
    """Rows given as dicts (a form, a test, the sourced facts), numbered as a file would be."""
    return [SourceRow(n, {fold_header(k): v for k, v in r.items()}) for n, r in enumerate(records, start=first_row)]


# -- Cell values -----------------------------------------------------------------------------------

_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"(\d{4})")


class _Bad(ValueError):
    pass


def parse_date(value: object) -> tuple[date, str]:
    """(date, precision): a whole date is day precision; YYYY-MM and YYYY are month and year,
    stored as the first day of that month or year, so an unknown day is never made up."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _Bad("not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    text = str(value).strip()
    try:
        if match := _DAY.fullmatch(text):
            return date(*map(int, match.groups())), "day"
        if match := _MONTH.fullmatch(text):
            return date(int(match[1]), int(match[2]), 1), "month"
        if isinstance(value, int | float) and float(value).is_integer() or _YEAR.fullmatch(text):
            year = int(float(text))
            if 1900 <= year <= 2100:
                return date(year, 1, 1), "year"
    except ValueError:
        pass
    raise _Bad("not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _cell(field_: Field, raw: object) -> object:
    """The typed value of one non-empty cell, or _Bad with the reason."""
    if field_.kind == "date":
        return parse_date(raw)
    text = _text(raw)
    if field_.kind in ("int", "id"):
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        if not text.isdigit():
            raise _Bad("not a whole number")
        number = int(text)
        if field_.kind == "int" and number < 1 and field_.name != "count":
            raise _Bad("must be 1 or more")
        return number
    if field_.kind == "bool":
        if isinstance(raw, bool):
            return raw
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise _Bad("must be yes or no")
    if field_.kind == "choice":
        lower = text.lower()
        match = {c.lower(): c for c in field_.choices}.get(lower) or field_.value_aliases.get(lower)
        if match is None:
            raise _Bad(f"must be one of: {', '.join(field_.choices)}")
        return match
    if len(text) > MAX_TEXT:
        raise _Bad(f"text longer than {MAX_TEXT} characters")
    if field_.kind == "tags":
        tags: list[str] = []
        for tag in re.split(r"[;,]", text):
            if tag.strip() and tag.strip().lower() not in (t.lower() for t in tags):
                tags.append(tag.strip())
        return "; ".join(tags)
    return text


# -- LAs -------------------------------------------------------------------------------------------

_NAMES_BY_FOLDED: dict[str, str] = {fold_name(la.name): la.name for la in LOCAL_AUTHORITIES}
_BY_ONS = {la.ons_code: la.name for la in LOCAL_AUTHORITIES}
for _alias, _code in _NAME_ALIASES.items():
    _NAMES_BY_FOLDED.setdefault(_alias, _BY_ONS.get(_code, _alias))


def closest_la_names(text: str, n: int = 3) -> list[str]:
    """The LA names (current and former, and their other spellings) nearest to what was typed."""
    found = difflib.get_close_matches(fold_name(text), list(_NAMES_BY_FOLDED), n=n * 2, cutoff=0.6)
    names: list[str] = []
    for folded in found:
        if _NAMES_BY_FOLDED[folded] not in names:
            names.append(_NAMES_BY_FOLDED[folded])
    return names[:n]


def _resolve_la(resolver: LaResolver, raw: object, on: date | None):
    text = _text(raw)
    return resolver.by_ons(text) or (resolver.by_dfe(text) if text.isdigit() else None) or resolver.by_name(text, on)


# -- Validation ------------------------------------------------------------------------------------


@dataclass
class ValidRecord:
    row: int
    values: dict  # field name -> typed value (dates as (date, precision) split into two keys)
    la: m.LocalAuthority | None
    existing: object | None = None  # the stored record this row updates or repeats
    action: str = "create"  # create, update, unchanged
    changes: dict = field(default_factory=dict)  # attribute -> (old, new) for an update


@dataclass
class Validation:
    record_type: RecordType
    records: list[ValidRecord]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def _today() -> date:
    return date.today()


def validate(session: Session, record_type: RecordType | str, rows: list[SourceRow], *, source: str = "") -> Validation:
    """Every row checked against the schema, the LA table, the other rows and the store.

    `source` fills empty source cells. Nothing is written.
    """
    kind = RECORD_TYPES[record_type] if isinstance(record_type, str) else record_type
    errors: list[RowError] = []
    records: list[ValidRecord] = []
    known = {f.name: f for f in kind.fields}
    for f in kind.fields:
        for alias in f.header_aliases:
            known.setdefault(alias, f)
    headers = set().union(*(r.cells for r in rows)) if rows else set()
    for header in sorted(headers - set(known)):
        errors.append(RowError(1, header, "", "unknown column"))
    present = {known[h].name for h in headers if h in known}
    for f in kind.fields:
        if f.required and f.name not in present:
            errors.append(RowError(1, f.name, "", "missing column"))
    if errors:
        return Validation(kind, [], errors)

    resolver = LaResolver(session) if kind.has_la else None
    today = _today()
    inspections_by_la: dict[int, list[m.Inspection]] = {}
    for row in rows:
        row_errors: list[RowError] = []
        values: dict = {}
        for header, raw in row.cells.items():
            f = known[header]
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            if f.kind in ("la", "inspection"):
                values[f.name] = raw
                continue
            try:
                typed = _cell(f, raw)
            except _Bad as bad:
                row_errors.append(RowError(row.number, f.name, _text(raw), str(bad)))
                continue
            if f.kind == "date":
                values[f.name], values[f"{f.name}_precision"] = typed
            else:
                values[f.name] = typed
        for f in kind.fields:
            if f.required and f.name not in values and not any(e.column == f.name for e in row_errors):
                row_errors.append(RowError(row.number, f.name, "", "empty cell"))
        if str(values.get("source", "")).upper().startswith(EXAMPLE_MARK):
            row_errors.append(
                RowError(row.number, "source", values["source"], "the template's example row: replace or delete it")
            )
        la = None
        if kind.has_la and "la" in values:
            on = values.get("start_date") or values.get("cohort_date") or values.get("assessment_date")
            la = _resolve_la(resolver, values["la"], on)
            if la is None:
                suggestions = closest_la_names(_text(values["la"]))
                hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
                row_errors.append(RowError(row.number, "la", _text(values["la"]), f"unknown local authority{hint}"))
        if "linked_inspection" in values and la is not None:
            inspection, reason = _linked_inspection(session, inspections_by_la, la, values["linked_inspection"])
            if inspection is None:
                row_errors.append(RowError(row.number, "linked_inspection", _text(values["linked_inspection"]), reason))
            else:
                values["linked_inspection"] = inspection.id
        if not row_errors:
            for check in kind.checks:
                row_errors.extend(RowError(row.number, c, _shown(values.get(c)), r) for c, r in check(values, today))
        errors.extend(row_errors)
        if not row_errors:
            values.pop("la", None)
            for f in kind.fields:
                if f.name not in values and f.kind != "id":
                    values[f.name] = f.default if f.name != "source" else (source or "")
                    if f.kind == "date":
                        values[f"{f.name}_precision"] = None
            records.append(ValidRecord(row.number, values, la))
    _match_store(session, kind, records, errors)
    return Validation(kind, records, errors)


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else "" if value is None else str(value)


def _linked_inspection(session: Session, cache: dict, la: m.LocalAuthority, raw: object):
    try:
        on, precision = parse_date(raw)
    except _Bad as bad:
        return None, str(bad)
    if precision != "day":
        return None, "give the inspection's whole publication or inspection date (YYYY-MM-DD)"
    if la.id not in cache:
        cache[la.id] = list(session.scalars(select(m.Inspection).where(m.Inspection.la_id == la.id)))
    found = [i for i in cache[la.id] if on in (i.published_date, i.inspection_date)]
    if not found:
        return None, f"no inspection of {la.name} published or held on that date"
    return found[0], ""


def _attributes(kind: RecordType, values: dict) -> dict:
    """Field values as model attributes (dates with their precision columns, risk ratings as one
    JSON map)."""
    attributes: dict = {}
    precision_names = {
        "start_date": "start_precision",
        "end_date": "end_precision",
        "cohort_date": "cohort_precision",
        "assessment_date": "date_precision",
    }
    for f in kind.fields:
        signature_part = kind is RISK_SIGNATURE_ASSESSMENTS and f.name.endswith(("_rating", "_note"))
        if f.kind in ("id", "la") or signature_part:
            continue
        attributes[f.target] = values.get(f.name)
        if f.kind == "date" and f.name in precision_names:
            attributes[precision_names[f.name]] = values.get(f"{f.name}_precision")
    if kind is PROGRAMME:
        attributes["cohort_precision"] = attributes["cohort_precision"] or "day"
    if kind is RISK_SIGNATURE_ASSESSMENTS:
        attributes["date_precision"] = attributes["date_precision"] or "day"
        attributes["ratings"] = {
            code: {"rating": values.get(f"{code}_rating"), "note": values.get(f"{code}_note") or ""}
            for code, _wording in RISK_SIGNATURES
        }
    return attributes


def _identity(kind: RecordType, la_id: int | None, values: dict) -> tuple:
    return (la_id, *(values.get(name) for name in kind.identity))


def _stored_identity(kind: RecordType, record) -> tuple:
    names = {f.name: f.target for f in kind.fields}
    return (getattr(record, "la_id", None), *(getattr(record, names[name]) for name in kind.identity))


def _match_store(session: Session, kind: RecordType, records: list[ValidRecord], errors: list[RowError]) -> None:
    """Duplicates within the rows and against the store; what each row would do."""
    model = kind.model
    stored = list(session.scalars(select(model).where(model.deleted_at.is_(None))))
    by_id = {r.id: r for r in stored}
    by_identity = {_stored_identity(kind, r): r for r in stored}
    first_row: dict[tuple, int] = {}
    column = kind.identity[-1]
    for record in records:
        record.action = "error"  # until the checks below pass
        identity = _identity(kind, record.la.id if record.la else None, record.values)
        shown = _shown(record.values.get(column))
        if identity in first_row:
            reason = f"duplicate record: the same as row {first_row[identity]}"
            errors.append(RowError(record.row, column, shown, reason))
            continue
        first_row[identity] = record.row
        attributes = _attributes(kind, record.values)
        if record.la is not None:
            attributes["la_id"] = record.la.id
        record_id = record.values.get("id")
        if record_id is not None:
            existing = by_id.get(record_id)
            if existing is None:
                reason = f"no stored record of {kind.label.lower()} has this id"
                errors.append(RowError(record.row, "id", str(record_id), reason))
                continue
            other = by_identity.get(identity)
            if other is not None and other.id != record_id:
                errors.append(
                    RowError(record.row, column, shown, f"duplicate record: the same as stored record {other.id}")
                )
                continue
        else:
            existing = by_identity.get(identity)
            if existing is None:
                record.action, record.values["_attributes"] = "create", attributes
                continue
        changes = {
            name: (getattr(existing, name), value)
            for name, value in attributes.items()
            if name != "source" and getattr(existing, name) != value
        }
        if changes and record_id is None:
            errors.append(
                RowError(
                    record.row,
                    column,
                    shown,
                    f"duplicate record: stored record {existing.id} has the same "
                    f"{' and '.join(kind.identity)} for this {'LA' if kind.has_la else 'programme'} with other values "
                    f"({', '.join(sorted(changes))}); put {existing.id} in the id column to update it",
                )
            )
            continue
        record.existing, record.changes = existing, changes
        record.action = "update" if changes else "unchanged"
        record.values["_attributes"] = attributes


# -- Preview and apply -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewRow:
    row: int
    action: str  # create, update, unchanged
    record_id: int | None
    la_name: str
    changed: tuple[str, ...]


@dataclass
class Preview:
    rows: list[PreviewRow]
    errors: list[RowError]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def preview(session: Session, record_type: RecordType | str, rows: list[SourceRow]) -> Preview:
    """What `apply` would do with these rows, row by row, or every error. Writes nothing."""
    result = validate(session, record_type, rows)
    return Preview(
        [
            PreviewRow(
                r.row,
                r.action,
                getattr(r.existing, "id", None),
                r.la.name if r.la else "",
                tuple(sorted(r.changes)),
            )
            for r in result.records
            if r.action != "error"
        ],
        result.errors,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(record) -> dict:
    """A record's columns as JSON-safe values: what the audit trail keeps before and after."""
    return {c.key: _json_value(getattr(record, c.key)) for c in record.__mapper__.column_attrs}


def audit(session: Session, action: str, record, *, who: str, before: dict | None, run: m.ImportRun | None = None):
    session.add(
        m.AuditEntry(
            at=_now(),
            who=who,
            action=action,
            table_name=record.__tablename__,
            record_id=record.id,
            before=before,
            after=snapshot(record),
            import_run_id=run.id if run else None,
        )
    )


@dataclass
class Applied:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    record_ids: list[int] = field(default_factory=list)


def apply(
    session: Session,
    record_type: RecordType | str,
    rows: list[SourceRow],
    *,
    who: str,
    source: str = "",
    run: m.ImportRun | None = None,
    is_demo: bool = False,
    file: str | Path = "",
) -> Applied:
    """Validate, then write every row with its audit entry in the caller's transaction.

    Any error refuses the lot (RecordsRefused, nothing added to the session); a failure while
    writing propagates, and the caller's rollback (session_scope) leaves no row and no audit.
    """
    kind = RECORD_TYPES[record_type] if isinstance(record_type, str) else record_type
    result = validate(session, kind, rows, source=source)
    if result.errors:
        raise RecordsRefused(result.errors, file=file)
    applied = Applied()
    for record in result.records:
        attributes = record.values["_attributes"]
        if record.action == "unchanged":
            applied.unchanged += 1
            applied.record_ids.append(record.existing.id)
            continue
        if record.action == "update":
            before = snapshot(record.existing)
            for name, (_old, new) in record.changes.items():
                setattr(record.existing, name, new)
            session.flush()
            audit(session, "update", record.existing, who=who, before=before, run=run)
            applied.updated += 1
            applied.record_ids.append(record.existing.id)
            continue
        created = kind.model(**attributes, is_demo=is_demo, import_run_id=run.id if run else None)
        session.add(created)
        session.flush()
        audit(session, "create", created, who=who, before=None, run=run)
        applied.created += 1
        applied.record_ids.append(created.id)
    session.flush()
    return applied


def soft_delete(session: Session, record, *, who: str) -> None:
    """Mark a record deleted (queries stop showing it) and keep an audit entry of what it was."""
    if record.deleted_at is not None:
        return
    before = snapshot(record)
    record.deleted_at = _now()
    session.flush()
    audit(session, "delete", record, who=who, before=before)


def import_file(session: Session, record_type: RecordType | str, path: str | Path, *, who: str) -> ImportReport:
    """Import one record file (CLI, later the upload page): the same file twice changes nothing."""
    kind = RECORD_TYPES[record_type] if isinstance(record_type, str) else record_type
    path = Path(path)
    report = ImportReport(file=path.name, kind=kind.run_kind, sha256=file_sha256(path))
    if previous_run(session, report.sha256, kind.run_kind):
        report.already_imported = True
        return report
    rows = read_rows(path)
    source = f"file {path.name}, imported {date.today().isoformat()}"
    refused = validate(session, kind, rows, source=source)
    if refused.errors:
        raise RecordsRefused(refused.errors, file=path)
    report.rows_read = len(rows)
    for record in refused.records:
        if record.action == "update":
            report.notes.append(
                f"row {record.row}: updates record {record.existing.id} ({', '.join(sorted(record.changes))})"
            )
    run = record_run(session, report)
    applied = apply(session, kind, rows, who=who, source=source, run=run, file=path)
    report.inserted, report.updated, report.unchanged = applied.created, applied.updated, applied.unchanged
    run.rows_read, run.inserted, run.updated = report.rows_read, report.inserted, report.updated
    session.add(
        m.AuditEntry(
            at=_now(),
            who=who,
            action="import",
            table_name=kind.model.__tablename__,
            record_id=None,
            before=None,
            after={"file": path.name, "sha256": report.sha256, "created": applied.created, "updated": applied.updated},
            import_run_id=run.id,
        )
    )
    return report


# -- Templates -------------------------------------------------------------------------------------


def _field_type(f: Field) -> str:
    return {
        "date": "date (YYYY-MM-DD, YYYY-MM or YYYY)",
        "int": "whole number",
        "id": "whole number",
        "bool": "yes or no",
        "choice": "one of the allowed values",
        "tags": "tags separated by ';'",
        "la": "LA name, ONS code or DfE code",
        "inspection": "date (YYYY-MM-DD)",
    }.get(f.kind, "text")


def template_rows(record_type: RecordType | str) -> tuple[list[str], list[str]]:
    """The header and one example row, marked as the example in its source cell."""
    kind = RECORD_TYPES[record_type] if isinstance(record_type, str) else record_type
    header = [f.name for f in kind.fields]
    example = [f.example for f in kind.fields]
    example[header.index("source")] = f"{EXAMPLE_MARK}: replace or delete it. {kind.field('source').example}"
    return header, example


def allowed_values(record_type: RecordType | str) -> list[list[str]]:
    kind = RECORD_TYPES[record_type] if isinstance(record_type, str) else record_type
    return [
        [f.name, "yes" if f.required else "no", _field_type(f), "; ".join(f.choices), f.description]
        for f in kind.fields
    ]


def template_bytes(record_type: RecordType | str, fmt: str) -> bytes:
    """A CSV (header and example row) or XLSX (the same, and an 'Allowed values' sheet)."""
    header, example = template_rows(record_type)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows([header, example])
        return out.getvalue().encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}")
    from openpyxl import Workbook

    workbook = Workbook()
    records = workbook.active
    records.title = "Records"
    records.append(header)
    records.append(example)
    for cell in records[2]:
        cell.number_format = "@"  # text: "2024-09" stays a month, not a date Excel guesses
    allowed = workbook.create_sheet("Allowed values")
    allowed.append(["column", "required", "type", "allowed values", "description"])
    for row in allowed_values(record_type):
        allowed.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
