"""The chair's decisions open dialogs with the evidence and the consequence; an outlier can be
sent back for a re-score, which is recorded and cleared by the expert's next version."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from qjsc_panel.errors import QjscError
from qjsc_panel.services import scoring, vetoes
from qjsc_panel.services.authority import entry_signed_by
from qjsc_panel.services.chair import rescore_requests, send_back_outlier
from qjsc_panel.store.db import open_database
from qjsc_panel.store.models import AuditEntry
from qjsc_panel.ui.chair.decisions import OutlierDialog, VetoDialog
from qjsc_panel.ui.dashboard import ChairDashboard
from tests.factories import dump, fill, make_panel


def pending(w: ChairDashboard) -> list[str]:
    out = []
    for i in range(w.pending.count()):
        item = w.pending.item(i)
        out.append(item.text() if item is not None else "")
    return out


def select(w: ChairDashboard, needle: str) -> None:
    for i in range(w.pending.count()):
        item = w.pending.item(i)
        if item is not None and needle in item.text():
            w.pending.setCurrentRow(i)
            return
    raise AssertionError(needle)


def test_veto_and_outlier_dialogs_and_sending_back(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = make_panel(open_database(tmp_path / "d.sqlite3"), 4)
    for name in ("专家1", "专家2", "专家3"):
        fill(p, name, Decimal("0.9"))
    fill(p, "专家4", Decimal("0.5"))
    pid = vetoes.propose_veto(p.as_("专家2"), p.members["专家2"], "V3", "单位产品能耗高于三级基准值")
    w = ChairDashboard(p.chair_ctx, p.acc)
    qtbot.addWidget(w)
    assert w.dashboard is not None

    veto = VetoDialog(w.dashboard.vetoes[0])
    qtbot.addWidget(veto)
    assert "单位产品能耗高于三级基准值" in veto.facts.text() and "专家2" in veto.facts.text()
    texts = [lbl.text() for lbl in veto.findChildren(type(veto.facts))]
    assert any("不合格" in t and "第二十二条" in t for t in texts)
    outlier = OutlierDialog(w.dashboard.outliers[0])
    qtbot.addWidget(outlier)
    assert "专家4" in outlier.facts.text()

    # The veto: dismissed through its dialog.
    def answer_veto(self: VetoDialog) -> int:
        self.options[0].setChecked(True)
        self.reason.setPlainText("经核实能耗达到二级")
        return 1

    monkeypatch.setattr(VetoDialog, "exec", answer_veto)
    select(w, "否决项")
    w._act_on_selected()
    assert vetoes.list_vetoes(p.ctx, p.acc)[0]["status"] == "dismissed" and pid

    # The outlier: sent back for a re-score (not justified).
    def answer_outlier(self: OutlierDialog) -> int:
        self.options[1].setChecked(True)
        self.reason.setPlainText("请复核第 2 类各项评分")
        return 1

    monkeypatch.setattr(OutlierDialog, "exec", answer_outlier)
    select(w, "专家4")
    w._act_on_selected()
    assert rescore_requests(p.ctx, p.acc) == {"专家4": "请复核第 2 类各项评分"}
    assert any("已要求重新评分" in t for t in pending(w))
    assert p.chair_key is not None
    with p.ctx.db.session() as s:
        entry = s.query(AuditEntry).filter(AuditEntry.action == "outlier.send_back").one()
        assert json.loads(entry.payload)["note"] == "请复核第 2 类各项评分"
        assert entry_signed_by(entry, p.chair_key.public_pem)
    # Only with the chair's key.
    before = dump(p.ctx.db)
    with pytest.raises(QjscError) as err:
        send_back_outlier(p.as_("专家1"), p.acc, "专家4", "x")
    assert err.value.code == "panel.not_chair" and dump(p.ctx.db) == before

    # The expert's next version clears the request (and here the flag too).
    scoring.correct(p.as_("专家4"), p.members["专家4"], "按组长要求复核")
    fill(p, "专家4", Decimal("0.88"), declare=False)
    w.refresh()
    assert rescore_requests(p.ctx, p.acc) == {}
    assert w.dashboard is not None and not w.dashboard.outliers and not w.dashboard.blockers
    p.ctx.db.close()
