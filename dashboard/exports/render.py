"""A briefing pack's files (PDF, PPTX, XLSX) built in memory, then written all-or-nothing.

The command line and the `/briefing` page's jobs both use these, so the same request gives the
same files whichever asked. Every file is written under a temporary name in the folder and
renamed into place (`os.replace`) only once all are written: a failure leaves no file behind,
half-written or otherwise.
"""

from __future__ import annotations

import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from dashboard.exports.briefing import BriefingRequest, Pack, Progress, build_pack, workbook

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render_file(pack: Pack, fmt: str, progress: Progress | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of the pack in one format."""
    name = f"{pack.request.file_stem}.{fmt}"
    if fmt == "pdf":
        from dashboard.exports.pdf import pdf_bytes

        return name, pdf_bytes(pack, progress)
    if fmt == "pptx":
        from dashboard.exports.slides_pptx import pptx_bytes

        return name, pptx_bytes(pack, progress)
    if fmt == "xlsx":
        if progress:
            progress("Writing the workbook", 0, 1)
        return name, workbook(pack)
    raise ValueError(f"unknown format {fmt!r}")


def render_files(pack: Pack, progress: Progress | None = None) -> dict[str, bytes]:
    """{file name: bytes} for each format the request asks for."""
    with deck_charts_ahead(pack):
        return dict(render_file(pack, fmt, progress) for fmt in pack.request.formats)


@contextmanager
def deck_charts_ahead(pack: Pack):
    """When a pack has a PDF and a deck, draw the charts in another thread while weasyprint sets
    the PDF: the PDF's SVGs first (its layout waits for them only when it writes), then the
    deck's PNGs, which the deck then finds drawn (pdf.chart_images keeps them). Chromium draws
    on the other core meanwhile."""
    formats = pack.request.formats
    if not ("pdf" in formats and "pptx" in formats):
        yield
        return
    from dashboard.exports.pdf import chart_images
    from dashboard.exports.slides_pptx import PNG_SCALE

    def draw_both() -> None:
        chart_images(pack, "svg")
        chart_images(pack, "png", scale=PNG_SCALE)

    drawing = threading.Thread(target=draw_both, daemon=True)
    drawing.start()
    try:
        yield
    finally:
        drawing.join()


def write_files(files: dict[str, bytes], folder: Path) -> list[Path]:
    """Write every file into `folder` all-or-nothing (temporary names, then renames)."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            handle, path = tempfile.mkstemp(prefix=".partial-", suffix=Path(name).suffix, dir=folder)
            temporary.append((name, Path(path)))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        written = []
        for name, path in temporary:
            os.replace(path, folder / name)
            written.append(folder / name)
        return written
    finally:
        for _, path in temporary:
            path.unlink(missing_ok=True)


def build_files(request: BriefingRequest, folder: Path, progress: Progress | None = None) -> list[Path]:
    """The pack for `request`, its files written into `folder`."""
    pack = build_pack(request, progress)
    return write_files(render_files(pack, progress), folder)
