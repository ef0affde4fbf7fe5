"""Start and stop a throwaway local PostgreSQL so store tests run against the real thing, not only SQLite."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DIR_PREFIX = "ria-pg-"
OWNER_FILE = "owner.pid"
SUPERUSER = "postgres"
DATABASE = "ria_test"
# A test server holds nothing worth keeping: skip the disk flushes that make PostgreSQL slow to use.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


class PostgresStartError(RuntimeError):
    """The binaries exist but the server could not be initialised or started."""


def find_bin_dir() -> Path | None:
    """Where initdb, pg_ctl and postgres live: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    on_path = [shutil.which(name) for name in ("initdb", "pg_ctl", "postgres")]
    if all(on_path):
        return Path(os.path.realpath(on_path[0])).parent
    candidates = []
    for folder in glob.glob("/usr/lib/postgresql/*/bin"):
        version = Path(folder).parent.name
        has_tools = all(Path(folder, name).is_file() for name in ("initdb", "pg_ctl"))
        if version.replace(".", "").isdigit() and has_tools:
            candidates.append((tuple(int(p) for p in version.split(".")), Path(folder)))
    return max(candidates)[1] if candidates else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    """One initdb'd cluster in a temp folder, listening on 127.0.0.1 only."""

    bin_dir: Path
    root: Path
    port: int = 0
    database: str = DATABASE

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def admin_url(self) -> str:
        """URL of the built-in `postgres` database, for CREATE/DROP DATABASE."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{self.database}"

    # -- running the binaries ---------------------------------------------------------------------

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        # initdb and pg_ctl refuse to run as root, so root runs them as the postgres user.
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")} | {"LC_ALL": "C"}
        return subprocess.run(
            command, cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            raise PostgresStartError(
                f"{what} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
                + (f"\n--- server log ---\n{log}" if log else "")
            )

    def initdb(self) -> None:
        for locale in ("C.UTF-8", "C"):
            result = self._run(
                "initdb",
                "-D",
                str(self.data_dir),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                f"--locale={locale}",
                "--no-sync",
            )
            if result.returncode == 0:
                return
            shutil.rmtree(self.data_dir, ignore_errors=True)
        self._check(result, "initdb")

    def start(self, attempts: int = 3, *, same_port: bool = False) -> None:
        """Start on a free port, or (`same_port`, after `halt`) on the port it had, so its URL holds."""
        settings = " ".join(f"-c {s}" for s in FAST_SETTINGS)
        tries = 1 if same_port else attempts
        for attempt in range(tries):
            if not same_port:
                self.port = free_port()  # another process may take it before we bind: retry
            result = self._run(
                "pg_ctl",
                "start",
                "-w",
                "-t",
                "30",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                f"-h 127.0.0.1 -p {self.port} -k {self.root} {settings}",
            )
            if result.returncode == 0:
                return
            if attempt == tries - 1:
                self._check(result, "pg_ctl start")

    def halt(self) -> None:
        """Stop the server (fast shutdown: disconnects clients), keeping its data for `start(same_port=True)`."""
        result = self._run("pg_ctl", "stop", "-w", "-t", "30", "-m", "fast", "-D", str(self.data_dir))
        self._check(result, "pg_ctl stop")

    def stop(self) -> None:
        """Stop the server (fast shutdown: disconnects clients) and delete every file it made."""
        if (self.data_dir / "postmaster.pid").exists():
            result = self._run("pg_ctl", "stop", "-w", "-t", "30", "-m", "fast", "-D", str(self.data_dir))
            if result.returncode != 0:
                self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data_dir))
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()


def _make_root(base: str | None) -> Path:
    root = Path(tempfile.mkdtemp(prefix=DIR_PREFIX, dir=base))
    (root / OWNER_FILE).write_text(str(os.getpid()))
    if os.geteuid() == 0:
        shutil.chown(root, user=SUPERUSER, group=SUPERUSER)
        probe = subprocess.run(["runuser", "-u", SUPERUSER, "--", "test", "-w", str(root)], check=False)
        if probe.returncode != 0:
            shutil.rmtree(root, ignore_errors=True)
            raise PostgresStartError(f"user {SUPERUSER!r} cannot write to {root}; set TMPDIR to a folder it can reach")
    return root


def start_server(base: str | None = None) -> PostgresServer:
    """initdb a new cluster in a temp folder, start it on a free port and create `ria_test`."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql")
    reap_stale_servers(base)
    server = PostgresServer(bin_dir=bin_dir, root=_make_root(base))
    try:
        server.initdb()
        server.start()
        server.create_database(server.database)
    except BaseException:
        server.stop()
        raise
    return server


@contextmanager
def postgres_server(base: str | None = None) -> Iterator[PostgresServer]:
    """A running throwaway server for the duration of the block; stopped and deleted afterwards."""
    server = start_server(base)
    try:
        yield server
    finally:
        server.stop()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_stale_servers(base: str | None = None) -> list[Path]:
    """Stop and delete servers left by test sessions that died without cleaning up (e.g. SIGKILL).

    Only folders this module made (prefix, owner.pid) whose owning process is gone are touched.
    """
    bin_dir = find_bin_dir()
    reaped = []
    for root in Path(base or tempfile.gettempdir()).glob(f"{DIR_PREFIX}*"):
        try:
            owner = int((root / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        if bin_dir is not None:
            PostgresServer(bin_dir=bin_dir, root=root).stop()
        else:
            shutil.rmtree(root, ignore_errors=True)
        reaped.append(root)
    return reaped


def main() -> None:
    """`python -m tests.pg_server`: run a server until Ctrl-C or SIGTERM, printing a TEST_POSTGRES_URL."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwind so the server is stopped and deleted
    with postgres_server() as server:
        print(f"TEST_POSTGRES_URL={server.url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
