"""Start-up as a person sees it: process spawn → the main window's first painted frame.

The app and a bare PySide6 QMainWindow are timed the same way, as whole processes, offscreen,
interleaved in one run: the parent notes the monotonic clock just before spawning, and the
child writes the monotonic clock at the first ``Paint`` event of its main window (the bare
one through an event filter, the app through its ``QJSC_PAINT_PROBE`` hook).  The app's
process also reports when the backend is loaded (login screen up), and a third process, with
a joined and declared expert on the laptop, logs in and opens the scoring sheet: the time
until a score can be typed (it includes the deliberately slow key unlock, scrypt).

    python benchmarks/bench_startup.py [--runs 15]

Prints a table, then one JSON object as the last line.  Exit 1 when first paint > 1.5× bare.
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

BARE = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
probe = Path(sys.argv[1])
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            probe.write_text(f"paint {time.monotonic_ns()}\\n")
            app.quit()
        return False
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.setCentralWidget(QLabel("清洁生产审核验收"))
f = FirstPaint()
w.installEventFilter(f)
w.show()
sys.exit(app.exec())
"""

# The real entry point; after the login screen is up, the expert logs in and opens the sheet.
TYPEABLE = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from qjsc_panel.ui import main_window as mw
probe, passphrase = Path(sys.argv[1]), sys.argv[2]
shown = mw.MainWindow.show_login
def show_login(self):
    shown(self)
    if getattr(self, "_bench", False):
        return
    self._bench = True
    profile = self.backend.profiles()[0]
    self.page("login").select(profile.name)
    self.backend.login(profile, passphrase)
    self.open_membership(self.backend.memberships()[0])
    page = self.current_page()
    cell = page.table.currentIndex().siblingAtColumn(3)
    assert page.objectName() == "ScoringScreen" and page.table.hasFocus()
    assert page.model.flags(cell) & page.model.flags(cell).ItemIsEditable
    with probe.open("a") as fh:
        fh.write(f"typeable {time.monotonic_ns()}\\n")
    QApplication.instance().quit()
mw.MainWindow.show_login = show_login
from qjsc_panel.launch import main
sys.exit(main([]))
"""


def spawn(args: list[str], env: dict[str, str], probe: Path) -> dict[str, float]:
    """Seconds from spawn to each event the child wrote into ``probe``."""
    probe.unlink(missing_ok=True)
    start = time.monotonic_ns()
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, timeout=300, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark process failed:\n{done.stderr.decode(errors='replace')}")
    out: dict[str, float] = {}
    for line in probe.read_text(encoding="utf-8").splitlines():
        what, ns = line.split()[:2]
        out.setdefault(what, (int(ns) - start) / 1e9)
    return out


def prepare_expert(home: Path, passphrase: str) -> None:
    sys.path.insert(0, str(ROOT))
    from qjsc_panel.services import exchange
    from qjsc_panel.services.app import App
    from qjsc_panel.ui.backend import Backend
    from tests.factories import make_panel, new_db

    chair_home, expert_home = home / "chair", home / "expert"
    p = make_panel(new_db(chair_home, "chair.sqlite3"), n_experts=4)
    exchange.init_panel_key(p.chair_ctx, p.acc, "chair-passphrase")
    expert = App(home=expert_home)
    info = exchange.init_key(expert, "专家2", passphrase)
    exchange.enrol(p.chair_ctx, p.acc, "专家2", info.public_pem.encode("ascii"), "chair-passphrase")
    invite = exchange.make_invitation(p.chair_ctx, p.acc, "专家2", "chair-passphrase", home / "invite.json")
    p.ctx.close()
    backend = Backend(expert)
    backend.login(backend.profiles()[0], passphrase)
    backend.import_invitation(invite)
    m = backend.memberships()[0]
    backend.declare(m.member_id, [], "", True)
    backend.close()


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
    passphrase = "bench passphrase 1"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        prepare_expert(work / "laptops", passphrase)
        probe = work / "probe.txt"
        base = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        fresh = {**base, "QJSC_HOME": str(work / "fresh")}
        app_env = {**fresh, "QJSC_PAINT_PROBE": str(probe), "QJSC_PROBE_EXIT": "ready"}
        expert_env = {**base, "QJSC_HOME": str(work / "laptops" / "expert"), "QJSC_PAINT_PROBE": str(probe)}
        bare_args, app_args = ["-c", BARE, str(probe)], ["-m", "qjsc_panel"]
        typeable_args = ["-c", TYPEABLE, str(probe), passphrase]
        # Warm-up: creates the fresh database once and fills the OS file cache for all three.
        spawn(bare_args, fresh, probe)
        spawn(app_args, app_env, probe)
        spawn(typeable_args, expert_env, probe)
        got: dict[str, list[float]] = {"bare_paint": [], "app_paint": [], "app_ready": [], "typeable": []}
        for _ in range(args.runs):
            got["bare_paint"].append(spawn(bare_args, fresh, probe)["paint"])
            app = spawn(app_args, app_env, probe)
            got["app_paint"].append(app["paint"])
            got["app_ready"].append(app["ready"])
            got["typeable"].append(spawn(typeable_args, expert_env, probe)["typeable"])
    stats = {k: summary(v) for k, v in got.items()}
    ratio = stats["app_paint"]["median"] / stats["bare_paint"]["median"]
    print(f"runs: {args.runs} each, interleaved; seconds from spawn, offscreen")
    labels = {
        "bare_paint": "bare QMainWindow first paint",
        "app_paint": "qjsc-panel main window first paint",
        "app_ready": "qjsc-panel backend loaded (login screen)",
        "typeable": "qjsc-panel login + sheet open: score typeable",
    }
    for key, label in labels.items():
        s = stats[key]
        print(f"{label:48s} median {s['median']:.3f}  min {s['min']:.3f}  max {s['max']:.3f}  IQR {s['iqr']:.3f}")
    print(f"first paint ratio app / bare: {ratio:.2f}x (goal <= 1.50x)")
    print(json.dumps({"runs": args.runs, "ratio_first_paint": round(ratio, 3), **stats}, sort_keys=True))
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
