"""Handwriting drawn with a simulated pen (ballpoint, gel or felt-tip), never typeset.

Chinese characters follow the stroke centre-lines ("medians") of the npm package
hanzi-writer-data (all of GB2312; a 1024 box, y up, image y = 900 - y), fetched at set-up by
``scripts/fetch-hanzi-data.sh``. Digits and separators follow this module's own stroke tables in
the same box. Each character gets its own size, slant, rotation and baseline drift, each stroke
its own tremor, and the pen a pressure that rises, wavers and tapers along the stroke. A hurried
hand (:class:`Hand`) runs strokes together, rounds their corners and writes less evenly.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from ..errors import MissingDependencyError

DATA_DIR = Path(os.environ.get(
    "EVIDENCECHECK_HANZI_DATA",
    Path(__file__).resolve().parents[3] / ".cache" / "hanzi-writer-data" / "package"))
"""Where hanzi-writer-data's ``<char>.json`` files are (override: EVIDENCECHECK_HANZI_DATA)."""


def _arc(cx, cy, rx, ry, t0, t1, n=24) -> list[tuple[float, float]]:
    """Points on an ellipse from angle t0 to t1 (degrees, counter-clockwise as seen, y down)."""
    t = np.radians(np.linspace(t0, t1, n))
    return list(zip(cx + rx * np.cos(t), cy - ry * np.sin(t)))


# Own stroke tables, image coordinates of the 1024 box (y down; body from y=150 to y=850).
_OWN_STROKES: dict[str, list[list[tuple[float, float]]]] = {
    "0": [_arc(460, 500, 200, 350, 95, 455, 40)],
    "1": [[(400, 260), (500, 150), (500, 850)]],
    "2": [_arc(460, 340, 200, 190, 160, -25) + [(250, 850), (700, 850)]],
    "3": [_arc(460, 330, 190, 170, 150, -90) + _arc(460, 670, 210, 180, 90, -150)],
    "4": [[(560, 150), (220, 640), (730, 640)], [(570, 160), (570, 850)]],
    "5": [[(660, 150), (320, 150)], [(320, 150), (295, 460)] + _arc(470, 650, 210, 200, 135, -150)],
    "6": [[(640, 170), (450, 260), (320, 450)] + _arc(470, 640, 210, 210, 180, 540, 40)],
    "7": [[(250, 150), (700, 150), (420, 850)]],
    "8": [_arc(460, 320, 170, 165, 90, 450, 32), _arc(460, 665, 210, 190, 90, 450, 32)],
    "9": [_arc(460, 340, 190, 185, 0, 360, 32), [(650, 340), (600, 850)]],
    "-": [[(300, 520), (650, 520)]],
    "/": [[(650, 150), (300, 850)]],
    ":": [_arc(470, 380, 25, 25, 0, 360, 8), _arc(470, 760, 25, 25, 0, 360, 8)],
    ".": [_arc(470, 820, 25, 25, 0, 360, 8)],
    # Capital letters, as people print them on forms.
    "A": [[(250, 850), (470, 150), (690, 850)], [(330, 600), (610, 600)]],
    "B": [[(280, 850), (280, 150)], [(280, 150), (520, 150)] + _arc(520, 320, 150, 170, 90, -90, 12)
          + _arc(540, 670, 170, 180, 90, -90, 12) + [(280, 850)]],
    "C": [_arc(500, 500, 240, 350, 50, 310, 28)],
    "D": [[(280, 850), (280, 150)], [(280, 150)] + _arc(380, 500, 290, 350, 90, -90, 24) + [(280, 850)]],
    "E": [[(660, 150), (290, 150), (290, 850), (670, 850)], [(290, 500), (600, 500)]],
    "F": [[(660, 150), (290, 150), (290, 850)], [(290, 500), (600, 500)]],
    "G": [_arc(500, 500, 240, 350, 50, 320, 28) + [(700, 560), (520, 560)]],
    "H": [[(280, 150), (280, 850)], [(660, 150), (660, 850)], [(280, 500), (660, 500)]],
    "I": [[(470, 150), (470, 850)]],
    "J": [[(620, 150), (620, 700)] + _arc(460, 700, 160, 150, 0, -170, 12)],
    "K": [[(290, 150), (290, 850)], [(660, 150), (300, 560)], [(410, 450), (680, 850)]],
    "L": [[(300, 150), (300, 850), (660, 850)]],
    "M": [[(230, 850), (260, 150), (470, 650), (680, 150), (710, 850)]],
    "N": [[(270, 850), (270, 150), (670, 850), (670, 150)]],
    "O": [_arc(470, 500, 230, 350, 95, 455, 40)],
    "P": [[(290, 850), (290, 150)], [(290, 150), (500, 150)] + _arc(500, 330, 180, 180, 90, -90, 12) + [(290, 510)]],
    "Q": [_arc(470, 500, 230, 350, 95, 455, 40), [(520, 700), (700, 880)]],
    "R": [[(290, 850), (290, 150)], [(290, 150), (500, 150)] + _arc(500, 330, 180, 180, 90, -90, 12)
          + [(290, 510), (690, 850)]],
    "S": [_arc(470, 330, 200, 180, 30, 270, 16) + _arc(470, 680, 210, 170, 90, -150, 16)],
    "T": [[(240, 150), (700, 150)], [(470, 150), (470, 850)]],
    "U": [[(270, 150), (270, 620)] + _arc(470, 620, 200, 230, 180, 360, 16) + [(670, 150)]],
    "V": [[(250, 150), (470, 850), (690, 150)]],
    "W": [[(200, 150), (330, 850), (470, 350), (610, 850), (740, 150)]],
    "X": [[(260, 150), (680, 850)], [(680, 150), (260, 850)]],
    "Y": [[(250, 150), (470, 500), (690, 150)], [(470, 500), (470, 850)]],
    "Z": [[(260, 150), (680, 150), (260, 850), (690, 850)]],
}
_NARROW = set(_OWN_STROKES)  # digits and marks take about half a Chinese character's width


@lru_cache(maxsize=4096)
def glyph_strokes(ch: str) -> tuple[np.ndarray, ...]:
    """The strokes of ``ch`` as (n, 2) arrays of image coordinates in the 1024 box (y down)."""
    if ch in _OWN_STROKES:
        return tuple(np.asarray(s, np.float32) for s in _OWN_STROKES[ch])
    if not DATA_DIR.is_dir():
        raise MissingDependencyError(
            f"hanzi-writer-data is not at {DATA_DIR}; run scripts/fetch-hanzi-data.sh (or make test)")
    path = DATA_DIR / f"{ch}.json"
    if not path.is_file():
        raise ValueError(f"no handwriting strokes for {ch!r}")
    medians = json.loads(path.read_text("utf-8"))["medians"]
    return tuple(np.asarray([(x, 900 - y) for x, y in m], np.float32) for m in medians)


@dataclass(frozen=True)
class Pen:
    """A pen: ``colour`` RGB of its ink; ``width`` stroke width as a share of character height;
    ``grain`` how much its ink skips on paper fibres (ballpoint 0.12; gel and felt ink flows, 0..0.04)."""

    name: str
    colour: tuple[int, int, int]
    width: float
    grain: float = 0.12


BLUE_BALLPOINT = Pen("blue_ballpoint", (28, 48, 150), 0.055)
BLACK_BALLPOINT = Pen("black_ballpoint", (22, 22, 30), 0.055)

_PEN_KINDS = {  # kind: (share of writers, width range as a share of character height, grain)
    "ballpoint": (0.5, (0.042, 0.068), 0.12),
    "gel": (0.38, (0.06, 0.095), 0.03),
    "felt": (0.12, (0.09, 0.13), 0.0),
}
_INKS = {  # colour: (share of writers, RGB)
    "black": (0.5, (20, 20, 26)),
    "blue": (0.4, BLUE_BALLPOINT.colour),
    "blueblack": (0.1, (26, 32, 78)),
}


def random_pen(rng: np.random.Generator) -> Pen:
    """A pen as couriers and customers sign with: a ballpoint, gel or felt-tip pen in black, blue or
    blue-black ink, its width and shade a little its own. Named ``<ink>_<kind>`` (``black_gel``)."""
    kind = list(_PEN_KINDS)[rng.choice(len(_PEN_KINDS), p=[v[0] for v in _PEN_KINDS.values()])]
    ink = list(_INKS)[rng.choice(len(_INKS), p=[v[0] for v in _INKS.values()])]
    _, (w0, w1), grain = _PEN_KINDS[kind]
    colour = tuple(int(np.clip(c + rng.normal(0, 8), 0, 255)) for c in _INKS[ink][1])
    return Pen(f"{ink}_{kind}", colour, float(rng.uniform(w0, w1)), grain)


@dataclass(frozen=True)
class Hand:
    """How a person writes. ``speed`` 0..1: 0 is careful print-like script, each stroke apart, as
    hanzi-writer draws it; towards 1 the hand hurries (running script, 行书): strokes run into the
    next one, corners round off, strokes fall short, characters differ more in size and sit closer."""

    speed: float = 0.0


CAREFUL = Hand(0.0)


def random_hand(rng: np.random.Generator) -> Hand:
    """A writer: a third careful, the rest hurried to a degree (real fill-ins are mostly quick)."""
    return CAREFUL if rng.random() < 0.3 else Hand(float(rng.uniform(0.2, 1.0)))


@dataclass(frozen=True)
class Handwriting:
    """Ink coverage ``alpha`` (H x W float32, 0..1) and each character's ``(x, y, w, h)`` box."""

    alpha: np.ndarray
    boxes: list[tuple[int, int, int, int]]
    text: str


_SS = 3  # supersampling: strokes are drawn 3x larger, then averaged down (smooth, thin edges)


def write(rng: np.random.Generator, text: str, char_height: float, pen: Pen = BLUE_BALLPOINT,
          slant: float | None = None, hand: Hand = CAREFUL) -> Handwriting:
    """``text`` written by hand at about ``char_height`` pixels per Chinese character.

    ``slant``: the writer's habitual shear (x per y), drawn at random when None; each character
    varies around it. A careful ``hand`` draws exactly what it drew before hands had a speed.
    """
    slant = rng.uniform(-0.05, 0.25) if slant is None else slant
    h = char_height * _SS
    pad = int(h * 0.6)
    advance_total = sum((0.6 if c in _NARROW else 0.5 if c == " " else 1.08) for c in text) * h
    canvas = np.zeros((int(h * 1.8) + 2 * pad, int(advance_total * 1.15) + 2 * pad), np.float32)
    x = float(pad)
    baseline = pad + h * 0.9
    drift = 0.0
    boxes = []
    for ch in text:
        if ch == " ":
            x += 0.5 * h
            continue
        narrow = ch in _NARROW
        size = h / 1024 * rng.uniform(0.88, 1.12) * (0.72 if narrow else 1.0)
        if hand.speed:
            size *= rng.uniform(1 - 0.15 * hand.speed, 1 + 0.15 * hand.speed)
        angle = np.radians(rng.normal(0, 2.5))
        shear = slant + rng.normal(0, 0.05)
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]], np.float32)
        A = rot @ np.array([[1, -shear], [0, 1]], np.float32) * size
        drift = 0.7 * drift + rng.normal(0, 0.04 * h)  # baseline wanders, but returns
        origin = np.array([x, baseline + drift], np.float32)
        strokes = glyph_strokes(ch) if not hand.speed else _hurried(rng, glyph_strokes(ch), hand.speed)
        pts_all = []
        for stroke in strokes:
            p = (stroke - np.float32([512, 900])) @ A.T + origin
            p = _tremor(rng, p, 0.012 * h)
            _draw_stroke(rng, canvas, p, pen.width * h)
            pts_all.append(p)
        pts = np.concatenate(pts_all)
        r = pen.width * h
        x0, y0 = pts.min(axis=0) - r
        x1, y1 = pts.max(axis=0) + r
        boxes.append((x0, y0, x1 - x0, y1 - y0))
        x += (0.6 if narrow else 1.0) * h * rng.uniform(0.98 - 0.12 * hand.speed, 1.12 - 0.1 * hand.speed)
    alpha = cv2.resize(canvas, (canvas.shape[1] // _SS, canvas.shape[0] // _SS), interpolation=cv2.INTER_AREA)
    # Ballpoints skip on paper fibres: a fine multiplicative grain on the ink.
    grain = np.clip(1 - np.abs(rng.normal(0, pen.grain, alpha.shape)), 0.5, 1).astype(np.float32)
    alpha = np.clip(alpha * grain, 0, 1)
    out_boxes = [tuple(int(round(v / _SS)) for v in b) for b in boxes]
    return Handwriting(alpha, out_boxes, text)


def _hurried(rng: np.random.Generator, strokes: tuple[np.ndarray, ...], speed: float) -> list[np.ndarray]:
    """A character's strokes (1024 box) as a hurried hand draws them: each stroke resampled every
    16 units and smoothed over about ``speed`` x 40 units (corners round off), its ends falling
    short by up to ``speed`` x 12 % of its length, and with probability ``speed`` x 0.7 run on into
    the next stroke without lifting the pen (the join is drawn as part of one stroke)."""
    out: list[np.ndarray] = []
    for stroke in strokes:
        p = _resample(stroke, 16.0)
        k = int(round(speed * 40 / 16))
        if k and len(p) > 2:
            kernel = np.ones(2 * k + 1, np.float32) / (2 * k + 1)
            padded = np.concatenate([np.repeat(p[:1], k, 0), p, np.repeat(p[-1:], k, 0)])
            p = np.stack([np.convolve(padded[:, i], kernel, "valid") for i in range(2)], axis=1)
        cut = int(len(p) * rng.uniform(0, 0.12 * speed))
        if cut and len(p) - 2 * cut >= 2:
            p = p[cut:len(p) - cut] if rng.random() < 0.5 else p[:len(p) - cut]
        if out and rng.random() < 0.7 * speed:
            out[-1] = np.concatenate([out[-1], p])
        else:
            out.append(p)
    return out


def _resample(p: np.ndarray, step: float) -> np.ndarray:
    """Polyline ``p`` (n, 2) with a point every ``step`` units along it, its ends kept."""
    seg = np.linalg.norm(np.diff(p, axis=0), axis=1)
    s = np.concatenate([[0], np.cumsum(seg)])
    if s[-1] < step:
        return p.astype(np.float32)
    t = np.linspace(0, s[-1], int(s[-1] / step) + 2)
    return np.stack([np.interp(t, s, p[:, 0]), np.interp(t, s, p[:, 1])], axis=1).astype(np.float32)


def _tremor(rng: np.random.Generator, p: np.ndarray, amp: float) -> np.ndarray:
    """Add a smooth random displacement along the stroke (the hand is not a plotter)."""
    n = len(p)
    walk = np.cumsum(rng.normal(0, 1, (n, 2)), axis=0)
    walk -= walk.mean(axis=0)
    scale = np.abs(walk).max() or 1.0
    return p + (walk / scale * amp + rng.normal(0, amp * 0.6, 2)).astype(np.float32)


def _draw_stroke(rng: np.random.Generator, canvas: np.ndarray, p: np.ndarray, width: float) -> None:
    """Draw one stroke with pressure rising at the start, wavering, and tapering at the end."""
    seg = np.linalg.norm(np.diff(p, axis=0), axis=1)
    length = float(seg.sum())
    if length < 1:
        cv2.circle(canvas, tuple(int(v) for v in p[0]), max(1, int(width / 2)), 1.0, -1, cv2.LINE_AA)
        return
    s = np.concatenate([[0], np.cumsum(seg)])
    n = max(2, int(length / 2))  # a sample every 2 supersampled pixels
    t = np.linspace(0, length, n)
    q = np.stack([np.interp(t, s, p[:, 0]), np.interp(t, s, p[:, 1])], axis=1)
    u = t / length
    pressure = np.minimum(1.0, 0.45 + u / 0.12) * np.minimum(1.0, 0.35 + (1 - u) / 0.2)
    pressure *= 1 + 0.15 * np.sin(2 * np.pi * (u * rng.uniform(1, 3) + rng.uniform()))
    ink = np.clip(rng.uniform(0.8, 1.0) * (0.85 + 0.15 * pressure), 0, 1)
    for i in range(n - 1):
        thick = max(1, int(round(width * pressure[i])))
        cv2.line(canvas, (int(q[i, 0]), int(q[i, 1])), (int(q[i + 1, 0]), int(q[i + 1, 1])),
                 float(ink[i]), thick, cv2.LINE_AA)


def apply_ink(rgb: np.ndarray, hw: Handwriting, colour: tuple[int, int, int], x: int, y: int) -> np.ndarray:
    """Lay ``hw``'s ink of ``colour`` onto ``rgb`` (uint8 RGB) with its top-left at (x, y).

    Ink absorbs light, so it multiplies: printed lines under it stay visible through it.
    """
    H, W = rgb.shape[:2]
    h, w = hw.alpha.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x1 <= x0 or y1 <= y0:
        return rgb
    a = hw.alpha[y0 - y:y1 - y, x0 - x:x1 - x, None]
    absorb = 1 - np.float32(colour) / 255.0
    out = rgb.copy()  # only the ink's rectangle changes: convert just that (a page is 6 M values)
    region = out[y0:y1, x0:x1].astype(np.float32) * (1 - a * absorb)
    out[y0:y1, x0:x1] = np.clip(region, 0, 255).astype(np.uint8)
    return out


def ink_onto(img, hw: Handwriting, colour: tuple[int, int, int], x: int, y: int) -> None:
    """:func:`apply_ink` onto a PIL image, in place: only the ink's rectangle goes through numpy
    (converting a whole page for every word made long forms slow)."""
    from PIL import Image

    h, w = hw.alpha.shape
    box = (max(0, x), max(0, y), min(img.width, x + w), min(img.height, y + h))
    if box[2] <= box[0] or box[3] <= box[1]:
        return
    crop = np.asarray(img.crop(box))
    img.paste(Image.fromarray(apply_ink(crop, hw, colour, x - box[0], y - box[1])), box[:2])
