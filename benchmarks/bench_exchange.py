"""Exchange benchmark: the chair verifies and imports 15 experts' signed, encrypted packages.

Fifteen simulated laptops (own data directory and database each) make a key, join, score and
export; the chair's laptop then runs ``sheet verify`` on all 15 and ``sheet import`` of all 15
in one call, with the real scrypt cost (the chair's panel key is unlocked once per call).

    python benchmarks/bench_exchange.py [--experts 15] [--repeat 5] [--dir DIR]
"""

from __future__ import annotations

import argparse
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

    t = time.perf_counter()
    panelkey.unlock_panel(world.chair_home, world.acc, CHAIR_PASS)
    unlock = time.perf_counter() - t
    verify_runs, import_runs = [], []
    for r in range(repeat):
        db = open_database(world.chair_db.path)
        from qjsc_panel.services.app import App

        ctx = App(db, actor=world.chair, home=world.chair_home)
        t = time.perf_counter()
        verdicts = importer.verify_packages(ctx, files, CHAIR_PASS)
        verify_runs.append(time.perf_counter() - t)
        assert all(v.status == "valid" for v in verdicts), verdicts
        t = time.perf_counter()
        verdicts = importer.import_packages(ctx, files, CHAIR_PASS)
        import_runs.append(time.perf_counter() - t)
        assert [v.status for v in verdicts] == ["imported"] * n, verdicts
        db.close()
        if r < repeat - 1:  # start again from the database before the import
            for leftover in world.chair_db.path.parent.glob(world.chair_db.path.name + "-*"):
                leftover.unlink()
            shutil.copy(pristine, world.chair_db.path)
    world.close_all()
    size = sum(f.stat().st_size for f in files) / len(files)
    print(
        f"exchange benchmark: {n} packages, scrypt n=2^{crypto.SCRYPT_N.bit_length() - 1}, "
        f"mean package {size / 1024:.1f} KiB, setup {setup:.1f} s"
    )
    print(f"  unlock chair panel key (scrypt, once per command): {unlock * 1000:.0f} ms")
    print(
        f"  sheet verify of {n} in one call (signature, enrolment, decryption, scores, "
        f"chain; no writes): median {statistics.median(verify_runs):.3f} s, "
        f"min {min(verify_runs):.3f} s"
    )
    print(
        f"  sheet import of {n} in one call (verify everything, then write each): "
        f"median {statistics.median(import_runs):.3f} s, min {min(import_runs):.3f} s, "
        f"{statistics.median(import_runs) / n * 1000:.1f} ms per package"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
