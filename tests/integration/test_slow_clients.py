"""Slow clients cannot take the site down: `make serve` (gunicorn with gunicorn.conf.py) keeps
answering while clients hold connections open with requests they never finish."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.live_server import HOST, free_port, stop_process

GUNICORN = Path(sys.executable).parent / "gunicorn"


def answers(url: str, timeout: float) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except OSError:
        return None


@pytest.fixture
def gunicorn(demo_store_url, tmp_path):
    """`.venv/bin/gunicorn -c gunicorn.conf.py app:server`, as `make serve` runs it, on the demo store."""
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn not installed beside {sys.executable}")
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "HOST": HOST, "PORT": str(port), "DATABASE_URL": demo_store_url}
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "app:server"],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 120
        while answers(url + "/", 5) != 200:
            assert process.poll() is None, f"gunicorn exited:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"gunicorn did not answer:\n{log.read_text()[-3000:]}"
            time.sleep(0.3)
        # Both workers warm their caches before they take requests (post_worker_init).
        while log.read_text().count("caches warmed in") < 2:
            assert time.monotonic() < deadline, f"a worker did not warm up:\n{log.read_text()[-3000:]}"
            time.sleep(0.3)
        yield url, port, log
    finally:
        stop_process(process, timeout=15)


def test_half_open_connections_do_not_stop_other_requests(gunicorn):
    url, port, log = gunicorn
    stalled = []
    try:
        for _ in range(2):  # as many as there are sync workers: they blocked both for 34 s
            sock = socket.create_connection((HOST, port), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: " + HOST.encode() + b"\r\nUser-Agent: slow")  # never ends
            stalled.append(sock)
        time.sleep(1.0)  # the server has taken both
        started = time.monotonic()
        statuses = [answers(url + path, 10) for path in ("/", "/_dash-layout", "/data/", "/methods")]
        took = time.monotonic() - started
    finally:
        for sock in stalled:
            sock.close()
    assert statuses == [200, 200, 200, 200], (statuses, log.read_text()[-3000:])
    assert took < 10, took  # a few seconds at most on a busy machine (sync workers: ~30 s, the worker timeout)
    assert "WORKER TIMEOUT" not in log.read_text()


def test_the_server_settings_come_from_the_environment(monkeypatch):
    import runpy

    for name in ("WEB_CONCURRENCY", "RIA_WEB_THREADS", "RIA_WEB_TIMEOUT", "RIA_WEB_KEEPALIVE"):
        monkeypatch.delenv(name, raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["worker_class"] == "gthread"
    monkeypatch.setenv("RIA_WEB_THREADS", "8")
    monkeypatch.setenv("RIA_WEB_KEEPALIVE", "5")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["threads"], config["keepalive"], config["workers"], config["timeout"]) == (8, 5, 2, 30)
    monkeypatch.setenv("RIA_WEB_THREADS", "0")
    with pytest.raises(SystemExit, match="RIA_WEB_THREADS must be a whole number above 0"):
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))
