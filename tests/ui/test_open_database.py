"""``qjsc-panel --db FILE`` (no command) and ``qjsc-panel gui --db FILE`` open the app on FILE."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import fill, make_panel, new_db


@pytest.fixture
def chair_db(tmp_path: Path) -> Path:
    """A database with one scored acceptance, as the demo leaves one."""
    p = make_panel(new_db(tmp_path / "elsewhere", "chair.sqlite3"), 3)
    for name in p.members:
        fill(p, name)
    p.ctx.db.close()
    return p.ctx.db_path


def smoke(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QJSC_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "qjsc_panel", *args], env=env, capture_output=True, text=True, timeout=180
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--db", "{db}", "--smoke-test"),
        ("gui", "--db", "{db}", "--smoke-test"),
        ("--db", "{db}", "gui", "--smoke-test"),
    ],
    ids=["no-command", "gui", "db-before-gui"],
)
def test_the_app_opens_on_the_database_given(tmp_path: Path, chair_db: Path, args: tuple[str, ...]) -> None:
    home = tmp_path / "home"
    done = smoke(home, *(a.format(db=chair_db) for a in args))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "smoke test ok" in done.stdout and f"database {chair_db}" in done.stdout
    assert not (home / "qjsc-panel.sqlite3").exists()  # the default database was never opened


def test_without_db_the_app_uses_the_data_directory(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = smoke(home, "--smoke-test")
    assert done.returncode == 0, done.stderr
    assert f"database {home / 'qjsc-panel.sqlite3'}" in done.stdout


def test_db_without_a_command_launches_the_app_instead_of_printing_help(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import qjsc_panel.cli as cli

    launched: list[list[str]] = []

    def launch(argv: list[str]) -> int:
        launched.append(argv)
        return 0

    monkeypatch.setattr(cli, "_launch_gui", launch)
    assert cli.main(["--db", str(tmp_path / "x.sqlite3")]) == 0
    assert cli.main(["--home", str(tmp_path / "h"), "gui", "--db", str(tmp_path / "y.sqlite3")]) == 0
    assert launched == [
        ["--db", str(tmp_path / "x.sqlite3")],
        ["--db", str(tmp_path / "y.sqlite3"), "--home", str(tmp_path / "h")],
    ]
    assert "usage" not in capsys.readouterr().out


def test_ui_options_are_parsed_for_the_entry_point() -> None:
    from qjsc_panel.ui.app import parse_options

    opts = parse_options(["--db", "a.sqlite3", "--home=h", "--smoke-test", "-style", "fusion"])
    assert opts == (True, Path("a.sqlite3"), Path("h"), ["-style", "fusion"])
