"""The briefing pack as an A4 PDF: an HTML/CSS template (templates/briefing.*) set by weasyprint.

Charts go in as vector SVG drawn by kaleido, so they stay sharp when printed or zoomed. The
template is Jinja2 with autoescaping on: every text from the data (LA names, notes) is escaped,
none is read as HTML. The PDF is tagged (PDF/UA-1, weasyprint's variant), in British English,
with the pack's title as the document title, so screen readers read it in order.
"""

from __future__ import annotations

import base64
import threading
from datetime import UTC, datetime
from pathlib import Path

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


def pack_html(pack: Pack, charts: dict[str, bytes], *, now: datetime | None = None) -> str:
    """The pack as one HTML document (the PDF's source; also handy to look at in a browser)."""
    generated = now or datetime.now(UTC)
    return _environment.get_template("briefing.html").render(
        pack=pack,
        request=pack.request,
        charts={s.key: svg_data_uri(charts[s.key]) if s.key in charts else "" for s in pack.sections},
        data_date=long_date(pack.data_date),
        generated=f"{long_date(generated.date())}, {generated:%H:%M} UTC",
        generated_iso=generated.isoformat(timespec="seconds"),
        demo_notice=DEMO_NOTICE,
    )


def pdf_bytes(pack: Pack, progress: Progress | None = None, *, charts: dict[str, bytes] | None = None) -> bytes:
    """The pack as a tagged A4 PDF."""
    import weasyprint

    charts = chart_images(pack, "svg", progress) if charts is None else charts
    if progress:
        progress("Writing PDF", 0, 1)
    html = weasyprint.HTML(string=pack_html(pack, charts), base_url=str(TEMPLATES))
    stylesheet = weasyprint.CSS(filename=str(TEMPLATES / "briefing.css"))
    return html.write_pdf(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
