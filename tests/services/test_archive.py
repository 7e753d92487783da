"""The archive: one query per list, filters and sorting, deadlines, the bureau's number and the
index-backed lookups that keep 10,000 acceptances fast."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event

from qjsc_panel.errors import QjscError
from qjsc_panel.services import acceptances, archive, registry, review
from qjsc_panel.services.archive import ArchiveQuery
from qjsc_panel.services.common import get_acceptance
from qjsc_panel.services.context import Ctx
from qjsc_panel.services.status import panel_status
from qjsc_panel.store.db import Database
from tests.factories import VISIT, Panel, fill, make_panel, open_db


@contextmanager
def statements(db: Database) -> Iterator[list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []

    def spy(_conn: object, _cur: object, sql: str, params: object, _ctx: object, _many: bool) -> None:
        seen.append((sql, params))

    event.listen(db.engine, "before_cursor_execute", spy)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", spy)


def plan(db: Database, sql: str, params: object) -> str:
    import sqlite3

    if db.url is not None:
        return pg_plan(db, sql, params)
    con = sqlite3.connect(db.path)
    try:
        return " | ".join(str(r[-1]) for r in con.execute("EXPLAIN QUERY PLAN " + sql, params))  # type: ignore[arg-type]
    finally:
        con.close()


def pg_plan(db: Database, sql: str, params: object) -> str:
    """PostgreSQL's plan with sequential scans priced out: a tiny test table is always cheaper
    to scan, so this asks whether an index *can* answer the query (LIKE could not)."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        rows = conn.exec_driver_sql("EXPLAIN " + sql, params).fetchall()  # type: ignore[arg-type]
        conn.rollback()
    return " | ".join(str(r[0]) for r in rows)


def index_used(db: Database, text: str, index: str, table: str) -> bool:
    """The plan answers through ``index`` (SQLite: the name or a covering index) without a scan."""
    if db.url is not None:
        return f"Index Scan using {index}" in text or f"Index Only Scan using {index}" in text
    return (index in text or "USING COVERING INDEX" in text) and f"SCAN {table}" not in text


def finalised(p: Panel) -> Panel:
    for name in p.members:
        fill(p, name, Decimal("0.85"))
    review.finalise(p.chair_ctx, p.acc)
    return p


@pytest.fixture
def world(db_url: Path | str, tmp_path: Path) -> tuple[Panel, str, str]:
    """One finalised acceptance (宝安区), one open of another enterprise (深汕), one open a year earlier."""
    p = finalised(make_panel(open_db(db_url, tmp_path), 3))
    ctx = p.ctx
    other = registry.add_enterprise(
        ctx, "深汕新材料有限公司", "914403001922038216", "深汕特别合作区", "legal_person", date(2012, 3, 1)
    )
    second = acceptances.create_acceptance(ctx, other, VISIT + timedelta(days=3))
    older = acceptances.create_acceptance(ctx, other, date(2025, 6, 1))
    return p, second, older


def test_list_is_one_statement_with_status_deadline_and_result(world: tuple[Panel, str, str]) -> None:
    p, second, older = world
    with statements(p.ctx.db) as seen:
        rows = archive.archive_page(p.ctx, ArchiveQuery())
    assert len([s for s, _ in seen if s.lstrip().upper().startswith("SELECT")]) == 1
    assert [r.uuid for r in rows] == [second, p.acc, older]  # newest visit first
    done = rows[1]
    assert done.status == "finalised" and done.result == "pass" and done.grade in ("excellent", "good")
    assert done.composite and Decimal(done.composite) > 0
    assert done.deadline == date(2026, 12, 20) and done.district == "宝安区"
    assert archive.archive_count(p.ctx, ArchiveQuery()) == 3
    with statements(p.ctx.db) as seen:
        listed = acceptances.list_acceptances(p.ctx)
    assert len(seen) == 1 and {r["uuid"] for r in listed} == {p.acc, second, older}


def test_filter_sort_and_search(world: tuple[Panel, str, str]) -> None:
    p, second, older = world
    ctx = p.ctx
    assert [r.uuid for r in archive.archive_page(ctx, ArchiveQuery(text="深汕新材料"))] == [second, older]
    assert [r.uuid for r in archive.archive_page(ctx, ArchiveQuery(text="914403001922038216"))] == [second, older]
    assert [r.uuid for r in archive.archive_page(ctx, ArchiveQuery(district="深汕特别合作区", descending=False))] == [
        older,
        second,
    ]
    assert [r.uuid for r in archive.archive_page(ctx, ArchiveQuery(status="finalised"))] == [p.acc]
    assert [r.uuid for r in archive.archive_page(ctx, ArchiveQuery(result="pass"))] == [p.acc]
    assert [r.uuid for r in archive.archive_page(ctx, ArchiveQuery(since=date(2026, 1, 1)))] == [second, p.acc]
    by_name = archive.archive_page(ctx, ArchiveQuery(sort="enterprise", descending=False))
    assert [r.enterprise for r in by_name] == sorted(r.enterprise for r in by_name)
    # A wildcard typed by a person is a character, not a pattern.
    assert archive.archive_page(ctx, ArchiveQuery(text="%")) == []
    assert archive.archive_page(ctx, ArchiveQuery(text="_")) == []
    with pytest.raises(QjscError):
        archive.archive_page(ctx, ArchiveQuery(sort="uuid; DROP TABLE acceptance"))
    # Paging walks the same order without repeats.
    pages = [archive.archive_page(ctx, ArchiveQuery(), offset=i, limit=1) for i in range(4)]
    assert [r.uuid for page in pages for r in page] == [second, p.acc, older]


def test_overdue_final_materials(world: tuple[Panel, str, str]) -> None:
    p, _, _ = world
    ctx = p.ctx
    (row,) = archive.archive_page(ctx, ArchiveQuery(status="finalised"))
    assert not row.overdue(row.deadline) and row.overdue(row.deadline + timedelta(days=1))
    acceptances.record_final_materials(ctx, p.acc, row.deadline + timedelta(days=2))
    (row,) = archive.archive_page(ctx, ArchiveQuery(status="finalised"))
    assert row.overdue(date(2026, 12, 1))  # came late: stays highlighted
    assert [r.uuid for r in archive.archive_page(ctx, ArchiveQuery(overdue_only=True))] == [p.acc]
    acceptances.record_final_materials(ctx, p.acc, row.deadline)
    assert archive.archive_page(ctx, ArchiveQuery(overdue_only=True)) == []  # on the day itself: on time


def test_archiving_assigns_the_bureaus_number_in_sequence(db_url: Path | str, tmp_path: Path) -> None:
    p1 = finalised(make_panel(open_db(db_url, tmp_path), 3))
    ctx = p1.ctx
    with pytest.raises(QjscError) as err:
        ent = registry.add_enterprise(ctx, "另一家", "91440300708461136T", "南山区", "legal_person", date(2010, 1, 1))
        archive.archive(ctx, acceptances.create_acceptance(ctx, ent, VISIT))
    assert err.value.code == "acceptance.not_finalised"
    number = archive.archive(ctx, p1.acc)
    assert number == "深工信清审验〔2026〕第0001号"
    with pytest.raises(QjscError) as err:
        archive.archive(ctx, p1.acc)
    assert "第0001号" in err.value.render("zh")
    (row,) = archive.archive_page(ctx, ArchiveQuery(text="第0001号"))
    assert row.status == "archived" and row.acceptance_no == number
    with ctx.db.session() as s:
        assert archive.next_acceptance_no(s, 2026) == "深工信清审验〔2026〕第0002号"
        assert archive.next_acceptance_no(s, 2027) == "深工信清审验〔2027〕第0001号"
    acceptances.record_bureau_decision(ctx, p1.acc, "approved", date(2026, 12, 28), "同意")
    (row,) = archive.archive_page(ctx, ArchiveQuery(status="archived"))
    assert row.bureau_decision == "approved" and row.bureau_decision_at == date(2026, 12, 28)


def test_uuid_prefix_lookup_uses_the_index(world: tuple[Panel, str, str]) -> None:
    p, _, _ = world
    with statements(p.ctx.db) as seen, p.ctx.db.session() as s:
        assert get_acceptance(s, p.acc[:8].upper()).uuid == p.acc
    sql, params = next((q, a) for q, a in seen if "FROM acceptance" in q and "uuid" in q)
    assert "LIKE" not in sql.upper()
    text = plan(p.ctx.db, sql, params)
    unique = "uq_acceptance_uuid" if p.ctx.db.url else "sqlite_autoindex_acceptance"
    assert index_used(p.ctx.db, text, unique, "acceptance"), text


def test_log_by_acceptance_uses_the_index(world: tuple[Panel, str, str]) -> None:
    from qjsc_panel.cli import main

    p, _, _ = world
    captured: list[tuple[str, object]] = []

    def spy(_conn: object, _cur: object, sql: str, params: object, _ctx: object, _many: bool) -> None:
        captured.append((sql, params))

    from sqlalchemy.engine import Engine

    event.listen(Engine, "before_cursor_execute", spy)
    try:
        db = p.ctx.db.url or str(p.ctx.db.path)
        assert main(["--db", db, "--home", str(p.ctx.home), "--json", "log", "--acceptance", p.acc[:8]]) == 0
    finally:
        event.remove(Engine, "before_cursor_execute", spy)
    sql, params = next((q, a) for q, a in captured if "FROM audit_log" in q)
    text = plan(p.ctx.db, sql, params)
    assert index_used(p.ctx.db, text, "ix_audit_log_acceptance_uuid", "audit_log"), text


def test_expert_home_is_one_query_and_agrees_with_the_panel_status(world: tuple[Panel, str, str]) -> None:
    p, _, _ = world
    ctx = p.ctx
    # The chair's key is on record from before finalisation (a change after it would be refused
    # as a change to a frozen acceptance's members).
    with statements(ctx.db) as seen:
        assert p.chair_key is not None
        (row,) = archive.expert_home(ctx, p.chair_key.fingerprint)
    assert len(seen) == 1
    member = panel_status(ctx, p.acc).member(row.member_id)
    assert row.acceptance == p.acc and row.declared == member.declared and row.finalised
    assert row.sheet_status == (member.latest.status if member.latest else None) == "submitted"
    assert archive.expert_home(ctx, "cd" * 32) == []
    chair = archive.chair_home(ctx)
    assert [(c.acceptance, c.experts, c.submitted) for c in chair][1] == (p.acc, 3, 3)
    assert [c.acceptance for c in archive.chair_home(ctx, chair=p.chair)] == [p.acc]


def test_read_connection_does_not_take_the_write_lock(world: tuple[Panel, str, str]) -> None:
    p, _, _ = world
    with statements(p.ctx.db) as seen:
        archive.archive_page(p.ctx, ArchiveQuery())
    assert not any("BEGIN IMMEDIATE" in s for s, _ in seen)
    _ = Ctx  # the context type used by every call above
