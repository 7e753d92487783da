"""``score set`` on an expert's encrypted (SQLCipher) database: the light path (plain sqlite3)
cannot read it, so it hands the command to the full CLI, which asks for the passphrase, uses it,
and gives what the same command gives on a plain database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qjsc_panel import cli_light
from qjsc_panel.launch import main
from qjsc_panel.services import panel
from qjsc_panel.store.db import is_encrypted, open_database
from tests.factories import make_panel

pytest.importorskip("sqlcipher3")

PASS = "专家2的口令-1"


def _declared(path: Path, key: str | None) -> str:
    db = open_database(path, key=key)
    p = make_panel(db, n_experts=3)
    panel.declare(p.as_("专家2"), p.members["专家2"], [])
    db.close()
    return p.acc


def _scores(path: Path, key: str | None) -> list[tuple[object, ...]]:
    """What ``score set`` changed: the entries and the audit actions (uuids and clocks aside)."""
    from sqlalchemy import text

    db = open_database(path, key=key)
    try:
        with db.engine.connect() as con:
            entries = con.execute(text("SELECT item_id, score, comment FROM score_entry ORDER BY 1")).fetchall()
            audit = con.execute(text("SELECT actor, action FROM audit_log ORDER BY seq")).fetchall()
        return [tuple(r) for r in entries] + [tuple(r) for r in audit]
    finally:
        db.close()


def test_score_set_on_an_encrypted_database_goes_the_full_way_with_the_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, secret = tmp_path / "plain" / "qjsc-panel.sqlite3", tmp_path / "secret" / "qjsc-panel.sqlite3"
    acc_plain, acc_secret = _declared(plain, None), _declared(secret, PASS)
    assert is_encrypted(secret) and not is_encrypted(plain)
    monkeypatch.delenv("QJSC_PASSPHRASE", raising=False)

    def run(db: Path, acc: str, *args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db), "--as", "专家2", *args[:1], "score", "set", acc, "专家2", *args[1:]])
        out = capsys.readouterr()
        return code, out.out, out.err

    # The light path does not try to read it (no refusal of its own, nothing written): hands back.
    before = secret.read_bytes()
    assert (
        cli_light.run(["--db", str(secret), "--as", "专家2", "score", "set", acc_secret, "专家2", "1.1", "2"]) is None
    )
    assert secret.read_bytes() == before and capsys.readouterr().err == ""

    # No passphrase: asked for, in words, and nothing changes.
    code, out, err = run(secret, acc_secret, "--lang=zh", "1.1", "2")
    assert code == 2 and "请提供口令" in err and "Traceback" not in err and out == ""
    # A wrong one: refused in words, nothing changes.
    monkeypatch.setenv("QJSC_PASSPHRASE", "别人的口令")
    code, out, err = run(secret, acc_secret, "--lang=zh", "1.1", "2")
    assert code == 2 and "口令不对" in err and "Traceback" not in err
    monkeypatch.delenv("QJSC_PASSPHRASE")
    assert _scores(secret, PASS) == _scores(plain, None)

    # The owner's passphrase, from a file or from the environment: the same result as plain.
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASS + "\n", encoding="utf-8")
    for i, (item, value) in enumerate((("1.1", "2"), ("1.2", "1，5"), ("1.3", "0.5"))):
        expect = run(plain, acc_plain, "--lang=zh", item, value)
        if i == 0:
            got = run(secret, acc_secret, f"--passphrase-file={pass_file}", item, value)
        else:
            monkeypatch.setenv("QJSC_PASSPHRASE", PASS)
            got = run(secret, acc_secret, "--lang=zh", item, value)
            monkeypatch.delenv("QJSC_PASSPHRASE")
        assert expect[0] == 0 and got == expect, (item, got, expect)
    assert run(plain, acc_plain, "--lang=zh", "1.1", "99")[2] != ""  # a refusal on both paths …
    monkeypatch.setenv("QJSC_PASSPHRASE", PASS)
    refusal = run(secret, acc_secret, "--lang=zh", "1.1", "99")
    assert refusal[0] == 2 and "超出范围" in refusal[2]  # … the same words on the full path
    monkeypatch.delenv("QJSC_PASSPHRASE")

    # At a terminal the full path asks, once, and uses what the expert types.
    import getpass
    import sys

    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)

    def typed(prompt: str = "") -> str:
        asked.append(prompt)
        return PASS

    monkeypatch.setattr(getpass, "getpass", typed)
    assert run(secret, acc_secret, "--lang=zh", "2.1", "3") == run(plain, acc_plain, "--lang=zh", "2.1", "3")
    assert asked == ["口令 / passphrase: "]
    assert _scores(secret, PASS) == _scores(plain, None)
    assert [r for r in _scores(secret, PASS) if r[1:] == ("score.set",)] == [("专家2", "score.set")] * 4
    with pytest.raises(sqlite3.DatabaseError):  # still unreadable without the passphrase
        sqlite3.connect(secret).execute("SELECT count(*) FROM score_entry").fetchone()
