"""Packages (issue 12, item 6): the signature covers the whole envelope, the name shown is the
certificate's, one number grammar, and a broken certificate is a clear refusal."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.exchange import crypto, keys, package
from qjsc_panel.services import importer
from tests.exchange.conftest import CHAIR_PASS, EXPERT_PASS, World
from tests.exchange.test_refusals import forged, ready, refused, write

__all__ = ["ready"]  # the fixture, shared


def test_signature_covers_kind_and_format(ready: World) -> None:
    """A signature made over the envelope without kind/format (format 1) does not pass as a
    format-2 package: the file was re-labelled, not signed as it stands."""
    genuine = ready.export("李专家")
    doc = json.loads(genuine.read_bytes())
    env = package.parse_envelope(genuine.read_bytes(), genuine.name)
    assert json.loads(env.signed_bytes) == {k: v for k, v in doc.items() if k != "signature"}
    private = keys.unlock(keys.find_key(ready.experts["李专家"].home), EXPERT_PASS)
    old_body = {"header": doc["header"], "certificate": doc["certificate"], "sealed": doc["sealed"]}
    doc["signature"] = crypto.b64e(crypto.sign(private, crypto.canonical_json(old_body)))
    assert refused(ready, write(ready, "relabelled.qjsc", crypto.canonical_json(doc))).code == "exchange.bad_signature"


def test_package_naming_another_expert_is_refused(ready: World) -> None:
    """王专家 signs his own sheet but writes 李专家's name on it: the name shown must be the
    certificate's, so the file is refused (and 王专家's genuine sheet still imports)."""
    ready.score("王专家")

    def as_li(p: dict[str, Any]) -> None:
        p["expert"] = "李专家"

    error = refused(ready, forged(ready, "王专家", "王专家", as_li))
    assert error.code == "exchange.name_not_signer"
    assert "李专家" in error.render("zh") and "王专家" in error.render("zh")
    verdict = importer.verify_package(ready.chair_ctx, forged(ready, "王专家", "王专家", as_li), None)
    assert verdict.status == "refused" and verdict.error is not None
    assert verdict.error.code == "exchange.name_not_signer"
    assert [v.status for v in ready.import_(ready.export("王专家"))] == ["imported"]


@pytest.mark.parametrize("value", ["５", "٣", "1_0", "1E+1", "２．５", " 2", "2.", "+2"])
def test_one_number_grammar_in_packages(ready: World, value: str) -> None:
    def change(p: dict[str, Any]) -> None:
        p["scores"]["1.1"] = value

    error = refused(ready, forged(ready, "李专家", "李专家", change))
    assert error.code == "score.not_a_number"


def _flip_version(cert_pem: str) -> str:
    body = "".join(cert_pem.strip().splitlines()[1:-1])
    der = bytearray(base64.b64decode(body))
    at = der.find(b"\xa0\x03\x02\x01\x02")
    assert at > 0
    der[at + 4] = 0x07  # version v8: cryptography raises InvalidVersion when it reads it
    text = base64.b64encode(bytes(der)).decode()
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    return "\n".join(["-----BEGIN CERTIFICATE-----", *lines, "-----END CERTIFICATE-----"]) + "\n"


def test_certificate_with_a_flipped_version_byte(
    ready: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """InvalidVersion used to crash sheet verify and import with a traceback."""
    from qjsc_panel.cli import main

    genuine = ready.export("李专家")
    doc = json.loads(genuine.read_bytes())
    doc["certificate"] = _flip_version(doc["certificate"])
    bad = write(ready, "flipped.qjsc", crypto.canonical_json(doc))
    assert refused(ready, bad).code == "exchange.corrupt"
    pass_file = ready.root / "pass.txt"
    pass_file.write_text(CHAIR_PASS, encoding="utf-8")
    monkeypatch.setenv("QJSC_HOME", str(ready.chair_home))
    for command in ("verify", "import"):
        capsys.readouterr()
        code = main(["--db", str(ready.chair_db.path), "sheet", command, str(bad), "--passphrase-file", str(pass_file)])
        out, err = capsys.readouterr()
        assert code == 2 and "Traceback" not in out + err
        assert "flipped.qjsc" in out and "损坏" in out


def test_batch_failing_part_way_reports_what_was_imported(ready: World) -> None:
    ready.score("王专家")
    good_li, good_wang = ready.export("李专家"), ready.export("王专家")
    doc = json.loads(good_wang.read_bytes())
    doc["certificate"] = _flip_version(doc["certificate"])
    bad = write(ready, "zz-bad.qjsc", crypto.canonical_json(doc))
    verdicts = ready.import_(good_li, bad)
    assert sorted((v.file, v.status) for v in verdicts) == sorted([(good_li.name, "imported"), (bad.name, "refused")])
    assert re.fullmatch(r"[0-9a-f]{64}", verdicts[0].sha256 or verdicts[1].sha256)


def test_verify_without_chair_key_still_checks_the_name(ready: World, tmp_path: Path) -> None:
    ready.score("王专家")

    def as_li(p: dict[str, Any]) -> None:
        p["expert"] = "李专家"

    path = forged(ready, "王专家", "王专家", as_li)
    # An expert's laptop: the CA from the invitation.
    verdict = importer.verify_package(ready.experts["李专家"].ctx, path, None)
    assert verdict.status == "refused" and verdict.error is not None
    assert verdict.error.code == "exchange.name_not_signer"


def test_sheet_uuid_belongs_to_its_member(ready: World) -> None:
    """王专家 signs his own sheet under 李专家's sheet UUID (readable on the shared stick): it
    imports into his own seat only, and 李专家's genuine package still imports; verify and
    import agree on both."""
    genuine = ready.export("李专家")
    li_uuid = json.loads(genuine.read_bytes())["header"]["sheet"]
    ready.score("王专家", "0.6")

    def steal(p: dict[str, Any]) -> None:
        p["sheet"] = li_uuid

    thief = forged(ready, "王专家", "王专家", steal)
    assert importer.verify_package(ready.chair_ctx, thief, CHAIR_PASS).status == "valid"
    assert [v.status for v in ready.import_(thief)] == ["imported"]
    assert importer.verify_package(ready.chair_ctx, genuine, CHAIR_PASS).status == "valid"
    assert [v.status for v in ready.import_(genuine)] == ["imported"]
    assert [v.status for v in ready.import_(genuine)] == ["duplicate"]
    from qjsc_panel.services.status import panel_status

    status = panel_status(ready.chair_ctx, ready.acc)
    counted = {m.name: m.counted for m in status.members if m.counted is not None}
    assert set(counted) == {"李专家", "王专家"}  # each in his own seat, with his own scores
    assert counted["李专家"].total != counted["王专家"].total


def test_an_unexpected_error_on_one_file_still_reports_the_batch(ready: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch goes on and says what was imported; the broken file is named."""
    ready.score("王专家")
    li, wang = ready.export("李专家"), ready.export("王专家")
    real = importer.check

    def flaky(ctx: Any, env: Any, keys: Any) -> Any:
        if env.header["expert"] == "王专家":
            raise RuntimeError("boom")
        return real(ctx, env, keys)

    monkeypatch.setattr(importer, "check", flaky)
    verdicts = {v.file: v for v in ready.import_(li, wang)}
    assert verdicts[li.name].status == "imported"
    broken = verdicts[wang.name]
    assert broken.status == "refused" and broken.error is not None
    assert broken.error.code == "exchange.import_failed" and wang.name in broken.error.render("zh")
