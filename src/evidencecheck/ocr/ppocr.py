"""PP-OCR's three models on onnxruntime: the text-line detector (DB), the line recogniser (CTC)
and the line-direction classifier, with the pre- and post-processing RapidOCR 3.10 gives them
(Apache-2.0, after PaddleOCR), step for step, so that they read as RapidOCR reads.

Run here rather than through RapidOCR's classes because importing those costs 1.3 s of every
command's start-up (RapidOCR reads its 85 KB model catalogue with OmegaConf, twice, at import;
docs/speed.md); onnxruntime and the models are what the reading needs. The models stay the ones
inside the rapidocr wheel (:mod:`evidencecheck.ocr.rapid` finds them without importing it).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

# RapidOCR 3.10's configuration (rapidocr/config.yaml) for these models, kept as it is.
DET_THRESH = 0.3
"""A detector pixel above this probability is text."""
DET_BOX_THRESH = 0.5
"""A line whose mean text probability is below this is dropped."""
DET_MAX_CANDIDATES = 1000
DET_UNCLIP_RATIO = 1.6
"""How far a found line's shrunk core is grown back out (DB's unclip), per area over perimeter."""
DET_MIN_SIZE = 3
DET_DEFAULT_SHORT_SIDE = 736
"""By default the detector enlarges a picture to this on its short side."""
REC_SHAPE = (3, 48, 320)
"""The recogniser's input: channels, height, and the width a strip is padded to at least."""
CLS_SHAPE = (3, 48, 192)
CLS_LABELS = ("0", "180")
CLS_BATCH = 6
LINE_MIN_SIDE, LINE_MAX_SIDE = 30, 2000
"""A single strip read alone is first brought within these sides (px), as RapidOCR does."""
_BOX_SORT_Y = 10
"""Lines whose tops differ by less than this (px) are one row, ordered left to right."""


def session(path: Path, threads: int = -1):
    """An onnxruntime CPU session for the model file ``path``, set up as RapidOCR sets it up
    (all graph optimisations, no memory arena); ``threads``: intra-op threads, -1 lets it choose."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # see rapid.RapidEngine
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 4
    opts.enable_cpu_mem_arena = False
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Its threads sleep between runs rather than spin: with the pipeline's second lane at work on
    # the other core, spinning took that core's time. 24 12 MP photos, two lanes, one process,
    # interleaved: median 483 -> 445 ms and 468 -> 417 (order swapped); with one lane no change
    # (536 against 537 ms, docs/speed.md).
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if 1 <= threads <= (os.cpu_count() or 1):
        opts.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), sess_options=opts,
                                providers=[("CPUExecutionProvider", {"arena_extend_strategy": "kSameAsRequested"})])


def _run(sess, batch: np.ndarray) -> np.ndarray:
    return sess.run([sess.get_outputs()[0].name], {sess.get_inputs()[0].name: batch})[0]


def _to_32(h: int, w: int, ratio: float) -> tuple[int, int]:
    return int(round(int(h * ratio) / 32) * 32), int(round(int(w * ratio) / 32) * 32)


@dataclass
class TextDetector:
    """Quadrilaterals of the text lines on a BGR picture (DB detector + its box extraction)."""

    sess: object

    def __call__(self, bgr: np.ndarray, side: int = DET_DEFAULT_SHORT_SIDE, limit: str = "min") -> np.ndarray:
        """Lines as an (n, 4, 2) float32 array of corner points (clockwise from the top left), in
        ``bgr``'s pixels, top to bottom. The detector looks at a copy whose sides are multiples of
        32: ``limit`` "max" shrinks the long side to ``side``; "min" enlarges the short side to it."""
        h, w = bgr.shape[:2]
        if limit == "max":
            ratio = side / max(h, w) if max(h, w) > side else 1.0
        else:
            ratio = side / min(h, w) if min(h, w) < side else 1.0
        rh, rw = _to_32(h, w, ratio)
        if rh <= 0 or rw <= 0:
            return np.zeros((0, 4, 2), np.float32)
        img = cv2.resize(bgr, (rw, rh))
        # To -1..1 through float64, as RapidOCR's float64 mean and std make it: the same input to the bit.
        x = (img.astype(np.float32) * (1 / 255.0) - np.array([0.5] * 3)) / np.array([0.5] * 3)
        pred = _run(self.sess, x.transpose(2, 0, 1)[None].astype(np.float32))[0, 0]
        mask = cv2.dilate((pred > DET_THRESH).astype(np.uint8), np.ones((2, 2), np.uint8))
        boxes = _clean(_boxes_from_bitmap(pred, mask, w, h), h, w)
        return _sorted_boxes(boxes) if len(boxes) else np.zeros((0, 4, 2), np.float32)


def _mini_box(contour: np.ndarray) -> tuple[np.ndarray, float]:
    """The contour's minimum-area rectangle, corners from the top left, and its short side."""
    rect = cv2.minAreaRect(contour)
    p = sorted(list(cv2.boxPoints(rect)), key=lambda q: q[0])
    a, d = (0, 1) if p[1][1] > p[0][1] else (1, 0)
    b, c = (2, 3) if p[3][1] > p[2][1] else (3, 2)
    return np.array([p[a], p[b], p[c], p[d]]), min(rect[1])


def _box_score(pred: np.ndarray, box: np.ndarray) -> float:
    """Mean text probability inside ``box``."""
    h, w = pred.shape
    box = box.copy()
    x0, x1 = (int(np.clip(v, 0, w - 1)) for v in (np.floor(box[:, 0].min()), np.ceil(box[:, 0].max())))
    y0, y1 = (int(np.clip(v, 0, h - 1)) for v in (np.floor(box[:, 1].min()), np.ceil(box[:, 1].max())))
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    box[:, 0] -= x0
    box[:, 1] -= y0
    cv2.fillPoly(mask, box.reshape(1, -1, 2).astype(np.int32), 1)
    return cv2.mean(pred[y0:y1 + 1, x0:x1 + 1], mask)[0]


def _unclip(box: np.ndarray) -> np.ndarray:
    """``box`` grown outwards by its area over perimeter times :data:`DET_UNCLIP_RATIO`."""
    import pyclipper

    x, y = box[:, 0].astype(np.float64), box[:, 1].astype(np.float64)
    area = abs(float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))) / 2
    length = float(np.sum(np.hypot(np.roll(x, -1) - x, np.roll(y, -1) - y)))
    offset = pyclipper.PyclipperOffset()
    offset.AddPath(box, pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    return np.array(offset.Execute(area * DET_UNCLIP_RATIO / length)).reshape((-1, 1, 2))


def _boxes_from_bitmap(pred: np.ndarray, mask: np.ndarray, dest_w: int, dest_h: int) -> list[np.ndarray]:
    height, width = mask.shape
    contours = cv2.findContours(mask * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)[-2]
    boxes = []
    for contour in contours[:DET_MAX_CANDIDATES]:
        points, short = _mini_box(contour)
        if short < DET_MIN_SIZE or DET_BOX_THRESH > _box_score(pred, points.reshape(-1, 2)):
            continue
        box, short = _mini_box(_unclip(points))
        if short < DET_MIN_SIZE + 2:
            continue
        box[:, 0] = np.clip(np.round(box[:, 0] / width * dest_w), 0, dest_w)
        box[:, 1] = np.clip(np.round(box[:, 1] / height * dest_h), 0, dest_h)
        boxes.append(box.astype(np.int32))
    return boxes


def _clockwise(pts: np.ndarray) -> np.ndarray:
    xs = pts[np.argsort(pts[:, 0]), :]
    left, right = xs[:2], xs[2:]
    tl, bl = left[np.argsort(left[:, 1]), :]
    tr, br = right[np.argsort(right[:, 1]), :]
    return np.array([tl, tr, br, bl], dtype=np.float32)


def _clean(boxes: list[np.ndarray], h: int, w: int) -> np.ndarray:
    """Corners ordered clockwise and clipped to the picture; lines 3 px or less across dropped."""
    out = []
    for box in boxes:
        box = _clockwise(box)
        box[:, 0] = np.clip(box[:, 0], 0, w - 1).astype(np.int32)
        box[:, 1] = np.clip(box[:, 1], 0, h - 1).astype(np.int32)
        if int(np.linalg.norm(box[0] - box[1])) <= 3 or int(np.linalg.norm(box[0] - box[3])) <= 3:
            continue
        out.append(box)
    return np.array(out)


def _sorted_boxes(boxes: np.ndarray) -> np.ndarray:
    """Top to bottom by first corner; within a row (tops closer than :data:`_BOX_SORT_Y`), left to right."""
    y = boxes[:, 0, 1]
    order = np.argsort(y, kind="stable")
    rows = np.concatenate([[0], np.cumsum(np.diff(y[order]) >= _BOX_SORT_Y)])
    by_y = boxes[order]
    return by_y[np.lexsort((by_y[:, 0, 0], rows))]


def crop_line(bgr: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The line ``quad`` (4 x 2 corners, clockwise from the top left) cut out straight; a cut at
    least 1.5 times taller than wide is turned a quarter (a vertical line read across)."""
    w = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
    h = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    M = cv2.getPerspectiveTransform(quad.astype(np.float32), np.float32([[0, 0], [w, 0], [w, h], [0, h]]))
    out = cv2.warpPerspective(bgr, M, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    return np.rot90(out) if out.shape[0] / out.shape[1] >= 1.5 else out


def _norm_strip(img: np.ndarray, shape: tuple[int, int, int], width: int) -> np.ndarray:
    """``img`` scaled to the model's height (at most ``width`` wide), to -1..1, channels first,
    padded with zeros to ``width``."""
    c, h, _ = shape
    ratio = img.shape[1] / float(img.shape[0])
    rw = width if math.ceil(h * ratio) > width else int(math.ceil(h * ratio))
    x = cv2.resize(img, (rw, h), interpolation=cv2.INTER_LINEAR).astype("float32").transpose((2, 0, 1)) / 255
    x -= 0.5
    x /= 0.5
    out = np.zeros((c, h, width), dtype=np.float32)
    out[:, :, :rw] = x
    return out


@dataclass
class TextRecognizer:
    """Reads one-line strips: per-frame character probabilities, decoded greedily (CTC)."""

    sess: object
    characters: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, sess) -> TextRecognizer:
        """The alphabet is in the model's metadata; class 0 is the CTC blank, the last a space."""
        chars = sess.get_modelmeta().custom_metadata_map["character"].splitlines()
        return cls(sess, ["blank", *chars, " "])

    def normalise(self, img: np.ndarray, max_wh_ratio: float) -> np.ndarray:
        """A BGR strip as the recogniser takes it, padded to ``max_wh_ratio`` times its height."""
        return _norm_strip(img, REC_SHAPE, int(REC_SHAPE[1] * max_wh_ratio))

    def probabilities(self, batch: np.ndarray) -> np.ndarray:
        """Strips x frames x classes."""
        return _run(self.sess, batch)

    def decode(self, probs: np.ndarray) -> list[tuple[str, float]]:
        """Per strip: the greedy reading (repeats merged, blanks dropped) and the mean probability
        of its characters (0 when none), both rounded as RapidOCR rounds them."""
        out = []
        for idx, prob in zip(probs.argmax(axis=2), probs.max(axis=2)):
            keep = np.ones(len(idx), dtype=bool)
            keep[1:] = idx[1:] != idx[:-1]
            keep &= idx != 0
            conf = [round(c, 5) for c in prob[keep].tolist()] or [0]
            out.append(("".join(self.characters[i] for i in idx[keep]), np.mean(conf).round(5).tolist()))
        return out

    def read_one(self, bgr: np.ndarray) -> tuple[str, float]:
        """A single strip read alone, first brought within :data:`LINE_MIN_SIDE`..:data:`LINE_MAX_SIDE`
        (to multiples of 32) as RapidOCR brings a whole picture it is given."""
        h, w = bgr.shape[:2]
        if max(h, w) > LINE_MAX_SIDE:
            rh, rw = _to_32(h, w, LINE_MAX_SIDE / max(h, w))
            bgr = cv2.resize(bgr, (rw, rh))
        h, w = bgr.shape[:2]
        if min(h, w) < LINE_MIN_SIDE:
            rh, rw = _to_32(h, w, LINE_MIN_SIDE / min(h, w))
            bgr = cv2.resize(bgr, (rw, rh))
        h, w = bgr.shape[:2]
        ratio = max(REC_SHAPE[2] / REC_SHAPE[1], w / h)
        return self.decode(self.probabilities(self.normalise(bgr, ratio)[None]))[0]


@dataclass
class LineDirection:
    """Whether each line strip is upside down (PP-OCR's 0/180 degree classifier)."""

    sess: object

    def __call__(self, strips: list[np.ndarray]) -> list[tuple[str, float]]:
        """(label "0" or "180", probability) per BGR strip."""
        out: list[tuple[str, float]] = [("", 0.0)] * len(strips)
        order = np.argsort([s.shape[1] / float(s.shape[0]) for s in strips])
        for start in range(0, len(strips), CLS_BATCH):  # RapidOCR's batches, narrowest first
            idx = order[start:start + CLS_BATCH]
            batch = np.stack([_norm_strip(strips[i], CLS_SHAPE, CLS_SHAPE[2]) for i in idx]).astype(np.float32)
            probs = _run(self.sess, batch)
            for n, i in enumerate(idx):
                best = int(probs[n].argmax())
                out[i] = (CLS_LABELS[best], float(probs[n, best]))
        return out
