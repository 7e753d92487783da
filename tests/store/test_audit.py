"""The audit log is append-only and hash-chained; verify-log names what was tampered with."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qjsc_panel.store.audit import verify_log
from qjsc_panel.store.db import Database
from tests.factories import RawSql, fill, make_panel, open_db


@pytest.fixture
def db(db_url: Path | str, tmp_path: Path) -> Database:
    database = open_db(db_url, tmp_path)
    p = make_panel(database, 3)
    fill(p, "专家1")
    return database


def problems(db: Database) -> list[tuple[str, int]]:
    with db.session() as s:
        _, found = verify_log(s)
    return [(p.code, p.seq) for p in found]


@pytest.fixture
def raw(db: Database) -> Iterator[RawSql]:
    """What someone with the database's shell could do: drop our triggers, then edit."""
    con = RawSql(db)
    if db.is_server:
        con.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    else:
        con.execute("DROP TRIGGER audit_log_no_update")
        con.execute("DROP TRIGGER audit_log_no_delete")
    yield con
    con.close()


def test_intact_log(db: Database) -> None:
    with db.session() as s:
        count, found = verify_log(s)
    assert count > 20 and found == []


def test_every_kind_of_action_is_logged(db: Database) -> None:
    con = RawSql(db)
    actions = {a for (a,) in con.execute("SELECT action FROM audit_log")}
    assert {"acceptance.create", "panel.add", "panel.declare", "score.set", "sheet.submit"} <= actions
    who = con.execute("SELECT actor, at FROM audit_log WHERE action = 'sheet.submit'").fetchone()
    assert who[0] == "专家1" and who[1].startswith("20")
    con.close()


def test_triggers_refuse_edits_through_the_database_shell(db: Database) -> None:
    con = RawSql(db)
    with pytest.raises(con.errors, match="append-only"):
        con.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 3")
    with pytest.raises(con.errors, match="append-only"):
        con.execute("DELETE FROM audit_log WHERE seq = 3")
    con.close()


def test_changed_row_is_found(db: Database, raw: RawSql) -> None:
    con = raw
    seq = con.execute("SELECT min(seq) FROM audit_log WHERE action = 'score.set'").fetchone()[0]
    con.execute("UPDATE audit_log SET payload = replace(payload, '\"item\"', '\"ITEM\"') WHERE seq = ?", (seq,))
    assert problems(db) == [("log.changed", seq)]
    con.execute("UPDATE audit_log SET actor = '他人' WHERE seq = 2")
    assert problems(db) == [("log.changed", 2), ("log.changed", seq)]


def test_rewritten_row_with_recomputed_hash_is_found(db: Database, raw: RawSql) -> None:
    from qjsc_panel.store.audit import entry_hash

    con = raw
    row = con.execute(
        "SELECT seq, at, actor, action, acceptance_uuid, payload, prev_hash FROM audit_log WHERE seq = 7"
    ).fetchone()
    forged = entry_hash(row[6], row[0], row[1], "冒名者", row[3], row[4], row[5])
    con.execute("UPDATE audit_log SET actor = '冒名者', hash = ? WHERE seq = 7", (forged,))
    assert problems(db) == [("log.changed", 7)]


def test_deleted_row_is_found(db: Database, raw: RawSql) -> None:
    con = raw
    con.execute("DELETE FROM audit_log WHERE seq = 9")
    assert problems(db) == [("log.deleted", 9)]


def test_deleted_tail_is_found(db: Database, raw: RawSql) -> None:
    con = raw
    last = con.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    con.execute("DELETE FROM audit_log WHERE seq >= ?", (last - 1,))
    assert problems(db) == [("log.tail_deleted", last - 1)]


def test_inserted_row_is_found(db: Database, raw: RawSql) -> None:
    from qjsc_panel.store.audit import entry_hash

    con = raw
    last, prev = con.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq = last + 1
    digest = entry_hash(prev, seq, "2026-11-20T09:00:00+00:00", "组长", "score.set", None, "{}")
    con.execute(
        "INSERT INTO audit_log (seq, at, actor, action, acceptance_uuid, payload, prev_hash, hash) "
        "VALUES (?, '2026-11-20T09:00:00+00:00', '组长', 'score.set', NULL, '{}', ?, ?)",
        (seq, prev, digest),
    )
    assert problems(db) == [("log.inserted", seq)]
