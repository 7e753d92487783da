"""Frozen at finalisation on PostgreSQL, on an acceptance the services finalised: the same
attacks as tests/trust/test_frozen.py refused by the PL/pgSQL triggers, and whoever drops the
triggers first is caught by the outputs and by verify-log, as on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import outputs, review
from qjsc_panel.services.app import App
from qjsc_panel.services.auditlog import verify_log
from qjsc_panel.store.db import Database
from tests.factories import RawSql, close_opened, dump_server, fill, make_panel, open_db
from tests.trust.conftest import SHARES
from tests.trust.test_frozen import ATTACKS

if TYPE_CHECKING:
    from tests.pg import PgServer

# SQLite takes 1 for true; PostgreSQL's boolean column does not.
PG_ATTACKS = [(sql.replace("recused = 1", "recused = true"), trigger) for sql, trigger in ATTACKS]


@pytest.fixture(scope="module")
def finalised_pg(pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    """(template database name, acceptance uuid, the chair's data directory)."""
    home = tmp_path_factory.mktemp("fin-pg")
    url = pg_server.fresh("fintemplate")
    db = open_db(url, home)
    p = make_panel(db, 4)
    for name, share in SHARES.items():
        fill(p, name, Decimal(share))
    review.justify_outlier(p.chair_ctx, p.acc, "专家4", "评分依据充分，予以保留")
    review.finalise(p.chair_ctx, p.acc)
    close_opened()
    from sqlalchemy.engine import make_url

    return str(make_url(url).database), p.acc, home


@pytest.fixture
def fin(pg_server: PgServer, finalised_pg: tuple[str, str, Path]) -> Iterator[tuple[Database, str]]:
    template, acc, home = finalised_pg
    db = open_db(pg_server.fresh("fin", template=template), home)
    yield db, acc
    close_opened()


@pytest.mark.parametrize(("sql", "trigger"), PG_ATTACKS, ids=[a[1] + str(i) for i, a in enumerate(PG_ATTACKS)])
def test_every_change_to_a_finalised_acceptance_is_refused(fin: tuple[Database, str], sql: str, trigger: str) -> None:
    db, _ = fin
    before = dump_server(db)
    con = RawSql(db)
    try:
        with pytest.raises(con.errors, match="acceptance is finalised"):
            con.execute(sql)
    finally:
        con.close()
    assert dump_server(db) == before


@pytest.mark.parametrize(("sql", "trigger"), PG_ATTACKS[:5], ids=[a[1] for a in PG_ATTACKS[:5]])
def test_dropping_the_triggers_first_is_caught(fin: tuple[Database, str], sql: str, trigger: str) -> None:
    db, acc = fin
    con = RawSql(db)
    try:
        for table, name in con.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
        ).fetchall():
            con.execute(f'DROP TRIGGER "{name}" ON {table}')
        con.execute(sql)
    finally:
        con.close()
    ctx = App(db, actor="秘书")
    with pytest.raises(QjscError) as err:
        review.result(ctx, acc)
    assert err.value.code == "trust.frozen_mismatch"
    with pytest.raises(QjscError) as err2:
        outputs.load_sources(ctx, acc)
    assert err2.value.code == "trust.frozen_mismatch"
    _, problems = verify_log(ctx)
    assert problems, "verify-log must see the table disagree with the log"
