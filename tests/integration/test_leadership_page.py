"""The Leadership page over HTTP, on the demo store: its tables equal the CLI's numbers.

The app is created before the page module is imported (pages register themselves with the app);
callbacks are called the way the browser calls them, through POST /_dash-update-component.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest

from data_access import queries
from data_access.cli import main
from data_access.metrics import leadership
from tests.dash_client import fetch_download

NW_ARGS = ("--from", "2019-04-01", "--to", "2025-03-31", "--region", "North West")
NW_QUERY = "?region=north-west&from=2019-04-01&to=2025-03-31"
KEYS = ("judgements", "improved", "maintained", "declined", "no_previous", "pct_improved", "pct_maintained_or_improved")
TABLE_COLUMNS = (
    "ILACS leadership judgements",
    "Improved",
    "Maintained",
    "Declined",
    "No previous grade",
    "% improved",
    "% maintained or improved",
)


class Client:
    """Calls callbacks as the browser does (tolerates duplicate registrations from other apps)."""

    def __init__(self, app):
        self.app = app
        self.http = app.server.test_client()
        assert self.http.get("/leadership").status_code == 200  # the first request registers callbacks
        self.dependencies = self.http.get("/_dash-dependencies").get_json()

    def call(self, output_contains: str, inputs: dict[str, Any], state: dict[str, Any] | None = None) -> dict:
        matches = [d for d in self.dependencies if output_contains in d["output"]]
        assert matches, f"no callback outputs {output_contains!r}"
        dep = matches[0]

        def items(specs, values):
            return [
                {"id": s["id"], "property": s["property"], "value": values.get(f"{s['id']}.{s['property']}")}
                for s in specs
            ]

        outputs = [
            {"id": part.split(".")[0], "property": part.split(".")[1]} for part in dep["output"].strip(".").split("...")
        ]
        payload = {
            "output": dep["output"],
            "outputs": outputs if dep["output"].startswith("..") else outputs[0],
            "inputs": items(dep["inputs"], inputs),
            "state": items(dep["state"], state or {}),
            "changedPropIds": [
                f"{s['id']}.{s['property']}" for s in dep["inputs"] if f"{s['id']}.{s['property']}" in inputs
            ],
        }
        response = self.http.post("/_dash-update-component", json=payload)
        assert response.status_code == 200, response.data[:800]
        return response.get_json()["response"]


def _text(node) -> str:
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    return _text(node.get("props", {}).get("children"))


def _find(node, kind: str) -> list[dict]:
    """Every component of a type in a JSON component tree (as the server sends it)."""
    found = []
    if isinstance(node, list):
        for child in node:
            found += _find(child, kind)
    elif isinstance(node, dict):
        if node.get("type") == kind:
            found.append(node)
        for value in node.get("props", {}).values():
            found += _find(value, kind)
    return found


def table_rows(component) -> list[dict[str, str]]:
    """The rows of the (first) HTML table in a component, as {header: cell text}."""
    table = _find(component, "Table")[0]
    headers = [_text(th) for th in _find(_find(table, "Thead"), "Th")]
    return [
        dict(zip(headers, (_text(td) for td in _find(tr, "Td")), strict=True))
        for tr in _find(_find(table, "Tbody"), "Tr")
    ]


def as_metric(row: dict[str, str]) -> dict:
    """A table row in the CLI's JSON shape (counts as ints, percentages as floats or None)."""
    values = {}
    for key, column in zip(KEYS, TABLE_COLUMNS, strict=True):
        cell = row[column].replace(",", "")
        values[key] = (float(cell) if cell else None) if key.startswith("pct") else int(cell)
    return values


@pytest.fixture(scope="module")
def demo(demo_store_url):
    from dashboard import create_app

    return demo_store_url, Client(create_app(demo_store_url))


def cli(monkeypatch, capsys, url: str, *argv: str) -> dict:
    monkeypatch.setenv("DATABASE_URL", url)
    capsys.readouterr()
    assert main(["metrics", "leadership", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def by_year_table(client: Client, query: str) -> list[dict[str, str]]:
    response = client.call(
        "leadership-by-year-table.children",
        {"leadership-filters.data": query, "leadership-by-year-tab-table.n_clicks": 1},  # the Table tab opened
    )
    return table_rows(response["leadership-by-year-table"]["children"])


def by_region_table(client: Client, query: str) -> list[dict[str, str]]:
    response = client.call(
        "leadership-by-region-table.children",
        {"leadership-filters.data": query, "leadership-by-region-tab-table.n_clicks": 1},
    )
    return table_rows(response["leadership-by-region-table"]["children"])


def test_region_and_period_table_equals_the_cli(demo, monkeypatch, capsys):
    url, client = demo
    rows = by_year_table(client, NW_QUERY)
    expected = cli(monkeypatch, capsys, url, *NW_ARGS)
    assert rows[-1]["Financial year"] == "All years in the period"
    assert as_metric(rows[-1]) == expected
    assert expected["judgements"] > 0
    years = rows[:-1]
    assert [r["Financial year"] for r in years] == ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    assert sum(int(r["ILACS leadership judgements"]) for r in years) == expected["judgements"]


def test_each_financial_year_row_equals_the_cli_for_that_year(demo, monkeypatch, capsys):
    url, client = demo
    table = by_year_table(client, "?region=london&from=2018-01-01&to=2026-11-01")
    rows = {r["Financial year"]: r for r in table}
    years = {"2020-21": ("2020-04-01", "2021-03-31"), "2023-24": ("2023-04-01", "2024-03-31")}
    for year, (start, end) in years.items():
        assert as_metric(rows[year]) == cli(
            monkeypatch, capsys, url, "--from", start, "--to", end, "--region", "London"
        )


def test_with_predecessors_equals_the_cli_with_predecessors(demo, monkeypatch, capsys):
    url, client = demo
    query = "?region=south-west&from=2019-04-01&to=2026-10-31&predecessors=1"
    with_them = as_metric(by_year_table(client, query)[-1])
    without = as_metric(by_year_table(client, query.replace("&predecessors=1", ""))[-1])
    args = ("--from", "2019-04-01", "--to", "2026-10-31", "--region", "South West")
    assert with_them == cli(monkeypatch, capsys, url, *args, "--with-predecessors")
    assert without == cli(monkeypatch, capsys, url, *args)
    assert with_them["no_previous"] < without["no_previous"]  # BCP and Dorset compared with predecessors


def test_default_period_is_all_ilacs_years(demo, monkeypatch, capsys):
    url, client = demo
    total = as_metric(by_year_table(client, "?region=north-east")[-1])
    assert total == cli(
        monkeypatch, capsys, url, "--from", "2018-01-01", "--to", date.today().isoformat(), "--region", "North East"
    )


def test_region_table_lists_all_nine_regions_and_england_equal_to_the_cli(demo, monkeypatch, capsys):
    url, client = demo
    rows = by_region_table(client, "?region=north-west&from=2021-04-01&to=2024-03-31")
    assert [r["Region"] for r in rows] == [
        "North East",
        "North West",
        "Yorkshire and The Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
        "England",
    ]
    args = ("--from", "2021-04-01", "--to", "2024-03-31")
    assert as_metric(rows[-1]) == cli(monkeypatch, capsys, url, *args)
    assert as_metric(rows[1]) == cli(monkeypatch, capsys, url, *args, "--region", "North West")
    assert as_metric(rows[6]) == cli(monkeypatch, capsys, url, *args, "--region", "London")


def test_chart_text_shows_counts_beside_percentages_and_the_summary_has_numbers(demo, monkeypatch, capsys):
    url, client = demo
    response = client.call("leadership-by-year-graph.figure", {"leadership-filters.data": NW_QUERY})
    figure = response["leadership-by-year-graph"]["figure"]
    improved = figure["data"][0]
    assert improved["name"] == "Improved"
    labelled = [t for t in improved["text"] if t]
    # "12 (40%)", or "1 of 4" where fewer than 5 had a previous grade (no bare percentage there)
    assert labelled and all(
        (t.split(" (")[0].isdigit() and t.endswith("%)")) or re.fullmatch(r"\d+ of [1-4]", t) for t in labelled
    )
    assert any(t.endswith("%)") for t in labelled)
    expected = cli(monkeypatch, capsys, url, *NW_ARGS)
    summary = response["leadership-by-year-summary"]["children"]
    comparable = expected["improved"] + expected["maintained"] + expected["declined"]
    assert f"{expected['improved']} of {comparable}" in summary
    assert response["leadership-by-year-img"]["aria-label"] == summary


def test_clicking_a_bar_lists_the_las_behind_it(demo):
    url, client = demo
    query = "?region=london&from=2018-01-01&to=2026-10-31"
    click = {"points": [{"customdata": ["2023-24", "improved"], "x": "2023-24"}]}
    chosen = client.call("leadership-by-year-drill-group.value", {"leadership-by-year-graph.clickData": click})
    assert chosen["leadership-by-year-drill-group"]["value"] == "2023-24"
    assert chosen["leadership-by-year-drill-change"]["value"] == "improved"
    drill = client.call(
        "leadership-by-year-drill.children",
        {
            "leadership-by-year-drill-group.value": "2023-24",
            "leadership-by-year-drill-change.value": "improved",
            "leadership-filters.data": query,
        },
    )
    rows = table_rows(drill["leadership-by-year-drill"]["children"])
    year = {r["Financial year"]: r for r in by_year_table(client, query)}["2023-24"]
    assert len(rows) == int(year["Improved"]) > 0
    assert {r["Change"] for r in rows} == {"improved"}
    assert {r["Region"] for r in rows} == {"London"}
    assert all(r["Previous grade"] and r["Previous published"] and r["Published"] for r in rows)
    links = _find(drill["leadership-by-year-drill"]["children"], "Link")
    assert len(links) == len({r["Local authority"] for r in rows})
    assert all(link["props"]["href"].startswith("/la/E") for link in links)


def test_a_region_bar_lists_that_regions_las_and_shows_predecessors_when_used(demo):
    url, client = demo
    drill = client.call(
        "leadership-by-region-drill.children",
        {
            "leadership-by-region-drill-group.value": "South West",
            "leadership-by-region-drill-change.value": "",
            "leadership-filters.data": "?from=2019-04-01&to=2026-10-31&predecessors=1",
        },
    )
    rows = table_rows(drill["leadership-by-region-drill"]["children"])
    table = by_region_table(client, "?from=2019-04-01&to=2026-10-31&predecessors=1")
    region = {r["Region"]: r for r in table}
    assert len(rows) == int(region["South West"]["ILACS leadership judgements"])
    assert any(r["Via predecessor"] for r in rows)


def test_download_is_the_table_as_csv_with_its_filters(demo):
    url, client = demo
    response = client.call("leadership-by-year-download-button.href", {"leadership-filters.data": NW_QUERY})
    href = response["leadership-by-year-download-button"]["href"]
    assert href == "/data/leadership-by-year.csv" + NW_QUERY
    _, content = fetch_download(client.app, href)
    assert content.startswith("# Leadership grade change by financial year\r\n")  # RFC 4180 line ends
    assert "# Note: Percentages are of judgements with a previous leadership grade" in content
    assert "All years in the period," in content


def test_layout_has_one_heading_and_the_definition_from_the_metric_module(demo):
    from dashboard.pages import leadership as page

    layout = page.layout(region="north-west")
    text = json.dumps(layout.to_plotly_json(), default=lambda c: c.to_plotly_json())
    assert text.count('"type": "H1"') == 1
    assert "Leadership grade change: North West" in text
    plain = _text(json.loads(text))
    first_point = " ".join(leadership.__doc__.split("- ")[1].split(";")[0].split())
    assert first_point[1:] in plain  # the docstring's words (first letter capitalised on the page)


def test_a_bad_link_value_gives_a_notice_not_an_error(demo):
    from dashboard.pages import leadership as page

    text = str(page.layout(region="Atlantis", **{"from": "not-a-date"}))
    assert "Ignored region=" in text and "Ignored from=" in text
    assert "Leadership grade change: England" in text


def test_choosing_an_la_narrows_the_measure_to_its_judgements(demo):
    url, client = demo
    rows = by_year_table(client, "?la=E08000003&from=2018-01-01")
    changes = leadership.leadership_changes(
        queries.judgements(url), queries.reorganisations(url), start=date(2018, 1, 1)
    )
    expected = leadership.summarise(changes[changes["ons_code"] == "E08000003"])
    assert expected["judgements"] > 0
    assert as_metric(rows[-1]) == expected
