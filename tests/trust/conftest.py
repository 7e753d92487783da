"""A finalised acceptance in a real SQLite file, built once and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from qjsc_panel.services import review
from qjsc_panel.services.app import App
from qjsc_panel.store.db import Database, open_database
from tests.factories import fill, make_panel, new_db

SHARES = {"专家1": "0.9", "专家2": "0.8", "专家3": "0.8", "专家4": "0.6"}


@pytest.fixture(scope="session")
def finalised_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """(database file, acceptance uuid, frozen composite)."""
    root = tmp_path_factory.mktemp("finalised")
    db = new_db(root, "template.sqlite3")
    p = make_panel(db, 4)
    for name, share in SHARES.items():
        fill(p, name, Decimal(share))
    review.justify_outlier(p.chair_ctx, p.acc, "专家4", "评分依据充分，予以保留")
    record = review.finalise(p.chair_ctx, p.acc)
    db.close()
    return root / "template.sqlite3", p.acc, str(record["composite"])


class Finalised:
    def __init__(self, path: Path, acc: str, composite: str) -> None:
        self.path, self.acc, self.composite = path, acc, composite
        self._db: Database | None = None

    @property
    def ctx(self) -> App:
        if self._db is None:
            self._db = open_database(self.path)
        return App(self._db, actor="秘书")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


@pytest.fixture
def fin(finalised_template: tuple[Path, str, str], tmp_path: Path) -> Iterator[Finalised]:
    src, acc, composite = finalised_template
    dst = tmp_path / "panel.sqlite3"
    shutil.copyfile(src, dst)
    f = Finalised(dst, acc, composite)
    yield f
    f.close()


@pytest.fixture(scope="session")
def signed_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo's finalised acceptance, whose chair signed each decision: (db file, uuid)."""
    from qjsc_panel.demo.run import run_demo

    base = tmp_path_factory.mktemp("signed-demo")
    record, _files = run_demo(base / "demo")
    return base / "demo" / "demo.sqlite3", str(record["acceptance"])
