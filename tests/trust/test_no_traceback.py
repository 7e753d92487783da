"""No traceback reaches a person: each case of the issue, run as the user runs it (a process),
ends with a clear message, exit code 2, and the traceback only in the log file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.trust.conftest import Finalised

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args: str | bytes, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QJSC_HOME": str(home), "PYTHONPATH": str(ROOT), "QJSC_PASSPHRASE": "pass-phrase-1"}
    return subprocess.run(
        [sys.executable, "-m", "qjsc_panel", *args],
        capture_output=True,
        text=True,
        errors="replace",
        env=env,
        input=stdin,
        timeout=120,
    )


def refused(proc: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    return proc.stderr


def test_deeply_nested_form(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    err = refused(run(tmp_path / "home", "form", "validate", str(deep)))
    assert "JSON" in err


def test_non_utf8_argument(tmp_path: Path) -> None:
    err = refused(run(tmp_path / "home", "--as", os.fsdecode(b"\xff\xfe"), "acceptance", "list"))
    assert "UTF-8" in err


def test_missing_db_is_refused_unless_the_command_creates_data(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "x.sqlite3"
    for args in (("status", "abc"), ("verify-log",), ("acceptance", "list")):
        err = refused(run(tmp_path / "home", "--db", str(missing), *args))
        assert "不存在" in err
    assert not missing.exists()
    ok = run(tmp_path / "home", "--db", str(missing), "consultancy", "add", "--name", "某咨询公司")
    assert ok.returncode == 0 and missing.exists()


def test_verify_log_on_a_corrupted_page(fin: Finalised, tmp_path: Path) -> None:
    fin.close()
    con = sqlite3.connect(fin.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(fin.path.read_bytes())
    page = 4096
    for p in range(1, len(data) // page):  # every page but the header page: garbage
        data[p * page + 10 : p * page + 400] = os.urandom(390)
    fin.path.write_bytes(bytes(data))
    err = refused(run(tmp_path / "home", "--db", str(fin.path), "verify-log"))
    assert "数据库" in err or "database" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_directories(fin: Finalised, tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        err = refused(run(tmp_path / "home", "--db", str(fin.path), "pdf", fin.acc, "--out", str(ro / "x.pdf")))
        assert str(ro) in err
    finally:
        ro.chmod(0o700)


def test_read_only_paths_as_root_too(fin: Finalised, tmp_path: Path) -> None:
    """A path under a regular file cannot be written even by root: the same OSError branch."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    err = refused(run(tmp_path / "home", "--db", str(fin.path), "pdf", fin.acc, "--out", str(blocker / "x.pdf")))
    assert "x.pdf" in err or str(blocker) in err
    home_is_file = tmp_path / "home-file"
    home_is_file.write_text("x")
    err = refused(run(home_is_file, "key", "init", "--name", "张三"))
    assert "Traceback" not in err


def test_broken_pipe_is_quiet(fin: Finalised, tmp_path: Path) -> None:
    """`| head`: the reader goes away after a few bytes; the writer must stop without a word."""
    import fcntl

    env = {**os.environ, "QJSC_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # the log (~17 kB) cannot fit: a real EPIPE
    p = subprocess.Popen(
        [sys.executable, "-m", "qjsc_panel", "--db", str(fin.path), "--json", "log", "--limit", "100000"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        assert reader.read(10)
    _, err_bytes = p.communicate(timeout=120)
    err = err_bytes.decode("utf-8", "replace")
    assert "Traceback" not in err and err.strip() == "", err
    assert p.returncode == 2


def test_an_unexpected_error_is_a_message_and_a_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qjsc_panel import cli

    def boom(*_a: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "_main", boom)
    assert cli.main(["--lang", "en", "acceptance", "list"]) == 2
    logs = list((tmp_path / "home" / "logs").glob("*.log"))
    assert logs and "ZeroDivisionError" in logs[0].read_text() and "Traceback" in logs[0].read_text()
    assert oct(logs[0].stat().st_mode & 0o777) == "0o600"
