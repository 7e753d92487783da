"""The secretary's commands: plan import with row/column errors, the archive list with filters and
deadlines, the bureau's number, and the 公示 export."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from qjsc_panel.cli import main
from qjsc_panel.services import acceptances, review
from tests.factories import fill, make_panel, new_db
from tests.services.test_plan import GOOD, sheet


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str, lang: str = "zh") -> tuple[int, str, str]:
    code = main(["--db", str(db), "--lang", lang, "--as", "秘书", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_plan_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.sqlite3"
    assert run(db, capsys, "consultancy", "add", "--name", "绿源咨询")[0] == 0
    assert run(db, capsys, "plan", "template", str(tmp_path / "t.xlsx"))[0] == 0
    bad = sheet(
        tmp_path / "bad.xlsx", [(1, "甲", "91440300XXXXXXXXXX", "南山区", "C3982", "2010-01-01", "", "", "", "")]
    )
    code, _, err = run(db, capsys, "plan", "import", str(bad), "--year", "2026")
    assert code == 2 and "第 3 行 C 列" in err and "校验码" in err
    code, _, err = run(db, capsys, "plan", "import", str(bad), "--year", "2026", lang="en")
    assert "row 3, column C" in err and "nothing was imported" in err
    code, out, _ = run(db, capsys, "plan", "import", str(sheet(tmp_path / "p.xlsx", GOOD)), "--year", "2026")
    assert code == 0 and "3" in out
    code, out, _ = run(db, capsys, "--json", "plan", "list", "--year", "2026")
    rows = {r["enterprise"]: r for r in json.loads(out)}
    assert rows["深圳市乙新材料有限公司"]["eligible"] is False and "2 年" in rows["深圳市乙新材料有限公司"]["reasons"]
    code, out, _ = run(db, capsys, "plan", "publish", "--year", "2026", "--out", str(tmp_path / "out"))
    assert code == 0 and (tmp_path / "out" / "验收计划名单-2026.pdf").is_file()


def test_archive_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = make_panel(new_db(tmp_path), 3)
    for name in p.members:
        fill(p, name, Decimal("0.85"))
    review.finalise(p.chair_ctx, p.acc)
    acceptances.record_final_materials(p.ctx, p.acc, date(2027, 1, 5))  # late: due 2026-12-20
    db = p.ctx.db.path
    p.ctx.db.close()
    code, out, _ = run(db, capsys, "--json", "acceptance", "list", "--overdue")
    (row,) = json.loads(out)
    assert row["uuid"] == p.acc and row["deadline"] == "2026-12-20" and row["overdue"] and row["result"] == "pass"
    code, out, _ = run(db, capsys, "acceptance", "list", "--search", "测试电路")
    assert "材料期限 2026-12-20 逾期" in out
    code, out, _ = run(db, capsys, "archive", "list", "--search", "没有这家")
    assert code == 0 and out.strip() == ""
    code, out, _ = run(db, capsys, "archive", "number", p.acc[:8])
    assert code == 0 and out.strip() == "深工信清审验〔2026〕第0001号"
    code, _, err = run(db, capsys, "archive", "publicity", "--since", "2026-12-01", "--until", "2026-12-31")
    assert code == 2 and "没有已审定" in err
    assert (
        run(db, capsys, "acceptance", "decision", p.acc[:8], "--decision", "approved", "--date", "2026-12-28")[0] == 0
    )
    out_dir = tmp_path / "pub"
    code, out, _ = run(
        db, capsys, "archive", "publicity", "--since", "2026-12-01", "--until", "2026-12-31", "--out", str(out_dir)
    )
    assert code == 0
    from openpyxl import load_workbook

    ws = load_workbook(out_dir / "公示-2026-12-01-2026-12-31.xlsx").active
    assert ws is not None
    values = [c.value for c in ws[3]]
    assert values[1] == "深圳市测试电路有限公司" and values[4] == "通过" and values[6] == "2026-12-28"
    assert values[7] == "深工信清审验〔2026〕第0001号"


def test_backup_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, _isolated_home: Path
) -> None:
    home = _isolated_home
    home.mkdir(parents=True, exist_ok=True)
    db = home / "panel.sqlite3"
    (home / "note.ini").write_text("[General]\nlanguage=zh\n")
    assert run(db, capsys, "consultancy", "add", "--name", "绿源咨询")[0] == 0
    monkeypatch.setenv("QJSC_BACKUP_PASSPHRASE", "a long passphrase")
    assert run(db, capsys, "backup", "create", str(tmp_path / "b.bak"))[0] == 0
    assert run(db, capsys, "backup", "verify", str(tmp_path / "b.bak"))[0] == 0
    code, _, err = run(db, capsys, "backup", "restore", str(tmp_path / "b.bak"), "--into", str(home))
    assert code == 2 and "不是空目录" in err
    assert run(db, capsys, "backup", "restore", str(tmp_path / "b.bak"), "--into", str(tmp_path / "new"))[0] == 0
    assert (tmp_path / "new" / "note.ini").read_text() == "[General]\nlanguage=zh\n"
    code, out, _ = run(tmp_path / "new" / "panel.sqlite3", capsys, "consultancy", "list")
    assert "绿源咨询" in out
    monkeypatch.setenv("QJSC_BACKUP_PASSPHRASE", "not the passphrase")
    code, _, err = run(db, capsys, "backup", "verify", str(tmp_path / "b.bak"), lang="en")
    assert code == 2 and "wrong passphrase" in err


def test_bundle_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str], _isolated_home: Path) -> None:
    from qjsc_panel.exchange import bureau
    from tests.services.test_bundles import build_demo_bundle

    db = tmp_path / "cli.sqlite3"
    demo = build_demo_bundle(tmp_path / "demo")
    path = demo.path
    # The archive's own bureau root is not installed yet: refused.
    code, _, err = run(db, capsys, "archive", "receive-bundle", str(path))
    assert code == 2 and "根证书" in err
    bureau.install_root(_isolated_home, demo.root_pem)
    assert run(db, capsys, "archive", "receive-bundle", str(path)) == (0, "1\n", "")
    code, _, err = run(db, capsys, "archive", "receive-bundle", str(path), lang="en")
    assert code == 2 and "same content" in err
    code, out, _ = run(db, capsys, "archive", "bundles")
    assert demo.acceptance in out
    assert run(db, capsys, "archive", "export-bundle", "1", str(tmp_path / "o.zip"))[0] == 0
    assert (tmp_path / "o.zip").read_bytes() == path.read_bytes()
