"""``qjsc-panel pdf`` through the light read path (plain sqlite3) and through the full CLI write
the same document: the same bytes (but for the creation stamps), the same JSON output and
``document_hash``; and every case the light path does not read hands over to the full CLI,
which words the refusal, with the database unchanged."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel import cli_pdf_light
from qjsc_panel.cli import main as full_main
from qjsc_panel.services import opinion
from tests.factories import new_db
from tests.reports.sample import open_demo_acceptance, sample_performance

_CHAIR_KEYS: dict[Path, Any] = {}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The demo acceptance, scored and not finalised (a recused member, an outlier), with its
    performance table."""
    tmp = tmp_path_factory.mktemp("pdf-light")
    db = new_db(tmp, "demo.sqlite3")
    d = open_demo_acceptance(db, tmp / "out")
    acc = d.acceptance
    opinion.set_performance(d.ctx, acc, sample_performance())
    db.close()
    assert d.chair_key is not None
    _CHAIR_KEYS[tmp / "demo.sqlite3"] = d.chair_key
    yield tmp / "demo.sqlite3", acc


@pytest.fixture(scope="module")
def reviewed(demo: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The demo's closing steps as ``qjsc-panel demo`` takes them: a veto proposed and dismissed
    by the chair, the outlier justified (that database, open), then finalised (a copy, frozen)."""
    from qjsc_panel.services import review, vetoes
    from qjsc_panel.services.app import App
    from qjsc_panel.services.status import panel_status
    from qjsc_panel.store.db import open_database

    tmp = tmp_path_factory.mktemp("pdf-light-final")
    opened = _copy(demo[0], tmp / "reviewed.sqlite3")
    db = open_database(opened)
    ctx = App(db, actor="秘书")
    acc = demo[1]
    members = {name: member_id for member_id, name, _ in _members(opened)}
    chair_name = next(name for _, name, is_chair in _members(opened) if is_chair)
    chair = ctx.as_actor(chair_name)
    chair.key = _CHAIR_KEYS[demo[0]]
    expert = next(n for n, _ in members.items() if n != chair_name)
    proposal = vetoes.propose_veto(ctx.as_actor(expert), members[expert], "V4", "现场发现疑似溢流痕迹，需核实")
    vetoes.decide_veto(chair, proposal, False, "经核查为雨水管网冲洗痕迹，不构成否决情形")
    st = panel_status(ctx, acc)
    for row in st.members:
        if row.counted is not None and str(row.id) in st.outliers:
            review.justify_outlier(chair, acc, row.name, "评分依据充分，予以保留")
    db.close()
    final = _copy(opened, tmp / "final.sqlite3")
    db = open_database(final)
    chair = App(db, actor=chair_name)
    chair.key = _CHAIR_KEYS[demo[0]]
    review.finalise(chair, acc)
    db.close()
    return opened, final, acc


def _members(db: Path) -> list[tuple[int, str, int]]:
    """(id, name, is_chair) of every member."""
    con = sqlite3.connect(db)
    try:
        return [(int(i), str(n), int(c)) for i, n, c in con.execute("SELECT id, name, is_chair FROM panel_member")]
    finally:
        con.close()


def _copy(src: Path, dst: Path) -> Path:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dst


def _sql(db: Path, *statements: str) -> None:
    con = sqlite3.connect(db)
    try:
        for st in statements:
            con.execute(st)
        con.commit()
    finally:
        con.close()


def _normalised(data: bytes) -> bytes:
    """Only what differs by nature between two runs: the clock stamps and the file id."""
    data = re.sub(rb"D:\d{14}[^)]*", b"D:-", data)
    data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^<\"]*", b"T-", data)
    return re.sub(rb"/ID\s*\[<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\]", b"/ID[-]", data)


def _both(
    db: Path, acc: str, tmp: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[dict[str, object], bytes, dict[str, object], bytes]:
    """Light then full on copies of ``db``: (light JSON, light PDF, full JSON, full PDF)."""
    out: list[tuple[dict[str, object], bytes]] = []
    for name in ("light", "full"):
        copy = _copy(db, tmp / f"{name}.sqlite3")
        pdf = tmp / f"{name}.pdf"
        args = ["--db", str(copy), "--home", str(tmp / "home"), "--json", *extra, "pdf", acc, "--out", str(pdf)]
        code = cli_pdf_light.run(args) if name == "light" else full_main(args)
        assert code == 0, (name, capsys.readouterr())
        data = json.loads(capsys.readouterr().out)
        data["written"] = Path(str(data["written"])).name.replace(name, "X")
        out.append((data, pdf.read_bytes()))
    return out[0][0], out[0][1], out[1][0], out[1][1]


def _assert_same(db: Path, acc: str, tmp: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> None:
    light_json, light_pdf, full_json, full_pdf = _both(db, acc, tmp, capsys, *extra)
    assert light_json == full_json
    assert _normalised(light_pdf) == _normalised(full_pdf)


@pytest.mark.parametrize("extra", [(), ("--lang", "en"), ("--lang", "zh")])
def test_the_demo_is_the_same_document(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...]
) -> None:
    _assert_same(*demo, tmp_path, capsys, *extra)


def test_chair_only_and_a_uuid_prefix(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, acc = demo
    light_json, light_pdf, full_json, full_pdf = _both(db, acc[:8], tmp_path, capsys)
    assert light_json == full_json and _normalised(light_pdf) == _normalised(full_pdf)
    _assert_same(db, acc, tmp_path, capsys)


def test_a_veto_an_outlier_note_and_a_recusal(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows the document prints in other places: a confirmed veto (a fail), a chair's note on a
    sheet, another member recused; each read by the light path as the ORM reads it."""
    db = _copy(demo[0], tmp_path / "variant.sqlite3")
    con = sqlite3.connect(db)
    acc_id, form = con.execute("SELECT id, form_json FROM acceptance").fetchone()
    veto_item = json.loads(form)["veto_items"][0]["id"]
    proposer, sheet = con.execute("SELECT member_id, id FROM score_sheet ORDER BY id").fetchone()
    con.close()
    _sql(
        db,
        "INSERT INTO veto_proposal (acceptance_id, veto_item_id, proposer_id, evidence, proposed_at, status,"
        f" decision_reason, decided_by) VALUES ({acc_id}, '{veto_item}', {proposer}, '现场发现', "
        "'2026-11-20 10:00:00.000000', 'confirmed', '证据确凿', '组长')",
        f"UPDATE score_sheet SET outlier_note = '经核实，评分依据充分' WHERE id = {sheet}",
    )
    _assert_same(db, demo[1], tmp_path, capsys)
    _assert_same(db, demo[1], tmp_path, capsys, "--lang", "en")


def test_a_field_read_differently_is_caught(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above can fail: a light reader that misreads one column differs."""
    from qjsc_panel.services import outputs_light

    monkeypatch.setattr(outputs_light, "_numeric", lambda v, scale: Decimal(str(v)) + 1)
    light_json, light_pdf, full_json, full_pdf = _both(*demo, tmp_path, capsys)
    assert light_json != full_json and _normalised(light_pdf) != _normalised(full_pdf)


def _hands_over(db: Path, acc: str, tmp: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """The light path declines (None), nothing written, the database unchanged; the full CLI's
    refusal text (or "" if it writes the document)."""
    before = db.read_bytes()
    args = ["--db", str(db), "--home", str(tmp / "home"), *extra, "pdf", acc, "--out", str(tmp / "x.pdf")]
    assert cli_pdf_light.run(args) is None
    assert not (tmp / "x.pdf").exists() and db.read_bytes() == before
    assert capsys.readouterr().out == ""
    full_main(args)
    (tmp / "x.pdf").unlink(missing_ok=True)
    return capsys.readouterr().err


def test_unknown_and_ambiguous_references_go_the_full_way(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _copy(demo[0], tmp_path / "d.sqlite3")
    assert "ffffffff" in _hands_over(db, "ffffffff", tmp_path, capsys)
    assert _hands_over(db, "999", tmp_path, capsys, "--lang", "en")


def test_old_schema_unofficial_form_and_no_result_go_the_full_way(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    acc = demo[1]
    old = _copy(demo[0], tmp_path / "old.sqlite3")
    _sql(old, "UPDATE alembic_version SET version_num = '0004'")
    assert cli_pdf_light.run(["--db", str(old), "pdf", acc, "--out", str(tmp_path / "o.pdf")]) is None
    unofficial = _copy(demo[0], tmp_path / "form.sqlite3")
    from qjsc_panel.domain.form_light import stored_hash

    con = sqlite3.connect(unofficial)
    form = json.loads(con.execute("SELECT form_json FROM acceptance").fetchone()[0])
    form["title"]["zh"] += "（改）"  # consistent with its hash, but not the official form
    text = json.dumps(form, ensure_ascii=False)
    con.execute("UPDATE acceptance SET form_json = ?, form_hash = ?", (text, stored_hash(text)))
    con.commit()
    con.close()
    _hands_over(unofficial, acc, tmp_path, capsys)
    empty = _copy(demo[0], tmp_path / "empty.sqlite3")
    _sql(empty, "UPDATE panel_member SET recused = 1, recusal_reason = 'x'")  # no counted sheet
    assert _hands_over(empty, acc, tmp_path, capsys)  # the full path refuses: no result yet


def test_an_encrypted_or_missing_database_goes_the_full_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    enc = tmp_path / "enc.sqlite3"
    enc.write_bytes(b"\x8f" * 4096)  # not a plain SQLite header: SQLCipher's, say
    for extra in ((), ("--db-passphrase-file", str(tmp_path / "pw"))):
        args = ["--db", str(enc), *extra, "pdf", "abcd", "--out", str(tmp_path / "x.pdf")]
        assert cli_pdf_light.run(args) is None
    assert cli_pdf_light.run(["--db", str(tmp_path / "none.sqlite3"), "pdf", "abcd", "--out", "x.pdf"]) is None
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["pdf", "abcd"],
        ["pdf", "abcd", "--out"],
        ["pdf", "--help"],
        ["pdf", "a", "b", "--out", "x.pdf"],
        ["--encrypt-db", "pdf", "abcd", "--out", "x.pdf"],
        ["--lang", "fr", "pdf", "abcd", "--out", "x.pdf"],
        ["pdf", "abcd", "--out", "x.pdf", "--other"],
        ["workbook", "abcd", "--out", "x.xlsx"],
        ["pdf", "abcd", "--out", "x\udcff.pdf"],
    ],
)
def test_arguments_it_does_not_know_go_the_full_way(argv: list[str]) -> None:
    assert cli_pdf_light._parse(argv) is None


def test_a_reviewed_and_a_finalised_acceptance(
    reviewed: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dismissed veto with the chair's reason, the outlier's justification; then frozen: the
    light path runs the same frozen-result check and writes the same document."""
    opened, final, acc = reviewed
    for db in (opened, final):
        _assert_same(db, acc, tmp_path, capsys)
        _assert_same(db, acc, tmp_path, capsys, "--lang", "en")
    light_json, _, _, _ = _both(final, acc, tmp_path, capsys)
    assert light_json["fields"]


def test_a_tampered_finalised_acceptance_goes_the_full_way(
    reviewed: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Triggers dropped and a frozen row edited: the light path declines, the full path refuses."""
    db = _copy(reviewed[1], tmp_path / "tampered.sqlite3")
    con = sqlite3.connect(db)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("UPDATE panel_member SET employer = employer || '（改）' WHERE is_chair = 1")
    con.commit()
    con.close()
    refusal = _hands_over(db, reviewed[2], tmp_path, capsys)
    assert reviewed[2][:8] in refusal


def test_the_performance_table_is_read_without_the_schema_only_as_logged(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stored table as the log recorded it is read as a plain view; edited behind the log's
    back it is parsed and validated as the full path does (same document), or refused there."""
    from qjsc_panel.reports.perf_view import PerformanceView
    from qjsc_panel.reports.performance import PerformanceTable
    from qjsc_panel.services.outputs_light import read_sources

    def perf_type(db: Path) -> type:
        con = sqlite3.connect(db)
        con.isolation_level = None
        try:
            src = read_sources(con, demo[1], "zh")
        finally:
            con.close()
        assert src is not None
        return type(src.perf)

    assert perf_type(demo[0]) is PerformanceView
    edited = _copy(demo[0], tmp_path / "edited.sqlite3")
    con = sqlite3.connect(edited)
    body = json.loads(con.execute("SELECT body FROM report_doc WHERE kind = 'performance'").fetchone()[0])
    body["focus"] = "改过的审核重点"
    con.execute("UPDATE report_doc SET body = ? WHERE kind = 'performance'", (json.dumps(body, ensure_ascii=False),))
    con.commit()
    con.close()
    assert perf_type(edited) is PerformanceTable
    _assert_same(edited, demo[1], tmp_path, capsys)
    body["low_cost"]["implemented"] = body["low_cost"]["proposed"] + 1  # refused by the table's check
    _sql(
        edited, "UPDATE report_doc SET body = '" + json.dumps(body, ensure_ascii=False) + "' WHERE kind = 'performance'"
    )
    assert "reports.perf" not in _hands_over(edited, demo[1], tmp_path, capsys, "--lang", "en")


def test_the_document_is_chinese_whatever_language_the_command_speaks(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--lang en`` words the command's messages in English; the PDF it writes is the bureau's
    Chinese document all the same (the form's items and name included), on both paths."""
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    en = _both(demo[0], demo[1], tmp_path / "en", capsys, "--lang", "en")
    zh = _both(demo[0], demo[1], tmp_path / "zh", capsys, "--lang", "zh")
    assert _normalised(en[1]) == _normalised(zh[1]) and _normalised(en[3]) == _normalised(zh[3])
    assert en[0]["document_hash"] == zh[0]["document_hash"]


def test_as_its_own_process_the_light_command_writes_the_same_document(
    demo: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m qjsc_panel pdf`` (the light path, its objects frozen out of the collector before
    the interpreter exits) writes the whole document, the same as the command run in-process."""
    import os
    import subprocess
    import sys

    db = _copy(demo[0], tmp_path / "p.sqlite3")
    out = tmp_path / "process.pdf"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    args = ["--db", str(db), "--home", str(tmp_path / "home"), "--json", "pdf", demo[1]]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "qjsc_panel", *args, "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "sqlalchemy" not in done.stderr and "pydantic" not in done.stderr  # it took the light path
    inside = tmp_path / "inside.pdf"
    assert cli_pdf_light.run([*args, "--out", str(inside)]) == 0
    capsys.readouterr()
    assert _normalised(out.read_bytes()) == _normalised(inside.read_bytes())


def test_a_closed_output_pipe_ends_quietly_with_the_document_written(demo: tuple[Path, str], tmp_path: Path) -> None:
    """``qjsc-panel pdf … | head`` closing the pipe: no traceback, the PDF is on disk whole (it is
    written before anything is printed), the exit code says the output was not delivered."""
    import os
    import subprocess
    import sys

    db = _copy(demo[0], tmp_path / "p.sqlite3")
    out = tmp_path / "piped.pdf"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    args = ["--db", str(db), "--home", str(tmp_path / "home"), "--json", "pdf", demo[1], "--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "qjsc_panel", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the command prints
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert proc.wait(timeout=120) == 2, err
    assert "Traceback" not in err and out.read_bytes().startswith(b"%PDF-") and b"%%EOF" in out.read_bytes()[-64:]
