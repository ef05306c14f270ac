"""The weight a scale's display shows, as the page read reads it.

The page read (:meth:`~evidencecheck.vision.context.AnalysisContext.page_lines`) finds a display's digits
on most weighing photos, but at its size a decimal point is a pixel or two and is often dropped
(10.58 read 1058). Each line that reads as a number, alone or with its unit (kg, g, 斤, lb), is cut
from the original photo and read again closer, its digits brought to a reading height, both ways
up: a display stands upside down when the photo does not, and seven-segment digits read as digits
either way (2686 turned reads 9892). Lines with anything else in them are not weights: a model
number (TCS-150), a capacity or division (Max 40kg d=2g, 称量 30kg), a clock (13:11), a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from .. import thresholds as T
from ..ocr.base import OcrEngine, OcrLine
from ..vision.context import AnalysisContext, cut_line, line_window

Box = tuple[int, int, int, int]

UNIT_SPELLINGS = {"kg": "kg", "KG": "kg", "Kg": "kg", "公斤": "kg", "千克": "kg", "g": "g", "克": "g",
                  "lb": "lb", "LB": "lb", "Lb": "lb", "lbs": "lb", "磅": "lb", "斤": "斤"}
"""How a scale's display or body spells each unit (kg, g, 斤, lb)."""
_UNIT = "(?P<unit>" + "|".join(sorted(UNIT_SPELLINGS, key=len, reverse=True)) + ")"
# A dash before the digits is the lit middle bar of an unlit position or a tare's minus, both
# read as a minus by OCR (calibration seed 5161 #34: 11.11 斤 read -11.11斤); the segments drop
# a tare's minus too (weight._read_display).
_NUMBER = re.compile(r"-?(?P<digits>\d{1,6}(?:[.,·。]\d{1,4})?)" + _UNIT + r"?")


@dataclass(frozen=True)
class TextWeight:
    """A display's number as OCR reads it: ``digits`` without the point, ``point`` the index of the
    digit the point follows (None: no point), ``unit`` (kg, g, 斤, lb or None), ``bbox`` in original
    pixels, ``upside_down`` whether it read the other way up from the page."""

    digits: str
    point: int | None
    unit: str | None
    bbox: Box
    upside_down: bool = False

    @property
    def shown(self) -> str:
        return with_point(self.digits, self.point)


def with_point(digits: str, point: int | None) -> str:
    """``digits`` with a decimal point after the one at index ``point`` (None: none)."""
    return digits if point is None else digits[:point + 1] + "." + digits[point + 1:]


def parse_number(text: str) -> tuple[str, int | None, str | None] | None:
    """A line's text as a display's number: digits, the index the point follows, unit; None when
    the line holds anything else (a letter that is no unit, a colon, a slash, two numbers)."""
    m = _NUMBER.fullmatch("".join(text.split()))
    if m is None:
        return None
    whole, *frac = re.split(r"[.,·。]", m["digits"])
    point = len(whole) - 1 if frac else None
    digits = whole + "".join(frac)
    return digits, point, UNIT_SPELLINGS.get(m["unit"]) if m["unit"] else None


def page_numbers(ctx: AnalysisContext, engine: OcrEngine, channel: int | None = 2) -> list[tuple[OcrLine, Box]]:
    """The lines of the page read (of ``channel``: see
    :meth:`~evidencecheck.vision.context.AnalysisContext.page_lines`) that read as a display's number, each
    with its box in original pixels, tallest first (a display's digits are the largest print on a
    weighing photo)."""
    page, lines = ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE, channel)
    found = []
    for line in lines:
        parsed = parse_number(line.text)
        if parsed is None or line.confidence < T.WEIGHT_TEXT_CONFIDENCE or len(parsed[0]) < 2:
            continue
        found.append((line, page.to_original(line.bbox)))
    return sorted(found, key=lambda f: -min(f[0].bbox[2:]))


def print_over(ctx: AnalysisContext, engine: OcrEngine, box: Box) -> str | None:
    """The text of a line of the page read that ``box`` (original pixels) stands in, as print of
    its size: a line that is no display's number (words, a model number, a capacity or division:
    ``0~10kg: d=5g``), read surely, at most T.PRINT_LINE_HEIGHT times as thick as ``box``, that
    runs through it (across half its own thickness or more); None when there is none."""
    page, lines = ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
    bx, by, bw, bh = box
    for line in lines:
        if line.confidence < T.WEIGHT_TEXT_CONFIDENCE or parse_number(line.text) is not None:
            continue
        x, y, w, h = page.to_original(line.bbox)
        ox, oy = min(x + w, bx + bw) - max(x, bx), min(y + h, by + bh) - max(y, by)
        thick, across = (h, oy) if w >= h else (w, ox)  # a line along the image, or down it
        if ox > 0 and oy > 0 and across >= 0.5 * thick and thick <= T.PRINT_LINE_HEIGHT * min(bw, bh):
            return line.text
    return None


def read_closer(original: np.ndarray, box: Box, k: int, engine: OcrEngine, px: int,
                along: float = T.WEIGHT_TEXT_ALONG, ways: tuple[bool, ...] = (False, True)) -> list[tuple[TextWeight, float]]:
    """The number in ``box`` (original pixels; the page stood upright by ``k`` quarter turns) read
    again from the original with its line ``px`` tall and ``along`` line heights of room at its
    ends, upright and turned half round (``ways``: which, True turned): each way's reading that
    parses, with the engine's confidence."""
    crop = cut_line(original, box, k, px, along, T.WEIGHT_TEXT_ACROSS)
    out = []
    for turned in ways:
        line = engine.read_line(np.ascontiguousarray(crop[::-1, ::-1] if turned else crop))
        parsed = None if line is None else parse_number(line.text)
        if parsed is not None:
            out.append((TextWeight(*parsed, bbox=box, upside_down=turned), line.confidence))
    return out


def maybe_unlit(t: TextWeight) -> bool:
    """Whether OCR's number ``t`` may begin with the faint 8s of a display's unlit leading digits:
    it begins with 8s and what follows them is a reading too (a digit before the point). OCR
    reads unlit 8s as it reads lit ones (bench seed 5152: 1.10 kg read 8881.10, seed 5150: 2.44
    read 82.44); only the segments, which see how deep each stroke is, tell them apart."""
    lead = len(t.digits) - len(lit_digits(t.digits))
    return 0 < lead < len(t.digits) and (t.point is None or t.point >= lead)


def lit_digits(digits: str) -> str:
    """``digits`` less the leading 8s that may be a display's unlit positions: an LCD shows its
    blanked leading digits faintly, and OCR reads them as 8s (1.14 read 8881.14)."""
    return digits.lstrip("8")


ROT180 = {"0": "0", "1": "1", "2": "2", "5": "5", "6": "9", "8": "8", "9": "6", "-": "-"}
"""Seven-segment digits (and a tare's minus) turned half round; 3, 4 and 7 turned are no digit."""


def turned(digits: str) -> str | None:
    """``digits`` as a seven-segment display shows them turned half round, None when one is no digit."""
    out = [ROT180.get(c) for c in reversed(digits)]
    return None if None in out else "".join(out)


def display_numbers(ctx: AnalysisContext, engine: OcrEngine, whole_page: bool = True) -> list[TextWeight]:
    """The numbers the page read and a closer read agree on, the way up that holds, tallest first.

    The two reads agree when the closer one reads the page read's digits (its point may be lost in
    either); the display stands the other way up only when the closer read turned half round reads
    those digits turned with a decimal point and upright without one (a point lies at the digits'
    foot, and a read the wrong way up drops it). Where neither way has a point and the digits read
    both ways, the way up is not known unless the unit was read in the same line (OCR reads a unit
    only upright): such a number is left out.

    The page read (red channel, where print is) is used first; when it gives no number, the whole
    grey page is read: the page read looks only where dark print is, and a display's digits may be
    light, or too tall to be taken for print, or green (dark in red). ``whole_page``: False skips
    that second read (~0.5 s); it is read too when every number of the page read may begin with
    unlit 8s (:func:`maybe_unlit`), which OCR alone does not give (seed 5161 #149: 2.43 read 82.43
    closer in red, 2.43 in grey)."""
    found = _numbers_read(ctx, engine, 2)
    if whole_page and all(maybe_unlit(t) for t in found):
        found += _numbers_read(ctx, engine, None)
    return found


def reads_number(t: TextWeight, digits: str, point: int | None, unit_as: tuple[str, ...] = ()) -> bool:
    """Whether OCR's ``t`` reads ``digits`` (the point after index ``point``), or them after the
    faint 8s of unlit leading digits and before one of ``unit_as`` (a unit as OCR may read it
    among digits), its point, when both have one, in the same place."""
    at = t.digits.find(digits)
    after = t.digits[at + len(digits):]
    if at < 0 or set(t.digits[:at]) - {"8"} or after not in ("", *unit_as):
        return False
    return t.point is None or point is None or t.point - at == point


def _numbers_read(ctx: AnalysisContext, engine: OcrEngine, channel: int | None) -> list[TextWeight]:
    found = []
    for line, box in page_numbers(ctx, engine, channel)[:T.WEIGHT_TEXT_LINES]:
        digits, point, unit = parse_number(line.text)
        for px in T.WEIGHT_TEXT_PX:
            closer = read_closer(ctx.image.pixels, box, ctx.k, engine, px, ways=(False,))
            if any(reads_number(w, digits, point) and w.point is not None for w, _ in closer):
                break  # upright with its point: the way up is known without reading it turned
            closer += read_closer(ctx.image.pixels, box, ctx.k, engine, px, ways=(True,))
            if any(w.digits in (digits, turned(digits)) or reads_number(w, digits, point) for w, _ in closer):
                break
        up = next((w for w, _ in closer if not w.upside_down and w.digits == digits), None)
        down = next((w for w, _ in closer if w.upside_down and w.digits == turned(digits)), None)
        if down is not None and down.point is not None and (up is None or up.point is None) and unit is None:
            number = down
        elif (up is None and down is None and point is not None and min(line.bbox[2:]) >= T.WEIGHT_TEXT_BIG
              and (line.bbox[2] > line.bbox[3] or turned(digits) is None)
              and not any(score >= T.WEIGHT_TEXT_CONFIDENCE and w.digits not in (digits, turned(digits))
                          and not reads_number(w, digits, point) for w, score in closer)):
            # Digits as tall as the recogniser reads at were read at full detail by the page read,
            # where the line was cut along its slant; cut square from the photo, a slanted LCD's
            # strokes may read as nothing. A line standing taller than wide the page read turned a
            # quarter one way, a guess: its digits stand only if they read as none turned half
            # round (bench seed 535566904 #274: a display turned a quarter, 9.900 read 9.958;
            # calibration seed 5152 #72: 7.170, a 7 turned is no digit). Not when the closer read
            # surely read other digits, either way up, than the page read's (after an unlit 8 or
            # two): the page read may have lost one (real val split, an OLED's 1.084 kg read 1.04
            # on a page read the wrong way up, 1.084 closer).
            number = TextWeight(digits, point, unit, box)
        else:
            if up is None:
                # Read closer, the faint 8s of unlit leading digits show (7.66 read 87.66; bench
                # seed 294817093 #346): the number is passed on with them, for the segments to
                # tell lit from unlit (OCR alone gives no number that may begin with them).
                up = next((w for w, _ in closer if not w.upside_down and reads_number(w, digits, point)), None)
                if up is None:
                    continue
                lead = len(up.digits) - len(digits)
                digits, point = up.digits, None if point is None else point + lead
            points = {p for p in (point, up.point) if p is not None}
            if len(points) > 1:
                continue  # the two reads place the point differently
            unit = unit or up.unit
            if not points and unit is None and any(w.upside_down for w, _ in closer):
                continue  # which way up is not known
            number = TextWeight(digits, points.pop() if points else None, unit, box)
        if not more_digits_with_room(ctx.image.pixels, box, ctx.k, engine, number):
            found.append(number)
    return found


def more_digits_with_room(original: np.ndarray, box: Box, k: int, engine: OcrEngine, number: TextWeight) -> bool:
    """Whether the line ``box`` (original pixels; upright after ``k`` quarter turns) read again
    with T.WEIGHT_TEXT_WIDE line heights of room shows more lit digits than ``number`` read there:
    a 1 standing apart at the row's end is not found as part of the line (20.21 read 20.2). The
    faint 8s of unlit leading digits do not count (0.21 read 80.21 with room)."""
    wide = digits_with_room(original, box, k, engine, upside_down=number.upside_down)
    return wide is not None and len(lit_digits(wide)) > len(lit_digits(number.digits))


def digits_with_room(original: np.ndarray, box: Box, k: int, engine: OcrEngine, room: float = T.WEIGHT_TEXT_WIDE,
                     upside_down: bool = False) -> str | None:
    """The digits OCR reads on the line ``box`` (as in :func:`more_digits_with_room`) read again
    with ``room`` line heights of room, turned half round where the number stood ``upside_down``;
    None where it reads no number. With room the line may take in part of the unit after it
    (:func:`_number_at_start`)."""
    crop = cut_line(original, box, k, T.WEIGHT_TEXT_PX[0], room, T.WEIGHT_TEXT_ACROSS)
    line = engine.read_line(np.ascontiguousarray(crop[::-1, ::-1] if upside_down else crop))
    return None if line is None else _number_at_start(line.text)


def _number_at_start(text: str) -> str | None:
    """The digits of the number ``text`` reads, where the room around a line cut part of its unit
    off (37.91k) or OCR read pounds' l as a 1 (8.14 1b); None where it reads none."""
    text = re.sub(r"[1I]bs?$", "lb", "".join(text.split()))
    parsed = parse_number(text) or parse_number(re.sub(r"[A-Za-z]+$", "", text))
    return parsed[0] if parsed else None


def cut_around(original: np.ndarray, t: TextWeight, k: int, along: float, across: float,
               digit_px: int) -> tuple[np.ndarray, Box | None]:
    """The number ``t`` cut from ``original`` with ``along`` line heights of room at both ends of
    its line and ``across`` above and below, stood upright (the page's ``k`` quarter turns, and
    half round when ``t`` reads upside down), scaled so the line is ``digit_px`` tall; and the
    line's box in that crop, None where no pixel of the crop is the line's."""
    x, y, w, h = t.bbox
    (x0, y0, x1, y1), lh = line_window(t.bbox, k, along, across, original.shape)
    crop = original[y0:y1, x0:x1]
    if not crop.size:
        return crop, None
    inner = np.zeros(crop.shape[:2], np.uint8)
    inner[max(0, y - y0):max(0, y - y0 + h), max(0, x - x0):max(0, x - x0 + w)] = 1  # a line may reach past the edge
    turns = (-k + (2 if t.upside_down else 0)) % 4
    crop, inner = np.rot90(crop, turns), np.rot90(inner, turns)
    f = digit_px / max(1, lh)
    crop = cv2.resize(np.ascontiguousarray(crop), None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)
    inner = cv2.resize(np.ascontiguousarray(inner), (crop.shape[1], crop.shape[0]), interpolation=cv2.INTER_NEAREST)
    ys, xs = np.nonzero(inner)
    if not ys.size:  # a line a pixel or two thin, lost in the shrinking
        return crop, None
    return crop, (int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))


def light_on_dark(gray: np.ndarray) -> bool:
    """Whether the strokes in ``gray`` (uint8, mostly a display's digits and their panel) are
    lighter than the panel: the fewer pixels, by Otsu's split, are the strokes."""
    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float(np.mean(gray > t)) < 0.5
