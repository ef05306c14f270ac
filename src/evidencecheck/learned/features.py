"""Cheap image cues for telling evidence kinds apart, as one fixed-length vector.

Computed on a small copy of the photo (:data:`~evidencecheck.thresholds.CLASSIFY_LONG_SIDE`):
colour (red seal ink, brown board, LCD green or blue), ink and edge structure, barcode-like
stripes, long ruled lines, the shape of the largest red blob, and a coarse layout grid; and on a
larger copy (:data:`~evidencecheck.thresholds.DISPLAY_LONG_SIDE`) the most display-like row of
seven-segment digits. Several cues depend on the image's rotation, which is how the classifier
also finds the upright one.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..vision.displays import N_DISPLAY_CUES, display_cues
from ..vision.masks import darker_than_surroundings

GRID = 6


def _hsv_masks(hsv: np.ndarray) -> dict[str, np.ndarray]:
    h, s, v = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]  # OpenCV: H 0..179, S and V 0..255
    return {
        "red": ((h <= 10) | (h >= 165)) & (s > 90) & (v > 90),
        "brown": (h >= 8) & (h <= 25) & (s > 70) & (s < 190) & (v > 90) & (v < 220),
        "green": (h >= 35) & (h <= 85) & (s > 70) & (v > 120),
        "blue": (h >= 90) & (h <= 130) & (s > 70) & (v > 120),
        "dark": v < 60,
        "white": (s < 40) & (v > 190),
    }


def _largest_blob(mask: np.ndarray) -> tuple[float, float, float, int]:
    """Area share, circularity (4 pi A / P^2), fill of its box, and count of sizeable blobs."""
    m = mask.astype(np.uint8)
    if not m.any():
        return 0.0, 0.0, 0.0, 0
    m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    areas = [cv2.contourArea(c) for c in contours]
    i = int(np.argmax(areas))
    a, c = areas[i], contours[i]
    per = cv2.arcLength(c, True)
    x, y, w, h = cv2.boundingRect(c)
    sizeable = sum(ar > 0.002 * m.size for ar in areas)
    return a / m.size, float(4 * np.pi * a / (per * per)) if per > 0 else 0.0, a / max(1, w * h), sizeable


def _stripes(gray: np.ndarray) -> list[float]:
    """Barcode-likeness: blocks where gradients run one way only, strongly (both axes)."""
    g = gray.astype(np.float32)
    gx2 = cv2.Sobel(g, cv2.CV_32F, 1, 0) ** 2
    gy2 = cv2.Sobel(g, cv2.CV_32F, 0, 1) ** 2
    k = 24
    ex = cv2.resize(cv2.blur(gx2, (k, k)), None, fx=1 / 8, fy=1 / 8, interpolation=cv2.INTER_AREA)
    ey = cv2.resize(cv2.blur(gy2, (k, k)), None, fx=1 / 8, fy=1 / 8, interpolation=cv2.INTER_AREA)
    e = ex + ey + 1e-3
    strong = e > 4e4
    ax = np.where(strong, (ex - ey) / e, 0)
    return [float(ax.max()), float(-ax.min()), float(np.mean(ax > 0.8)), float(np.mean(ax < -0.8))]


def _ruled_lines(ink: np.ndarray) -> list[float]:
    """Share of pixels on long horizontal and long vertical thin lines (blanks, grids, labels)."""
    h, w = ink.shape
    hor = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(8, w // 8)), np.uint8))
    ver = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(8, h // 8), 1), np.uint8))
    return [float(hor.mean() / 255), float(ver.mean() / 255)]


def _grid(values: np.ndarray) -> list[float]:
    return cv2.resize(values.astype(np.float32), (GRID, GRID), interpolation=cv2.INTER_AREA).ravel().tolist()


def cue_vector(bgr: np.ndarray, display_bgr: np.ndarray, displays: list | None = None) -> np.ndarray:
    """The cue vector (float32, length :data:`N_FEATURES`) of a photo: ``bgr`` its small copy,
    ``display_bgr`` the larger one the display finder reads (``displays``: what it found there,
    when already known)."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    masks = _hsv_masks(hsv)
    f: list[float] = []
    sat = hsv[:, :, 1] > 60
    hue_hist = np.bincount((hsv[:, :, 0][sat] // 15).ravel(), minlength=12)[:12] / gray.size
    f += hue_hist.tolist()
    f += [float(m.mean()) for m in masks.values()]
    s, v = hsv[:, :, 1].astype(np.float32) / 255, hsv[:, :, 2].astype(np.float32) / 255
    f += [float(s.mean()), float(s.std()), float(v.mean()), float(v.std())]
    # Ink: darker than its neighbourhood, so that lighting does not matter.
    ink = darker_than_surroundings(gray, 25)
    f.append(float(ink.mean() / 255))
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1)
    mag = cv2.magnitude(gx, gy)
    ang = (np.degrees(np.arctan2(gy, gx)) % 180.0)
    hist = np.bincount(np.minimum((ang // 22.5).astype(int), 7).ravel(), weights=mag.ravel(), minlength=8)
    f += (hist / (hist.sum() + 1e-6)).tolist()
    f.append(float((mag > 100).mean()))
    f += _stripes(gray)
    f += _ruled_lines(ink)
    f += list(_largest_blob(masks["red"]))
    display = masks["green"] | masks["blue"]
    f += list(_largest_blob(display))[:3]
    f += _grid(ink / 255.0)
    f += _grid(v)
    f += display_cues(display_bgr, displays)
    return np.asarray(f, np.float32)


N_FEATURES = 12 + 6 + 4 + 1 + 8 + 1 + 4 + 2 + 4 + 3 + 2 * GRID * GRID + N_DISPLAY_CUES
