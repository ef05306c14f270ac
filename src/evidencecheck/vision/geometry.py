"""Boxes through quarter turns (shared by the generator's truth and the report's coordinates), how
much two boxes overlap, and how much larger than nominal a long frame is read."""

from __future__ import annotations

Box = tuple[int, int, int, int]


def rotate_box(box: Box, k: int, width: int, height: int) -> Box:
    """Where ``box`` = (x, y, w, h) of a ``width`` x ``height`` image lands in ``np.rot90(image, k)``
    (k counter-clockwise quarter turns; negative k turns clockwise)."""
    x, y, bw, bh = box
    w, h = width, height
    for _ in range(k % 4):
        x, y, bw, bh = y, w - x - bw, bh, bw
        w, h = h, w
    return x, y, bw, bh


def touches_edge(box: Box, width: int, height: int) -> bool:
    """Whether ``box`` (x, y, w, h) reaches the edge of an image ``width`` x ``height`` px."""
    x, y, w, h = box
    return x <= 0 or y <= 0 or x + w >= width or y + h >= height


def reading_stretch(width: int, height: int) -> float:
    """How much longer than its nominal long side a picture ``width`` x ``height`` is read, 1..2:
    a frame longer than 4:3 (a phone screenshot is 19.5:9) is read at the size that gives its short
    side what a 4:3 photo's gets. Read at the nominal side, a document photo inside a screenshot
    had its print 4-5 px tall at the detector, and no line of it was found (bench seed 8101: 3 of
    6 screenshot receipts with no label read)."""
    long, short = max(width, height), max(1, min(width, height))
    return min(2.0, max(1.0, long / short / (4 / 3)))


def iou(a: Box, b: Box) -> float:
    """Intersection over union of boxes ``a`` and ``b`` (x, y, w, h), 0..1."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    return inter / max(1e-9, aw * ah + bw * bh - inter)
