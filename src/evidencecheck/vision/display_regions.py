"""Where a photo shows a digital display, learned: ``models/display_regions.onnx``.

A small fully convolutional network (:data:`LAYERS`) marks every :data:`CELL` x CELL cell of the
display finder's copy (``T.DISPLAY_LONG_SIDE`` long) with how sure it is that the cell lies inside
a display (a scale's or any device's: 0..1). Unlike the finder's rows it needs no digit shapes, so
it sees displays too small, dim or slanted for them, and it was trained to leave print alone.
Run by OpenCV's dnn module (no extra dependency); trained by ``evidencecheck train display-regions``
(``evidencecheck.train.display_regions``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from .. import thresholds as T
from ..learned.shipped import model_path
from .displays import Display, find_displays, one_per_place, row_moved

MODEL_NAME = "display_regions.onnx"
CELL = 8
"""Pixels of the finder's copy per output cell (three 2 x 2 poolings)."""
LAYERS = ((8, 1, True), (16, 1, True), (24, 1, True), (32, 2, False), (32, 4, False), (32, 8, False))
"""The 3 x 3 convolutions, each (channels out, dilation, 2 x 2 max-pooling after it), then a 1 x 1
convolution to one logit per cell: a view of about 118 px of the copy per cell."""
MEAN = 127.5
"""Inputs are (BGR - MEAN) / 255."""


@dataclass(frozen=True)
class DisplayRegion:
    box: tuple[int, int, int, int]  # x, y, w, h in the pixels of the copy the heat was made on
    score: float  # the highest cell's certainty, 0..1
    cells: int  # how many cells are at least the threshold


class DisplayRegionModel:
    """The network, loaded once; :meth:`heat` is safe to call from several threads."""

    def __init__(self, path: Path):
        self.net = cv2.dnn.readNetFromONNX(str(path))
        self._lock = threading.Lock()

    def heat(self, bgr: np.ndarray) -> np.ndarray:
        """(h // CELL, w // CELL) float32 in 0..1: how sure the model is that each cell is display."""
        blob = cv2.dnn.blobFromImage(bgr, 1.0 / 255, mean=(MEAN, MEAN, MEAN))
        with self._lock:
            self.net.setInput(blob)
            logits = self.net.forward()[0, 0]
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)


@lru_cache(maxsize=2)
def _model(path: str) -> DisplayRegionModel | None:
    return DisplayRegionModel(Path(path)) if Path(path).is_file() else None


def shipped_model() -> DisplayRegionModel | None:
    """The shipped model, loaded on first use (None when the file is missing: no regions)."""
    return _model(str(model_path(MODEL_NAME)))


def display_regions(heat: np.ndarray, threshold: float) -> list[DisplayRegion]:
    """Connected groups of cells whose certainty is at least ``threshold`` (0..1), best first,
    as boxes in the copy's pixels."""
    on = (heat >= threshold).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(on, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        out.append(DisplayRegion((x * CELL, y * CELL, w * CELL, h * CELL), float(heat[labels == i].max()), area))
    return sorted(out, key=lambda r: -r.score)


def find_region_displays(original: np.ndarray, to_copy: float, regions: list[DisplayRegion],
                         digit_px: float, panel_share: float, max_zoom: float) -> list[Display]:
    """Rows of seven-segment digits in each of ``regions`` (boxes in the pixels of a copy
    ``to_copy`` times the size of ``original``), looked for as the finder looks at a whole photo:
    a square window round the region, cut from ``original`` and brought to the finder's size
    (T.DISPLAY_LONG_SIDE) so that digits ``panel_share`` of the region's short side tall stand
    ``digit_px`` px there, at most ``max_zoom`` times the copy's size; regions the copy shows at
    least half that size are skipped (the finder saw them as they are). Best first, one row per
    place; boxes and digit heights in the copy's pixels."""
    H, W = original.shape[:2]
    found: list[Display] = []
    for r in regions:
        x, y, w, h = r.box
        zoom = min(max_zoom, digit_px / max(1.0, panel_share * min(w, h)))
        if zoom < 2.0:
            continue
        side = T.DISPLAY_LONG_SIDE / zoom  # the window's side, copy px
        cx, cy = x + w / 2, y + h / 2
        ox0 = int(np.clip((cx - side / 2) / to_copy, 0, max(0, W - side / to_copy)))
        oy0 = int(np.clip((cy - side / 2) / to_copy, 0, max(0, H - side / to_copy)))
        o_side = int(round(side / to_copy))
        cut = original[oy0:oy0 + o_side, ox0:ox0 + o_side]
        f = T.DISPLAY_LONG_SIDE / max(cut.shape[:2])  # window px per original px
        size = (max(1, round(cut.shape[1] * f)), max(1, round(cut.shape[0] * f)))
        cut = cv2.resize(cut, size, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
        # Into the copy's pixels: the window's corner there, and copy px per window px.
        found += [row_moved(d, ox0 * to_copy, oy0 * to_copy, to_copy / f, whole_px=True) for d in find_displays(cut)]
    return one_per_place(found)
