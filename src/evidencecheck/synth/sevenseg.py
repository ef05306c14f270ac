"""Seven-segment scale displays: reflective LCD, green or blue backlit LCD (dark digits), a
negative blue LCD (light digits on deep blue, as luggage scales have), red and green LEDs."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .fonts import font

# Segments a b c d e f g, for each digit.
DIGIT_SEGMENTS = {
    "0": "abcdef", "1": "bc", "2": "abdeg", "3": "abcdg", "4": "bcfg", "5": "acdfg", "6": "acdefg",
    "7": "abc", "8": "abcdefg", "9": "abcdfg", "-": "g", " ": "",
}

STYLES = {
    # name: (background RGB, lit segment RGB, unlit "ghost" segment strength 0..1, glow)
    "lcd": ((178, 190, 160), (38, 42, 36), 0.08, False),
    "lcd_green": ((120, 215, 110), (25, 55, 25), 0.10, False),
    "lcd_blue": ((95, 160, 240), (20, 30, 60), 0.10, False),
    "led_red": ((28, 18, 18), (255, 45, 35), 0.06, True),
    "lcd_blue_negative": ((35, 55, 225), (225, 235, 255), 0.06, True),
    "led_green": ((14, 24, 18), (70, 255, 140), 0.05, True),
}


def _segment_polygons(x: float, y: float, w: float, h: float, t: float) -> dict[str, np.ndarray]:
    """Hexagonal segments of one digit cell at (x, y), w x h, stroke thickness t."""
    def hbar(x0, x1, yc):
        return np.float32([[x0 + t / 2, yc], [x0 + t, yc - t / 2], [x1 - t, yc - t / 2], [x1 - t / 2, yc],
                           [x1 - t, yc + t / 2], [x0 + t, yc + t / 2]])

    def vbar(xc, y0, y1):
        return np.float32([[xc, y0 + t / 2], [xc + t / 2, y0 + t], [xc + t / 2, y1 - t], [xc, y1 - t / 2],
                           [xc - t / 2, y1 - t], [xc - t / 2, y0 + t]])

    m = y + h / 2
    return {"a": hbar(x, x + w, y + t / 2), "g": hbar(x, x + w, m), "d": hbar(x, x + w, y + h - t / 2),
            "f": vbar(x + t / 2, y, m), "b": vbar(x + w - t / 2, y, m),
            "e": vbar(x + t / 2, m, y + h), "c": vbar(x + w - t / 2, m, y + h)}


UNIT_PLACES = ("right", "bottom_left", "bottom_right", "top_right")
"""Where a display shows its unit inside the panel: after the digits at their foot, or small in a
corner below or above them (luggage and kitchen scales light 'kg' / 'lb' marks there)."""


def render_display(rng: np.random.Generator, text: str, style: str, digit_h: int,
                   positions: int | None = None, lean: float | None = None,
                   unit: str | None = None, unit_place: str = "right") -> np.ndarray:
    """The display panel showing ``text`` (digits, '.', '-', ' '), right-aligned in ``positions``
    digit cells, its digits leaning forward by ``lean`` (x per unit of height; the face's own
    0 to 0.15 when None); ``unit``, if given, lit inside the panel at ``unit_place`` (one of
    :data:`UNIT_PLACES`). Returns RGB uint8."""
    bg, lit, ghost, glow = STYLES[style]
    digits = text.replace(".", "")
    n = max(positions or len(digits), len(digits))
    dw, gap, t = digit_h * 0.55, digit_h * 0.22, max(2.0, digit_h * 0.11)
    pad = digit_h * 0.35
    # Most displays lean forward by 0.05-0.15; about one in four stands upright.
    shear = max(0.0, rng.uniform(-0.05, 0.15)) if lean is None else lean
    # The lean carries the digits' tops right by shear * digit_h: room for it on the right.
    W, H = int(pad * 2 + n * dw + (n - 1) * gap + shear * digit_h), int(pad * 2 + digit_h)
    mark, top = _unit_mark(unit, digit_h, unit_place) if unit else (None, 0)
    if mark is not None:
        if unit_place == "right":
            W += mark.shape[1] + int(pad)
        else:
            H += mark.shape[0] + int(0.1 * digit_h)
    panel = np.zeros((H, W), np.float32)
    ghosts = np.zeros((H, W), np.float32)
    cells = [" "] * (n - len(digits)) + list(digits)
    # Which cell the decimal point follows, counted from the right.
    dp_after = None
    if "." in text:
        dp_after = len(text.split(".")[1])
    if mark is not None:
        mh, mw = mark.shape
        if unit_place == "right":
            x0, y0 = W - mw - int(pad), int(pad + top + digit_h - mh)
        else:
            x0 = int(pad) if unit_place == "bottom_left" else W - mw - int(pad)
            y0 = H - mh - int(0.5 * pad) if unit_place.startswith("bottom") else int(0.5 * pad)
        panel[y0:y0 + mh, x0:x0 + mw] = np.maximum(panel[y0:y0 + mh, x0:x0 + mw], mark)
    for i, ch in enumerate(cells):
        x = pad + i * (dw + gap)
        polys = _segment_polygons(x, pad + top, dw, digit_h, t)
        for s, poly in polys.items():
            q = poly.copy()
            q[:, 0] += shear * (pad + top + digit_h - q[:, 1])
            cv2.fillPoly(ghosts, [np.int32(q * 4)], 1.0, cv2.LINE_AA, shift=2)
            if s in DIGIT_SEGMENTS.get(ch, ""):
                cv2.fillPoly(panel, [np.int32(q * 4)], 1.0, cv2.LINE_AA, shift=2)
        if dp_after is not None and i == n - 1 - dp_after:
            cx, cy = x + dw + gap / 2, pad + top + digit_h - t / 2
            cv2.circle(panel, (int(cx), int(cy)), int(t * 0.65), 1.0, -1, cv2.LINE_AA)
    cover = np.clip(panel + ghost * ghosts * (1 - panel), 0, 1)
    if glow:
        cover = np.clip(cover + 0.5 * cv2.GaussianBlur(panel, (0, 0), t), 0, 1)
    bgv, litv = np.float32(bg), np.float32(lit)
    out = bgv * (1 - cover[:, :, None]) + litv * cover[:, :, None]
    return np.clip(out, 0, 255).astype(np.uint8)


def with_colon(panel: np.ndarray, style: str, digit_h: int) -> np.ndarray:
    """``panel`` (RGB, a four-cell upright :func:`render_display` of ``digit_h`` px digits) with a
    clock's colon lit between its second and third digits: two dots one above the other
    (render_display draws digits and points only)."""
    cx = digit_h * (0.35 + 2 * 0.55 + 1.5 * 0.22)  # the margin, two cells and the gap between them
    r = max(2, int(digit_h * 0.07))
    pil = Image.fromarray(panel)
    for fy in (0.33, 0.67):
        cy = digit_h * (0.35 + fy)
        ImageDraw.Draw(pil).ellipse((cx - r, cy - r, cx + r, cy + r), fill=STYLES[style][1])
    return np.asarray(pil)


def _unit_mark(unit: str, digit_h: int, place: str) -> tuple[np.ndarray, int]:
    """The unit's lit pixels (0..1, h x w) as a display prints it, and how far the digits move down
    to make room for a mark above them (px)."""
    # Beside the digits the unit is about half their height; in a corner, about a third.
    size = max(10, int(digit_h * (0.45 if place == "right" else 0.3)))
    f = font("noto_sans_bold", size)
    x0, y0, x1, y1 = f.getbbox(unit)
    img = Image.new("L", (x1 - x0 + 2, y1 - y0 + 2), 0)
    ImageDraw.Draw(img).text((1 - x0, 1 - y0), unit, font=f, fill=255)
    mark = np.asarray(img, np.float32) / 255
    return mark, (mark.shape[0] + int(0.1 * digit_h) if place == "top_right" else 0)


def display_text(rng: np.random.Generator, weight_kg: float, unit: str) -> str:
    """How a scale shows ``weight_kg`` in ``unit`` (kg, g, 斤, lb)."""
    if unit == "kg":
        return f"{weight_kg:.{int(rng.choice([2, 3]))}f}"
    if unit == "g":
        g = weight_kg * 1000
        return f"{g:.0f}" if g >= 1000 or rng.random() < 0.5 else f"{g:.1f}"
    if unit == "斤":
        return f"{weight_kg * 2:.2f}"
    if unit == "lb":
        return f"{weight_kg / 0.45359237:.2f}"
    raise ValueError(unit)


def shown_kg(text: str, unit: str) -> float:
    """The weight in kg that display ``text`` in ``unit`` stands for."""
    v = float(text)
    return {"kg": v, "g": v / 1000.0, "斤": v * 0.5, "lb": v * 0.45359237}[unit]
