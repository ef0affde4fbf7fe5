"""The briefing pack as an A4 PDF: an HTML/CSS template (templates/briefing.*) set by weasyprint.

Charts go in as vector SVG drawn by kaleido, so they stay sharp when printed or zoomed. A chart's
size is known before it is drawn, so weasyprint lays the pages out while kaleido draws (in
Chromium, on the other core) and reads each SVG only when it writes the PDF (`ChartToCome`). The
template is Jinja2 with autoescaping on: every text from the data (LA names, notes) is escaped,
none is read as HTML. The PDF is tagged (PDF/UA-1, weasyprint's variant), in British English,
with the pack's title as the document title, so screen readers read it in order.
"""

from __future__ import annotations

import base64
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import jinja2

from dashboard.cache import current_store_version
from dashboard.dates import long_date
from dashboard.exports.briefing import Pack, Progress
from dashboard.exports.images import ImageRequest, figure_images
from dashboard.exports.metadata import DEMO_NOTICE
from data_access.cache import Lru

TEMPLATES = Path(__file__).with_name("templates")
PDF_VARIANT = "pdf/ua-1"
_IMAGES = Lru(maxsize=64)  # drawn charts: a pack has at most 4, so 8 packs in SVG and PNG
_drawing = threading.Lock()
_drawer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-charts")  # kaleido is one at a time anyway
CHART_URL = "ria-chart:"  # the template's address of a chart still being drawn: "ria-chart:map"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
)


def svg_data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def chart_images(pack: Pack, fmt: str, progress: Progress | None = None, *, scale: float = 1) -> dict[str, bytes]:
    """Each section's chart drawn as `fmt` ("svg" or "png") at the size the section asks for.

    Kept per store revision, request and size (like the views' figures): a pack built again, or
    its deck after its PDF, does not draw a chart twice."""
    with _drawing:  # a pack's charts drawn ahead (jobs.draw_ahead) are waited for, not drawn twice
        return _chart_images(pack, fmt, progress, scale)


def _chart_images(pack: Pack, fmt: str, progress: Progress | None, scale: float) -> dict[str, bytes]:
    charted = [s for s in pack.sections if s.figure is not None]
    version = current_store_version()
    keys = {s.key: (version, pack.request.filters, s.key, fmt, *s.figure_size, scale) for s in charted}
    images = {s.key: _IMAGES.get(keys[s.key], None) for s in charted}
    missing = [s for s in charted if images[s.key] is None]
    if not missing:
        return images
    if progress:
        progress(f"Drawing {len(missing)} chart{'s' if len(missing) > 1 else ''}", 0, 1)
    requests = [ImageRequest(s.figure, fmt, *s.figure_size, scale) for s in missing]
    for section, image in zip(missing, figure_images(requests), strict=True):
        _IMAGES.put(keys[section.key], image)
        images[section.key] = image
    return images


def pack_html(
    pack: Pack, charts: dict[str, bytes], *, now: datetime | None = None, sources: dict[str, str] | None = None
) -> str:
    """The pack as one HTML document (the PDF's source; also handy to look at in a browser).

    Charts are embedded as data URIs, or given by `sources` as addresses (`CHART_URL`) that the
    PDF fills in once they are drawn."""
    generated = now or datetime.now(UTC)
    sources = sources if sources is not None else {key: svg_data_uri(svg) for key, svg in charts.items()}
    return _environment.get_template("briefing.html").render(
        pack=pack,
        request=pack.request,
        charts={s.key: sources.get(s.key, "") for s in pack.sections},
        data_date=long_date(pack.data_date),
        generated=f"{long_date(generated.date())}, {generated:%H:%M} UTC",
        generated_iso=generated.isoformat(timespec="seconds"),
        demo_notice=DEMO_NOTICE,
    )


class ChartToCome:
    """A chart that weasyprint lays out before kaleido has drawn it.

    Laying out only needs the chart's size, which the section fixes; the SVG is parsed and drawn
    when the PDF is written. Weasyprint takes it from its image cache (the documented `cache`
    option) as it would a loaded image: `get_intrinsic_size` for layout, `draw` for the page."""

    def __init__(self, url: str, size: tuple[int, int], drawn: Future):
        self.url, self.size, self.drawn = url, size, drawn

    def get_intrinsic_size(self, image_resolution, font_size):
        width, height = self.size
        return width, height, width / height

    def draw(self, stream, concrete_width, concrete_height, style):
        """Draw the SVG as weasyprint's own SVG images do, with the document's fonts (the style's)."""
        from weasyprint.svg import SVG
        from weasyprint.urls import URLFetcher

        svg = self.drawn.result()[self.url.removeprefix(CHART_URL)]
        image = SVG(ElementTree.fromstring(svg), self.url, style.font_config, URLFetcher())
        image.draw(stream, concrete_width, concrete_height, self.url, None)  # no context: no hyphenation


def pdf_bytes(pack: Pack, progress: Progress | None = None, *, charts: dict[str, bytes] | None = None) -> bytes:
    """The pack as a tagged A4 PDF: pages laid out while the charts are drawn."""
    import weasyprint

    if charts is None:
        drawn = _drawer.submit(chart_images, pack, "svg", progress)
    else:
        drawn = Future()
        drawn.set_result(charts)
    charted = [s for s in pack.sections if s.figure is not None and (charts is None or s.key in charts)]
    to_come = {CHART_URL + s.key: ChartToCome(CHART_URL + s.key, s.figure_size, drawn) for s in charted}
    html = weasyprint.HTML(
        string=pack_html(pack, {}, sources={s.key: CHART_URL + s.key for s in charted}), base_url=str(TEMPLATES)
    )
    stylesheet = weasyprint.CSS(filename=str(TEMPLATES / "briefing.css"))
    document = html.render(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT, cache=dict(to_come))
    drawn.result()  # a chart that could not be drawn fails the pack here, with kaleido's message
    if progress:
        progress("Writing PDF", 0, 1)
    return document.write_pdf(pdf_variant=PDF_VARIANT)
