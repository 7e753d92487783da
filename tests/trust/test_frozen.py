"""Frozen at finalisation: the issue's UPDATEs are refused by triggers, and whoever drops the
triggers first is caught by every output (result, PDF, workbook) and by verify-log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import review
from qjsc_panel.services.auditlog import verify_log
from tests.trust.conftest import Finalised

# Each row: (SQL an attacker runs, the trigger that refuses it).
ATTACKS = [
    ("UPDATE score_sheet SET excluded_reason = 'x'", "score_sheet_frozen_update"),
    ("UPDATE panel_member SET recused = 1 WHERE id = (SELECT MAX(id) FROM panel_member)", "panel_member_frozen_update"),
    ("UPDATE acceptance SET status = 'open'", "acceptance_frozen_update"),
    (
        'UPDATE acceptance SET result_json = replace(result_json, \'"result": "pass"\', \'"result": "fail"\')',
        "acceptance_frozen_update",
    ),
    ("UPDATE score_entry SET score = '0' WHERE id = (SELECT MIN(id) FROM score_entry)", "score_entry_frozen_update"),
    ("DELETE FROM score_entry WHERE id = (SELECT MIN(id) FROM score_entry)", "score_entry_frozen_delete"),
    ("UPDATE score_sheet SET outlier_note = 'x'", "score_sheet_frozen_update"),
    (
        "INSERT INTO veto_proposal (acceptance_id, veto_item_id, proposer_id, evidence, proposed_at, status,"
        " decision_reason, decided_by) VALUES (1, 'V1', 1, 'e', '2026-11-20', 'confirmed', '', '')",
        "veto_proposal_frozen_insert",
    ),
    (
        "INSERT INTO report_doc (acceptance_uuid, kind, body, updated_at, updated_by)"
        " SELECT uuid, 'opinion', '{}', '2026-11-21', 'x' FROM acceptance",
        "report_doc_frozen_insert",
    ),
    ("UPDATE panel_member SET name = 'x'", "panel_member_frozen_update"),
    ("DELETE FROM acceptance", "acceptance_frozen_delete"),
]


def _sql(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for st in statements:
            con.execute(st)
    finally:
        con.close()


@pytest.mark.parametrize(("sql", "trigger"), ATTACKS, ids=[a[1] + str(i) for i, a in enumerate(ATTACKS)])
def test_every_change_to_a_finalised_acceptance_is_refused(fin: Finalised, sql: str, trigger: str) -> None:
    before = _dump(fin.path)
    with pytest.raises(sqlite3.IntegrityError, match="acceptance is finalised"):
        _sql(fin.path, sql)
    assert _dump(fin.path) == before


def test_bureau_decision_is_still_recorded_after_finalisation(fin: Finalised) -> None:
    from datetime import date

    from qjsc_panel.services import acceptances

    acceptances.record_bureau_decision(fin.ctx, fin.acc, "approved", date(2026, 12, 1))
    assert review.result(fin.ctx, fin.acc)["bureau_decision"] == "approved"


@pytest.mark.parametrize(("sql", "trigger"), ATTACKS[:5], ids=[a[1] for a in ATTACKS[:5]])
def test_dropping_the_trigger_first_is_caught_by_every_output(fin: Finalised, sql: str, trigger: str) -> None:
    drop_all_triggers(fin.path)
    _sql(fin.path, sql)
    with pytest.raises(QjscError) as err:
        review.result(fin.ctx, fin.acc)
    assert err.value.code == "trust.frozen_mismatch"
    assert "定稿" in err.value.render("zh") and "finalised" in err.value.render("en")
    from qjsc_panel.services import outputs

    with pytest.raises(QjscError) as err2:
        outputs.load_sources(fin.ctx, fin.acc)
    assert err2.value.code == "trust.frozen_mismatch"
    _, problems = verify_log(fin.ctx)
    assert problems, "verify-log must see the table disagree with the log"


def test_a_score_changed_behind_the_triggers_never_reaches_the_pdf(fin: Finalised, tmp_path: Path) -> None:
    import shutil
    import subprocess

    from qjsc_panel.cli import main

    out = tmp_path / "a.pdf"
    assert main(["--db", str(fin.path), "pdf", fin.acc, "--out", str(out)]) == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert fin.composite in text
    fin.close()
    _sql(
        fin.path,
        "DROP TRIGGER score_entry_frozen_update",
        "DROP TRIGGER score_entry_no_update",
        "UPDATE score_entry SET score = score + 1 WHERE item_id IN ('1.1', '2.1')",
    )
    out2 = tmp_path / "b.pdf"
    assert main(["--db", str(fin.path), "pdf", fin.acc, "--out", str(out2)]) == 2
    assert not out2.exists()
    assert main(["--db", str(fin.path), "workbook", fin.acc, "--out", str(tmp_path / "w.xlsx")]) == 2
    assert not (tmp_path / "w.xlsx").exists()


def test_result_prints_the_frozen_result(fin: Finalised) -> None:
    record = review.result(fin.ctx, fin.acc)
    assert record["composite"] == fin.composite and record["status"] == "finalised"
    assert "documents" in json.loads(_result_json(fin.path))


def drop_all_triggers(path: Path) -> None:
    """What the owner of the file can always do first."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            con.execute(f"DROP TRIGGER {name}")
    finally:
        con.close()


def _result_json(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT result_json FROM acceptance").fetchone()[0])
    finally:
        con.close()


def _dump(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()
