"""verify-log streams: its peak Python memory does not grow with the length of the log, and
the fast entry hash is byte-for-byte the canonical one."""

from __future__ import annotations

import hashlib
import importlib.util
import random
import tracemalloc
from pathlib import Path
from types import ModuleType

from qjsc_panel.domain.audit import canonical, entry_hash
from qjsc_panel.services.app import App
from qjsc_panel.services.auditlog import verify_log
from qjsc_panel.store.db import open_database

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_verify_log.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_verify_log", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _peak(path: Path) -> tuple[int, int]:
    db = open_database(path)
    try:
        app = App(db)
        with db.session():  # warm: the engine, the pool, the first connection
            pass
        tracemalloc.start()
        try:
            count, problems = verify_log(app)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert problems == []
        return count, peak
    finally:
        db.close()


def test_peak_memory_does_not_grow_with_the_log(tmp_path: Path) -> None:
    bench = _bench()
    small, large = tmp_path / "small.sqlite3", tmp_path / "large.sqlite3"
    bench.make_log(small, 5_000)
    bench.make_log(large, 40_000)
    n_small, peak_small = _peak(small)
    n_large, peak_large = _peak(large)
    assert (n_small, n_large) == (5_000, 40_000)
    # Eight times the entries, the same peak (within allocator noise): nothing is kept per entry.
    assert peak_large < peak_small + 512 * 1024, (peak_small, peak_large)
    assert peak_large < 8 * 1024 * 1024


def test_fast_entry_hash_is_the_canonical_one() -> None:
    rng = random.Random(12)
    alphabet = 'ab"\\/\n\t\x00\x1f\x7f中文\u2028😀 {}[],:'
    for _ in range(3000):

        def text() -> str:
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))

        args = (rng.randint(0, 10**12), text(), text(), text(), rng.choice([None, text()]), text())
        want = hashlib.sha256(("0" * 64 + canonical(list(args))).encode("utf-8")).hexdigest()
        assert entry_hash("0" * 64, *args) == want
