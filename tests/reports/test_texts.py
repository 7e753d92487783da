"""The documents' fixed texts are in the one catalogue (context ``document``), every one with its
English, while the documents themselves stay Chinese — they are filed with the bureau."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

from qjsc_panel import i18n
from qjsc_panel.reports import texts

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u3400-\u9fff]")


def _fixed_texts() -> list[str]:
    """Every string constant of reports/texts.py, through tuples, lists and dict values."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple | list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for name, value in vars(texts).items():
        if name.isupper() and name not in ("DOC", "ROLE_ZH", "ROLE_SHORT", "CONFLICT_ZH"):
            walk(value)
    return out


def test_every_fixed_text_is_extracted_and_translated() -> None:
    extracted = {
        t.source for t in runpy.run_path(str(ROOT / "scripts" / "i18n.py"))["extract"]() if t.context == "document"
    }
    fixed = _fixed_texts()
    assert len(fixed) > 40 and set(fixed) <= extracted
    for text in fixed:
        assert i18n.has_translation("document", text), text
        english = texts.label(text, "en")
        assert english != text and not HAN.search(english), (text, english)


def test_the_documents_stay_chinese_whatever_the_language() -> None:
    previous = i18n.current()
    try:
        i18n.set_current("en")
        assert texts.TITLE_SUFFIX == "自愿性清洁生产审核验收意见" and texts.SIGNIN_HEAD[0] == "序号"
        assert texts.label(texts.SIGN_CHAIR) == "Panel chair"  # a screen naming the part: English
        assert texts.label(texts.SIGN_CHAIR, "zh") == "专家组组长"
    finally:
        i18n.set_current(previous)
