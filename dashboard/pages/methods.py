"""Methods: definitions, frameworks, the judgement-area mapping, sources loaded, licences, limitations.

Everything that could drift from the code is generated from it: the leadership definition from
the metric module's docstring, frameworks from `FRAMEWORKS`, the area mapping from `AREAS`,
the "as at" dates and editions from `periods.edition`, and the sources from the store's import runs.
"""

from __future__ import annotations

from datetime import date

import dash
import pandas as pd
from dash import dcc, html

from dashboard.components.table import data_table
from dashboard.context import store_url
from dashboard.figures.leadership import definition_points
from dashboard.views.freshness import STALE_AFTER_MONTHS, as_at_text
from data_access import queries
from data_access.areas import AREAS, HEADLINE_AREAS
from data_access.frameworks import FRAMEWORK_BY_CODE, FRAMEWORKS, ILACS_NO_OVERALL_FROM
from data_access.metrics import leadership, small_numbers
from data_access.metrics.grades import ILACS_CARE_LEAVERS_FROM, WHOLE_SERVICE_FRAMEWORKS
from data_access.metrics.periods import JUNE_CUTOFF_FROM, edition, financial_year_label, publication_cutoff
from data_access.reference.local_authorities import LOCAL_AUTHORITIES
from data_access.reference.regions import OFSTED_REGIONS, REGION_BY_CODE

PAGE = "methods"
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OFSTED_SOURCE = "https://www.gov.uk/government/statistical-data-sets/childrens-social-care-data-in-england"
ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence "
    "v.3.0. Contains OS data \u00a9 Crown copyright and database right 2023."
)
NOT_COMPARED = "Not compared (shown on LA profiles only)"

dash.register_page(
    __name__,
    nav=True,  # listed in the header's navigation (components/shell.py)
    path="/methods",
    name="Methods",
    order=9,
    title="Methods and sources - RIA children's services dashboard",
)

SECTIONS = (
    ("leadership", "The leadership measure"),
    ("small-numbers", "Small numbers"),
    ("periods", "Financial years and the \u201cas at\u201d date"),
    ("current-grades", "Current grades: one rule"),
    ("editions", "Ofsted\u2019s \u201cas at 31 March\u201d tables, edition by edition"),
    ("as-at-the-data", "\u201cNow\u201d means as at the data"),
    ("regions", "Regions: the nine English regions or Ofsted\u2019s eight"),
    ("frameworks", "Inspection frameworks and grade scales"),
    ("areas", "Judgement areas"),
    ("not-graded", "\u201cNot graded\u201d: ILACS from April 2026"),
    ("sources", "Sources loaded"),
    ("corrections", "Corrections between editions"),
    ("licences", "Data sources and licences"),
    ("limitations", "Known limitations"),
)
TITLES = dict(SECTIONS)

LIMITATIONS = (
    "SLAC, CPI and TLAC graded different areas from the SIF and ILACS (see the table above); their "
    "grades are shown but are not part of the leadership measure, which starts from the SIF.",
    "Former authorities (Bournemouth, Poole, Dorset County Council, Northamptonshire, Cumbria) keep "
    "their own history. New authorities have no previous leadership grade of their own unless the "
    "\u201ccompare with predecessor authorities\u201d option is on.",
    "Recoded authorities (Buckinghamshire, North Yorkshire, Somerset) keep one history under their current code.",
    "Demo data is invented: while it is loaded a yellow banner says so on every page, and no demo "
    "number is an Ofsted judgement.",
    "Focused visits and monitoring visits are not graded: they appear on LA profiles but never in "
    "grade counts or the leadership measure.",
)


def frameworks_table() -> pd.DataFrame:
    """Each framework, when it ran, and its four-point scale (third grade as it was worded)."""
    return pd.DataFrame(
        [
            {
                "Framework": f.name,
                "Code": f.code,
                "From": f.start,
                "To": f.end if f.end else "continuing",
                "Grade scale (best to worst)": f"Outstanding, Good, {f.third_grade_label}, Inadequate",
            }
            for f in FRAMEWORKS
        ]
    )


def areas_table() -> pd.DataFrame:
    """Every stored judgement area and the headline area it is compared under (from `AREAS`)."""
    return pd.DataFrame(
        [
            {
                "Judgement area as recorded": a.label,
                "Code": a.code,
                "Compared as": HEADLINE_AREAS[a.headline] if a.headline else NOT_COMPARED,
            }
            for a in AREAS
        ]
    )


def sources_table(url: str) -> pd.DataFrame:
    """What the store's import log says was loaded: file, fingerprint, time, demo or real."""
    runs = queries.import_runs(url)
    imported = pd.to_datetime(runs["imported_at"]).dt.strftime("%Y-%m-%d %H:%M")
    return pd.DataFrame(
        {
            "File": runs["file_name"],
            "Kind": runs["kind"],
            "Edition": runs["edition"],
            "SHA-256": runs["sha256"],
            "Imported": imported,
            "Rows read": runs["rows_read"],
            "Inserted": runs["inserted"],
            "Updated": runs["updated"],
            "Data": runs["is_demo"].map(lambda demo: "Demo (invented)" if demo else "Real"),
        }
    )


def corrections_table(url: str) -> pd.DataFrame:
    """Each disagreement between Ofsted's files found on import: the values, which won and why."""
    found = queries.corrections(url)
    published = pd.to_datetime(found["published_date"]).dt.strftime("%Y-%m-%d").fillna("")
    return pd.DataFrame(
        {
            "Local authority": found["la_name"],
            "Inspection": found["framework_code"] + " " + published,
            "Value": found["field"].str.replace("_", " "),
            "Stored before": found["old_value"],
            "Given by": found["file_name"] + ", sheet " + found["sheet"] + ", row " + found["row_number"].astype(str),
            "New value": found["new_value"],
            "Outcome": found["applied"].map(lambda applied: "Corrected" if applied else "Kept"),
            "Why": found["reason"],
        }
    )


def _section(anchor: str, *children) -> html.Section:
    return html.Section([html.H2(TITLES[anchor], className="h4 mt-4"), *children], id=anchor)


def _leadership_section() -> html.Section:
    headline, points = definition_points(leadership.__doc__)
    start = FRAMEWORK_BY_CODE["ILACS"].start
    command = "python -m data_access metrics leadership --from D --to D [--region NAME] [--with-predecessors]"
    return _section(
        "leadership",
        html.P(headline),
        html.Ul([html.Li(p[:1].upper() + p[1:]) for p in points]),
        html.P(
            [
                "The command ",
                html.Code(command),
                " gives the same numbers as the ",
                dcc.Link("Leadership page", href="/leadership"),
                " for the same filters. With no dates "
                f"chosen the page covers all ILACS years (from {start:%-d %B %Y}).",
            ]
        ),
    )


def _small_numbers_section() -> html.Section:
    """The small-number rule, worded beside its constant (data_access/metrics/small_numbers.py)."""
    return _section("small-numbers", html.P(small_numbers.methods_text()))


def _periods_section(today: date) -> html.Section:
    year = today.year
    cutoff = publication_cutoff(date(year, 3, 31))
    return _section(
        "periods",
        html.P(
            f"Financial years run from 1 April to 31 March and are labelled like "
            f"{financial_year_label(year - 1)} (1 April {year - 1} to 31 March {year}). Charts by year "
            "count judgements by the date they were published."
        ),
        html.P(
            "Ofsted's \u201cas at 31 March\u201d convention, used for each LA's latest grade: an inspection "
            "counts if it was carried out by 31 March and its report was published by a cut-off some "
            f"weeks later (as at 31 March {year}: published by {cutoff:%-d %B %Y}); the cut-off of each "
            "edition is below. Where a source gives only a publication date, that date is used as the "
            "inspection date."
        ),
    )


def _sources_section(url: str) -> html.Section:
    sources = sources_table(url)
    if sources.empty:
        body = html.P("Nothing has been loaded yet: run python -m data_access prepare.", className="empty-state")
    else:
        body = data_table(sources, caption=f"Files loaded into this store ({len(sources)})", table_id=f"{PAGE}-sources")
    return _section(
        "sources",
        html.P(
            "What this store holds, from its import log. The SHA-256 fingerprint identifies the exact "
            "file loaded; loading the same file again changes nothing."
        ),
        body,
    )


def _corrections_section(url: str) -> html.Section:
    found = corrections_table(url)
    if found.empty:
        body = html.P("None: no file loaded so far disagrees with another.", className="empty-state")
    else:
        applied = int((found["Outcome"] == "Corrected").sum())
        body = data_table(
            found,
            caption=f"Values on which Ofsted's files disagree ({len(found)}; {applied} corrected)",
            table_id=f"{PAGE}-corrections",
        )
    return _section(
        "corrections",
        html.P(
            "Ofsted corrects its tables in later editions, so where two files give different values for "
            "the same inspection the later edition's value is used; within one edition the more detailed "
            "sheet's. \u201cCorrected\u201d means the new value replaced the one stored before; "
            "\u201cKept\u201d means the stored value, from a later edition or a more detailed sheet, "
            "stayed. Two rows of one sheet that disagree are refused on import."
        ),
        body,
    )


def _licences_section() -> html.Section:
    licence = html.A("Open Government Licence v3.0", href=OGL)
    return _section(
        "licences",
        html.Ul(
            [
                html.Li(
                    [
                        "Inspection outcomes: Ofsted, ",
                        html.A("children's social care data in England", href=OFSTED_SOURCE),
                        ". Ofsted and Department for Education data are published under the ",
                        licence,
                        ".",
                    ]
                ),
                html.Li(
                    "Interventions (improvement notices, statutory directions, commissioners, trusts): no "
                    "published dataset lists these, so they come from a list kept by hand from Department "
                    "for Education announcements."
                ),
                html.Li(["Local authority boundaries (geographic map): ", ONS_ATTRIBUTION]),
                html.Li(
                    "Peer challenges and programme activity: lists kept by the Local Government "
                    "Association's programme team."
                ),
            ]
        ),
    )


def _current_grades_section() -> html.Section:
    return _section(
        "current-grades",
        html.P(
            "An LA's current grade in an area is taken from its latest graded (standard or short) "
            "inspection. Where that inspection did not grade the area on its own, the area is shown as "
            "not graded, with the reason in words, and counted as not graded: it is never filled from "
            "an earlier inspection or framework. The same function decides this for the LA profiles, "
            "the maps, the \u201cas at 31 March\u201d charts and tables, the command line and every download."
        ),
        html.Ul(
            [
                html.Li(
                    f"Care leavers: ILACS inspections before {ILACS_CARE_LEAVERS_FROM:%-d %B %Y} judged children "
                    "in care and care leavers together (\u201cjudged with children in care, ILACS 2022\u201d); "
                    "that judgement counts for children in care only, as in Ofsted's own tables."
                ),
                html.Li(
                    f"Overall effectiveness: ILACS inspections from {ILACS_NO_OVERALL_FROM:%B %Y} give no "
                    "overall grade (\u201cno overall grade under ILACS from April 2026\u201d)."
                ),
                html.Li(
                    "2009-2013 (SLAC, CPI, TLAC): these programmes inspected safeguarding and looked-after "
                    "children separately, so each area comes from the latest of them that graded it. "
                    f"From the SIF ({', '.join(WHOLE_SERVICE_FRAMEWORKS)}) one inspection grades the whole service."
                ),
                html.Li(
                    "An LA created by a merger or split has no grade until its own first inspection; a "
                    "recoded LA (same area, new code) keeps its history."
                ),
            ]
        ),
    )


def editions_table(last_year: int) -> pd.DataFrame:
    """Each 31 March from 2019 to `last_year` and how its edition counts (from `periods.edition`)."""
    rows = []
    for year in range(2019, last_year + 1):
        rule = edition(date(year, 3, 31))
        rows.append(
            {
                "As at": f"31 March {year}",
                "Reports published by": f"{rule.cutoff:%-d %B %Y}",
                "Also counted": "; ".join(reason for _, reason in rule.also_counted) or "",
            }
        )
    return pd.DataFrame(rows)


def _editions_section(today: date) -> html.Section:
    return _section(
        "editions",
        html.P(
            "Ofsted's tables count an LA's latest inspection carried out by 31 March whose report was "
            "published by a cut-off, which changed between editions: 30 April in the 2019 to 2023 "
            f"editions, 30 June from the {JUNE_CUTOFF_FROM} edition. The dashboard applies each "
            "edition's own rule, so its \u201cas at 31 March\u201d figures equal Ofsted's LA by LA (checked "
            "against the 2023, 2024 and 2025 editions). LAs not yet inspected (new authorities awaiting "
            "their first inspection) are left out of the counts, where Ofsted's tables show them blank. "
            "Editions before 2019 are assumed to follow the 30 April rule."
        ),
        data_table(
            editions_table(max(today.year, 2019)),
            table_id=f"{PAGE}-editions",
            caption="The \u201cas at 31 March\u201d editions and what each counts",
        ),
    )


def _as_at_the_data_section() -> html.Section:
    return _section(
        "as-at-the-data",
        html.P(
            "Current grades, \u201cgood or better\u201d and \u201cinadequate\u201d figures, and the months "
            "since each LA's last inspection are counted to the latest publication in the loaded data, "
            f"not to today's date: they are as at {as_at_text()}. When that date is more than "
            f"{STALE_AFTER_MONTHS} months ago, every page says so and asks for a newer Ofsted file."
        ),
        html.P(
            "Provisional judgements come from a community-maintained list scraped from Ofsted's "
            "published reports, loaded to cover the months before Ofsted's official file carries them. "
            "They are labelled “provisional”, counted in every figure, and move “now” to "
            "the newest provisional publication; every page then says how far the official and the "
            "provisional data run. Grades the scrape could not read are left unknown, never guessed. "
            "When an official file carries the same inspection, its record replaces the provisional one "
            "(listed with the corrections)."
        ),
    )


def regions_table() -> pd.DataFrame:
    """Each of Ofsted's regions and the nine-region regions it is made of (from regions.py)."""
    return pd.DataFrame(
        {
            "Ofsted region": [r.name for r in OFSTED_REGIONS],
            "Nine English regions it covers": [
                " and ".join(REGION_BY_CODE[code].name for code in r.members) for r in OFSTED_REGIONS
            ],
            "Local authorities": [
                sum(1 for la in LOCAL_AUTHORITIES if la.current and la.region_code in r.members) for r in OFSTED_REGIONS
            ],
        }
    )


def _regions_section() -> html.Section:
    return _section(
        "regions",
        html.P(
            "Regional Improvement Alliances follow the nine English regions, so the dashboard uses them by "
            "default. Ofsted\u2019s files and its published regional figures use Ofsted\u2019s eight regions: "
            "the same, except that the North East and Yorkshire and the Humber are one region. The "
            "\u201cRegions\u201d switch in the filter bar (regions=ofsted in a link; --regions ofsted on the "
            "command line) counts every chart, map and table on Ofsted\u2019s basis, so its regional figures "
            "can be reproduced. On either basis each LA\u2019s region comes from the dashboard\u2019s own table "
            "of local authorities, never from a file\u2019s region column."
        ),
        data_table(regions_table(), table_id=f"{PAGE}-regions", caption="Ofsted's eight regions"),
    )


def layout(**_query) -> html.Div:
    url = store_url()
    ilacs = FRAMEWORK_BY_CODE["ILACS"]
    return html.Div(
        [
            html.H1("Methods, definitions and sources"),
            html.P(
                "How the numbers on this dashboard are defined and where they come from. The definitions "
                "and tables below are generated from the code that computes the numbers, so they cannot "
                "drift from it."
            ),
            html.Nav(
                html.Ul([html.Li(html.A(text, href=f"#{anchor}")) for anchor, text in SECTIONS]),
                **{"aria-label": "On this page"},
            ),
            _leadership_section(),
            _small_numbers_section(),
            _periods_section(date.today()),
            _current_grades_section(),
            _editions_section(date.today()),
            _as_at_the_data_section(),
            _regions_section(),
            _section(
                "frameworks",
                html.P(
                    "Every framework used a four-point scale. Before November 2013 the third grade was "
                    "\u201cadequate\u201d; from the SIF onwards it is \u201crequires improvement to be "
                    "good\u201d. The dashboard treats them as the same step of one scale and shows the "
                    "word used at the time."
                ),
                data_table(
                    frameworks_table(),
                    table_id=f"{PAGE}-frameworks",
                    caption="Inspection frameworks for local authority children's services",
                ),
            ),
            _section(
                "areas",
                html.P(
                    "Frameworks graded different things. To compare like with like the dashboard uses "
                    "five headline areas; each recorded judgement area counts towards at most one of them. "
                    "This table is generated from the mapping the code uses."
                ),
                data_table(
                    areas_table(),
                    table_id=f"{PAGE}-areas",
                    caption="Judgement areas and the headline area each is compared as",
                ),
            ),
            _section(
                "not-graded",
                html.P(
                    f"ILACS inspections carried out from {ILACS_NO_OVERALL_FROM:%-d %B %Y} give no overall "
                    "effectiveness grade. These are recorded as \u201cnot graded\u201d: shown as such, never "
                    "counted as a grade, and left out of percentages of graded LAs. The other judgements, "
                    "including leadership, are still graded, so the leadership measure continues "
                    "unchanged."
                ),
            ),
            _sources_section(url),
            _corrections_section(url),
            _licences_section(),
            _section(
                "limitations",
                html.Ul(
                    [
                        html.Li(
                            f"Files for inspections before {ilacs.start.year} (SLAC, CPI, TLAC and SIF) give "
                            "publication dates only, so their inspection date is taken to be the publication "
                            "date."
                        )
                    ]
                    + [html.Li(text) for text in LIMITATIONS]
                ),
            ),
        ]
    )
