"""Time to finalise and write the opinion PDF + workbook + bundle for 15 experts x 40 items.

    python benchmarks/bench_reports.py [--runs 5]

The acceptance (a synthetic 40-item form, 15 experts with submitted sheets) is built first and
not timed; each run then times: finalise, compile, PDF render (+ empty signature fields),
workbook, bundle, and separately the PAdES signatures (chair + 14 experts).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

N_EXPERTS, N_ITEMS = 15, 40


def synthetic_form() -> object:
    from qjsc_panel.domain.form import load_form, parse_form
    from qjsc_panel.paths import default_form_path

    base = load_form(default_form_path()).model_dump(mode="json", by_alias=True)
    cats = []
    for c in range(4):
        items = [
            {
                "id": f"{c + 1}.{i + 1}",
                "text": {"zh": f"第{c + 1}类第{i + 1}项评分内容", "en": ""},
                "max_points": "2.5",
                "step": "0.5",
            }
            for i in range(N_ITEMS // 4)
        ]
        cats.append(
            {
                "id": f"C{c + 1}",
                "title": {"zh": f"{'一二三四'[c]}、第{c + 1}类", "en": ""},
                "points": "25",
                "items": items,
            }
        )
    base.update(id="bench-40", version="1", categories=cats)
    return parse_form(base)


def build(db_path: Path) -> tuple[object, str, str]:
    from qjsc_panel.services import acceptances, panel, registry, scoring
    from qjsc_panel.services.app import App
    from qjsc_panel.store.db import open_database

    db = open_database(db_path)
    ctx = App(db, actor="秘书")
    ent = registry.add_enterprise(
        ctx, "深圳市基准测试电子有限公司", "91440300BENCH0001X", "南山区", "legal_person", date(2010, 1, 1)
    )
    acc = acceptances.create_acceptance(ctx, ent, date(2026, 11, 20), form=synthetic_form())  # type: ignore[arg-type]
    acceptances.record_prelim(ctx, acc, True)
    acceptances.record_penalty_check(ctx, acc, True)
    rng = random.Random(1)
    chair = ""
    for i in range(N_EXPERTS):
        name = f"专家{i + 1:02d}"
        xid = registry.add_expert(ctx, name, "senior", 20, employer="某研究院", title="高级工程师")
        mid = panel.add_member(ctx, acc, expert_id=xid, is_chair=(i == 0))
        chair = chair or name
        c = App(db, actor=name, forms=ctx.forms)
        panel.declare(c, mid, [])
        for k in range(N_ITEMS):
            scoring.set_score(c, mid, f"{k // 10 + 1}.{k % 10 + 1}", Decimal(rng.randint(3, 5)) / 2)
        scoring.submit(c, mid)
    return ctx, acc, chair


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        from qjsc_panel.demo.testca import DemoCA
        from qjsc_panel.reports import outputs
        from qjsc_panel.reports.bundle import make_bundle
        from qjsc_panel.reports.workbook import write_workbook
        from qjsc_panel.services import review
        from qjsc_panel.services.app import App
        from qjsc_panel.services.outputs import audit_lines, load_sources

        t0 = time.perf_counter()
        template = Path(tmp) / "template.sqlite3"
        ctx, acc, chair = build(template)
        ctx.db.close()  # type: ignore[attr-defined]
        print(f"setup (not timed): {time.perf_counter() - t0:.1f} s")
        rows: dict[str, list[float]] = {}
        for run in range(args.runs):
            # Each run finalises a fresh copy of the open acceptance (in a new process state the
            # font registration would be paid once: it is included in run 1 only).
            import shutil

            from qjsc_panel.store.db import open_database

            path = Path(tmp) / f"run{run}.sqlite3"
            shutil.copy(template, path)
            db = open_database(path)
            c = App(db, actor=chair)
            out = Path(tmp) / f"out{run}"
            out.mkdir()
            laps: dict[str, float] = {}
            t = time.perf_counter()
            review.finalise(c, acc)
            laps["finalise"] = time.perf_counter() - t
            t1 = time.perf_counter()
            src = load_sources(c, acc)
            laps["compile"] = time.perf_counter() - t1
            t1 = time.perf_counter()
            rendered = outputs.render(src)
            (out / "opinion.pdf").write_bytes(rendered.data)
            laps["pdf"] = time.perf_counter() - t1
            t1 = time.perf_counter()
            wb = write_workbook(src.comp, src.text, src.perf, out / "wb.xlsx", src.document_hash)
            laps["workbook"] = time.perf_counter() - t1
            t1 = time.perf_counter()
            make_bundle(
                out / "bundle.zip",
                acc,
                {"opinion.pdf": rendered.data, "workbook.xlsx": wb.read_bytes(), "audit.jsonl": audit_lines(c, acc)},
                outputs.summary(src.comp),
            )
            laps["bundle"] = time.perf_counter() - t1
            laps["TOTAL finalise+pdf+workbook+bundle"] = time.perf_counter() - t
            ca = DemoCA()
            ids = {m.id: ca.issue(m.name, m.id)[0] for m in src.comp.experts}
            t1 = time.perf_counter()
            outputs.sign_all(rendered.data, rendered.boxes, ids)
            laps[f"sign x{len(ids)} (separate)"] = time.perf_counter() - t1
            db.close()
            for k, v in laps.items():
                rows.setdefault(k, []).append(v)
            print(f"run {run + 1}: " + ", ".join(f"{k.split()[0]} {v * 1000:.0f} ms" for k, v in laps.items()))
        print(f"\n{N_EXPERTS} experts x {N_ITEMS} items, {args.runs} runs (run 1 includes font registration)")
        for k, v in rows.items():
            print(
                f"  {k:40s} median {statistics.median(v) * 1000:7.0f} ms   min {min(v) * 1000:7.0f} ms"
                f"   run1 {v[0] * 1000:7.0f} ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
