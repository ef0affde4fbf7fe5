"""Accessibility statement: what we aim for, how the dashboard meets it, what is not yet right."""

from __future__ import annotations

import os

import dash
from dash import dcc, html

dash.register_page(
    __name__,
    path="/accessibility",
    name="Accessibility",
    order=10,
    title="Accessibility statement - RIA children's services dashboard",
)

# Where to report a problem: set RIA_CONTACT_EMAIL when deploying (no address is invented here).
CONTACT_ENV = "RIA_CONTACT_EMAIL"
EASS = "https://www.equalityadvisoryservice.com/"

MEETS = (
    "Every chart has a Table tab with the same numbers and a Download tab that gives them as CSV. "
    "Each chart also has a one-sentence summary with its key numbers, read out in place of the picture.",
    "Grades and changes are never shown by colour alone: bars and symbols carry text labels (for "
    "example \u201c12 (40%)\u201d or \u201cGood\u201d), symbols differ by shape, and the colours "
    "differ in lightness.",
    "Everything works from the keyboard: a \u201cSkip to main content\u201d link, visible focus, tabs "
    "and filters that are standard controls, table headers that sort with Enter or Space, and lists "
    "that do the same job as clicking a bar.",
    "Tables are real HTML tables with captions and column headers.",
    "Filters are kept in the page address, so a view can be bookmarked or shared and the Back button "
    "returns to the previous view.",
    "Pages reflow down to 320 pixels wide (400% zoom); wide tables scroll inside their own box.",
)
LIMITS = (
    "Inside a chart, individual bars and points cannot be reached by keyboard or read one by one by a "
    "screen reader. Use the Table tab, or the lists under the leadership charts, for the same "
    "information.",
    "Hover details on charts need a mouse; the same details are in the tables.",
    "On the geographic map small authorities are hard to see and select; the hex map and the tables "
    "give every authority equal space.",
    "Downloaded CSV files start with a few lines beginning with # that describe the data; some "
    "spreadsheet programs show these as ordinary rows.",
)


def _contact() -> list:
    email = os.environ.get(CONTACT_ENV, "").strip()
    if email:
        return ["email ", html.A(email, href=f"mailto:{email}")]
    return ["tell the dashboard team at your Regional Improvement Alliance or the Local Government Association"]


def layout(**_query) -> html.Div:
    return html.Div(
        [
            html.H1("Accessibility statement"),
            html.P(
                "This dashboard is for everyone in the Regional Improvement Alliances and the Local "
                "Government Association's Children and Young People Board, including people who use a "
                "screen reader, magnification, speech recognition or only a keyboard."
            ),
            html.H2("Our target", className="h4 mt-4"),
            html.P("We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA."),
            html.H2("How the dashboard meets it", className="h4 mt-4"),
            html.Ul([html.Li(text) for text in MEETS]),
            html.H2("Known limitations", className="h4 mt-4"),
            html.Ul([html.Li(text) for text in LIMITS]),
            html.H2("Reporting a problem", className="h4 mt-4"),
            html.P(
                [
                    "If something does not work for you, or you need the information in another format, ",
                    *_contact(),
                    ". Say which page you were on (copy the address) and what happened. We aim "
                    "to reply within five working days.",
                ]
            ),
            html.P(
                [
                    "If you are not happy with our reply, contact the ",
                    html.A("Equality Advisory and Support Service (EASS)", href=EASS),
                    ".",
                ]
            ),
            html.P(dcc.Link("Back to the overview", href="/")),
        ]
    )
