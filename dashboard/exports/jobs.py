"""Briefing packs built in the background for the `/briefing` page, one folder per job.

Several server processes answer requests, so a job's state lives on disk, not in one process's
memory: `<jobs dir>/<job id>/status.json` (written atomically) says the step, the progress and,
at the end, the files or the error; the files sit beside it. Any process can report on a job
or serve its files. Job ids are random 32-hex-digit tokens and file names are checked against
the job's own list, so no request can reach another path. Jobs older than a day are pruned.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

from dashboard.context import set_store_url, store_url
from dashboard.exports.briefing import BriefingError, BriefingRequest, build_pack
from dashboard.exports.render import deck_charts_ahead, render_file, write_files
from data_access.settings import briefing_jobs_dir

log = logging.getLogger(__name__)

JOB_ID = re.compile(r"^[0-9a-f]{32}$")
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.(pdf|pptx|xlsx)$")
STATUS = "status.json"
KEEP_SECONDS = 24 * 3600
# How much of the bar each stage fills: the numbers, then each file (charts are most of a file).
WEIGHTS = {"sections": 20, "pdf": 40, "pptx": 35, "xlsx": 5}


def root() -> Path:
    return briefing_jobs_dir()


def job_folder(job_id: str) -> Path | None:
    """The job's folder, or None for anything that is not a job id."""
    if not isinstance(job_id, str) or not JOB_ID.match(job_id):
        return None
    return root() / job_id


def _write_status(folder: Path, **status) -> None:
    handle, path = tempfile.mkstemp(prefix=".status-", dir=folder)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump({**status, "updated": time.time()}, stream)
    os.replace(path, folder / STATUS)


def status(job_id: str) -> dict | None:
    """The job's status ({state: running|done|error, step, percent, files, error}), or None."""
    folder = job_folder(job_id)
    if folder is None:
        return None
    try:
        return json.loads((folder / STATUS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def file_path(job_id: str, name: str) -> Path | None:
    """A finished job's file, when `name` is one of the files it made."""
    job = status(job_id)
    if job is None or job.get("state") != "done" or not FILE_NAME.match(name or "") or name not in job["files"]:
        return None
    path = job_folder(job_id) / name
    return path if path.is_file() else None


class _Meter:
    """Turns each stage's own progress (step, done, total) into one percentage on disk."""

    def __init__(self, folder: Path, stages: list[str]):
        self.folder, self.stages = folder, stages
        self.total = sum(WEIGHTS[s] for s in stages)
        self.stage = 0

    def start(self, stage: str) -> None:
        self.stage = self.stages.index(stage)

    def __call__(self, step: str, done: int, total: int) -> None:
        before = sum(WEIGHTS[s] for s in self.stages[: self.stage])
        part = WEIGHTS[self.stages[self.stage]] * (done / total if total else 0)
        _write_status(self.folder, state="running", step=step, percent=round(100 * (before + part) / self.total))


def run(job_id: str, request: BriefingRequest) -> None:
    """Build the pack and its files into the job's folder, reporting as it goes."""
    folder = job_folder(job_id)
    meter = _Meter(folder, ["sections", *request.formats])
    try:
        meter.start("sections")
        pack = build_pack(request, meter)
        files = {}
        with deck_charts_ahead(pack):
            for fmt in request.formats:
                meter.start(fmt)
                name, data = render_file(pack, fmt, meter)
                files[name] = data
        write_files(files, folder)
        _write_status(folder, state="done", step="Ready", percent=100, files=list(files))
    except BriefingError as error:
        _write_status(folder, state="error", step="Stopped", percent=0, error=str(error))
    except Exception as error:  # shown on the page as a message, logged in full here
        log.exception("briefing job %s failed", job_id)
        _write_status(folder, state="error", step="Stopped", percent=0, error=f"The pack could not be built: {error}")


def start(request: BriefingRequest, *, background: bool = True) -> str:
    """Start a job for `request` and return its id (`background=False` runs it here: tests)."""
    prune()
    job_id = secrets.token_hex(16)
    folder = job_folder(job_id)
    folder.mkdir(parents=True)
    _write_status(folder, state="running", step="Starting", percent=0, files=[])
    if not background:
        run(job_id, request)
        return job_id
    url = store_url()

    def work() -> None:
        set_store_url(url)
        run(job_id, request)

    threading.Thread(target=work, name=f"briefing-{job_id[:8]}", daemon=True).start()
    return job_id


class _ChartsAhead:
    """Draws the charts of the request on the `/briefing` form while its user is still choosing.

    The charts are most of a pack's time (a PDF's 4 SVGs ~1 s of its ~3 s); drawn ahead, they
    are waiting in pdf.chart_images' cache when "Build" is pressed. One drawing at a time, in
    one background thread: a request made while one is drawn replaces any still waiting, so a
    user trying several regions costs one drawing behind, not one per change. Failures are left
    to the real build, which reports them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: tuple[BriefingRequest, str | None] | None = None
        self._running = False
        self._idle = threading.Event()
        self._idle.set()

    def ask(self, request: BriefingRequest) -> None:
        with self._lock:
            self._waiting = (request, store_url())
            if self._running:
                return
            self._running = True
            self._idle.clear()
        threading.Thread(target=self._work, name="briefing-charts-ahead", daemon=True).start()

    def _work(self) -> None:
        from dashboard.exports.pdf import chart_images
        from dashboard.exports.slides_pptx import PNG_SCALE

        while True:
            with self._lock:
                item, self._waiting = self._waiting, None
                if item is None:
                    self._running = False
                    self._idle.set()
                    return
            request, url = item
            try:
                set_store_url(url)
                pack = build_pack(request)
                if "pdf" in request.formats:
                    chart_images(pack, "svg")
                if "pptx" in request.formats:
                    chart_images(pack, "png", scale=PNG_SCALE)
            except Exception:  # the build itself reports any failure to its user
                log.debug("charts could not be drawn ahead for %s", request.file_stem, exc_info=True)

    def wait(self, timeout: float | None = None) -> bool:
        """Until nothing is being drawn (tests); False on timeout."""
        return self._idle.wait(timeout)


CHARTS_AHEAD = _ChartsAhead()
draw_ahead = CHARTS_AHEAD.ask


def prune(older_than: float = KEEP_SECONDS, *, now: float | None = None) -> int:
    """Remove job folders last touched more than `older_than` seconds ago; how many went."""
    base = root()
    if not base.is_dir():
        return 0
    limit = (now or time.time()) - older_than
    removed = 0
    for folder in base.iterdir():
        if folder.is_dir() and JOB_ID.match(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
