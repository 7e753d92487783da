"""Forms: the stored form is checked against its recorded hash on every load; the shipped
official forms are pinned by hash; an edited official form is flagged and refused."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from qjsc_panel import paths
from qjsc_panel.cli import main
from qjsc_panel.domain.credit_code import with_check
from qjsc_panel.errors import QjscError
from qjsc_panel.services import scoring
from qjsc_panel.services.app import App as Ctx
from qjsc_panel.store.db import open_database
from qjsc_panel.trust.forms import official_forms, standing
from tests.factories import make_panel, new_db


def _swap_maxima(form_json: str) -> str:
    """Items 1.1 (3 points) and 1.2 (4 points) trade maxima; the totals still add up."""
    data = json.loads(form_json)
    items = data["categories"][0]["items"]
    assert (items[0]["id"], items[1]["id"]) == ("1.1", "1.2")
    items[0]["max_points"], items[1]["max_points"] = items[1]["max_points"], items[0]["max_points"]
    return json.dumps(data, ensure_ascii=False)


def test_a_stored_form_with_swapped_maxima_is_refused(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    p = make_panel(db, 3)
    from qjsc_panel.services import panel

    panel.declare(p.as_("专家1"), p.members["专家1"], [])
    with pytest.raises(QjscError) as err:
        scoring.set_score(p.as_("专家1"), p.members["专家1"], "1.1", "4")
    assert err.value.code == "score.out_of_range" or "3" in err.value.render("en")
    db.close()
    con = sqlite3.connect(db.path)
    con.execute(
        "UPDATE acceptance SET form_json = ?",
        (_swap_maxima(con.execute("SELECT form_json FROM acceptance").fetchone()[0]),),
    )
    con.commit()
    con.close()
    fresh = Ctx(open_database(db.path), actor="专家1")  # a new process: nothing cached
    with pytest.raises(QjscError) as err:
        scoring.set_score(fresh, p.members["专家1"], "1.1", "4")
    assert err.value.code == "trust.form_hash_mismatch"
    assert "改动" in err.value.render("zh") and "altered" in err.value.render("en")
    con = sqlite3.connect(db.path)
    assert con.execute("SELECT COUNT(*) FROM score_entry WHERE score = '4'").fetchone()[0] == 0
    con.close()


def test_the_shipped_form_is_official() -> None:
    from qjsc_panel.domain.form import load_form

    assert official_forms(), "forms/official.lock.json pins the shipped form"
    assert standing(load_form(paths.default_form_path())) == "official"


@pytest.fixture
def edited_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped default form edited in place (a copy stands in for the installed file)."""
    target = tmp_path / "install" / "default-2025.json"
    target.parent.mkdir()
    target.write_text(_swap_maxima(paths.default_form_path().read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(paths, "default_form_path", lambda: target)
    return target


def test_form_validate_flags_an_edited_official_form(edited_install: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "validate", str(edited_install)]) == 2
    out = capsys.readouterr().out
    assert "内容已被改动" in out
    assert main(["--json", "form", "validate", str(edited_install)]) == 2
    assert json.loads(capsys.readouterr().out)["standing"] == "modified"


def test_form_validate_says_official_or_custom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "form", "validate", str(paths.default_form_path())]) == 0
    assert json.loads(capsys.readouterr().out)["official"] is True
    custom = tmp_path / "custom.json"
    data = json.loads(paths.default_form_path().read_text(encoding="utf-8"))
    data["id"] = "my-own-form"
    custom.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["form", "validate", str(custom)]) == 0
    assert "不是已知的官方评分表版本" in capsys.readouterr().out


def test_acceptance_create_refuses_an_edited_shipped_form(
    edited_install: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.sqlite3"
    base = ["--db", str(db)]
    assert (
        main(
            [
                *base,
                "enterprise",
                "add",
                "--name",
                "深圳市某公司",
                "--credit-code",
                with_check("91440300MA5T00042"),
                "--district",
                "南山区",
                "--established",
                "2015-01-01",
            ]
        )
        == 0
    )
    capsys.readouterr()
    args = [*base, "acceptance", "create", "--enterprise", "1", "--date", "2026-11-20"]
    assert main(args) == 2
    assert "内容已被改动" in capsys.readouterr().err
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM acceptance").fetchone()[0] == 0
    con.close()
    assert main([*args, "--custom-form"]) == 0  # the panel knowingly uses its own version
