"""Boxes through quarter turns (shared by the generator's truth and the report's coordinates), and
how much two boxes overlap."""

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


def iou(a: Box, b: Box) -> float:
    """Intersection over union of boxes ``a`` and ``b`` (x, y, w, h), 0..1."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    return inter / max(1e-9, aw * ah + bw * bh - inter)
