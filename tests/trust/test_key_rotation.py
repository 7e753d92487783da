"""Frozen check vs key rotation (issue 12, item 3): an expert who changes key after an
acceptance was finalised must not make that acceptance's outputs refuse.  The frozen result
records the keys valid at finalisation and the check verifies against those — the counted
sheet's signer and the keys the log records for the expert up to finalisation — never against
the expert's current key.  A real tamper is still refused."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import outputs, registry, review
from qjsc_panel.services.app import App
from qjsc_panel.services.auditlog import verify_log
from qjsc_panel.store.db import open_database
from tests.trust.test_frozen import drop_all_triggers

NEW_KEY = "ab" * 32  # the fingerprint of a key made after the acceptance was finalised


def _sql(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for stmt in statements:
            con.execute(stmt)
    finally:
        con.close()


def _members(path: Path, acc: str) -> list[tuple[int, str, bool]]:
    """(expert id, name, chair) of the acceptance's members with a key on record."""
    con = sqlite3.connect(path)
    try:
        return [
            (int(eid), str(name), bool(chair))
            for eid, name, chair in con.execute(
                "SELECT e.id, m.name, m.is_chair FROM panel_member m JOIN expert e ON e.id = m.expert_id"
                " JOIN acceptance a ON a.id = m.acceptance_id WHERE a.uuid = ? AND e.key_fingerprint IS NOT NULL"
                " ORDER BY m.id",
                (acc,),
            )
        ]
    finally:
        con.close()


@pytest.fixture
def demo(signed_demo: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    path, acc = signed_demo
    dst = tmp_path / "demo.sqlite3"
    shutil.copyfile(path, dst)
    return dst, acc


@pytest.mark.parametrize("who", ["expert", "chair"])
def test_an_old_acceptance_still_renders_and_verifies_after_a_key_change(
    demo: tuple[Path, str], tmp_path: Path, who: str
) -> None:
    path, acc = demo
    members = _members(path, acc)
    eid = next(e for e, _name, chair in members if chair == (who == "chair"))
    db = open_database(path)
    try:
        ctx = App(db, actor="秘书")
        before = review.result(ctx, acc)
        printed = {m.id: m.key_fingerprint for m in outputs.load_sources(ctx, acc).comp.experts}
        registry.set_expert_fingerprint(ctx, eid, NEW_KEY)  # the expert's later key (logged)
        after = review.result(ctx, acc)
        assert after["composite"] == before["composite"] and after["members"] == before["members"]
        src = outputs.load_sources(ctx, acc)  # what the PDF and the workbook render from
        assert str(src.comp.composite) == before["composite"]
        # the signing page prints the keys valid at finalisation, not the later one
        assert {m.id: m.key_fingerprint for m in src.comp.experts} == printed
        assert NEW_KEY not in printed.values()
        w = outputs.write_all(ctx, acc, tmp_path / "out", bundle=False)
        assert w.pdf.stat().st_size > 0 and w.workbook.stat().st_size > 0
        _n, problems = verify_log(ctx)
        assert problems == [], problems
    finally:
        db.close()


def test_a_forged_key_in_the_frozen_result_is_still_refused(demo: tuple[Path, str]) -> None:
    """Someone who rewrites the frozen result to name another key for a signed sheet is caught:
    the key must be the one that signed the counted sheet."""
    path, acc = demo
    con = sqlite3.connect(path)
    frozen = json.loads(con.execute("SELECT result_json FROM acceptance WHERE uuid = ?", (acc,)).fetchone()[0])
    con.close()
    member = next(m for m in frozen["members"] if m["sheet"] and m["sheet"]["signed"])
    member["fingerprint"] = NEW_KEY
    drop_all_triggers(path)
    text = json.dumps(frozen, ensure_ascii=False, sort_keys=True).replace("'", "''")
    _sql(path, f"UPDATE acceptance SET result_json = '{text}' WHERE uuid = '{acc}'")
    db = open_database(path)
    try:
        with pytest.raises(QjscError) as err:
            review.result(App(db, actor="秘书"), acc)
        assert err.value.code == "trust.frozen_mismatch" and "members" in err.value.params["fields"]
    finally:
        db.close()


def test_a_score_changed_after_a_key_change_is_still_refused(demo: tuple[Path, str]) -> None:
    path, acc = demo
    eid = _members(path, acc)[1][0]
    db = open_database(path)
    try:
        registry.set_expert_fingerprint(App(db, actor="秘书"), eid, NEW_KEY)
    finally:
        db.close()
    drop_all_triggers(path)
    _sql(path, "UPDATE score_entry SET score = score + 1 WHERE item_id = '1.1'")
    db = open_database(path)
    try:
        with pytest.raises(QjscError) as err:
            review.result(App(db, actor="秘书"), acc)
        assert err.value.code == "trust.frozen_mismatch"
    finally:
        db.close()
