"""The per-image analysis context: what several checks need, computed once and cached.

Checks ask the context for pixels at the resolution they work at; nothing decodes, resizes or
converts the same pixels twice. Coordinates at a working resolution map back to original pixels
with :meth:`Scaled.to_original`.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .intake import DecodedImage


@dataclass(frozen=True)
class Scaled:
    """Pixels at a working resolution. ``scale`` = working pixels per original pixel (<= 1)."""

    pixels: np.ndarray
    scale: float

    def to_original(self, box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        """A working-resolution ``(x, y, w, h)`` box in original pixels."""
        x, y, w, h = (float(v) / self.scale for v in box)
        return int(round(x)), int(round(y)), max(1, int(round(w))), max(1, int(round(h)))


class AnalysisContext:
    """Lazy, cached views of one decoded image."""

    def __init__(self, image: DecodedImage):
        self.image = image
        self._bgr: dict[int, Scaled] = {}
        self._gray: dict[int, Scaled] = {}

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def bgr(self, long_side: int) -> Scaled:
        """BGR pixels whose long side is at most ``long_side`` (never upscaled)."""
        if long_side not in self._bgr:
            self._bgr[long_side] = _downscale(self.image.pixels, long_side)
        return self._bgr[long_side]

    def gray(self, long_side: int) -> Scaled:
        """Luma (0..255, uint8) at the same resolution as :meth:`bgr`."""
        if long_side not in self._gray:
            s = self.bgr(long_side)
            self._gray[long_side] = Scaled(cv2.cvtColor(s.pixels, cv2.COLOR_BGR2GRAY), s.scale)
        return self._gray[long_side]


def _downscale(pixels: np.ndarray, long_side: int) -> Scaled:
    h, w = pixels.shape[:2]
    scale = min(1.0, long_side / max(h, w))
    if scale >= 1.0:
        return Scaled(pixels, 1.0)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # INTER_AREA averages, which keeps thin strokes and does not alias print.
    return Scaled(cv2.resize(pixels, size, interpolation=cv2.INTER_AREA), scale)
