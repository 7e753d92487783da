"""Private at rest on a shared laptop: each expert's database is encrypted (SQLCipher) under
that expert's passphrase.  Another expert cannot read it, not with this tool and not with sqlite3."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from qjsc_panel.cli import main
from qjsc_panel.store.db import is_encrypted, open_database
from tests.factories import fill, make_panel

pytest.importorskip("sqlcipher3")

A_PASS = "专家甲的口令-1"


@pytest.fixture
def a_db(tmp_path: Path) -> tuple[Path, str]:
    """Expert 1's database on the shared laptop: drafts (not yet submitted), encrypted."""
    path = tmp_path / "expert-a" / "qjsc-panel.sqlite3"
    db = open_database(path, key=A_PASS)
    p = make_panel(db, 3)
    fill(p, "专家1", Decimal("0.8"), submit=False)
    db.close()
    return path, p.acc


def test_another_expert_cannot_read_the_drafts_with_sqlite3(a_db: tuple[Path, str]) -> None:
    path, _ = a_db
    assert is_encrypted(path)
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        con.execute("SELECT score FROM score_entry").fetchall()
    con.close()
    for f in path.parent.glob(path.name + "*"):  # the file and any -wal: no plaintext left
        raw = f.read_bytes()
        assert "专家1".encode() not in raw and "深圳市测试电路".encode() not in raw and b"score_entry" not in raw


def test_another_expert_cannot_read_the_drafts_with_the_tool(
    a_db: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, acc = a_db
    show = ["--db", str(path), "--as", "专家2", "score", "show", acc, "专家1"]
    monkeypatch.setenv("QJSC_PASSPHRASE", "专家乙的口令")
    assert main(show) == 2
    err = capsys.readouterr().err
    assert "口令不对" in err and "Traceback" not in err
    monkeypatch.delenv("QJSC_PASSPHRASE")
    assert main(show) == 2
    assert "请提供口令" in capsys.readouterr().err
    monkeypatch.setenv("QJSC_PASSPHRASE", A_PASS)  # the owner
    assert main(["--db", str(path), "--as", "专家1", "score", "show", acc, "专家1"]) == 0


def test_encrypt_db_makes_a_new_database_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.sqlite3"
    monkeypatch.setenv("QJSC_PASSPHRASE", A_PASS)
    assert main(["--db", str(path), "--encrypt-db", "consultancy", "add", "--name", "某咨询公司"]) == 0
    assert is_encrypted(path)
    assert main(["--db", str(path), "--json", "consultancy", "list"]) == 0
    assert "某咨询公司" in capsys.readouterr().out
    assert main(["--db", str(path), "verify-log"]) == 0
