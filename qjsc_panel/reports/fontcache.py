"""A cache of what reportlab learns by parsing a TrueType file, so that registering a
font in a new process costs a file read and a hash instead of a parse.

reportlab's :class:`~reportlab.pdfbase.ttfonts.TTFontFile` walks the name, head, OS/2,
post, hhea, maxp, cmap, hmtx and loca tables in pure Python (about 40 ms for each of
the 3–6 MB faces a document uses).  :func:`install` wraps its ``extractInfo`` so that,
for the files :func:`allow` names, the attributes it would set are read back from a
``marshal`` file instead.  The file's header holds a key — the SHA-256 of the font's
bytes (as read for this very registration), reportlab's and Python's versions and the
cache format — and the SHA-256 of the payload; the payload must also have the
expected shape.  Anything else (a missing, truncated, corrupt, foreign or stale file,
an unwritable directory) means: parse the font as before and try to write a fresh
file.  So a cache can cost time, never a crash or a wrong glyph.  Subsetting at save
time still reads the font's own bytes (reportlab keeps them), not the cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

FORMAT = 1
MAGIC = b"QJSC-TTF-CACHE\n"
SUFFIX = ".ttfcache"
# Attributes the payload must carry, with their types (the rest is checked by marshal's own
# types: reportlab sets only numbers, strings, bytes, lists, tuples and dicts).
REQUIRED: dict[str, type | tuple[type, ...]] = {
    "name": bytes,
    "unitsPerEm": int,
    "numGlyphs": int,
    "charToGlyph": dict,
    "glyphToChar": dict,
    "charWidths": dict,
    "hmetrics": list,
    "glyphPos": list,
    "bbox": list,
    "defaultWidth": (int, float),
}
_NOT_STORED = frozenset({"_pos", "_pdfScale", "_ttf_data"})

_lock = threading.Lock()
_allowed: dict[str, Path] = {}  # font file name as reportlab sees it -> cache directory
_installed = False
stats = {"hits": 0, "misses": 0, "writes": 0}  # what happened, for tests and the benchmark


def allow(font_file: Path, cache_dir: Path | None) -> None:
    """Let the face read from ``font_file`` use a cache in ``cache_dir`` (None: never)."""
    with _lock:
        if cache_dir is None:
            _allowed.pop(str(font_file), None)
        else:
            _allowed[str(font_file)] = cache_dir


def install() -> None:
    """Wrap ``TTFontFile.extractInfo`` (idempotent).  Faces of files not :func:`allow`-ed,
    collections (.ttc) and ``charInfo=0`` parses go through untouched."""
    global _installed
    with _lock:
        if _installed:
            return
        from reportlab.pdfbase.ttfonts import TTFontFile

        original = TTFontFile.extractInfo

        def extract_info(self: Any, charInfo: int = 1) -> None:
            directory = _allowed.get(getattr(self, "filename", ""))
            if directory is None or not charInfo or getattr(self, "fileKind", "TTF") != "TTF":
                original(self, charInfo)
            else:
                _extract_cached(self, directory, lambda: original(self, charInfo))

        TTFontFile.extractInfo = extract_info
        _installed = True


def _extract_cached(face: Any, directory: Path, parse: Any) -> None:
    """Set ``face``'s attributes from its cache file, else by ``parse()`` (then cache them)."""
    key = cache_key(face._ttf_data)
    path = directory / (Path(face.filename).name + SUFFIX)
    attrs = read(path, key)
    if attrs is not None:
        face.__dict__.update(attrs)
        face._pdfScale = _scale(attrs["unitsPerEm"])
        stats["hits"] += 1
        return
    stats["misses"] += 1
    before = dict(face.__dict__)
    parse()
    found = {k: v for k, v in face.__dict__.items() if k not in _NOT_STORED and (k not in before or before[k] is not v)}
    if write(path, key, found):
        stats["writes"] += 1


def cache_key(font_bytes: bytes) -> bytes:
    """What a cache file must have been made from: these bytes, this reportlab, this Python."""
    from reportlab import Version

    h = hashlib.sha256(font_bytes)
    h.update(f"|reportlab {Version}|python {sys.version_info[:2]}|marshal {marshal.version}|{FORMAT}".encode())
    return h.digest()


def _scale(units_per_em: int) -> Any:
    """The same scaling function ``extractInfo`` makes (1000 units per em: identity)."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def read(path: Path, key: bytes) -> dict[str, Any] | None:
    """The attributes cached in ``path`` for ``key``, or None if they cannot be trusted."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC)
    if len(blob) < head + 64 or blob[:head] != MAGIC or blob[head : head + 32] != key:
        return None
    payload = blob[head + 64 :]
    if hashlib.sha256(payload).digest() != blob[head + 32 : head + 64]:
        return None
    try:
        data = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return _restore(data)


def _restore(data: Any) -> dict[str, Any] | None:
    """The attributes in ``data`` (``{"attrs": {...}, "names": [...]}``) if well-formed."""
    if not isinstance(data, dict) or not isinstance(data.get("attrs"), dict) or not isinstance(data.get("names"), list):
        return None
    attrs: dict[str, Any] = data["attrs"]
    if not all(isinstance(k, str) and k not in _NOT_STORED for k in attrs):
        return None
    for name, kind in REQUIRED.items():
        if not isinstance(attrs.get(name), kind):
            return None
    if attrs["unitsPerEm"] <= 0 or len(attrs["glyphPos"]) != attrs["numGlyphs"] + 1:
        return None
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    for name in data["names"]:
        if not isinstance(attrs.get(name), bytes):
            return None
        attrs[name] = TTFNameBytes(attrs[name], "utf8")  # stored as its UTF-8 text
    return attrs


def write(path: Path, key: bytes, attrs: dict[str, Any]) -> bool:
    """Store ``attrs`` for ``key`` (atomically; False if the directory or a value refuses)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    names = [k for k, v in attrs.items() if isinstance(v, TTFNameBytes)]
    plain = {k: (bytes(v) if k in names else v) for k, v in attrs.items()}
    try:
        payload = marshal.dumps({"attrs": plain, "names": names})
    except ValueError:  # a value marshal cannot hold: a reportlab we do not know; no cache
        return False
    blob = MAGIC + key + hashlib.sha256(payload).digest() + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True
