"""verify-log (chain walk + replay against the tables) vs a plain hashlib walk of the same log.

    python benchmarks/bench_verify_log.py [--entries 1500000] [--rounds 3] [--dir DIR]

The log is generated with plain sqlite3 (fast): a real schema from the migrations, one panel
whose experts edit scores over and over.  Each measurement runs in its own process (wall time and
peak RSS), baseline and verify-log interleaved because this disk's speed drifts.  The last line
is JSON.  Goals: verify-log ≤ 1.5 × the plain walk, and < 100 MiB peak at 1.5 M entries.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_log(path: Path, entries: int, sheets: int = 12, items: int = 18) -> None:
    """A database with ``entries`` hash-chained score edits over ``sheets`` × ``items`` cells."""
    from qjsc_panel.store.audit import GENESIS, canonical, entry_hash
    from qjsc_panel.store.db import open_database

    open_database(path).close()  # the real schema and triggers
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    # Generating, not attacking: the chain trigger would check every insert against the head.
    con.execute("DROP TRIGGER IF EXISTS audit_log_chained")
    con.execute("BEGIN")
    prev, acc = GENESIS, "00000000-0000-4000-8000-000000000001"
    batch: list[tuple[object, ...]] = []
    for seq in range(1, entries + 1):
        at = f"2026-11-20T08:{(seq // 60_000_000) % 60:02d}:{(seq // 1_000_000) % 60:02d}.{seq % 1_000_000:06d}+00:00"
        payload = canonical(
            {"member": seq % sheets + 1, "sheet": seq % sheets + 1, "item": f"{seq % items + 1}.1", "score": "2.5"}
        )
        digest = entry_hash(prev, seq, at, "专家", "score.set", acc, payload)
        batch.append((seq, at, "专家", "score.set", acc, payload, prev, digest))
        prev = digest
        if len(batch) == 50_000:
            con.executemany("INSERT INTO audit_log VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch.clear()
    con.executemany("INSERT INTO audit_log VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    con.execute("DROP TRIGGER IF EXISTS audit_head_insert")
    con.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)", (entries, prev))
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def plain_walk(path: Path) -> int:
    """The baseline: the same hashes recomputed in the plainest loop, nothing else."""
    import hashlib

    con = sqlite3.connect(path)
    prev, count, ok = "0" * 64, 0, True
    for seq, at, actor, action, acc, payload, prev_hash, digest in con.execute(
        "SELECT seq, at, actor, action, acceptance_uuid, payload, prev_hash, hash FROM audit_log ORDER BY seq"
    ):
        body = json.dumps(
            [seq, at, actor, action, acc, payload], ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        ok &= hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest() == digest and prev_hash == prev
        prev, count = digest, count + 1
    con.close()
    assert ok
    return count


def verify(path: Path) -> int:
    from qjsc_panel.services.app import App
    from qjsc_panel.services.auditlog import verify_log

    app = App(db_path=path)
    count, problems = verify_log(app)
    app.close()
    assert not problems, problems[:3]
    return count


def _child(kind: str, path: Path) -> None:
    t0 = time.perf_counter()
    count = plain_walk(path) if kind == "plain" else verify(path)
    wall = time.perf_counter() - t0
    # VmHWM: this process's own peak (ru_maxrss would carry the forking parent's over exec).
    hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM"))
    peak = int(hwm.split()[1]) / 1024
    print(json.dumps({"kind": kind, "entries": count, "seconds": wall, "peak_mib": peak}))


def measure(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--db", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=1_500_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", type=Path)
    ap.add_argument("--child")
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.db)
        return
    work = Path(args.dir or tempfile.mkdtemp(prefix="bench-verify-log-"))
    work.mkdir(parents=True, exist_ok=True)
    path = work / "log.sqlite3"
    if path.exists():
        path.unlink()
    t0 = time.perf_counter()
    make_log(path, args.entries)
    print(f"generated {args.entries} entries in {time.perf_counter() - t0:.1f} s ({path.stat().st_size >> 20} MiB)")
    plain, ours = [], []
    for r in range(args.rounds):  # interleaved: this disk's speed drifts minute to minute
        plain.append(measure("plain", path))
        ours.append(measure("verify", path))
        print(f"round {r + 1}: plain {plain[-1]['seconds']:.2f} s, verify-log {ours[-1]['seconds']:.2f} s")
    p_med = statistics.median(x["seconds"] for x in plain)
    o_med = statistics.median(x["seconds"] for x in ours)
    result = {
        "entries": args.entries,
        "plain_walk_s": round(p_med, 3),
        "verify_log_s": round(o_med, 3),
        "ratio": round(o_med / p_med, 3),
        "verify_log_peak_mib": round(max(x["peak_mib"] for x in ours), 1),
        "plain_walk_peak_mib": round(max(x["peak_mib"] for x in plain), 1),
        "goal_ratio": 1.5,
        "goal_peak_mib": 100,
    }
    result["ok"] = result["ratio"] <= 1.5 and result["verify_log_peak_mib"] < 100
    print(json.dumps(result))


if __name__ == "__main__":
    main()
