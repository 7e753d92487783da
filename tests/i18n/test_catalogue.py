"""One catalogue: the extractor runs over the tree and fails on an untranslated text; every
layer (Qt, refusals, CLI) reads the same en.po; the CLI follows the language the app saved."""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

import pytest

from qjsc_panel import i18n
from qjsc_panel.messages import render

ROOT = Path(__file__).resolve().parents[2]
TOOL = runpy.run_path(str(ROOT / "scripts" / "i18n.py"))


def test_the_extractor_finds_every_text_in_the_tree_and_all_are_translated(capsys: pytest.CaptureFixture[str]) -> None:
    texts = TOOL["extract"]()
    contexts = {t.context for t in texts}
    # Widgets (tr), the crash dialog (translate), and message codes of every area.
    assert {"MainWindow", "ScoringModel", "crash", "form.invalid", "exchange.bad_passphrase", "ui.saved"} <= contexts
    assert len(texts) > 300
    assert TOOL["main"]([]) == 0, capsys.readouterr().err


def test_the_extractor_fails_on_an_untranslated_string(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tmp_path / "pkg"
    (tree / "ui").mkdir(parents=True)
    (tree / "ui" / "new_screen.py").write_text(
        "class NewScreen:\n    def retranslate_ui(self):\n        self.title.setText(self.tr('尚未翻译的标题'))\n",
        encoding="utf-8",
    )
    (tree / "messages.py").write_text(
        'MESSAGES = {"x.new": "新的拒绝：{n}", "x.pair": ("旧式一对", "an old pair")}\n', encoding="utf-8"
    )
    po = tmp_path / "en.po"
    shutil.copy(ROOT / "qjsc_panel" / "locale" / "en.po", po)
    shutil.copy(ROOT / "qjsc_panel" / "locale" / "en.mo", tmp_path / "en.mo")
    assert TOOL["main"](["--root", str(tree), "--po", str(po)]) == 1
    err = capsys.readouterr().err
    assert "untranslated: 尚未翻译的标题" in err and "[NewScreen]" in err
    assert "untranslated: 新的拒绝" in err and "(zh, en) pair" in err
    # --update moves the pair's English into the catalogue; the rest stays a failure until written.
    assert TOOL["main"](["--root", str(tree), "--po", str(po), "--update"]) == 1
    text = po.read_text(encoding="utf-8")
    assert 'msgctxt "x.pair"' in text and "an old pair" in text and 'msgid "尚未翻译的标题"' in text


def test_placeholders_must_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tmp_path / "pkg"
    tree.mkdir()
    (tree / "messages.py").write_text('MESSAGES = {"x.n": "共 {count} 项"}\n', encoding="utf-8")
    po = tmp_path / "en.po"
    po.write_text('msgctxt "x.n"\nmsgid "共 {count} 项"\nmsgstr "{n} items"\n', encoding="utf-8")
    assert TOOL["main"](["--root", str(tree), "--po", str(po), "--update"]) == 1
    assert "placeholders differ" in capsys.readouterr().err


def test_refusals_come_from_the_same_catalogue() -> None:
    assert (
        render("score.out_of_range", "zh", item="1.1", value="9", max="3") == "第 1.1 项：9 超出范围，应在 0 至 3 之间"
    )
    assert render("score.out_of_range", "en", item="1.1", value="9", max="3") == "item 1.1: 9 is out of range 0 to 3"
    assert render("exchange.unreadable", "en", file="f", detail="d").endswith("Nothing was changed")
    assert i18n.translate("MainWindow", "文件(&F)", "en") == "&File"


def test_the_cli_defaults_to_the_language_the_app_saved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from qjsc_panel.launch import main

    home = Path(__import__("os").environ["QJSC_HOME"])
    db = tmp_path / "x.sqlite3"
    from qjsc_panel.store.db import open_database

    open_database(db).close()  # an existing, empty archive: a reading command refuses a missing file
    assert main(["--db", str(db), "acceptance", "prelim-review", "nope"]) == 2
    assert "找不到验收" in capsys.readouterr().err
    i18n.save_language(home, "en")
    assert i18n.saved_language(home) == "en"
    assert main(["--db", str(db), "acceptance", "prelim-review", "nope"]) == 2
    assert "no acceptance nope" in capsys.readouterr().err
    assert main(["--db", str(db), "--lang", "zh", "acceptance", "prelim-review", "nope"]) == 2
    assert "找不到验收" in capsys.readouterr().err
    # The light path too.
    assert main(["--db", str(db), "score", "show", "nope", "x"]) == 2
    assert "no acceptance nope" in capsys.readouterr().err
