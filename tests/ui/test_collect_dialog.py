"""收取评分表 in the app: a folder of packages and an Excel sheet, one batch, a row per file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qjsc_panel.exchange import crypto
from qjsc_panel.services import exchange as xlsx
from qjsc_panel.services import panel
from qjsc_panel.services.status import panel_status
from qjsc_panel.ui.chair.collect import CollectDialog
from qjsc_panel.ui.ops import OpRunner, set_default_runner
from tests.exchange.conftest import CHAIR_PASS, build_world
from tests.exchange.test_xlsx import fill as fill_xlsx
from tests.ui.conftest import type_text


def cell(dlg: CollectDialog, row: int, col: int) -> str:
    item = dlg.table.item(row, col)
    return item.text() if item is not None else ""


def test_collect_a_folder_and_an_excel_sheet(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qjsc_panel.ui.app import make_app

    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    world = build_world(tmp_path / "w", ("李专家", "王专家", "赵专家"))
    try:
        for name in ("李专家", "赵专家"):
            world.join(name)
            world.score(name, "0.8")
            world.export(name)
        stick = world.root / "stick"
        (stick / "坏文件.qjsc").write_bytes(b"garbage")
        panel.declare(world.chair_ctx, world.member_ids["王专家"], [])
        book = xlsx.write_template(world.chair_ctx, world.acc, "王专家", world.root / "王专家.xlsx")
        filled = fill_xlsx(book, world, out=stick / "王专家-已填.xlsx")
        make_app()
        dlg = CollectDialog(world.chair_ctx, world.acc)
        qtbot.addWidget(dlg)
        # No main window here: a runner of the dialog's own (gone with it) runs the batch.
        set_default_runner(OpRunner(lambda: None, dlg))
        dlg.show()
        dlg.add_paths([stick])
        assert dlg.table.rowCount() == 4
        combo, confirm = dlg.xlsx_rows[filled]
        assert combo.currentText() == "王专家"  # the member the sheet names, to be confirmed
        qtbot.mouseClick(dlg.run_button, Qt.MouseButton.LeftButton)
        assert "口令" in dlg.summary.text()  # asked for the passphrase, nothing started
        type_text(dlg.passphrase, CHAIR_PASS)
        qtbot.mouseClick(dlg.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dlg.running and bool(dlg.results), timeout=30000)
        status = {cell(dlg, r, 0): cell(dlg, r, 2) for r in range(dlg.table.rowCount())}
        assert status["坏文件.qjsc"] == "拒收"
        assert sorted(v for k, v in status.items() if k.endswith(".qjsc") and k != "坏文件.qjsc") == ["已导入"] * 2
        xlsx_row = dlg.row_of(filled)
        assert status[filled.name] == "拒收" and "纸质" in cell(dlg, xlsx_row, 4)
        assert dlg.progress.value() == dlg.progress.maximum()
        # The chair ticks the paper check and runs again: the packages are duplicates now.
        confirm.setChecked(True)
        type_text(dlg.passphrase, CHAIR_PASS)
        dlg.results.clear()
        qtbot.mouseClick(dlg.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dlg.running and bool(dlg.results), timeout=30000)
        assert cell(dlg, xlsx_row, 2) == "已导入"
        assert "重复" in dlg.summary.text()
        st = panel_status(world.chair_ctx, world.acc)
        assert st.quorum.counted == 3
        row = st.member(world.member_ids["王专家"])
        assert row.counted is not None and not row.counted.signed
    finally:
        world.close_all()
