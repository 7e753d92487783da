"""Property tests: mutated packages are never accepted and never crash the importer.

The importer's check runs in full (envelope, certificate, signature, enrolment, decryption,
payload, version chain) with the chair's key unlocked, so mutations reach every layer they can.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qjsc_panel.errors import QjscError
from qjsc_panel.exchange import crypto, keys, package
from qjsc_panel.exchange.invitation import joined
from qjsc_panel.services import exchange, importer
from tests.exchange.conftest import CHAIR_PASS, EXPERT_PASS, World, build_world


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, bytes]]:
    mp = pytest.MonkeyPatch()
    mp.setattr(crypto, "SCRYPT_N", 2**10)
    root = tmp_path_factory.mktemp("fuzz")
    w = build_world(root, ("李专家",))
    w.join("李专家")
    w.score("李专家", comment="现场核查")
    raw = w.export("李专家").read_bytes()
    yield w, raw
    w.close_all()
    mp.undo()


def _verdict(w: World, keys_: importer.PanelKeys, data: bytes) -> str:
    """``accepted`` if the bytes would be imported, else the refusal's code."""
    try:
        env = package.parse_envelope(data, "fuzz.qjsc")
        checked = importer.check(w.chair_ctx, env, keys_)
    except QjscError as exc:
        return exc.code
    assert checked is not None
    return "accepted"


mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 16)),
)


def _mutate(raw: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    data = bytearray(raw)
    for op, pos, arg in ops:
        at = pos % (len(data) + 1)
        if op == "flip" and data:
            data[at % len(data)] ^= arg
        elif op == "cut":
            del data[at:]
        elif op == "insert":
            data[at:at] = bytes([arg])
        elif op == "delete":
            del data[at : at + arg]
    return bytes(data)


@settings(
    max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_packages_are_refused(fuzz_world: tuple[World, bytes], ops: list[tuple[str, int, int]]) -> None:
    w, raw = fuzz_world
    data = _mutate(raw, ops)
    verdict = _verdict(w, _keys(w), data)
    if data == raw:
        assert verdict == "accepted"
    else:
        assert verdict != "accepted", ops


_KEYS: dict[Path, importer.PanelKeys] = {}


def _keys(w: World) -> importer.PanelKeys:
    """The chair's unlocked panel keys, once per world (scrypt is slow on purpose)."""
    if w.chair_home not in _KEYS:
        _KEYS[w.chair_home] = importer.PanelKeys(w.chair_home, CHAIR_PASS)
    return _KEYS[w.chair_home]


def test_the_unmutated_package_is_accepted(fuzz_world: tuple[World, bytes]) -> None:
    w, raw = fuzz_world
    assert _verdict(w, _keys(w), raw) == "accepted"


# Structure-aware: well signed by the enrolled expert, but the payload holds arbitrary JSON.
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
FIELDS = sorted(package.PAYLOAD_FIELDS)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from([*FIELDS, "scores.1.1", "comments.1.1", "declaration.conflicts"]), value=json_value)
def test_signed_junk_payloads_never_crash(fuzz_world: tuple[World, bytes], field: str, value: Any) -> None:
    w, _ = fuzz_world
    li = w.experts["李专家"]
    payload, _ = exchange.build_payload(li.ctx, li.local_acc)
    target = payload
    parts = field.split(".", 1)
    if len(parts) == 2:
        target = payload[parts[0]]
    target[parts[-1]] = value
    inv = joined(li.home, w.acc)
    assert inv is not None
    body = inv.invitation.body
    try:
        data = package.seal_and_sign(
            payload, _expert_key(li.home), body["expert"]["certificate"], crypto.b64d(body["panel"]["enc_public"])
        )
    except (KeyError, TypeError):
        return  # the header cannot even be built from it: nothing to import
    verdict = _verdict(w, _keys(w), data)
    assert verdict in ("accepted",) or "." in verdict


_KEY_CACHE: dict[Path, Any] = {}


def _expert_key(home: Path) -> Any:
    if home not in _KEY_CACHE:
        _KEY_CACHE[home] = keys.unlock(keys.find_key(home), EXPERT_PASS)
    return _KEY_CACHE[home]
