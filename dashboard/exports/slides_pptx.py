"""The briefing pack as a 16:9 PowerPoint deck (python-pptx): one message per slide.

Each section gives a chart slide (title: its first key message; the chart as a picture with
alt text) and a numbers slide (a native PowerPoint table, so figures can be edited and read
by screen readers); speaker notes carry the definitions, notes and sources. Demo data says so
on every slide.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from dashboard.exports.briefing import MOST_TABLE_ROWS, Pack, Progress, Section, Table
from dashboard.exports.metadata import DEMO_NOTICE

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 x 7.5 inches: 16:9 exactly
MARGIN = Inches(0.5)
TITLE_HEIGHT = Inches(1.25)
BLUE = RGBColor(0x12, 0x43, 0x6D)
GREY = RGBColor(0x50, 0x5A, 0x5F)
BLANK_LAYOUT = 6
PNG_SCALE = 2  # charts drawn at twice their CSS size: sharp on a projector


def _text_box(slide, left, top, width, height, text: str, *, size: int, bold=False, colour=None, name=""):
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = text
    paragraph.font.size = Pt(size)
    paragraph.font.bold = bold
    if colour is not None:
        paragraph.font.color.rgb = colour
    return box


def _title(slide, text: str) -> None:
    """The slide's message as its title (the title placeholder is what screen readers and the
    outline read first)."""
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, TITLE_HEIGHT
    shape.text = text
    for paragraph in shape.text_frame.paragraphs:
        paragraph.font.size = Pt(22 if len(text) < 160 else 18)
        paragraph.font.bold = True
        paragraph.font.color.rgb = BLUE
    shape.text_frame.word_wrap = True


def _footer(slide, pack: Pack, number: int) -> None:
    text = f"{pack.request.place} · published {pack.request.period} · slide {number}"
    if pack.demo:
        text = f"{DEMO_NOTICE} · {text}"
    _text_box(
        slide,
        MARGIN,
        HEIGHT - Inches(0.45),
        WIDTH - 2 * MARGIN,
        Inches(0.35),
        text,
        size=10,
        colour=GREY,
        name="Footer",
    )


def _notes(slide, section: Section | None, pack: Pack, extra: tuple[str, ...] = ()) -> None:
    lines = list(extra)
    if section is not None:
        lines += list(section.messages)
        lines += [f"Definition: {d}" for d in section.definitions]
        lines += [f"Note: {n}" for n in section.notes]
    lines.append(f"Source: {pack.metadata.source}")
    lines += [f"Source file: {s.file} (sha256 {s.sha256}, imported {s.imported_at})" for s in pack.metadata.sources]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _new_slide(deck, pack: Pack, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
    _title(slide, title)
    _footer(slide, pack, len(deck.slides))
    return slide


def _picture(slide, image: bytes, size: tuple[int, int], alt: str) -> None:
    top = MARGIN + TITLE_HEIGHT
    room_w, room_h = WIDTH - 2 * MARGIN, HEIGHT - top - Inches(0.6)
    ratio = min(room_w / size[0], room_h / size[1])
    width, height = Emu(int(size[0] * ratio)), Emu(int(size[1] * ratio))
    picture = slide.shapes.add_picture(io.BytesIO(image), int((WIDTH - width) / 2), top, width, height)
    picture.name = "Chart"
    picture._element.nvPicPr.cNvPr.set("descr", alt)


def _table(slide, table: Table, top) -> None:
    rows = table.text_rows()
    shown = rows[:MOST_TABLE_ROWS]
    columns = [str(c) for c in table.frame.columns]
    height = HEIGHT - top - Inches(0.9)
    shape = slide.shapes.add_table(len(shown) + 1, len(columns), MARGIN, top, WIDTH - 2 * MARGIN, height)
    shape.name = table.caption
    size = 14 if len(columns) <= 5 else 11 if len(columns) <= 7 else 9
    grid = shape.table
    for c, name in enumerate(columns):
        grid.cell(0, c).text = name
    for r, row in enumerate(shown, start=1):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for row in grid.rows:
        row.height = Emu(int(height / (len(shown) + 1)))
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(size)
    if len(rows) > len(shown):
        _text_box(
            slide,
            MARGIN,
            HEIGHT - Inches(0.85),
            WIDTH - 2 * MARGIN,
            Inches(0.4),
            f"The first {len(shown)} of {len(rows)} rows: every row is in the PDF and the workbook.",
            size=11,
            colour=GREY,
            name="Table note",
        )


def slide_titles(section: Section) -> list[str]:
    """The titles of the slides a section makes, in order (tests and the deck agree on them)."""
    titles = []
    if section.figure is not None or section.items or not section.tables:
        titles.append(section.messages[0])
    for index, table in enumerate(section.tables):
        if index == 0 and not titles:
            titles.append(section.messages[0])
        else:
            titles.append(f"{section.heading}: {table.caption[0].lower()}{table.caption[1:]}")
    return titles


def pptx_bytes(pack: Pack, progress: Progress | None = None, *, charts: dict[str, bytes] | None = None) -> bytes:
    """The deck: a title slide, then each section's slides (`slide_titles`)."""
    from dashboard.exports.pdf import chart_images

    charts = chart_images(pack, "png", progress, scale=PNG_SCALE) if charts is None else charts
    if progress:
        progress("Writing PowerPoint", 0, 1)
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = f"{pack.title}: {pack.request.period}"
    deck.core_properties.language = "en-GB"

    cover = deck.slides.add_slide(deck.slide_layouts[0])
    title, subtitle = cover.shapes.title, cover.placeholders[1]
    # The default template's placeholders are placed for 4:3: set them across the 16:9 slide.
    title.left, title.top, title.width, title.height = MARGIN, Inches(2.0), WIDTH - 2 * MARGIN, Inches(1.6)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = MARGIN, Inches(3.8), WIDTH - 2 * MARGIN, Inches(1.6)
    title.text = pack.title
    title.text_frame.paragraphs[0].font.color.rgb = BLUE
    subtitle.text = f"Judgements published {pack.request.period}\nData to {pack.data_date:%-d %B %Y}"
    _footer(cover, pack, 1)
    _notes(cover, None, pack, (pack.metadata.title, *pack.metadata.definitions))

    for section in pack.sections:
        titles = iter(slide_titles(section))
        tables = list(section.tables)
        if section.figure is not None or section.items or not tables:
            slide = _new_slide(deck, pack, next(titles))
            if section.key in charts:
                _picture(slide, charts[section.key], section.figure_size, section.alt)
            elif section.items:
                top = MARGIN + TITLE_HEIGHT
                box = _text_box(
                    slide, MARGIN, top, WIDTH - 2 * MARGIN, HEIGHT - top - Inches(0.7), "", size=16, name="List"
                )
                frame = box.text_frame
                frame.paragraphs[0].text = section.items[0]
                for item in section.items[1:]:
                    paragraph = frame.add_paragraph()
                    paragraph.text = item
                    paragraph.font.size = Pt(16)
                frame.paragraphs[0].font.size = Pt(16)
            _notes(slide, section, pack)
        for table in tables:
            slide = _new_slide(deck, pack, next(titles))
            _table(slide, table, MARGIN + TITLE_HEIGHT)
            _notes(slide, section, pack)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
