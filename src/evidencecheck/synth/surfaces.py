"""Surfaces and props of real rooms for scenes that are not flat documents: tiled and concrete
floors, fabric, wire mesh, and a hand holding something up.

Shops and homes are busy; a scene drawn on one flat colour teaches a model that busy means
"not a scale". Every function takes a seeded generator and returns RGB uint8 (H x W x 3), or an
RGBA sprite where it says so.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

SURFACES = ("tiles", "concrete", "fabric", "carpet", "plain")
SKIN = ((224, 172, 140), (198, 140, 105), (160, 110, 80), (110, 75, 55), (235, 195, 170))


def _noise(rng: np.random.Generator, h: int, w: int, cell: int) -> np.ndarray:
    """Smooth noise, about -1..1, varying over ``cell`` pixels."""
    small = rng.normal(0, 1, (max(2, h // cell), max(2, w // cell))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def _tinted(lum: np.ndarray, colour) -> np.ndarray:
    return np.clip(lum[:, :, None] * np.float32(colour)[None, None, :], 0, 255).astype(np.uint8)


def surface(rng: np.random.Generator, w: int, h: int, kind: str | None = None) -> np.ndarray:
    """A floor, a counter or a cloth filling ``w`` x ``h``, seen at a slant for tiles."""
    kind = kind or SURFACES[rng.integers(len(SURFACES))]
    colour = rng.uniform(70, 235, 3) if rng.random() < 0.4 else np.full(3, rng.uniform(90, 230))
    if kind == "fabric":  # folds: slow waves of light and shade in a saturated cloth
        colour = rng.uniform(20, 220, 3)
        lum = 0.85 + 0.25 * _noise(rng, h, w, int(rng.uniform(60, 200)))
        return _tinted(lum, colour)
    lum = 1 + 0.05 * _noise(rng, h, w, 64)
    if kind in ("concrete", "carpet"):  # fine speckle
        lum += rng.normal(0, 0.05 if kind == "concrete" else 0.12, (h, w)).astype(np.float32)
        if kind == "carpet":
            lum = cv2.GaussianBlur(lum, (0, 0), 1.2)
    out = _tinted(lum, colour)
    if kind == "tiles":  # grout lines in perspective: tiles shrink toward the top of the frame
        img = Image.fromarray(out)
        d = ImageDraw.Draw(img)
        grout = tuple(int(v) for v in np.clip(colour * rng.uniform(0.55, 0.8), 0, 255))
        size, horizon = rng.uniform(120, 320), -h * rng.uniform(0.3, 1.5)
        cx = w * rng.uniform(0.2, 0.8)
        y, step = float(h), size
        while y > 0 and step > 4:
            d.line((0, y, w, y), fill=grout, width=max(1, int(step / 40)))
            step *= (y - step - horizon) / (y - horizon)
            y -= step
        for i in range(-12, 13):  # lines running to a vanishing point above the frame
            d.line((cx + i * size, h, cx + i * size * 0.2, 0), fill=grout, width=2)
        out = np.asarray(img).copy()
    return out


def wire_mesh(rng: np.random.Generator, img: Image.Image, box: tuple[int, int, int, int]) -> None:
    """A trolley's or shelf's wire grid over ``box`` (x0, y0, x1, y1), drawn in place."""
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box
    pitch = rng.uniform(18, 60)
    wire = tuple(int(v) for v in rng.uniform(150, 235, 3)) if rng.random() < 0.6 else (60, 60, 65)
    width = max(2, int(pitch / 9))
    x = x0 + rng.uniform(0, pitch)
    while x < x1:
        d.line((x, y0, x + (y1 - y0) * 0.15, y1), fill=wire, width=width)
        x += pitch
    y = y0 + rng.uniform(0, pitch)
    while y < y1:
        d.line((x0, y, x1, y), fill=wire, width=width)
        y += pitch


def hand(rng: np.random.Generator, size: int) -> Image.Image:
    """An open hand seen from the palm side, fingers up, ``size`` px tall (RGBA sprite)."""
    w = int(size * 0.75)
    im = Image.new("RGBA", (w, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    skin = np.float32(SKIN[rng.integers(len(SKIN))]) * rng.uniform(0.85, 1.1)
    fill = tuple(int(v) for v in np.clip(skin, 0, 255)) + (255,)
    crease = tuple(int(v) for v in np.clip(skin * 0.8, 0, 255)) + (255,)
    palm_top = int(size * 0.42)
    d.rounded_rectangle((int(w * 0.12), palm_top, int(w * 0.88), size - 1), int(w * 0.2), fill=fill)
    fw = w * 0.17
    for i, length in enumerate(rng.uniform(0.3, 0.42, 4) * size):
        fx = w * 0.14 + i * fw * 1.06
        d.rounded_rectangle((fx, palm_top - length + fw, fx + fw, palm_top + fw), int(fw / 2), fill=fill)
    # the thumb, off to one side
    d.rounded_rectangle((0, palm_top + size * 0.12, w * 0.3, palm_top + size * 0.22), int(fw / 2), fill=fill)
    d.line((w * 0.2, palm_top + size * 0.25, w * 0.8, palm_top + size * 0.2), fill=crease, width=max(1, size // 120))
    if rng.random() < 0.4:  # painted nails
        nail = tuple(int(v) for v in rng.uniform(30, 255, 3)) + (255,)
        for i in range(4):
            fx = w * 0.14 + i * fw * 1.06
            d.ellipse((fx + fw * 0.2, palm_top - size * 0.3 + fw * 0.4, fx + fw * 0.8, palm_top - size * 0.3 + fw * 1.4),
                      fill=nail)
    return im


def sleeve(rng: np.random.Generator, img: Image.Image, start: tuple[float, float], end: tuple[float, float],
           width: float) -> None:
    """An arm in a sleeve from ``start`` (often off the frame) to ``end`` (the wrist), drawn in place."""
    colour = tuple(int(v) for v in rng.uniform(20, 200, 3))
    ImageDraw.Draw(img).line((start, end), fill=colour, width=int(width))
