"""A throw-away PostgreSQL server for the tests: ``initdb`` in a temporary folder, ``pg_ctl``
start on a free port (Unix socket only), stopped at the end of the session.

Used by the ``pg_server`` / ``db_url`` fixtures (tests/conftest.py) and by
tests/trust/test_freeze_postgres.py.  Each test gets a fresh database copied from a template
migrated once (``CREATE DATABASE … TEMPLATE``: ~50 ms instead of running Alembic again).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from itertools import count
from pathlib import Path

TEMPLATE = "qjsc_template"
_names = count(1)


def pg_bin() -> Path | None:
    """Debian's binaries (/usr/lib/postgresql/N/bin, newest first), else pg_ctl on PATH."""
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: -int(p.parent.name)):
        if (d / "pg_ctl").exists() and (d / "initdb").exists():
            return d
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and (Path(found).parent / "initdb").exists() else None


def missing_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when they can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    if pg_bin() is None:
        return "PostgreSQL's pg_ctl/initdb are not installed (Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres account (initdb refuses root)"
        if shutil.which("runuser") is None:
            return "running as root without runuser"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One server for the session; ``url(db)`` names a database on it."""

    def __init__(self) -> None:
        bindir = pg_bin()
        assert bindir is not None
        self.bin = bindir
        # Not under pytest's temporary folder: that one is private to us, the server runs as postgres.
        self.root = Path(tempfile.mkdtemp(prefix="qjsc-pg-"))
        self.data, self.sock = self.root / "data", self.root / "sock"
        self.sock.mkdir()
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: the server runs as the postgres account
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sock, "postgres")
            self.prefix = [str(shutil.which("runuser")), "-u", "postgres", "--"]

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bin / tool), *args], check=True, capture_output=True)

    def start(self) -> None:
        # fsync off: a test cluster need not survive a power cut, and it halves CREATE DATABASE.
        # C collation whatever the machine's locale: orderings compare as Python's sorted() does,
        # and UUID-prefix ranges are byte ranges (README: the archive database is made so too).
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "qjsc", "--no-sync", "-E", "UTF8", "--no-locale")
        opts = (
            f"-k {self.sock} -c listen_addresses='' -p {self.port} -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-w", "-l", str(self.root / "log"), "start")

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://qjsc@/{dbname}?host={self.sock}&port={self.port}"

    def admin(self, sql: str) -> None:
        """A statement outside a transaction (CREATE/DROP DATABASE), on the maintenance database."""
        import psycopg

        with psycopg.connect(host=str(self.sock), port=self.port, user="qjsc", dbname="postgres", autocommit=True) as c:
            c.execute(sql)

    def make_template(self) -> None:
        """The template every test database is copied from: migrated to head once."""
        from qjsc_panel.store.db import open_database

        self.admin(f"CREATE DATABASE {TEMPLATE}")
        open_database(self.url(TEMPLATE)).close()

    def fresh(self, prefix: str = "t", template: str = TEMPLATE) -> str:
        """A new database copied from ``template`` (by default: empty, at the current schema);
        its URL.  Nothing may be connected to the template while it is copied."""
        name = f"{prefix}_{os.getpid()}_{next(_names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)

    def empty(self, prefix: str = "e") -> str:
        """A new database without any table (for migration tests)."""
        name = f"{prefix}_{os.getpid()}_{next(_names)}"
        self.admin(f"CREATE DATABASE {name}")
        return self.url(name)
