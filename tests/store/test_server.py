"""The bureau's shared archive on PostgreSQL: the same migrations, the same models, the app and
the CLI on a URL, clear refusals for what only a file can do, and concurrent writers."""

from __future__ import annotations

import json
import multiprocessing
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, text

from qjsc_panel.errors import QjscError
from qjsc_panel.services import auditlog, panel, scoring
from qjsc_panel.services.app import App
from qjsc_panel.store import migrate
from qjsc_panel.store.db import HEAD_REVISION, open_database
from tests.factories import fill, make_panel, open_db

if TYPE_CHECKING:
    from tests.pg import PgServer


def test_models_and_migrations_agree_on_postgresql(pg_server: PgServer) -> None:
    """Alembic's autogenerate finds nothing to add, drop or alter after 0001–0005 on PostgreSQL."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from qjsc_panel.store.models import Base

    db = open_database(pg_server.fresh("agree"))
    try:
        with db.engine.connect() as c:
            assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    finally:
        db.close()


def test_each_migration_up_and_down_on_postgresql(pg_server: PgServer) -> None:
    """0001 → head with data in between (0005 copies the summary out of result_json), then all the
    way down and up again: every migration's PostgreSQL branch runs."""
    url = pg_server.empty("steps")
    engine = create_engine(url)
    try:
        migrate.upgrade(engine, "0004")
        with engine.begin() as c:
            c.execute(text("INSERT INTO consultancy (name, contact) VALUES ('旧咨询公司', '')"))
        migrate.upgrade(engine, "head")
        with engine.connect() as c:
            assert c.execute(text("SELECT name, conditions FROM consultancy")).one() == ("旧咨询公司", [])
            triggers = {r[0] for r in c.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))}
        assert {"audit_log_append_only", "score_entry_submitted", "acceptance_frozen", "archive_bundle_read_only"} <= (
            triggers
        )
        _downgrade(engine, "base")
        with engine.connect() as c:
            left = c.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
        assert left == 1  # alembic_version only
        migrate.upgrade(engine, "head")
    finally:
        engine.dispose()


def _downgrade(engine: Any, target: str) -> None:
    from alembic import command

    cfg = migrate._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, target)


def test_a_newer_schema_is_refused(pg_server: PgServer) -> None:
    url = pg_server.fresh("newer")
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(QjscError) as err:
        open_database(url)
    assert err.value.code == "db.too_new"


def test_what_only_a_file_can_do_is_refused_clearly(pg_server: PgServer, tmp_path: Path) -> None:
    from qjsc_panel.services.backup import create_backup

    url = pg_server.fresh("refuse")
    with pytest.raises(QjscError) as err:
        _ = App(home=tmp_path, db_path=url, encrypt_db=True, ask_passphrase=lambda: "口令口令口令口令").db
    assert err.value.code == "store.server_no_encryption" and "SQLCipher" in err.value.render("en")
    app = App(home=tmp_path, db_path=url)
    try:
        assert app.db.is_server and app.home == tmp_path
        with pytest.raises(QjscError) as err:
            create_backup(app.home, app.db_path, tmp_path / "b.qjscbak", "口令口令口令口令口令")
        assert err.value.code == "store.server_no_backup" and "pg_dump" in err.value.render("en")
    finally:
        app.close()
    with pytest.raises(QjscError) as err:
        open_database("mysql://someone@localhost/archive")
    assert err.value.code == "store.server_unsupported"
    dead = pg_server.url("nowhere").replace(f"port={pg_server.port}", "port=1")
    with pytest.raises(QjscError) as err:
        open_database(dead)
    assert err.value.code == "store.server_unreachable" and "nowhere" in err.value.render("zh")


def test_the_cli_works_on_a_url(pg_server: PgServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from qjsc_panel.cli import main

    url = pg_server.fresh("cli")
    db = open_db(url, tmp_path)
    try:
        p = make_panel(db, 3)
        fill(p, "专家1", Decimal("0.9"))
    finally:
        db.close()
    capsys.readouterr()
    assert main(["--db", url, "--home", str(tmp_path), "--json", "acceptance", "list"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["uuid"] for r in listed] == [p.acc]
    assert main(["--db", url, "--home", str(tmp_path), "verify-log"]) == 0
    # The light path of `score show` is SQLite's: on a URL the full path answers the same.
    assert main(["--db", url, "--home", str(tmp_path), "--json", "score", "show", p.acc, "专家1"]) == 0
    assert "1.1" in capsys.readouterr().out


# --- eight writers on one archive -----------------------------------------------------------
WRITERS = 8


def _writer(url: str, home: str, actor: str, member: int, items: list[str], start: Any) -> None:
    """One secretary's machine: its own process and connection pool, a transaction per score."""
    db = open_database(url)
    db.data_dir = Path(home)
    app = App(db, actor=actor)
    start.wait()  # all eight begin together
    try:
        for rnd in range(2):
            for item in items:
                scoring.set_score(app, member, item, "0.5" if rnd else "0")
            scoring.set_comment(app, member, items[0], f"{actor} 第{rnd + 1}轮")
    finally:
        db.close()


def test_eight_writer_processes_lose_nothing(pg_server: PgServer, tmp_path: Path) -> None:
    url = pg_server.fresh("writers")
    db = open_db(url, tmp_path)
    p = make_panel(db, WRITERS)
    for name, member in p.members.items():
        panel.declare(p.as_(name), member, [])
    items = [i.id for i in p.form.items][:12]
    with db.engine.connect() as c:
        before = c.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    # forkserver: a clean process (no copy of this one's connections or threads) that imports the
    # app once, then forks each writer from it: ~1 s instead of 8 imports on a shared machine.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.store.test_server"])
    start = ctx.Barrier(WRITERS)
    procs = [
        ctx.Process(target=_writer, args=(url, str(tmp_path), name, member, items, start))
        for name, member in p.members.items()
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(240)
    assert [proc.exitcode for proc in procs] == [0] * WRITERS
    written = WRITERS * (len(items) * 2 + 2)  # each: two rounds of scores and a comment per round
    with db.engine.connect() as c:
        logged = c.execute(text("SELECT count(*) FROM audit_log")).scalar()
        seqs = [r[0] for r in c.execute(text("SELECT seq FROM audit_log ORDER BY seq"))]
        scores = c.execute(text("SELECT count(*), sum(score) FROM score_entry WHERE score IS NOT NULL")).one()
        head = c.execute(text("SELECT seq FROM audit_head")).scalar()
    assert logged == before + written  # every write has its entry
    assert seqs == list(range(1, len(seqs) + 1)) and head == seqs[-1]  # one unbroken chain
    assert tuple(scores) == (WRITERS * len(items), Decimal("0.5") * WRITERS * len(items))
    count, problems = auditlog.verify_log(p.ctx, replay=True)
    assert count == logged and problems == []
    for name, member in p.members.items():
        view = scoring.sheet_view(p.as_(name), member)
        assert view is not None and view.comments == {items[0]: f"{name} 第2轮"}


@pytest.fixture(autouse=True)
def _close_databases() -> Any:
    from tests.factories import close_opened

    yield
    close_opened()
