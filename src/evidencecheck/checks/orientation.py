"""Which way up a document photo is, read from its text lines.

Text lines run across an upright page. First a cheap look: ink smeared along rows joins into long
bars on a page whose lines run across, and along columns on a page turned by a quarter; when one
way clearly wins, RapidOCR's line-direction model (trained on real print) votes on the longest bars,
weighted by length, whether they are upside down. When the cheap look is unclear (forms, sparse
pages, photos) the text detector finds the lines instead: when most stand taller than wide the page
is turned by a quarter, and the direction model votes again. Needs the RapidOCR engine; without it
the turn is not judged.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .. import thresholds as T
from ..ocr.rapid import RapidEngine
from ..stage import Analysis, Stage
from ..vision.masks import darker_than_surroundings


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


def _flip_vote(strips: list[tuple[np.ndarray, float]], engine: RapidEngine) -> float:
    """The direction model's vote over (line image, length) pairs: -1 all upright .. 1 all upside
    down, each line weighted by its length and the model's certainty."""
    votes = engine.upside_down([img for img, _ in strips])
    total = sum(w for _, w in strips)
    return sum((1 if down else -1) * score * w for (_, w), (down, score) in zip(strips, votes)) / total


def _read_frame(bgr: np.ndarray, engine: RapidEngine, det_side: int | None) -> tuple[float, float, int]:
    """(flip vote over the wide lines, share of tall lines, number of lines) of one frame."""
    strips = _strips(bgr, engine.detect_lines(bgr, det_side))
    if not strips:
        return 0.0, 0.0, 0
    tall = sum(h > 1.5 * w for _, w, h in strips) / len(strips)
    wide = [(img, w) for img, w, h in strips if w >= h]
    if not wide:
        return 0.0, tall, len(strips)
    return _flip_vote(wide, engine), tall, len(strips)


def _ink_bars(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of text lines running across ``gray``: dark ink joined along rows into
    bars at least four times longer than tall."""
    h, w = gray.shape
    ink = darker_than_surroundings(gray, 20)
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, max(9, w // 60)), np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    return [(int(x), int(y), int(bw), int(bh)) for x, y, bw, bh, area in stats[1:]
            if 6 <= bh <= h / 15 and bw >= 4 * bh and area > 0.3 * bw * bh]


def _quick_turn(bgr: np.ndarray, engine: RapidEngine) -> Turn | None:
    """The turn from ink bars, or None when they do not tell clearly."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    frames = [np.ascontiguousarray(np.rot90(gray, -q)) for q in (0, 1)]  # as it is; a clockwise quarter turn
    bars = [_ink_bars(f) for f in frames]
    length = [sum(b[2] for b in bs) for bs in bars]
    q = int(length[1] > length[0])
    if len(bars[q]) < T.ORIENT_MIN_LINES or length[q] < T.ORIENT_BAR_RATIO * length[1 - q]:
        return None
    img = bgr if q == 0 else np.ascontiguousarray(np.rot90(bgr, -1))
    longest = sorted(bars[q], key=lambda b: -b[2])[:T.ORIENT_MAX_VOTERS]
    strips = [img[max(0, y - h // 4): y + h + h // 4, x: x + w] for x, y, w, h in longest]
    flip = _flip_vote([(s, b[2]) for s, b in zip(strips, longest)], engine)
    if abs(flip) < T.ORIENT_QUICK_MARGIN:
        return None
    if q == 0:
        return Turn(2 if flip > 0 else 0, flip, len(bars[q]))
    return Turn(3 if flip > 0 else 1, flip, len(bars[q]))


def find_turn(bgr: np.ndarray, engine: RapidEngine, det_side: int | None = T.ORIENT_DET_SIDE,
              quick: bool = True) -> Turn | None:
    """The quarter turn of a document photo (BGR at a working size), or None when it has too few
    text lines to tell. ``quick``: try the ink bars first (False: the text detector alone)."""
    if quick and (turn := _quick_turn(bgr, engine)) is not None:
        return turn
    flip, tall, n = _read_frame(bgr, engine, det_side)
    if n < T.ORIENT_MIN_LINES:
        return None
    if tall > T.ORIENT_TALL_SHARE:
        turned = np.ascontiguousarray(np.rot90(bgr, -1))  # a clockwise quarter turn
        flip2, tall2, n2 = _read_frame(turned, engine, det_side)
        if n2 >= T.ORIENT_MIN_LINES and tall2 < T.ORIENT_TALL_AFTER_TURN:
            return Turn(1 if flip2 <= T.ORIENT_FLIP_VOTE else 3, flip2, n2)
        return Turn(0, flip, n)  # round seals and other curved text: not a turned page
    return Turn(2 if flip > T.ORIENT_FLIP_VOTE else 0, flip, n)


def add_turn(a: Analysis) -> None:
    """Which way up the page stands, from its text lines (not from the appearance model's own turn
    estimate, which is right on generated photos but wrong on real upright documents: 2 of 11
    real-dev images); every later check reads the content upright."""
    turn = find_turn(a.ctx.bgr(T.ORIENT_LONG_SIDE).pixels, a.engine)
    if turn is not None:
        a.ctx.set_rotation(turn.k)
        a.report.rotation = 90 * turn.k


STAGE = Stage("orient", add_turn, needs="rapid")
