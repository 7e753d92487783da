"""The parsed-font cache: a face read back from it is the face reportlab parses, and any
cache file that cannot be trusted is ignored and rebuilt."""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qjsc_panel.reports import fontcache, fonts

ROOT = Path(__file__).resolve().parents[2]


def parsed(path: Path) -> Any:
    """The face as reportlab parses it (no cache)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    fontcache.allow(path, None)
    return TTFontFace(str(path))


@pytest.fixture
def cached(tmp_path: Path) -> Iterator[Any]:
    """``cached(path)``: the face of ``path`` read through a cache in tmp_path/cache."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    fontcache.install()
    used: list[Path] = []

    def make(path: Path, directory: Path | None = None) -> Any:
        used.append(path)
        fontcache.allow(path, directory or tmp_path / "cache")
        return TTFontFace(str(path))

    yield make
    for p in used:
        fontcache.allow(p, None)


def state(face: Any) -> dict[str, Any]:
    """A face's attributes, its scaling function by what it does."""
    out = {k: v for k, v in face.__dict__.items() if k not in ("_pdfScale", "_pos")}
    out["_pdfScale"] = face._pdfScale(1234)
    return out


def counts() -> dict[str, int]:
    return dict(fontcache.stats)


def delta(before: dict[str, int]) -> dict[str, int]:
    return {k: fontcache.stats[k] - before[k] for k in before}


@pytest.mark.parametrize("role", [fonts.TITLE, fonts.BODY, fonts.HEI, fonts.LATIN])
def test_a_face_from_the_cache_is_the_parsed_face(role: str, cached: Any, tmp_path: Path) -> None:
    path = fonts.face_path(role)
    want = state(parsed(path))
    before = counts()
    first = cached(path)  # parses and writes
    assert delta(before) == {"hits": 0, "misses": 1, "writes": 1}
    second = cached(path)  # reads back
    assert delta(before) == {"hits": 1, "misses": 1, "writes": 1}
    assert state(first) == want
    assert state(second) == want
    assert type(second.name) is type(parsed(path).name)  # TTFNameBytes, with its text
    assert second.name.ustr == parsed(path).name.ustr
    # The embedded subset is made from the font's own bytes: the same whichever way it was read.
    subset = [0, *sorted(second.charToGlyph)[:40]]
    assert second.makeSubset(subset) == parsed(path).makeSubset(subset)


def cache_file(tmp_path: Path, role: str) -> Path:
    return tmp_path / "cache" / (fonts.FILES[role] + fontcache.SUFFIX)


def corruptions(blob: bytes, key: bytes) -> dict[str, bytes]:
    head = len(fontcache.MAGIC)
    payload = blob[head + 64 :]
    flipped = bytearray(blob)
    flipped[-100] ^= 0x40

    def sealed(p: bytes) -> bytes:  # a payload with a correct key and digest
        import hashlib

        return fontcache.MAGIC + key + hashlib.sha256(p).digest() + p

    data = marshal.loads(payload)
    missing = dict(data, attrs={k: v for k, v in data["attrs"].items() if k != "charWidths"})
    short = dict(data, attrs=dict(data["attrs"], glyphPos=data["attrs"]["glyphPos"][:-1]))
    wrong_type = dict(data, attrs=dict(data["attrs"], charToGlyph=[1, 2]))
    return {
        "empty": b"",
        "truncated": blob[: len(blob) // 2],
        "bit flipped in the payload": bytes(flipped),
        "other magic": b"X" + blob[1:],
        "stale key": blob[:head] + bytes(32) + blob[head + 32 :],
        "not marshal": sealed(b"\xff\x00garbage"),
        "not a dict": sealed(marshal.dumps([1, 2, 3])),
        "a table missing": sealed(marshal.dumps(missing)),
        "a table cut short": sealed(marshal.dumps(short)),
        "a table of the wrong type": sealed(marshal.dumps(wrong_type)),
    }


def test_a_cache_file_that_cannot_be_trusted_is_ignored_and_rebuilt(cached: Any, tmp_path: Path) -> None:
    path = fonts.face_path(fonts.HEI)
    want = state(parsed(path))
    cached(path)
    file = cache_file(tmp_path, fonts.HEI)
    good = file.read_bytes()
    key = fontcache.cache_key(path.read_bytes())
    for what, blob in corruptions(good, key).items():
        file.write_bytes(blob)
        before = counts()
        face = cached(path)
        assert state(face) == want, what
        assert delta(before) == {"hits": 0, "misses": 1, "writes": 1}, what
        assert file.read_bytes() == good, what  # rebuilt
        before = counts()
        cached(path)
        assert delta(before)["hits"] == 1, what


def test_a_cache_for_another_font_file_is_not_taken(cached: Any, tmp_path: Path) -> None:
    """Same file name, other bytes (a font updated in place): the key differs."""
    hei, latin = fonts.face_path(fonts.HEI), fonts.face_path(fonts.LATIN)
    cached(latin)
    cache_file(tmp_path, fonts.LATIN).rename(cache_file(tmp_path, fonts.HEI))
    before = counts()
    assert state(cached(hei)) == state(parsed(hei))
    assert delta(before)["misses"] == 1


def test_no_writable_cache_directory_means_no_cache_and_no_error(cached: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the directory should be")
    path = fonts.face_path(fonts.LATIN)
    before = counts()
    face = cached(path, blocker / "fonts")
    assert state(face) == state(parsed(path))
    assert delta(before) == {"hits": 0, "misses": 1, "writes": 0}


def test_faces_not_allowed_are_parsed_as_reportlab_does(tmp_path: Path) -> None:
    fontcache.install()
    before = counts()
    parsed(fonts.face_path(fonts.LATIN))
    assert delta(before) == {"hits": 0, "misses": 0, "writes": 0}
    assert not (tmp_path / "cache").exists()


SCRIPT = """
import json, sys
from pathlib import Path
from qjsc_panel.reports import fontcache, fonts
fonts.use_cache(Path(sys.argv[1]))
fonts.register_reportlab()
print(json.dumps(fontcache.stats))
"""


def test_registration_in_a_new_process_reads_the_cache(tmp_path: Path) -> None:
    """What ``qjsc-panel pdf`` does: the first process writes the cache, the next reads it."""

    def register() -> dict[str, int]:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(tmp_path / "fonts")],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
        result: dict[str, int] = json.loads(done.stdout)
        return result

    assert register() == {"hits": 0, "misses": 4, "writes": 4}
    assert sorted(p.name for p in (tmp_path / "fonts").iterdir()) == sorted(
        fonts.FILES[r] + fontcache.SUFFIX for r in (fonts.TITLE, fonts.BODY, fonts.HEI, fonts.LATIN)
    )
    assert register() == {"hits": 4, "misses": 0, "writes": 0}
