"""Laptops for the exchange tests: each has its own data directory and its own SQLite file,
passed explicitly in its application object, and they share nothing but the files a test
passes between them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from qjsc_panel.domain.form import Form
from qjsc_panel.exchange import crypto
from qjsc_panel.services import acceptances, exchange, importer, panel, registry, scoring
from qjsc_panel.services.app import App
from qjsc_panel.store.db import Database, open_database

CHAIR_PASS = "chair-口令"
EXPERT_PASS = "expert-口令"
VISIT = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real files, real scrypt — only cheaper, so that dozens of keys fit in a test run.
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


def file_hash(path: Path) -> str:
    """The database file on disk (plus any WAL), to prove a refusal changed nothing."""
    h = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


@dataclass
class Expert:
    name: str
    home: Path
    db: Database
    member_id: int = 0  # on the chair's laptop
    local_acc: str = ""
    local_member: int = 0

    @property
    def ctx(self) -> App:
        """The expert's laptop: its database and its data directory."""
        return App(self.db, actor=self.name, home=self.home)


@dataclass
class World:
    root: Path
    chair_home: Path
    chair_db: Database
    acc: str
    form: Form
    experts: dict[str, Expert] = field(default_factory=dict)
    member_ids: dict[str, int] = field(default_factory=dict)
    chair: str = "张组长"

    @property
    def chair_ctx(self) -> App:
        """The chair's laptop: its database and its data directory (the panel key)."""
        return App(self.chair_db, actor=self.chair, home=self.chair_home)

    def close_all(self) -> None:
        self.chair_db.close()
        for e in self.experts.values():
            e.db.close()

    def db_hash(self) -> str:
        self.chair_db.close()  # dispose: the last connection checkpoints the WAL
        return file_hash(self.chair_db.path)

    def join(self, name: str) -> Expert:
        """Key on the expert's laptop → enrol + invite on the chair's → join on the expert's."""
        exp = Expert(name, self.root / f"laptop-{name}", open_database(self.root / f"{name}.db"))
        self.experts[name] = exp
        exp.member_id = self.member_ids[name]
        info = exchange.init_key(exp.ctx, name, EXPERT_PASS)
        pub = self.root / f"{name}.pub.pem"
        pub.write_text(info.public_pem)
        exchange.enrol(self.chair_ctx, self.acc, name, pub.read_bytes(), CHAIR_PASS)
        inv = exchange.make_invitation(self.chair_ctx, self.acc, name, CHAIR_PASS, self.root / f"{name}.invite")
        j = exchange.join(exp.ctx, inv)
        exp.local_acc, exp.local_member = j.local_acceptance, j.local_member
        panel.declare(exp.ctx, exp.local_member, [])
        return exp

    def score(
        self, name: str, share: str = "0.8", comment: str = "", *, correct: str | None = None
    ) -> dict[str, Decimal]:
        """Score (or correct) and submit on the expert's laptop."""
        exp = self.experts[name]
        if correct is not None:
            scoring.correct(exp.ctx, exp.local_member, correct)
        out = {}
        for item in self.form.items:
            value = (item.max_points * Decimal(share) / item.step).to_integral_value() * item.step
            out[item.id] = value
            scoring.set_score(exp.ctx, exp.local_member, item.id, value)
        if comment:
            scoring.set_comment(exp.ctx, exp.local_member, "1.1", comment)
        scoring.submit(exp.ctx, exp.local_member)
        return out

    def export(self, name: str, folder: Path | None = None) -> Path:
        exp = self.experts[name]
        folder = folder or self.root / "stick"
        folder.mkdir(exist_ok=True)
        return exchange.export_sheet(exp.ctx, exp.local_acc, EXPERT_PASS, folder)

    def import_(self, *paths: Path) -> list[importer.Verdict]:
        return importer.import_packages(self.chair_ctx, list(paths), CHAIR_PASS)


def build_world(
    root: Path, names: tuple[str, ...] = ("李专家", "王专家", "赵专家"), credit: str = "91440300MA5TEST01X"
) -> World:
    chair_home = root / "laptop-chair"
    db = open_database(root / "chair.db")
    ctx = App(db, actor="秘书", home=chair_home)
    ent = registry.add_enterprise(ctx, "深圳市测试电路有限公司", credit, "宝安区", "legal_person", date(2015, 1, 1))
    firm = registry.add_consultancy(ctx, "某咨询公司")
    acc = acceptances.create_acceptance(ctx, ent, VISIT, consultancy_id=firm)
    world = World(root, chair_home, db, acc, acceptances.load_acceptance_form(ctx, acc))
    for i, name in enumerate(("张组长", *names)):
        xid = registry.add_expert(ctx, name, "senior", 15, employer="某研究院")
        world.member_ids[name] = panel.add_member(ctx, acc, expert_id=xid, is_chair=i == 0)
    exchange.init_panel_key(ctx, acc, CHAIR_PASS)
    return world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = build_world(tmp_path)
    yield w
    w.close_all()
