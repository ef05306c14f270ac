"""Read the company on a seal: unwrap the arc of text into a straight strip, OCR it, match it.

A seal's company name runs clockwise along the inside of its border, the tops of the characters
toward the rim. Sampling the ellipse the stamp finder fitted, from the rim inward and round from the
bottom, lays that text out as one straight line, whatever the seal's shape (round, oval, an oval
from a tilted shot). Where the ring and the name lie is found on redness (a* in Lab); the strip
itself is sampled from :func:`seal_ink`, as sharp as the photo's brightness, with black print
under the seal left out. OCR reads it as one line; every lexicon name is scored against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .. import thresholds as T
from ..carriers import CompanyMatch, best_carrier, lexicon, match_company
from ..ocr import OcrEngine
from ..ocr.ctc import greedy_text, infix_scores
from ..vision.seals import StampRegion, seal_crop


@dataclass(frozen=True)
class SealReading:
    text: str  # the best reading of the arc text ("" when nothing was read)
    match: CompanyMatch | None  # the lexicon match of the best reading, when any


def redness(bgr: np.ndarray) -> np.ndarray:
    """Red ink as dark on white (uint8): 255 minus the stretched excess of a* over the paper's.
    Soft in a JPEG (colour is stored at half resolution): good for finding where the ink is."""
    a = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)[:, :, 1].astype(np.float32)
    paper = float(np.median(a))
    ink = np.clip((a - paper) / max(8.0, float(np.percentile(a, 99.5)) - paper), 0, 1)
    return (255 - ink * 255).astype(np.uint8)


def seal_ink(bgr: np.ndarray, soft: np.ndarray | None = None) -> np.ndarray:
    """Red ink as dark on white (uint8), as sharp as the photo allows: the green channel, where red
    ink is dark, carries the JPEG's full-resolution brightness; a pixel dark in the red channel
    too is black print (or shadow), and there and next to it the soft :func:`redness` is used
    instead (given as ``soft``, or computed): black print edges are soft in colour too, and
    blanking them would leave outlines. Chosen over :func:`redness` for reading: see
    :data:`~evidencecheck.thresholds.SEAL_BLACK_GATE`."""
    g = bgr[:, :, 1].astype(np.float32)
    r = bgr[:, :, 2].astype(np.float32)
    dark_g = np.clip(float(np.median(g)) - g, 0, None)
    dark_r = np.clip(float(np.median(r)) - r, 0, None)
    slope, offset = T.SEAL_BLACK_GATE
    black = (dark_r > slope * dark_g + offset).astype(np.uint8)
    black = cv2.dilate(black, np.ones((T.SEAL_BLACK_GROW, T.SEAL_BLACK_GROW), np.uint8))
    top = max(20.0, float(np.percentile(np.where(black > 0, 0, dark_g), 99.5)))
    sharp = 255 - np.clip(dark_g / top, 0, 1) * 255
    soft = redness(bgr) if soft is None else soft
    return np.where(black > 0, soft, sharp).astype(np.uint8)


def unwrap(image: np.ndarray, ellipse, start_deg: float, span_deg: float, outer: float, inner: float,
           height: int = 48) -> np.ndarray:
    """The band of ``image`` inside the rim of the cv2 ``ellipse`` as a straight strip ``height`` px
    tall: columns go clockwise from ``start_deg`` (image angle, 90 = straight down) over
    ``span_deg``; rows go from the rim inward, from ``outer`` to ``inner`` of the minor half axis
    deep measured along the rim's normal. On an oval the characters stand on the normal, not on
    the line to the centre, so sampling along normals keeps them upright at the narrow ends too."""
    (cx, cy), (ax, ay), ang = ellipse
    a, b = ax / 2, ay / 2
    depth = min(a, b)
    d = depth * (1 - np.linspace(outer, inner, height))[:, None]  # px inward from the rim
    band = depth * (outer - inner)

    def curve(theta: np.ndarray, inward: np.ndarray):
        """Points ``inward`` px inside the rim, at directions ``theta`` in the ellipse's own frame."""
        t = np.arctan2(a * np.sin(theta), b * np.cos(theta))
        nx, ny = b * np.cos(t), a * np.sin(t)
        norm = np.hypot(nx, ny) + 1e-9
        return a * np.cos(t) - inward * nx / norm, b * np.sin(t) - inward * ny / norm

    # Columns evenly spaced along the middle of the band, so characters keep their width on an oval.
    dense = np.radians(start_deg - ang + np.linspace(0, span_deg, 721))
    mx_, my_ = curve(dense, band / 2 + depth * (1 - outer))
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(mx_), np.diff(my_)))])
    width = max(16, int(arc[-1] * height / max(1.0, band)))
    theta = np.interp(np.linspace(0, arc[-1], width, endpoint=False), arc, dense)
    ex, ey = curve(theta[None, :], d)
    c, s = np.cos(np.radians(ang)), np.sin(np.radians(ang))
    mx = (cx + ex * c - ey * s).astype(np.float32)
    my = (cy + ex * s + ey * c).astype(np.float32)
    return cv2.remap(image, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def ring_edge(red: np.ndarray, ellipse) -> float | None:
    """How deep the seal's border ring reaches inward: share of the minor half axis (1 = the
    fitted rim), or None when no ring shows. The ring is inked all the way round, the text is
    not, so the median over the angles at each depth shows the ring alone."""
    outer, inner, rows = 1.12, 0.35, 78  # a little beyond the fitted rim, well into the text; 1 row per 0.01
    ink = 255.0 - unwrap(red, ellipse, 0.0, 360.0, outer=outer, inner=inner, height=rows).astype(np.float32)
    profile = np.median(ink, axis=1)
    depth = np.linspace(outer, inner, rows)
    k = int(np.argmax(np.where(depth >= 0.75, profile, -1.0)))  # the ring's darkest depth, near the rim
    base = float(np.percentile(profile, 10))
    half = base + 0.5 * (profile[k] - base)
    below = np.flatnonzero(profile[k:] < half)
    return float(depth[k + below[0] - 1]) if len(below) else None


def text_band(red: np.ndarray, ellipse) -> tuple[float, float]:
    """(outer, inner) depth of the band that holds the company name, as shares of the minor half
    axis: just inside the ring, as deep as seal characters are tall."""
    edge = ring_edge(red, ellipse)
    outer = (edge if edge is not None else T.SEAL_RING_DEFAULT) - T.SEAL_RING_GAP
    return outer, outer - T.SEAL_TEXT_DEPTH


def text_span(red: np.ndarray, ellipse, outer: float | None = None) -> tuple[float, float]:
    """Where the company name runs along the seal: (start, span) in image degrees, clockwise.
    Looked for in the outer part of the text band, which the name's characters reach and the
    straight text at the bottom does not; gaps narrower than the space between two characters are
    closed, and the longest inked stretch left is the name."""
    if outer is None:
        outer = text_band(red, ellipse)[0]
    band = unwrap(red, ellipse, 0.0, 360.0, outer=outer, inner=outer - T.SEAL_SPAN_DEPTH, height=12)
    whole = unwrap(red, ellipse, 0.0, 360.0, outer=outer, inner=outer - T.SEAL_TEXT_DEPTH, height=24)
    otsu, _ = cv2.threshold(whole, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = float(np.median(whole))
    # Half way from the paper to Otsu's cut counts as ink, so the faint side of an unevenly pressed
    # seal still does; a degree carries ink when any of it does (2% of its samples).
    column = (band < paper - 0.5 * (paper - otsu)).mean(axis=0).astype(np.float32)
    inked = cv2.resize(column[None, :], (360, 1), interpolation=cv2.INTER_AREA)[0] > 0.02
    closing = np.ones((1, T.SEAL_NAME_GAP), np.uint8)
    thrice = np.tile(inked, 3).astype(np.uint8)[None, :]  # the ring has no ends
    inked = cv2.morphologyEx(thrice, cv2.MORPH_CLOSE, closing)[0, 360:720].astype(bool)
    if inked.all() or not inked.any():
        return float(np.argmin(column) * 360 / len(column)), 360.0
    # The longest circular run of inked degrees, counted from a quiet degree so no run wraps.
    start = int(np.argmin(inked))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], np.roll(inked, -start).astype(np.int8), [0]])))
    starts, ends = edges[::2], edges[1::2]
    i = int(np.argmax(ends - starts))
    pad = T.SEAL_SPAN_PAD
    return float((start + int(starts[i]) - pad) % 360), float(min(360.0, int(ends[i] - starts[i]) + 2 * pad))


def read_seal(bgr: np.ndarray, stamp: StampRegion, engine: OcrEngine, zoom: float = 1.0) -> SealReading:
    """The company on ``stamp``, found in an image ``zoom`` times smaller than ``bgr`` (reading
    from a larger image helps: seal characters are small). The strip covers the name's stretch of
    the ring; wider and closer-set strips follow until a clear match. Where the engine gives its
    character probabilities, every lexicon name is scored against them (which reads faint seals
    far better than matching the greedy text); otherwise the text is matched by edit distance."""
    crop, ell = seal_crop(bgr, stamp, zoom, 0.6)
    red = redness(crop)
    outer, inner = text_band(red, ell)
    start, span = text_span(red, ell, outer)
    ink = seal_ink(crop, red)
    names = lexicon()
    first: SealReading | None = None
    for widen, squeeze in T.SEAL_STRIP_TRIES:
        strip = unwrap(ink, ell, start - widen / 2, min(360.0, span + widen), outer, inner)
        if squeeze != 1.0:  # seal type is set wide apart; the recogniser knows closer lines
            strip = cv2.resize(strip, (max(16, int(strip.shape[1] * squeeze)), strip.shape[0]), interpolation=cv2.INTER_AREA)
        lp = engine.line_probabilities(strip)
        if lp is not None:  # one pass of the recogniser gives both the reading and the scores
            text = "".join(greedy_text(lp).split())
            scores = infix_scores(lp, [n for _, n in names])
            match = best_carrier([(cid, n, float(v)) for (cid, n), v in zip(names, scores)], "ctc")
        else:
            line = engine.read_line(strip)
            text = "".join(line.text.split()) if line else ""
            match = match_company(text)
        reading = SealReading(text, match)
        if match is not None and match.clear:
            return reading
        first = first or reading
    assert first is not None
    return first
