"""Builders for real acceptances in real SQLite files, shared by the service and CLI tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from qjsc_panel.domain.credit_code import with_check
from qjsc_panel.domain.form import Form
from qjsc_panel.services import acceptances, panel, registry, scoring
from qjsc_panel.services.app import App
from qjsc_panel.services.authority import SessionKey, from_private
from qjsc_panel.store.db import Database, open_database

VISIT = date(2026, 11, 20)


@dataclass
class Panel:
    ctx: App
    acc: str
    form: Form
    members: dict[str, int] = field(default_factory=dict)
    chair: str = ""
    chair_key: SessionKey | None = None

    def as_(self, actor: str, key: SessionKey | None = None) -> App:
        app = self.ctx.as_actor(actor)
        app.key = key
        return app

    @property
    def chair_ctx(self) -> App:
        """The chair, holding the key the panel registered for the chair."""
        return self.as_(self.chair, self.chair_key)


def chair_key(name: str) -> SessionKey:
    """A fresh in-memory P-256 key (no key file, no scrypt: tests stay fast)."""
    from cryptography.hazmat.primitives.asymmetric import ec

    return from_private(name, ec.generate_private_key(ec.SECP256R1()))


def new_db(tmp_path: Path, name: str = "panel.sqlite3") -> Database:
    return open_database(tmp_path / name)


def make_panel(
    db: Database, n_experts: int = 4, *, method: str = "mean", checks: bool = True, established: date = date(2015, 1, 1)
) -> Panel:
    ctx = App(db, actor="secretary")
    firm = registry.add_consultancy(ctx, "某咨询公司")
    code = with_check(f"91440300MA5T{len(db.path.name):05d}")
    ent = registry.add_enterprise(ctx, "深圳市测试电路有限公司", code, "宝安区", "legal_person", established)
    acc = acceptances.create_acceptance(ctx, ent, VISIT, consultancy_id=firm, method=method)
    if checks:
        acceptances.record_prelim(ctx, acc, True)
        acceptances.record_penalty_check(ctx, acc, True)
    p = Panel(ctx, acc, acceptances.load_acceptance_form(ctx, acc))
    for i in range(n_experts):
        name = f"专家{i + 1}"
        xid = registry.add_expert(ctx, name, "senior", 15)
        p.members[name] = panel.add_member(ctx, acc, expert_id=xid, is_chair=(i == 0))
        if i == 0:
            p.chair = name
            p.chair_key = chair_key(name)
            registry.set_expert_fingerprint(ctx, xid, p.chair_key.fingerprint)
    return p


def fill(
    p: Panel, name: str, share: Decimal = Decimal("0.8"), *, submit: bool = True, declare: bool = True
) -> dict[str, Decimal]:
    """Score every item at about ``share`` of its maximum (on the step) and submit."""
    ctx = p.as_(name)
    member = p.members[name]
    if declare:
        panel.declare(ctx, member, [])
    scores = {}
    for item in p.form.items:
        value = (item.max_points * share / item.step).to_integral_value() * item.step
        scores[item.id] = scoring.set_score(ctx, member, item.id, str(value))
    if submit:
        scoring.submit(ctx, member)
    return {k: v for k, v in scores.items() if v is not None}


def dump(db: Database) -> str:
    """Every row of every table, to show that a refused action changed nothing."""
    import sqlite3

    if db.url is not None:
        return dump_server(db)
    con = sqlite3.connect(str(db.path))
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


# --- pg: tests that run on SQLite and on PostgreSQL (the db_url fixture in tests/conftest.py) ---
def open_db(target: Path | str, home: Path) -> Database:
    """``open_database`` on a ``db_url``; a server database is told ``home`` as its data
    directory (a file's is its folder), as the CLI and the desktop app tell the App."""
    db = open_database(target)
    if db.is_server:
        db.data_dir = home
    OPENED.append(db)
    return db


# Closed by the db_url fixture after each test: a server connection left to the garbage
# collector warns (and the strict test configuration turns warnings into failures).
OPENED: list[Database] = []


def close_opened() -> None:
    while OPENED:
        OPENED.pop().close()


class RawSql:
    """What someone with the database's own shell could do, outside the app: plain SQL with
    ``?`` placeholders, each statement committed on its own.  ``errors``: what a trigger's
    refusal raises on this backend."""

    def __init__(self, db: Database) -> None:
        import sqlite3

        self.con: Any
        if db.url is None:
            self.con = sqlite3.connect(db.path, isolation_level=None)
            self.errors: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
            self._close = self.con.close
        else:
            import psycopg
            from sqlalchemy.engine import make_url

            from qjsc_panel.store.server import PgCon

            url = make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False)
            pg = psycopg.connect(url, autocommit=True)
            self.con, self.errors, self._close = PgCon(pg), (psycopg.Error,), pg.close

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.con.execute(sql, params)

    def close(self) -> None:
        self._close()


def dump_server(db: Database) -> str:
    """:func:`dump` on PostgreSQL: each table's rows, sorted (a heap has no stable order)."""
    from sqlalchemy import inspect

    out: list[str] = []
    with db.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.exec_driver_sql(f'SELECT * FROM "{table}"').fetchall()
            out += [table, *sorted(repr(tuple(r)) for r in rows)]
    return "\n".join(out)
