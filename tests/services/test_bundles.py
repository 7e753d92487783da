"""Bureau bundles into the archive: verified, read-only, no duplicate by acceptance or content."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import bureau
from qjsc_panel.services import bundles
from qjsc_panel.services.context import Ctx
from tests.factories import RawSql, dump, open_db


@dataclass(frozen=True)
class DemoBundle:
    """A genuine bundle (signed manifest, panel CA certified by the bureau) and its bureau root."""

    path: Path
    acceptance: str
    root_pem: bytes


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory: pytest.TempPathFactory) -> DemoBundle:
    return build_demo_bundle(tmp_path_factory.mktemp("demo") / "demo")


def build_demo_bundle(out: Path) -> DemoBundle:
    from qjsc_panel.demo.run import run_demo

    record, files = run_demo(out)
    path = next(p for p in files if p.suffix == ".zip")
    root = bureau.load_bureau(out / "laptops" / "secretary").cert
    return DemoBundle(path, record["acceptance"], bureau.cert_pem(root).encode())


def repack(src_path: Path, dst: Path, change: dict[str, bytes] | None = None) -> Path:
    """The same files in another zip (stored, not deflated: other bytes), some maybe changed."""
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as out:
        for name in src.namelist():
            out.writestr(name, (change or {}).get(name, src.read(name)))
    return dst


def test_receive_verify_refuse_duplicates_and_keep_read_only(
    db_url: Path | str, tmp_path: Path, demo_bundle: DemoBundle
) -> None:
    ctx = Ctx(open_db(db_url, tmp_path), actor="秘书")
    first = demo_bundle.path
    # Without the bureau root installed nothing can be trusted: refused, nothing kept.
    with pytest.raises(QjscError) as err:
        bundles.receive_bundle(ctx, first)
    assert err.value.code == "secretary.bundle_invalid"
    assert bundles.list_bundles(ctx) == []
    bureau.install_root(ctx.home, demo_bundle.root_pem)
    bid = bundles.receive_bundle(ctx, first)
    (row,) = bundles.list_bundles(ctx)
    assert row.id == bid and row.acceptance == demo_bundle.acceptance and row.size == first.stat().st_size
    before = dump(ctx.db)
    with pytest.raises(QjscError) as err:
        bundles.receive_bundle(ctx, first)  # the same bytes again
    assert err.value.code == "secretary.bundle_duplicate_content"
    with pytest.raises(QjscError) as err:  # the same acceptance's files in other zip bytes
        bundles.receive_bundle(ctx, repack(first, tmp_path / "b.zip"))
    assert err.value.code == "secretary.bundle_duplicate_acceptance"
    # A changed byte inside: the manifest's sum no longer matches.
    with zipfile.ZipFile(first) as z:
        opinion = next(n for n in z.namelist() if n.endswith(".pdf"))
        data = z.read(opinion)
    bad = repack(first, tmp_path / "bad.zip", {opinion: data + b"\n"})
    with pytest.raises(QjscError) as err:
        bundles.receive_bundle(Ctx(ctx.db, actor="秘书", lang="en"), bad)
    assert err.value.code == "secretary.bundle_invalid" and opinion in err.value.render("en")
    assert dump(ctx.db) == before
    out = bundles.export_bundle(ctx, bid, tmp_path / "out.zip")
    assert out.read_bytes() == first.read_bytes()
    con = RawSql(ctx.db)
    for sql in ("UPDATE archive_bundle SET filename = 'x'", "DELETE FROM archive_bundle"):
        with pytest.raises(con.errors, match="read-only"):
            con.execute(sql)
    con.close()
