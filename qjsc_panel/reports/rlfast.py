"""reportlab made cheaper without changing what it draws.

**Import.** ``reportlab.platypus.paragraph`` compiles, at import, a case-insensitive URL
pattern over the whole Basic Multilingual Plane (``uri_pat``, about 50 ms: it only serves
hyphenating Latin text at URLs), and ``reportlab.lib.textsplit`` a CJK pattern for
``cjkwrap`` (about 7 ms); Chinese paragraphs take neither path.  :func:`prepare` puts a
stand-in for each into the ``re`` module's cache under the exact pattern and flags
reportlab asks for, so the import takes the stand-in, which compiles the real pattern the
first time anything uses it.  Should reportlab change either pattern, or ``re`` its cache,
the stand-in is simply not found and reportlab compiles as before.

It also imports reportlab's TrueType module without uharfbuzz when no other thread could
be importing it (:func:`_ttfonts_without_shaping`).

**Line breaking.** A paragraph is wrapped about three times at the same width (a table
measures its cells, then wraps them again to draw; keep-together groups and frames try
before they place), and each wrap breaks its lines anew — a third of a warm render.
:func:`memoise_line_breaks` makes a paragraph keep the lines of its last break and return
them when asked again for the same widths, fragments, style and bullet.

Either can cost time if it misses, never behaviour.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

# reportlab/platypus/paragraph.py ``uri_pat`` (flags re.I), character for character.
URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1"
    "]?\\d?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a"
    "-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63"
    "}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localh"
    "ost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
)
CJK_PATTERN = "([\u2e80-\uffff])"  # reportlab/lib/textsplit.py ``rx`` (flags re.UNICODE)
LAZY = ((URI_PATTERN, re.IGNORECASE), (CJK_PATTERN, re.UNICODE))
_FIRST_USERS = ("reportlab.platypus.paragraph", "reportlab.lib.textsplit")

_lock = threading.Lock()


class LazyPattern:
    """Answers like the compiled pattern, compiling it on first use."""

    def __init__(self, pattern: str, flags: re.RegexFlag) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            with _lock:
                if self._compiled is None:
                    cache = getattr(re, "_cache", None)
                    key = _key(self._pattern, self._flags)
                    if isinstance(cache, dict) and cache.get(key) is self:
                        del cache[key]
                    self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._pattern[:20]!r}…)"


def _key(pattern: str, flags: re.RegexFlag) -> tuple[type, str, int]:
    return (str, pattern, flags.value)


def prepare() -> None:
    """Before reportlab's first import (else: nothing): seed ``re``'s cache, and import its
    TrueType module without uharfbuzz (:func:`_ttfonts_without_shaping`)."""
    if any(m in sys.modules for m in _FIRST_USERS):
        return
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        for pattern, flags in LAZY:
            cache.setdefault(_key(pattern, flags), LazyPattern(pattern, flags))
    _ttfonts_without_shaping()


def _ttfonts_without_shaping() -> None:
    """``reportlab.pdfbase.ttfonts`` imports uharfbuzz (10–20 ms) if it can, for text shaping,
    which only paragraph styles with ``shaping=1`` use — none of ours (Chinese needs none).
    In a process with one thread and no Qt (the command line), it is imported with uharfbuzz
    hidden, then uharfbuzz is unhidden: pyHanko's signature stamps import it normally later.
    In the app (Qt's pool threads need not show in ``threading``) or with other threads, one
    of them might be importing uharfbuzz at that moment, so reportlab imports as it does."""
    if "reportlab.pdfbase.ttfonts" in sys.modules or "uharfbuzz" in sys.modules or not _alone():
        return
    sys.modules["uharfbuzz"] = None  # type: ignore[assignment]  # "import uharfbuzz" raises ImportError
    try:
        import reportlab.pdfbase.ttfonts  # noqa: F401
    finally:
        if "uharfbuzz" in sys.modules and sys.modules["uharfbuzz"] is None:
            del sys.modules["uharfbuzz"]


def _alone() -> bool:
    """No other thread runs Python, and none can start from Qt."""
    return "PySide6" not in sys.modules and threading.active_count() == 1 and len(sys._current_frames()) == 1


def configure() -> None:
    """reportlab's settings for our documents (idempotent; process-wide): line breaks from
    memory (:func:`memoise_line_breaks`), and compressed streams left binary: reportlab
    would also ASCII85-encode each page (in pure Python: ~16 ms a document, and 25 % more
    bytes); every PDF reader, and PDF/A, takes binary streams."""
    from reportlab import rl_config

    rl_config.useA85 = 0
    memoise_line_breaks()


def memoise_line_breaks() -> None:
    """``Paragraph.breakLinesCJK`` answers a repeated question from memory (idempotent).

    The answer depends on the widths, the paragraph's fragments, its style and bullet, and
    process-wide settings that do not change once the fonts are set up (:mod:`fonts`).
    Paragraphs with a bullet (reportlab narrows the first width in place) or split off
    another (reportlab already reuses their lines) are left to reportlab."""
    from reportlab.platypus.paragraph import Paragraph

    original = Paragraph.breakLinesCJK
    if getattr(original, "_qjsc_memo", False):
        return

    def break_lines_cjk(self: Any, maxWidths: Any) -> Any:
        if self.bulletText or getattr(self, "_splitpara", 0):
            return original(self, maxWidths)
        widths = tuple(maxWidths) if isinstance(maxWidths, list | tuple) else (maxWidths,)
        leading = getattr(self, "autoLeading", None)
        memo = self.__dict__.get("_qjsc_lines")
        same = memo is not None and memo[0] == widths and memo[3] == leading
        if same and memo[1] is self.frags and memo[2] is self.style:
            self.height = 0  # as reportlab's own does before breaking
            return memo[4]
        lines = original(self, maxWidths)
        self._qjsc_lines = (widths, self.frags, self.style, leading, lines)
        return lines

    break_lines_cjk._qjsc_memo = True  # type: ignore[attr-defined]
    Paragraph.breakLinesCJK = break_lines_cjk
