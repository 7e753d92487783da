"""`opinion checklist`: the app's finalise checklist from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qjsc_panel.cli import main
from tests.factories import fill, make_panel, new_db


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_checklist_names_blockers_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    db = new_db(tmp_path)
    p = make_panel(db, n_experts=4)
    fill(p, "专家1")
    args = ["--db", str(db.path), "--lang", lang, "--as", "专家1"]
    assert main([*args, "--json", "opinion", "checklist", p.acc]) == 1
    items = json.loads(capsys.readouterr().out)
    states = {i["key"]: (i["state"], i["tab"]) for i in items}
    assert states["quorum.short"] == ("blocker", "collect")
    assert states["reports.perf_missing"] == ("todo", "opinion")
    assert states["checklist.ok_vetoes"] == ("ok", "review")
    for name in ("专家2", "专家3", "专家4"):
        fill(p, name)
    assert main([*args, "opinion", "checklist", p.acc]) == 0
    out = capsys.readouterr().out
    assert (
        "✗" not in out and ("Quorum reached" in out) == (lang == "en") and ("法定人数已满足" in out) == (lang == "zh")
    )
