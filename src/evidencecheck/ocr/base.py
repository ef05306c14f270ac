"""The one OCR interface every check uses, whatever engine is behind it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class OcrLine:
    """One line of text. ``bbox`` is ``(x, y, w, h)`` in pixels of the image given to the engine;
    ``confidence`` is the engine's own, scaled to 0..1 (not calibrated across engines)."""

    text: str
    bbox: tuple[int, int, int, int]
    confidence: float


@dataclass(frozen=True)
class LineProbabilities:
    """A recogniser's output for one strip: ``probs`` is frames x classes (float32, rows sum to 1;
    class 0 is the CTC blank), ``index`` maps a character to its class."""

    probs: np.ndarray
    index: dict[str, int]


class OcrEngine(ABC):
    """Reads text from uint8 images (H x W grey or H x W x 3 BGR)."""

    name: str = "?"

    @abstractmethod
    def read_page(self, image: np.ndarray, det_long_side: int | None = None,
                  max_lines: int | None = None) -> list[OcrLine]:
        """Every line of text found on ``image``, top to bottom. ``det_long_side``: engines with a
        separate line detector may look for lines on a copy at most this long (px; cheaper) and
        still read them at the image's size; boxes are always in ``image``'s pixels.
        ``max_lines``: such engines may read only the tallest this many lines (the cost is per line)."""

    separate_detector: bool = False
    """Whether the engine finds lines (:meth:`detect_lines`) apart from reading them (:meth:`read_lines`)."""

    def detect_lines(self, image: np.ndarray, max_side: int | None = None) -> list[np.ndarray]:
        """Text-line quadrilaterals (4 x 2 float32 corners, clockwise from the top left, in
        ``image``'s pixels), for engines with a separate detector."""
        raise NotImplementedError(f"{self.name} finds and reads lines in one step")

    def read_lines(self, image: np.ndarray, quads: list[np.ndarray], max_lines: int | None = None) -> list[OcrLine]:
        """:meth:`read_page` of ``image`` with its lines already found (``quads``, from :meth:`detect_lines`)."""
        raise NotImplementedError(f"{self.name} finds and reads lines in one step")

    @abstractmethod
    def read_line(self, image: np.ndarray) -> OcrLine | None:
        """``image`` holds one line of text (a strip); its reading, or None if nothing is read."""

    def line_probabilities(self, image: np.ndarray) -> LineProbabilities | None:
        """Per-frame character probabilities of a one-line strip, for engines that expose them
        (a CTC recogniser); None otherwise."""
        return None

    def read_region(self, image: np.ndarray, box: tuple[int, int, int, int],
                    det_long_side: int | None = None, max_lines: int | None = None) -> list[OcrLine]:
        """The lines inside ``box`` = ``(x, y, w, h)`` of ``image``, in ``image``'s coordinates.
        ``det_long_side``: as for :meth:`read_page`, for the whole of ``image``; the region is
        looked at on the same scale."""
        x, y, w, h = box
        x0, y0 = max(0, int(x)), max(0, int(y))
        x1, y1 = min(image.shape[1], int(x + w)), min(image.shape[0], int(y + h))
        if x1 <= x0 or y1 <= y0:
            return []
        side = region_detector_side(det_long_side, (y1 - y0, x1 - x0), image.shape)
        return shifted(self.read_page(image[y0:y1, x0:x1], side, max_lines), x0, y0)


def shifted(lines: list[OcrLine], dx: int, dy: int) -> list[OcrLine]:
    """``lines`` read on a crop whose corner is at (``dx``, ``dy``), in the whole image's pixels."""
    return [OcrLine(l.text, (l.bbox[0] + dx, l.bbox[1] + dy, l.bbox[2], l.bbox[3]), l.confidence) for l in lines]


def region_detector_side(det_long_side: int | None, region_shape: tuple[int, ...],
                         image_shape: tuple[int, ...]) -> int | None:
    """The detector's long side (px) for a region of shape ``region_shape`` (h, w, ...) of an image
    of ``image_shape`` that the detector would see ``det_long_side`` long: the same scale."""
    if det_long_side is None:
        return None
    return max(32, round(det_long_side * max(region_shape[:2]) / max(image_shape[:2])))


def union_box(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    """The smallest ``(x, y, w, h)`` box holding all ``boxes``."""
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0
