"""The exchange through the command line, as the chair and an expert would type it: two data
directories, two database files, files carried between them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qjsc_panel.cli import main
from qjsc_panel.domain.form import load_form
from qjsc_panel.paths import default_form_path


class Laptop:
    def __init__(
        self, root: Path, name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.home, self.db = root / name, root / f"{name}.sqlite3"
        self.mp, self.capsys = monkeypatch, capsys

    def run(self, *args: str, lang: str = "zh") -> tuple[int, str, str]:
        self.mp.setenv("QJSC_HOME", str(self.home))
        self.capsys.readouterr()
        code = main(["--db", str(self.db), "--lang", lang, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> dict[str, object]:
        code, out, err = self.run("--json", *args)
        assert code == 0, err
        return dict(json.loads(out))


def test_cli_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from qjsc_panel.exchange import crypto

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    chair = Laptop(tmp_path, "chair", monkeypatch, capsys)
    expert = Laptop(tmp_path, "li", monkeypatch, capsys)
    chair_pass = tmp_path / "chair-pass.txt"
    chair_pass.write_text("组长的口令\n", encoding="utf-8")
    pf = ["--passphrase-file", str(chair_pass)]

    ent = chair.json(
        "enterprise",
        "add",
        "--name",
        "深圳市测试电路有限公司",
        "--credit-code",
        "91440300MA5CL1001L",
        "--district",
        "宝安区",
        "--established",
        "2015-01-01",
    )
    acc = str(chair.json("acceptance", "create", "--enterprise", str(ent["id"]), "--date", "2026-11-20")["acceptance"])
    for i, name in enumerate(("张组长", "李专家", "王专家")):
        xid = chair.json("expert", "add", "--name", name, "--title-level", "senior", "--years", "15")["id"]
        chair.json("panel", "add", acc, "--expert", str(xid), *(["--chair"] if i == 0 else []))
    ca = chair.json("panel-key", "init", acc, *pf)
    assert len(str(ca["ca_fingerprint"])) == 19  # XXXX-XXXX-XXXX-XXXX

    # Expert: a key, passphrase from the environment; the public half goes to the chair.
    monkeypatch.setenv("QJSC_PASSPHRASE", "专家的口令")
    key = expert.json("key", "init", "--name", "李专家")
    code, out, _ = expert.run("key", "init", "--name", "李专家")
    assert code == 2
    pub = tmp_path / "li.pub.pem"
    shown = expert.json("key", "show", "--out", str(pub))
    assert shown["fingerprint"] == key["fingerprint"] and pub.read_text().startswith("-----BEGIN")
    monkeypatch.delenv("QJSC_PASSPHRASE")

    enrolled = chair.json("enrol", acc, "李专家", str(pub), *pf)
    assert enrolled["fingerprint"] == key["fingerprint"]
    invite = tmp_path / "li.invite"
    # 第二十条: no invitation before 初审 and the penalty check are recorded.
    code, _, err = chair.run("invite", acc, "李专家", "--out", str(invite), *pf)
    assert code == 2 and "初审" in err and not invite.exists()
    chair.json("acceptance", "prelim-review", acc)
    code, _, err = chair.run("invite", acc, "李专家", "--out", str(invite), *pf, lang="en")
    assert code == 2 and "penalty check" in err
    chair.json("acceptance", "penalty-check", acc)
    chair.json("invite", acc, "李专家", "--out", str(invite), *pf)

    joined = expert.json("join", str(invite))
    assert joined["ca_fingerprint"] == ca["ca_fingerprint"]
    local = str(joined["acceptance"])
    assert expert.json("join", str(invite))["already"] is True
    expert.json("panel", "declare", local, "李专家")
    for item in load_form(default_form_path()).items:
        expert.json("score", "set", local, "李专家", item.id, str(item.max_points - 1))
    code, _, err = expert.run("sheet", "export", local, "--out", str(tmp_path))
    assert code == 2 and "QJSC_PASSPHRASE" in err  # no passphrase, no prompt without a terminal
    monkeypatch.setenv("QJSC_PASSPHRASE", "专家的口令")
    code, _, err = expert.run("sheet", "export", local, "--out", str(tmp_path))
    assert code == 2 and "还没有提交" in err
    expert.json("sheet", "submit", local, "李专家")
    stick = tmp_path / "stick"
    stick.mkdir()
    exported = expert.json("sheet", "export", local, "--out", str(stick))
    pkg = Path(str(exported["file"]))
    assert pkg.parent == stick and exported["version"] == 1
    signer_only = expert.json("sheet", "verify", str(pkg))
    assert signer_only["status"] == "signature_ok" and signer_only["expert"] == "李专家"
    monkeypatch.delenv("QJSC_PASSPHRASE")

    # Chair: verify, import twice, then a damaged copy and a non-package in one batch.
    checked = chair.json("sheet", "verify", str(pkg), *pf)
    assert checked["status"] == "valid" and checked["fingerprint"] == key["fingerprint"]
    code, out, _ = chair.run("sheet", "import", str(pkg), *pf)
    assert code == 0 and "已导入" in out and "导入 1" in out
    code, out, _ = chair.run("sheet", "import", str(pkg), *pf, lang="en")
    assert code == 0 and "duplicate" in out
    damaged = stick / "damaged.qjsc"
    damaged.write_bytes(pkg.read_bytes()[:-40])
    notes = stick / "notes.txt"
    notes.write_text("hello")
    code, out, _ = chair.run("sheet", "import", str(damaged), str(notes), str(pkg), *pf, lang="en")
    assert code == 2
    assert "3 file(s): 0 imported, 1 duplicate, 2 refused" in out
    assert "Nothing was changed" in out and "damaged.qjsc" in out
    code, out, err = chair.run("sheet", "verify", str(damaged), *pf)
    assert code == 2 and "拒绝" in out

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope")
    code, _, err = chair.run("sheet", "import", str(pkg), "--passphrase-file", str(wrong))
    assert code == 2 and "口令错误" in err

    status = chair.json("status", acc)
    assert status  # the imported sheet is part of the panel's status


def test_cli_excel_route(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    from qjsc_panel.exchange.xlsx import score_name

    chair = Laptop(tmp_path, "chair", monkeypatch, capsys)
    ent = chair.json(
        "enterprise",
        "add",
        "--name",
        "深圳市测试电路有限公司",
        "--credit-code",
        "91440300MA5CL1002P",
        "--district",
        "南山区",
        "--established",
        "2015-01-01",
    )
    acc = str(chair.json("acceptance", "create", "--enterprise", str(ent["id"]), "--date", "2026-11-20")["acceptance"])
    chair.json("acceptance", "prelim-review", acc)
    chair.json("acceptance", "penalty-check", acc)
    # An unqualified expert (中级, 8 years) is refused a seat, with the reason.
    junior = chair.json("expert", "add", "--name", "新专家", "--title-level", "intermediate", "--years", "8")["id"]
    code, _, err = chair.run("panel", "add", acc, "--expert", str(junior))
    assert code == 2 and "新专家" in err and "中级职称" in err and "8 年" in err
    xid = chair.json("expert", "add", "--name", "王专家", "--title-level", "intermediate", "--years", "12")["id"]
    chair.json("panel", "add", acc, "--expert", str(xid))
    chair.json("panel", "declare", acc, "王专家")
    book = tmp_path / "王专家.xlsx"
    chair.json("sheet", "template", acc, "王专家", "--out", str(book))
    wb = load_workbook(book)
    for item in load_form(default_form_path()).items:
        sheet, ref = next(iter(wb.defined_names[score_name(item.id)].destinations))
        wb[sheet][ref.replace("$", "")] = "很好" if item.id == "2.1" else float(item.max_points)
    wb.save(book)
    code, _, err = chair.run("sheet", "import-xlsx", str(book), "--member", "王专家", lang="en")
    assert code == 2 and "item 2.1" in err and "'很好' is not a number" in err
    wb[sheet][_cell(wb, "2.1")] = 4.5
    wb.save(book)
    done = chair.json("sheet", "import-xlsx", str(book), "--member", "王专家")
    assert done["status"] == "imported" and done["signed"] is False


def _cell(wb: object, item: str) -> str:
    from qjsc_panel.exchange.xlsx import score_name

    _, ref = next(iter(wb.defined_names[score_name(item)].destinations))  # type: ignore[attr-defined]
    return str(ref.replace("$", ""))
