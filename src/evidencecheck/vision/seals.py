"""Red company stamps: find them by colour, tell seals from other red by their shape.

Works on a BGR image at a working size (uint8); boxes are in its pixels. Steps:

1. white balance on the page: the brightest unsaturated pixels are paper and are made grey, so a
   yellow lamp or a blue shade does not move red ink out of its hue range;
2. red ink: an HSV rule (red hue, saturated, not dark) confirmed in Lab relative to the paper
   (a* well above the paper's, hue angle in the red-orange range, which keeps out blue ballpoint
   and purple);
3. shapes: red blobs joined across the gaps between a seal's characters; a seal has a border, a
   ring round an ellipse (round, oval) or a frame round a rectangle, inked most of the way round;
   a red logo, header, pen mark or table rule has none. Seals pressed over each other are split by
   looking for circles inside one blob.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .. import thresholds as T
from .masks import components, darker_than_surroundings


@dataclass(frozen=True)
class StampRegion:
    box: tuple[int, int, int, int]  # x, y, w, h in the analysed image's pixels
    shape: str  # round | oval | rect
    score: float  # how seal-like, 0..1: 0 with the border inked just enough (STAMP_MIN_BORDER), 1 all round
    ellipse: tuple[tuple[float, float], tuple[float, float], float]  # cv2 ellipse: centre, axes (full), angle deg
    border: float  # share of the border inked, 0..1


def white_balance(bgr: np.ndarray) -> np.ndarray:
    """``bgr`` with its paper made neutral grey: channel gains from the brightest, least saturated
    tenth of the pixels (clipped to 0.6..1.7 so a red page is not bleached)."""
    small = cv2.resize(bgr, (max(1, bgr.shape[1] // 4), max(1, bgr.shape[0] // 4)), interpolation=cv2.INTER_AREA)
    f = small.reshape(-1, 3).astype(np.float32)
    b, g, r = f[:, 0], f[:, 1], f[:, 2]
    # Channel by channel: numpy's reductions along a 3-long axis take 6x as long, same values.
    luma = (b + g + r) / 3
    spread = np.maximum(np.maximum(b, g), r) - np.minimum(np.minimum(b, g), r)
    bright = luma >= np.percentile(luma, 80)
    plain = bright & (spread <= np.percentile(spread[bright], 50))
    ref = f[plain].mean(axis=0) if plain.sum() > 20 else f.mean(axis=0)
    gains = np.clip(ref.mean() / np.maximum(ref, 1.0), 0.6, 1.7)
    # A table of the 256 levels times the gains, then looked up: the same bytes as multiplying
    # every pixel, in a quarter of the time.
    levels = np.repeat(np.arange(256, dtype=np.uint8)[None, :, None], 3, axis=2)
    table = cv2.multiply(levels, (float(gains[0]), float(gains[1]), float(gains[2]), 0.0), dtype=cv2.CV_8U)
    return cv2.LUT(bgr, table)


def red_ink(bgr: np.ndarray, tolerant: bool = False) -> np.ndarray:
    """Where red stamp-pad ink is (uint8 mask, 255 = ink), on a white-balanced image. ``tolerant``:
    also pale and orange-faded ink."""
    hue_max, sat, bmax = T.RED_TOLERANT if tolerant else (T.RED_HUE_MAX, T.RED_MIN_SAT, T.RED_MAX_B_PER_A)
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s, v = cv2.split(hsv)
    by_hsv = ((h <= hue_max) | (h >= T.RED_HUE_MIN)) & (s >= sat) & (v >= T.RED_MIN_VALUE)
    out = np.zeros(h.shape, np.uint8)
    ys, xs = np.nonzero(by_hsv)
    if len(ys) == 0:
        return out
    # The Lab opinion, on the few pixels the HSV rule let through (and a sample of the paper).
    lab = cv2.cvtColor(bgr[ys, xs][:, None, :], cv2.COLOR_BGR2LAB)[:, 0, :].astype(np.int16)
    a, b = lab[:, 1] - 128, lab[:, 2] - 128
    step = max(1, v.size // 20000)
    sample = bgr.reshape(-1, 3)[::step]
    sv = v.reshape(-1)[::step]
    paper = sample[sv >= np.percentile(sv, 70)]
    paper_a = int(np.median(cv2.cvtColor(paper[:, None, :], cv2.COLOR_BGR2LAB)[:, 0, 1].astype(np.int16) - 128))
    # Hue angle in Lab: red seal ink sits near 0..+40 deg; blue ballpoint near -60 (a* about +29
    # but b* strongly negative), purple around -20; cardboard, skin and wood above +55.
    keep = ((a - paper_a >= T.RED_MIN_A_ABOVE_PAPER) & (b * 100 >= a * T.RED_MIN_B_PER_A)
            & (b * 100 <= a * bmax))
    out[ys[keep], xs[keep]] = 255
    return out


def dark_print(bgr: np.ndarray) -> np.ndarray:
    """Where dark print or pen is (uint8 mask, 255): clearly darker than its neighbourhood."""
    return darker_than_surroundings(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), T.STAMP_DARK_PRINT)


def _ink_at(mask: np.ndarray, point_sets) -> np.ndarray:
    """For N points given in several placements (each an N x 2 array, x and y): is there ink
    under any placement of each point? Points off the image find none."""
    H, W = mask.shape
    hit = None
    for pts in point_sets:
        q = np.rint(pts).astype(int)
        ok = (q[:, 0] >= 0) & (q[:, 0] < W) & (q[:, 1] >= 0) & (q[:, 1] < H)
        if hit is None:
            hit = np.zeros(len(q), bool)
        hit[ok] |= mask[q[ok, 1], q[ok, 0]] > 0
    return hit


def _border_coverage(ink: np.ndarray, dark: np.ndarray, pts: np.ndarray, inward: np.ndarray,
                     half_axis: float) -> float:
    """Share of the outline points ``pts`` (N x 2) where ink runs along the outline (within a band
    reaching STAMP_RING_DEPTH of ``half_axis`` inside it) and none lies just outside: a seal's
    border is its outermost ink. Points where dark print covers the band (black print over the
    ring hides the red) are left out of the count. ``inward``: unit vectors pointing inside."""
    def found(mask, ts) -> np.ndarray:
        return _ink_at(mask, (pts + inward * half_axis * t for t in ts))

    d = T.STAMP_RING_DEPTH
    band = np.linspace(-d / 3, d, 7)
    on = found(ink, band) & ~found(ink, np.linspace(-2 * d, -d, 3))
    hidden = ~on & found(dark, band)
    seen = len(pts) - int(hidden.sum())
    return float(on.sum() / seen) if seen >= T.STAMP_MIN_SEEN * len(pts) else 0.0


def _ellipse_border(mask: np.ndarray, dark: np.ndarray, ell) -> float:
    (cx, cy), (ax, ay), ang = ell
    t = np.linspace(0, 2 * np.pi, T.STAMP_BORDER_SAMPLES, endpoint=False)
    c, s = np.cos(np.radians(ang)), np.sin(np.radians(ang))
    ex, ey = ax / 2 * np.cos(t), ay / 2 * np.sin(t)
    pts = np.stack([cx + ex * c - ey * s, cy + ex * s + ey * c], axis=1)
    inward = np.stack([cx - pts[:, 0], cy - pts[:, 1]], axis=1)
    inward /= np.linalg.norm(inward, axis=1, keepdims=True) + 1e-6
    return _border_coverage(mask, dark, pts, inward, min(ax, ay) / 2)


def _rect_border(mask: np.ndarray, dark: np.ndarray, rect) -> float:
    box = cv2.boxPoints(rect)
    centre = box.mean(axis=0)
    pts, inward = [], []
    per_side = T.STAMP_BORDER_SAMPLES // 4
    for i in range(4):
        p0, p1 = box[i], box[(i + 1) % 4]
        for t in np.linspace(0.05, 0.95, per_side):
            p = p0 + (p1 - p0) * t
            pts.append(p)
            mid = (p0 + p1) / 2
            d = centre - mid
            inward.append(d / (np.linalg.norm(d) + 1e-6))
    return _border_coverage(mask, dark, np.float32(pts), np.float32(inward), min(rect[1]) / 2)


def _judge(mask: np.ndarray, dark: np.ndarray, points: np.ndarray) -> StampRegion | None:
    """The best seal shape for a blob's outline ``points`` (N x 2), or None when it has no border."""
    if len(points) < 5:
        return None
    hull = cv2.convexHull(points.astype(np.float32))
    if len(hull) < 5:
        return None
    ell = _refit(mask, dark, cv2.fitEllipse(hull))
    (cx, cy), (ax, ay), ang = ell
    if min(ax, ay) < 4:
        return None
    rect = cv2.minAreaRect(hull)
    e_cov, r_cov = _ellipse_border(mask, dark, ell), _rect_border(mask, dark, rect)
    # Ink inside the outline: seals are text and a border, not solid, not nearly empty.
    fill = _fill(mask, hull)
    ratio = min(ax, ay) / max(ax, ay)
    if r_cov > e_cov + T.STAMP_RECT_MARGIN:
        shape, border, (w, h) = "rect", r_cov, rect[1]
        ratio = min(w, h) / max(w, h)
    else:
        shape, border = ("round" if ratio >= T.STAMP_ROUND_RATIO else "oval"), e_cov
    if ratio < T.STAMP_MIN_AXIS_RATIO or not (T.STAMP_MIN_FILL <= fill <= T.STAMP_MAX_FILL):
        return None
    if shape == "rect" and border < T.STAMP_MIN_RECT_BORDER:
        return None
    x, y, w, h = cv2.boundingRect(hull.astype(np.int32))
    score = float(np.clip((border - T.STAMP_MIN_BORDER) / (1 - T.STAMP_MIN_BORDER), 0, 1)) ** 0.5
    return StampRegion((x, y, w, h), shape, round(score, 3), ell, round(border, 3))


def _fill(mask: np.ndarray, hull: np.ndarray) -> float:
    """Share of the inside of ``hull`` that is ink."""
    x, y, w, h = cv2.boundingRect(hull.astype(np.int32))
    inside = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(inside, (hull.reshape(-1, 2) - [x, y]).astype(np.int32), 1)
    sub = mask[y:y + h, x:x + w][:inside.shape[0], :inside.shape[1]]
    inside = inside[:sub.shape[0], :sub.shape[1]] > 0
    return float((sub[inside] > 0).mean()) if inside.any() else 0.0


def _refit(mask: np.ndarray, dark: np.ndarray, ell):
    """The ellipse refitted to the ink lying along ``ell`` (stray ink outside a seal, such as print
    beside it, pulls a fit to the blob's hull off the ring); ``ell`` itself when that is worse."""
    (cx, cy), (ax, ay), ang = ell
    if min(ax, ay) < 8:
        return ell
    t = max(2, int(T.STAMP_RING_DEPTH * min(ax, ay) / 2))
    # Drawn and searched in the ring's own box, not the whole frame: a red scale body gives a few
    # hundred candidate rings, and a frame-sized search each cost 7.8 s on one photo (bench-serve seed 26542367).
    reach = int(max(ax, ay) / 2 + t + 4)
    x0, y0 = max(0, int(cx) - reach), max(0, int(cy) - reach)
    sub = mask[y0:int(cy) + reach + 1, x0:int(cx) + reach + 1]
    if sub.size == 0:
        # A hull's fit may centre the ellipse beyond the frame; OpenCV 5 refuses to draw on an
        # empty array (bench seed 265431860: two weighing photos' seal search stopped there).
        return ell
    ring = np.zeros_like(sub)
    cv2.ellipse(ring, ((cx - x0, cy - y0), (ax - t, ay - t), ang), 255, t + 2)
    ys, xs = np.nonzero(cv2.bitwise_and(ring, sub))
    xs, ys = xs + x0, ys + y0
    if len(xs) < 20:
        return ell
    refit = cv2.fitEllipse(np.stack([xs, ys], axis=1).astype(np.float32))
    if not np.all(np.isfinite(refit[1])) or min(refit[1]) < 4:
        return ell
    return refit if _ellipse_border(mask, dark, refit) > _ellipse_border(mask, dark, ell) else ell


def _circles(mask: np.ndarray, box: tuple[int, int, int, int], min_r: float) -> list[np.ndarray]:
    """Circle outlines (as point sets) found inside one blob: seals pressed over each other; the
    T.STAMP_CIRCLES strongest. A blob longer than T.STAMP_CIRCLE_SIDE px is searched on a copy that
    long: the search's time grows as the cube of the blob's size (a red-tinted grid under a scale,
    785 x 924 px, took 3.1 s and gave 593 circles to judge, 2.0 s more; 0.23 s on a 400 px copy)."""
    x, y, w, h = box
    f = min(1.0, T.STAMP_CIRCLE_SIDE / max(w, h))
    sub = mask[y:y + h, x:x + w]
    if f < 1.0:
        sub = cv2.resize(sub, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    sub = cv2.GaussianBlur(sub, (0, 0), 2)
    found = cv2.HoughCircles(sub, cv2.HOUGH_GRADIENT, dp=1.5, minDist=f * min_r * 1.2, param1=100, param2=30,
                             minRadius=int(f * min_r), maxRadius=int(f * max(w, h) / 2))
    if found is None:
        return []
    t = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    return [np.stack([x + cx / f + r / f * np.cos(t), y + cy / f + r / f * np.sin(t)], axis=1)
            for cx, cy, r in found[0][:T.STAMP_CIRCLES]]


def _circle_seals(ink: np.ndarray, dark: np.ndarray, box, min_r: float, round_only: bool = False) -> list[StampRegion]:
    """Distinct seals on the circles found inside one blob, each with its border inked enough."""
    return _distinct([r for r in (_judge(ink, dark, p) for p in _circles(ink, box, min_r))
                      if r is not None and r.border >= T.STAMP_MIN_BORDER and (r.shape == "round" or not round_only)])


def _without_rules(ink: np.ndarray, side: int) -> np.ndarray:
    """``ink`` less long straight lines (red table rules, underlines), which would tie a seal to a
    whole table; a seal's ring is curved and survives."""
    n = max(15, int(side * T.STAMP_RULE_LENGTH))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, n), np.uint8))
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8))
    return cv2.subtract(ink, cv2.dilate(rules, np.ones((3, 3), np.uint8)))


def seal_crop(bgr: np.ndarray, stamp: StampRegion, zoom: float, margin: float):
    """The part of ``bgr`` around ``stamp`` (found in an image ``zoom`` times smaller), reaching
    ``margin`` of the seal's largest axis beyond its centre, as a contiguous copy, with the seal's
    ellipse in the crop's pixels. ``bgr`` may be a view: only the crop is copied."""
    (cx, cy), (ax, ay), ang = stamp.ellipse
    cx, cy, ax, ay = cx * zoom, cy * zoom, ax * zoom, ay * zoom
    pad = int(max(ax, ay) * margin) + 4
    x0, y0 = max(0, int(cx) - pad), max(0, int(cy) - pad)
    crop = np.ascontiguousarray(bgr[y0:int(cy) + pad, x0:int(cx) + pad])
    return crop, ((cx - x0, cy - y0), (ax, ay), ang)


def find_red_stamps(bgr: np.ndarray, tolerant: bool = False) -> list[StampRegion]:
    """Red seals in ``bgr`` (uint8, any size; about 1600 px long is what the thresholds assume),
    best first. ``tolerant``: also pale or orange-faded ink, a ring with small gaps, and a seal
    pressed partly off the page (its outline over a dark background is not counted against it)."""
    balanced = white_balance(bgr)
    ink = red_ink(balanced, tolerant)
    dark = dark_print(balanced)
    if tolerant:
        ink = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((T.STAMP_TOLERANT_CLOSE,) * 2, np.uint8))
        gray = cv2.cvtColor(balanced, cv2.COLOR_BGR2GRAY)
        off_page = gray < T.STAMP_OFF_PAGE * float(np.percentile(gray, 90))
        dark = dark | (off_page.astype(np.uint8) * 255)
    side = max(ink.shape)
    found = [s for box, outline in _blobs(ink, side) for s in _seals_of_blob(ink, dark, box, outline, side)]
    found = [s for s in found if _paper_change(balanced, ink, dark, s) <= T.STAMP_MAX_PAPER_CHANGE]
    found.sort(key=lambda s: s.score, reverse=True)
    return found


def find_seal_traces(bgr: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes of red ink in ``bgr`` (as :func:`find_red_stamps` takes it), largest first, that may
    be a seal the finder could not make out: the tolerant red ink joined across gaps of
    T.STAMP_TRACE_JOIN of the long side, in seal-sized clusters no longer than 1.6 times their
    width, at least T.STAMP_TRACE_INK inked. A seal faded or broken into specks by recompression
    leaves such a cluster; a page with no seal seldom does (its red is print: lines and words, not
    a round patch)."""
    ink = red_ink(white_balance(bgr), tolerant=True)
    side = max(ink.shape)
    k = max(3, int(side * T.STAMP_TRACE_JOIN)) | 1
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    _, _, stats = components(joined)
    found = []
    for x, y, w, h, _area in stats[1:].tolist():
        if (T.STAMP_MIN_DIAMETER * side <= max(w, h) <= T.STAMP_MAX_DIAMETER * side and max(w, h) <= 1.6 * min(w, h)
                and np.count_nonzero(ink[y:y + h, x:x + w]) >= T.STAMP_TRACE_INK * w * h):
            found.append((x, y, w, h))
    return sorted(found, key=lambda b: -b[2] * b[3])  # largest first: a seal's star may be a cluster too


def _paper_change(bgr: np.ndarray, ink: np.ndarray, dark: np.ndarray, stamp: StampRegion) -> float:
    """How far (Delta E 76) the ground inside a seal's outline, ink and print left out, lies from
    the ground just outside it. A seal is ink on the page: the page shows through it unchanged. A
    scale's reddish body or a red scene framed by something else is not."""
    crop, ell = seal_crop(bgr, stamp, 1.0, 0.7)
    ink_crop, _ = seal_crop(ink, stamp, 1.0, 0.7)
    dark_crop, _ = seal_crop(dark, stamp, 1.0, 0.7)
    centre, (ax, ay), ang = ell
    inside = np.zeros(ink_crop.shape, np.uint8)
    cv2.ellipse(inside, (centre, (ax * 0.85, ay * 0.85), ang), 1, -1)
    outside = np.zeros_like(inside)
    cv2.ellipse(outside, (centre, (ax * 1.3, ay * 1.3), ang), 1, -1)
    cv2.ellipse(outside, (centre, (ax * 1.1, ay * 1.1), ang), 0, -1)
    ground = (ink_crop == 0) & (dark_crop == 0)
    lab = cv2.cvtColor(crop, cv2.COLOR_BGR2LAB).astype(np.float32)
    a, b = lab[(inside > 0) & ground], lab[(outside > 0) & ground]
    if len(a) < 20 or len(b) < 20:
        return 0.0
    return float(np.linalg.norm(np.median(a, axis=0) - np.median(b, axis=0)))


def _blobs(ink: np.ndarray, side: int, offset: tuple[int, int] = (0, 0)):
    """(box, outline points) of each blob of ``ink`` once a seal's characters and ring are joined
    (thin gaps only, so neighbours stay apart), large enough to be a seal."""
    k = max(3, int(side * T.STAMP_JOIN))
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(joined, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    ox, oy = offset
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if max(w, h) >= side * T.STAMP_MIN_DIAMETER:
            yield (x + ox, y + oy, w, h), c.reshape(-1, 2) + np.int32([ox, oy])


def _seals_of_blob(ink: np.ndarray, dark: np.ndarray, box, outline: np.ndarray, side: int,
                   strip: bool = True) -> list[StampRegion]:
    """The seals in one blob: the blob itself when its outline is inked all round; else, when red
    rules run through it, the blobs left once they are taken out; else circles pressed over each
    other inside it."""
    whole = _judge(ink, dark, outline)
    x, y, w, h = box
    if whole is not None and whole.border >= T.STAMP_SPLIT_BELOW:
        # Two round seals pressed over each other also make a fine oval outline; their circles,
        # each inked all round, tell them apart from one oval seal.
        if whole.shape == "oval" and min(w, h) <= T.STAMP_MAX_DIAMETER * side:
            parts = _circle_seals(ink, dark, box, min(w, h) / 3, round_only=True)
            if len(parts) >= 2 and all(_inner_arc(ink, a, b) >= T.STAMP_MIN_BORDER for a, b in zip(parts, parts[1:] + parts[:1])):
                return parts
        return [whole]
    if strip:
        sub = ink[y:y + h, x:x + w]
        bare = _without_rules(sub, side)
        if np.count_nonzero(bare) < T.STAMP_RULE_SHARE * np.count_nonzero(sub):  # rules were there
            stripped = ink.copy()
            stripped[y:y + h, x:x + w] = bare
            return _rejoined([s for b, o in _blobs(bare, side, (x, y))
                              for s in _seals_of_blob(stripped, dark, b, o, side, strip=False)], ink, dark)
    if min(w, h) <= T.STAMP_MAX_DIAMETER * side and max(w, h) <= 3 * min(w, h):
        parts = _circle_seals(ink, dark, box, side * T.STAMP_MIN_DIAMETER / 2)
        if len(parts) >= 2 or (parts and (whole is None or parts[0].border > whole.border)):
            return parts
    return [whole] if whole is not None and whole.border >= T.STAMP_MIN_BORDER else []


def _rejoined(pieces: list[StampRegion], ink: np.ndarray, dark: np.ndarray) -> list[StampRegion]:
    """Seals that a removed rule cut in two, put back together: touching pieces whose joint
    outline is inked at least as well as theirs are one seal."""
    out: list[StampRegion] = []
    for r in sorted(pieces, key=lambda r: r.box[1]):
        for i, o in enumerate(out):
            if not _touch(r.box, o.box):
                continue
            (ox, oy, ow, oh), (rx, ry, rw, rh) = o.box, r.box
            x0, y0, x1, y1 = min(ox, rx), min(oy, ry), max(ox + ow, rx + rw), max(oy + oh, ry + rh)
            outline = cv2.ellipse2Poly(((x0 + x1) // 2, (y0 + y1) // 2), ((x1 - x0) // 2, (y1 - y0) // 2), 0, 0, 360, 5)
            both = _judge(ink, dark, outline)
            if both is not None and both.border >= min(o.border, r.border):
                out[i] = both
                break
        else:
            out.append(r)
    return out


def _touch(a, b, gap: int = 3) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax - gap <= bx + bw and bx - gap <= ax + aw and ay - gap <= by + bh and by - gap <= ay + ah


def _inner_arc(ink: np.ndarray, a: StampRegion, b: StampRegion) -> float:
    """Share of seal ``a``'s circle, where it runs inside seal ``b``, that is inked: the ring of a
    seal pressed over another goes on through it, while two circles fitted into one oval seal cross
    its text there."""
    (ax_, ay_), (aw, ah), _ = a.ellipse
    (bx_, by_), (bw, bh), _ = b.ellipse
    r, rb = (aw + ah) / 4, (bw + bh) / 4
    t = np.linspace(0, 2 * np.pi, T.STAMP_BORDER_SAMPLES, endpoint=False)
    pts = np.stack([ax_ + r * np.cos(t), ay_ + r * np.sin(t)], axis=1)
    inside = np.hypot(pts[:, 0] - bx_, pts[:, 1] - by_) < 0.85 * rb
    if inside.sum() < 4:
        return 1.0
    ti = t[inside]
    rings = (np.stack([ax_ + f * r * np.cos(ti), ay_ + f * r * np.sin(ti)], axis=1)
             for f in np.linspace(0.9, 1.02, 5))  # the ring's thickness, and a little play
    return float(_ink_at(ink, rings).mean())


def _distinct(regions: list[StampRegion]) -> list[StampRegion]:
    """Drop circles that are mostly the same seal as a better one."""
    keep: list[StampRegion] = []
    for r in sorted(regions, key=lambda r: r.border, reverse=True):
        (cx, cy), (ax, ay), _ = r.ellipse
        if all(np.hypot(cx - k.ellipse[0][0], cy - k.ellipse[0][1]) > 0.5 * min(ax, ay, *k.ellipse[1]) for k in keep):
            keep.append(r)
    return keep
