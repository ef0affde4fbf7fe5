"""The CYP Board briefing pack: one region (or England), one period, the sections ticked.

Pure (no Dash): the `/briefing` page, the command line and the benchmark all call `validate`
then `build_pack`, and each section is built from the same `VIEWS` and slide pieces the
dashboard shows, so a number in the PDF, the deck or the workbook is the number on the page
for the same filters. Renderers (pdf.py, slides_pptx.py, the workbook here) only lay out a Pack.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard.context import store_url
from dashboard.dates import long_date, parse_uk_date, short_date
from dashboard.exports.metadata import ExportMetadata, export_metadata
from dashboard.exports.tables import workbook_bytes
from dashboard.figures.maps import region_labels_only
from dashboard.filters import Filters, region_slug
from dashboard.views import judgements, leadership, maps, slides
from dashboard.views.base import Canvas, View, cell_text
from dashboard.views.freshness import as_at
from dashboard.views.messages import leadership_message
from data_access import queries
from data_access.grades import Grade
from data_access.metrics import leadership as measure
from data_access.reference.regions import REGION_BY_CODE, REGIONS, members, region_for

# key -> heading, in the pack's order
SECTIONS: dict[str, str] = {
    "headline": "Where we stand",
    "map": "Latest overall grade of each local authority",
    "distribution": "Grades over time",
    "leadership": "Leadership improvement",
    "transitions": "Grade transitions",
    "since": "Changes since the start of the period",
    "activity": "Peer challenges and interventions",
}
FORMATS = ("pdf", "pptx", "xlsx")
ENGLAND = "England"
# A4 portrait less its margins is about 170 mm wide: charts are drawn at that width in CSS px,
# so their text comes out at its designed size in print.
A4_CHART = Canvas(height=380, width=640)
A4_MAP = Canvas(height=560, width=640)
MOST_TABLE_ROWS = 14  # rows of a table on a slide; the rest are in the PDF and the workbook
# Table widths on A4 (column_widths): the text width in mm, mm per point, average character
# widths in em (DejaVu Sans; bold headings wider), and a cell's left + right padding in em.
A4_TEXT_MM, PT_MM = 174, 0.3528
CHAR_EM, BOLD_EM, CELL_PADDING_EM = 0.6, 0.7, 0.8
WIDE_COLUMNS = 6

Progress = Callable[[str, int, int], None]  # (step in words, done, total)


class BriefingError(ValueError):
    """A request the pack cannot be built for; its text is shown to the user as it is."""


@dataclass(frozen=True)
class BriefingRequest:
    region: str  # ONS region code; "" for England
    date_from: date
    date_to: date
    sections: tuple[str, ...]
    formats: tuple[str, ...]

    @property
    def place(self) -> str:
        return REGION_BY_CODE[self.region].name if self.region else ENGLAND

    @property
    def filters(self) -> Filters:
        return Filters(region=self.region, date_from=self.date_from, date_to=self.date_to)

    @property
    def period(self) -> str:
        return f"{long_date(self.date_from)} to {long_date(self.date_to)}"

    @property
    def file_stem(self) -> str:
        where = region_slug(self.region) if self.region else "england"
        return f"briefing-{where}-{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}"


@dataclass(frozen=True)
class Table:
    caption: str
    frame: pd.DataFrame  # what the view's table shows (numbers as numbers), as printed
    sheet: str = ""  # the workbook's sheet name ("" = the caption)
    data: pd.DataFrame | None = None  # the workbook's sheet, when not `frame` (the view's long form)

    @property
    def sheet_frame(self) -> pd.DataFrame:
        return self.frame if self.data is None else self.data

    def text_rows(self) -> list[list[str]]:
        """Every cell as the dashboard's tables write it (PDF and slide tables)."""
        return [[cell_text(v) for v in row] for row in self.frame.itertuples(index=False)]

    @property
    def wide(self) -> bool:
        """Set in smaller type on paper (more than WIDE_COLUMNS columns)."""
        return len(self.frame.columns) > WIDE_COLUMNS

    def column_widths(self) -> list[float]:
        """Each column's share of the table's width (percent): room for its longest word (so no
        word is broken), then the rest shared by how long its text runs. PDF tables are laid out
        fixed: weasyprint's automatic table layout measures every cell and costs about a second."""
        rows = self.text_rows()
        room = A4_TEXT_MM / (PT_MM * (7 if self.wide else 8.5))  # the page's width in em
        least, most = [], []
        for index, column in enumerate(self.frame.columns):
            cells = [row[index] for row in rows]
            heading_word = max((len(word) for word in str(column).split()), default=1)
            longest_word = max((len(word) for cell in cells for word in cell.split()), default=1)
            longest_cell = max((len(cell) for cell in cells), default=1)
            least.append(max(heading_word * BOLD_EM, longest_word * CHAR_EM) + CELL_PADDING_EM)
            most.append(max(least[-1], min(longest_cell, 40) * CHAR_EM + CELL_PADDING_EM))
        spare = room - sum(least)
        extra = [m - n for m, n in zip(most, least, strict=True)]
        share = min(1.0, spare / sum(extra)) if spare > 0 and sum(extra) else 0.0
        widths = [n + e * share for n, e in zip(least, extra, strict=True)]
        return [round(100 * w / sum(widths), 2) for w in widths]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    messages: tuple[str, ...]  # key messages: the first is the slide's title
    figure: Any = None  # a plotly figure drawn for A4, or None
    figure_size: tuple[int, int] = (A4_CHART.width, A4_CHART.height)
    alt: str = ""  # the chart in words (alt text)
    tables: tuple[Table, ...] = ()
    items: tuple[str, ...] = ()  # a short list, when the section is one
    definitions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    request: BriefingRequest
    title: str
    sections: tuple[Section, ...]
    metadata: ExportMetadata
    data_date: date

    @property
    def demo(self) -> bool:
        return self.metadata.demo


# -- validation -----------------------------------------------------------------------------------


def region_code(name: str) -> str:
    """The ONS code of a region given by name, slug or code ("" for England)."""
    text = (name or "").strip()
    if text.lower() == ENGLAND.lower():
        return ""
    slugs = {region_slug(r.code): r.code for r in REGIONS}
    if text.lower() in slugs:
        return slugs[text.lower()]
    region = region_for(text)
    if region is None:
        names = ", ".join([ENGLAND] + [r.name for r in REGIONS])
        raise BriefingError(f"Unknown region {text[:60]!r}. Choose one of: {names}.")
    return region.code


def as_date(value: date | str | None, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        day = parse_uk_date(value)
    except ValueError:
        day = None
    if day is None:
        raise BriefingError(f"The {what} date {str(value or '')[:30]!r} is not a date: write it like 01/04/2025.")
    return day


def validate(
    region: str,
    date_from: date | str | None,
    date_to: date | str | None,
    sections: Sequence[str],
    formats: Sequence[str],
) -> BriefingRequest:
    """A request the pack can be built for, or BriefingError saying what to change."""
    code = region_code(region)
    start, end = as_date(date_from, "from"), as_date(date_to, "to")
    if start > end:
        raise BriefingError(f"The 'from' date ({short_date(start)}) is after the 'to' date ({short_date(end)}).")
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise BriefingError(f"Unknown section {unknown[0]!r}. Sections: {', '.join(SECTIONS)}.")
    if not sections:
        raise BriefingError("Choose at least one section.")
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise BriefingError(f"Unknown format {bad[0]!r}. Formats: {', '.join(FORMATS)}.")
    if not formats:
        raise BriefingError("Choose at least one format (PDF, PowerPoint or workbook).")
    request = BriefingRequest(
        code,
        start,
        end,
        tuple(s for s in SECTIONS if s in sections),
        tuple(f for f in FORMATS if f in formats),
    )
    if not published_in(request):
        raise BriefingError(
            f"No judgements were published in {request.place} from {short_date(start)} to {short_date(end)}: "
            "choose a longer or earlier period."
        )
    return request


def published_in(request: BriefingRequest) -> int:
    """How many judgements the store holds for the request's region and period."""
    frame = queries.judgements(store_url())
    if request.region:
        frame = frame[frame["region_code"].isin(members(request.region))]
    days = frame["published_date"]
    return int(((days >= pd.Timestamp(request.date_from)) & (days <= pd.Timestamp(request.date_to))).sum())


def default_period(today: date | None = None) -> tuple[date, date]:
    """The financial year the data's date falls in, from 1 April to that date."""
    end = today or as_at()
    start = date(end.year if end.month >= 4 else end.year - 1, 4, 1)
    return start, end


# -- sections ------------------------------------------------------------------------------------


def a4_canvas(view: View) -> Canvas:
    """The A4 page's width, and the view's own height (as tall as the page allows)."""
    return Canvas(height=min(view.height, A4_MAP.height), width=A4_CHART.width)


def _chart_section(key: str, view: View, filters: Filters, tables: tuple[Table, ...]) -> Section:
    result = view.result(filters)
    canvas = a4_canvas(view)
    return Section(
        key,
        SECTIONS[key],
        (result.summary,),
        figure=result.draw(canvas),
        figure_size=(canvas.width, canvas.height),
        alt=f"{view.full_title(filters)}. {result.summary}",
        tables=tables,
        definitions=(view.description,) if view.description else (),
        notes=result.notes,
    )


def headline_section(request: BriefingRequest) -> Section:
    slide = slides.headline_slide(request.filters)
    return Section(
        "headline",
        SECTIONS["headline"],
        slide.messages,
        tables=(Table(f"Latest overall grades, {request.place}", slide.table, "Headline"),),
        definitions=("Each LA's latest graded overall effectiveness judgement, as at the data's date.",),
    )


def map_section(request: BriefingRequest) -> Section:
    filters = request.filters.with_(map="hex", colour="overall")
    slide = slides.map_slide(filters, A4_MAP)
    return Section(
        "map",
        SECTIONS["map"],
        slide.messages,
        # the region's LAs named, other regions' tiles as context: 120 fewer labels to set (~0.2 s)
        figure=region_labels_only(slide.figure, filters.region or None),
        figure_size=(A4_MAP.width, A4_MAP.height),
        alt=f"{maps.MAP.full_title(filters)}. {slide.messages[0]}",
        tables=(Table(f"Latest overall grade of each LA, {request.place}", slide.table, "Map"),),
        notes=maps.MAP.result(filters).notes,
    )


def distribution_section(request: BriefingRequest) -> Section:
    filters = request.filters
    frame = judgements.BY_YEAR.result(filters).shown_frame
    return _chart_section(
        "distribution", judgements.BY_YEAR, filters, (Table("Grades by financial year", frame, "Grades"),)
    )


def leadership_section(request: BriefingRequest) -> Section:
    """The CYP Board measure for the period (leadership views, the same metric as the page),
    with the LAs behind it."""
    filters = request.filters
    measure_table = leadership.BY_YEAR.result(filters).shown_frame
    las = leadership.JUDGEMENTS.result(filters).shown_frame
    section = _chart_section(
        "leadership",
        leadership.BY_YEAR,
        filters,
        (
            Table("Leadership measure by financial year", measure_table, "Leadership"),
            Table("The ILACS leadership judgements counted", las, "Leadership LAs"),
        ),
    )
    here = measure.summarise(leadership.changes(filters))
    england = measure.summarise(leadership.changes(filters, all_regions=True)) if request.region else None
    period = f"the period {short_date(request.date_from)} to {short_date(request.date_to)}"
    messages = (leadership_message(request.place, period, here, england), *section.messages)
    definitions = (
        "Of the ILACS leadership judgements published in the period, the share whose grade improved on the "
        "same LA's previous leadership grade (SIF or ILACS), and the share maintained or improved.",
        *section.definitions,
    )
    return dataclasses.replace(section, messages=messages, definitions=definitions)


def transitions_section(request: BriefingRequest) -> Section:
    filters = request.filters
    frame = judgements.TRANSITIONS.result(filters).shown_frame
    matrix = frame.pivot_table(index="previous_grade", columns="grade", values="count", aggfunc="sum", sort=False)
    matrix = matrix.reset_index().rename(columns={"previous_grade": "Previous grade"})
    caption = "Previous grade (rows) to next grade (columns), judgements"
    return _chart_section(
        "transitions", judgements.TRANSITIONS, filters, (Table(caption, matrix, "Transitions", data=frame),)
    )


def since_section(request: BriefingRequest) -> Section:
    slide = slides.since_slide(request.filters, request.date_from)
    changes = since_changes(request)
    return Section(
        "since",
        f"Changes since {long_date(request.date_from)}",
        slide.messages,
        items=slide.items,
        tables=(Table("Grades published since the start of the period", changes, "Since"),) if len(changes) else (),
    )


def since_changes(request: BriefingRequest) -> pd.DataFrame:
    """The grade changes behind the since-date list, as a table."""
    from data_access.metrics.headlines import grade_changes_since

    changes = grade_changes_since(
        queries.judgements(store_url()), since=request.date_from, region_code=request.region or None
    )
    return pd.DataFrame(
        {
            "Local authority": changes["la_name"],
            "Published": changes["published_date"].dt.date,
            "Judgement": changes["headline"],
            "Grade": [Grade(g).label(f) for g, f in zip(changes["grade"], changes["framework"], strict=True)],
            "Change": changes["change"],
        }
    )


def activity_frame(request: BriefingRequest) -> pd.DataFrame:
    """Peer challenges and interventions that started in the period, in the region."""
    url = store_url()
    rows = []
    for what, frame in (("Peer challenge", queries.peer_challenges(url)), ("Intervention", queries.interventions(url))):
        if request.region:
            frame = frame[frame["region_code"].isin(members(request.region))]
        start = frame["start_date"]
        frame = frame[(start >= pd.Timestamp(request.date_from)) & (start <= pd.Timestamp(request.date_to))]
        for row in frame.itertuples(index=False):
            rows.append(
                {
                    "Local authority": row.la_name,
                    "Activity": what,
                    "Kind": str(row.kind).replace("_", " "),
                    "Started": row.start_date.date(),
                }
            )
    frame = pd.DataFrame(rows, columns=["Local authority", "Activity", "Kind", "Started"])
    return frame.sort_values(["Started", "Local authority"], ascending=[False, True], kind="stable")


def activity_section(request: BriefingRequest) -> Section | None:
    """None when nothing started in the period: the section is left out, not printed empty."""
    frame = activity_frame(request)
    if frame.empty:
        return None
    peer = int((frame["Activity"] == "Peer challenge").sum())
    interventions = len(frame) - peer
    message = (
        f"{slides.plural(peer, 'peer challenge')} and {slides.plural(interventions, 'intervention')} started in "
        f"{request.place} from {long_date(request.date_from)} to {long_date(request.date_to)}."
    )
    return Section(
        "activity",
        SECTIONS["activity"],
        (message[0].upper() + message[1:],),
        tables=(Table("Peer challenges and interventions started in the period", frame, "Activity"),),
    )


BUILDERS: dict[str, Callable[[BriefingRequest], Section | None]] = {
    "headline": headline_section,
    "map": map_section,
    "distribution": distribution_section,
    "leadership": leadership_section,
    "transitions": transitions_section,
    "since": since_section,
    "activity": activity_section,
}


def build_pack(request: BriefingRequest, progress: Progress | None = None) -> Pack:
    """Every ticked section's numbers, words and figures, with the pack's metadata."""
    report = progress or (lambda *_: None)
    built = []
    for done, key in enumerate(request.sections):
        report(f"Computing {SECTIONS[key].lower()}", done, len(request.sections))
        section = BUILDERS[key](request)
        if section is not None:
            built.append(section)
    view = leadership.BY_YEAR
    base = export_metadata(view, request.filters, view.result(request.filters))
    metadata = dataclasses.replace(
        base,
        title=f"Briefing pack: {request.place}, {request.period}",
        filters=f"{request.place}; published {short_date(request.date_from)} to {short_date(request.date_to)}",
        source=base.source,
        definitions=tuple(dict.fromkeys(d for s in built for d in s.definitions)),
        notes=tuple(dict.fromkeys(n for s in built for n in s.notes)),
    )
    return Pack(
        request=request,
        title=f"Children's services briefing: {request.place}",
        sections=tuple(built),
        metadata=metadata,
        data_date=as_at(),
    )


def workbook(pack: Pack) -> bytes:
    """The data workbook: the metadata sheet, then each section's tables as sheets."""
    sheets = [(t.sheet or t.caption, t.sheet_frame) for s in pack.sections for t in s.tables]
    return workbook_bytes(sheets, pack.metadata.rows(), "xlsx")


__all__ = [
    "FORMATS",
    "SECTIONS",
    "BriefingError",
    "BriefingRequest",
    "Pack",
    "Section",
    "Table",
    "build_pack",
    "validate",
    "workbook",
]
