"""The frame around every page: skip link, header and navigation, demo banner, stale-data notice, footer."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.context import store_url
from dashboard.first_render import page_container
from dashboard.views.freshness import coverage_notice, stale_notice
from data_access import queries


def nav_pages() -> list[tuple[str, str]]:
    """(name, path) of the pages registered with `nav=True`, in their `order`."""
    pages = [p for p in dash.page_registry.values() if p.get("nav")]
    return [(p["name"], p["path"]) for p in sorted(pages, key=lambda p: p["order"])]


def demo_banner(status: dict) -> html.Div | None:
    if not status["demo"]:
        return None
    return html.Div(
        dbc.Container(
            [
                html.Strong("Demo data. "),
                "These numbers are invented, not Ofsted's. Load the real Ofsted files to see real "
                "judgements (see Methods).",
            ]
        ),
        className="demo-banner",
        role="note",
        id="demo-banner",
    )


def stale_data_notice(status: dict) -> html.Div | None:
    """A calm line when the data runs to a date long past: "now" on every page means that date.
    (Not over demo data: its dates are invented, and the demo banner already asks for real files.)"""
    text = None if status["demo"] else stale_notice()
    if text is None:
        return None
    return html.Div(
        dbc.Container([f"{text}. ", dcc.Link("How the dates work", href="/methods#as-at-the-data")]),
        className="stale-notice",
        role="note",
        id="stale-notice",
    )


def provisional_notice(status: dict) -> html.Div | None:
    """With provisional rows loaded (the scraped report list), how far official and provisional data
    each run, on every page: provisional judgements are labelled so wherever they are listed."""
    text = None if status["demo"] else coverage_notice()
    if text is None:
        return None
    return html.Div(
        dbc.Container(
            [f"{text} (provisional: read from published reports, not yet in Ofsted's official files). "]
            + [dcc.Link("About provisional data", href="/methods#as-at-the-data")]
        ),
        className="stale-notice",
        role="note",
        id="provisional-notice",
    )


def footer(status: dict) -> html.Footer:
    latest = queries.inspections(store_url())["published_date"].max()
    data_date = latest.strftime("%-d %B %Y") if latest is not None and latest == latest else "no data loaded"
    return html.Footer(
        dbc.Container(
            [
                html.P(
                    [
                        f"Latest publication in the data: {data_date}. ",
                        "Source: ",
                        html.A(
                            "Ofsted, local authority children's services inspection outcomes",
                            href="https://www.gov.uk/government/statistical-data-sets/"
                            "childrens-social-care-data-in-england",
                        ),
                        " (Open Government Licence v3.0).",
                    ]
                ),
                html.P(
                    [
                        dcc.Link("Methods and sources", href="/methods"),
                        " · ",
                        dcc.Link("Accessibility", href="/accessibility"),
                    ]
                ),
            ]
        ),
        className="site-footer mt-5 py-3",
    )


def shell() -> html.Div:
    """Built per page load, so the banner and footer reflect what the store holds now."""
    status = queries.store_status(store_url())
    return html.Div(
        [
            html.A("Skip to main content", href="#main", className="skip-link"),
            html.Header(
                [
                    dbc.Navbar(
                        dbc.Container(
                            [
                                dcc.Link(
                                    "RIA children's services dashboard", href="/", className="navbar-brand fw-bold"
                                ),
                                html.Nav(
                                    html.Ul(
                                        [
                                            html.Li(
                                                dcc.Link(text, href=href, className="nav-link"), className="nav-item"
                                            )
                                            for text, href in nav_pages()
                                        ]
                                        + [
                                            # Opens the meeting slides for the region the page
                                            # shows (assets/present.js sets the region).
                                            html.Li(
                                                html.A("Present", href="/present", className="nav-link present-link"),
                                                className="nav-item",
                                            ),
                                            # The briefing pack, for the same region.
                                            html.Li(
                                                html.A(
                                                    "Briefing", href="/briefing", className="nav-link briefing-link"
                                                ),
                                                className="nav-item",
                                            ),
                                        ],
                                        className="navbar-nav flex-row flex-wrap gap-2",
                                    ),
                                    **{"aria-label": "Main"},
                                ),
                            ],
                            fluid=True,
                        ),
                        color="dark",
                        dark=True,
                        className="site-header",
                    ),
                    demo_banner(status),
                    stale_data_notice(status),
                    provisional_notice(status),
                ]
            ),
            html.Main(dbc.Container(page_container(), fluid=True, className="pt-3"), id="main", tabIndex=-1),
            footer(status),
        ]
    )
