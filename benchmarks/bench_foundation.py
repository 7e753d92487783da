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
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.factories builds the panel


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bare_sqlite(path: Path, n: int) -> list[float]:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, item TEXT, score NUMERIC)")
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO t (item, score) VALUES (?, ?)", (f"{i % 18}", "2.5"))
        con.execute("COMMIT")
        out.append(time.perf_counter() - t0)
    con.close()
    return out


def score_edits(path: Path, n: int) -> list[float]:
    from qjsc_panel.services import panel, scoring
    from qjsc_panel.store.db import open_database
    from tests.factories import make_panel

    p = make_panel(open_database(path), 3)
    member = p.members["专家2"]
    ctx = p.as_("专家2")
    panel.declare(ctx, member, [])
    items = p.form.items
    scoring.set_score(ctx, member, items[0].id, "0")  # warm: form parsed, draft created
    out = []
    for i in range(n):
        item = items[i % len(items)]
        value = str(item.step * (i % int(item.max_points / item.step + 1)))
        t0 = time.perf_counter()
        scoring.set_score(ctx, member, item.id, value)
        out.append(time.perf_counter() - t0)
    p.ctx.db.close()
    return out


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
        bare = bare_sqlite(Path(tmp) / "bare.sqlite3", args.n)
        edits = score_edits(Path(tmp) / "app.sqlite3", args.n)
    agg = aggregate_15x40(50)
    us = 1e6
    print(f"{'':<44}{'p50':>10}{'p95':>10}")
    print(f"{'bare sqlite3 insert+commit (WAL, FULL)':<44}{pct(bare, 0.5) * us:>8.0f}µs{pct(bare, 0.95) * us:>8.0f}µs")
    print(
        f"{'confirmed score edit (validate+audit+commit)':<44}{pct(edits, 0.5) * us:>8.0f}µs"
        f"{pct(edits, 0.95) * us:>8.0f}µs"
    )
    print(
        f"{'ratio (goal ≤ 3×)':<44}{pct(edits, 0.5) / pct(bare, 0.5):>9.2f}×{pct(edits, 0.95) / pct(bare, 0.95):>9.2f}×"
    )
    print(
        f"aggregate 15 experts × 40 items (mean of totals, outliers, decision): "
        f"median {statistics.median(agg) * 1e3:.2f} ms"
    )


if __name__ == "__main__":
    main()
