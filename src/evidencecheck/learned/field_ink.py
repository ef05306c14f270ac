"""Whether a fill-in field holds handwriting, print, or nothing: cues of its ink, and a small
trained model over them (``models/field_ink.npz``, ``evidencecheck train fields``).

A field crop is brought to a fixed height (:data:`NORM_HEIGHT` px) so every cue is at one scale.
Ink is what is darker than the paper around it in the red channel, where red seal ink is as light
as paper and blue or black pen stays dark; the blank's own line and the grid are taken out first.
The cues are the ones that tell a hand from a printer whatever the font: ink colour and its grain
(ballpoint skips, toner does not), stroke width and how it varies, how character heights and
the baseline wander, strokes that cross the line, the lean of the writing, and exact repetition
of a glyph (a printer draws the same digit twice to the pixel; a hand never does).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from .. import thresholds as T
from ..vision.masks import darker_than_surroundings
from .mlp import MLP, open_model_file, save_model_file
from .shipped import model_path

STATES = ("handwritten", "printed", "empty")
NORM_HEIGHT = 96
"""Field crops are resized to this height (px) before their cues are measured."""
MODEL_PATH = model_path("field_ink.npz")


def normalise(crop: np.ndarray) -> np.ndarray:
    """``crop`` (BGR uint8) resized to :data:`NORM_HEIGHT` rows and its paper made white: each
    channel divided by its bright (90th percentile) level."""
    h, w = crop.shape[:2]
    s = NORM_HEIGHT / max(1, h)
    out = cv2.resize(crop, (max(8, int(round(w * s))), NORM_HEIGHT),
                     interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC).astype(np.float32)
    paper = np.percentile(out.reshape(-1, 3), 90, axis=0)
    return np.clip(out * (255.0 / np.maximum(paper, 30.0)), 0, 255).astype(np.uint8)


def field_ink_mask(norm: np.ndarray) -> np.ndarray:
    """Pen or print ink (bool) in a normalised field crop, without ruled lines or red seal ink."""
    ink = (darker_than_surroundings(norm[:, :, 2], T.FIELD_INK_DEPTH, window=41) > 0).astype(np.uint8)
    h, w = ink.shape
    # Printed lines: runs of ink longer than any character's stroke, and the grid's verticals,
    # which run the crop's whole height. A photographed line is a little askew: thickened across
    # its run first, it survives the opening whole.
    hor = cv2.morphologyEx(cv2.dilate(ink, np.ones((5, 1), np.uint8)), cv2.MORPH_OPEN, np.ones((1, int(1.5 * h)), np.uint8))
    ver = cv2.morphologyEx(cv2.dilate(ink, np.ones((1, 5), np.uint8)), cv2.MORPH_OPEN, np.ones((int(0.8 * h), 1), np.uint8))
    lines = cv2.dilate(hor | ver, np.ones((3, 3), np.uint8))
    return (ink > 0) & (lines == 0)


def _glyph_repetition(ink: np.ndarray) -> float:
    """The best overlap (intersection over union of ink, 0..1) between two separate characters of
    the same size: near 1 when a printer drew one glyph twice; 0 when no two are alike in size."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    boxes = [(i, *s[:4]) for i, s in enumerate(stats) if i and s[3] >= 0.2 * NORM_HEIGHT and s[4] >= 20]
    best = 0.0
    for a in range(len(boxes)):
        i, xi, yi, wi, hi = boxes[a]
        gi = labels[yi:yi + hi, xi:xi + wi] == i
        for b in range(a + 1, min(len(boxes), a + 12)):
            j, xj, yj, wj, hj = boxes[b]
            if abs(wi - wj) > 1 or abs(hi - hj) > 1:
                continue
            gj = cv2.resize((labels[yj:yj + hj, xj:xj + wj] == j).astype(np.uint8), (wi, hi),
                            interpolation=cv2.INTER_NEAREST) > 0
            best = max(best, float((gi & gj).sum() / max(1, (gi | gj).sum())))
    return best


def _lean(ink: np.ndarray, chars: np.ndarray) -> float:
    """The median lean of the characters (x shift per unit of height, -1..1): each character's
    ink covariance of x with y over its variance in y."""
    leans = []
    for x, y, w, h, _ in chars.astype(int):
        m = cv2.moments(ink[y:y + h, x:x + w].astype(np.uint8), binaryImage=True)
        if m["mu02"] > 0:
            leans.append(m["mu11"] / m["mu02"])
    return float(np.clip(np.median(leans), -1, 1)) if leans else 0.0


def field_cues(crop: np.ndarray, rule_at: float | None) -> np.ndarray:
    """The cue vector (float32, length :data:`N_CUES`) of one field: ``crop`` its BGR pixels,
    ``rule_at`` where its blank's line runs, as a share of the crop's height from the top (0..1;
    None: no line)."""
    norm = normalise(crop)
    h, w = norm.shape[:2]
    ink = field_ink_mask(norm)
    gray = cv2.cvtColor(norm, cv2.COLOR_BGR2GRAY)
    f: list[float] = []
    n_ink = int(ink.sum())
    f.append(n_ink / ink.size)
    if n_ink < 15:  # nothing written: the remaining cues have nothing to measure
        return np.asarray(f + [0.0] * (N_CUES - 1), np.float32)
    px = norm[ink].astype(np.float32)
    b, g, r = px[:, 0], px[:, 1], px[:, 2]
    dark = 255.0 - px.mean(axis=1)
    f += [float(np.mean(b - r) / 255), float(np.mean(g - r) / 255), float(dark.mean() / 255),
          float(dark.std() / 255), float(np.percentile(dark, 90) / 255)]
    # Strokes: width at the ridge of the distance transform, and how it varies.
    dist = cv2.distanceTransform(ink.astype(np.uint8), cv2.DIST_L2, 3)
    ridge = (dist >= cv2.dilate(dist, np.ones((3, 3), np.uint8))) & ink
    widths = 2 * dist[ridge] if ridge.any() else np.zeros(1, np.float32)
    f += [float(widths.mean() / h), float(widths.std() / max(1e-3, widths.mean()))]
    # Characters: ink joined up a little; their heights and bottoms.
    blobs = cv2.dilate(ink.astype(np.uint8), np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    chars = np.array([s for s in stats[1:] if s[3] >= 0.15 * h], np.float32).reshape(-1, 5)
    if len(chars) >= 2:
        hs, bottoms = chars[:, 3], chars[:, 1] + chars[:, 3]
        f += [float(hs.std() / max(1.0, hs.mean())), float(bottoms.std() / h), float(hs.mean() / h),
              float(len(chars) / max(1.0, w / h))]
    else:
        f += [0.0, 0.0, float(chars[0, 3] / h) if len(chars) else 0.0, float(len(chars) / max(1.0, w / h))]
    ys, xs = np.nonzero(ink)
    f.append(float(np.mean(ys > (rule_at + 0.02) * h)) if rule_at is not None else 0.0)  # ink through the line
    f += [float(ys.std() / h), float((ys.mean()) / h)]
    # Stroke directions, weighted by edge strength on the ink.
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1)
    mag = cv2.magnitude(gx, gy)
    near = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    ang = np.degrees(np.arctan2(gy[near], gx[near])) % 180.0
    hist = np.bincount(np.minimum((ang // 22.5).astype(int), 7), weights=mag[near], minlength=8)
    f += (hist / (hist.sum() + 1e-6)).tolist()
    f.append(_lean(ink, chars))
    f.append(_glyph_repetition(ink))
    f.append(float((xs.max() - xs.min()) / w))
    return np.asarray(f, np.float32)


N_CUES = 1 + 5 + 2 + 4 + 1 + 2 + 8 + 1 + 1 + 1


@dataclass(frozen=True)
class InkState:
    state: str  # handwritten | printed | empty
    confidence: float  # the model's probability of ``state``, 0..1
    probabilities: dict[str, float]


@dataclass(frozen=True)
class FieldInkModel:
    model: MLP  # standardises the cues itself

    def predict(self, cues: np.ndarray) -> list[InkState]:
        """The state of each row of ``cues`` (n x :data:`N_CUES`)."""
        p = self.model.proba(np.atleast_2d(cues))
        out = []
        for row in p:
            i = int(np.argmax(row))
            out.append(InkState(STATES[i], float(row[i]), {s: float(v) for s, v in zip(STATES, row)}))
        return out


def save_model(path: Path, model: MLP, info: dict) -> None:
    save_model_file(path, model, "n_cues", N_CUES, info, states=np.array(STATES))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> FieldInkModel:
    """The shipped field-ink model, loaded without pickle, once."""
    return FieldInkModel(MLP.from_arrays(open_model_file(path or MODEL_PATH, "n_cues", N_CUES,
                                                         "evidencecheck train fields")))
