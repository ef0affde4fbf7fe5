"""One LA against its statistical neighbours (DfE's children's services model), its region and England.

Two table views for `filters.la`: its neighbours with their latest grades and closeness (the LA
itself first, marked "this LA"), and the neighbour group's grade mix and leadership change beside
the region's and England's. Grades and changes are the maps' values (data_access.metrics.map_values:
the one current-grade rule), so a neighbour's grade here is the grade its map tile shows.
"""

from __future__ import annotations

import pandas as pd

from dashboard.context import store_url
from dashboard.filters import Filters
from dashboard.views.authority import parse_la
from dashboard.views.base import View, ViewResult
from dashboard.views.maps import current_values
from data_access import queries
from data_access.grades import Grade
from data_access.metrics.map_values import NO_INSPECTION
from data_access.metrics.small_numbers import pct
from data_access.reference.local_authorities import LA_BY_ONS
from data_access.reference.regions import REGION_BY_CODE

SOURCE = "Ofsted inspection outcomes; DfE children's services statistical neighbours (Open Government Licence v3.0)"
THIS_LA = "this LA"
IMPORT_HINT = (
    "No statistical neighbour model is loaded. Import DfE's workbook with "
    "`python -m data_access import statistical-neighbours PATH` (see docs/statistical-neighbours.md)."
)
GRADE_ROWS = (
    (Grade.OUTSTANDING.value, "Outstanding"),
    (Grade.GOOD.value, "Good"),
    (Grade.REQUIRES_IMPROVEMENT.value, "Requires improvement"),
    (Grade.INADEQUATE.value, "Inadequate"),
    (Grade.NOT_GRADED.value, "Not graded"),
    (NO_INSPECTION, "No inspection yet"),
)
CHANGE_ROWS = (
    ("improved", "Improved"),
    ("maintained", "Maintained"),
    ("declined", "Declined"),
    ("no previous", "No previous grade"),
    (NO_INSPECTION, "No ILACS inspection yet"),
)


def _grade_text(value, framework=None) -> str:
    if not isinstance(value, str):
        return ""
    if value == NO_INSPECTION:
        return "No inspection yet"
    return Grade(value).label(framework if isinstance(framework, str) else None)


def _change_text(value) -> str:
    return dict(CHANGE_ROWS).get(value, "") if isinstance(value, str) else ""


def model_of(filters: Filters) -> dict | None:
    """The model shown: the latest loaded (a comparator selector may choose another later)."""
    return queries.statistical_neighbour_model(store_url())


def group_of(ons_code: str) -> pd.DataFrame:
    """The LA's neighbours in the model shown, by rank (empty when no model or no row)."""
    frame = queries.statistical_neighbours(store_url())
    return frame[frame["ons_code"] == ons_code].sort_values(["rank", "neighbour_name"], kind="stable")


NEIGHBOUR_COLUMNS = [
    "Rank",
    "Local authority",
    "ONS code",
    "Region",
    "Closeness",
    "Overall grade",
    "Leadership grade",
    "Leadership change at last ILACS",
    "this_la_key",
    "overall_grade_key",
    "leadership_grade_key",
    "leadership_change_key",
]


def neighbour_frame(ons_code: str) -> pd.DataFrame:
    """The LA (first, Rank "this LA") then its neighbours by rank, with their latest grades."""
    group = group_of(ons_code)
    if group.empty:
        return pd.DataFrame(columns=NEIGHBOUR_COLUMNS)
    values = current_values().set_index("ons_code")
    via = {
        row.neighbour_ons_code: LA_BY_ONS[row.via_ons_code].name
        for row in group.itertuples()
        if isinstance(row.via_ons_code, str) and row.via_ons_code in LA_BY_ONS
    }
    members = [(THIS_LA, ons_code, "")] + [
        (str(row.rank), row.neighbour_ons_code, row.closeness) for row in group.itertuples()
    ]
    rows = []
    for rank, code, closeness in members:
        la = LA_BY_ONS[code]
        value = values.loc[code] if code in values.index else None
        get = lambda column, v=value: v[column] if v is not None else None  # noqa: E731
        if code in via:
            closeness = f"{closeness} (as part of {via[code]})"
        rows.append(
            {
                "Rank": rank,
                "Local authority": la.name,
                "ONS code": code,
                "Region": REGION_BY_CODE[la.region_code].name,
                "Closeness": closeness,
                "Overall grade": _grade_text(get("overall_grade"), get("overall_framework")),
                "Leadership grade": _grade_text(get("leadership_grade"), get("leadership_framework")),
                "Leadership change at last ILACS": _change_text(get("leadership_change")),
                "this_la_key": rank == THIS_LA,
                "overall_grade_key": get("overall_grade") or NO_INSPECTION,
                "leadership_grade_key": get("leadership_grade") or NO_INSPECTION,
                "leadership_change_key": get("leadership_change") or NO_INSPECTION,
            }
        )
    return pd.DataFrame(rows, columns=NEIGHBOUR_COLUMNS)


def _model_notes(model: dict | None) -> tuple[str, ...]:
    if model is None:
        return (IMPORT_HINT,)
    until = model["applies_to"]
    dates = f"from {model['applies_from']:%-d %B %Y}" + (
        f" to {until:%-d %B %Y}" if pd.notna(until) else " (the latest model loaded)"
    )
    return (
        f"{model['model']}, {dates}; source file {model['source_file']}",
        "Rank 1 is the closest neighbour; closeness is DfE's band",
        "Where DfE names a former authority, its successors are shown with its rank ('as part of ...')",
        "Grades are each LA's latest as at the data's date, as on the maps",
    )


def neighbours_table(filters: Filters) -> ViewResult:
    """`filters.la` and its statistical neighbours with their latest grades."""
    la = LA_BY_ONS.get(filters.la)
    model = model_of(filters)
    frame = neighbour_frame(filters.la) if la else pd.DataFrame(columns=NEIGHBOUR_COLUMNS)
    if la is None:
        summary = "No local authority chosen."
    elif model is None:
        summary = IMPORT_HINT
    elif len(frame) <= 1:
        summary = f"{model['model']} gives no neighbours for {la.name}."
    else:
        neighbours = frame[~frame["this_la_key"]]
        good = neighbours["overall_grade_key"].isin([Grade.OUTSTANDING.value, Grade.GOOD.value]).sum()
        summary = (
            f"{la.name}'s {len(neighbours)} statistical neighbours ({model['model']}): "
            f"{good} of {len(neighbours)} are good or outstanding overall; closest: "
            f"{neighbours['Local authority'].iloc[0]}."
        )
    return ViewResult(frame=frame, summary=summary, source=SOURCE, notes=_model_notes(model))


def _counts(values: pd.DataFrame, column: str, rows: tuple[tuple[str, str], ...]) -> list[int]:
    found = values[column].value_counts()
    return [int(found.get(key, 0)) for key, _label in rows]


COMPARISON_COLUMNS = ["Measure", "Value", "Neighbours", "Neighbours %", "Region", "Region %", "England", "England %"]


def comparison_frame(ons_code: str) -> pd.DataFrame:
    """The neighbour group's latest grades and leadership change beside the LA's region and England
    (current LAs; the region on the nine-region basis). Empty when the LA has no neighbours."""
    group = group_of(ons_code)
    if group.empty:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    values = current_values()
    la = LA_BY_ONS[ons_code]
    groups = {
        "Neighbours": values[values["ons_code"].isin(group["neighbour_ons_code"])],
        "Region": values[values["region_code"] == la.region_code],
        "England": values,
    }
    rows = []
    for column, measure, kinds in (
        ("overall_grade", "Latest overall grade", GRADE_ROWS),
        ("leadership_grade", "Latest leadership grade", GRADE_ROWS),
        ("leadership_change", "Leadership change at last ILACS", CHANGE_ROWS),
    ):
        counts = {name: _counts(frame, column, kinds) for name, frame in groups.items()}
        for i, (_key, label) in enumerate(kinds):
            row = {"Measure": measure, "Value": label}
            for name, frame in groups.items():
                row[name] = counts[name][i]
                row[f"{name} %"] = pct(counts[name][i], len(frame))
            rows.append(row)
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def comparison(filters: Filters) -> ViewResult:
    """The neighbour group against the region and England."""
    la = LA_BY_ONS.get(filters.la)
    model = model_of(filters)
    frame = comparison_frame(filters.la) if la else pd.DataFrame(columns=COMPARISON_COLUMNS)
    if la is None:
        summary = "No local authority chosen."
    elif model is None:
        summary = IMPORT_HINT
    elif frame.empty:
        summary = f"{model['model']} gives no neighbours for {la.name}."
    else:
        region = REGION_BY_CODE[la.region_code].name
        improved = frame[(frame["Measure"] == "Leadership change at last ILACS") & (frame["Value"] == "Improved")]
        row = improved.iloc[0]
        summary = (
            f"Leadership improved at the last ILACS for {row['Neighbours']} of {la.name}'s "
            f"{len(group_of(la.ons_code))} statistical neighbours, against "
            f"{row['Region %']} of LAs in {region} and {row['England %']} in England."
        )
    notes = _model_notes(model) + (
        "Percentages are of all current LAs in each group, inspected or not",
        "Region: the nine English regions",
    )
    return ViewResult(frame=frame, summary=summary, source=SOURCE, notes=notes)


def _title(base: str):
    def title(filters: Filters) -> str:
        la = LA_BY_ONS.get(filters.la)
        return f"{base}: {la.name}" if la else base

    return title


NEIGHBOURS = View(
    "authority-neighbours",
    "Statistical neighbours",
    neighbours_table,
    ("la",),
    chart=False,
    description="The LA first, then its ten statistical neighbours by rank, with their latest grades.",
    filename=lambda f: f"statistical-neighbours-{f.la}",
    title_for=_title("Statistical neighbours"),
    parse=parse_la,
)

COMPARISON = View(
    "authority-neighbour-comparison",
    "Statistical neighbours against region and England",
    comparison,
    ("la",),
    chart=False,
    description="Latest grades and leadership change: the neighbour group, the LA's region and England.",
    filename=lambda f: f"statistical-neighbours-comparison-{f.la}",
    title_for=_title("Statistical neighbours against region and England"),
    parse=parse_la,
)
