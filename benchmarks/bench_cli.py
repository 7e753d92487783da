"""``qjsc-panel score set`` as a whole process, against ``python -c pass`` and a bare sqlite3 write.

Interleaved in one run (the disk's flush latency drifts from minute to minute): each round
spawns the light path (``python -m qjsc_panel … score set``), the full CLI (``qjsc_panel.cli.main``,
SQLAlchemy and all), an empty interpreter and a bare-sqlite3 script that does one durable
insert.  Each score edit alternates between two values so every run really writes.

    python benchmarks/bench_cli.py [--runs 15]

Prints a table, then one JSON object as the last line.  Exit 1 when score set's median > 0.4 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE_SQLITE = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode = WAL"); con.execute("PRAGMA synchronous = FULL")
con.execute("CREATE TABLE IF NOT EXISTS t (x)")
con.execute("BEGIN IMMEDIATE"); con.execute("INSERT INTO t VALUES (1)"); con.execute("COMMIT")
"""
FULL = "import sys\nfrom qjsc_panel.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def prepare(home: Path) -> tuple[Path, str]:
    sys.path.insert(0, str(ROOT))
    os.environ["QJSC_HOME"] = str(home)
    from qjsc_panel.services import panel
    from tests.factories import make_panel, new_db

    p = make_panel(new_db(home, "bench.sqlite3"), n_experts=4)
    panel.declare(p.as_("专家2"), p.members["专家2"], [])
    p.ctx.db.close()
    return home / "bench.sqlite3", p.acc


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchmark process failed: {args}\n{done.stderr.decode(errors='replace')}")
    return elapsed


def summary(values: list[float]) -> dict[str, float]:
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return {
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
        "iqr": round(q[2] - q[0], 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, acc = prepare(Path(tmp))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QJSC_HOME": tmp}
        common = ["--db", str(db), "--as", "专家2", "score", "set", acc, "专家2", "1.1"]
        bare_db = str(Path(tmp) / "bare.sqlite3")
        got: dict[str, list[float]] = {"score_set": [], "full_cli": [], "python_pass": [], "bare_sqlite3": []}
        for n in range(args.runs + 1):  # the first round warms the file cache and is dropped
            value = "2" if n % 2 else "1"
            round_ = {
                "score_set": timed(["-m", "qjsc_panel", *common, value], env),
                "full_cli": timed(["-c", FULL, *common, "1.5" if n % 2 else "2.5"], env),
                "python_pass": timed(["-c", "pass"], env),
                "bare_sqlite3": timed(["-c", BARE_SQLITE, bare_db], env),
            }
            if n:
                for key, value_s in round_.items():
                    got[key].append(value_s)
    stats = {k: summary(v) for k, v in got.items()}
    print(f"runs: {args.runs} each, interleaved; whole-process wall time in seconds")
    for key, label in (
        ("score_set", "qjsc-panel score set (light path)"),
        ("full_cli", "score set through the full CLI"),
        ("python_pass", "python -c pass"),
        ("bare_sqlite3", "bare sqlite3 insert+commit script"),
    ):
        s = stats[key]
        print(f"{label:36s} median {s['median']:.3f}  min {s['min']:.3f}  max {s['max']:.3f}  IQR {s['iqr']:.3f}")
    goal = 0.4
    print(json.dumps({"runs": args.runs, "goal_score_set_s": goal, **stats}, sort_keys=True))
    return 0 if stats["score_set"]["median"] <= goal else 1


if __name__ == "__main__":
    raise SystemExit(main())
