"""Which way up a document photo is, read from its text lines.

Text lines run across an upright page. First a cheap look: ink smeared along rows joins into long
bars on a page whose lines run across, and along columns on a page turned by a quarter; when one
way clearly wins, RapidOCR's line-direction model (trained on real print) votes on the longest bars,
weighted by length, whether they are upside down. When the cheap look is unclear (forms, sparse
pages, photos) the text lines are the ones the page read finds (found once: the page read then
reads them when the page stands as taken): when most stand taller than wide the page is turned by
a quarter; whether they are upside down is then the recogniser's vote, each line read as it stands
and turned half round. Needs the RapidOCR engine; without it the turn is not judged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from .. import thresholds as T
from ..ocr.rapid import RapidEngine
from ..stage import Analysis, Stage
from ..vision.context import AnalysisContext
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


def _reading_vote(strips: list[tuple[np.ndarray, float]], engine: RapidEngine) -> float:
    """How much better the recogniser reads the longest :data:`~evidencecheck.thresholds.ORIENT_MAX_VOTERS`
    lines turned half round than as they stand, weighted by length: -1 (upright) .. 1 (upside down).

    Print read upside down is nonsense to the recogniser; to the direction model, short lines on a
    scale's body (TARE, UNIT, 0-10kg) are a coin toss. Measured on the page read's lines where the
    ink bars do not tell (the photos of bench seed 967195583 upright or upside down, 96, and 15 real
    upright photos of real-dev and the tune split; /tmp scratch script, not the bench): this vote
    wrong on none (nearest 0: 0.012 generated, 0.087 real); the direction model's wrong on 6
    generated and 2 real, among them a real hanging scale then read upside down."""
    voters = sorted(strips, key=lambda s: -s[1])[:T.ORIENT_MAX_VOTERS]
    gains = engine.reads_better_turned([img for img, _ in voters])
    return sum(g * w for (_, w), g in zip(voters, gains)) / sum(w for _, w in voters)


def _read_frame(image: np.ndarray, quads: list[np.ndarray], engine: RapidEngine) -> tuple[float, float, int]:
    """(flip vote over the wide lines, share of tall lines, number of lines) of one frame, ``image``
    (BGR), its text lines found at ``quads``."""
    strips = _strips(image, quads)
    if not strips:
        return 0.0, 0.0, 0
    tall = sum(h > 1.5 * w for _, w, h in strips) / len(strips)
    wide = [(img, w) for img, w, h in strips if w >= h]
    if not wide:
        return 0.0, tall, len(strips)
    return _reading_vote(wide, engine), tall, len(strips)


Frames = Callable[[int], tuple[np.ndarray, list[np.ndarray]]]
"""``frames(q)``: a photo turned ``q`` quarters clockwise (q = 0 or 1), as BGR, and the
quadrilaterals of its text lines in those pixels."""


def detected_frames(bgr: np.ndarray, engine: RapidEngine, det_side: int | None = T.ORIENT_DET_SIDE) -> Frames:
    """:data:`Frames` of ``bgr``, each turned frame's lines found by the engine's detector at most
    ``det_side`` long."""
    def frame(q: int) -> tuple[np.ndarray, list[np.ndarray]]:
        img = np.ascontiguousarray(np.rot90(bgr, -q)) if q else bgr
        return img, engine.detect_lines(img, det_side)

    return frame


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
    if len(bars[q]) < max(T.ORIENT_MIN_LINES, T.ORIENT_QUICK_MIN_BARS) or length[q] < T.ORIENT_BAR_RATIO * length[1 - q]:
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


def find_turn(bgr: np.ndarray, engine: RapidEngine, frames: Frames | None = None, quick: bool = True) -> Turn | None:
    """The quarter turn of a document photo (BGR at a working size), or None when it has too few
    text lines to tell. ``quick``: try the ink bars first (False: the text lines alone).
    ``frames``: where the text lines are, as the photo stands and turned a quarter (default:
    :func:`detected_frames` of ``bgr``)."""
    if quick and (turn := _quick_turn(bgr, engine)) is not None:
        return turn
    frames = frames or detected_frames(bgr, engine)
    flip, tall, n = _read_frame(*frames(0), engine)
    if n < T.ORIENT_MIN_LINES:
        return None
    if tall > T.ORIENT_TALL_SHARE:
        flip2, tall2, n2 = _read_frame(*frames(1), engine)  # a clockwise quarter turn
        if n2 >= T.ORIENT_MIN_LINES and tall2 < T.ORIENT_TALL_AFTER_TURN:
            return Turn(1 if flip2 <= T.ORIENT_READ_FLIP else 3, flip2, n2)
        return Turn(0, flip, n)  # round seals and other curved text: not a turned page
    return Turn(2 if flip > T.ORIENT_READ_FLIP else 0, flip, n)


def page_frames(ctx: AnalysisContext, engine: RapidEngine) -> Frames:
    """:data:`Frames` from the page read's own line finding (:meth:`AnalysisContext.page_found`):
    the detector runs once per turn looked at, and the page read reads those lines when the turn
    settles on one of them (most photos stand as taken)."""
    def frame(q: int) -> tuple[np.ndarray, list[np.ndarray]]:
        _, (x0, y0), quads = ctx.page_found(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE, k=q)
        return ctx.page(T.PAGE_OCR_LONG_SIDE, k=q).pixels, [quad + np.float32([x0, y0]) for quad in quads]

    return frame


def shown_photo_turn(ctx: AnalysisContext, engine: RapidEngine) -> Turn | None:
    """The quarter turn of the photo a screenshot shows (:meth:`AnalysisContext.shown_photo`), where
    it stands turned on the upright screen (a label photographed sideways, sent in a chat): the
    screen's few lines of furniture stand upright, and the photo's print is too small for the
    page's turn to see. None where there is no such photo or it stands upright."""
    box = ctx.shown_photo(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
    if box is None:
        return None
    x, y, w, h = box
    turn = find_turn(np.ascontiguousarray(ctx.page(T.PAGE_OCR_LONG_SIDE, 0).pixels[y:y + h, x:x + w]), engine)
    return turn if turn is not None and turn.k else None


def add_turn(a: Analysis) -> None:
    """Which way up the page stands, from its text lines (not from the appearance model's own turn
    estimate, which is right on generated photos but wrong on real upright documents: 2 of 11
    real-dev images); every later check reads the content upright."""
    turn = find_turn(a.ctx.bgr(T.ORIENT_LONG_SIDE).pixels, a.engine, page_frames(a.ctx, a.engine))
    if turn is None or turn.k == 0:
        turn = shown_photo_turn(a.ctx, a.engine) or turn
    if turn is not None:
        a.ctx.set_rotation(turn.k)
        a.report.rotation = 90 * turn.k


STAGE = Stage("orient", add_turn, needs="rapid")
