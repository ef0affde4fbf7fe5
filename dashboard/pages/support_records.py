"""/support/records: add and change improvement support records (peer challenges, interventions,
leadership programme, risk signatures, programme totals).

Two ways in, both through data_access (support_records: validate, preview, apply, soft_delete;
support_entry: the file checks and one-record saves), so the page holds no rule of its own:

- Upload a file: download a template, upload it filled in; a preview lists what every row would
  do and every error; nothing is written until "Apply", which checks again on the server and
  writes everything in one transaction. The file stays on the server (dashboard/uploads.py); the
  browser keeps a token.
- One record: a form per record type to add a record or change one (`?type=...&id=...` opens a
  record), soft delete after a confirmation, and the record's history from the audit log.

Every write asks dashboard.editing.may_edit on the server first.
"""

from __future__ import annotations

import base64
import binascii
import json

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard.components.live import page_ids
from dashboard.components.table import data_table
from dashboard.context import store_url
from dashboard.editing import REFUSED, may_edit
from dashboard.support_routes import audit_frame
from dashboard.uploads import forget, keep
from dashboard.uploads import path as upload_path
from data_access.db import session_scope
from data_access.importers.common import InputError
from data_access.reference.local_authorities import LOCAL_AUTHORITIES
from data_access.support_entry import (
    PRECISION_COLUMNS,
    apply_upload,
    check_upload,
    delete_record,
    error_suggestions,
    form_values,
    preview_upload,
    record_choices,
    save_record,
    signature_wording,
    stored_record,
    upload_limit_bytes,
    upload_name,
    who_entered,
)
from data_access.support_records import RECORD_TYPES, Field, RecordsRefused

PAGE = "records"
ids = page_ids(PAGE)
FIELD, FEEDBACK, PRECISION = f"{PAGE}-field", f"{PAGE}-feedback", f"{PAGE}-precision"
NEW = "new"
DEFAULT_TYPE = "peer-challenges"
PREVIEW_ROWS_SHOWN = 500
FORM_WORDING = {"empty cell": "Required: fill this in."}  # the checks speak of a file's cells
LONG_TEXT = ("public_summary", "confidential_notes", "note")

dash.register_page(
    __name__,
    path="/support/records",
    name="Add records",
    nav=False,  # linked from the header (components/shell.py), after Briefing
    title="Support records: add and change - RIA children's services dashboard",
)

TYPE_OPTIONS = [{"label": kind.label, "value": name} for name, kind in RECORD_TYPES.items()]
LA_OPTIONS = [
    {"label": la.name + ("" if la.current else " (former)"), "value": la.ons_code}
    for la in sorted(LOCAL_AUTHORITIES, key=lambda x: (not x.current, x.name.casefold()))
]


def _type(name: object) -> str:
    return name if isinstance(name, str) and name in RECORD_TYPES else DEFAULT_TYPE


def _record_id(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _kb(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n // 1024} KB"


# -- Upload ------------------------------------------------------------------------------------------


def template_links(record_type: str) -> list:
    return [
        html.A("CSV template", href=f"/support/template/{record_type}.csv", id=ids("template-csv"), download=""),
        " · ",
        html.A(
            "Excel template (with the allowed values)",
            href=f"/support/template/{record_type}.xlsx",
            id=ids("template-xlsx"),
            download="",
        ),
    ]


def upload_section(record_type: str) -> html.Section:
    limit = upload_limit_bytes()
    return html.Section(
        [
            html.H2("Upload a file of records", className="h4"),
            html.P(
                "Download the template for the kind of record, fill in one row per record (delete the example "
                "row), and upload it. You will see what each row would do, and every problem, before anything "
                "is saved."
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Kind of record", html_for=ids("upload-type"), className="fw-bold"),
                            dbc.Select(id=ids("upload-type"), options=TYPE_OPTIONS, value=record_type),
                        ],
                        md=5,
                    ),
                    dbc.Col(html.P(template_links(record_type), id=ids("templates"), className="mb-2"), md=7),
                ],
                className="g-3 mb-3 align-items-end",
            ),
            dcc.Upload(
                html.Div(
                    [
                        "Drag a CSV, XLSX or ODS file here, or ",
                        html.Span("choose a file", className="link-primary text-decoration-underline"),
                        f" (up to {_kb(limit)}).",
                    ]
                ),
                id=ids("upload"),
                accept=".csv,.xlsx,.ods,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
                "application/vnd.oasis.opendocument.spreadsheet",
                max_size=limit,
                multiple=False,
                className="upload-zone",
                style={"border": "2px dashed #6c757d", "borderRadius": "0.5rem", "padding": "1.25rem"},
            ),
            html.Div(
                id=ids("upload-client-message"),
                className="text-danger mt-2",
                role="alert",
                **{"data-limit": str(limit), "data-limit-text": _kb(limit)},
            ),
            dcc.Loading(html.Div(id=ids("preview"), className="mt-3")),
            dbc.Button(
                "Apply: save these records",
                id=ids("apply"),
                color="primary",
                className="mt-2",
                disabled=True,
                n_clicks=0,
            ),
            html.Div(id=ids("apply-result"), className="mt-3", role="status", **{"aria-live": "polite"}),
            dcc.Store(id=ids("token")),
        ],
        id=ids("upload-section"),
        className="mb-5",
    )


def _first(frame: pd.DataFrame, what: str) -> tuple[pd.DataFrame, str]:
    """At most PREVIEW_ROWS_SHOWN rows, and a note saying so when there are more."""
    if len(frame) <= PREVIEW_ROWS_SHOWN:
        return frame, ""
    return frame.head(PREVIEW_ROWS_SHOWN), f" (the first {PREVIEW_ROWS_SHOWN:,} of {len(frame):,} {what})"


def preview_view(record_type: str, filename: str, result) -> list:
    """The preview: counts, every problem (row, column, value, reason, closest LA names), and what
    every row would do (a row with problems: nothing)."""
    kind = RECORD_TYPES[record_type]
    counts = (
        f"{result.count('create')} to create, {result.count('update')} to update, {result.count('unchanged')} unchanged"
    )
    parts: list = [html.H3(f"Preview of {filename} ({kind.label.lower()})", className="h5")]
    problems_by_row: dict[int, int] = {}
    for e in result.errors:
        problems_by_row[e.row] = problems_by_row.get(e.row, 0) + 1
    if result.errors:
        errors, note = _first(
            pd.DataFrame(
                [
                    [e.row, e.column, "" if e.value is None else str(e.value), e.reason, error_suggestions(e)]
                    for e in result.errors
                ],
                columns=["Row", "Column", "Value", "Problem", "Closest LA names"],
            ),
            "problems",
        )
        count = len(result.errors)
        parts += [
            dbc.Alert(
                f"{count} problem{'s' if count != 1 else ''} found: nothing can be saved until the file is fixed "
                f"and uploaded again. Rows without problems: {counts}.",
                color="danger",
                id=ids("preview-summary"),
            ),
            data_table(errors, caption=f"Problems in {filename}{note}", table_id=ids("errors-table")),
        ]
    else:
        parts.append(
            dbc.Alert(
                f"No problems found: {counts}. Nothing is saved until you apply.",
                color="success",
                id=ids("preview-summary"),
            )
        )
    rows = [
        [r.row, r.action, r.la_name, "" if r.record_id is None else str(r.record_id), ", ".join(r.changed)]
        for r in result.rows
    ] + [
        [row, f"not saved: {n} problem{'s' if n != 1 else ''}", "", "", ""]
        for row, n in problems_by_row.items()
        if row > 1  # row 1 is the header: a missing or unknown column
    ]
    frame = pd.DataFrame(
        sorted(rows), columns=["Row", "What it would do", "Local authority", "Stored record", "Fields changed"]
    )
    if len(frame):
        frame, note = _first(frame, "rows")
        caption = f"What each row of {filename} would do{note}"
        parts.append(data_table(frame, caption=caption, table_id=ids("rows-table")))
    return parts


def _fail(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="danger", className="mb-0")


@callback(Output(ids("templates"), "children"), Input(ids("upload-type"), "value"))
def _templates(record_type):
    return template_links(_type(record_type))


@callback(
    Output(ids("token"), "data"),
    Output(ids("preview"), "children"),
    Output(ids("apply"), "disabled"),
    Output(ids("upload"), "contents"),
    Output(ids("apply-result"), "children"),
    Input(ids("upload"), "contents"),
    Input(ids("upload-type"), "value"),
    State(ids("upload"), "filename"),
    State(ids("token"), "data"),
    prevent_initial_call=True,
)
def upload(contents, record_type, filename, old_token):
    """Keep the file on the server and show its preview; the browser gets back only a token."""
    forget(old_token)
    if not contents:
        return None, None, True, no_update, None
    return (*check_and_preview(_type(record_type), contents, filename or "upload"), None, None)


def check_and_preview(record_type: str, contents: str, filename: str) -> tuple:
    """(token, preview, apply disabled) for a dcc.Upload `contents` (a data: URL)."""
    try:
        data = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, ValueError, binascii.Error):
        return None, _fail("The upload could not be read: try again."), True
    try:
        fmt = check_upload(data, filename)
    except InputError as error:
        return None, _fail(f"{filename}: {error.message}. Nothing was saved."), True
    token = keep(data, upload_name(filename, fmt))
    try:
        result = preview_upload(store_url(), record_type, upload_path(token))
    except InputError as error:
        forget(token)
        return None, _fail(f"{filename}: {error.message}. Nothing was saved."), True
    return token, preview_view(record_type, filename, result), bool(result.errors) or not result.rows or not may_edit()


@callback(
    Output(ids("apply-result"), "children", allow_duplicate=True),
    Output(ids("apply"), "disabled", allow_duplicate=True),
    Output(ids("token"), "data", allow_duplicate=True),
    Output(ids("preview"), "children", allow_duplicate=True),
    Input(ids("apply"), "n_clicks"),
    State(ids("token"), "data"),
    State(ids("upload-type"), "value"),
    prevent_initial_call=True,
)
def apply_file(_clicks, token, record_type):
    """Check the kept file again and save it all, or nothing (once saved, the preview goes)."""
    message, disabled, new_token = apply_kept(token, _type(record_type))
    return message, disabled, new_token, None if new_token is None else no_update


def apply_kept(token: str | None, record_type: str) -> tuple:
    if not may_edit():
        return _fail(REFUSED), True, no_update
    path = upload_path(token)
    if path is None:
        return _fail("The uploaded file is no longer kept (after 30 minutes): upload it again."), True, None
    try:
        report = apply_upload(store_url(), record_type, path, who=who_entered())
    except RecordsRefused as refused:
        return (
            _fail(
                f"Nothing was saved: {len(refused.errors)} problems (the store changed since the preview?). "
                f"First: {refused.errors[0].text()}"
            ),
            True,
            no_update,
        )
    except InputError as error:
        return _fail(f"Nothing was saved: {error.message}"), True, no_update
    forget(token)
    if report.already_imported:
        message = f"{path.name} was imported before: nothing changed."
    else:
        message = (
            f"Saved from {path.name}: {report.inserted} created, {report.updated} updated, "
            f"{report.unchanged} unchanged. Every page now shows them."
        )
    return dbc.Alert(message, color="success", className="mb-0", id=ids("applied")), True, None


# -- One record --------------------------------------------------------------------------------------


def _label(f: Field) -> str:
    if f.name.endswith(("_rating", "_note")) and signature_wording(f.name) != f.name:
        return f"{signature_wording(f.name)}: {'rating' if f.name.endswith('_rating') else 'note'}"
    return {"la": "Local authority"}.get(f.name, f.name.replace("_", " ").capitalize())


def _control(f: Field, value: str, field_id: dict):
    if f.kind == "la":
        return dbc.Select(id=field_id, options=LA_OPTIONS, value=value or "", placeholder="Choose a local authority")
    if f.kind == "choice":
        blank = [] if f.required else [{"label": "(not given)", "value": ""}]
        options = blank + [{"label": c, "value": c} for c in f.choices]
        # dbc.Select shows its placeholder for an empty value (its own hidden option comes first).
        placeholder = "Choose one" if f.required else "(not given)"
        return dbc.Select(id=field_id, options=options, value=value or "", placeholder=placeholder)
    if f.kind == "bool":
        options = [
            {"label": "(not known)", "value": ""},
            {"label": "Yes", "value": "yes"},
            {"label": "No", "value": "no"},
        ]
        return dbc.Select(id=field_id, options=options, value=value or "", placeholder="(not known)")
    if f.kind in ("date", "inspection"):
        return dbc.Input(id=field_id, type="date", value=_full_date(value))
    if f.kind == "int":
        return dbc.Input(id=field_id, type="number", min=0, step=1, value=value)
    if f.name in LONG_TEXT or f.name.endswith("_note"):
        return dbc.Textarea(id=field_id, value=value, rows=2)
    return dbc.Input(id=field_id, type="text", value=value)


def _full_date(text: str) -> str:
    """A YYYY-MM or YYYY value as the first day, for a date input (the precision says which)."""
    text = text or ""
    return {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text)


def _precision_of(text: str) -> str:
    return {4: "year", 7: "month"}.get(len(text or ""), "day")


def form_fields(record_type: str, values: dict[str, str], editing: bool) -> list:
    """One labelled control per field (never the id), with its hint and its error slot."""
    kind = RECORD_TYPES[record_type]
    parts = []
    for f in kind.fields:
        if f.kind == "id":
            continue
        field_id = {"type": FIELD, "name": f.name}
        value = values.get(f.name, "")
        hint = "" if f.kind == "la" else f.description
        if f.confidential:
            hint = "Restricted: " + (
                "not shown here; leave it empty to keep what is stored." if editing else "never shown on public pages."
            )
        if f.kind == "date" and f.name in PRECISION_COLUMNS:
            hint = "When only the month or year is known, choose it in 'Known to the' (the day is then ignored)."
        control = _control(f, value, field_id)
        extra = []
        if f.kind == "date" and f.name in PRECISION_COLUMNS:
            extra = [
                dbc.Label(
                    "Known to the", html_for=_dom_id({"type": PRECISION, "name": f.name}), className="small mb-0 mt-1"
                ),
                dbc.Select(
                    id={"type": PRECISION, "name": f.name},
                    options=[{"label": p, "value": p} for p in ("day", "month", "year")],
                    value=_precision_of(value),
                    size="sm",
                ),
            ]
        parts.append(
            dbc.Col(
                [
                    dbc.Label(
                        [_label(f), html.Span(" (required)", className="text-body-secondary") if f.required else None],
                        html_for=_dom_id(field_id),
                        className="fw-bold",
                    ),
                    control,
                    dbc.FormFeedback(id={"type": FEEDBACK, "name": f.name}, type="invalid"),
                    *extra,
                    html.Div(hint, className="form-text") if hint else None,
                ],
                md=6 if f.name not in LONG_TEXT else 12,
                className="mb-3",
            )
        )
    return [dbc.Row(parts, className="g-3")]


def _dom_id(pattern: dict) -> str:
    """The element id Dash gives a pattern-matching component (its keys sorted, as JSON)."""
    return json.dumps(pattern, sort_keys=True, separators=(",", ":"))


def record_options(record_type: str) -> list[dict]:
    with session_scope(store_url()) as session:
        choices = record_choices(session, RECORD_TYPES[record_type])
    return [{"label": "New record", "value": NEW}] + [{"label": label, "value": str(i)} for i, label in choices]


def new_values(record_type: str) -> dict[str, str]:
    """A new record's form: the schema's defaults (e.g. status delivered) and who is entering it."""
    values = {"source": who_entered()}
    for f in RECORD_TYPES[record_type].fields:
        if f.kind in ("choice", "bool") and f.default not in (None, ""):
            values[f.name] = "yes" if f.default is True else "no" if f.default is False else str(f.default)
    return values


def form_for(record_type: str, record_id: int | None) -> tuple[list, str]:
    """The form's fields, and a line saying what it does (adding, or changing record N)."""
    kind = RECORD_TYPES[record_type]
    if record_id is None:
        return form_fields(record_type, new_values(record_type), editing=False), (
            f"Adding a new record of {kind.label.lower()}."
        )
    with session_scope(store_url()) as session:
        record = stored_record(session, kind, record_id)
        values = form_values(session, kind, record) if record is not None else None
    if values is None:
        return form_fields(record_type, new_values(record_type), editing=False), (
            f"There is no stored record {record_id} of {kind.label.lower()} (deleted?): adding a new record."
        )
    return form_fields(record_type, values, editing=True), f"Changing record {record_id} ({kind.label.lower()})."


def history(record_type: str, record_id: int | None) -> list:
    if record_id is None:
        return [html.P("A new record has no history yet.", className="text-body-secondary")]
    table = RECORD_TYPES[record_type].model.__tablename__
    frame = audit_frame(table, record_id)
    query = f"?table={table}&record={record_id}"
    links = html.P(
        [
            "Download this history: ",
            html.A("CSV", href=f"/support/audit.csv{query}", download=""),
            " · ",
            html.A("Excel", href=f"/support/audit.xlsx{query}", download=""),
        ]
    )
    if frame.empty:
        return [html.P(f"No changes recorded for record {record_id}."), links]
    shown = frame.drop(columns=["Table", "Record id"]).iloc[::-1]
    return [
        data_table(shown, caption=f"History of record {record_id}, newest first", table_id=ids("history-table")),
        links,
    ]


def form_section(record_type: str, record_id: int | None) -> html.Section:
    options = record_options(record_type)
    chosen = str(record_id) if str(record_id) in {o["value"] for o in options} else NEW  # else: not stored
    fields, status = form_for(record_type, record_id)
    return html.Section(
        [
            html.H2("Add or change one record", className="h4"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Kind of record", html_for=ids("form-type"), className="fw-bold"),
                            dbc.Select(id=ids("form-type"), options=TYPE_OPTIONS, value=record_type),
                        ],
                        md=5,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Record", html_for=ids("form-record"), className="fw-bold"),
                            dbc.Select(id=ids("form-record"), options=options, value=chosen),
                        ],
                        md=7,
                    ),
                ],
                className="g-3 mb-3",
            ),
            html.P(status, id=ids("form-status"), className="fw-bold"),
            html.Form(
                [
                    html.Div(fields, id=ids("form-fields")),
                    dbc.Button(
                        "Save",
                        id=ids("save"),
                        color="primary",
                        type="button",
                        n_clicks=0,
                        className="me-2",
                        disabled=not may_edit(),
                    ),
                    dbc.Button(
                        "Delete this record",
                        id=ids("delete"),
                        color="outline-danger",
                        type="button",
                        n_clicks=0,
                        disabled=chosen == NEW or not may_edit(),
                    ),
                ],
                id=ids("form"),
                noValidate=True,
            ),
            html.Div(id=ids("form-result"), className="mt-3", role="status", **{"aria-live": "polite"}),
            dbc.Modal(
                [
                    dbc.ModalHeader(dbc.ModalTitle("Delete this record?")),
                    dbc.ModalBody(
                        "It disappears from every page; the audit log keeps what it was, who deleted it and when.",
                    ),
                    dbc.ModalFooter(
                        [
                            dbc.Button("Cancel", id=ids("delete-cancel"), color="secondary", n_clicks=0),
                            dbc.Button("Delete", id=ids("delete-confirm"), color="danger", n_clicks=0),
                        ]
                    ),
                ],
                id=ids("delete-modal"),
                is_open=False,
            ),
            html.H3("History", className="h5 mt-4"),
            html.Div(history(record_type, record_id), id=ids("history")),
        ],
        id=ids("form-section"),
        className="mb-5",
    )


def layout(type: str | None = None, id: str | None = None, **_query) -> html.Div:  # noqa: A002 - the URL's words
    record_type = _type(type)
    return html.Div(
        [
            html.H1("Support records"),
            html.P(
                [
                    "Peer challenges, interventions, leadership programme places, risk signature self-assessments "
                    "and programme totals. Every change is kept in the audit log (",
                    html.A("CSV", href="/support/audit.csv", download=""),
                    " · ",
                    html.A("Excel", href="/support/audit.xlsx", download=""),
                    "; restricted fields are shown as (restricted)). See ",
                    dcc.Link("Methods", href="/methods"),
                    " for where the records come from.",
                ]
            ),
            None
            if may_edit()
            else dbc.Alert(REFUSED + " You can look, not change.", color="info", id=ids("read-only")),
            upload_section(record_type),
            form_section(record_type, _record_id(id)),
            dcc.Store(id=ids("saved"), data=0),
        ]
    )


@callback(
    Output(ids("form-record"), "options"),
    Output(ids("form-record"), "value"),
    Input(ids("form-type"), "value"),
    prevent_initial_call=True,
)
def _records_of_type(record_type):
    return record_options(_type(record_type)), NEW


@callback(
    Output(ids("form-fields"), "children"),
    Output(ids("form-status"), "children"),
    Output(ids("delete"), "disabled"),
    Output(ids("history"), "children"),
    Input(ids("form-record"), "value"),
    Input(ids("saved"), "data"),
    State(ids("form-type"), "value"),
    prevent_initial_call=True,
)
def _show_record(record, _saved, record_type):
    record_type, record_id = _type(record_type), _record_id(record)
    if f"{ids('form-record')}.value" not in ctx.triggered_prop_ids:
        return no_update, no_update, no_update, history(record_type, record_id)
    fields, status = form_for(record_type, record_id)
    return fields, status, record_id is None or not may_edit(), history(record_type, record_id)


def form_input(values: list, field_ids: list[dict], precisions: list, precision_ids: list[dict]) -> dict[str, str]:
    """The form's values by field name, each date cut to its precision (YYYY-MM or YYYY)."""
    found = {i["name"]: ("" if v is None else str(v)) for i, v in zip(field_ids, values, strict=True)}
    for i, p in zip(precision_ids, precisions, strict=True):
        date_text = found.get(i["name"], "")
        if date_text and p in ("month", "year"):
            found[i["name"]] = date_text[: 7 if p == "month" else 4]
    return found


def save(record_type: str, record_id: int | None, values: dict[str, str]):
    """Save one record (server-side checks); (saved record id or None, message, errors by field)."""
    if not may_edit():
        return None, _fail(REFUSED), {}
    who = who_entered()
    with session_scope(store_url()) as session:
        saved = save_record(session, record_type, values, who=who, record_id=record_id)
    if not saved.ok:
        count = sum(len(v) for v in saved.errors.values())
        general = [f"{name}: {'; '.join(reasons)}" for name, reasons in saved.errors.items() if name not in values]
        text = f"Nothing was saved: {count} problem{'s' if count != 1 else ''}, shown next to the fields."
        return None, _fail(" ".join([text, *general])), saved.errors
    message = {
        "create": f"Saved: record {saved.record_id} created.",
        "update": f"Saved: record {saved.record_id} changed.",
        "unchanged": f"Nothing to save: record {saved.record_id} already has these values.",
    }[saved.action]
    return saved.record_id, dbc.Alert(message, color="success", className="mb-0", id=ids("saved-message")), {}


@callback(
    Output(ids("form-result"), "children"),
    Output({"type": FEEDBACK, "name": ALL}, "children"),
    Output({"type": FIELD, "name": ALL}, "invalid"),
    Output(ids("form-record"), "options", allow_duplicate=True),
    Output(ids("form-record"), "value", allow_duplicate=True),
    Output(ids("saved"), "data"),
    Input(ids("save"), "n_clicks"),
    State({"type": FIELD, "name": ALL}, "value"),
    State({"type": FIELD, "name": ALL}, "id"),
    State({"type": PRECISION, "name": ALL}, "value"),
    State({"type": PRECISION, "name": ALL}, "id"),
    State(ids("form-type"), "value"),
    State(ids("form-record"), "value"),
    State(ids("saved"), "data"),
    prevent_initial_call=True,
)
def _save(_clicks, values, field_ids, precisions, precision_ids, record_type, record, saved_count):
    record_type, record_id = _type(record_type), _record_id(record)
    found = form_input(values, field_ids, precisions, precision_ids)
    saved_id, message, errors = save(record_type, record_id, found)
    feedback = ["; ".join(FORM_WORDING.get(e, e) for e in errors.get(i["name"], [])) for i in field_ids]
    invalid = [bool(errors.get(i["name"])) for i in field_ids]
    if saved_id is None:
        return message, feedback, invalid, no_update, no_update, no_update
    if saved_id == record_id:
        return message, feedback, invalid, no_update, no_update, (saved_count or 0) + 1
    return message, feedback, invalid, record_options(record_type), str(saved_id), (saved_count or 0) + 1


@callback(
    Output(ids("delete-modal"), "is_open"),
    Input(ids("delete"), "n_clicks"),
    Input(ids("delete-cancel"), "n_clicks"),
    prevent_initial_call=True,
)
def _ask_delete(_open, _cancel):
    return ctx.triggered_id == ids("delete")


@callback(
    Output(ids("form-result"), "children", allow_duplicate=True),
    Output(ids("delete-modal"), "is_open", allow_duplicate=True),
    Output(ids("form-record"), "options", allow_duplicate=True),
    Output(ids("form-record"), "value", allow_duplicate=True),
    Input(ids("delete-confirm"), "n_clicks"),
    State(ids("form-type"), "value"),
    State(ids("form-record"), "value"),
    prevent_initial_call=True,
)
def _delete(_clicks, record_type, record):
    return delete(_type(record_type), _record_id(record))


def delete(record_type: str, record_id: int | None) -> tuple:
    if not may_edit():
        return _fail(REFUSED), False, no_update, no_update
    if record_id is None:
        return _fail("Choose a stored record to delete."), False, no_update, no_update
    with session_scope(store_url()) as session:
        deleted = delete_record(session, record_type, record_id, who=who_entered())
    if not deleted:
        return _fail(f"Record {record_id} is not stored (deleted already?)."), False, no_update, no_update
    table = RECORD_TYPES[record_type].model.__tablename__
    message = dbc.Alert(
        [
            f"Record {record_id} deleted. Its history: ",
            html.A("CSV", href=f"/support/audit.csv?table={table}&record={record_id}", download=""),
            ".",
        ],
        color="success",
        className="mb-0",
    )
    return message, False, record_options(record_type), NEW
