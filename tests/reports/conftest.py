"""One finalised demo acceptance (``run_demo``: experts on simulated laptops with panel-CA
certificates) whose signed PDF, workbook and bundle the demo wrote, shared by a module's tests
(building it takes a few seconds)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from qjsc_panel.reports.bundle_names import PANEL_CA
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
    from qjsc_panel.demo.run import run_demo

    base = tmp_path_factory.mktemp("demo")
    record, files = run_demo(base / "demo")
    pdf = next(p for p in files if p.suffix == ".pdf")
    xlsx = next(p for p in files if p.suffix == ".xlsx")
    bundle = next(p for p in files if p.suffix == ".zip")
    with zipfile.ZipFile(bundle) as z:
        ca_pem = z.read(PANEL_CA)
    signed = ["陈建华", "李明远", "王秀兰", "刘志强"]
    written = Written(pdf, xlsx, bundle, "", signed)
    return Built(base / "demo", base / "demo" / "demo.sqlite3", record["acceptance"], written, ca_pem)
