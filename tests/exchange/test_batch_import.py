"""Collecting sheets as one batch: one unlock, one transaction, a result per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import exchange as xlsx
from qjsc_panel.services import panel
from qjsc_panel.services.batch_import import collect, import_batch, import_xlsx_confirmed, preview_xlsx
from qjsc_panel.services.status import panel_status
from tests.exchange.conftest import CHAIR_PASS, World, file_hash
from tests.exchange.test_xlsx import fill as fill_xlsx


def stick(world: World, names: tuple[str, ...]) -> Path:
    for name in names:
        world.join(name)
        world.score(name, "0.8")
        world.export(name)
    return world.root / "stick"


def test_a_folder_is_imported_in_one_batch_with_a_result_per_file(world: World) -> None:
    folder = stick(world, ("李专家", "王专家", "赵专家"))
    (folder / "broken.qjsc").write_bytes(b"not a package")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    packages, sheets, other = collect([folder])
    assert len(packages) == 4 and sheets == [] and other == []  # a folder's other files are ignored
    seen: list[tuple[int, int]] = []
    results = import_batch(world.chair_ctx, packages, CHAIR_PASS, lambda d, t, _n: seen.append((d, t)))
    by_name = {r.path.name: r for r in results}
    assert by_name["broken.qjsc"].status == "refused" and by_name["broken.qjsc"].reason("zh")
    assert sorted(r.expert for r in results if r.status == "imported") == ["李专家", "王专家", "赵专家"]
    assert seen[-1] == (4, 4)
    st = panel_status(world.chair_ctx, world.acc)
    assert st.quorum.counted == 3
    # The same stick again: every package is a duplicate and nothing changes.
    before = world.db_hash()
    again = import_batch(world.chair_ctx, packages, CHAIR_PASS)
    assert [r.status for r in again if r.path.name != "broken.qjsc"] == ["duplicate"] * 3
    assert world.db_hash() == before


def test_a_wrong_passphrase_refuses_the_whole_batch(world: World) -> None:
    folder = stick(world, ("李专家",))
    before = world.db_hash()
    with pytest.raises(QjscError) as err:
        import_batch(world.chair_ctx, collect([folder])[0], "wrong passphrase")
    assert err.value.code == "exchange.bad_passphrase"
    assert world.db_hash() == before


def test_a_refused_package_in_the_middle_leaves_no_trace(world: World) -> None:
    folder = stick(world, ("李专家", "王专家"))
    panel.recuse(world.chair_ctx, world.member_ids["王专家"], "与企业存在利害关系")
    results = import_batch(world.chair_ctx, collect([folder])[0], CHAIR_PASS)
    status = {r.expert: r.status for r in results}
    assert status == {"李专家": "imported", "王专家": "refused"}
    refused = next(r for r in results if r.expert == "王专家")
    assert "回避" in refused.reason("zh")
    st = panel_status(world.chair_ctx, world.acc)
    assert st.member(world.member_ids["王专家"]).latest is None


def test_excel_sheet_needs_the_right_member_and_the_paper_check(world: World) -> None:
    panel.declare(world.chair_ctx, world.member_ids["王专家"], [])
    book = xlsx.write_template(world.chair_ctx, world.acc, "王专家", world.root / "王专家.xlsx")
    filled = fill_xlsx(book, world)
    assert collect([filled])[1] == [filled]
    ctx = world.chair_ctx
    preview = preview_xlsx(ctx, filled)
    assert preview.name == "王专家" and preview.member_id == world.member_ids["王专家"]
    before = file_hash(world.chair_db.path)
    with pytest.raises(QjscError) as err:
        import_xlsx_confirmed(ctx, filled, world.member_ids["李专家"], True)
    assert err.value.code == "batch.xlsx_other_member" and "王专家" in err.value.render("zh")
    with pytest.raises(QjscError) as err:
        import_xlsx_confirmed(ctx, filled, world.member_ids["王专家"], False)
    assert err.value.code == "batch.paper_unconfirmed"
    from qjsc_panel.services.context import Ctx

    with pytest.raises(QjscError) as err:  # without the chair's key: the chair's name is not enough
        import_xlsx_confirmed(Ctx(world.chair_db, actor=world.chair), filled, world.member_ids["王专家"], True)
    assert err.value.code == "panel.not_chair"
    assert file_hash(world.chair_db.path) == before
    done = import_xlsx_confirmed(ctx, filled, world.member_ids["王专家"], True)
    assert done.status == "imported"
    row = panel_status(ctx, world.acc).member(world.member_ids["王专家"])
    assert row.counted is not None and not row.counted.signed
