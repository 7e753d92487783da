"""Authority by key on the command line: ``--as NAME`` is a label, not authority."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qjsc_panel.cli import main
from tests.factories import dump, fill, make_panel, new_db


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_impostor_with_the_chairs_name_is_refused_in_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from qjsc_panel.exchange import crypto, keys
    from qjsc_panel.services import exchange, vetoes
    from qjsc_panel.services.app import App

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    monkeypatch.delenv("QJSC_PASSPHRASE", raising=False)
    p = make_panel(new_db(tmp_path), 3)
    for name in p.members:
        fill(p, name)
    pid = vetoes.propose_veto(p.as_("专家2"), p.members["专家2"], "V3", "清洁生产水平低于三级")
    home = tmp_path / "home"  # QJSC_HOME: the CLI's data directory on the chair's laptop
    chair = App(p.ctx.db, actor="秘书", home=home)
    real = keys.init_key(home, "专家1", "the-real-chair")
    exchange.init_panel_key(chair, p.acc, "the-real-chair")
    exchange.enrol(chair, p.acc, "专家1", real.public_pem.encode("ascii"), "the-real-chair")
    fake = keys.init_key(tmp_path / "elsewhere", "专家1", "impostor-pass")
    shutil.copy(fake.path, home / "keys" / fake.path.name)
    db = p.ctx.db.path
    wrong = tmp_path / "wrong.pass"
    wrong.write_text("impostor-pass\n", encoding="utf-8")
    right = tmp_path / "right.pass"
    right.write_text("the-real-chair\n", encoding="utf-8")
    before = dump(p.ctx.db)

    # The chair's name alone, with no key: refused.
    code, _, err = run(db, capsys, "--as", "专家1", "veto", "decide", str(pid), "--confirm", "--reason", "x")
    assert code == 2 and "签名密钥" in err
    # The impostor's own passphrase does not open the chair's registered key.
    for args in (
        ["veto", "decide", str(pid), "--confirm", "--reason", "确认"],
        ["finalise", p.acc],
        ["outlier", "justify", p.acc, "专家3", "--note", "x"],
    ):
        code, _, err = run(db, capsys, "--as", "专家1", *args, "--passphrase-file", str(wrong))
        assert code == 2, args
        assert "口令" in err, err
    monkeypatch.setenv("QJSC_PASSPHRASE", "impostor-pass")
    code, _, err = run(db, capsys, "--as", "专家1", "veto", "decide", str(pid), "--confirm", "--reason", "确认")
    assert code == 2
    monkeypatch.delenv("QJSC_PASSPHRASE")
    assert dump(p.ctx.db) == before

    # With the chair's key the decision goes through, signed.
    code, _, err = run(db, capsys, "--as", "专家1", "veto", "decide", str(pid), "--dismiss", "--reason", "不成立")
    assert code == 2  # still no passphrase
    code, _, err = run(
        db, capsys, "--as", "专家1", "veto", "decide", str(pid), "--dismiss", "--reason", "不成立",
        "--passphrase-file", str(right),
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run(db, capsys, "--json", "log", "--limit", "1")
    entry = json.loads(out)[-1]
    assert entry["action"] == "veto.decide"
    assert json.loads(entry["payload"])["key"]["fingerprint"] == real.fingerprint


def test_the_chair_key_must_be_registered_and_on_this_laptop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from qjsc_panel.exchange import crypto, keys
    from qjsc_panel.services import registry
    from qjsc_panel.services.status import panel_status

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    p = make_panel(new_db(tmp_path), 3)
    chair_row = next(m for m in panel_status(p.ctx, p.acc).members if m.is_chair)
    pw = tmp_path / "p.pass"
    pw.write_text("whatever-pass\n", encoding="utf-8")
    keys.init_key(tmp_path / "home", "专家1", "whatever-pass")  # the name, but not the registered key
    code, _, err = run(p.ctx.db.path, capsys, "finalise", p.acc, "--passphrase-file", str(pw))
    assert code == 2 and "本机没有组长" in err
    with p.ctx.db.session() as s:
        from qjsc_panel.store.models import PanelMember

        member = s.get(PanelMember, chair_row.id)
        assert member is not None and member.expert_id is not None
        expert_id = member.expert_id
    registry.set_expert_fingerprint(p.ctx, expert_id, "")
    code, _, err = run(p.ctx.db.path, capsys, "finalise", p.acc, "--passphrase-file", str(pw))
    assert code == 2 and "尚未登记" in err
