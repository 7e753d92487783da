"""verify-log proves the data: it replays the log against the tables, and a recomputed chain
fails on the chair's signature over the head, which the forger cannot make."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services.app import App
from qjsc_panel.services.auditlog import verify_log
from qjsc_panel.store.audit import GENESIS, entry_hash
from qjsc_panel.store.db import open_database
from tests.trust.conftest import Finalised
from tests.trust.test_frozen import drop_all_triggers


def problems(path: Path) -> list[tuple[str, str]]:
    db = open_database(path)
    try:
        _, found = verify_log(App(db))
        return [(p.code, p.render("en")) for p in found]
    finally:
        db.close()


def sql(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for st in statements:
            con.execute(st)
    finally:
        con.close()


def recompute_chain(path: Path, from_seq: int) -> None:
    """The forger's move: rewrite every hash from ``from_seq`` on, then the head."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        rows = con.execute(
            "SELECT seq, at, actor, action, acceptance_uuid, payload FROM audit_log WHERE seq >= ? ORDER BY seq",
            (from_seq,),
        ).fetchall()
        prev_row = con.execute("SELECT hash FROM audit_log WHERE seq = ?", (from_seq - 1,)).fetchone()
        prev = prev_row[0] if prev_row else GENESIS
        for seq, at, actor, action, acc, payload in rows:
            digest = entry_hash(prev, seq, at, actor, action, acc, payload)
            con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
            prev = digest
        con.execute("UPDATE audit_head SET hash = ? WHERE id = 1", (prev,))
    finally:
        con.close()


def test_the_finalised_panel_verifies(fin: Finalised) -> None:
    fin.close()
    assert problems(fin.path) == []


def test_a_score_changed_after_dropping_the_trigger_is_named(fin: Finalised) -> None:
    fin.close()
    drop_all_triggers(fin.path)
    sql(fin.path, "UPDATE score_entry SET score = '3.0' WHERE id = (SELECT MIN(id) FROM score_entry)")
    found = problems(fin.path)
    assert [c for c, _ in found] == ["trust.replay_mismatch"]
    assert "score_entry" in found[0][1] and ("'3.0'" in found[0][1] or "'3'" in found[0][1])


@pytest.mark.parametrize(
    ("attack", "field"),
    [
        (
            "UPDATE score_sheet SET excluded_reason = 'x' WHERE id = (SELECT MIN(id) FROM score_sheet)",
            "excluded_reason",
        ),
        ("UPDATE panel_member SET recused = 1 WHERE id = (SELECT MAX(id) FROM panel_member)", "recused"),
        ("UPDATE acceptance SET status = 'open'", "status"),
        ("UPDATE score_sheet SET status = 'draft' WHERE id = (SELECT MIN(id) FROM score_sheet)", "status"),
        ("UPDATE acceptance SET form_hash = 'f00d'", "form_hash"),
        ("UPDATE score_sheet SET outlier_note = '' WHERE outlier_note != ''", "outlier_note"),
        ("UPDATE panel_member SET is_chair = 0", "is_chair"),
        ("DELETE FROM score_entry WHERE id = (SELECT MAX(id) FROM score_entry)", "score"),
    ],
)
def test_each_table_edit_is_named(fin: Finalised, attack: str, field: str) -> None:
    fin.close()
    drop_all_triggers(fin.path)
    sql(fin.path, attack)
    found = problems(fin.path)
    assert found and all(c == "trust.replay_mismatch" for c, _ in found), found
    assert any(f"({field})" in text for _, text in found), found


def test_audit_head_is_protected(fin: Finalised) -> None:
    fin.close()
    for attack in (
        "UPDATE audit_head SET seq = seq - 1",
        "UPDATE audit_head SET hash = 'x'",
        "DELETE FROM audit_head",
        "INSERT INTO audit_log (seq, at, actor, action, acceptance_uuid, payload, prev_hash, hash)"
        " VALUES (100000, 'x', 'x', 'x', NULL, '{}', 'x', 'x')",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            sql(fin.path, attack)


@pytest.fixture
def demo_copy(signed_demo: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    path, acc = signed_demo
    dst = tmp_path / "demo.sqlite3"
    shutil.copyfile(path, dst)
    return dst, acc


def test_the_signed_demo_verifies(demo_copy: tuple[Path, str]) -> None:
    path, _ = demo_copy
    con = sqlite3.connect(path)
    signed = con.execute("SELECT COUNT(*), COUNT(result_sha256) FROM head_signature").fetchone()
    con.close()
    assert signed == (3, 1)  # veto decision, outlier note, finalisation (with the frozen result)
    assert problems(path) == []


@pytest.mark.parametrize("from_entry", ["first", "middle", "last"])
def test_a_recomputed_chain_fails_on_the_chairs_signature(demo_copy: tuple[Path, str], from_entry: str) -> None:
    path, _ = demo_copy
    drop_all_triggers(path)
    con = sqlite3.connect(path)
    last = con.execute("SELECT MAX(seq) FROM audit_log").fetchone()[0]
    con.close()
    seq = {"first": 1, "middle": last // 2, "last": last}[from_entry]
    sql(path, f"UPDATE audit_log SET at = '2026-01-01T00:00:00.000000+00:00' WHERE seq = {seq}")
    recompute_chain(path, seq)
    found = problems(path)
    codes = {c for c, _ in found}
    assert "log.changed" not in codes  # the chain itself is consistent again
    assert codes & {"trust.head_not_in_log", "trust.head_signature_invalid"}, found


def test_a_forged_finalisation_without_the_chairs_signature_is_found(demo_copy: tuple[Path, str]) -> None:
    path, _ = demo_copy
    drop_all_triggers(path)
    sql(path, "DELETE FROM head_signature")
    codes = {c for c, _ in problems(path)}
    assert "trust.head_unsigned" in codes


def test_a_signature_made_with_another_key_is_refused(demo_copy: tuple[Path, str]) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    from qjsc_panel.exchange.crypto import public_fingerprint

    path, _ = demo_copy
    drop_all_triggers(path)
    other = public_fingerprint(ec.generate_private_key(ec.SECP256R1()).public_key())
    sql(path, f"UPDATE head_signature SET signer_fingerprint = '{other}'")
    codes = {c for c, _ in problems(path)}
    assert "trust.head_wrong_signer" in codes


def test_an_edited_frozen_result_fails_its_signature(demo_copy: tuple[Path, str]) -> None:
    path, _ = demo_copy
    drop_all_triggers(path)
    sql(path, "UPDATE acceptance SET result_json = replace(result_json, '\"finalised_by\"', '\"finalised_by\" ')")
    codes = {c for c, _ in problems(path)}
    assert "trust.result_signature_mismatch" in codes


def test_a_keyed_chair_cannot_decide_without_the_passphrase(demo_copy: tuple[Path, str]) -> None:
    from qjsc_panel.services.app import App as Ctx
    from qjsc_panel.services.common import get_acceptance
    from qjsc_panel.trust.signing import chair_signer

    path, acc_uuid = demo_copy
    db = open_database(path)
    try:
        with db.session() as s:
            acc = get_acceptance(s, acc_uuid)
            with pytest.raises(QjscError) as err:
                chair_signer(Ctx(db), acc)
        assert err.value.code == "trust.chair_passphrase_needed"
    finally:
        db.close()
