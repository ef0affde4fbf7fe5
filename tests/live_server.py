"""Run the real app (`python app.py`) against a given store on a free loopback port.

Used by the browser tests (tests/browser/conftest.py) and by scripts/screenshots.py. The app
inherits this process's environment, RIA_FAST_PATHS included (dashboard/fast_paths.py), unless
`extra_env` says otherwise:

    with live_server(database_url) as server:
        page.goto(server.url + "/judgements")
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.harness import HOST, PAGES, free_port

__all__ = ["HOST", "PAGES", "LiveServer", "free_port", "live_server", "stop_process"]

ROOT = Path(__file__).resolve().parent.parent


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """Stop a server the tests started: politely, then by force."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@dataclass
class LiveServer:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        """What the server printed so far (stdout and stderr together)."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return True  # it answers, even if with an error page: the caller's tests will say so
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@contextmanager
def live_server(
    database_url: str, *, timeout: float = 60.0, extra_env: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """Start `python app.py` with HOST/PORT/DATABASE_URL, wait until it answers, stop it at the end."""
    port = free_port()
    env = dict(os.environ)
    env.update({"HOST": HOST, "PORT": str(port), "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"})
    env.update(extra_env or {})
    log_file = tempfile.NamedTemporaryFile(prefix="ria-live-server-", suffix=".log", delete=False)
    log_path = Path(log_file.name)
    process = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    log_file.close()  # the child holds its own descriptor
    server = LiveServer(url=f"http://{HOST}:{port}", process=process, log_path=log_path)
    try:
        deadline = time.monotonic() + timeout
        while not _answers(server.url + "/"):
            if process.poll() is not None:
                raise RuntimeError(
                    f"the app exited with code {process.returncode} before answering:\n{server.log()[-4000:]}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the app did not answer on {server.url} within {timeout:.0f}s:\n{server.log()[-4000:]}"
                )
            time.sleep(0.2)
        yield server
    finally:
        stop_process(process)
        try:
            log_path.unlink()
        except OSError:
            pass
