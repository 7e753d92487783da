"""``score set`` / ``score show`` through the light path (plain sqlite3) and through the full CLI
give the same output, the same refusals and the same database effects, audit entries included."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qjsc_panel import cli_light
from qjsc_panel.cli import main as full_main
from qjsc_panel.services import panel
from tests.factories import make_panel, new_db

ROOT = Path(__file__).resolve().parents[2]


def _copy(src: Path, dst: Path) -> Path:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dst


@pytest.fixture
def twins(tmp_path: Path) -> tuple[Path, Path, str, dict[str, int]]:
    """Two identical databases: an acceptance with experts 2 and 3 declared, 4 recused."""
    p = make_panel(new_db(tmp_path, "src.sqlite3"), n_experts=4)
    panel.declare(p.as_("专家2"), p.members["专家2"], [])
    panel.declare(p.as_("专家3"), p.members["专家3"], [])
    panel.declare(p.as_("专家4"), p.members["专家4"], ["kinship"])
    p.ctx.db.close()
    src = tmp_path / "src.sqlite3"
    return _copy(src, tmp_path / "full.sqlite3"), _copy(src, tmp_path / "light.sqlite3"), p.acc, p.members


def _state(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a score command may change, without what differs by nature (fresh uuids, clock)."""
    con = sqlite3.connect(db)
    try:
        return {
            "sheets": con.execute(
                "SELECT id, acceptance_id, member_id, version, status, form_hash, source, signed"
                " FROM score_sheet ORDER BY id"
            ).fetchall(),
            "entries": con.execute(
                "SELECT sheet_id, item_id, score, comment FROM score_entry ORDER BY 1, 2"
            ).fetchall(),
            "audit": con.execute(
                "SELECT seq, actor, action, acceptance_uuid, payload FROM audit_log ORDER BY seq"
            ).fetchall(),
            "head": con.execute("SELECT seq FROM audit_head").fetchall(),
        }
    finally:
        con.close()


def _sheet_uuids(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT uuid FROM score_sheet ORDER BY id")]
    finally:
        con.close()


def test_both_paths_have_the_same_effects_output_and_refusals(
    twins: tuple[Path, Path, str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    full_db, light_db, acc, members = twins
    m2 = str(members["专家2"])
    commands: list[list[str]] = [
        ["score", "show", acc, "专家2"],  # no sheet yet
        ["score", "set", acc, "专家2", "1.1", "2"],
        ["score", "set", acc[:8], m2, "1.2", "1，5"],  # prefix, id, a Chinese decimal comma
        ["--json", "score", "set", acc, "专家2", "1.3", "1", "--comment", "现场记录齐全"],
        ["score", "set", acc, "专家2", "1.3", "--comment=复核", "0.5"],
        ["score", "set", acc, "专家2", "1.2", ""],  # cleared
        ["score", "set", acc, "专家2", "1.1", "99"],  # out of range
        ["score", "set", acc, "专家2", "1.1", "0.3"],  # off the step
        ["score", "set", acc, "专家2", "1.1", "abc"],
        ["score", "set", acc, "专家2", "1.1", "-1"],
        ["score", "set", acc, "专家2", "9.9", "1"],  # no such item
        ["score", "set", acc, "专家9", "1.1", "1"],  # no such member
        ["score", "set", "ffffffff", "专家2", "1.1", "1"],  # no such acceptance
        ["score", "set", acc, "专家1", "1.1", "1"],  # the chair has not declared
        ["score", "set", acc, "专家4", "1.1", "1"],  # recused
        ["--lang", "en", "score", "set", acc, "专家4", "1.1", "1"],
        ["--as", "someone else", "score", "set", acc, "专家3", "2.1", "3"],
        ["score", "show", acc, "专家2"],
        ["--json", "score", "show", acc, m2],
        ["--lang=en", "--json", "score", "show", acc, "专家3"],
    ]
    errors: list[str] = []
    for args in commands:
        full = full_main(["--db", str(full_db), "--as", "专家2", *args])
        full_out = capsys.readouterr()
        light = cli_light.run(["--db", str(light_db), "--as", "专家2", *args])
        light_out = capsys.readouterr()
        assert light is not None, args  # handled by the light path, not handed back
        assert (light, light_out.err) == (full, full_out.err), args
        out_full, out_light = full_out.out, light_out.out
        for a, b in zip(_sheet_uuids(full_db), _sheet_uuids(light_db), strict=True):
            out_full = out_full.replace(a, "<sheet>")
            out_light = out_light.replace(b, "<sheet>")
        assert out_light == out_full, args
        assert _state(light_db) == _state(full_db), args
        errors.append(light_out.err)
    assert sum(1 for e in errors if e) == 10  # each refusal refused, in words
    assert "已回避" in errors[14] and "recused" in errors[15] and "超出范围" in errors[6]
    # The light path's audit entries chain like the app's: the log verifies.
    code = full_main(["--db", str(light_db), "--json", "verify-log"])
    assert code == 0 and '"ok": true' in capsys.readouterr().out
    actions = [(row[1], row[2]) for row in _state(light_db)["audit"] if str(row[2]).startswith("score.")]
    set2, comment2 = ("专家2", "score.set"), ("专家2", "score.comment")
    assert actions == [set2, set2, set2, comment2, set2, comment2, set2, ("someone else", "score.set")]


def test_a_submitted_sheet_is_refused_the_same_way(
    twins: tuple[Path, Path, str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    from qjsc_panel.services import scoring
    from qjsc_panel.services.context import Ctx
    from qjsc_panel.store.db import open_database

    full_db, light_db, acc, members = twins
    for db in (full_db, light_db):
        d = open_database(db)
        ctx = Ctx(d, actor="专家3")
        for item in ctx.form(*_form_of(db, acc)).items:
            scoring.set_score(ctx, members["专家3"], item.id, str(item.max_points))
        scoring.submit(ctx, members["专家3"])
        d.close()
    args = ["--db", "{db}", "--as", "专家3", "score", "set", acc, "专家3", "1.1", "1"]
    full = full_main([a.replace("{db}", str(full_db)) for a in args])
    full_err = capsys.readouterr().err
    light = cli_light.run([a.replace("{db}", str(light_db)) for a in args])
    light_err = capsys.readouterr().err
    assert light == full == 2 and light_err == full_err and "已提交" in light_err
    before = _state(light_db)
    assert cli_light.run([a.replace("{db}", str(light_db)) for a in args]) == 2
    capsys.readouterr()
    assert _state(light_db) == before


def _form_of(db: Path, acc: str) -> tuple[str, str]:
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT form_hash, form_json FROM acceptance WHERE uuid = ?", (acc,)).fetchone()
        return str(row[0]), str(row[1])
    finally:
        con.close()


@pytest.mark.parametrize(
    "args",
    [
        ["score", "set", "--help"],
        ["score", "set", "a", "b", "c"],  # too few: argparse's usage message
        ["score", "set", "a", "b", "c", "d", "--comm", "x"],  # an abbreviation argparse accepts
        ["--verbose", "score", "show", "a", "b"],
        ["score", "submit", "a", "b"],
        ["status", "a"],
    ],
)
def test_what_the_light_path_does_not_handle_goes_to_the_full_cli(args: list[str], tmp_path: Path) -> None:
    assert cli_light.run(["--db", str(tmp_path / "x.sqlite3"), *args]) is None


def test_a_new_or_outdated_database_goes_the_full_way(
    twins: tuple[Path, Path, str, dict[str, int]], tmp_path: Path
) -> None:
    _, light_db, acc, _ = twins
    assert cli_light.run(["--db", str(tmp_path / "new.sqlite3"), "score", "show", acc, "专家2"]) is None
    assert not (tmp_path / "new.sqlite3").exists()  # the light path creates nothing
    con = sqlite3.connect(light_db)
    con.execute("UPDATE alembic_version SET version_num = '0002'")
    con.commit()
    con.close()
    assert cli_light.run(["--db", str(light_db), "score", "show", acc, "专家2"]) is None


def test_score_set_as_a_process_imports_no_orm_and_no_pydantic(
    twins: tuple[Path, Path, str, dict[str, int]],
) -> None:
    _, light_db, acc, _ = twins
    code = (
        "import sys\nfrom qjsc_panel.launch import main\n"
        f"rc = main(['--db', {str(light_db)!r}, '--as', '专家2', 'score', 'set', {acc!r}, '专家2', '1.1', '2'])\n"
        "print(rc, [m for m in ('sqlalchemy', 'pydantic', 'alembic', 'PySide6') if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.splitlines() == ["1.1 = 2", "0 []"], done.stderr


def test_a_command_that_needs_no_orm_imports_none() -> None:
    code = (
        "import sys\nfrom qjsc_panel.launch import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('sqlalchemy', 'pydantic', 'alembic', 'PySide6') if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.splitlines()[-1] == "[]", done.stderr
    assert "score" in done.stdout  # the help was printed
