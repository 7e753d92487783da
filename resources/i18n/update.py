"""Refresh the translations: ``python resources/i18n/update.py``.

1. ``pyside6-lupdate`` collects every ``self.tr()`` / ``QCoreApplication.translate()`` string
   (Chinese sources) from ``qjsc_panel/ui`` into ``qjsc_panel_en.ts`` (kept translations stay);
2. translations missing in the .ts are filled from ``en.json`` (source → English);
3. ``pyside6-lrelease`` compiles the shipped ``qjsc_panel_en.qm``.
Strings still untranslated are listed and the script exits 1.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TS = HERE / "qjsc_panel_en.ts"
QM = HERE / "qjsc_panel_en.qm"


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "qjsc_panel" / "ui").rglob("*.py"))
    subprocess.run(
        [
            "pyside6-lupdate",
            *sources,
            "-no-obsolete",
            "-source-language",
            "zh_CN",
            "-target-language",
            "en",
            "-ts",
            str(TS.relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )
    english: dict[str, str] = json.loads((HERE / "en.json").read_text(encoding="utf-8"))
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        tr = message.find("translation")
        assert tr is not None
        if tr.get("type") == "unfinished" or not (tr.text or "").strip():
            if source in english:
                tr.text = english[source]
                tr.attrib.pop("type", None)
            else:
                missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run(["pyside6-lrelease", str(TS), "-qm", str(QM)], check=True)
    for m in missing:
        print(f"untranslated: {m}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
