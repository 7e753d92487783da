"""Regenerate docs/samples/: the demo's signed opinion PDF as PNG pages and its workbook as
LibreOffice prints it (the bundled faces standing in for 仿宋/黑体/宋体 through fontconfig),
both at 60 dpi.  Run from the repository root: ``python scripts/render_samples.py``."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "docs" / "samples"
DPI = "60"


def fontconfig(tmp: Path) -> dict[str, str]:
    """An environment whose fontconfig maps the workbook's Windows faces to the bundled ones."""
    fonts = ROOT / "resources" / "fonts"
    aliases = "".join(
        f"<alias binding='same'><family>{a}</family><prefer><family>{b}</family></prefer></alias>"
        for a, b in (("仿宋", "QJSC Fang"), ("黑体", "QJSC Hei"), ("宋体", "QJSC Title"))
    )
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir>'
        f"<cachedir>{tmp / 'fc'}</cachedir>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    return dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(tmp))


def main() -> int:
    from qjsc_panel.demo.run import run_demo

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        _record, files = run_demo(tmp / "demo")
        pdf = next(p for p in files if p.suffix == ".pdf")
        xlsx = next(p for p in files if p.suffix == ".xlsx")
        for old in [*SAMPLES.glob("opinion-p-*.png"), *SAMPLES.glob("workbook-p-*.png")]:
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", DPI, str(pdf), str(SAMPLES / "opinion-p")], check=True)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(xlsx)],
            check=True,
            env=fontconfig(tmp),
            capture_output=True,
        )
        book_pdf = tmp / (xlsx.stem + ".pdf")
        subprocess.run(["pdftoppm", "-png", "-r", DPI, str(book_pdf), str(SAMPLES / "workbook-p")], check=True)
    for p in sorted(SAMPLES.glob("*-p-*.png")):
        print(p.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
