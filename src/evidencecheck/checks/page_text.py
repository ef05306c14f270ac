"""The page read: every line of text on the upright page, with its box and score, read once per
image and shared by every later check (the kind of evidence, its fields, the carrier it names,
tracking digits, a display's number)."""

from __future__ import annotations

from .. import thresholds as T
from ..stage import Analysis, Stage


def read_page(a: Analysis) -> None:
    """The page read of ``a``'s image (``a.page``: the pixels it was read on; ``a.lines``)."""
    a.page, a.lines = a.ctx.page_lines(a.engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)


STAGE = Stage("page_text", read_page, needs="ocr")
