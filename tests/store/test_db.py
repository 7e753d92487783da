"""Opening the database: pragmas, migrations after a backup, clear refusals."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from qjsc_panel.errors import QjscError
from qjsc_panel.store import migrate
from qjsc_panel.store import sqlite as sqlmod
from qjsc_panel.store.db import HEAD_REVISION, current_revision, make_engine, open_database
from tests.factories import fill, make_panel


def test_pragmas_on_every_connection(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.sqlite3")
    with db.engine.connect() as c:
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert c.execute(text("PRAGMA busy_timeout")).scalar() == sqlmod.BUSY_TIMEOUT_MS


def test_head_constant_matches_the_shipped_migrations(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(migrate._config()).get_current_head() == HEAD_REVISION
    open_database(tmp_path / "a.sqlite3")
    assert current_revision(tmp_path / "a.sqlite3") == HEAD_REVISION


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from qjsc_panel.store.models import Base

    db = open_database(tmp_path / "a.sqlite3")
    with db.engine.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []


def test_old_database_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrate.upgrade(engine, "0001")  # as an earlier release left it
    with engine.begin() as c:
        c.execute(text("INSERT INTO consultancy (name, contact) VALUES ('旧咨询公司', '')"))
    engine.dispose()
    assert current_revision(path) == "0001"

    db = open_database(path)
    backups = list(tmp_path.glob("old.sqlite3.0001.*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT name FROM consultancy").fetchall() == [("旧咨询公司",)]
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()
    assert current_revision(path) == HEAD_REVISION
    with db.session() as s:
        assert s.execute(text("SELECT name FROM consultancy")).scalar() == "旧咨询公司"
    # Opening an up-to-date database makes no further backup.
    db.close()
    open_database(path).close()
    assert len(list(tmp_path.glob("old.sqlite3.*.bak"))) == 1


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(QjscError) as err:
        open_database(path)
    assert err.value.code == "db.too_new"
    assert "9999" in err.value.render("zh")


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is a text file, not a database" * 100)
    with pytest.raises(QjscError) as err:
        open_database(path)
    assert err.value.code == "db.unreadable"
    assert path.read_bytes().startswith(b"this is a text file")


def test_locked_database_gives_a_clear_refusal_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qjsc_panel.services import scoring

    monkeypatch.setattr(sqlmod, "BUSY_TIMEOUT_MS", 200)
    p = make_panel(open_database(tmp_path / "a.sqlite3"))
    fill(p, "专家2", submit=False)
    before = scoring.sheet_view(p.as_("专家2"), p.members["专家2"])
    assert before is not None
    other = sqlite3.connect(p.ctx.db.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with pytest.raises(QjscError) as err:
            scoring.set_score(p.as_("专家2"), p.members["专家2"], "1.1", "0.5")
        assert err.value.code == "db.locked"
        assert "占用" in err.value.render("zh") and "in use" in err.value.render("en")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert scoring.sheet_view(p.as_("专家2"), p.members["专家2"]) == before
    assert scoring.set_score(p.as_("专家2"), p.members["专家2"], "1.1", "0.5") is not None


def test_write_transactions_are_immediate(tmp_path: Path) -> None:
    """Two writers never deadlock on a lock upgrade: the second waits for the first."""
    db = open_database(tmp_path / "a.sqlite3")
    from qjsc_panel.services.app import App
    from qjsc_panel.services.registry import add_consultancy

    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                add_consultancy(App(db, actor=f"w{n}"), f"firm {n}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM consultancy")).scalar() == 60
