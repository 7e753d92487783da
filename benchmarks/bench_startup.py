"""Cold start to a shown main window: the app vs a bare PySide6 QMainWindow.

Both are started the same way, as whole processes (``python -c ...``), offscreen, in
alternation, each quitting on the first event-loop turn after ``show()``.  The app is started
through its real entry point (``qjsc_panel.cli.main([])``), with ``QJSC_EXIT_WHEN_SHOWN=1``.
A third figure is the full smoke test (window shown, then form and database loaded).

    python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.setCentralWidget(QLabel("清洁生产审核验收"))
w.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""

APP = "import sys\nfrom qjsc_panel.cli import main\nsys.exit(main([]))\n"
SMOKE = "import sys\nfrom qjsc_panel.cli import main\nsys.exit(main(['--smoke-test']))\n"


def run_once(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchmark process failed:\n{done.stderr.decode(errors='replace')}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QJSC_HOME": home}
        app_env = {**env, "QJSC_EXIT_WHEN_SHOWN": "1"}
        run_once(SMOKE, env)  # creates the database once, warms the OS file cache for all
        run_once(BARE, env)
        times: dict[str, list[float]] = {"bare": [], "app": [], "smoke": []}
        for _ in range(args.runs):
            times["bare"].append(run_once(BARE, env))
            times["app"].append(run_once(APP, app_env))
            times["smoke"].append(run_once(SMOKE, env))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"runs: {args.runs} each, alternating; whole-process wall time, offscreen")
    print(f"bare PySide6 QMainWindow shown : median {med['bare'] * 1000:7.1f} ms (min {min(times['bare']) * 1000:.1f})")
    print(f"qjsc-panel main window shown   : median {med['app'] * 1000:7.1f} ms (min {min(times['app']) * 1000:.1f})")
    print(f"qjsc-panel --smoke-test (form + database loaded after show): median {med['smoke'] * 1000:7.1f} ms")
    ratio = med["app"] / med["bare"]
    print(f"ratio app / bare: {ratio:.2f}x (goal <= 1.50x)")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
