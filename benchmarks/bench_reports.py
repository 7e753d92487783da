"""The opinion PDF against LibreOffice converting an equivalent HTML document, in the same run.

    python benchmarks/bench_reports.py [--runs 7] [--baseline /work/main]

Set up once (not timed): the demo acceptance (``qjsc-panel demo``) and an HTML file holding the
same opinion — title, opening, sections, conclusion, the five attachments' tables — then one
untimed run of each command (LibreOffice makes its profile, ``qjsc-panel pdf`` its font cache
under the data directory; the cold-cache figure is measured once and reported apart).  Each
run, interleaved so that the machine's load falls on all alike:

* whole process: ``python -m qjsc_panel --db DEMO pdf ACC --out F`` (imports, fonts, database,
  render, signature fields) against ``soffice --headless --convert-to pdf F.html``;
* render, first document: a fresh interpreter reads the sources (not timed), then times
  ``reports.outputs.render`` — what the ``pdf`` command does after its read: reportlab's
  imports, font registration, layout, QR, chart, save, signature fields.  This separates the
  render side from the read side (whole process minus this ≈ interpreter + read + write);
* warm: ``render`` once more in that process (fonts registered, modules imported).

``--baseline DIR`` also runs the whole process and the render of another checkout (e.g. main)
in the same interleaved loop, for a before/after taken under the same load.

Needs LibreOffice Writer (``apt-get install libreoffice-writer-nogui``); without it soffice
converts nothing and the benchmark stops with that message.

Prints medians and spreads (min–max), CPU seconds of the whole process, the load average, and,
as its last line, one JSON object.  Goals (issue 13): whole process ≤ 0.5× LibreOffice, warm ≤ 0.3×.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


RENDER = """
import json, sys, time
from pathlib import Path
from qjsc_panel.services.app import App
from qjsc_panel.services.outputs import load_sources
from qjsc_panel.store.db import open_database
src = load_sources(App(open_database(Path(sys.argv[1])), actor="bench"), sys.argv[2])
src.document_hash
from qjsc_panel.reports.outputs import render
t = time.perf_counter(); render(src); first = time.perf_counter() - t
t = time.perf_counter(); render(src); warm = time.perf_counter() - t
print(json.dumps({"first": first, "warm": warm}))
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system) and standard output of one process.  It runs
    in the data directory, not here: ``python -m``/``-c`` put the working directory first on
    the path, which would shadow the PYTHONPATH that chooses the checkout."""
    before = os.times()
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env, check=False, cwd=env["QJSC_HOME"])
    wall = time.perf_counter() - t
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr.decode(errors='replace')[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, done.stdout.decode(errors="replace")


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _fontconfig(work: Path) -> Path:
    """LibreOffice gets the same faces the PDF uses."""
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{ROOT / "resources" / "fonts"}</dir>'
        f"<cachedir>{work / 'fc'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


class Tree:
    """One checkout's commands and the figures taken from them."""

    def __init__(self, name: str, root: Path, work: Path, env: dict[str, str], db: Path, acc: str) -> None:
        self.name = name
        self.env = dict(env, PYTHONPATH=str(root))
        out = work / f"{name}.pdf"
        self.whole_cmd = [sys.executable, "-m", "qjsc_panel", "--db", str(db), "pdf", acc, "--out", str(out)]
        self.render_cmd = [sys.executable, "-c", RENDER, str(db), acc]
        self.whole: list[float] = []
        self.whole_cpu: list[float] = []
        self.first: list[float] = []
        self.warm: list[float] = []

    def run(self) -> None:
        wall, cpu, _ = timed(self.whole_cmd, self.env)
        self.whole.append(wall)
        self.whole_cpu.append(cpu)
        got = json.loads(timed(self.render_cmd, self.env)[2].strip().splitlines()[-1])
        self.first.append(got["first"])
        self.warm.append(got["warm"])

    def figures(self, lo: float) -> dict[str, object]:
        return {
            "pdf_whole_process_s": summary(self.whole),
            "pdf_whole_process_cpu_s": summary(self.whole_cpu),
            "render_first_document_s": summary(self.first),
            "pdf_warm_s": summary(self.warm),
            "ratio_whole": round(statistics.median(self.whole) / lo, 3),
            "ratio_render_first": round(statistics.median(self.first) / lo, 3),
            "ratio_warm": round(statistics.median(self.warm) / lo, 3),
        }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--baseline", type=Path, help="another checkout to measure in the same loop (e.g. main)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QJSC_HOME=str(work / "home"), HOME=str(work))
    env["FONTCONFIG_FILE"] = str(_fontconfig(work))
    Path(env["QJSC_HOME"]).mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "qjsc_panel", "demo", "--out", str(work / "demo")],
        env=env,
        check=True,
        capture_output=True,
        cwd=work,
    )
    record = json.loads((work / "demo" / "result.json").read_text("utf-8"))
    acc, db = record["acceptance"], work / "demo" / "demo.sqlite3"
    load_start = load()

    os.environ.update(QJSC_HOME=env["QJSC_HOME"])
    from qjsc_panel.services.app import App
    from qjsc_panel.services.outputs import load_sources
    from qjsc_panel.store.db import open_database

    src = load_sources(App(open_database(db), actor="bench"), acc)
    page = work / "opinion.html"
    page.write_text(equivalent_html(src.comp, src.text, src.perf), encoding="utf-8")
    soffice = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo"), str(page)]
    trees = [Tree("ours", ROOT, work, env, db, acc)]
    if args.baseline:
        trees.append(Tree("baseline", args.baseline.resolve(), work, env, db, acc))
    shutil.rmtree(work / "home" / "cache", ignore_errors=True)
    cold = timed(trees[0].whole_cmd, trees[0].env)[0]  # first run on this machine: writes the font cache
    timed(soffice, env)  # LibreOffice's own first start (profile creation) is not counted
    if not (work / "lo" / "opinion.pdf").is_file():  # soffice exits 0 even when it cannot convert
        sys.exit("LibreOffice did not convert the HTML page: install Writer (apt-get install libreoffice-writer-nogui)")
    for tree in trees:
        if tree is not trees[0]:
            timed(tree.whole_cmd, tree.env)
        timed(tree.render_cmd, tree.env)
    lo: list[float] = []
    for _ in range(args.runs):
        for tree in trees:
            tree.run()
        lo.append(timed(soffice, env)[0])
    lo_median = statistics.median(lo)
    result: dict[str, object] = {
        "runs": args.runs,
        "load_average_start_end": [load_start, load()],
        "libreoffice_html_to_pdf_s": summary(lo),
        "pdf_whole_process_cold_font_cache_s": round(cold, 3),
        **trees[0].figures(lo_median),
        "goal_whole": 0.5,
        "goal_warm": 0.3,
    }
    if args.baseline:
        result["baseline"] = {"tree": str(args.baseline), **trees[1].figures(lo_median)}
    report(result)
    print(json.dumps(result, ensure_ascii=False))
    return 0


def report(result: dict[str, Any]) -> None:
    print(f"load average (1, 5, 15 min) at start / end: {result['load_average_start_end']}")
    rows = [("", result)] + ([("baseline ", result["baseline"])] if "baseline" in result else [])
    for prefix, figures in rows:
        for key in ("pdf_whole_process_s", "pdf_whole_process_cpu_s", "render_first_document_s", "pdf_warm_s"):
            s = figures[key]
            print(f"{prefix + key:36} median {s['median']:.3f} s  (min {s['min']:.3f}, max {s['max']:.3f})")
    s = result["libreoffice_html_to_pdf_s"]
    print(f"{'libreoffice_html_to_pdf_s':36} median {s['median']:.3f} s  (min {s['min']:.3f}, max {s['max']:.3f})")
    print(f"whole process, cold font cache (once): {result['pdf_whole_process_cold_font_cache_s']:.3f} s")
    for prefix, figures in rows:
        print(
            f"{prefix}whole / LibreOffice = {figures['ratio_whole']} (goal ≤ 0.5); render, first document / LibreOffice"
            f" = {figures['ratio_render_first']}; warm / LibreOffice = {figures['ratio_warm']} (goal ≤ 0.3)"
        )


if __name__ == "__main__":
    raise SystemExit(main())
