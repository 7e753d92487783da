"""The registries: experts' profiles can be corrected, with each change in the audit log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.services import registry
from qjsc_panel.services.app import App
from tests.factories import RawSql, open_db


def test_update_expert_logs_old_and_new(db_url: Path | str, tmp_path: Path) -> None:
    ctx = App(open_db(db_url, tmp_path), actor="秘书")
    xid = registry.add_expert(ctx, "王工", "intermediate", 9, phone="1")
    assert not registry.list_experts(ctx)[0].qualified
    registry.update_expert(ctx, xid, years=10, phone="13900000000", speciality="电镀")
    row = registry.list_experts(ctx)[0]
    assert row.qualified and (row.phone, row.speciality) == ("13900000000", "电镀")
    con = RawSql(ctx.db)
    payload = json.loads(con.execute("SELECT payload FROM audit_log WHERE action = 'expert.update'").fetchone()[0])
    assert payload["changes"]["years"] == [9, 10]
    with pytest.raises(QjscError):
        registry.update_expert(ctx, xid, name="改名")
    with pytest.raises(QjscError):
        registry.update_expert(ctx, xid, title_level="professor")
    with pytest.raises(QjscError):
        registry.update_expert(ctx, 999, years=3)
    con.close()
