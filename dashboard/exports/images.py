"""Chart images (PNG, SVG) from plotly figures, drawn by kaleido in the system Chromium.

A cold kaleido render starts a browser (about 3 s); a warm one reuses it (about 0.2 s). So each
process starts one rendering server on first use and keeps it, and a lock lets one render run
at a time (kaleido's sync server is not safe for concurrent calls). The server keeps `TABS` tabs, so
a briefing pack's charts are drawn side by side (`figure_images`): one tab draws while another
reloads. Nothing is fetched from the internet: plotly.js comes from the installed plotly
package, and MathJax is off.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import plotly.io as pio

log = logging.getLogger(__name__)

FORMATS = ("png", "svg")
SYSTEM_CHROMIUM = "/usr/bin/chromium"
# Tabs of the rendering server: 2 draws a pack's 4 charts in ~0.9 s, not ~1.3 s, on 2 cores
# (bench/RESULTS.md); each tab is a renderer process of ~60 MB.
TABS = max(1, int(os.environ.get("RIA_IMAGE_TABS", "2")))

_lock = threading.Lock()
_server_started = False


def _return_tabs_without_waiting() -> bool:
    """Let kaleido hand back an image before its tab has reloaded.

    kaleido 1.5 reloads its page (plotly.js and all) after every image and only then returns the
    image: ~0.2 s of every warm image on this project's machine. Here the reload is started and
    left to finish while the image goes to the user; the next image waits for the tab as before
    (kaleido's own queue of ready tabs), so an image a few tenths of a second after the last
    costs about half (bench/RESULTS.md, exports). Uses one private name of kaleido's,
    `Kaleido._return_kaleido_tab`: without it (a kaleido that changed) images are drawn the
    ordinary way, and tests/unit/test_export_images.py fails, naming it.
    """
    import asyncio

    from kaleido.kaleido import Kaleido

    original = getattr(Kaleido, "_return_kaleido_tab", None)
    if original is None or getattr(original, "_returns_early", False):
        return original is not None
    reloading: set = set()  # references to the reload tasks until they are done

    def reloaded(task) -> None:
        reloading.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # A reload cut short by stop() (the process ending) is expected, not an error.
            report = log.debug if not _server_started else log.error
            report("kaleido could not reload its tab after an image: %s", task.exception())

    async def return_early(self, tab):
        task = asyncio.ensure_future(original(self, tab))
        reloading.add(task)
        task.add_done_callback(reloaded)

    return_early._returns_early = True
    Kaleido._return_kaleido_tab = return_early
    return True


class ImageError(RuntimeError):
    """A chart could not be drawn as an image (no Chromium, or the renderer failed)."""


def _browser_path() -> str | None:
    """The Chromium kaleido drives: $BROWSER_PATH, else Debian's, else one on PATH."""
    for candidate in (os.environ.get("BROWSER_PATH"), SYSTEM_CHROMIUM, shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def _ensure_server() -> None:
    """Start this process's warm rendering server once (caller holds the lock)."""
    global _server_started
    if _server_started:
        return
    import kaleido

    browser = _browser_path()
    if browser is None:
        raise ImageError("no Chromium to draw images with: install Debian's chromium or set BROWSER_PATH")
    os.environ.setdefault("BROWSER_PATH", browser)
    pio.defaults.mathjax = None  # offline: MathJax would be fetched from a CDN
    if not _return_tabs_without_waiting():
        log.warning("kaleido has no Kaleido._return_kaleido_tab: each image waits for its tab to reload")
    kaleido.start_sync_server(n=TABS, headless=True, silence_warnings=True)
    atexit.register(stop)
    _server_started = True


def stop() -> None:
    """Stop the rendering server (tests; process exit)."""
    global _server_started
    with _lock:
        if _server_started:
            import kaleido

            _server_started = False  # first: a tab reload cut short now is not an error
            kaleido.stop_sync_server(silence_warnings=True)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"image format must be one of {', '.join(FORMATS)}, not {fmt!r}")


@dataclass(frozen=True)
class ImageRequest:
    """One figure to draw: as `fmt` at width x height CSS px times `scale`."""

    figure: object
    fmt: str = "png"
    width: int = 1600
    height: int = 900
    scale: float = 1


def figure_images(requests: list[ImageRequest]) -> list[bytes]:
    """Several figures drawn at once, spread over the server's tabs, in the order asked.

    kaleido's public batch call writes files, so each image goes through a private temporary
    folder; a failure of any image fails the whole batch (ImageError)."""
    for request in requests:
        _check_format(request.fmt)
    if len(requests) <= 1:
        return [figure_image(r.figure, r.fmt, width=r.width, height=r.height, scale=r.scale) for r in requests]
    import kaleido

    with _lock, tempfile.TemporaryDirectory(prefix="ria-images-") as folder:
        _ensure_server()
        paths = [Path(folder) / f"{n}.{r.fmt}" for n, r in enumerate(requests)]
        specs = [
            {
                "fig": r.figure,
                "path": str(path),
                "opts": {"format": r.fmt, "width": r.width, "height": r.height, "scale": r.scale},
            }
            for r, path in zip(requests, paths, strict=True)
        ]
        try:
            kaleido.write_fig_from_object_sync(specs, cancel_on_error=True)
            return [path.read_bytes() for path in paths]
        except Exception as error:  # kaleido raises several types; callers get one
            raise ImageError(f"could not draw {len(requests)} charts: {error}") from error


def figure_image(figure, fmt: str = "png", *, width: int = 1600, height: int = 900, scale: float = 1) -> bytes:
    """`figure` drawn as `fmt` ("png" or "svg") at width x height CSS px times `scale`."""
    _check_format(fmt)
    with _lock:
        _ensure_server()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "kopts is ignored if using a server"
            try:
                return pio.to_image(figure, format=fmt, width=width, height=height, scale=scale)
            except Exception as error:  # kaleido raises several types; callers get one
                raise ImageError(f"could not draw the chart as {fmt}: {error}") from error
