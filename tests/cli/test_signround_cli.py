"""The signature round through the command line: export (chair's key), show and sign (an
expert's laptop), gather, status, final PDF and workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qjsc_panel.cli import main
from tests.exchange.conftest import CHAIR_PASS, EXPERT_PASS, _fast_scrypt  # noqa: F401
from tests.services.test_signround import finalised_world


def test_round_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QJSC_PASSPHRASE", raising=False)
    w = finalised_world(tmp_path / "w")
    try:
        chair = ["--db", str(w.chair_db.path), "--home", str(w.chair_home), "--json"]
        cpass = tmp_path / "c.pass"
        cpass.write_text(CHAIR_PASS + "\n", encoding="utf-8")
        epass = tmp_path / "e.pass"
        epass.write_text(EXPERT_PASS + "\n", encoding="utf-8")
        usb = tmp_path / "usb"
        # Without the chair's passphrase the export is refused.
        assert main([*chair, "sign-round", "export", w.acc, "--out", str(usb)]) == 2
        capsys.readouterr()
        assert main([*chair, "sign-round", "export", w.acc, "--out", str(usb), "--passphrase-file", str(cpass)]) == 0
        copy = Path(json.loads(capsys.readouterr().out)["written"])
        for name in ("王专家", "李专家", "赵专家"):
            e = w.experts[name]
            mine = ["--db", str(e.db.path), "--home", str(e.home), "--json"]
            assert main([*mine, "sign-round", "show", str(copy)]) == 0
            shown = json.loads(capsys.readouterr().out)
            assert shown["me"] == name and shown["differences"] == [] and not shown["already_signed"]
            assert main([*mine, "sign-round", "sign", str(copy), "--passphrase-file", str(epass)]) == 0
            capsys.readouterr()
        assert main([*chair, "sign-round", "gather", w.acc, str(usb)]) == 0
        got = json.loads(capsys.readouterr().out)
        assert got["complete"] and got["signed"] == ["王专家", "李专家", "赵专家"]
        assert main([*chair, "sign-round", "status", w.acc]) == 0
        assert json.loads(capsys.readouterr().out)["missing"] == []
        assert main([*chair, "sign-round", "final", w.acc, "--out", str(tmp_path / "out")]) == 0
        done = json.loads(capsys.readouterr().out)
        assert Path(done["pdf"]).read_bytes() == copy.read_bytes() and Path(done["workbook"]).exists()
    finally:
        w.close_all()
