"""Workbook, bundle and the agreement of numbers across every output of one acceptance."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.cli import main
from qjsc_panel.errors import QjscError
from qjsc_panel.reports.bundle import verify_bundle as _verify_bundle
from qjsc_panel.reports.bundle_names import AUDIT_LOG, MANIFEST, OPINION_PDF, WORKBOOK
from tests.reports.conftest import Built


def _cli_json(built: Built, *args: str, capsys: pytest.CaptureFixture[str]) -> object:
    assert main(["--db", str(built.db_path), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_numbers_agree_everywhere(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    result = _cli_json(built, "result", built.acceptance, capsys=capsys)
    dash = _cli_json(built, "dashboard", built.acceptance, capsys=capsys)
    assert isinstance(result, dict) and isinstance(dash, dict)
    means = result["item_means"]
    assert dash["composite"] == result["composite"] == "77.8"
    assert dash["result"] == "合格（优秀）" and result["grade"] == "excellent"
    assert {it["id"]: it["mean"] for it in dash["items"]} == means

    wb = load_workbook(built.written.workbook)
    ws = wb["评分汇总"]
    header = [c.value for c in ws[3]]
    mean_col = header.index("平均分")
    from_xlsx = {}
    for row in ws.iter_rows(min_row=4, values_only=True):
        if row[0] == "合计":
            assert Decimal(str(row[mean_col])) == Decimal(result["composite"])
            break
        assert isinstance(row[mean_col], (int, float))  # numbers stored as numbers
        from_xlsx[row[0]] = f"{Decimal(str(row[mean_col])):.2f}"
    assert from_xlsx == means
    summary = {r[0].value: r[1].value for r in wb["验收意见"].iter_rows(min_row=3, max_row=15)}
    assert summary["综合得分"] == 77.8 and summary["验收结论"] == "合格（优秀）"

    text = subprocess.run(
        ["pdftotext", "-layout", str(built.written.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"综合得分为{result['composite']}分" in text.replace(" ", "").replace("\n", "")
    rows: dict[str, list[str]] = {}
    for ln in text.splitlines():  # the score table (附件4) comes before the chart's axis labels
        if ln.split() and ln.split()[0] in means:
            rows.setdefault(ln.split()[0], ln.split())
    for item, mean in means.items():
        assert rows[item][-1] == mean, (item, rows[item])


def test_workbook_layout(built: Built) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(built.written.workbook)
    assert wb.sheetnames == ["验收意见", "评分汇总", "专家签到表", "回避记录", "否决项核查", "绩效表"]
    ws = wb["评分汇总"]
    assert ws.freeze_panes == "D4"
    assert ws.print_title_rows == "$3:$3"
    assert int(ws.page_setup.paperSize) == 9 and int(ws.page_setup.fitToWidth) == 1  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    summary = wb["验收意见"]
    for rng in summary.merged_cells.ranges:
        if rng.min_row < 3:
            continue
        for col in range(rng.min_col, rng.max_col + 1):
            cell = summary.cell(row=rng.min_row, column=col)
            if rng.min_row <= 15:  # the boxed facts
                assert cell.border.top.style == "thin", cell.coordinate
    assert wb["专家签到表"].column_dimensions["C"].width >= 20  # employer names fit
    assert wb["回避记录"]["B4"].value == "周立新"
    assert wb["专家签到表"]["A1"].font.name == "宋体" and wb["专家签到表"]["B4"].font.name == "仿宋"
    assert wb.properties.creator == "陈建华" and "验收" in (wb.properties.title or "")
    assert all(ws.protection.sheet for ws in wb.worksheets)
    assert all(ws.print_area for ws in wb.worksheets if ws.title != "绩效表")
    facts = {r[0].value: r[1].value for r in summary.iter_rows(min_row=3, max_row=16)}
    assert "sz-qjsc" not in str(facts["评分表"]) and "（默认）" not in str(facts["评分表"])
    veto = wb["否决项核查"]
    assert veto["B4"].value and any("提议" in str(c.value) for c in veto["E"])


def test_libreoffice_opens_and_converts_the_workbook(built: Built, tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    fonts = Path(__file__).resolve().parents[2] / "resources" / "fonts"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir>'
        f"<cachedir>{tmp_path / 'fc'}</cachedir>"
        # A bureau PC has 仿宋/黑体/宋体; here the bundled faces stand in for them.
        + "".join(
            f"<alias binding='same'><family>{a}</family><prefer><family>{b}</family></prefer></alias>"
            for a, b in (("仿宋", "QJSC Fang"), ("黑体", "QJSC Hei"), ("宋体", "QJSC Title"))
        )
        + "</fontconfig>",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(tmp_path))
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(built.written.workbook)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / (built.written.workbook.stem + ".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "专家评分汇总表" in text and "77.8" in text and "回避记录" in text
    fonts_out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "QJSC" in fonts_out
    # No text crosses a cell's border: a row too low for its text would let it overflow.
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, start=1):
            edges = [e for e in page.horizontal_edges if e["x1"] - e["x0"] > 5]
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                mid = (ch["x0"] + ch["x1"]) / 2
                for e in edges:
                    if e["x0"] < mid < e["x1"] and ch["top"] + 1.5 < e["top"] < ch["bottom"] - 1.5:
                        raise AssertionError(f"page {n}: {ch['text']!r} crosses a border at {e['top']:.1f}")
        # The opinion sheet prints at 100 %: its columns, measured in 仿宋's "0" (the workbook's
        # default font), fit the page, so the row heights computed for 11 pt text hold.
        sizes = {round(float(c["size"]), 1) for c in doc.pages[0].chars if "Fang" in c["fontname"]}
        assert sizes == {11.0}, sizes
        faults = [f for n, page in enumerate(doc.pages, start=1) for f in _sheet_page_faults(n, page)]
        assert not faults, faults
        # The 评分汇总 note prints on the page of the table's 合计 row, not alone on the next.
        texts = [(page.extract_text() or "").replace(" ", "") for page in doc.pages]
        total = next(t for t in texts if "专家评分汇总表" in t)
        assert "合计100" in total and "综合得分77.8分；结论" in total


def _sheet_page_faults(n: int, page: Any) -> list[str]:
    """Text on a workbook page printed by LibreOffice: at least 9 pt; no glyph across a vertical
    grid line (a cell's text running into the next); in a table cell no line that starts with a
    closing mark or ends with an opening one (a column too narrow for "（列席）")."""
    faults = [f"p{n}: {c['text']} at {c['size']:.1f} pt" for c in page.chars if c["text"].strip() and c["size"] < 9]
    edges = [e for e in page.vertical_edges if e["bottom"] - e["top"] > 5]
    for ch in page.chars:
        if not ch["text"].strip():
            continue
        for e in edges:
            if ch["x0"] + 1 < e["x0"] < ch["x1"] - 1 and e["top"] < ch["top"] + 1 and e["bottom"] > ch["bottom"] - 1:
                faults.append(f"p{n}: {ch['text']!r} crosses a border at x={e['x0']:.1f}")
    for table in page.find_tables():
        for cell in (c for c in table.cells if c is not None):
            chars = [
                c
                for c in page.chars
                if c["text"].strip()
                and cell[0] < (c["x0"] + c["x1"]) / 2 < cell[2]
                and cell[1] < (c["top"] + c["bottom"]) / 2 < cell[3]
            ]
            lines: dict[int, list[Any]] = {}
            for c in chars:
                lines.setdefault(round(c["top"] / 5), []).append(c)
            for _k, line in sorted(lines.items()):
                text = "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"]))
                if text[0] in "）》”〕】，。、；：！？" or text[-1] in "（《“〔【":
                    faults.append(f"p{n}: line {text!r} in a cell")
    return faults


def test_bundle_verifies_and_names_each_tampering(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = built.written.bundle
    assert bundle is not None
    from qjsc_panel.exchange import bureau

    root = bureau.load_bureau(built.out / "laptops" / "secretary").cert  # the verifier's own root
    root_file = tmp_path.parent / f"{tmp_path.name}-root.pem"
    root_file.write_bytes(bureau.cert_pem(root).encode())

    def verify_bundle(path: Path) -> Any:
        return _verify_bundle(path, root)

    rep = verify_bundle(bundle)
    assert rep.ok and rep.trusted, rep.render()
    # 4 packages, 说明.txt, + roster, package keys, form, the chair's signed audit heads
    assert rep.files == 14 and len(rep.signatures) == 4 and rep.audit_entries > 20
    assert main(["bundle", "verify", str(bundle), "--root", str(root_file)]) == 0
    assert "报送包完整" in capsys.readouterr().out

    def rewrite(change: dict[str, bytes]) -> Path:
        out = tmp_path / f"b{len(list(tmp_path.iterdir()))}.zip"
        with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                dst.writestr(info.filename, change.get(info.filename, src.read(info.filename)))
        return out

    with zipfile.ZipFile(bundle) as z:
        pdf = bytearray(z.read(OPINION_PDF))
        audit = z.read(AUDIT_LOG).decode()
        manifest = json.loads(z.read(MANIFEST))
    # 1. a workbook swapped: its sum no longer matches
    codes = [c for c, _ in verify_bundle(rewrite({WORKBOOK: b"PK-not-the-same"})).problems]
    assert codes[0] == "reports.bundle_sum_mismatch" and codes.count("reports.bundle_sum_mismatch") == 1
    # 2. the PDF changed and the manifest "fixed" to match: the signatures catch it
    pdf[pdf.index(b"stream", 2000) + 200] ^= 1
    manifest["files"][OPINION_PDF]["sha256"] = __import__("hashlib").sha256(pdf).hexdigest()
    bad = rewrite({OPINION_PDF: bytes(pdf), MANIFEST: json.dumps(manifest).encode()})
    codes = [c for c, _ in verify_bundle(bad).problems]
    assert codes.count("reports.bundle_bad_signature") == 4
    # 3. an audit entry edited (and its sum fixed): its hash no longer recomputes
    lines = audit.splitlines()
    entry = json.loads(lines[3])
    entry["actor"] = "someone else"
    lines[3] = json.dumps(entry, ensure_ascii=False)
    new_audit = ("\n".join(lines) + "\n").encode()
    with zipfile.ZipFile(bundle) as z:
        manifest = json.loads(z.read(MANIFEST))
    manifest["files"][AUDIT_LOG]["sha256"] = __import__("hashlib").sha256(new_audit).hexdigest()
    bad = rewrite({AUDIT_LOG: new_audit, MANIFEST: json.dumps(manifest).encode()})
    rep = verify_bundle(bad)
    codes = [c for c, _ in rep.problems]
    assert codes == ["reports.audit_entry_changed", "exchange.bundle_manifest_bad_signature"]
    assert main(["--lang", "en", "bundle", "verify", str(bad), "--root", str(root_file)]) == 2
    assert "was changed" in capsys.readouterr().out
    # 4. not a zip at all
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"hello")
    assert main(["bundle", "verify", str(junk)]) == 2
    assert "无法读取报送包" in capsys.readouterr().err
    _ = io


def test_bundle_names_readme_dates_and_the_printed_digest(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import hashlib

    from qjsc_panel.reports import marks
    from qjsc_panel.reports.bundle_names import README, RESULT_JSON

    assert built.written.bundle is not None
    with zipfile.ZipFile(built.written.bundle) as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        assert {OPINION_PDF, WORKBOOK, AUDIT_LOG, RESULT_JSON, README} <= set(names)
        assert not [n for n in names if n.isascii()]  # Chinese names only (the manifest too)
        assert all(i.flag_bits & 0x800 for i in infos if not i.filename.isascii())  # UTF-8 names
        assert len({i.date_time for i in infos}) == 1 and infos[0].date_time[0] >= 2026  # finalisation
        readme = z.read(README).decode("utf-8-sig")
        digest = hashlib.sha256(z.read(RESULT_JSON)).hexdigest()
        pdf = z.read(OPINION_PDF)
        manifest = json.loads(z.read(MANIFEST))
    assert "核验方法" in readme and digest in readme and OPINION_PDF in readme
    # 说明.txt says what every file of the bundle is (a package folder once, for all packages).
    described = dict(line.strip().split("\u3000", 1) for line in readme.splitlines() if "\u3000" in line)
    shown = {n if not n.startswith("评分包/") else "评分包/" for n in names}
    assert set(described) == shown and all(d.strip() for d in described.values()), described
    assert marks.printed_digest(pdf) == digest == manifest["summary"]["result_sha256"]
    from qjsc_panel.exchange import bureau

    assert built.written.bundle is not None
    rep = _verify_bundle(built.written.bundle, bureau.load_bureau(built.out / "laptops" / "secretary").cert)
    assert rep.ok and rep.trusted and rep.result_digest == digest
    assert main(["verify-pdf", str(built.written.pdf)]) in (0, 1)
    assert marks.grouped(digest) in capsys.readouterr().out
    # 验收结果.json changed and its sum fixed in the manifest: the printed digest no longer matches.
    changed = json.loads(json.dumps(manifest))
    with zipfile.ZipFile(built.written.bundle) as z:
        result = json.loads(z.read(RESULT_JSON))
    result["composite"] = "99.9"
    new = json.dumps(result).encode()
    changed["files"][RESULT_JSON]["sha256"] = hashlib.sha256(new).hexdigest()
    out = tmp_path / "forged.zip"
    with zipfile.ZipFile(built.written.bundle) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = {RESULT_JSON: new, MANIFEST: json.dumps(changed).encode()}.get(info.filename)
            dst.writestr(info.filename, data if data is not None else src.read(info.filename))
    assert "reports.bundle_digest_mismatch" in [c for c, _ in _verify_bundle(out).problems]


def test_a_bundle_written_with_the_old_manifest_name_still_verifies(built: Built, tmp_path: Path) -> None:
    """Bundles filed before the manifest had a Chinese name (manifest.json) are still read."""
    from qjsc_panel.reports.bundle_names import LEGACY_MANIFEST

    assert built.written.bundle is not None
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(built.written.bundle) as src, zipfile.ZipFile(old, "w") as dst:
        for info in src.infolist():
            dst.writestr(LEGACY_MANIFEST if info.filename == MANIFEST else info.filename, src.read(info.filename))
    from qjsc_panel.exchange import bureau

    root = bureau.load_bureau(built.out / "laptops" / "secretary").cert
    new_rep, old_rep = _verify_bundle(built.written.bundle, root), _verify_bundle(old, root)
    assert old_rep.ok and old_rep.trusted and old_rep.files == new_rep.files > 0
    # Neither name present: refused in words, not a traceback.
    none = tmp_path / "none.zip"
    with zipfile.ZipFile(built.written.bundle) as src, zipfile.ZipFile(none, "w") as dst:
        for info in src.infolist():
            if info.filename != MANIFEST:
                dst.writestr(info.filename, src.read(info.filename))
    with pytest.raises(QjscError) as caught:
        _verify_bundle(none)
    assert caught.value.code == "reports.bundle_no_manifest"
