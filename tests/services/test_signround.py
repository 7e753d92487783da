"""The opinion's signature round across laptops: the chair exports the chair-signed copy, three
experts on their own laptops (own data directories and databases) sign whatever newest copy they
are handed, the chair gathers, detects forks and refuses what must be refused; poppler's pdfsig
reads every signature of the final PDF as valid."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import review, signround
from tests.exchange.conftest import EXPERT_PASS, World, _fast_scrypt, build_world  # noqa: F401

NAMES = ("李专家", "王专家", "赵专家")


def finalised_world(root: Path) -> World:
    world = build_world(root)
    for i, name in enumerate(NAMES):
        world.join(name)
        world.score(name, ("0.8", "0.85", "0.9")[i])
        world.import_(world.export(name))
    review.finalise(world.chair_ctx, world.acc)
    return world


@pytest.fixture
def signed_world(tmp_path: Path) -> Iterator[World]:
    w = finalised_world(tmp_path)
    yield w
    w.close_all()


def stick(world: World, name: str) -> Path:
    folder = world.root / name
    folder.mkdir(exist_ok=True)
    return folder


def test_experts_sign_in_any_order_and_the_final_pdf_carries_every_signature(signed_world: World) -> None:
    w = signed_world
    copy = signround.export_for_signature(w.chair_ctx, w.acc, stick(w, "usb"))
    assert copy.name == signround.FOR_SIGNATURE
    st = signround.round_state(w.chair_ctx, w.acc)
    assert st.exported and st.signed == [] and sorted(st.missing) == sorted(NAMES) and not st.complete

    # The expert sees what is signed: the composite, the grade and the sheet the chair counted.
    zhao = w.experts["赵专家"]
    opened = signround.open_copy(zhao.ctx, copy)
    assert opened.me.name == "赵专家" and not opened.already_signed
    assert opened.signed == ["张组长"] and sorted(opened.missing) == sorted(NAMES)
    assert opened.round.composite and opened.round.result == "pass"
    assert opened.differences == [] and opened.received_total == opened.local_total > 0

    # Not the roster's order: 赵, then 李, then 王, each on the newest copy handed on.
    for name in ("赵专家", "李专家", "王专家"):
        signround.sign_copy(w.experts[name].ctx, copy, EXPERT_PASS)
    verdicts, st = signround.gather(w.chair_ctx, w.acc, [copy])
    assert [v.status for v in verdicts] == ["newest"]
    assert st.complete and st.missing == [] and st.resign == []
    assert st.signed == ["赵专家", "李专家", "王专家"]

    out = stick(w, "final")
    pdf, workbook = signround.export_outputs(w.chair_ctx, w.acc, out)
    assert pdf.read_bytes() == copy.read_bytes() and workbook.suffix == ".xlsx"
    if shutil.which("pdfsig"):
        report = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
        assert report.count("Signature is Valid") == 4, report
    bundle = signround.write_bundle(w.chair_ctx, w.acc, out, [w.root / "stick"], "")
    import zipfile

    with zipfile.ZipFile(bundle) as z:
        assert any(n.endswith(".qjsc") for n in z.namelist())
        pdf_in = next(n for n in z.namelist() if n.endswith(".pdf"))
        assert z.read(pdf_in) == pdf.read_bytes()


def test_a_fork_keeps_the_longest_chain_and_names_who_must_sign_again(signed_world: World) -> None:
    w = signed_world
    copy = signround.export_for_signature(w.chair_ctx, w.acc, stick(w, "usb"))
    # Two sticks made from the same copy: 李 and then 王 sign one, 赵 signs the other.
    other = stick(w, "usb2") / copy.name
    shutil.copy(copy, other)
    signround.sign_copy(w.experts["李专家"].ctx, copy, EXPERT_PASS)
    signround.sign_copy(w.experts["王专家"].ctx, copy, EXPERT_PASS)
    signround.sign_copy(w.experts["赵专家"].ctx, other, EXPERT_PASS)
    verdicts, st = signround.gather(w.chair_ctx, w.acc, [other, copy])
    assert {v.path: v.status for v in verdicts} == {other: "fork", copy: "newest"}
    assert st.signed == ["李专家", "王专家"] and st.missing == ["赵专家"] and st.resign == ["赵专家"]
    assert not st.complete
    with pytest.raises(QjscError) as err:
        signround.write_final(w.chair_ctx, w.acc, w.root)
    assert err.value.code == "signround.incomplete" and "赵专家" in err.value.render()

    # 赵 signs the newest copy the chair exports again; the fork is resolved.
    again = signround.export_for_signature(w.chair_ctx, w.acc, stick(w, "usb3"))
    assert again.read_bytes() == copy.read_bytes()
    signround.sign_copy(w.experts["赵专家"].ctx, again, EXPERT_PASS)
    verdicts, st = signround.gather(w.chair_ctx, w.acc, [again])
    assert st.complete and st.resign == [] and verdicts[0].status == "newest"
    # An older, shorter copy gathered later is included in the newest and changes nothing.
    verdicts, st = signround.gather(w.chair_ctx, w.acc, [copy])
    assert verdicts[0].status == "included" and st.complete


def test_a_modified_document_is_refused_by_expert_and_chair(signed_world: World) -> None:
    w = signed_world
    copy = signround.export_for_signature(w.chair_ctx, w.acc, stick(w, "usb"))
    signround.sign_copy(w.experts["李专家"].ctx, copy, EXPERT_PASS)
    data = bytearray(copy.read_bytes())
    at = data.find(b"/Contents", 2000)
    data[at + 200] ^= 1  # one byte inside the signed part
    bad = stick(w, "bad") / copy.name
    bad.write_bytes(bytes(data))
    with pytest.raises(QjscError) as err:
        signround.sign_copy(w.experts["王专家"].ctx, bad, EXPERT_PASS)
    assert err.value.code in {"signround.modified", "reports.pdf_unreadable"}
    verdicts, st = signround.gather(w.chair_ctx, w.acc, [bad])
    assert verdicts[0].status == "refused" and verdicts[0].code in {"signround.modified", "reports.pdf_unreadable"}
    assert st.signed == []
    # An appended unsigned revision (text added after the last signature) is refused too.
    tail = stick(w, "tail") / copy.name
    tail.write_bytes(copy.read_bytes() + b"\n% appended\n")
    verdicts, _ = signround.gather(w.chair_ctx, w.acc, [tail])
    assert verdicts[0].code == "signround.modified"


def test_a_signature_twice_and_a_recused_or_unknown_expert_are_refused(signed_world: World, tmp_path: Path) -> None:
    w = signed_world
    copy = signround.export_for_signature(w.chair_ctx, w.acc, stick(w, "usb"))
    signround.sign_copy(w.experts["李专家"].ctx, copy, EXPERT_PASS)
    with pytest.raises(QjscError) as err:
        signround.sign_copy(w.experts["李专家"].ctx, copy, EXPERT_PASS)
    assert err.value.code == "signround.signed_twice"
    assert signround.open_copy(w.experts["李专家"].ctx, copy).already_signed

    # A laptop that never joined this acceptance: wrong acceptance.
    from qjsc_panel.services import exchange
    from qjsc_panel.services.app import App
    from qjsc_panel.store.db import open_database

    stranger = App(open_database(tmp_path / "s.db"), actor="孙专家", home=tmp_path / "laptop-孙")
    exchange.init_key(stranger, "孙专家", EXPERT_PASS)
    with pytest.raises(QjscError) as err:
        signround.open_copy(stranger, copy)
    assert err.value.code == "signround.wrong_acceptance"
    stranger.db.close()


def test_wrong_acceptance_and_a_key_not_enrolled_are_refused_at_gathering(signed_world: World, tmp_path: Path) -> None:
    w = signed_world
    copy = signround.export_for_signature(w.chair_ctx, w.acc, stick(w, "usb"))
    # A copy of another acceptance (another panel's round) is refused by the chair.
    other = finalised_world(tmp_path / "other")
    try:
        foreign = signround.export_for_signature(other.chair_ctx, other.acc, stick(other, "usb"))
        verdicts, _ = signround.gather(w.chair_ctx, w.acc, [foreign])
        assert verdicts[0].code == "signround.wrong_acceptance"
        # 李's field signed with a key enrolled in another panel: not the enrolled key.
        from qjsc_panel.reports.signing import Identity, sign_pdf
        from qjsc_panel.services.exchange import pyhanko_signer

        li_other = other.experts["李专家"]
        signer = pyhanko_signer(li_other.ctx, None, EXPERT_PASS, other.acc)
        field = signround.open_copy(w.experts["李专家"].ctx, copy).me.field
        forged = stick(w, "forged") / copy.name
        forged.write_bytes(sign_pdf(copy.read_bytes(), field, Identity("李专家", signer), "专家组成员"))
        verdicts, st = signround.gather(w.chair_ctx, w.acc, [forged])
        assert verdicts[0].code == "signround.key_not_enrolled" and st.signed == []
        with pytest.raises(QjscError) as err:
            signround.sign_copy(w.experts["王专家"].ctx, forged, EXPERT_PASS)
        assert err.value.code == "signround.key_not_enrolled"
    finally:
        other.close_all()


def test_the_expert_sees_a_sheet_that_differs_from_the_one_submitted(signed_world: World) -> None:
    w = signed_world
    copy = signround.export_for_signature(w.chair_ctx, w.acc, stick(w, "usb"))
    # The expert's laptop holds another local version than the chair counted (a correction made
    # after the chair's import and never sent): the difference is named item by item.
    li = w.experts["李专家"]
    from qjsc_panel.services import scoring

    scoring.correct(li.ctx, li.local_member, "复核后修正")
    first = w.form.items[0]
    scoring.set_score(li.ctx, li.local_member, first.id, first.max_points)
    scoring.submit(li.ctx, li.local_member)
    opened = signround.open_copy(li.ctx, copy)
    assert [d.item for d in opened.differences] == [first.id]
    diff = opened.differences[0]
    assert diff.local == first.max_points and diff.received is not None and diff.received < first.max_points
    assert opened.local_version == 2 and opened.received_version == 1
    assert opened.local_total - opened.received_total == first.max_points - diff.received
    assert isinstance(diff.received, Decimal)


def test_export_needs_the_finalised_acceptance_and_the_chairs_key(tmp_path: Path) -> None:
    w = build_world(tmp_path)
    try:
        with pytest.raises(QjscError) as err:
            signround.export_for_signature(w.chair_ctx, w.acc, tmp_path)
        assert err.value.code == "signround.not_finalised"
    finally:
        w.close_all()
