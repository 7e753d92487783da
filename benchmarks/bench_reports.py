"""The opinion PDF against LibreOffice converting an equivalent HTML document, in the same run.

    python benchmarks/bench_reports.py [--runs 7]

Set up once (not timed): the demo acceptance (``qjsc-panel demo``) and an HTML file holding the
same opinion — title, opening, sections, conclusion, the five attachments' tables.  Each run,
interleaved so that the machine's load falls on both alike:

* whole process: ``python -m qjsc_panel --db DEMO pdf ACC --out F`` (imports, fonts, database,
  render, signature fields) against ``soffice --headless --convert-to pdf F.html``;
* warm: ``render_pdf`` once more in a process that has already rendered one (fonts registered,
  modules imported) against the same LibreOffice conversion.

Prints medians and spreads (min–max) and, as its last line, one JSON object.
Goals (issue 13): whole process ≤ 0.5× LibreOffice, warm ≤ 0.3×.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def equivalent_html(comp: object, text: object, perf: object) -> str:
    """The opinion's words and tables as one HTML page (what LibreOffice is asked to typeset)."""
    from qjsc_panel.reports.model import fmt2, fmt_score
    from qjsc_panel.reports.opinion import CONCLUSION_TITLE, conclusion, opening, sections

    e = html.escape
    out = [
        "<html><head><meta charset='utf-8'><style>body{font-family:'QJSC Fang';font-size:16pt}"
        "h1{font-family:'QJSC Title';text-align:center}h2{font-family:'QJSC Hei';font-size:16pt}"
        "table{border-collapse:collapse}td,th{border:1px solid #000;font-size:10pt}</style></head><body>",
        f"<h1>{e(comp.enterprise_name)}自愿性清洁生产审核验收意见</h1>",  # type: ignore[attr-defined]
        f"<p>{e(opening(comp, text))}</p>",  # type: ignore[arg-type]
    ]
    for _k, title, body in sections(comp, perf, text):  # type: ignore[arg-type]
        out.append(f"<h2>{e(title)}</h2>" + "".join(f"<p>{e(x)}</p>" for x in body.split("\n")))
    out.append(f"<h2>{CONCLUSION_TITLE}</h2><p>{e(conclusion(comp))}</p>")  # type: ignore[arg-type]
    rows = "".join(
        f"<tr><td>{m.name}</td><td>{e(m.employer)}</td><td>{e(m.title)}</td><td>{m.phone}</td><td></td></tr>"
        for m in comp.members  # type: ignore[attr-defined]
    )
    out.append(f"<h2>附件1 专家签到表</h2><table>{rows}</table>")
    shown = [s for s in comp.sheets if s.status == "submitted"]  # type: ignore[attr-defined]
    rows = "".join(
        f"<tr><td>{i.id}</td><td>{e(i.text)}</td><td>{fmt_score(i.max_points)}</td>"
        + "".join(f"<td>{fmt_score(s.scores.get(i.id))}</td>" for s in shown)
        + f"<td>{fmt2(comp.item_means.get(i.id))}</td></tr>"  # type: ignore[attr-defined]
        for i in comp.items  # type: ignore[attr-defined]
    )
    out.append(f"<h2>附件4 专家评分表</h2><table>{rows}</table></body></html>")
    return "".join(out)


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - t


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QJSC_HOME=str(work / "home"), HOME=str(work))
    conf = work / "fonts.conf"  # LibreOffice gets the same faces the PDF uses
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{ROOT / "resources" / "fonts"}</dir>'
        f"<cachedir>{work / 'fc'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env["FONTCONFIG_FILE"] = str(conf)
    subprocess.run(
        [sys.executable, "-m", "qjsc_panel", "demo", "--out", str(work / "demo")],
        env=env,
        check=True,
        capture_output=True,
    )
    record = json.loads((work / "demo" / "result.json").read_text("utf-8"))
    acc, db = record["acceptance"], work / "demo" / "demo.sqlite3"

    os.environ.update(QJSC_HOME=env["QJSC_HOME"])
    from qjsc_panel.reports.pdf import render_pdf
    from qjsc_panel.services.app import App
    from qjsc_panel.services.outputs import load_sources
    from qjsc_panel.store.db import open_database

    src = load_sources(App(open_database(db), actor="bench"), acc)
    page = work / "opinion.html"
    page.write_text(equivalent_html(src.comp, src.text, src.perf), encoding="utf-8")
    render_pdf(src.comp, src.text, src.perf, src.document_hash)  # warm up: fonts, imports
    soffice = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo"), str(page)]
    ours = [sys.executable, "-m", "qjsc_panel", "--db", str(db), "pdf", acc, "--out", str(work / "ours.pdf")]
    timed(soffice, env)  # LibreOffice's own first start (profile creation) is not counted
    whole, lo, warm = [], [], []
    for _ in range(args.runs):
        whole.append(timed(ours, env))
        lo.append(timed(soffice, env))
        t = time.perf_counter()
        render_pdf(src.comp, src.text, src.perf, src.document_hash)
        warm.append(time.perf_counter() - t)
    result = {
        "runs": args.runs,
        "pdf_whole_process_s": summary(whole),
        "pdf_warm_s": summary(warm),
        "libreoffice_html_to_pdf_s": summary(lo),
        "ratio_whole": round(statistics.median(whole) / statistics.median(lo), 3),
        "ratio_warm": round(statistics.median(warm) / statistics.median(lo), 3),
        "goal_whole": 0.5,
        "goal_warm": 0.3,
    }
    for key in ("pdf_whole_process_s", "pdf_warm_s", "libreoffice_html_to_pdf_s"):
        s = result[key]
        print(f"{key:28} median {s['median']:.3f} s  (min {s['min']:.3f}, max {s['max']:.3f})")  # type: ignore[index]
    print(f"whole process / LibreOffice = {result['ratio_whole']}  (goal ≤ 0.5)")
    print(f"warm / LibreOffice          = {result['ratio_warm']}  (goal ≤ 0.3)")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
