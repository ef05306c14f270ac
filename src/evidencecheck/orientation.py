"""Which way up a document photo is, read from its text lines.

Text lines run across an upright page: when most detected lines stand taller than wide, the page
is turned by a quarter; then RapidOCR's line-direction model (trained on real print) votes, line
by line and weighted by length, whether the lines are upside down. Needs the RapidOCR engine;
without it the turn is not judged.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from . import thresholds as T
from .ocr.rapid import RapidEngine


@dataclass(frozen=True)
class Turn:
    k: int  # the content is np.rot90(upright, k)
    flip_vote: float  # -1 (all lines upright) .. 1 (all upside down), on the frame finally chosen
    lines: int  # text lines the decision rests on


def _strips(bgr: np.ndarray, quads: list[np.ndarray]) -> list[tuple[np.ndarray, float, float]]:
    out = []
    for q in quads:
        w = float(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))
        h = float(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
        if w < 4 or h < 4:
            continue
        M = cv2.getPerspectiveTransform(q, np.float32([[0, 0], [w, 0], [w, h], [0, h]]))
        out.append((cv2.warpPerspective(bgr, M, (int(w), int(h))), w, h))
    return out


def _read_frame(bgr: np.ndarray, engine: RapidEngine) -> tuple[float, float, int]:
    """(flip vote over the wide lines, share of tall lines, number of lines) of one frame."""
    strips = _strips(bgr, engine.detect_lines(bgr))
    if not strips:
        return 0.0, 0.0, 0
    tall = sum(h > 1.5 * w for _, w, h in strips) / len(strips)
    wide = [(img, w) for img, w, h in strips if w >= h]
    if not wide:
        return 0.0, tall, len(strips)
    votes = engine.upside_down([img for img, _ in wide])
    total = sum(w for _, w in wide)
    flip = sum((1 if down else -1) * score * w for (_, w), (down, score) in zip(wide, votes)) / total
    return flip, tall, len(strips)


def find_turn(bgr: np.ndarray, engine: RapidEngine) -> Turn | None:
    """The quarter turn of a document photo (BGR at a working size), or None when it has too few
    text lines to tell."""
    flip, tall, n = _read_frame(bgr, engine)
    if n < T.ORIENT_MIN_LINES:
        return None
    if tall > T.ORIENT_TALL_SHARE:
        turned = np.ascontiguousarray(np.rot90(bgr, -1))  # a clockwise quarter turn
        flip2, tall2, n2 = _read_frame(turned, engine)
        if n2 >= T.ORIENT_MIN_LINES and tall2 < T.ORIENT_TALL_AFTER_TURN:
            return Turn(1 if flip2 <= T.ORIENT_FLIP_VOTE else 3, flip2, n2)
        return Turn(0, flip, n)  # round seals and other curved text: not a turned page
    return Turn(2 if flip > T.ORIENT_FLIP_VOTE else 0, flip, n)
