"""A phone screenshot's parts: where the photo it shows stands among the app's flat furniture.

A merchant who cannot find the original photo uploads a screenshot of it: in the gallery's
viewer, full width between dark bars, or as an image message in a chat, a thumbnail half the
screen wide among grey. The photo's print is then a fraction of the picture's size, and the page
read, which looks at the whole screen at one scale, misses it; read again on the photo alone it is
found (:meth:`~evidencecheck.vision.context.AnalysisContext.page_lines`).
"""

from __future__ import annotations

import cv2
import numpy as np

from .. import thresholds as T


def find_shown_photo(bgr: np.ndarray) -> tuple[int, int, int, int] | None:
    """``(x, y, w, h)`` in ``bgr``'s pixels (uint8, H x W x 3): the photo a screenshot shows, the
    largest block that differs from the screen's background (its most common colour, the
    app's grey, white or black); None where there is none.

    Looked at on a copy :data:`~evidencecheck.thresholds.SCREEN_LOOK_SIDE` long; a pixel differs
    when a channel is more than :data:`~evidencecheck.thresholds.SCREEN_BACKGROUND_DIFF` levels
    from the background (a chat's header and input bar are 10 lighter than its grey)."""
    h, w = bgr.shape[:2]
    s = min(1.0, T.SCREEN_LOOK_SIDE / max(h, w))
    small = cv2.resize(bgr, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    quantised = (small // 8).reshape(-1, 3).astype(np.int32)
    codes = (quantised[:, 0] << 10) | (quantised[:, 1] << 5) | quantised[:, 2]
    common = int(np.bincount(codes).argmax())
    background = np.array([common >> 10, (common >> 5) & 31, common & 31]) * 8 + 4
    diff = (np.abs(small.astype(np.int16) - background.astype(np.int16)).max(axis=2)
            > T.SCREEN_BACKGROUND_DIFF).astype(np.uint8)
    # A photo's own flat patches (paper, a black display) break its block: close the small ones;
    # a label as light as the app's grey is a hole in it, which its outline holds.
    diff = cv2.morphologyEx(diff, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(diff, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    sh, sw = diff.shape
    best, best_area = None, 0.0
    for c in contours:
        x, y, bw, bh = cv2.boundingRect(c)
        area = cv2.contourArea(c)
        if area >= T.SCREEN_PHOTO_FILL * bw * bh and bw * bh >= T.SCREEN_PHOTO_MIN_SHARE * sw * sh and area > best_area:
            best, best_area = (x, y, bw, bh), area
    if best is None:
        return None
    x, y, bw, bh = best
    return (int(x / s), int(y / s), min(w, int(np.ceil(bw / s))), min(h, int(np.ceil(bh / s))))
