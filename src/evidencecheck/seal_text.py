"""Read the company on a seal: unwrap the arc of text into a straight strip, OCR it, match it.

A seal's company name runs clockwise along the inside of its border, the tops of the characters
toward the rim. Sampling the ellipse the stamp finder fitted, from the rim inward and round from the
bottom, lays that text out as one straight line, whatever the seal's shape (round, oval, an oval
from a tilted shot). The strip is made from redness (a* in Lab), so black print under the seal
fades and the seal's ink reads dark on white. OCR reads it as one line; :func:`match_company`
finds the carrier.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from . import thresholds as T
from .carriers import CompanyMatch, best_carrier, lexicon, match_company
from .ctc import greedy_text, infix_scores
from .ocr import OcrEngine
from .stamps import StampRegion, seal_crop


@dataclass(frozen=True)
class SealReading:
    text: str  # the best reading of the arc text ("" when nothing was read)
    match: CompanyMatch | None  # the lexicon match of the best reading, when any


def redness(bgr: np.ndarray) -> np.ndarray:
    """Red ink as dark on white (uint8): 255 minus the stretched excess of a* over the paper's."""
    a = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)[:, :, 1].astype(np.float32)
    paper = float(np.median(a))
    ink = np.clip((a - paper) / max(8.0, float(np.percentile(a, 99.5)) - paper), 0, 1)
    return (255 - ink * 255).astype(np.uint8)


def unwrap(image: np.ndarray, ellipse, start_deg: float, span_deg: float = 360.0,
           outer: float = T.SEAL_TEXT_OUTER, inner: float = T.SEAL_TEXT_INNER, height: int = 48) -> np.ndarray:
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


def text_span(red: np.ndarray, ellipse) -> tuple[float, float]:
    """Where the company name runs in the seal's band of text: (start, span) in image degrees,
    clockwise. The name is the longest stretch of the band that carries ink; the short text at
    the bottom and the gaps beside it are left out."""
    ring = unwrap(red, ellipse, 0.0, height=12)
    ink = (255.0 - cv2.resize(ring, (360, 12), interpolation=cv2.INTER_AREA).astype(np.float32)).mean(axis=0)
    window = np.ones(T.SEAL_GAP_WINDOW, np.float32) / T.SEAL_GAP_WINDOW
    smooth = np.convolve(np.concatenate([ink, ink, ink]), window, mode="same")[360:720]
    inked = smooth >= T.SEAL_TEXT_INK * smooth.max()
    if inked.all():
        return float(np.argmin(smooth)), 360.0
    # The longest circular run of inked degrees, counted from a quiet degree so no run wraps.
    start = int(np.argmin(inked))
    edges = np.flatnonzero(np.diff(np.concatenate([[0], np.roll(inked, -start).astype(np.int8), [0]])))
    starts, ends = edges[::2], edges[1::2]
    i = int(np.argmax(ends - starts))
    run_start, length = int(starts[i]), int(ends[i] - starts[i])
    pad = T.SEAL_GAP_WINDOW / 4  # the smoothing eats into the run's ends
    return float((start + run_start - pad) % 360), float(min(360.0, length + 2 * pad))


def read_seal(bgr: np.ndarray, stamp: StampRegion, engine: OcrEngine, zoom: float = 1.0) -> SealReading:
    """The company on ``stamp``, found in an image ``zoom`` times smaller than ``bgr`` (reading
    from a larger image helps: seal characters are small). The strip covers the name's stretch of
    the ring; wider and closer-set strips follow until a clear match. Where the engine gives its
    character probabilities, every lexicon name is scored against them (which reads faint seals
    far better than matching the greedy text); otherwise the text is matched by edit distance."""
    crop, ell = seal_crop(bgr, stamp, zoom, 0.6)
    red = redness(crop)
    start, span = text_span(red, ell)
    names = lexicon()
    first: SealReading | None = None
    for widen, squeeze in T.SEAL_STRIP_TRIES:
        strip = unwrap(red, ell, start - widen / 2, min(360.0, span + widen))
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
