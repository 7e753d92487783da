"""Drawing experts at random: who is left out and why, a reproducible seed, reserves stepping in."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from qjsc_panel.domain.draw import draw_order, industry_matches
from qjsc_panel.errors import QjscError
from qjsc_panel.services import acceptances, draw, panel, pool, registry
from qjsc_panel.services.context import Ctx
from tests.factories import dump, open_db


def test_draw_order_is_the_documented_algorithm() -> None:
    ids = [9, 3, 7, 1, 5, 11]
    assert draw_order(ids, "abc", 4) == random.Random("abc").sample(sorted(ids), 4)
    assert draw_order(ids, "abc", 4) == draw_order(list(reversed(ids)), "abc", 4)  # input order is irrelevant
    assert draw_order(ids, "abc", 4) != draw_order(ids, "abd", 4)
    with pytest.raises(ValueError):
        draw_order(ids, "x", 7)
    assert (
        industry_matches("C39,C26", "C3982") and industry_matches("C3982", "C39") and not industry_matches("C26", "C39")
    )
    assert industry_matches("", "")


@pytest.fixture
def world(db_url: Path | str, tmp_path: Path) -> tuple[Ctx, str, dict[str, int]]:
    ctx = Ctx(open_db(db_url, tmp_path), actor="秘书")
    firm = registry.add_consultancy(ctx, "绿源咨询")
    ent = registry.add_enterprise(
        ctx, "深圳市甲电子有限公司", "914403001922038216", "南山区", "legal_person", date(2010, 1, 1)
    )
    old = acceptances.create_acceptance(ctx, ent, date(2019, 6, 1))
    acc = acceptances.create_acceptance(ctx, ent, date(2026, 11, 20), consultancy_id=firm)
    x: dict[str, int] = {}
    for i in range(12):
        x[f"e{i}"] = registry.add_expert(ctx, f"专家{i}", "senior", 15, speciality="电子 清洁生产")
        pool.set_pool_details(ctx, x[f"e{i}"], industries=["C39"])
    x["young"] = registry.add_expert(ctx, "中级", "intermediate", 5)
    x["away"] = registry.add_expert(ctx, "出差", "senior", 20)
    pool.set_pool_details(ctx, x["away"], available=False)
    x["staff"] = registry.add_expert(ctx, "企业员工", "senior", 20, employer="深圳市甲电子有限公司")
    x["firm"] = registry.add_expert(ctx, "咨询员工", "senior", 20, employer="绿源咨询")
    x["rel"] = registry.add_expert(ctx, "前顾问", "senior", 20)
    pool.add_relation(ctx, x["rel"], enterprise_id=ent, note="2024 年曾任顾问")
    x["prev"] = registry.add_expert(ctx, "上次专家", "senior", 20)
    panel.add_member(ctx, old, expert_id=x["prev"])
    x["chem"] = registry.add_expert(ctx, "化工专家", "senior", 20)
    pool.set_pool_details(ctx, x["chem"], industries=["C26"])
    return ctx, acc, x


def test_unqualified_and_conflicted_are_left_out_with_reasons(world: tuple[Ctx, str, dict[str, int]]) -> None:
    ctx, acc, x = world
    view = draw.draw_panel(ctx, acc, 5, 2, industry="C3982", seed="2026-11-20/甲")
    why = {int(k): v for k, v in view.excluded.items()}
    assert why[x["young"]] == "unqualified" and why[x["away"]] == "unavailable"
    assert why[x["staff"]] == "employed_by_enterprise" and why[x["firm"]] == "employed_by_consultancy"
    assert why[x["rel"]] == "relation" and why[x["prev"]] == "previous_panel" and why[x["chem"]] == "no_match"
    assert sorted(view.pool) == sorted(x[f"e{i}"] for i in range(12))
    # Anyone can repeat the draw from the record: sorted pool + seed.
    assert (
        [p[1] for p in view.picks]
        == draw.reproduce(view)
        == random.Random("2026-11-20/甲").sample(sorted(view.pool), 7)
    )
    assert len(view.selected) == 5 and [p[3] for p in view.picks].count("reserve") == 2
    before = dump(ctx.db)
    with pytest.raises(QjscError) as err:
        draw.draw_panel(ctx, acc, 5, 2)
    assert err.value.code == "secretary.draw_exists" and dump(ctx.db) == before


def test_a_declining_expert_is_replaced_by_the_next_reserve(world: tuple[Ctx, str, dict[str, int]]) -> None:
    ctx, acc, _ = world
    view = draw.draw_panel(ctx, acc, 3, 2, seed="s")
    first, reserve1, reserve2 = view.picks[0][1], view.picks[3][1], view.picks[4][1]
    with pytest.raises(QjscError):
        draw.decline(ctx, acc, first, " ")
    assert draw.decline(ctx, acc, first, "出差") == reserve1
    after = draw.get_draw(ctx, acc)
    assert after is not None
    assert after.picks[0][3:] == ("declined", "出差") and reserve1 in after.selected and first not in after.selected
    with pytest.raises(QjscError):
        draw.decline(ctx, acc, first, "again")  # no longer drawn
    assert draw.decline(ctx, acc, after.selected[0], "生病") == reserve2
    assert draw.decline(ctx, acc, reserve2, "冲突") is None  # no reserve left
    assert len(draw.get_draw(ctx, acc).selected) == 2  # type: ignore[union-attr]


def test_pool_too_small_is_refused(world: tuple[Ctx, str, dict[str, int]]) -> None:
    ctx, acc, _ = world
    with pytest.raises(QjscError) as err:
        draw.draw_panel(ctx, acc, 14)  # 12 electronics experts + the chemist: 13
    assert "只有 13 名" in err.value.render("zh") and draw.get_draw(ctx, acc) is None
    with pytest.raises(QjscError):
        draw.draw_panel(ctx, acc, 3, speciality="核电")
