"""Display panels: plain regions with a few digit-shaped holes, found by their outline.

The display finder (:mod:`~evidencecheck.vision.displays`) looks for rows of digit-shaped strokes and
misses a display whose digits are a dozen pixels tall, where a decimal point or blur runs the
segments together. The panel around them still shows: a region with no edges inside but the
outlines of its digits, nearly filling its bounding box, wider than tall (or, in a photo turned a
quarter, taller than wide). The weight reader cuts such a panel from the original and reads it at
its reading size. Works on a BGR uint8 image of any size; boxes are in its pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .. import thresholds as T
from .geometry import iou


@dataclass(frozen=True)
class Panel:
    box: tuple[int, int, int, int]  # x, y, w, h of the panel, in the input image's pixels
    digits: int  # holes in it as tall as digits
    digit_height: float  # their median height, px (across the row when ``quarter``)
    light_on_dark: bool  # the holes are lighter than the panel (LED, negative LCD)
    quarter: int  # 1: the row runs down the image


def find_panels(bgr: np.ndarray) -> list[Panel]:
    """Panel-like regions of ``bgr`` (uint8 colour), most digits first."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    lo, hi = T.PANEL_CANNY
    grey_edges = cv2.Canny(gray, lo, hi)
    # Edges in any colour channel as well: a blue panel on a dark body differs from it in hue, not
    # in grey; but colour noise breaks up other panels, so each set of edges is searched apart.
    colour_edges = np.maximum.reduce([cv2.Canny(np.ascontiguousarray(bgr[:, :, c]), lo, hi) for c in range(3)])
    found: list[Panel] = []
    for edges in (grey_edges, colour_edges):
        for p in _panels_within(gray, cv2.dilate(edges, np.ones((2, 2), np.uint8))):
            if not any(iou(p.box, q.box) > 0.5 for q in found):  # the same panel seen in both
                found.append(p)
    found.sort(key=lambda p: p.digits, reverse=True)
    return found


def _panels_within(gray: np.ndarray, edges: np.ndarray) -> list[Panel]:
    """Panels among the regions ``edges`` (uint8, nonzero = edge) leave, with ``gray`` the image."""
    H, W = gray.shape
    n, labels, stats, _ = cv2.connectedComponentsWithStats((edges == 0).astype(np.uint8), connectivity=4)
    min_side = T.PANEL_MIN_SIDE_PX * max(H, W) / T.DISPLAY_LONG_SIDE
    found = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        long, short = max(w, h), min(w, h)
        if short < min_side or w > T.PANEL_MAX_SHARE * W or h > T.PANEL_MAX_SHARE * H:
            continue
        if not T.PANEL_ASPECT[0] <= long / short <= T.PANEL_ASPECT[1]:
            continue
        region = labels[y:y + h, x:x + w] == i
        # Holes: what the region encloses (not reaching its box's edge).
        m, hole_labels, holes, _ = cv2.connectedComponentsWithStats((~region).astype(np.uint8), connectivity=8)
        inner = [j for j in range(1, m) if holes[j, 0] > 0 and holes[j, 1] > 0
                 and holes[j, 0] + holes[j, 2] < w and holes[j, 1] + holes[j, 3] < h]
        if area + sum(int(holes[j, 4]) for j in inner) < T.PANEL_FILL * w * h:
            continue  # not a rectangle: a region bounded by other things' edges
        quarter = int(h > w)
        across = 2 if quarter else 3  # holes' extent across the row: width when the row runs down
        tall = [j for j in inner if T.PANEL_DIGIT_SHARE[0] * short <= holes[j, across] <= T.PANEL_DIGIT_SHARE[1] * short]
        if not tall:
            continue
        # The holes are the digits' outlines, both sides of each stroke: the strokes are the
        # extreme that departs further from the panel's level.
        patch = gray[y:y + h, x:x + w]
        level = float(np.median(patch[region]))
        dark, light = np.percentile(patch[np.isin(hole_labels, tall)], [10, 90])
        lighter = light - level > level - dark
        dh = float(np.median([holes[j, across] for j in tall])) - 2  # the dilated outline adds a px each side
        found.append(Panel((x, y, w, h), len(tall), dh, lighter, quarter))
    return found
