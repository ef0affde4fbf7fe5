"""/briefing: the CYP Board briefing pack, one click away (PDF, PowerPoint, workbook).

The page only collects the request and shows the job: dashboard.exports.briefing validates and
builds, dashboard.exports.jobs runs it in the background and keeps its state on disk (any
server process can answer the polls), and /briefing/files/ serves the files.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.components.live import page_ids
from dashboard.dates import INPUT_EXAMPLE, input_text
from dashboard.exports import jobs
from dashboard.exports.briefing import ENGLAND, SECTIONS, BriefingError, default_period, validate
from dashboard.filters import parse_query
from data_access.reference.regions import REGIONS

PAGE = "briefing"
ids = page_ids(PAGE)
POLL_MS = 600

dash.register_page(
    __name__,
    path="/briefing",
    name="Briefing",
    order=21,
    title="Briefing pack - RIA children's services dashboard",
)

REGION_OPTIONS = [{"label": ENGLAND, "value": ENGLAND}] + [{"label": r.name, "value": r.name} for r in REGIONS]
SECTION_LABELS = {
    "headline": "Headline: where the region stands",
    "map": "Map of latest overall grades",
    "distribution": "Distribution of grades over time",
    "leadership": "Leadership improvement, with the LAs",
    "transitions": "Grade transitions",
    "since": "Changes since the 'from' date",
    "activity": "Peer challenges and interventions (when there are any)",
}
FORMAT_LABELS = {"pdf": "PDF (A4)", "pptx": "PowerPoint (16:9)", "xlsx": "Data workbook (Excel)"}
FILE_LABELS = {"pdf": "Download the PDF", "pptx": "Download the PowerPoint deck", "xlsx": "Download the workbook"}


def _field(field_id: str, label: str, control, hint: str = "") -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=field_id, className="fw-bold"),
            control,
            html.Div(hint, className="form-text", id=f"{field_id}-hint") if hint else None,
        ],
        md=4,
    )


def layout(**query) -> html.Div:
    filters, _ = parse_query({k: v for k, v in query.items() if k == "region"})
    start, end = default_period()
    return html.Div(
        [
            html.H1("Briefing pack"),
            html.P(
                "A pack for the Children and Young People Board: the same numbers as the dashboard, for one "
                "region (or England) and the judgements published in a period. Choose what goes in, build it, "
                "and download the files when they are ready (a minute at most; you can go on using the page)."
            ),
            html.Form(
                [
                    dbc.Row(
                        [
                            _field(
                                ids("region"),
                                "Region",
                                dbc.Select(id=ids("region"), options=REGION_OPTIONS, value=filters.region_name),
                            ),
                            _field(
                                ids("from"),
                                "Published from",
                                dbc.Input(id=ids("from"), type="text", value=input_text(start), inputMode="numeric"),
                                f"Day first, for example {INPUT_EXAMPLE}",
                            ),
                            _field(
                                ids("to"),
                                "Published to",
                                dbc.Input(id=ids("to"), type="text", value=input_text(end), inputMode="numeric"),
                                f"Day first, for example {INPUT_EXAMPLE}",
                            ),
                        ],
                        className="g-3 mb-3",
                    ),
                    dbc.Row(
                        [
                            dbc.Col(
                                html.Fieldset(
                                    [
                                        html.Legend("Sections", className="fs-6 fw-bold"),
                                        dbc.Checklist(
                                            id=ids("sections"),
                                            options=[{"label": SECTION_LABELS[k], "value": k} for k in SECTIONS],
                                            value=list(SECTIONS),
                                        ),
                                    ]
                                ),
                                md=6,
                            ),
                            dbc.Col(
                                html.Fieldset(
                                    [
                                        html.Legend("Files", className="fs-6 fw-bold"),
                                        dbc.Checklist(
                                            id=ids("formats"),
                                            options=[{"label": v, "value": k} for k, v in FORMAT_LABELS.items()],
                                            value=["pdf", "pptx", "xlsx"],
                                        ),
                                    ]
                                ),
                                md=6,
                            ),
                        ],
                        className="g-3 mb-3",
                    ),
                    dbc.Button("Build the pack", id=ids("build"), color="primary", type="button", n_clicks=0),
                ],
                id=ids("form"),
                noValidate=True,
            ),
            html.Div(id=ids("alert"), className="mt-3", role="alert", **{"aria-live": "assertive"}),
            html.Div(
                [
                    html.P(id=ids("step"), className="mb-1", role="status", **{"aria-live": "polite"}),
                    dbc.Progress(id=ids("progress"), value=0, striped=True, animated=True, label=""),
                ],
                id=ids("progress-box"),
                className="mt-3",
                hidden=True,
            ),
            html.Div(id=ids("files"), className="mt-3"),
            dcc.Store(id=ids("job")),
            dcc.Store(id=ids("ahead")),
            dcc.Interval(id=ids("poll"), interval=POLL_MS, disabled=True),
        ]
    )


def file_links(job_id: str, files: list[str]) -> html.Div:
    items = [
        html.Li(html.A(FILE_LABELS[name.rsplit(".", 1)[1]], href=f"/briefing/files/{job_id}/{name}", download=name))
        for name in files
    ]
    return html.Div([html.H2("Your pack is ready", className="h5"), html.Ul(items, className="briefing-files")])


@callback(
    Output(ids("ahead"), "data"),
    Input(ids("region"), "value"),
    Input(ids("from"), "value"),
    Input(ids("to"), "value"),
    Input(ids("sections"), "value"),
    Input(ids("formats"), "value"),
)
def draw_ahead(region, date_from, date_to, sections, formats):
    """A valid request's charts start drawing as soon as it is set, so "Build" finds them drawn."""
    try:
        request = validate(region or ENGLAND, date_from, date_to, sections or [], formats or [])
    except BriefingError:
        return None
    jobs.draw_ahead(request)
    return request.file_stem


@callback(
    Output(ids("job"), "data"),
    Output(ids("poll"), "disabled"),
    Output(ids("alert"), "children"),
    Output(ids("progress-box"), "hidden"),
    Output(ids("files"), "children"),
    Output(ids("step"), "children"),
    Output(ids("progress"), "value"),
    Input(ids("build"), "n_clicks"),
    State(ids("region"), "value"),
    State(ids("from"), "value"),
    State(ids("to"), "value"),
    State(ids("sections"), "value"),
    State(ids("formats"), "value"),
    prevent_initial_call=True,
)
def build(_clicks, region, date_from, date_to, sections, formats):
    """Check the request and start its job; a request that cannot be met is a message, not a job."""
    try:
        request = validate(region or ENGLAND, date_from, date_to, sections or [], formats or [])
    except BriefingError as error:
        return None, True, dbc.Alert(str(error), color="danger", className="mb-0"), True, None, "", 0
    job_id = jobs.start(request)
    return job_id, False, None, False, None, "Starting", 0


@callback(
    Output(ids("progress"), "value", allow_duplicate=True),
    Output(ids("progress"), "label"),
    Output(ids("step"), "children", allow_duplicate=True),
    Output(ids("files"), "children", allow_duplicate=True),
    Output(ids("alert"), "children", allow_duplicate=True),
    Output(ids("poll"), "disabled", allow_duplicate=True),
    Output(ids("progress-box"), "hidden", allow_duplicate=True),
    Input(ids("poll"), "n_intervals"),
    State(ids("job"), "data"),
    prevent_initial_call=True,
)
def poll(_ticks, job_id):
    """The job's step and progress; its links when done, its message when it failed."""
    if not job_id:
        return no_update, no_update, no_update, no_update, no_update, True, no_update
    job = jobs.status(job_id)
    if job is None:
        message = dbc.Alert("This pack is no longer available: build it again.", color="warning", className="mb-0")
        return 0, "", "", None, message, True, True
    percent = int(job.get("percent", 0))
    if job["state"] == "done":
        return 100, "100%", "Ready.", file_links(job_id, job["files"]), None, True, False
    if job["state"] == "error":
        message = dbc.Alert(job.get("error") or "The pack could not be built.", color="danger", className="mb-0")
        return 0, "", "Stopped.", None, message, True, True
    return percent, f"{percent}%", f"{job.get('step', 'Working')}...", no_update, no_update, False, False
