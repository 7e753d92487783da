"""Exchange benchmark: the chair verifies and imports 15 experts' signed, encrypted packages.

Fifteen simulated laptops (own data directory and database each) make a key, join, score and
export; the chair's laptop then, in interleaved rounds on fresh copies of the same database,
runs ``sheet verify`` on all 15, the current ``sheet import`` (one transaction per package;
also with the key already unlocked, to compare like with like), and the batch import
(services.batch_import: one unlock, one transaction), with the real scrypt cost.  The last
line is JSON (medians and spreads in seconds).

    python benchmarks/bench_exchange.py [--experts 15] [--repeat 5] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.exchange.conftest import CHAIR_PASS, build_world


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--experts", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-exchange-", dir=args.dir))
    try:
        return run(root, args.experts, args.repeat)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(root: Path, n: int, repeat: int) -> int:
    from qjsc_panel.exchange import crypto, panelkey
    from qjsc_panel.services import importer
    from qjsc_panel.store.db import open_database

    names = tuple(f"专家{i:02d}" for i in range(1, n + 1))
    t0 = time.perf_counter()
    world = build_world(root / "world", names)
    files = []
    for i, name in enumerate(names):
        world.join(name)
        world.score(name, ("0.7", "0.8", "0.9")[i % 3], comment="现场核查意见")
        files.append(world.export(name))
    setup = time.perf_counter() - t0
    world.chair_db.close()
    pristine = root / "pristine.db"
    shutil.copy(world.chair_db.path, pristine)

    def fresh_db() -> None:
        for leftover in world.chair_db.path.parent.glob(world.chair_db.path.name + "-*"):
            leftover.unlink()
        shutil.copy(pristine, world.chair_db.path)

    from qjsc_panel.services.app import App
    from qjsc_panel.services.batch_import import import_batch

    runs: dict[str, list[float]] = {
        "unlock": [],
        "verify": [],
        "import": [],
        "import_unlocked": [],
        "batch": [],
        "batch_unlocked": [],
    }
    # Interleaved: every round runs each path on a fresh copy of the same database, so
    # machine noise (two cores shared with other work) falls on all of them alike.
    for _ in range(repeat):
        t = time.perf_counter()
        panelkey.unlock_panel(world.chair_home, world.acc, CHAIR_PASS)
        runs["unlock"].append(time.perf_counter() - t)

        db = open_database(world.chair_db.path)
        ctx = App(db, actor=world.chair, home=world.chair_home)
        t = time.perf_counter()
        verdicts = importer.verify_packages(ctx, files, CHAIR_PASS)
        runs["verify"].append(time.perf_counter() - t)
        assert all(v.status == "valid" for v in verdicts), verdicts
        t = time.perf_counter()
        verdicts = importer.import_packages(ctx, files, CHAIR_PASS)
        runs["import"].append(time.perf_counter() - t)
        assert [v.status for v in verdicts] == ["imported"] * n, verdicts
        db.close()
        fresh_db()

        db = open_database(world.chair_db.path)
        ctx = App(db, actor=world.chair, home=world.chair_home)
        t = time.perf_counter()
        results = import_batch(ctx, files, CHAIR_PASS)
        runs["batch"].append(time.perf_counter() - t)
        assert [r.status for r in results] == ["imported"] * n, results
        db.close()
        fresh_db()

        db = open_database(world.chair_db.path)
        ctx = App(db, actor=world.chair, home=world.chair_home)
        keys = importer.PanelKeys(world.chair_home, CHAIR_PASS)
        keys.get(world.acc)
        t = time.perf_counter()
        verdicts = importer.import_packages(ctx, files, CHAIR_PASS, keys=keys)
        runs["import_unlocked"].append(time.perf_counter() - t)
        assert [v.status for v in verdicts] == ["imported"] * n, verdicts
        db.close()
        fresh_db()

        db = open_database(world.chair_db.path)
        ctx = App(db, actor=world.chair, home=world.chair_home)
        keys = importer.PanelKeys(world.chair_home, CHAIR_PASS)
        keys.get(world.acc)  # the app unlocks once per session, before the batch
        t = time.perf_counter()
        results = import_batch(ctx, files, CHAIR_PASS, keys=keys)
        runs["batch_unlocked"].append(time.perf_counter() - t)
        assert [r.status for r in results] == ["imported"] * n, results
        db.close()
        fresh_db()
    world.close_all()
    size = sum(f.stat().st_size for f in files) / len(files)

    def med(k: str) -> float:
        return statistics.median(runs[k])

    def spread(k: str) -> float:
        return max(runs[k]) - min(runs[k])

    print(
        f"exchange benchmark: {n} packages, scrypt n=2^{crypto.SCRYPT_N.bit_length() - 1}, "
        f"mean package {size / 1024:.1f} KiB, setup {setup:.1f} s, {repeat} interleaved rounds"
    )
    labels = {
        "unlock": "unlock chair panel key (scrypt)",
        "verify": f"sheet verify of {n} (no writes; includes unlock)",
        "import": f"current import of {n} (a transaction per package; includes unlock)",
        "import_unlocked": f"current import of {n}, key already unlocked",
        "batch": f"batch import of {n} (one transaction; includes unlock)",
        "batch_unlocked": f"batch verify + import of {n}, key already unlocked",
    }
    for k, label in labels.items():
        print(f"  {label}: median {med(k):.3f} s, spread {spread(k):.3f} s (min {min(runs[k]):.3f})")
    print(
        json.dumps(
            {
                "benchmark": "exchange",
                "packages": n,
                "rounds": repeat,
                "scrypt_log2_n": crypto.SCRYPT_N.bit_length() - 1,
                **{f"{k}_median_s": round(med(k), 4) for k in runs},
                **{f"{k}_spread_s": round(spread(k), 4) for k in runs},
                "batch_unlocked_goal_s": 0.3,
                "batch_unlocked_meets_goal": med("batch_unlocked") < 0.3,
                "batch_speedup_unlocked": round(med("import_unlocked") / med("batch_unlocked"), 2),
            },
            sort_keys=True,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
