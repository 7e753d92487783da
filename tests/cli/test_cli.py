"""The CLI runs a whole acceptance headless; refusals exit non-zero in the user's language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.cli import main
from qjsc_panel.paths import default_form_path


class Cli:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str, actor: str = "秘书", lang: str = "zh") -> tuple[int, str, str]:
        code = main(["--db", str(self.db), "--lang", lang, "--as", actor, *args])
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def json(self, *args: str, actor: str = "秘书") -> Any:  # parsed JSON: the test asserts its shape
        code, out, err = self("--json", *args, actor=actor)
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "cli.sqlite3", capsys)


def test_whole_acceptance_through_the_cli(cli: Cli) -> None:
    ent = cli.json(
        "enterprise",
        "add",
        "--name",
        "深圳市某电镀有限公司",
        "--credit-code",
        "91440300MA5CL0001D",
        "--district",
        "龙岗区",
        "--established",
        "2016-04-01",
    )["id"]
    firm = cli.json("consultancy", "add", "--name", "某咨询公司")["id"]
    acc = cli.json(
        "acceptance", "create", "--enterprise", str(ent), "--consultancy", str(firm), "--date", "2026-11-20"
    )["acceptance"]
    assert cli("acceptance", "prelim-review", acc)[0] == 0
    assert cli("acceptance", "penalty-check", acc)[0] == 0
    names = ["甲", "乙", "丙", "丁"]
    for i, name in enumerate(names):
        xid = cli.json("expert", "add", "--name", name, "--title-level", "senior", "--years", "12")["id"]
        extra = ["--chair"] if i == 0 else []
        assert cli("panel", "add", acc, "--expert", str(xid), *extra)[0] == 0
    code, out, _ = cli("panel", "declare", acc, "丁", "--conflict", "kinship", actor="丁")
    assert code == 0 and "回避" in out
    form = json.loads(default_form_path().read_text(encoding="utf-8"))
    items = [(i["id"], i["max_points"]) for c in form["categories"] for i in c["items"]]
    for name in names[:3]:
        assert cli("panel", "declare", acc, name, actor=name)[0] == 0
        for item_id, top in items:
            assert cli("score", "set", acc, name, item_id, str(top - 1), actor=name)[0] == 0
        assert cli("sheet", "submit", acc, name, actor=name)[0] == 0
    # The recused expert cannot score; the message names the reason.
    code, _, err = cli("score", "set", acc, "丁", "1.1", "1", actor="丁")
    assert code == 2 and "已回避" in err
    st = cli.json("status", acc)
    assert st["quorum"] == {"counted": 3, "needed": 3, "reached": True}
    assert st["finalisable"] is True
    code, out, _ = cli("status", acc)
    assert "法定人数" in out and "已回避" in out
    code, _, err = cli("finalise", acc, actor="乙")
    assert code == 2 and "组长" in err
    record = cli.json("finalise", acc, actor="甲")
    assert record["status"] == "finalised"
    result = cli.json("result", acc)
    assert result["composite"] == record["composite"] == "82.0"
    assert result["grade"] == "excellent"
    assert cli.json("verify-log")["ok"] is True
    code, out, _ = cli("log", "--acceptance", acc[:8])
    assert "acceptance.finalise" in out


def test_refusals_are_in_chinese_or_english(cli: Cli) -> None:
    code, _, err = cli("acceptance", "prelim-review", "nope")
    assert code == 2 and "找不到验收" in err
    code, _, err = cli("acceptance", "prelim-review", "nope", lang="en")
    assert code == 2 and "no acceptance" in err
    code, _, err = cli(
        "enterprise", "add", "--name", "x", "--credit-code", "1", "--district", "福田区", "--established", "2020-01-01"
    )
    assert code == 2 and "统一社会信用代码“1”应为 18 位" in err
    good = ["--district", "福田区", "--established", "2020-01-01"]
    code, _, err = cli("enterprise", "add", "--name", "x", "--credit-code", "914403001922038216", *good)
    assert code == 0
    code, _, err = cli("enterprise", "add", "--name", "x", "--credit-code", "914403001922038216", *good, lang="en")
    assert code == 2 and "already registered" in err


def test_form_validate_names_each_problem(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("form", "validate", str(default_form_path()))
    assert code == 0 and "评分表有效" in out
    data = json.loads(default_form_path().read_text(encoding="utf-8"))
    data["categories"][0]["items"][0]["id"] = "1.2"
    data["thresholds"]["pass"] = 0
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = cli("form", "validate", str(broken))
    assert code == 2
    assert "categories[0].items[1].id" in err or "categories[0].items[0].id" in err
    assert "thresholds" in err and "2 处问题" in err


def test_verify_log_reports_tampering(cli: Cli) -> None:
    import sqlite3

    cli("consultancy", "add", "--name", "甲公司")
    cli("consultancy", "add", "--name", "乙公司")
    con = sqlite3.connect(cli.db)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET payload = replace(payload, '乙', '丙') WHERE seq = 2")
    con.commit()
    con.close()
    code, _, err = cli("verify-log")
    assert code == 3 and "第 2 条记录被改动" in err


def test_demo_writes_the_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo-output"
    assert main(["demo", "--out", str(out)]) == 0
    assert "已定稿" in capsys.readouterr().out
    record = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert record["status"] == "finalised" and record["result"] == "pass"
    recused = [m for m in record["members"] if m["recused"]]
    assert len(recused) == 1 and "咨询" in recused[0]["recusal_reason"]
    assert [v["status"] for v in record["vetoes"]] == ["dismissed"]
    assert len(record["outliers"]) == 1 and record["outliers"][0]["note"]
    assert record["quorum"]["counted"] == 4
    # Running it again into the same folder starts afresh and gives the same result.
    assert main(["demo", "--out", str(out)]) == 0
    again = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert again["composite"] == record["composite"]
