"""One finalised demo acceptance (the lead's ``run_demo``) with the signed PDF, workbook and
bundle written, shared by the tests of a module (building it takes a few seconds)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from qjsc_panel.reports.outputs import Written


@dataclass
class Built:
    out: Path
    db_path: Path
    acceptance: str
    written: Written
    ca_pem: bytes


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from qjsc_panel.reports.outputs import load_sources, write_all
    from qjsc_panel.reports.testca import DemoCA
    from qjsc_panel.services.context import Ctx
    from qjsc_panel.services.demo import run_demo
    from qjsc_panel.store.db import open_database

    base = tmp_path_factory.mktemp("demo")
    old = os.environ.get("QJSC_HOME")
    os.environ["QJSC_HOME"] = str(base / "home")
    try:
        record, _ = run_demo(base / "demo")
        db = open_database(base / "demo" / "demo.sqlite3")
        try:
            ctx = Ctx(db, actor="陈建华")
            acc = record["acceptance"]
            ca = DemoCA()
            comp = load_sources(ctx, acc).comp
            ids = {m.id: ca.issue(m.name, m.id)[0] for m in comp.experts if not m.recused}
            written = write_all(ctx, acc, base / "out", ids, ca_pem=ca.pem())
        finally:
            db.close()
    finally:
        if old is None:
            os.environ.pop("QJSC_HOME", None)
        else:
            os.environ["QJSC_HOME"] = old
    return Built(base / "out", base / "demo" / "demo.sqlite3", acc, written, ca.pem())
