"""An expert's laptop and the chair's laptop, two databases, exchanging nothing but files."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

from qjsc_panel.exchange import package
from qjsc_panel.services import importer, scoring
from qjsc_panel.services.status import panel_status
from tests.exchange.conftest import CHAIR_PASS, World, file_hash


def test_whole_round_trip_between_two_databases(world: World) -> None:
    li = world.join("李专家")
    assert li.db.path != world.chair_db.path
    given = world.score("李专家", "0.8", comment="培训记录齐全")
    pkg = world.export("李专家")

    # The package is the only thing that travels: the expert's database never reaches the chair.
    assert pkg.suffix == ".qjsc"
    raw = pkg.read_bytes()
    assert "培训记录齐全".encode() not in raw  # comments and scores are sealed to the chair
    assert b'"scores"' not in raw

    verdicts = world.import_(pkg)
    assert [v.status for v in verdicts] == ["imported"]
    view = scoring.sheet_view(world.chair_ctx, li.member_id)
    assert view is not None and view.status == "submitted" and view.signed
    assert view.source == "package"
    assert view.scores == given
    assert view.comments == {"1.1": "培训记录齐全"}
    local = scoring.sheet_view(li.ctx, li.local_member)
    assert local is not None and local.uuid == view.uuid  # same sheet on both laptops


def test_expert_side_sees_signer_without_reading_scores(world: World) -> None:
    world.join("李专家")
    world.score("李专家")
    pkg = world.export("李专家")
    li = world.experts["李专家"]
    v = importer.verify_package(li.ctx, pkg, None)
    assert v.status == "signature_ok"
    assert v.header["expert"] == "李专家" and v.header["version"] == 1
    v = importer.verify_package(world.chair_ctx, pkg, CHAIR_PASS)
    assert v.status == "valid" and v.total == sum((Decimal(x) for x in _scores_of(world, pkg).values()), Decimal(0))


def _scores_of(world: World, pkg: Path) -> dict[str, str]:
    """Decrypt with the chair's key — what only the chair can do."""
    from qjsc_panel.exchange.panelkey import load_panel, unlock_panel

    env = package.read_envelope(pkg)
    _, enc = unlock_panel(world.chair_home, world.acc, CHAIR_PASS)
    payload = package.open_payload(env, enc, load_panel(world.chair_home, world.acc).enc_public)
    return dict(payload["scores"])


def test_duplicate_changes_nothing_and_says_so(world: World) -> None:
    world.join("李专家")
    world.score("李专家")
    pkg = world.export("李专家")
    assert world.import_(pkg)[0].status == "imported"
    before = world.db_hash()
    again = world.import_(pkg)
    assert [v.status for v in again] == ["duplicate"]
    assert world.db_hash() == before


def test_correction_supersedes_with_reason_and_old_version_is_refused(world: World) -> None:
    world.join("李专家")
    world.score("李专家", "0.8")
    v1 = world.export("李专家")
    v1_copy = world.root / "v1-kept.qjsc"
    v1_copy.write_bytes(v1.read_bytes())
    assert world.import_(v1)[0].status == "imported"
    world.score("李专家", "0.7", correct="复核后下调 4.1 项")
    v2 = world.export("李专家")
    verdict = world.import_(v2)[0]
    assert verdict.status == "superseded" and verdict.header["version"] == 2
    li = world.experts["李专家"]
    status = panel_status(world.chair_ctx, world.acc)
    row = status.member(li.member_id)
    assert row.latest is not None and row.latest.version == 2
    # Replaying version 1 now: refused, and nothing changes.
    before = world.db_hash()
    replay = world.import_(v1_copy)[0]
    assert replay.status == "refused"
    assert replay.error is not None and replay.error.code == "exchange.superseded_version"
    assert world.db_hash() == before


def test_both_versions_on_one_stick_import_in_order(world: World) -> None:
    world.join("李专家")
    world.score("李专家", "0.8")
    stick = world.root / "stick"
    v1 = world.export("李专家", stick)
    world.score("李专家", "0.9", correct="补充现场证据后上调")
    v2 = world.export("李专家", stick)
    assert v1 != v2
    verdicts = world.import_(v2, v1)  # given newest first; imported oldest first
    assert [(v.header["version"], v.status) for v in verdicts] == [(1, "imported"), (2, "superseded")]


def test_three_experts_and_quorum_from_packages_only(world: World) -> None:
    files = []
    for name, share in (("李专家", "0.8"), ("王专家", "0.7"), ("赵专家", "0.9")):
        world.join(name)
        world.score(name, share)
        files.append(world.export(name))
    verdicts = world.import_(*files)
    assert [v.status for v in verdicts] == ["imported"] * 3
    status = panel_status(world.chair_ctx, world.acc)
    assert status.quorum.reached


def test_private_key_files_are_owner_only_and_encrypted(world: World) -> None:
    world.join("李专家")
    li = world.experts["李专家"]
    key_files = list((li.home / "keys").glob("*.json"))
    assert len(key_files) == 1
    assert (os.stat(key_files[0]).st_mode & 0o777) == 0o600
    doc = json.loads(key_files[0].read_bytes())
    assert doc["kdf"]["name"] == "scrypt" and "PRIVATE" not in key_files[0].read_text()
    panel_file = world.chair_home / "panels" / world.acc / "panel-key.json"
    assert (os.stat(panel_file).st_mode & 0o777) == 0o600
    assert file_hash(world.chair_db.path)  # the chair's DB exists separately


def test_veto_proposal_travels_with_the_sheet_once(world: World) -> None:
    from qjsc_panel.services import vetoes

    li = world.join("李专家")
    vetoes.propose_veto(li.ctx, li.local_member, "V4", "废水总排口旁有溢流痕迹")
    world.score("李专家")
    assert world.import_(world.export("李专家"))[0].status == "imported"
    world.score("李专家", "0.7", correct="复核")
    assert world.import_(world.export("李专家"))[0].status == "superseded"
    found = vetoes.list_vetoes(world.chair_ctx, world.acc)
    assert [(v["item"], v["proposer"], v["status"]) for v in found] == [("V4", "李专家", "open")]


def test_verify_changes_nothing(world: World) -> None:
    world.join("李专家")
    world.score("李专家")
    pkg = world.export("李专家")
    before = world.db_hash()
    assert importer.verify_packages(world.chair_ctx, [pkg], CHAIR_PASS)[0].status == "valid"
    assert world.db_hash() == before
