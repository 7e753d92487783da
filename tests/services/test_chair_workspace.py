"""The chair workspace's services: the next step, opening an acceptance as its chair, and the
invitations written all at once (never before 第二十条's checks, never half)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qjsc_panel.domain.credit_code import with_check
from qjsc_panel.errors import QjscError
from qjsc_panel.services import acceptances, exchange, panel, registry
from qjsc_panel.services.app import App
from qjsc_panel.services.chair import chaired_by
from qjsc_panel.services.chair_workspace import open_as_chair, overview, write_invitations
from tests.factories import chair_key, dump, fill, make_panel, new_db

PASS = "panel-passphrase-1"


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    from qjsc_panel.exchange import crypto

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


def _chair_app(tmp_path: Path) -> tuple[App, int, int]:
    app = App(new_db(tmp_path), actor="陈组长", home=tmp_path)
    app.key = chair_key("陈组长")
    ent = registry.add_enterprise(
        app, "深圳市某电路有限公司", with_check("91440300MA5F12345"), "宝安区", "legal_person", date(2012, 6, 18)
    )
    xid = registry.add_expert(app, "陈组长", "senior", 25)
    return app, ent, xid


def test_open_as_chair_binds_the_session_key_and_seats_the_chair(tmp_path: Path) -> None:
    app, ent, xid = _chair_app(tmp_path)
    assert app.key is not None
    acc = open_as_chair(app, chair_expert_id=xid, enterprise_id=ent, visit_date=date(2026, 12, 10), method="trimmed")
    assert [r["uuid"] for r in chaired_by(app, app.key.fingerprint)] == [acc]
    o = overview(app, acc)
    assert o.method == "trimmed" and o.next_step == "checks"
    assert o.checks_refusal is not None and o.checks_refusal.code == "acceptance.checks_pending_both"


def test_open_as_chair_refuses_before_writing_anything(tmp_path: Path) -> None:
    app, ent, xid = _chair_app(tmp_path)
    other = registry.add_expert(app, "王专家", "senior", 20)
    registry.set_expert_fingerprint(app, other, chair_key("王专家").fingerprint)
    junior = registry.add_expert(app, "孙专家", "intermediate", 8)
    young = registry.add_enterprise(
        app, "深圳市新公司", with_check("91440300MA5G00001"), "宝安区", "legal_person", date(2025, 6, 1)
    )
    before = dump(app.db)
    cases = [
        (dict(chair_expert_id=other, enterprise_id=ent), "chair_ws.expert_has_other_key"),
        (dict(chair_expert_id=junior, enterprise_id=ent), "panel.unqualified_seat"),
        (dict(chair_expert_id=xid, enterprise_id=young), "eligibility.refused"),
    ]
    for kwargs, code in cases:
        with pytest.raises(QjscError) as err:
            open_as_chair(app, visit_date=date(2026, 12, 10), **kwargs)  # type: ignore[arg-type]
        assert err.value.code == code
    assert dump(app.db) == before
    app.key = None
    with pytest.raises(QjscError) as err:
        open_as_chair(app, chair_expert_id=xid, enterprise_id=ent, visit_date=date(2026, 12, 10))
    assert err.value.code == "chair_ws.no_key"


def test_the_next_step_follows_the_acceptance(tmp_path: Path) -> None:
    p = make_panel(new_db(tmp_path), 2, checks=False)
    ctx = p.chair_ctx
    assert overview(ctx, p.acc).next_step == "checks"
    acceptances.record_prelim(ctx, p.acc, True)
    acceptances.record_penalty_check(ctx, p.acc, True)
    assert overview(ctx, p.acc).next_step == "panel"  # two experts: not a panel yet
    p.members["专家3"] = panel.add_member(ctx, p.acc, expert_id=registry.add_expert(ctx, "专家3", "senior", 12))
    assert overview(ctx, p.acc).next_step == "panel_key"
    exchange.init_panel_key(ctx, p.acc, PASS)
    o = overview(ctx, p.acc)
    assert (o.next_step, o.enrolled, o.experts) == ("enrol", 0, 3)
    for name in p.members:
        fill(p, name)
    assert overview(ctx, p.acc).next_step == "opinion"  # quorum, nothing open


def test_a_failed_check_stops_the_acceptance(tmp_path: Path) -> None:
    p = make_panel(new_db(tmp_path), 3, checks=False)
    acceptances.record_prelim(p.ctx, p.acc, False, "材料不全")
    o = overview(p.ctx, p.acc)
    assert o.next_step == "checks_failed" and o.prelim.ok is False and o.prelim.note == "材料不全"


def test_invitations_wait_for_the_checks_and_every_enrolment(tmp_path: Path) -> None:
    from qjsc_panel.exchange import keys

    p = make_panel(new_db(tmp_path), 4, checks=False)
    ctx = p.chair_ctx
    exchange.init_panel_key(ctx, p.acc, PASS)
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(QjscError) as err:
        write_invitations(ctx, p.acc, PASS, stick)
    assert err.value.code == "acceptance.checks_pending_both"
    acceptances.record_prelim(ctx, p.acc, True)
    acceptances.record_penalty_check(ctx, p.acc, True)
    experts = [n for n in p.members if n != p.chair]
    for name in experts[:2]:
        info = keys.init_key(tmp_path / name, name, "expert-passphrase")
        exchange.enrol(ctx, p.acc, name, info.public_pem.encode("ascii"), PASS)
    with pytest.raises(QjscError) as err:
        write_invitations(ctx, p.acc, PASS, stick)
    assert err.value.code == "chair_ws.not_enrolled" and experts[2] in err.value.render("zh")
    info = keys.init_key(tmp_path / experts[2], experts[2], "expert-passphrase")
    exchange.enrol(ctx, p.acc, experts[2], info.public_pem.encode("ascii"), PASS)
    with pytest.raises(QjscError) as err:
        write_invitations(ctx, p.acc, "wrong-passphrase", stick)
    assert err.value.code == "exchange.bad_passphrase"
    assert list(stick.iterdir()) == []  # refused: nothing half-written
    written = write_invitations(ctx, p.acc, PASS, stick)
    assert sorted(w.name.split("-")[3] for w in written) == sorted(experts)  # the chair scores here
    assert all(w.parent == stick and w.stat().st_size > 0 for w in written)
