"""Fuzzing in CI: ≥ 10,000 mutated packages and ≥ 1,000 mutated workbooks per run, in bounded
time.  Every one is refused with a message (never a traceback, never accepted wrongly) and the
chair's database stays byte-identical.

Deterministic (seeded) mutations in a plain loop, not hypothesis: ten times the examples in the
same time.  ``QJSC_FUZZ_SEED`` picks another seed (CI may pass the run number);
``QJSC_FUZZ_SCALE`` multiplies the counts for a longer soak.
"""

from __future__ import annotations

import io
import os
import random
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto, package, xlsx
from qjsc_panel.services import exchange, importer, panel
from tests.exchange.conftest import CHAIR_PASS, World, build_world

SEED = int(os.environ.get("QJSC_FUZZ_SEED", "20261128"))
SCALE = float(os.environ.get("QJSC_FUZZ_SCALE", "1"))
PACKAGES = int(10_000 * SCALE)
WORKBOOKS = int(1_000 * SCALE)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, bytes, Path]]:
    mp = pytest.MonkeyPatch()
    mp.setattr(crypto, "SCRYPT_N", 2**10)
    root = tmp_path_factory.mktemp("fuzz-ci")
    w = build_world(root, ("李专家", "王专家"))
    w.join("李专家")
    w.score("李专家", comment="现场核查")
    raw = w.export("李专家").read_bytes()
    panel.declare(w.chair_ctx, w.member_ids["王专家"], [])
    template = exchange.write_template(w.chair_ctx, w.acc, "王专家", root / "王专家.xlsx")
    filled = _fill(template, w)
    yield w, raw, filled
    w.close_all()
    mp.undo()


def _fill(template: Path, w: World) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(template)
    for item in w.form.items:
        sheet, ref = next(iter(wb.defined_names[xlsx.score_name(item.id)].destinations))
        wb[sheet][ref.replace("$", "")] = float(item.max_points - item.step)
    out = template.with_name("filled.xlsx")
    wb.save(out)
    return out


def mutate(rng: random.Random, raw: bytes) -> bytes:
    """One to four byte-level edits: flip, cut, insert, delete, duplicate a span."""
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1) if data else 0
        op = rng.randrange(5)
        if op == 0 and data:
            data[min(at, len(data) - 1)] ^= rng.randint(1, 255)
        elif op == 1:
            del data[at:]
        elif op == 2:
            data[at:at] = bytes([rng.randrange(256)])
        elif op == 3:
            del data[at : at + rng.randint(1, 16)]
        else:
            data[at:at] = data[at : at + rng.randint(1, 32)]
    return bytes(data)


def mutate_inside(rng: random.Random, raw: bytes) -> bytes:
    """A valid zip whose one member (an XML part) is mutated: reaches the XML parser."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    names = src.namelist()
    victim = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            body = src.read(name)
            dst.writestr(name, mutate(rng, body) if name == victim else body)
    return out.getvalue()


def package_verdict(w: World, keys_: importer.PanelKeys, data: bytes) -> str:
    try:
        env = package.parse_envelope(data, "fuzz.qjsc")
        importer.check(w.chair_ctx, env, keys_)
    except QjscError as exc:
        return exc.code
    return "accepted"


def test_mutated_packages(world: tuple[World, bytes, Path]) -> None:
    w, raw, _ = world
    rng = random.Random(SEED)
    keys_ = importer.PanelKeys(w.chair_home, CHAIR_PASS)
    before = w.db_hash()
    started = time.perf_counter()
    counts: dict[str, int] = {}
    wrong: list[int] = []
    assert package_verdict(w, keys_, raw) == "accepted"  # the fuzzer starts from a good one
    for i in range(PACKAGES):
        data = mutate(rng, raw)
        verdict = package_verdict(w, keys_, data)  # anything but QjscError fails the test
        counts[verdict] = counts.get(verdict, 0) + 1
        if verdict == "accepted" and data != raw:
            wrong.append(i)
    elapsed = time.perf_counter() - started
    print(f"\nfuzz: {PACKAGES} mutated packages in {elapsed:.1f} s; refusals by code: {sorted(counts.items())}")
    assert wrong == [], f"accepted mutated packages (seed {SEED}): {wrong[:10]}"
    assert w.db_hash() == before


def read_verdict(w: World, path: Path) -> tuple[str, Any]:
    try:
        sheet = exchange.read_xlsx(w.chair_ctx, path)
    except QjscError as exc:
        return exc.code, None
    return "read", (sheet.member_id, sheet.scores, sheet.acceptance)


def test_mutated_workbooks(world: tuple[World, bytes, Path], tmp_path: Path) -> None:
    w, _, filled = world
    rng = random.Random(SEED + 1)
    raw = filled.read_bytes()
    target = tmp_path / "mutated.xlsx"
    before = w.db_hash()
    started = time.perf_counter()
    counts: dict[str, int] = {}
    wrong: list[str] = []
    good = read_verdict(w, filled)
    assert good[0] == "read"
    items = {i.id: i for i in w.form.items}
    for i in range(WORKBOOKS):
        data = mutate_inside(rng, raw) if i % 2 else mutate(rng, raw)
        target.write_bytes(data)
        verdict, read = read_verdict(w, target)
        counts[verdict] = counts.get(verdict, 0) + 1
        if read is None:
            continue
        member, scores, acc = read
        # An unsigned workbook may legitimately be edited; what must hold is that whatever is
        # read is a well-formed sheet of this panel: the same member and acceptance, every item
        # present, each score within its maximum and on its step.
        ok = (member, acc) == good[1][0::2] and set(scores) == set(items)
        ok = ok and all(0 <= v <= items[k].max_points and v % items[k].step == 0 for k, v in scores.items())
        if not ok:
            wrong.append(f"{i}: {member} {acc} {scores}")
    elapsed = time.perf_counter() - started
    print(f"\nfuzz: {WORKBOOKS} mutated workbooks in {elapsed:.1f} s; outcomes: {sorted(counts.items())}")
    assert wrong == [], f"wrongly read workbooks (seed {SEED}): {wrong[:5]}"
    assert w.db_hash() == before
