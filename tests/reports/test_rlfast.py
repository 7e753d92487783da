"""reportlab imported with its two unused costly patterns compiled only on first use."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from qjsc_panel.reports import rlfast

ROOT = Path(__file__).resolve().parents[2]


def _reportlab_literal(module: str, name: str) -> tuple[str, int]:
    """(pattern, flags) of ``name = re.compile(...)`` in reportlab's source."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            call = node.value
            assert isinstance(call, ast.Call)
            pattern = ast.literal_eval(call.args[0])
            flag = call.args[1]
            assert isinstance(flag, ast.Attribute)
            return pattern, int(getattr(re, flag.attr))
    raise AssertionError(f"{module}.{name} not found")


def test_the_patterns_are_reportlabs_own() -> None:
    """If reportlab changes them the stand-ins are never taken (slower, not wrong): say so."""
    assert _reportlab_literal("reportlab.platypus.paragraph", "uri_pat") == (rlfast.URI_PATTERN, re.I.value)
    assert _reportlab_literal("reportlab.lib.textsplit", "rx") == (rlfast.CJK_PATTERN, re.UNICODE.value)


SCRIPT = """
import json, re
from qjsc_panel.reports import rlfast
rlfast.prepare()
from reportlab.lib import textsplit
from reportlab.platypus import paragraph
kinds = [type(paragraph.uri_pat).__name__, type(textsplit.rx).__name__]
real = re.compile(rlfast.URI_PATTERN, re.I)
urls = ["https://example.com/a/b", "http://10.0.0.1:8080/x", "not a url", "ftp://例子.中国/路径"]
same = [paragraph._uri_split_pairs(u) == (None if not real.match(u) else paragraph._uri_split_pairs(u)) for u in urls]
matches = [bool(paragraph.uri_pat.match(u)) == bool(real.match(u)) for u in urls]
compiled = paragraph.uri_pat.compiled()
print(json.dumps({"kinds": kinds, "same": same, "matches": matches,
    "pattern": compiled.pattern == real.pattern, "flags": compiled.flags == real.flags,
    "cjk": textsplit.rx.sub(r"\\1|", "a中b") == "a中|b"}))
"""


def test_reportlab_takes_the_stand_ins_which_answer_like_the_patterns() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    out = json.loads(done.stdout)
    assert out["kinds"] == ["LazyPattern", "LazyPattern"]
    assert all(out["same"]) and all(out["matches"])
    assert out["pattern"] and out["flags"] and out["cjk"]


def test_too_late_changes_nothing() -> None:
    """After reportlab's import (as in this test process) prepare() leaves re's cache alone."""
    import reportlab.platypus  # noqa: F401

    key = (str, rlfast.URI_PATTERN, re.I.value)
    before = re._cache.get(key)  # type: ignore[attr-defined]
    rlfast.prepare()
    assert re._cache.get(key) is before  # type: ignore[attr-defined]


def _lines(p: Any) -> list[str]:
    """The text of each line of a wrapped paragraph."""
    return ["".join(w.text for w in line.words) for line in p.blPara.lines]


TEXT = "企业按审核报告实施了中/高费方案3项，年节电2898000kWh/a，减少COD排放1.2t/a。" * 3


def test_a_paragraph_wrapped_again_at_the_same_width_reuses_its_lines() -> None:
    from reportlab.platypus import Paragraph

    from qjsc_panel.reports.pdf_style import para, styles

    st = styles()  # registers the fonts and installs the memo
    p = para(TEXT, st.body)
    p.wrap(300, 800)
    first = p.blPara
    assert p.wrap(300, 800)[1] == len(first.lines) * st.body.leading
    assert p.blPara is first  # answered from memory
    for width in (200, 300, 450, 200):
        p.wrap(width, 800)
        fresh = Paragraph(p.text, st.body)  # never wrapped: breaks anew
        fresh.wrap(width, 800)
        assert _lines(p) == _lines(fresh), width
        assert p.height == fresh.height
    assert p.blPara is not first  # other widths in between: broken again


def test_another_style_or_a_bullet_breaks_anew() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from qjsc_panel.reports.pdf_style import para, styles

    st = styles()
    p = para(TEXT, st.body)
    p.wrap(300, 800)
    first = p.blPara
    p.style = ParagraphStyle("narrow", parent=st.body, fontSize=10, leading=14)
    p.wrap(300, 800)
    assert p.blPara is not first
    b = Paragraph(TEXT, st.body, bulletText="•")
    b.wrap(300, 800)
    lines = b.blPara
    b.wrap(300, 800)
    assert b.blPara is not lines  # left to reportlab


SHAPING = """
import json, sys, threading
from qjsc_panel.reports import rlfast
hold = threading.Event()
if sys.argv[1] == "threads":
    threading.Thread(target=hold.wait, daemon=True).start()
if sys.argv[1] == "qt":
    import PySide6  # the app: Qt's threads need not show in threading
rlfast.prepare()
from reportlab.pdfbase import ttfonts
hidden = ttfonts.uharfbuzz is None
import uharfbuzz  # what pyHanko's stamps do later
hold.set()
print(json.dumps({"hidden": hidden, "later": uharfbuzz.__name__}))
"""


def test_reportlab_skips_uharfbuzz_only_in_a_single_threaded_process() -> None:
    def run(mode: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-c", SHAPING, mode],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    assert run("alone") == {"hidden": True, "later": "uharfbuzz"}
    assert run("threads") == {"hidden": False, "later": "uharfbuzz"}
    assert run("qt") == {"hidden": False, "later": "uharfbuzz"}


def test_page_streams_are_binary_not_ascii85(tmp_path: Path) -> None:
    from reportlab.platypus import SimpleDocTemplate

    from qjsc_panel.reports.pdf_style import para, styles

    st = styles()
    out = tmp_path / "p.pdf"
    SimpleDocTemplate(str(out)).build([para(TEXT, st.body)])
    raw = out.read_bytes()
    assert b"/FlateDecode" in raw
    assert b"ASCII85" not in raw


def test_rendering_modules_do_not_import_the_performance_model() -> None:
    """The PDF reads the performance table it is handed; the model (pydantic) is the reader's."""
    code = (
        "import sys\n"
        "import qjsc_panel.reports.outputs, qjsc_panel.reports.pdf, qjsc_panel.reports.pdf_body\n"
        "import qjsc_panel.reports.pdf_attach, qjsc_panel.reports.pdf_sign, qjsc_panel.reports.opinion\n"
        "print('qjsc_panel.reports.performance' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.strip() == "False"
