"""Every refusal of issue 4, with real files: each names its reason and the chair's database
file is byte-for-byte as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto, keys, package
from qjsc_panel.exchange.invitation import joined
from qjsc_panel.services import exchange, importer, panel
from tests.exchange.conftest import CHAIR_PASS, EXPERT_PASS, World, build_world


@pytest.fixture
def ready(world: World) -> World:
    world.join("李专家")
    world.join("王专家")
    world.score("李专家")
    return world


def refused(world: World, path: Path) -> QjscError:
    """Import ``path``; it must be refused and leave the database file unchanged."""
    before = world.db_hash()
    verdicts = world.import_(path)
    assert world.db_hash() == before
    assert [v.status for v in verdicts] == ["refused"]
    error = verdicts[0].error
    assert error is not None
    # The message names the file (or the item) and says nothing was changed, in both languages.
    assert "未做任何修改" in error.render("zh") or error.code.startswith(("score.", "sheet."))
    assert "{" not in error.render("zh") and "{" not in error.render("en")
    return error


def write(world: World, name: str, data: bytes) -> Path:
    path = world.root / name
    path.write_bytes(data)
    return path


def forged(world: World, signer: str, about: str, change: Callable[[dict[str, Any]], None] = lambda p: None) -> Path:
    """A package built from ``about``'s real sheet, changed, then signed by ``signer``'s real
    key and sealed to the real chair: only what the test changes is wrong."""
    victim, author = world.experts[about], world.experts[signer]
    payload, _ = exchange.build_payload(victim.ctx, victim.local_acc)
    change(payload)
    info = keys.find_key(author.home)
    found = joined(author.home, world.acc)
    assert found is not None
    inv = found.invitation.body
    data = package.seal_and_sign(
        payload,
        keys.unlock(info, EXPERT_PASS),
        inv["expert"]["certificate"],
        crypto.b64d(inv["panel"]["enc_public"]),
    )
    return write(world, f"forged-{signer}-{about}.qjsc", data)


def test_flipped_byte_in_ciphertext(ready: World) -> None:
    raw = bytearray(ready.export("李专家").read_bytes())
    at = raw.index(b'"ct":"') + 20
    raw[at] = ord("A") if raw[at] != ord("A") else ord("B")
    assert refused(ready, write(ready, "flip.qjsc", bytes(raw))).code == "exchange.bad_signature"


def test_flipped_byte_in_header(ready: World) -> None:
    raw = ready.export("李专家").read_bytes().replace(b'"version":1', b'"version":2')
    assert refused(ready, write(ready, "v.qjsc", raw)).code == "exchange.bad_signature"


def test_truncated(ready: World) -> None:
    raw = ready.export("李专家").read_bytes()
    assert refused(ready, write(ready, "cut.qjsc", raw[: len(raw) // 2])).code == "exchange.not_package"


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01garbage\xff", b"%PDF-1.7\n%...", b'{"kind":"something-else"}', b"[]", b"1e999999"]
)
def test_not_a_package(ready: World, content: bytes) -> None:
    assert refused(ready, write(ready, "x.qjsc", content)).code == "exchange.not_package"


def test_an_invitation_is_not_a_package(ready: World) -> None:
    error = refused(ready, ready.root / "李专家.invite")
    assert error.code in ("exchange.not_package", "exchange.corrupt")


def test_missing_file(ready: World) -> None:
    error = refused(ready, ready.root / "nowhere.qjsc")
    assert error.code == "exchange.unreadable"


def test_sheet_for_another_panel(ready: World, tmp_path: Path) -> None:
    other = build_world(tmp_path / "other", ("李专家",), credit="91440300MA5OTHER9X")
    try:
        other.join("李专家")
        other.score("李专家")
        pkg = other.export("李专家")
    finally:
        other.close_all()
    error = refused(ready, pkg)
    assert error.code == "exchange.other_panel" and other.acc in error.render("en")


def test_sheet_on_another_form_version(ready: World) -> None:
    def other_form(p: dict[str, Any]) -> None:
        p["form"] = {"id": "sz-qjsc-acceptance", "version": "2024.9", "hash": "ab" * 32}

    error = refused(ready, forged(ready, "李专家", "李专家", other_form))
    assert error.code == "exchange.other_form"
    assert "2024.9" in error.render("zh")


def test_expert_signing_for_another_member(ready: World) -> None:
    # 王专家 is enrolled, but signs (as himself) a sheet for 李专家's seat on the panel.
    wang = ready.experts["王专家"]

    def as_wang(p: dict[str, Any]) -> None:
        p["signer"], p["expert"] = keys.find_key(wang.home).fingerprint, "王专家"

    error = refused(ready, forged(ready, "王专家", "李专家", as_wang))
    assert error.code == "exchange.not_enrolled_key"
    # Keeping 李专家's fingerprint in the header instead breaks the signature check.
    assert refused(ready, forged(ready, "王专家", "李专家")).code == "exchange.bad_signature"


def test_unenrolled_key(ready: World) -> None:
    # 李专家's laptop gets a new key the chair never enrolled; the old certificate is reused.
    li = ready.experts["李专家"]
    for f in (li.home / "keys").glob("*.json"):
        f.unlink()
    keys.init_key(li.home, "李专家", EXPERT_PASS)
    with pytest.raises(QjscError) as caught:
        exchange.export_sheet(li.ctx, li.local_acc, EXPERT_PASS, ready.root)
    assert caught.value.code in ("exchange.key_not_found", "exchange.invitation_other_key")

    def as_new_key(p: dict[str, Any]) -> None:
        p["signer"] = keys.find_key(li.home).fingerprint

    error = refused(ready, forged(ready, "李专家", "李专家", as_new_key))
    # The certificate in the file is for the old key: the signature cannot be the new key's.
    assert error.code in ("exchange.bad_signature", "exchange.not_enrolled_key")


def test_certificate_from_another_panel(ready: World, tmp_path: Path) -> None:
    other = build_world(tmp_path / "other", ("李专家",), credit="91440300MA5OTHER9X")
    try:
        other.join("李专家")
        other.score("李专家")
        pkg = other.export("李专家")
    finally:
        other.close_all()
    # Re-label the foreign package as ours: the certificate is not from our CA.
    raw = pkg.read_bytes().replace(other.acc.encode(), ready.acc.encode())
    error = refused(ready, write(ready, "relabelled.qjsc", raw))
    assert error.code == "exchange.not_panel_certificate"


def test_recused_expert(ready: World) -> None:
    pkg = ready.export("李专家")
    panel.recuse(ready.chair_ctx, ready.experts["李专家"].member_id, "发现曾为咨询机构提供服务")
    error = refused(ready, pkg)
    assert error.code == "exchange.recused" and "咨询机构" in error.render("zh")


def test_package_that_declares_recusal(ready: World) -> None:
    def recused(p: dict[str, Any]) -> None:
        p["recused"], p["recusal_reason"] = True, "亲属在该企业任职"

    assert refused(ready, forged(ready, "李专家", "李专家", recused)).code == "exchange.recused"


def test_package_without_declaration(ready: World) -> None:
    def undeclared(p: dict[str, Any]) -> None:
        p["declaration"] = {"declared_at": None, "conflicts": [], "note": "", "confidentiality": False}

    assert refused(ready, forged(ready, "李专家", "李专家", undeclared)).code == "exchange.not_declared"


def test_older_or_replayed_version(ready: World) -> None:
    v1 = ready.export("李专家")
    kept = write(ready, "v1.qjsc", v1.read_bytes())
    ready.score("李专家", "0.6", correct="更正")
    v2 = ready.export("李专家")
    assert [v.status for v in ready.import_(kept, v2)] == ["imported", "superseded"]

    def new_uuid_v1(p: dict[str, Any]) -> None:  # a fresh sheet claiming to be version 1
        p["sheet"], p["version"], p["supersedes"] = "0" * 8 + "-0000-4000-8000-" + "0" * 12, 1, None

    error = refused(ready, forged(ready, "李专家", "李专家", new_uuid_v1))
    assert error.code == "exchange.stale_version"
    assert refused(ready, kept).code == "exchange.superseded_version"


def test_version_chain_gap(ready: World) -> None:
    ready.export("李专家")  # version 1 never reaches the chair
    ready.score("李专家", "0.6", correct="更正")
    v2 = ready.export("李专家")
    error = refused(ready, v2)
    assert error.code == "exchange.chain_broken" and "2" in error.render("en")


@pytest.mark.parametrize("bad", [{"1.1": "99"}, {"1.1": "1.3"}, {"1.1": "abc"}, {"9.9": "1"}])
def test_bad_scores_inside_a_signed_package(ready: World, bad: dict[str, str]) -> None:
    def change(p: dict[str, Any]) -> None:
        p["scores"].update(bad)

    error = refused(ready, forged(ready, "李专家", "李专家", change))
    assert error.code.startswith("score.")


def test_missing_item(ready: World) -> None:
    def drop(p: dict[str, Any]) -> None:
        del p["scores"]["3.4"]

    error = refused(ready, forged(ready, "李专家", "李专家", drop))
    assert error.code == "sheet.incomplete" and "3.4" in error.render("zh")


def test_wrong_chair_passphrase_is_refused_before_anything(ready: World) -> None:
    pkg = ready.export("李专家")
    before = ready.db_hash()
    with pytest.raises(QjscError) as caught:
        importer.import_packages(ready.chair_ctx, [pkg], "not-the-passphrase")
    assert caught.value.code == "exchange.bad_passphrase"
    assert ready.db_hash() == before
    assert CHAIR_PASS != "not-the-passphrase"


def test_expert_laptop_cannot_import(ready: World) -> None:
    li = ready.experts["李专家"]
    pkg = ready.export("李专家")
    verdicts = importer.import_packages(li.ctx, [pkg], EXPERT_PASS)
    assert verdicts[0].status == "refused"
    assert verdicts[0].error is not None and verdicts[0].error.code == "exchange.no_panel_key"
