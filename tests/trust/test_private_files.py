"""Private at rest: database, WAL, keys, logs and backups are 0600; the data directories 0700."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from qjsc_panel.cli import main


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_files_and_directories_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual desktop umask: files would be 0644 without care
    try:
        home = tmp_path / "home"
        db = home / "qjsc-panel.sqlite3"
        assert main(["consultancy", "add", "--name", "某咨询公司"]) == 0
        os.environ["QJSC_PASSPHRASE"] = "pass-phrase-1"
        try:
            assert main(["key", "init", "--name", "张三"]) == 0
        finally:
            del os.environ["QJSC_PASSPHRASE"]
        assert mode(home) == 0o700
        assert db.exists() and mode(db) == 0o600
        wal = db.with_name(db.name + "-wal")
        if wal.exists():
            assert mode(wal) == 0o600
        keys = home / "keys"
        assert mode(keys) == 0o700 and all(mode(k) == 0o600 for k in keys.iterdir())
        from qjsc_panel import crashlog

        log = crashlog.write(home, "test", "text")
        assert log is not None and mode(log) == 0o600 and mode(log.parent) == 0o700
        from qjsc_panel.store.db import backup

        assert mode(backup(db, "0003")) == 0o600
    finally:
        os.umask(old)


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    assert main(["--db", str(db), "consultancy", "add", "--name", "某咨询公司"]) == 0
    db.chmod(0o644)
    assert main(["--db", str(db), "consultancy", "list"]) == 0
    assert mode(db) == 0o600
