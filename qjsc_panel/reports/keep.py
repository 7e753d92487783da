"""Keeping parts of the opinion together without dragging whole sections to the next page.

reportlab offers ``keepWithNext`` and ``KeepTogether``, both all-or-nothing: a heading kept
with a paragraph of 4 lines moves to the next page with all 4 when only 3 fit, leaving the
foot of the page empty.  :class:`Block` keeps a heading (or a table's caption) with the
*beginning* of what follows — 2 lines of a paragraph, the head and 2 rows of a table — and,
when given a tail (the attachment list and the signature), the *end* of the paragraph with
that tail: GB/T 9704 does not let the signature stand on a page without text.
"""

from __future__ import annotations

from typing import Any

MIN_LINES = 2  # lines of a paragraph that go with its heading, or with the tail
MIN_ROWS = 2  # rows of a table that go with its caption and head


def _split_paragraph(body: Any, canv: Any, aW: float, room: float, keep_last: int) -> tuple[Any, Any] | None:
    """At least MIN_LINES lines of ``body`` in ``room``, and ``keep_last`` lines left over."""
    n = len(body.blPara.lines)
    leading = float(body.style.leading)
    here = min(int(room // leading), n - keep_last)
    if here < MIN_LINES or here >= n:
        return None
    parts = body.splitOn(canv, aW, here * leading + 0.01)
    if len(parts) != 2 or len(parts[0].blPara.lines) < MIN_LINES:
        return None
    return parts[0], parts[1]


def _split_table(body: Any, canv: Any, aW: float, room: float) -> tuple[Any, Any] | None:
    """The head and at least MIN_ROWS rows of ``body`` in ``room``."""
    heights = body._rowHeights
    if len(heights) <= 1 + MIN_ROWS or sum(heights[: 1 + MIN_ROWS]) > room:
        return None
    parts = body.splitOn(canv, aW, room)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _block_class() -> type:
    from reportlab.platypus import KeepTogether, Paragraph, Table
    from reportlab.platypus.flowables import _listWrapOn

    class Block(KeepTogether):  # type: ignore[misc]
        """``lead`` kept with the beginning of ``body``; ``tail`` with its end."""

        def __init__(self, lead: list[Any], body: Any, tail: list[Any]) -> None:
            super().__init__([*lead, body, *tail])
            self._lead, self._body, self._tail = lead, body, tail

        def split(self, aW: float, aH: float) -> list[Any]:
            if getattr(self, "_wrapInfo", None) != (aW, aH):
                self.wrap(aW, aH)
            content = [*self._lead, self._body, *self._tail]
            if aH >= self._H:
                return content
            lead_h = 0.0
            if self._lead:
                lead_h = _listWrapOn(self._lead, aW, self.canv)[1]
                lead_h += max(self._lead[-1].getSpaceAfter(), self._body.getSpaceBefore())
            body, room = self._body, aH - lead_h
            body.wrapOn(self.canv, aW, 0xFFFFFF)
            parts = None
            if isinstance(body, Paragraph):
                parts = _split_paragraph(body, self.canv, aW, room, MIN_LINES if self._tail else 0)
            elif isinstance(body, Table) and not self._tail:
                parts = _split_table(body, self.canv, aW, room)
            if parts is None:
                frame = getattr(self, "_frame", None)
                # At the top of a frame nothing better is possible: let the parts flow.
                return content if frame is not None and getattr(frame, "_atTop", False) else []
            first, rest = parts
            return [*self._lead, first, KeepTogether([rest, *self._tail]) if self._tail else rest]

    return Block


_BLOCK: type | None = None


def block(lead: list[Any], body: Any, tail: list[Any] | None = None) -> Any:
    """``lead`` (a heading, a caption) with at least the beginning of ``body`` (a paragraph or a
    table); with ``tail``, the last lines of the paragraph stay with it."""
    global _BLOCK
    if _BLOCK is None:
        _BLOCK = _block_class()
    return _BLOCK(lead, body, tail or [])
