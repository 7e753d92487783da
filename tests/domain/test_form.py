"""The scoring form as data: the shipped form loads; a broken one names every problem."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.domain.form import load_form, loads_form, parse_form
from qjsc_panel.errors import FormError
from qjsc_panel.paths import default_form_path


@pytest.fixture
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(default_form_path().read_text(encoding="utf-8"))
    return data


def test_default_form_matches_domain_section_3() -> None:
    form = load_form(default_form_path())
    assert len(form.categories) == 5
    assert [c.points for c in form.categories] == [15, 10, 30, 25, 20]
    assert len(form.items) == 18
    assert form.total == 100
    assert (form.thresholds.pass_, form.thresholds.excellent) == (Decimal(60), Decimal(75))
    assert [v.id for v in form.veto_items] == ["V1", "V2", "V3", "V4", "V5"]
    assert all(i.step == Decimal("0.5") and i.text.zh and i.text.en for i in form.items)
    assert all(i.checkpoints.zh for i in form.items)


def test_hash_ignores_layout_but_not_content(raw: dict[str, Any]) -> None:
    form = parse_form(raw)
    relaid = loads_form(json.dumps(raw, ensure_ascii=False, indent=None, sort_keys=True))
    assert relaid.content_hash == form.content_hash
    changed = copy.deepcopy(raw)
    changed["categories"][0]["items"][0]["text"]["zh"] += "。"
    assert parse_form(changed).content_hash != form.content_hash


def test_every_problem_is_named(raw: dict[str, Any]) -> None:
    broken = copy.deepcopy(raw)
    broken["categories"][1]["items"][0]["id"] = broken["categories"][0]["items"][0]["id"]
    broken["categories"][2]["items"][0]["max_points"] = 99
    broken["categories"][4]["points"] = 25  # its items add up to 20; the total becomes 105
    broken["thresholds"]["excellent"] = 120
    broken["categories"][3]["items"][1]["text"]["zh"] = ""
    with pytest.raises(FormError) as err:
        parse_form(broken)
    codes = {(p.where, p.code) for p in err.value.problems}
    assert ("categories[1].items[0].id", "form.duplicate_id") in codes
    assert any(c == "form.category_sum" for _, c in codes)
    assert any(c == "form.total_sum" for _, c in codes)
    assert any(c == "form.thresholds" for _, c in codes)
    assert ("categories[3].items[1].text.zh", "form.missing_zh") in codes
    text = err.value.render("zh")
    assert "重复" in text and "合计" in text
    assert "used twice" in err.value.render("en")


def test_structural_problems_have_locations(raw: dict[str, Any]) -> None:
    broken = copy.deepcopy(raw)
    del broken["categories"][0]["items"][2]["max_points"]
    broken["categories"][0]["items"][1]["step"] = "half"
    with pytest.raises(FormError) as err:
        parse_form(broken)
    where = {p.where for p in err.value.problems}
    assert "categories[0].items[2].max_points" in where
    assert "categories[0].items[1].step" in where


def test_not_json_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(FormError) as err:
        load_form(bad)
    assert err.value.problems[0].code == "form.not_json"
    with pytest.raises(FormError) as err:
        load_form(tmp_path / "missing.json")
    assert err.value.problems[0].code == "form.unreadable"
