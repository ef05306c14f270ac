"""Red company seals (公章 / 业务专用章): drawn as a rubber stamp leaves them, or pasted flawless.

A seal is an ink coverage map (alpha, 0..1) plus its colour; :func:`press` lays it on a page
the way ink does (multiplying, so print under it shows through), :func:`paste` the way an image
editor does (covering).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .fonts import font


@dataclass(frozen=True)
class Seal:
    """``alpha``: H x W float32 coverage; ``shape``: round | oval; ``colour``: RGB ink."""

    alpha: np.ndarray
    shape: str
    colour: tuple[int, int, int]
    company: str
    bottom: str


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.382
        a = np.pi / 2 + i * np.pi / 5
        pts.append((cx + rr * np.cos(a), cy - rr * np.sin(a)))
    return pts


def _char_image(ch: str, size: int, font_name: str) -> Image.Image:
    f = font(font_name, size)
    im = Image.new("L", (int(size * 1.4), int(size * 1.4)), 0)
    ImageDraw.Draw(im).text((im.width / 2, im.height / 2), ch, font=f, fill=255, anchor="mm")
    return im


def draw_seal(rng: np.random.Generator, company: str, bottom: str = "业务专用章", width: int = 300,
              shape: str = "round", aspect: float = 0.7, font_name: str = "noto_sans_bold",
              serial: str | None = None) -> np.ndarray:
    """The crisp coverage map (H x W float32, 0..1) of a seal ``width`` pixels across.

    Round: a ring, the company along the upper arc, a five-point star, ``bottom`` below it.
    Oval (``aspect`` = height / width, real ones 0.55-0.75): the same on an ellipse, star-less
    when ``serial`` is given (invoice seals carry a tax number instead).
    """
    ss = 2  # drawn at twice the size, then averaged down
    W = width * ss
    H = W if shape == "round" else int(W * aspect)
    im = Image.new("L", (W, H), 0)
    d = ImageDraw.Draw(im)
    ring = max(3, int(W * rng.uniform(0.03, 0.045)))
    d.ellipse((ring / 2, ring / 2, W - ring / 2, H - ring / 2), outline=255, width=ring)
    cx, cy = W / 2, H / 2
    rx, ry = W / 2 - ring * 2.0, H / 2 - ring * 2.0
    n = len(company)
    # The name covers 60-72% of the ellipse, centred on the top, spaced by arc length (on an
    # oval, equal angles would crowd the characters at the narrow ends).
    t = np.linspace(0, 2 * np.pi, 1441)
    perimeter = float(np.sum(np.hypot(np.diff(rx * np.cos(t)), np.diff(ry * np.sin(t)))))
    cover = min(0.72, 0.3 + 0.035 * n)
    char_px = int(min(min(W, H) * 0.16, 0.95 * cover * perimeter * 0.8 / n))
    a_, b_ = rx - char_px * 0.62, ry - char_px * 0.62
    arc = np.concatenate([[0], np.cumsum(np.hypot(np.diff(a_ * np.cos(t)), np.diff(b_ * np.sin(t))))])
    top = float(np.interp(np.pi / 2, t, arc))
    length = arc[-1] * cover
    for i, ch in enumerate(company):
        s_i = top + length / 2 - length * (i + 0.5) / n  # left end first, clockwise over the top
        ti = float(np.interp(s_i, arc, t))
        x, y = cx + a_ * np.cos(ti), cy - b_ * np.sin(ti)
        normal = np.degrees(np.arctan2(np.sin(ti) / b_, np.cos(ti) / a_))  # outward, y up
        glyph = _char_image(ch, char_px, font_name)
        glyph = glyph.resize((int(glyph.width * 0.8), glyph.height), Image.BICUBIC)  # seals use narrow type
        glyph = glyph.rotate(normal - 90, resample=Image.BICUBIC, expand=True)
        im.paste(255, (int(x - glyph.width / 2), int(y - glyph.height / 2)), glyph)
    if serial is None:
        star_r = min(W, H) * 0.15
        d.polygon(_star(cx, cy - H * 0.02, star_r), fill=255)
    else:
        f = font("noto_sans", int(H * 0.09))
        d.text((cx, cy), serial, font=f, fill=255, anchor="mm")
    f = font(font_name, int(min(W, H) * 0.11))
    d.text((cx, cy + H * 0.27), bottom, font=f, fill=255, anchor="mm")
    a = np.asarray(im, np.float32) / 255.0
    return cv2.resize(a, (width, H // ss), interpolation=cv2.INTER_AREA)


def inked(rng: np.random.Generator, crisp: np.ndarray, fade: float = 0.0) -> np.ndarray:
    """A rubber stamp's imprint of ``crisp``: uneven pressure, ink pooling, gaps where the paper
    fibres stayed dry, soft spread, and ``fade`` (0..1) overall."""
    h, w = crisp.shape
    # Pressure: the stamp is rarely pressed flat, so one side inks heavier.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, 2 * np.pi)
    tilt = ((xx / w - 0.5) * np.cos(a) + (yy / h - 0.5) * np.sin(a)) * rng.uniform(0.3, 0.9)
    blotch = cv2.resize(rng.uniform(0, 1, (6, 6)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    pressure = np.clip(0.85 - tilt + 0.25 * (blotch - 0.5), 0.25, 1.0)
    spread = cv2.GaussianBlur(crisp, (0, 0), rng.uniform(0.5, 1.3))
    gaps = cv2.GaussianBlur(rng.uniform(0, 1, (h, w)).astype(np.float32), (0, 0), rng.uniform(0.6, 1.5))
    gaps = np.clip((gaps - gaps.mean()) / (gaps.std() + 1e-6) * 0.25 + 0.85, 0, 1)
    out = spread * pressure * gaps * (1 - fade)
    return np.clip(out * rng.uniform(0.85, 1.0), 0, 1).astype(np.float32)


def random_seal_colour(rng: np.random.Generator) -> tuple[int, int, int]:
    """Red stamp-pad ink: from bright vermilion to a darker, slightly purple red."""
    return (int(rng.uniform(190, 235)), int(rng.uniform(20, 70)), int(rng.uniform(30, 80)))


def press(page: np.ndarray, alpha: np.ndarray, colour: tuple[int, int, int], x: int, y: int,
          angle: float = 0.0) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Stamp ``alpha`` in ``colour`` onto ``page`` (RGB uint8) centred at (x, y), rotated by
    ``angle`` degrees. Returns the page and the seal's box (x, y, w, h) on it."""
    rot, ox, oy = _rotated(alpha, angle)
    absorb = 1 - np.float32(colour) / 255.0
    return _composite(page, rot, x - ox, y - oy, lambda region, a: region * (1 - a[:, :, None] * absorb))


def paste(page: np.ndarray, alpha: np.ndarray, colour: tuple[int, int, int], x: int, y: int,
          angle: float = 0.0) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Paste ``alpha`` as an opaque digital image: what an image editor does, covering print."""
    rot, ox, oy = _rotated(alpha, angle)
    col = np.float32(colour)
    return _composite(page, rot, x - ox, y - oy, lambda region, a: region * (1 - a[:, :, None]) + col * a[:, :, None])


def _rotated(alpha: np.ndarray, angle: float) -> tuple[np.ndarray, int, int]:
    h, w = alpha.shape
    M = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    c, s = abs(M[0, 0]), abs(M[0, 1])
    nw, nh = int(h * s + w * c) + 2, int(h * c + w * s) + 2
    M[0, 2] += nw / 2 - w / 2
    M[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(alpha, M, (nw, nh), flags=cv2.INTER_LINEAR), nw // 2, nh // 2


def _composite(page, a, x, y, blend):
    H, W = page.shape[:2]
    h, w = a.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    out = page.astype(np.float32)
    sub = a[y0 - y:y1 - y, x0 - x:x1 - x]
    out[y0:y1, x0:x1] = blend(out[y0:y1, x0:x1], sub)
    ys, xs = np.nonzero(sub > 0.15)
    box = (x0 + int(xs.min()), y0 + int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)) \
        if len(xs) else (x0, y0, 0, 0)
    return np.clip(out, 0, 255).astype(np.uint8), box
