"""The archive at the bureau's scale: 10,000 acceptances × 7 experts × 18 items and their audit log.

    python benchmarks/bench_archive.py [--runs 15] [--n 10000] [--fresh]

The data set is generated once with plain ``sqlite3`` ``executemany`` (seconds, not the hours the
services would take) into a database the app created and migrated, and cached under /tmp keyed by
its shape and schema revision.  Each measured query runs interleaved with the same SQL in plain
sqlite3 on its own connection (app, plain, plain, app, …), so disk and CPU noise hit both alike.
The last line is JSON: {name: {median_ms, min_ms, max_ms, baseline_median_ms, ratio}}.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qjsc_panel.domain.eligibility import DISTRICTS

EXPERTS_PER_PANEL, POOL = 7, 300
INDUSTRIES = ("C3982", "C3971", "C2641", "C3311", "C2929", "C3360", "C1713", "C3985")


def _at(d: date, k: int) -> str:
    return f"{d.isoformat()}T{(k // 3600) % 24:02d}:{(k // 60) % 60:02d}:{k % 60:02d}.000000+00:00"


def generate(path: Path, n: int = 10_000) -> None:
    """Create ``path`` (schema by the app's migrations) and fill it with ``n`` finalised acceptances."""
    from qjsc_panel.domain.credit_code import with_check
    from qjsc_panel.domain.eligibility import final_materials_due
    from qjsc_panel.domain.form import load_form
    from qjsc_panel.paths import default_form_path
    from qjsc_panel.store.audit import GENESIS, canonical, entry_hash
    from qjsc_panel.store.db import open_database

    open_database(path).close()
    form = load_form(default_form_path())
    form_json = form.model_dump_json(by_alias=True)
    items = [i.id for i in form.items]
    rng = random.Random(20261128)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("BEGIN")
    n_ent = max(1, n * 4 // 5)
    con.executemany(
        "INSERT INTO enterprise (id, name, credit_code, district, address, in_shenzhen, legal_form, established,"
        " industry, industrial, products, scale, contact, industry_code, legal_status)"
        " VALUES (?, ?, ?, ?, '', 1, 'legal_person', ?, '', 1, '', '', '', ?, 'active')",
        [
            (
                e,
                f"深圳市{rng.choice(('华', '鹏', '粤', '海', '新', '科'))}{e:05d}电子有限公司",
                with_check(f"91440300MA5{e:06d}"),
                rng.choice(DISTRICTS),
                date(2000 + e % 20, 1 + e % 12, 1 + e % 28).isoformat(),
                rng.choice(INDUSTRIES),
            )
            for e in range(1, n_ent + 1)
        ],
    )
    con.executemany(
        "INSERT INTO expert (id, uuid, name, employer, title, title_level, years, speciality, phone,"
        " key_fingerprint, industries, available)"
        " VALUES (?, ?, ?, '某研究院', '高级工程师', 'senior', 15, '', '', ?, ?, 1)",
        [
            (
                x,
                str(uuid.UUID(int=rng.getrandbits(128))),
                f"专家{x:03d}",
                hashlib.sha256(b"%d" % x).hexdigest(),
                rng.choice(INDUSTRIES),
            )
            for x in range(1, POOL + 1)
        ],
    )
    result_json = json.dumps(
        {
            "item_means": {i: "4.50" for i in items},
            "result": "pass",
            "grade": "good",
            "composite": "88.50",
            "members": [{"name": f"专家{k}", "total": "88.5", "scores": {i: "4.5" for i in items}} for k in range(7)],
        },
        ensure_ascii=False,
    )
    acc_rows, members, sheets, entries, audit = [], [], [], [], []
    seq, prev = 0, GENESIS
    member_id = sheet_id = 0
    start = date(2016, 1, 1)

    def log(d: date, actor: str, action: str, acc: str, payload: dict[str, Any]) -> None:
        nonlocal seq, prev
        seq += 1
        at, body = _at(d, seq), canonical(payload)
        digest = entry_hash(prev, seq, at, actor, action, acc, body)
        audit.append((seq, at, actor, action, acc, body, prev, digest))
        prev = digest

    for a in range(1, n + 1):
        visit = start + timedelta(days=a * 3650 // n)
        u = str(uuid.UUID(int=rng.getrandbits(128)))
        ent = 1 + (a - 1) % n_ent
        open_ = a > n - 40  # the newest few are still open
        grade = rng.choice(("excellent", "good", "pass"))
        result = None if open_ else rng.choice(("pass",) * 9 + ("fail",))
        fm = None if open_ or rng.random() < 0.05 else visit + timedelta(days=rng.randint(5, 40))
        acc_rows.append(
            (
                a,
                u,
                ent,
                visit.isoformat(),
                rng.choice(DISTRICTS),
                form.id,
                form.version,
                form.content_hash,
                form_json,
                "open",  # finalised below, once its members and sheets are in (frozen after that)
                None if open_ else result_json,
                result,
                None if result != "pass" else grade,
                None if open_ else "88.50",
                fm.isoformat() if fm else None,
                final_materials_due(visit).isoformat(),
            )
        )
        log(visit, "秘书", "acceptance.create", u, {"enterprise": ent, "visit_date": visit.isoformat()})
        for k, x in enumerate(rng.sample(range(1, POOL + 1), EXPERTS_PER_PANEL)):
            member_id += 1
            sheet_id += 1
            members.append((member_id, a, "expert", k == 0, x, f"专家{x:03d}", f"{visit.isoformat()} 09:00:00"))
            sheets.append((sheet_id, str(uuid.UUID(int=rng.getrandbits(128))), a, member_id, form.content_hash))
            log(visit, "秘书", "panel.add", u, {"member": member_id, "expert": x})
            log(visit, f"专家{x:03d}", "panel.declare", u, {"member": member_id, "conflicts": []})
            for item in items:
                score = f"{rng.randint(6, 10) / 2:.1f}"
                entries.append((sheet_id, item, score))
                log(visit, f"专家{x:03d}", "score.set", u, {"member": member_id, "item": item, "score": score})
            log(visit, f"专家{x:03d}", "sheet.submit", u, {"sheet": sheet_id})
        if not open_:
            log(visit, "组长", "acceptance.finalise", u, {"result": result, "composite": "88.50"})
    con.executemany(
        "INSERT INTO acceptance (id, uuid, enterprise_id, visit_date, place, district, form_id, form_version,"
        " form_hash, form_json, method, outlier_share, first_application, prelim_passed, prelim_by, prelim_note,"
        " penalty_clean,"
        " penalty_by, penalty_note, status, finalised_by, result_json, bureau_decision_note, result, grade, composite,"
        " final_materials_at, materials_due)"
        " VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, 'mean', 0.20, 1, 1, '秘书', '', 1, '秘书', '',"
        " ?, '组长', ?, '', ?, ?, ?, ?, ?)",
        acc_rows,
    )
    con.executemany(
        "INSERT INTO panel_member (id, acceptance_id, role, is_chair, expert_id, name, employer, title, phone,"
        " declared_at, conflicts, conflict_note, confidentiality, recused, recusal_reason)"
        " VALUES (?, ?, ?, ?, ?, ?, '', '', '', ?, '[]', '', 1, 0, '')",
        members,
    )
    con.executemany(
        "INSERT INTO score_sheet (id, uuid, acceptance_id, member_id, version, correction_reason, status, form_hash,"
        " source, signed, paper_confirmed_by, excluded_reason, outlier_note) VALUES (?, ?, ?, ?, 1, '', 'draft', ?,"
        " 'local', 0, '', '', '')",
        sheets,
    )
    con.executemany("INSERT INTO score_entry (sheet_id, item_id, score, comment) VALUES (?, ?, ?, '')", entries)
    # Submitted after their entries: the freeze triggers refuse entries on a submitted sheet.
    con.execute("UPDATE score_sheet SET status = 'submitted', submitted_at = '2026-01-01 10:00:00'")
    # Finalised last: the freeze triggers refuse rows of a finalised acceptance.
    con.executemany(
        "UPDATE acceptance SET status = 'finalised' WHERE id = ?",
        [(row[0],) for row in acc_rows if row[10] is not None],
    )
    # The chain triggers want each entry to follow the head, so the head moves with every entry.
    for k, row in enumerate(audit):
        con.execute(
            "INSERT INTO audit_log (seq, at, actor, action, acceptance_uuid, payload, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        con.execute(
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)"
            if k == 0
            else "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
            (row[0], row[7]),
        )
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def cached_database(n: int, fresh: bool = False) -> Path:
    from qjsc_panel.store.migrate import MIGRATIONS

    # Keyed by the migrations' text, so a schema change (e.g. a new index) regenerates the data.
    schema = hashlib.sha256(b"".join(p.read_bytes() for p in sorted((MIGRATIONS / "versions").glob("*.py"))))
    path = Path(tempfile.gettempdir()) / f"qjsc-bench-archive-{n}-{schema.hexdigest()[:10]}.sqlite3"
    if fresh or not path.exists():
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
        tmp = path.with_name(path.name + ".building")
        tmp.unlink(missing_ok=True)
        t0 = time.perf_counter()
        generate(tmp, n)
        tmp.rename(path)
        print(f"generated {path} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return path


def plain(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    return con


def compiled(stmt: Any) -> tuple[str, tuple[Any, ...]]:
    """The exact SQL and parameters SQLAlchemy sends, for the plain-sqlite3 baseline."""
    from sqlalchemy.dialects import sqlite

    c = stmt.compile(dialect=sqlite.dialect())
    return str(c), tuple(c.construct_params()[k] for k in c.positiontup) if c.positiontup else ()


def measure(runs: int, app: Callable[[], Any], base: Callable[[], Any]) -> dict[str, float]:
    a, b = [], []
    app(), base()  # warm both caches once
    for r in range(runs):
        order = (app, base) if r % 2 == 0 else (base, app)
        for fn in order:
            t = time.perf_counter()
            fn()
            (a if fn is app else b).append((time.perf_counter() - t) * 1000)
    med, bmed = statistics.median(a), statistics.median(b)
    return {
        "median_ms": round(med, 2),
        "min_ms": round(min(a), 2),
        "max_ms": round(max(a), 2),
        "baseline_median_ms": round(bmed, 2),
        "baseline_min_ms": round(min(b), 2),
        "ratio": round(med / bmed, 2) if bmed else 0.0,
        # On a loaded machine a call longer than a scheduler slice is often preempted; the
        # minima show the work itself.
        "ratio_of_minima": round(min(a) / min(b), 2) if min(b) else 0.0,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--fresh", action="store_true", help="regenerate the cached data set")
    args = ap.parse_args()
    os.environ.setdefault("QJSC_HOME", tempfile.mkdtemp())
    path = cached_database(args.n, args.fresh)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))

    from qjsc_panel.services import archive
    from qjsc_panel.services.auditlog import entries
    from qjsc_panel.services.common import get_acceptance, uuid_prefix_range
    from qjsc_panel.services.context import Ctx
    from qjsc_panel.store.db import open_database

    ctx = Ctx(open_database(path), actor="秘书")
    con = plain(path)
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("acceptance", "score_entry", "audit_log")
    }
    print(f"database {size / 2**20:.0f} MiB: {counts}", file=sys.stderr)
    results: dict[str, Any] = {"database_mib": round(size / 2**20, 1), "rows": counts}

    def archive_case(name: str, q: archive.ArchiveQuery, limit: int = 200) -> None:
        sql, params = compiled(archive.archive_statement(q).offset(0).limit(limit))
        results[name] = measure(
            args.runs, lambda: archive.archive_page(ctx, q, 0, limit), lambda: con.execute(sql, params).fetchall()
        )

    archive_case("archive_list_newest_200", archive.ArchiveQuery())
    archive_case(
        "archive_filter_name_district",
        archive.ArchiveQuery(text="00电子", district="南山区", sort="enterprise", descending=False),
    )
    archive_case("archive_sort_enterprise_200", archive.ArchiveQuery(sort="enterprise", descending=False))
    archive_case(
        "archive_filter_year_result",
        archive.ArchiveQuery(since=date(2020, 1, 1), until=date(2020, 12, 31), result="fail"),
    )
    archive_case("archive_overdue", archive.ArchiveQuery(overdue_only=True, sort="deadline"))

    fp = hashlib.sha256(b"7").hexdigest()
    sql = (
        "SELECT a.uuid, e.name, a.visit_date, m.id, m.declared_at, m.recused, m.recusal_reason,"
        " (SELECT s.status FROM score_sheet s WHERE s.member_id = m.id ORDER BY s.version DESC LIMIT 1), a.status"
        " FROM panel_member m JOIN acceptance a ON a.id = m.acceptance_id JOIN enterprise e ON e.id = a.enterprise_id"
        " WHERE m.expert_id IN (SELECT x.id FROM expert x WHERE x.key_fingerprint = ?) ORDER BY a.visit_date, a.id"
    )
    results["expert_home"] = measure(
        args.runs, lambda: archive.expert_home(ctx, fp), lambda: con.execute(sql, (fp,)).fetchall()
    )
    results["expert_home"]["rows"] = len(archive.expert_home(ctx, fp))
    sql = (
        "SELECT a.uuid, e.name, a.visit_date, a.status,"
        " (SELECT count(m.id) FROM panel_member m WHERE m.acceptance_id = a.id AND m.role = 'expert'),"
        " (SELECT count(DISTINCT s.member_id) FROM score_sheet s"
        "  WHERE s.acceptance_id = a.id AND s.status = 'submitted')"
        " FROM acceptance a JOIN enterprise e ON e.id = a.enterprise_id ORDER BY a.visit_date DESC, a.id DESC"
    )
    results["chair_home_all_10k"] = measure(
        args.runs, lambda: archive.chair_home(ctx), lambda: con.execute(sql).fetchall()
    )
    chair = con.execute("SELECT name FROM panel_member WHERE is_chair LIMIT 1").fetchone()[0]
    chaired = sql.replace(
        " ORDER BY", " WHERE a.id IN (SELECT acceptance_id FROM panel_member WHERE is_chair = 1 AND name = ?) ORDER BY"
    )
    results["chair_home_own"] = measure(
        args.runs, lambda: archive.chair_home(ctx, chair=chair), lambda: con.execute(chaired, (chair,)).fetchall()
    )
    results["chair_home_own"]["rows"] = len(archive.chair_home(ctx, chair=chair))
    results["chair_home_newest_200"] = measure(
        args.runs, lambda: archive.chair_home(ctx, limit=200), lambda: con.execute(sql + " LIMIT 200").fetchall()
    )

    prefix = con.execute("SELECT uuid FROM acceptance WHERE id = ?", (args.n // 2,)).fetchone()[0][:8]

    def by_prefix() -> None:
        with ctx.db.session() as s:
            get_acceptance(s, prefix)

    low, high = uuid_prefix_range(prefix)
    results["uuid_prefix_lookup"] = measure(
        args.runs,
        by_prefix,
        lambda: con.execute("SELECT * FROM acceptance WHERE uuid >= ? AND uuid < ?", (low, high)).fetchall(),
    )
    full = con.execute("SELECT uuid FROM acceptance WHERE id = ?", (args.n // 2,)).fetchone()[0]

    def log_app() -> None:
        entries(ctx, full[:8], 50)  # what `log --acceptance PREFIX` runs

    lo, hi = uuid_prefix_range(full[:8])
    results["log_acceptance_50"] = measure(
        args.runs,
        log_app,
        lambda: con.execute(
            "SELECT * FROM audit_log WHERE acceptance_uuid >= ? AND acceptance_uuid < ? ORDER BY seq DESC LIMIT 50",
            (lo, hi),
        ).fetchall(),
    )
    ctx.db.close()
    con.close()
    for name, r in results.items():
        if isinstance(r, dict) and "median_ms" in r:
            print(
                f"{name:32s} {r['median_ms']:8.2f} ms  [{r['min_ms']:.2f}–{r['max_ms']:.2f}]"
                f"  plain sqlite3 {r['baseline_median_ms']:8.2f} ms  ×{r['ratio']}"
            )
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
