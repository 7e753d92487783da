"""Bureau bundles into the archive: verified, read-only, no duplicate by acceptance or content."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.reports.bundle import make_bundle
from qjsc_panel.services import bundles
from qjsc_panel.services.context import Ctx
from qjsc_panel.store.db import open_database
from tests.factories import dump


def bundle(path: Path, acc: str, text: str = "意见") -> Path:
    return make_bundle(path, acc, {"opinion.txt": text.encode()}, {"result": "pass"})


def test_receive_verify_refuse_duplicates_and_keep_read_only(tmp_path: Path) -> None:
    ctx = Ctx(open_database(tmp_path / "db.sqlite3"), actor="秘书")
    first = bundle(tmp_path / "a.zip", "acc-1")
    bid = bundles.receive_bundle(ctx, first)
    (row,) = bundles.list_bundles(ctx)
    assert row.id == bid and row.acceptance == "acc-1" and row.size == first.stat().st_size
    before = dump(ctx.db)
    with pytest.raises(QjscError) as err:
        bundles.receive_bundle(ctx, first)  # the same bytes again
    assert err.value.code == "secretary.bundle_duplicate_content"
    with pytest.raises(QjscError) as err:
        bundles.receive_bundle(ctx, bundle(tmp_path / "b.zip", "acc-1", "另一份"))
    assert err.value.code == "secretary.bundle_duplicate_acceptance"
    # A changed byte inside: the manifest's sum no longer matches.
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(
                info, data.replace("意见".encode(), "改过".encode()) if info.filename == "opinion.txt" else data
            )
    with pytest.raises(QjscError) as err:
        bundles.receive_bundle(Ctx(ctx.db, actor="秘书", lang="en"), bad)
    assert err.value.code == "secretary.bundle_invalid" and "opinion.txt" in err.value.render("en")
    assert dump(ctx.db) == before
    out = bundles.export_bundle(ctx, bid, tmp_path / "out.zip")
    assert out.read_bytes() == first.read_bytes()
    con = sqlite3.connect(ctx.db.path)
    for sql in ("UPDATE archive_bundle SET filename = 'x'", "DELETE FROM archive_bundle"):
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(sql)
    con.close()
