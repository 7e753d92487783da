"""The freeze triggers of migration 0004 on PostgreSQL (PL/pgSQL), on the session's throw-away
server (tests/pg.py).  Skipped, with the reason, where PostgreSQL or psycopg is absent."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.pg import PgServer

MIGRATION = Path(__file__).resolve().parents[2] / "qjsc_panel/store/migrations/versions/0004_freeze.py"


@pytest.fixture(scope="module")
def pg_url(pg_server: PgServer) -> str:
    return pg_server.empty("freeze")


def _migration() -> Any:
    spec = importlib.util.spec_from_file_location("freeze_0004", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def engine(pg_url: str) -> Iterator[Any]:
    from sqlalchemy import create_engine, text

    from qjsc_panel.store.models import Base

    eng = create_engine(pg_url)
    mig = _migration()
    with eng.begin() as c:
        Base.metadata.create_all(c)
        for stmt in [*mig.PG_FUNCTIONS, *mig.pg_triggers()]:
            c.execute(text(stmt))  # as Alembic's op.execute runs them
        c.exec_driver_sql(
            "INSERT INTO enterprise (id, name, credit_code, district, address, in_shenzhen, legal_form, established,"
            " industry, industrial, products, scale, contact, industry_code, legal_status)"
            " VALUES (1, 'E', 'C1', 'D', '',"
            " true, 'legal_person', '2015-01-01', '', true, '', '', '', '', 'active')"
        )
        for acc_id, status in ((1, "finalised"), (2, "open")):
            c.exec_driver_sql(
                "INSERT INTO acceptance (id, uuid, enterprise_id, visit_date, place, district, form_id, form_version,"
                " form_hash, form_json, method, outlier_share, first_application, prelim_by, prelim_note, penalty_by,"
                " penalty_note, status, finalised_by, bureau_decision_note, result_json) VALUES"
                f" ({acc_id}, 'u{acc_id}', 1, '2026-11-20', '', '', 'f', '1', 'h', '{{}}', 'mean', 0.2, true, '', '',"
                f" '', '', 'open', '', '', '{{\"composite\": \"77.8\"}}')"
            )
            c.exec_driver_sql(
                "INSERT INTO panel_member (id, acceptance_id, role, is_chair, name, employer, title, phone,"
                " conflicts, conflict_note, confidentiality, recused, recusal_reason) VALUES"
                f" ({acc_id}, {acc_id}, 'expert', true, 'M', '', '', '', '[]', '', true, false, '')"
            )
            c.exec_driver_sql(
                "INSERT INTO score_sheet (id, uuid, acceptance_id, member_id, version, correction_reason, status,"
                " form_hash, source, signed, paper_confirmed_by, excluded_reason, outlier_note) VALUES"
                f" ({acc_id}, 's{acc_id}', {acc_id}, {acc_id}, 1, '', 'submitted', 'h', 'local', false, '', '', '')"
            )
            c.exec_driver_sql(
                f"INSERT INTO score_entry (sheet_id, item_id, score, comment) VALUES ({acc_id}, '1.1', 2.5, '')"
            )
            c.exec_driver_sql(f"UPDATE acceptance SET status = '{status}' WHERE id = {acc_id}")
    yield eng
    eng.dispose()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE score_sheet SET excluded_reason = 'x' WHERE acceptance_id = 1",
        "UPDATE panel_member SET recused = true WHERE acceptance_id = 1",
        "UPDATE acceptance SET status = 'open' WHERE id = 1",
        'UPDATE acceptance SET result_json = \'{"composite": "99.0"}\' WHERE id = 1',
        "UPDATE score_entry SET score = 0 WHERE sheet_id = 1",
        "DELETE FROM score_entry WHERE sheet_id = 1",
        "INSERT INTO score_entry (sheet_id, item_id, score, comment) VALUES (1, '1.2', 1, '')",
        "DELETE FROM acceptance WHERE id = 1",
        "UPDATE score_sheet SET acceptance_id = 2 WHERE id = 1",
    ],
)
def test_postgres_refuses_changes_to_a_finalised_acceptance(engine: Any, sql: str) -> None:
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="acceptance is finalised"), engine.begin() as c:
        c.exec_driver_sql(sql)


def test_postgres_allows_the_open_acceptance_and_the_bureau_decision(engine: Any) -> None:
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE score_sheet SET excluded_reason = 'recused later' WHERE acceptance_id = 2")
        c.exec_driver_sql("UPDATE acceptance SET bureau_decision = 'approved' WHERE id = 1")
        assert c.exec_driver_sql("SELECT bureau_decision FROM acceptance WHERE id = 1").scalar() == "approved"


def test_postgres_audit_head_follows_the_log(engine: Any) -> None:
    from sqlalchemy.exc import DBAPIError

    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO audit_log (seq, at, actor, action, acceptance_uuid, payload, prev_hash, hash)"
            f" VALUES (1, 'now', 'a', 'x', NULL, '{{}}', '{'0' * 64}', 'h1')"
        )
        c.exec_driver_sql("INSERT INTO audit_head (id, seq, hash) VALUES (1, 1, 'h1')")
    for sql in (
        "UPDATE audit_head SET hash = 'forged' WHERE id = 1",
        "DELETE FROM audit_head",
        "INSERT INTO audit_log (seq, at, actor, action, acceptance_uuid, payload, prev_hash, hash)"
        " VALUES (2, 'now', 'a', 'x', NULL, '{}', 'not-the-head', 'h2')",
    ):
        with pytest.raises(DBAPIError), engine.begin() as c:
            c.exec_driver_sql(sql)
