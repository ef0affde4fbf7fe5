"""Page state: filter controls <-> one store holding the canonical query string <-> the URL.

Each page keeps its filters in a `dcc.Store` (the query string). Changing a control updates the
store; a small browser-side callback pushes the new query string into the address bar
(history.pushState), so the link can be shared and Back returns to the previous view (Dash's
page router then renders the page from that query string).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from dashboard import dates
from dashboard.context import store_url
from dashboard.filters import EARLIEST, FRAMEWORK_CHOICES, MAP_COLOURS, MAP_KINDS, Filters, parse_query, query_key
from data_access import queries
from data_access.areas import HEADLINE_AREAS
from data_access.reference.local_authorities import LA_BY_ONS, LOCAL_AUTHORITIES
from data_access.reference.regions import REGION_BY_CODE, REGIONS, members

DATE_FIELDS = ("date_from", "date_to")
PERIOD = "period"  # the quick choice of dates: a control of the bar, not a filter of its own


def filters_from_store(query: str | None) -> Filters:
    return parse_query(dict(parse_qsl((query or "").lstrip("?"))))[0]


def control_id(page: str, field: str) -> str:
    return f"{page}-filter-{field}"


def store_id(page: str) -> str:
    return f"{page}-filters"


def notice_id(page: str) -> str:
    """Where the filter bar says what it did with a choice (a date it could not read, a region
    that followed an LA)."""
    return f"{page}-filter-notice"


def publication_span() -> tuple[date | None, date | None]:
    """The first and latest publication dates in the store (None, None when it holds none)."""
    published = queries.inspections(store_url())["published_date"].dropna()
    if published.empty:
        return None, None
    return published.min().date(), published.max().date()


def period_choices(today: date | None = None) -> dict[str, str]:
    """The period list's choices: all dates, the last 3 months, each financial year in the data."""
    return dates.financial_year_choices(*publication_span(), today or date.today())


def la_options(region: str) -> tuple[dict[str, str], str]:
    """The LA list for a region (every current LA for England), and the text of its "" choice."""
    las = sorted((la for la in LOCAL_AUTHORITIES if la.current), key=lambda la: la.name)
    if region:
        las = [la for la in las if la.region_code in members(region)]
        first = f"All local authorities in {REGION_BY_CODE[region].name}"
    else:
        first = "All local authorities"
    return {"": first} | {la.ons_code: la.name for la in las}


def _options(choices: dict[str, str]) -> list[dict]:
    return [{"label": text, "value": key} for key, text in choices.items()]


def _labelled(page: str, field: str, label, control) -> dbc.Col:
    return dbc.Col(
        [dbc.Label(label, html_for=control_id(page, field), className="fw-bold"), control],
        xs=12,
        sm=6,
        lg="auto",
        className="mb-2 filter-field",
    )


def _select(page: str, field: str, value: str, options: dict[str, str]):
    # dbc.Select renders a hidden placeholder <option value="">: without placeholder text, the "" choice
    # (e.g. "England (all regions)") shows as a blank box.
    return dbc.Select(
        id=control_id(page, field),
        value=value,
        placeholder=options.get(""),
        options=[{"label": text, "value": key} for key, text in options.items()],
    )


def _control(page: str, field: str, filters: Filters):
    if field == "region":
        options = {"": "England (all regions)"} | {r.code: r.name for r in REGIONS}
        return _labelled(page, field, "Region", _select(page, field, filters.region, options))
    if field == "la":  # narrowed to the chosen region
        return _labelled(page, field, "Local authority", _select(page, field, filters.la, la_options(filters.region)))
    if field == "framework":
        return _labelled(page, field, "Framework", _select(page, field, filters.framework, FRAMEWORK_CHOICES))
    if field == "area":
        return _labelled(page, field, "Judgement area", _select(page, field, filters.area, HEADLINE_AREAS))
    if field == PERIOD:
        today = date.today()
        choices = period_choices(today)
        value = dates.choice_for_period(filters.date_from, filters.date_to, today, choices, publication_span()[1])
        return _labelled(page, field, "Period", _select(page, field, value, choices))
    if field in DATE_FIELDS:
        # A text field read day first on the server: a browser's date field follows its locale
        # (mm/dd/yyyy in en-US). debounce: applied on Enter or on leaving the field (Tab).
        label = "Published from" if field == "date_from" else "Published to"
        return _labelled(
            page,
            field,
            [label, " ", html.Span(f"({dates.INPUT_FORMAT})", className="fw-normal")],  # the format is in its name
            dbc.Input(
                id=control_id(page, field),
                type="text",
                value=dates.input_text(getattr(filters, field)),
                placeholder=dates.INPUT_FORMAT,
                autocomplete="off",
                debounce=True,
                className="date-field",
            ),
        )
    if field == "colour":
        return _labelled(page, field, "Colour the map by", _select(page, field, filters.colour, MAP_COLOURS))
    if field == "map":
        return _labelled(
            page,
            field,
            "Map",
            dbc.RadioItems(
                id=control_id(page, field),
                value=filters.map,
                inline=True,
                options=[{"label": text, "value": key} for key, text in MAP_KINDS.items()],
            ),
        )
    if field == "predecessors":
        return _labelled(
            page,
            field,
            "Reorganised LAs",
            dbc.Checkbox(
                id=control_id(page, field), value=filters.predecessors, label="Compare with predecessor authorities"
            ),
        )
    raise ValueError(field)


def filter_bar(page: str, filters: Filters, fields: tuple[str, ...], notices: list[str]) -> html.Div:
    """The filter controls of a page, its state store, and any notice about ignored link values."""
    return html.Div(
        [
            html.Section(
                dbc.Row([_control(page, f, filters) for f in bar_fields(fields)], className="g-3 align-items-end"),
                className="filter-bar mb-3",
                **{"aria-label": "Filters"},
            ),
            html.Div(
                [dbc.Alert(n, color="warning", className="py-2 mb-2") for n in notices],
                id=f"{page}-notices",
                role="status",
            ),
            html.Div(id=notice_id(page), role="status", **{"aria-live": "polite"}),
            dcc.Store(id=store_id(page), data=filters.to_query()),
            html.Div(id=f"{page}-url-sink", hidden=True),
        ]
    )


def bar_fields(fields: tuple[str, ...]) -> tuple[str, ...]:
    """The controls of a bar for a page's filter fields: the period list comes before the dates."""
    if "date_from" not in fields:
        return fields
    at = fields.index("date_from")
    return (*fields[:at], PERIOD, *fields[at:])


def _control_value(filters: Filters, field: str):
    value = getattr(filters, field)
    if field in DATE_FIELDS:
        return dates.input_text(value)
    return value


def _date_value(text, previous: date | None, today: date, notices: list[str]) -> str:
    """A date field's text as ISO for parse_query; what cannot be read keeps `previous`, with a notice."""
    try:
        day = dates.parse_uk_date(text)
    except ValueError:
        notices.append(
            f"Could not read {str(text)[:40]!r} as a date: type it day first, "
            f"{dates.INPUT_FORMAT} (e.g. {dates.INPUT_EXAMPLE} is 1 April 2024)."
        )
        day = previous
    else:
        if day is not None and not EARLIEST <= day <= today:
            notices.append(
                f"{dates.long_date(day)} is outside the dates inspections can be published in "
                f"(1 January {EARLIEST.year} to today), so it was not applied."
            )
            day = previous
    return day.isoformat() if day else ""


def chosen_query(
    fields: tuple[str, ...],
    values: dict,
    triggered: str | None,
    previous: Filters,
    today: date,
    data_date: date | None = None,
) -> tuple[str, list[str]]:
    """The query string for the controls' values once the user has changed the `triggered` control
    (a field name, or PERIOD), and what to tell them about it.

    Dates are read day first (dashboard.dates); a quick period replaces both dates; a new region
    drops an LA outside it; an LA from another region (or from England) brings its region along,
    and says so rather than switching the region silently.
    """
    chosen = dict(values)
    notices: list[str] = []
    if triggered == PERIOD:
        period = dates.period_for_choice(chosen.get(PERIOD) or "", today, data_date)
        if period is not None:
            chosen["date_from"], chosen["date_to"] = (d.isoformat() if d else "" for d in period)
    for field in DATE_FIELDS:
        if field in chosen:
            chosen[field] = _date_value(chosen[field], getattr(previous, field), today, notices)
    la = LA_BY_ONS.get(chosen.get("la") or "")
    if triggered == "region" and chosen.get("la") and (la is None or la.region_code != chosen.get("region")):
        chosen["la"] = ""  # a new region drops an LA outside it
    elif triggered == "la" and la is not None and "region" in chosen and la.region_code != chosen["region"]:
        region = REGION_BY_CODE[la.region_code].name
        was = f" (it was {REGION_BY_CODE[chosen['region']].name})" if chosen["region"] else ""
        notices.append(f"{la.name} is in {region}, so the region filter is now {region}{was}.")
        chosen["region"] = la.region_code
    params = {query_key(f): ("1" if v else "0") if f == "predecessors" else (v or "") for f, v in chosen.items()}
    filters, ignored = parse_query({k: v for k, v in params.items() if k != PERIOD}, today=today)
    return filters.to_query(), notices + ignored


def _notices(texts: list[str]) -> list:
    return [dbc.Alert(text, color="info", className="py-2 mb-2") for text in texts]


def register_filter_sync(page: str, fields: tuple[str, ...]) -> None:
    """Controls <-> store (server side, one parser), store -> address bar (browser side).

    The store also changes from the browser when Back/Forward stays on the same page
    (assets/ria.js sets it from the URL); the controls then follow the store. The LA list
    follows the region, and the period list the dates.
    """
    shown_fields = bar_fields(fields)
    controls = [control_id(page, f) for f in shown_fields]
    la_list = [Output(control_id(page, "la"), "options"), Output(control_id(page, "la"), "placeholder")]
    narrows = "la" in fields and "region" in fields

    def shown(filters: Filters, today: date) -> list:
        values = []
        for field in shown_fields:
            if field == PERIOD:
                choices = period_choices(today)
                latest = publication_span()[1]
                values.append(dates.choice_for_period(filters.date_from, filters.date_to, today, choices, latest))
            else:
                values.append(_control_value(filters, field))
        return values

    def la_list_for(filters: Filters, region_before: str) -> list:
        if not narrows:
            return []
        if filters.region == (region_before or ""):
            return [no_update, no_update]
        options = la_options(filters.region)
        return [_options(options), options[""]]

    @callback(
        Output(store_id(page), "data"),
        [Output(c, "value") for c in controls],
        *(la_list if narrows else []),
        Output(notice_id(page), "children"),
        Input(store_id(page), "data"),
        [Input(c, "value") for c in controls],
        prevent_initial_call=True,
    )
    def _sync(query, *values):
        today = date.today()
        before = filters_from_store(query)
        if ctx.triggered_id == store_id(page):  # Back/Forward: the controls follow the URL
            region_shown = dict(zip(shown_fields, values, strict=True)).get("region")
            return no_update, *shown(before, today), *la_list_for(before, region_shown), []
        triggered = next((f for f in shown_fields if control_id(page, f) == ctx.triggered_id), None)
        new_query, notices = chosen_query(
            shown_fields, dict(zip(shown_fields, values, strict=True)), triggered, before, today, publication_span()[1]
        )
        filters = filters_from_store(new_query)
        # Controls show the normalised values (an LA brings its region with it, dates day first).
        now = shown(filters, today)
        return (
            new_query if new_query != (query or "") else no_update,
            *[v if v != old else no_update for v, old in zip(now, values, strict=True)],
            *la_list_for(filters, before.region),
            _notices(notices),
        )

    clientside_callback(
        ClientsideFunction(namespace="ria", function_name="pushQuery"),
        Output(f"{page}-url-sink", "children"),  # nothing to show: the URL changes in the browser
        Input(store_id(page), "data"),
        State(store_id(page), "id"),
    )
