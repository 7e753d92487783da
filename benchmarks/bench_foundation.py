"""Foundation benchmarks: one confirmed score edit vs a bare sqlite3 insert+commit (same WAL,
synchronous=FULL, same disk), and aggregating 15 experts × 40 items.

    python benchmarks/bench_foundation.py [--n 400] [--dir DIR]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.factories builds the panel


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bare_sqlite(path: Path) -> Callable[[int], None]:
    """One insert+commit per call on a bare sqlite3 connection (WAL, synchronous=FULL)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, item TEXT, score NUMERIC)")

    def step(i: int) -> None:
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t (item, score) VALUES (?, ?)", (f"{i % 18}", "2.5"))
        con.execute("COMMIT")

    return step


def score_edits(path: Path, key: str | None = None) -> Callable[[int], None]:
    """One confirmed score edit per call; with ``key`` on an SQLCipher-encrypted database."""
    from qjsc_panel.services import panel, scoring
    from qjsc_panel.store.db import open_database
    from tests.factories import make_panel

    p = make_panel(open_database(path, key), 3)
    member = p.members["专家2"]
    ctx = p.as_("专家2")
    panel.declare(ctx, member, [])
    items = p.form.items
    scoring.set_score(ctx, member, items[0].id, "0")  # warm: form parsed, draft created

    def step(i: int) -> None:
        item = items[i % len(items)]
        scoring.set_score(ctx, member, item.id, str(item.step * (i % int(item.max_points / item.step + 1))))

    return step


def interleaved(steps: dict[str, Callable[[int], None]], n: int) -> dict[str, list[float]]:
    """Each step timed n times, taking turns: this disk's flush latency drifts minute to minute."""
    out: dict[str, list[float]] = {name: [] for name in steps}
    for i in range(n):
        for name, step in steps.items():
            t0 = time.perf_counter()
            step(i)
            out[name].append(time.perf_counter() - t0)
    return out


def opens(path: Path, key: str | None = None) -> Callable[[int], None]:
    """Opening an existing database and reading one row: what the app's login now costs
    (SQLCipher derives the page key from the passphrase on every new connection)."""
    from sqlalchemy import text

    from qjsc_panel.store.db import open_database

    open_database(path, key).close()

    def step(_i: int) -> None:
        db = open_database(path, key)
        with db.read() as conn:
            conn.execute(text("SELECT COUNT(*) FROM audit_log")).scalar()
        db.close()

    return step


def aggregate_15x40(repeat: int) -> list[float]:
    import json

    from qjsc_panel.domain.form import parse_form
    from qjsc_panel.domain.scoring import Method, Sheet, aggregate, decide, outliers
    from qjsc_panel.paths import default_form_path

    raw = json.loads(default_form_path().read_text(encoding="utf-8"))
    items = [
        {"id": f"{c}.{k}", "text": {"zh": f"第{c}.{k}项"}, "max_points": 2.5, "step": 0.5}
        for c in range(1, 5)
        for k in range(1, 11)
    ]
    raw["categories"] = [
        {"id": f"C{c}", "title": {"zh": f"类{c}"}, "points": 25, "items": items[(c - 1) * 10 : c * 10]}
        for c in range(1, 5)
    ]
    form = parse_form(json.loads(json.dumps(raw), parse_float=Decimal))
    assert len(form.items) == 40
    sheets = [Sheet(f"e{e}", {i.id: Decimal((e + k) % 6) / 2 for k, i in enumerate(form.items)}) for e in range(15)]
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for method in (Method.MEAN, Method.TRIMMED):
            agg = aggregate(form, sheets, method)
            outliers(agg.totals)
            decide(form, agg.composite)
        out.append((time.perf_counter() - t0) / 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--dir", type=Path, default=Path.cwd())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        runs = interleaved(
            {
                "bare": bare_sqlite(Path(tmp) / "bare.sqlite3"),
                "edit": score_edits(Path(tmp) / "app.sqlite3"),
                "encrypted": score_edits(Path(tmp) / "enc.sqlite3", key="口令-bench-2026"),
            },
            args.n,
        )
        logins = interleaved(
            {
                "plain": opens(Path(tmp) / "app.sqlite3"),
                "encrypted": opens(Path(tmp) / "enc.sqlite3", key="口令-bench-2026"),
            },
            max(5, args.n // 40),
        )
    bare, edits, enc = runs["bare"], runs["edit"], runs["encrypted"]
    agg = aggregate_15x40(50)
    us = 1e6
    print(f"{'':<44}{'p50':>10}{'p95':>10}")
    print(f"{'bare sqlite3 insert+commit (WAL, FULL)':<44}{pct(bare, 0.5) * us:>8.0f}µs{pct(bare, 0.95) * us:>8.0f}µs")
    print(
        f"{'confirmed score edit (validate+audit+commit)':<44}{pct(edits, 0.5) * us:>8.0f}µs"
        f"{pct(edits, 0.95) * us:>8.0f}µs"
    )
    print(f"{'same, SQLCipher-encrypted database':<44}{pct(enc, 0.5) * us:>8.0f}µs{pct(enc, 0.95) * us:>8.0f}µs")
    ratio50, ratio95 = pct(enc, 0.5) / pct(edits, 0.5), pct(enc, 0.95) / pct(edits, 0.95)
    for name, runs_ in logins.items():
        label = f"open database + one read ({name})"
        print(f"{label:<44}{pct(runs_, 0.5) * 1e3:>8.1f}ms{pct(runs_, 0.95) * 1e3:>8.1f}ms")
    print(f"{'encrypted / plain edit':<44}{ratio50:>9.2f}×{ratio95:>9.2f}×")
    print(
        f"{'ratio (goal ≤ 3×)':<44}{pct(edits, 0.5) / pct(bare, 0.5):>9.2f}×{pct(edits, 0.95) / pct(bare, 0.95):>9.2f}×"
    )
    print(
        f"aggregate 15 experts × 40 items (mean of totals, outliers, decision): "
        f"median {statistics.median(agg) * 1e3:.2f} ms"
    )


if __name__ == "__main__":
    main()
