"""The opinion PDF as the bureau receives it, checked with poppler's own tools."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from qjsc_panel.reports.fonts import NO_LINE_START
from qjsc_panel.reports.signing import validate_pdf
from tests.reports.conftest import Built


def run(*cmd: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False)


def test_every_font_is_embedded_and_none_is_helvetica(built: Built) -> None:
    out = run("pdffonts", built.written.pdf).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for line in out:
        assert "QJSC-" in line or "LXGWWenKai" in line, line
        cols = line.split()
        # name type... encoding emb sub uni: emb is the 3rd column from "yes yes yes ..." group
        assert cols[-5] == "yes", line  # emb
        assert cols[-4] == "yes", line  # subset


def test_text_comes_back_in_chinese_with_the_result(built: Built) -> None:
    text = run("pdftotext", "-layout", built.written.pdf, "-").stdout
    assert "深圳市恒泰精密电路有限公司自愿性清洁生产审核验收意见" in text.replace(" ", "").replace("\n", "")
    for heading in (
        "一、企业概况",
        "二、审核过程",
        "三、方案实施情况",
        "四、清洁生产绩效",
        "五、清洁生产水平",
        "六、存在问题及建议",
        "七、验收结论",
        "专家签到表",
        "回避记录",
        "否决项核查表",
        "专家评分表",
        "专家组签署页",
    ):
        assert heading in text, heading
    flat = text.replace(" ", "").replace("\n", "")
    assert "综合得分为77.8分" in flat
    assert "验收结论为：合格，等级为优秀" in flat
    assert "—1—" in text.replace(" ", "")  # page number, GB/T 9704 style


def test_no_line_starts_with_forbidden_punctuation(built: Built) -> None:
    text = run("pdftotext", "-layout", built.written.pdf, "-").stdout
    bad = [ln for ln in text.splitlines() if ln.strip() and ln.strip()[0] in "，。、；：？！）》」』】"]
    assert not bad, bad


def test_long_edited_text_breaks_lines_by_the_rules(tmp_path: Path) -> None:
    from qjsc_panel.reports.model import content_hash
    from qjsc_panel.reports.pdf import render_pdf
    from tests.reports.sample import sample_compilation, sample_performance, sample_text

    comp, perf, text = sample_compilation(), sample_performance(), sample_text()
    # Commas and full stops at every position of a line, over many lines.
    text.sections["issues"] = "".join(
        f"{'企业' * (i % 9)}第{i}项，含“引号”（括号）、顿号；分号：冒号。" for i in range(60)
    )
    data = render_pdf(comp, text, perf, content_hash("x")).data
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    lines = run("pdftotext", "-layout", path, "-").stdout.splitlines()
    starts = [ln.strip()[0] for ln in lines if ln.strip()]
    assert not [c for c in starts if c in NO_LINE_START[:12]]


def test_pdfsig_reports_every_signature_valid(built: Built) -> None:
    out = run("pdfsig", built.written.pdf).stdout
    n = out.count("Signature Validation: Signature is Valid.")
    assert n == len(built.written.signed_by) == 4  # chair + 3 experts (one recused)
    assert "Signer Certificate Common Name: 陈建华" in out
    assert out.index("sig-chair") < out.index("sig-m")  # chair signs first


def test_earlier_signatures_stay_valid_and_pyhanko_agrees(built: Built) -> None:
    from cryptography import x509

    ca = x509.load_pem_x509_certificate(built.ca_pem)
    checks = validate_pdf(built.written.pdf.read_bytes(), [ca])
    assert [c.ok for c in checks] == [True] * 4
    assert all(c.trusted for c in checks)
    assert checks[-1].covers_whole_file
    assert all(c.modification in ("NONE", "FORM_FILLING") for c in checks)


def test_one_changed_byte_fails_validation(built: Built, tmp_path: Path) -> None:
    data = bytearray(built.written.pdf.read_bytes())
    # A byte inside the first page's content (covered by every signature).
    at = data.index(b"stream", 2000) + 200
    data[at] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    out = run("pdfsig", bad).stdout + run("pdfsig", bad).stderr
    assert "Signature is Valid" not in out
    assert "Digest Mismatch" in out or "Invalid" in out or "invalid" in out
    assert not any(c.ok for c in validate_pdf(bytes(data)))


def test_signing_a_filled_or_unknown_field_is_refused(built: Built) -> None:
    from qjsc_panel.demo.testca import DemoCA
    from qjsc_panel.errors import QjscError
    from qjsc_panel.reports.signing import sign_pdf

    who = DemoCA().issue("某人")[0]
    data = built.written.pdf.read_bytes()
    with pytest.raises(QjscError) as e:
        sign_pdf(data, "sig-chair", who)
    assert e.value.code == "reports.field_signed"
    with pytest.raises(QjscError) as e:
        sign_pdf(data, "nope", who)
    assert e.value.code == "reports.no_such_field"
    with pytest.raises(QjscError) as e:
        sign_pdf(b"not a pdf", "sig-chair", who)
    assert e.value.code == "reports.pdf_unreadable"
