"""The chair's workspace in English: every tab, after a live switch, shows no Chinese except
data people typed (names, the enterprise, places), and no raw status code (issue 9, item 6)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.test_language import HAN, RAW_CODE, assert_english, widget_texts, without


def _data_words(db: object, acc: str) -> set[str]:
    """Every text a person typed into the demo acceptance: shown as stored, in any language."""
    import sqlite3

    path = db.path  # type: ignore[attr-defined]
    con = sqlite3.connect(str(path))
    try:
        words: set[str] = set()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table in {"audit_log", "audit_head", "alembic_version", "forms"}:
                continue
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            for col in cols:
                for (value,) in con.execute(f'SELECT "{col}" FROM "{table}"'):
                    if isinstance(value, str) and HAN.search(value) and not value.lstrip().startswith("{"):
                        words.add(value)
        return words
    finally:
        con.close()


def test_every_chair_tab_in_english_shows_no_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    from qjsc_panel.services.app import App
    from qjsc_panel.store.db import open_database
    from qjsc_panel.ui import i18n
    from qjsc_panel.ui.app import make_app
    from qjsc_panel.ui.chair.workspace import TAB_SPECS, ChairWorkspace
    from tests.reports.sample import open_demo_acceptance

    make_app()
    db = open_database(tmp_path / "chair.sqlite3")
    try:
        demo = open_demo_acceptance(db, tmp_path)
        ws = ChairWorkspace(App(db, actor="陈建华", key=demo.chair_key, home=tmp_path))
        qtbot.addWidget(ws)
        ws.resize(1366, 768)
        ws.show()
        ws.select(demo.acceptance)
        # The files the round writes keep their Chinese names in any language (bundle names too).
        data = _data_words(db, demo.acceptance) | set(demo.members) | {"验收意见-待签.pdf"}
        chinese_seen = []
        i18n.switch("en")
        try:
            for spec in TAB_SPECS:
                ws.show_tab(spec.key)
                qtbot.wait(50)
                shown = without(widget_texts(ws), data)
                assert_english(shown, spec.key)
                assert not [t for t in shown if RAW_CODE.fullmatch(t.strip())], spec.key
            i18n.switch("zh")
            for spec in TAB_SPECS:
                ws.show_tab(spec.key)
                chinese_seen.append(any(HAN.search(t) for t in without(widget_texts(ws), data)))
        finally:
            i18n.switch("zh")
        # The check is not vacuous: in Chinese each tab does show Chinese of its own.
        assert all(chinese_seen), dict(zip([s.key for s in TAB_SPECS], chinese_seen, strict=True))
    finally:
        db.close()
