"""One local authority's profile: current grades, every inspection and visit, support and intervention.

The address is /la/<ONS code>, e.g. /la/E08000003. An unknown code gets a friendly page with a
way back, never an error; an old code of a recoded authority shows today's authority.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import State, dcc, html

from dashboard.cache import cached_view
from dashboard.components.chart_card import FilterSource, chart_card, data_url, register_table, view_table
from dashboard.components.deferred import deferred
from dashboard.components.table import data_table
from dashboard.components.tabs import tab_button_id
from dashboard.filters import Filters, region_slug
from dashboard.views import View, support
from dashboard.views.authority import TIMELINE, current_grades, find_authority
from dashboard.views.freshness import as_at_text
from dashboard.views.links import ofsted_pages
from dashboard.views.neighbours import COMPARISON, NEIGHBOURS
from data_access.metrics import support as support_measure
from data_access.reference.local_authorities import (
    LA_BY_ONS,
    LOCAL_AUTHORITIES,
    REORGANISATIONS,
    LocalAuthorityFact,
)
from data_access.reference.regions import REGION_BY_CODE, REGIONS

PAGE = "authority"
SITE = "RIA children's services dashboard"
CODE_STORE = f"{PAGE}-code"


def title(code: str | None = None) -> str:
    la = find_authority(code)
    return f"{la.name} - local authority profile - {SITE}" if la else f"Local authority not found - {SITE}"


dash.register_page(__name__, path_template="/la/<code>", name="Local authority profile", title=title, charts=True)


# -- data ------------------------------------------------------------------------------------------


def neighbours(la: LocalAuthorityFact) -> tuple[LocalAuthorityFact | None, LocalAuthorityFact | None]:
    """The previous and next current LA in the same region, alphabetically."""
    same = sorted(
        (x for x in LOCAL_AUTHORITIES if x.current and x.region_code == la.region_code), key=lambda x: x.name.casefold()
    )
    if la not in same:
        return None, None
    i = same.index(la)
    return (same[i - 1] if i > 0 else None), (same[i + 1] if i + 1 < len(same) else None)


def _link(la: LocalAuthorityFact) -> dcc.Link:
    return dcc.Link(la.name, href=f"/la/{la.ons_code}")


def _join(items: list) -> list:
    joined: list = []
    for i, item in enumerate(items):
        joined += ([" and " if i == len(items) - 1 else ", "] if i else []) + [item]
    return joined


def reorganisation_notes(la: LocalAuthorityFact) -> list:
    """Sentences about mergers, splits and recodes involving this LA, with links to the others."""
    notes = []
    changes = [r for r in REORGANISATIONS if r.kind != "recode"]
    abolished = [r for r in changes if r.predecessor_ons == la.ons_code]
    if abolished:
        successors = [LA_BY_ONS[r.successor_ons] for r in abolished]
        notes.append(
            html.P(
                [f"{la.name} was replaced on {abolished[0].effective:%-d %B %Y} by "]
                + _join([_link(s) for s in successors])
                + [". Its inspections stay here, with the former authority."]
            )
        )
    created = [r for r in changes if r.successor_ons == la.ons_code]
    if created:
        before = sorted(
            {LA_BY_ONS[r.predecessor_ons] for r in created if r.predecessor_ons in LA_BY_ONS}, key=lambda x: x.name
        )
        notes.append(
            html.P(
                [f"{la.name} was formed on {created[0].effective:%-d %B %Y}"]
                + ([" from "] + _join([_link(b) for b in before]) if before else [])
                + [
                    ". Their inspections are on their own pages; the leadership measure can "
                    "compare with them (see Methods)."
                ]
            )
        )
    recoded = [r for r in REORGANISATIONS if r.kind == "recode" and r.successor_ons == la.ons_code]
    for r in recoded:
        notes.append(
            html.P(f"{r.note} on {r.effective:%-d %B %Y} (old code {r.predecessor_ons}); its history is shown here.")
        )
    return notes


# -- sections ----------------------------------------------------------------------------------------


def grade_cards(la: LocalAuthorityFact) -> list:
    current = current_grades(la.ons_code)
    if current.empty:
        return [html.P(f"No graded inspections are recorded for {la.name}.")]
    cards = []
    for row in current.to_dict("records"):
        published = row["Published"]
        detail = f"{row['Framework']} {row['Inspection'].lower()}, published " + (
            f"{published:%-d %B %Y}" if pd.notna(published) else "(date not given)"
        )
        body = [
            html.H3(row["Area"], className="kpi-label"),
            html.P(row["Grade"], className="h3 fw-bold mb-1"),
            html.P(detail, className="kpi-detail"),
        ]
        if row["Note"]:
            body.append(html.P(row["Note"][0].upper() + row["Note"][1:] + ".", className="kpi-detail"))
        cards.append(
            dbc.Col(
                dbc.Card(dbc.CardBody(body), className="kpi-card grade-card h-100"),
                xs=12,
                sm=6,
                lg=4,
                xxl=True,
                className="mb-3",
            )
        )
    return [dbc.Row(cards)]


def support_section(la: LocalAuthorityFact, view: View, heading: str, section: str, empty: str, *extra) -> html.Section:
    """One LA support view as a table (or a sentence saying there is none), its summary and CSV."""
    filters = Filters(la=la.ons_code)
    result = view.result(filters)
    if result.frame.empty:
        body = [html.P(f"No {empty} recorded for {la.name}.", className="empty-state")]
    else:
        body = [
            html.P(result.summary, className="small"),
            data_table(result.shown_frame, caption=f"{view.full_title(filters)}, newest first ({len(result.frame)})"),
            html.P(
                [
                    html.A(
                        ["Download CSV", html.Span(f" of {heading}: {la.name}", className="visually-hidden")],
                        href=data_url(view, filters, "csv"),
                        download=view.file_name(filters, "csv"),
                    )
                ],
                className="small mt-2",
            ),
        ]
    return html.Section([html.H2(heading, className="h4"), *extra, *body], id=f"{PAGE}-{section}", className="mb-4")


def support_sections(la: LocalAuthorityFact) -> list:
    """Peer challenges, interventions, programme participation and the "did support help?" rows,
    each from its view (dashboard/views/support.py): no query here."""
    return [
        support_section(
            la, support.LA_PEER_CHALLENGES, "Peer challenges", "peer-challenges", "peer challenges or diagnostics are"
        ),
        support_section(la, support.LA_INTERVENTIONS, "Interventions", "interventions", "interventions are"),
        support_section(
            la,
            support.LA_PROGRAMME,
            "Leadership programme participation",
            "programme-activity",
            "leadership programme participation is",
        ),
        support_section(
            la,
            support.LA_SUPPORT_CONTEXT,
            "Did support help?",
            "support-context",
            "ILACS leadership judgements with a previous grade are",
            html.P(
                [
                    html.Strong("Read with care. "),
                    support_measure.CAUTION,
                    " ",
                    dcc.Link("Every region and England", href="/support#support-did-it-help"),
                    ".",
                ],
                className="small text-body-secondary",
            ),
        ),
        html.P(
            [
                "Support records are what RIAs entered; there is no national dataset. ",
                dcc.Link("Add or correct a record", href="/support/records"),
                ".",
            ],
            className="small",
        ),
    ]


def _neighbour_row(row: dict, columns: list[str]) -> html.Tr:
    """One row; the LA's own row is marked in words ("this LA") and in bold, not by colour alone."""
    own = bool(row["this_la_key"])
    cells = []
    for column in columns:
        value = row[column]
        if column == "Local authority":
            value = html.Strong(f"{value} (this LA)") if own else dcc.Link(value, href=f"/la/{row['ONS code']}")
        cells.append(html.Th(value, scope="row") if column == "Rank" else html.Td(value))
    return html.Tr(cells, className="neighbour-row this-la table-active fw-bold" if own else "neighbour-row")


def neighbours_section(la: LocalAuthorityFact) -> html.Section:
    """The LA and its statistical neighbours with their grades, then the group against region and England."""
    filters = Filters(la=la.ons_code)
    result = NEIGHBOURS.result(filters)
    section_id = f"{PAGE}-neighbours"
    heading = html.H2("Statistical neighbours", className="h4")
    if result.frame.empty:
        text = result.summary if la.current else f"{la.name} is a former authority: DfE's models list current LAs."
        return html.Section([heading, html.P(text, className="empty-state")], id=section_id, className="mb-4")
    shown = result.shown_frame
    columns = list(shown.columns)
    table = html.Table(
        [
            html.Caption(f"{la.name} (first row, this LA) and its statistical neighbours by rank"),
            html.Thead(html.Tr([html.Th(c, scope="col") for c in columns])),
            html.Tbody([_neighbour_row(row, columns) for row in result.frame.to_dict("records")]),
        ],
        className="table table-sm neighbours-table",
        id=f"{PAGE}-neighbours-table",
    )
    versus = COMPARISON.result(filters)
    return html.Section(
        [
            heading,
            html.P(result.summary),
            html.P(result.notes[0], className="small text-body-secondary"),
            html.Div(table, className="table-responsive"),
            html.H3("Neighbours against the region and England", className="h5 mt-3"),
            html.P(versus.summary),
            data_table(
                versus.shown_frame,
                caption=f"Latest grades and leadership change: {la.name}'s statistical neighbours, "
                f"{REGION_BY_CODE[la.region_code].name} and England (current LAs)",
                table_id=f"{PAGE}-neighbour-comparison-table",
            ),
            html.P(
                [
                    "Download: ",
                    html.A("neighbours (CSV)", href=f"/data/{NEIGHBOURS.name}.csv?la={la.ons_code}"),
                    ", ",
                    html.A("comparison (CSV)", href=f"/data/{COMPARISON.name}.csv?la={la.ons_code}"),
                    ".",
                ],
                className="small",
            ),
        ],
        id=section_id,
        className="mb-4",
    )


def profile_nav(la: LocalAuthorityFact) -> html.Nav:
    region = REGION_BY_CODE[la.region_code]
    before, after = neighbours(la)
    items = []
    if before:
        items.append(html.Li(["Previous in region: ", _link(before)], className="me-4"))
    items.append(
        html.Li(dcc.Link(f"{region.name} overview", href=f"/?region={region_slug(region.code)}"), className="me-4")
    )
    if after:
        items.append(html.Li(["Next in region: ", _link(after)]))
    return html.Nav(
        html.Ul(items, className="list-unstyled d-flex flex-wrap mb-3"),
        **{"aria-label": f"Other local authorities in {region.name}"},
        id=f"{PAGE}-nav",
    )


def ofsted_page_link(la: LocalAuthorityFact) -> list:
    """A link to the LA's page on Ofsted's reports site (every report), when a loaded file gave it."""
    address = ofsted_pages().get(la.ons_code)
    if not address:
        return []
    link = html.A(
        [f"{la.name}'s reports on Ofsted's website", html.Span(" (opens in a new tab)", className="link-new-tab")],
        href=address,
        target="_blank",
        rel="noopener noreferrer",
    )
    return [html.P(["Every inspection report: ", link, "."], id=f"{PAGE}-ofsted-page")]


def profile(la: LocalAuthorityFact) -> html.Div:
    region = REGION_BY_CODE[la.region_code]
    filters = Filters(la=la.ons_code)
    result = TIMELINE.result(filters)
    result_frame = result.frame
    status = "" if la.current else " (former authority)"
    return html.Div(
        [
            html.H1(la.name, id=f"{PAGE}-heading"),
            html.P(
                f"Children's services profile{status}: {region.name} region; ONS code {la.ons_code}; "
                f"DfE code {la.dfe_code}.",
                className="lead-text",
            ),
            profile_nav(la),
            *ofsted_page_link(la),
            *reorganisation_notes(la),
            html.Section(
                [
                    html.H2("Current grades" if la.current else "Last grades", className="h4"),
                    html.P(
                        [
                            f"Each area's grade from {la.name}'s latest standard or short inspection, as at "
                            f"{as_at_text()}. An area that inspection did not grade on its own is shown as not "
                            "graded, never taken from an earlier inspection (",
                            dcc.Link("Methods", href="/methods#current-grades"),
                            ").",
                        ],
                        className="small text-body-secondary",
                    ),
                    *grade_cards(la),
                ],
                id=f"{PAGE}-current",
                className="mb-3",
            ),
            chart_card(TIMELINE, filters, height=result.extra["height"]),
            neighbours_section(la),
            deferred(
                html.Div(
                    [
                        html.Section(
                            [
                                html.H2("Every inspection and visit", className="h4"),
                                data_table(
                                    result_frame,
                                    caption=f"Every inspection and visit of {la.name}, newest first "
                                    f"({len(result_frame)})",
                                    table_id=f"{PAGE}-inspections-table",
                                ),
                            ],
                            id=f"{PAGE}-inspections",
                            className="mb-4",
                        ),
                        *support_sections(la),
                    ]
                ),
                label="every inspection and visit, peer challenges, interventions and programme activity",
                min_height="32rem",
            ),
            dcc.Store(id=CODE_STORE, data=la.ons_code),
        ]
    )


def not_found(code: str | None) -> html.Div:
    shown = (code or "")[:40]
    message = (
        f"There is no local authority with the code \u201c{shown}\u201d." if shown else "No local authority was named."
    )
    return html.Div(
        [
            html.H1("Local authority not found", id=f"{PAGE}-heading"),
            html.P(
                [
                    message,
                    " Profiles are at /la/ followed by the ONS code, for example ",
                    dcc.Link("/la/E08000003", href="/la/E08000003"),
                    " for Manchester.",
                ],
                id=f"{PAGE}-not-found",
            ),
            html.P(dcc.Link("Back to the overview", href="/")),
            html.H2("Choose a local authority", className="h4 mt-4"),
            *[
                html.Details(
                    [
                        html.Summary(f"{region.name} ({len(las)})"),
                        html.Ul([html.Li(_link(la)) for la in las], className="la-list"),
                    ],
                    className="mb-2",
                )
                for region in REGIONS
                for las in [
                    sorted(
                        (x for x in LOCAL_AUTHORITIES if x.current and x.region_code == region.code),
                        key=lambda x: x.name.casefold(),
                    )
                ]
            ],
            # The table callback's components exist on every version of this page (Dash validates
            # callbacks against the layout rendered with no code, which is this one).
            html.Div(
                [dcc.Store(id=CODE_STORE), html.Button(id=tab_button_id(TIMELINE.name, "table"))],
                hidden=True,
            ),
        ]
    )


@cached_view
def _profile_for(filters: Filters) -> html.Div:
    """The profile of the LA `filters.la`, built once per store version (~0.1-0.2 s each)."""
    return profile(LA_BY_ONS[filters.la])


def layout(code: str | None = None, **_query) -> html.Div:
    la = find_authority(code)
    return _profile_for(Filters(la=la.ons_code)) if la else not_found(code)


register_table(
    TIMELINE.name,
    FilterSource(State(CODE_STORE, "data"), lambda code: Filters(la=code or "")),
    lambda filters: view_table(TIMELINE, filters),
)
