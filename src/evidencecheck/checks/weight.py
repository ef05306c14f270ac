"""The weight on a scale's display, read by two readers that must agree.

OCR's reading of the display (:mod:`~evidencecheck.text.display_number`, from the page read and a closer
read) and the seven-segment reader below each give a number; the weight is given when they read
the same number, or when one reads and the other sees nothing against it, and left out
(``WEIGHT_UNREADABLE``) when they read two numbers over the display (:func:`agree`). Where the page
read saw no number there, OCR reads the segments' row itself (:func:`row_numbers`) for the second
opinion. A display whose unit is not read, but whose reading has three decimals, is in kg: only a
kg display shows three (:data:`MAX_DECIMALS`); from the segments, that needs the page read to read
the same number.

The seven-segment reader works from the original pixels.

The display finder (:mod:`~evidencecheck.vision.displays`) looks at a 1024 px copy, where a small
display's digits are a few pixels tall and a decimal point is lost. The reader cuts each
display-like row it found out of the original photo, turns it so its digits stand upright, brings it
to a reading size and looks again: strokes as deep as at least half the row's deepest (a threshold
local to the display, so a dim backlight or a glare elsewhere does not matter; a lower one fills in
a digit whose segment is dim), the decimal point found at the row's foot between two digits, the
strokes joined into digits, the row's lean measured and every digit read by its segments. The unit
printed beside the digits or lit small above or below them (kg, g, 斤, lb) is read by OCR (a small
mark from a larger cut of the photo) and the value converted to kg. When the finder's rows give no
weight, display panels (:mod:`~evidencecheck.vision.panels`) are read the same way, their first look
taken at a smaller size; when neither gives one, the lines where OCR read a number are: OCR finds
the digits of a display too small for the finder but drops its point, which the segments read there
find. A row whose reading does not hold is read again turned half round (0.28 upside down reads
820).

A wrong weight is worse than none: the weight is left out (``WEIGHT_UNREADABLE``) when a digit
fits no seven-segment pattern, the second look does not contain what the first one read, a
leading 0 has the point elsewhere than after it or leads a gram reading (the segments, which cut
the whole row, read 028 in kg, 斤 or lb as 0.28; OCR alone may read part of a row), the unit is
not read, a kg, 斤 or lb reading has no decimal point or more decimals than a scale shows in that
unit, a gram reading has no point and did not come from the finder's row (or its row shows a point
turned half round), the row shows fewer digits than an overlapping one whose digits did not hold,
or OCR alone reads a number that may begin with a display's unlit 8s.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np

from .. import thresholds as T
from ..ocr.base import OcrEngine, union_box
from ..ocr.ctc import infix_scores
from ..report import Finding
from ..stage import Analysis, Stage
from ..text.display_number import (ROT180, UNIT_SPELLINGS, TextWeight, cut_around, digits_with_room, display_numbers,
                                   light_on_dark, lit_digits, maybe_unlit, more_digits_with_room, page_numbers,
                                   parse_number, print_over, read_closer, reads_number, with_point)
from ..vision.context import AnalysisContext, upright_height
from ..vision.displays import SHEARS, Display, brightest, doubt, more_lit, read_digit, row_lean, row_moved
from ..vision.displays import boxes_overlap as _overlap
from ..vision.geometry import rotate_box
from ..vision.masks import true_runs
from ..vision.panels import Panel, find_panels

Box = tuple[int, int, int, int]

UNITS_KG = {"kg": 1.0, "g": 0.001, "斤": 0.5, "lb": 0.45359237}
"""Kilograms per unit a scale shows."""
MAX_DECIMALS = {"kg": 3, "g": 2, "斤": 2, "lb": 2}
"""Most digits after the point a scale shows in each unit (1 g, 0.01 g, 5 g and ~5 g steps): more
means the point was placed wrongly (bench seed 171672875 read 53.03 斤 as 5.303 斤). Pocket and lab
scales show grams to 0.01 g: at 1 the tune split's 185.11, 31.42 and 67.27 g were left out once
their unit was read; at 2 weighing seeds 5150 / 5152 read 88 / 109 weights, none wrong (86 / 109
before, with the unit marks read from the photo's detail)."""


NOT_FOUND_AGAIN = "the display's digits were not found again at full resolution"


@dataclass(frozen=True)
class WeightReading:
    kg: float | None  # None when not read surely
    shown: str | None  # the digits as the display shows them, with the decimal point ("12.34")
    unit: str | None  # kg, g, 斤 or lb
    bbox: Box | None  # the display's digits, original pixels
    reason: str = ""  # why the weight was left out ("" when read)
    misread: bool = False  # the display's digits were seen but did not hold (a digit unread, two looks disagree)
    seen: str = ""  # the digits the segments showed when they gave no weight ('?', '!': see _contradicts); "" none
    turns: int = 0  # quarter turns (np.rot90's) that stand the digits upright, as the segments read them
    unit_told: bool = False  # the unit was told by the reading's three decimals, not read
    # Where two looks read different digits, the second's (the segments' closer read). Where the
    # first was OCR's number (_segments_where_read), the two readers disagree; where it was the
    # finder's, the segments disagree with themselves, which says nothing against OCR (real
    # parcel-scale: 0.58 kg, a finder's row read 018 the second time), so it is not ``seen``.
    second_look: str = ""
    looked: tuple[tuple[Box, str], ...] = ()  # every row whose digits were seen and did not hold: (bbox, seen)


@dataclass(frozen=True)
class RowReading:
    digits: str  # left to right, '?' for a digit that fits no pattern
    boxes: tuple[Box, ...]  # each digit's x, y, w, h in the reading crop
    point: int | None  # the decimal point follows this digit (index), or None
    torn: frozenset[int] = frozenset()  # '?' digits that read as two digits at two ink thresholds
    # The row read with fainter ink taken in, where it shows more digits: a stroke dimmed by glare
    # or a ghost segment, which only another look reading the same digits tells apart.
    fainter: "RowReading | None" = None
    point_leaning: bool = False  # the point was found only at leans near the row's (point_at_nearby_leans)
    edge_after: bool = False  # the panel's edge stands right after the last digit (_edge_after): the row ends there


def read_weight(ctx: AnalysisContext, engine: OcrEngine | None) -> WeightReading:
    """The weight the photo's scale display shows, or a reading with ``kg`` None and the reason."""
    segments = read_segments(ctx, engine)
    if engine is None:
        return segments
    # The whole page is read again for the display only when the segments gave no weight: what
    # the page read found is enough to contradict a weight they read.
    texts = display_numbers(ctx, engine, whole_page=segments.kg is None)
    if segments.kg is None:
        there, refuted = _segments_where_read(ctx, texts, engine)
        segments = there or segments
        texts = [t for t in texts if t not in refuted]
    reading = agree(ctx, segments, texts, engine)
    if reading.kg is None and segments.kg is None and segments.bbox is not None \
            and print_over(ctx, engine, segments.bbox) is None:
        # Where neither gave a weight, OCR reads the row the segments looked at closer, the way
        # they stood it: the page read may have missed its digits or their point, which the
        # closer read finds (1.23 kg read 123 by the page read). Its number stands as the page
        # read's would, only with its point: agree's rules (not against what the segments saw
        # there, its unit read) decide; read with more room, the row must not show more digits
        # (the segments' cut may leave out a 1 beside a ghost 8: dev set, 18.67 kg read 8.67).
        # Not where the page read read the row as a line of print: a finder's row on a scale's
        # body print (fresh bench seed 1796627000 #110: 0~10kg: d=5g under a negative LCD, its
        # 0~10 read 0.10 closer, the kg after it, 0.10 kg given).
        closer = [t for t in row_numbers(ctx.image.pixels, segments.bbox, segments.turns, engine)
                  if t.point is not None
                  and not more_digits_with_room(ctx.image.pixels, segments.bbox, -segments.turns % 4, engine, t)]
        again = agree(ctx, segments, closer, engine) if closer else reading
        if again.kg is not None:
            reading = again
    if reading.kg is not None and reading.unit_told:
        # Three decimals tell kg of a scale's display; a meter's reading has them too, and its unit
        # (mm, MPa, kWh...) no scale shows (bench seed 1796617000: two meters' 5.896 and 0.759, a
        # unit mm read beside them, given as kg).
        other = other_unit_beside(ctx, engine)
        if other is not None:
            return WeightReading(None, None, None, reading.bbox, f"a unit no scale shows beside the digits ({other})")
        # Nor do they tell which of several readings stacked on a display is a weight: a fuel pump
        # and a price-computing scale show a price per unit with three decimals too (fresh bench
        # seed 1796627000: three fuel pumps' prices, 9.404, 6.279 and 2.734, given in kg).
        beside = reading_beside(ctx, reading, engine)
        if beside is not None:
            return WeightReading(None, None, None, reading.bbox,
                                 f"another reading beside the digits ({beside}): which is a weight is not told")
    return reading


def reading_beside(ctx: AnalysisContext, reading: WeightReading, engine: OcrEngine) -> str | None:
    """Another reading as tall as ``reading``'s digits (at least T.WEIGHT_READING_BESIDE of their
    height) and apart from them: a number the page read reads as a display's, or a row of two
    digits or more the display finder found (the page read misses a negative LCD's light rows);
    None when there is none."""
    tall = T.WEIGHT_READING_BESIDE * upright_height(reading.bbox, reading.turns)
    digits = reading.shown.replace(".", "")
    for line, box in page_numbers(ctx, engine):
        if not (_overlap(box, reading.bbox) or parse_number(line.text)[0].endswith(digits)) \
                and upright_height(box, -ctx.k % 4) >= tall:
            return line.text
    to_original = 1 / ctx.bgr_at(T.DISPLAY_LONG_SIDE).scale
    for d in (row_moved(r, 0, 0, to_original, whole_px=True) for r in finder_rows(ctx)):
        if not _overlap(d.box, reading.bbox) and len(d.text.replace("?", "")) >= 2 and d.digit_height >= tall:
            return d.text
    return None


def weight_of(ctx: AnalysisContext, engine: OcrEngine | None) -> WeightReading:
    """:func:`read_weight`, once per photo: the kind of a photo the tool is unsure of, or sure of
    beside a display that stands out, is decided again with it (checks/doc_type.with_weight), and
    the weight check reports it."""
    return ctx.cached(("weight", ctx.k), lambda: read_weight(ctx, engine))


def _segments_where_read(ctx: AnalysisContext, texts: list[TextWeight],
                         engine: OcrEngine) -> tuple[WeightReading | None, list[TextWeight]]:
    """The segments read where OCR read a number the display finder did not find (a small display
    whose digits are a few pixels tall on the finder's copy): each number's line cut from the
    original and read by its segments, which must read all of OCR's digits (less leading 8s, as
    :func:`_same_number` allows); the point and the unit are the segments' and the unit reader's
    (the page read drops a point of a pixel or two). The first that gives a weight, or None; and
    the numbers of ``texts`` the segments read otherwise there, as many digits, each read: the two
    readers disagree, and OCR's number is no weight (bench seed 1796617000 #170: a quarter-turned,
    squashed 0.66 kg read 0.55 by the page read and its closer read, 066 by the segments)."""
    refuted = []
    for t in texts[:T.WEIGHT_TEXT_LINES]:
        # OCR reads the faint 8s of a display's unlit leading digits, which the segments do not.
        lit = lit_digits(t.digits)
        shows = (t.digits, lit) if lit and lit != t.digits else (t.digits,)
        # A line's box holds the display's panel and some of the scale around it, so which are
        # the strokes is not told by its pixels' shares: both are tried, the digits must read.
        for lod in (True, False):
            d = _line_display(ctx, t, lod)
            for digits in shows if d is not None else ():
                reading = _read_display(ctx.image.pixels, replace(d, text=digits), 1.0, engine, whole=True,
                                        said=t.unit)
                # Digits too small for the finder are small for the point too: a gram reading
                # without one may have lost it (seed 5150: 235.0 g read 2350 g) and is not given.
                if reading.kg is not None and (reading.unit != "g" or "." in reading.shown):
                    return reading, refuted
                seen = reading.seen or reading.second_look
                if len(seen) == len(digits) and not set(seen) & set("?!") and seen != digits and t not in refuted:
                    refuted.append(t)
    return None, refuted


def _line_display(ctx: AnalysisContext, t: TextWeight, lod: bool) -> Display | None:
    """OCR's number ``t`` as a display row in original pixels: its line's box, turned as the page
    is stood upright (and half round when ``t`` read upside down), light digits on a dark panel
    (``lod``) or dark on light, its digits as tall as the ink in the line (:func:`ink_height`);
    None when the line holds no ink."""
    x, y, w, h = t.bbox
    turns = (-ctx.k + (2 if t.upside_down else 0)) % 4
    gray = cv2.cvtColor(np.ascontiguousarray(np.rot90(ctx.image.pixels[y:y + h, x:x + w], turns)), cv2.COLOR_BGR2GRAY)
    dh = ink_height(gray, lod)
    if dh is None:
        return None
    return Display(t.bbox, t.digits, dh, lod, turns >= 2, 0.0, 1.0, 1.0, 1.0, turns % 2)


def ink_height(gray: np.ndarray, light_on_dark: bool) -> float | None:
    """How tall (px) the row of digits in ``gray`` (a line's box, uint8, upright) stands
    (:func:`ink_rows`); None when it holds no strokes."""
    rows = ink_rows(gray, light_on_dark)
    return None if rows is None else float(rows[1] - rows[0])


def ink_rows(gray: np.ndarray, light_on_dark: bool) -> tuple[int, int] | None:
    """The rows (first, past the last) the row of digits in ``gray`` (a line's box, uint8, upright)
    stands over; None when it holds no strokes. PP-OCR's line boxes hold a margin that differs from
    line to line (the digits 0.55-0.7 of the box), more than the reader's 0.7-1.3 tolerance of their
    height. Strokes are taken as the reader takes them (T.WEIGHT_INK_SHARES[0] as deep as the
    deepest), less any running 0.9 of the box's width or more (the edge of the display's panel); the
    digits stand over the longest run of rows crossed by strokes at least T.WEIGHT_LINE_INK_ROWS as
    often as the most crossed row (a unit lit small below them is not the digits), runs joined across
    rows that strokes still cross: between a seven-segment digit's bars only its upright strokes
    do, under that share where they are thin or few (a 7's one stroke; dev sets syw / devw: 0.35
    and 3.007 found 10 and 8 px tall in 31 and 17 px of digits, their units then judged against that)."""
    h, w = gray.shape
    hat = _stroke_depth(gray, light_on_dark, h)
    top = float(np.percentile(hat, 99))
    if top < T.WEIGHT_MIN_INK:
        return None
    ink = (hat > T.WEIGHT_INK_SHARES[0] * top).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    edge = stats[:, 2] >= 0.9 * w
    edge[0] = True
    rows = np.count_nonzero(~edge[labels], axis=1)
    if rows.max() == 0:
        return None
    joined: list[tuple[int, int]] = []
    for a, b in true_runs(rows >= T.WEIGHT_LINE_INK_ROWS * rows.max()):
        if joined and rows[joined[-1][1]:a].all():
            a = joined.pop()[0]
        joined.append((a, b))
    return max(joined, key=lambda r: r[1] - r[0])


def digits_end(gray: np.ndarray, light_on_dark: bool, rows: tuple[int, int]) -> int | None:
    """The column (px) just past the rightmost stroke of a row of digits in ``gray`` (a line's box,
    uint8, upright) standing over ``rows`` (first, past the last; :func:`ink_rows`), in the top
    T.WEIGHT_DIGIT_END_BAND of their height: every seven-segment digit's top bar or upper right
    stroke reaches its right side there, and a unit lit after them, at their foot or middle,
    stands lower. None when that band holds no strokes."""
    a, b = rows
    foot = a + int(np.ceil(T.WEIGHT_DIGIT_END_BAND * (b - a)))
    hat = _stroke_depth(gray, light_on_dark, b - a)[a:foot]
    top = float(np.percentile(hat, 99)) if hat.size else 0.0
    if top < T.WEIGHT_MIN_INK:
        return None
    cols = np.flatnonzero(np.count_nonzero(hat > T.WEIGHT_INK_SHARES[0] * top, axis=0))
    return int(cols[-1]) + 1


def agree(ctx: AnalysisContext, segments: WeightReading, texts: list[TextWeight], engine: OcrEngine) -> WeightReading:
    """The weight the seven-segment reading ``segments`` and OCR's numbers ``texts`` (tallest
    first) agree on. A weight the segments read stands when OCR reads the same number (or nothing)
    there, and is left out when OCR reads another one over the display. When the segments gave no
    weight, OCR's first number that does not contradict what the segments saw there nor may begin
    with unlit digits (:func:`~evidencecheck.text.display_number.maybe_unlit`), with its unit (read
    with it, by the segments, beside it, or told by three decimals) and a point that fits the unit,
    is the weight; a number with its point and no unit is shown, with no weight."""
    if segments.kg is not None:
        digits = segments.shown.replace(".", "")
        point = segments.shown.find(".") - 1 if "." in segments.shown else None
        same = [t for t in texts if _same_number(t, digits, point, segments.unit)]
        # A run of their digits is no other number: the page read splits a display's line (1.07
        # read as 10 and .0) and leaves out a 1 standing apart at its end (26.181 read 26.18);
        # their row is then read closer, as when OCR read nothing there (bench seed 535566904).
        # A line much shorter than the digits is part of them, not another number: the red page
        # read of a red LED's 1.85 found a line on the foot of its 1.8 and read it 1.0 (bench
        # seed 889038937 #62).
        tall = T.WEIGHT_OTHER_MIN_HEIGHT * upright_height(segments.bbox, segments.turns)
        other = [t for t in texts if _overlap(t.bbox, segments.bbox) and t not in same
                 and not _part_of(t, digits, point) and upright_height(t.bbox, segments.turns) >= tall]
        if segments.unit_told and not same:
            # Three decimals tell kg only of a number read right: a display read upside down with
            # a stray dot has them too, and OCR reads its row turned the same way alike (bench
            # seed 232449160 #170: 2607 g read 1.092 kg). Without its unit read, the segments'
            # number needs the page read's.
            return WeightReading(None, None, None, segments.bbox, "the unit beside the digits was not read")
        closer = None  # the segments' row read by OCR itself, once read
        if not same and not other and engine is not None:
            # OCR read no number over the display (the page read may have stood the photo the
            # wrong way up): it reads the segments' row itself, the way they stood it, and must
            # not read another number there; part of theirs is none (tune split: a lab balance's
            # 140.39 g, the page taken upside down, read 14111 g by the segments alone).
            closer = row_numbers(ctx.image.pixels, segments.bbox, segments.turns, engine)
            same = [t for t in closer if _same_number(t, digits, point, segments.unit) or t.digits in digits]
            other = [t for t in closer if t not in same]
            if same and _more_lit_with_room(ctx.image.pixels, segments, engine):
                return WeightReading(None, None, None, segments.bbox,
                                     f"the digits of {segments.shown} may run on past the row read", True)
        # A run of the digits that is their number without a 1 the segments put before it is
        # another number, read by the page read or closer.
        over = [t for t in texts if _overlap(t.bbox, segments.bbox)]
        dropped = [t for t in (*over, *same) if _without_leading_one(t, digits, point)]
        if dropped:
            other, same = dropped, []
        if other and not same:
            return WeightReading(None, None, None, segments.bbox,
                                 f"two readers disagree ({segments.shown} and {other[0].shown})", True)
        pointed = next((t for t in same if segments.unit == "g" and point is None and t.point is not None), None)
        if pointed is not None:
            # In grams the point is the weight's tenfold: OCR reading the digits with a point the
            # segments did not find disagrees with them (fresh seed 20261206 #194: 451.0 g, OCR
            # 451.0, the segments 4510 g).
            return WeightReading(None, None, None, segments.bbox,
                                 f"two readers disagree ({segments.shown} and {pointed.shown})", True)
        if (segments.unit_told or (segments.unit == "g" and point is not None)) and engine is not None \
                and not _holds_point(same, digits, point, segments.unit):
            # Where the point decides the weight tenfold or the unit (three decimals tell kg), the
            # segments' point needs OCR's, with their number or in their row read closer: a glowing
            # LED's ghost foot or a leaning digit's can pass for one (dev set: 2214 g read 221.4 g;
            # 54.60 lb read 5.460, kg told by its decimals).
            if closer is None:
                closer = row_numbers(ctx.image.pixels, segments.bbox, segments.turns, engine)
            if not _holds_point(closer, digits, point, segments.unit):
                return WeightReading(None, None, None, segments.bbox,
                                     f"the point of {segments.shown} was not read by OCR", True)
        return segments
    unitless = None
    looked = ((segments.bbox, segments.seen), *segments.looked) if segments.bbox is not None else segments.looked
    for t in texts:
        here = segments.bbox is not None and _overlap(t.bbox, segments.bbox)
        # What the segments saw at any row over OCR's number, not only the first row read: a
        # panel's 2?79 there under the finder's unread row, OCR's 2339 (2.779 kg given as 2.339:
        # calibration seed 5161 #5).
        if any(seen and _overlap(t.bbox, box) and _contradicts(seen, t.digits) for box, seen in looked):
            continue
        if maybe_unlit(t):
            continue
        # Three decimals tell kg only of a number read the right way up: 0.851 kg read turned
        # half round is 1.580 (bench seed 175098237 #26, the upright read taking its 1 for a 7);
        # and only of a display's number, not of print away from the display rows the finder
        # stood on: a parcel's label prints prices and form weights with three decimals (the
        # real parcel-scale set, docs/real-images: a Japan Post label's 1,450 yen read 1.450 kg
        # beside a display showing 0.46, a customs form's 1.000 beside 0.92). Such a number
        # needs its unit read with it or beside it.
        away = segments.bbox is not None and not any(_overlap(t.bbox, box) for box, _ in looked)
        read = t.unit or (segments.unit if here else None) or text_unit(ctx, t, engine)
        unit = read or (None if t.upside_down or away else unit_from_decimals(t.digits, t.point))
        if unit is None:
            unitless = unitless or (t if t.point is not None and not (t.upside_down or away) else None)
            continue
        if _led_by_zero(t.digits) and t.point != 0 and not (t.point is None and t.unit not in (None, "g")):
            # A leading zero not before the point: a digit was missed, or, with no point, the
            # page read's line may hold only part of the display's (0.27 read 02): OCR alone does
            # not tell where the point was (the segments do, cutting the whole row). But a line
            # that ends in its unit (0296kg) holds the row's end, and read again with room it
            # showed no more digits (display_number's wide read): its lit 0 is the whole
            # kilograms (jin, pounds), the point after it, as the segments read it (in_kg).
            continue
        if unit == "g" and t.point is None:
            # OCR drops a point of a pixel or two, and in grams a dropped point is a weight ten
            # times too heavy (bench seeds 712843375 and 5150: 690.0 g read 6900 g, 235.0 g 2350 g);
            # only the segments, which find the point at the digits' foot, give a gram reading.
            continue
        reading = in_kg(t.digits, t.point, unit, t.bbox)
        if reading.kg:
            return replace(reading, unit_told=read is None)
    if unitless is not None and segments.shown is None:
        # The number is shown as read (with its point); without its unit it is no weight.
        return WeightReading(None, unitless.shown, None, unitless.bbox, "the unit beside the digits was not read")
    return segments


def _more_lit_with_room(original: np.ndarray, segments: WeightReading, engine: OcrEngine) -> bool:
    """Whether the row the segments read (``segments``), which OCR read in their own cut as theirs
    (or part of it), stood as they stood it, shows more lit digits than theirs read with
    T.SEGMENTS_ROW_ROOM of room: read in their cut, OCR
    reads what the cut holds (fresh bench seed 1796627500 #166: 37.91 斤, cut after its 3, 7.91
    read by both and given). Digits gained before theirs count where they are more than 1s, lit as
    deep as the row's: a lone bar before the digits reads as a 1 (a panel's edge, glare on its
    glass: real tune split, a bathroom scale's 176.4 lb read 1176.4 with room; half an unlit
    position's ghost 8: dev set syw, 0.72 斤 read 10.72), and the segments tell a leading 1 from
    the panel's edge themselves."""
    k, theirs = -segments.turns % 4, (segments.shown or "").replace(".", "")
    wide = digits_with_room(original, segments.bbox, k, engine, T.SEGMENTS_ROW_ROOM)
    if wide is None or len(lit_digits(wide)) <= len(lit_digits(theirs)):
        return False
    if wide.endswith(theirs):
        gained = lit_digits(wide[:len(wide) - len(theirs)])
        return gained.strip("1") != "" and _lit_before(original, segments.bbox, k)
    # A digit gained after them may be the unit's first letter (dev set devw: 1.04 lb read 1.041);
    # another number than theirs with more leaves the cut in doubt.
    return not wide.startswith(theirs)


def _lit_before(original: np.ndarray, box: Box, k: int) -> bool:
    """Whether strokes as deep as the row's (T.WEIGHT_INK_SHARES[0] of its deepest) stand within
    T.SEGMENTS_ROW_ROOM row heights before the row ``box`` (original pixels; upright after ``k``
    quarter turns), a stroke's width away from it: a lit digit there, not an unlit position's ghost."""
    room = T.SEGMENTS_ROW_ROOM
    crop, line = cut_around(original, TextWeight("", None, None, box), k, room, 0.0, T.WEIGHT_TEXT_PX[0])
    if line is None:
        return False
    x, y, w, h = line
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    hat = _stroke_depth(gray, light_on_dark(gray[y:y + h, x:x + w]), h)
    # A stroke's width (0.11-0.15 of a digit's height) left out next to the box: its edge may fall a
    # pixel inside the first digit's stroke (test_scale's 0.72 behind unlit positions: the strip
    # then read 132 deep against the digits' 160, a ghost taken for a lit digit; 17 without it).
    gap = int(0.15 * h) + 1
    side = hat[y:y + h, max(0, x - int(room * h)):max(0, x - gap)]
    if side.size == 0:
        return False
    return float(np.percentile(side, 99)) >= T.WEIGHT_INK_SHARES[0] * float(np.percentile(hat[y:y + h, x:x + w], 99))


def _holds_point(numbers: list[TextWeight], digits: str, point: int | None, unit: str | None) -> bool:
    """Whether one of OCR's ``numbers`` reads ``digits`` shown in ``unit`` with a point, in their
    place (after index ``point``; :func:`_same_number` holds a point read by both in one place). A
    number reading part of the digits says nothing of their point."""
    return any(t.point is not None and _same_number(t, digits, point, unit) for t in numbers)


def row_numbers(original: np.ndarray, box: Box, turns: int, engine: OcrEngine) -> list[TextWeight]:
    """The numbers OCR reads, surely (:data:`~evidencecheck.thresholds.WEIGHT_TEXT_CONFIDENCE`) and
    of two digits or more, in the display row ``box`` (original pixels) cut from ``original`` and
    stood upright by ``turns`` quarter turns (np.rot90's)."""
    return [t for t, score in read_closer(original, box, -turns % 4, engine, T.WEIGHT_TEXT_PX[0], ways=(False,))
            if score >= T.WEIGHT_TEXT_CONFIDENCE and len(t.digits) >= 2]


def _dim_digit_before(fainter: RowReading, digits: str) -> bool:
    """Whether the row read at a fainter threshold, ``fainter``, holds the first two or more of
    ``digits`` after a digit as tall as them (T.WEIGHT_DIM_DIGIT_HEIGHT of their median height)
    that is no unlit 8 (a ghost segment's 8; the panel's edge taken in as a bar stands shorter:
    tune split, a bathroom scale's frame before its 176.4)."""
    for k in range(len(digits), 1, -1):
        at = fainter.digits.find(digits[:k])
        if at >= 0:
            tall = T.WEIGHT_DIM_DIGIT_HEIGHT * float(np.median([b[3] for b in fainter.boxes[at:]]))
            return any(c != "8" and b[3] >= tall for c, b in zip(fainter.digits[:at], fainter.boxes[:at]))
    return False


def _contradicts(seen: str, digits: str) -> bool:
    """Whether the segments' ``seen`` digits ('?' one fitting no pattern, '!' one read as two
    digits at two ink thresholds) of a display that gave no weight contradict OCR's ``digits``
    there: as many digits and one read otherwise or torn (a digit the segments could not tell
    between two is not told by OCR: an 8 whose middle bar is dim reads 0 to both, 0.853 read
    0.053), or more digits led by an 8 (OCR reads the faint 8s of unlit leading digits; 0.853
    read 880.853), or, of other lengths, the shorter fitting nowhere along the longer, either way up."""
    if len(digits) == len(seen):
        return any(a not in ("?", b) for a, b in zip(seen, digits))
    if len(digits) > len(seen) and digits.startswith("8"):
        return True
    # Otherwise the shorter must fit somewhere along the longer, '?' fitting any digit: the
    # segments may see a unit's strokes or an unlit position as one more digit, OCR may read part
    # of the row; a digit read otherwise in every place is another number. The segments read a
    # row both ways up, and what they saw may be the wrong way's (4.901 seen turned as 1106?).
    upturned = "".join(c if c in "?!" else ROT180.get(c, "?") for c in reversed(seen))
    return not (_fits_along(seen, digits) or _fits_along(upturned, digits))


def _fits_along(a: str, b: str) -> bool:
    """Whether the shorter of ``a`` and ``b`` fits somewhere along the longer, '?' fitting any digit."""
    short, long_ = sorted((a, b), key=len)
    return any(all(x == y or "?" in (x, y) for x, y in zip(short, long_[i:i + len(short)]))
               for i in range(len(long_) - len(short) + 1))


def _part_of(t: TextWeight, digits: str, point: int | None) -> bool:
    """Whether OCR's ``t`` reads two or more of the segments' ``digits`` in a run (the point after
    index ``point``), its point, when it has one, in the same place."""
    at = digits.find(t.digits)
    return len(t.digits) >= 2 and at >= 0 and (t.point is None or point is None or t.point + at == point)


def _without_leading_one(t: TextWeight, digits: str, point: int | None) -> bool:
    """Whether OCR's ``t`` reads the segments' ``digits`` less a leading 1, both with their point
    in the same place: OCR, which read the point, saw no 1 before the digits (the segments' second
    look may take a panel's edge for one: fresh bench seed 1796605100 #366, 34.36 斤 read 134.36)."""
    return (len(digits) > 2 and digits[0] == "1" and t.digits == digits[1:] and t.point is not None
            and point is not None and t.point + 1 == point)


def _led_by_zero(digits: str) -> bool:
    """Whether a reading of two digits or more begins with a lit 0 (scales blank leading zeros, so
    the 0 stands before the point, or a digit before it was missed)."""
    return len(digits) > 1 and digits[0] == "0"


UNIT_AS_DIGITS = {"lb": ("16", "6"), "g": ("9",)}
"""A unit lit just after a display's digits, as OCR may read it among them (test_scale's 2.35 lb
read 2.3516; bench seed 889038937's 2.15 lb read 2.156, its l lost)."""


def _same_number(t: TextWeight, digits: str, point: int | None, unit: str | None) -> bool:
    """Whether OCR's ``t`` reads the segments' ``digits`` (point after index ``point``) shown in
    ``unit``. OCR may read more: the faint 8s of a display's unlit leading digits, and the unit as
    digits (:data:`UNIT_AS_DIGITS`)."""
    return reads_number(t, digits, point, UNIT_AS_DIGITS.get(unit, ()))


def unit_from_decimals(digits: str, point: int | None) -> str | None:
    """The unit a reading must be in by its decimals alone: three decimals only a kg display
    shows (MAX_DECIMALS); None otherwise."""
    if point is not None and len(digits) - point - 1 == 3:
        return "kg"
    return None


def text_unit(ctx: AnalysisContext, t: TextWeight, engine: OcrEngine) -> str | None:
    """The unit beside or above/below the number ``t`` OCR read, or None."""
    px = T.WEIGHT_READ_DIGIT_PX
    crop, line = cut_around(ctx.image.pixels, t, ctx.k, T.WEIGHT_UNIT_ROOM, T.WEIGHT_PAD, px)
    if line is None:
        return None
    x, y, w, h = line
    gray = cv2.cvtColor(crop[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY)
    lod = light_on_dark(gray)
    n = len(t.digits)
    boxes = tuple((int(x + i * w / n), y, max(1, int(w / n)), h) for i in range(n))
    # The digits stand over part of the line's box (PP-OCR's margin, a unit lit above them): a
    # mark is small beside the digits, not beside the box.
    a, b = ink_rows(gray, lod) or (0, h)
    end = digits_end(gray, lod, (a, b))
    if end is not None and end < w:
        # PP-OCR's line may take in a unit lit small at the digits' foot (real parcel-scale set:
        # a CAS scale's kg, inside the line of 0.58 and read as nothing there); the strip after
        # the digits starts where their ink ends, not where the line's box does.
        bx, by, _, bh = boxes[-1]
        boxes = (*boxes[:-1], (bx, by, max(1, x + end - bx), bh))
    inked = tuple((bx, y + a, bw, max(1, b - a)) for bx, _, bw, _ in boxes)
    detail_px = round(T.WEIGHT_MARK_DIGIT_PX * h / max(1, b - a))  # the digits T.WEIGHT_MARK_DIGIT_PX tall

    def detail() -> np.ndarray:
        return cut_around(ctx.image.pixels, t, ctx.k, T.WEIGHT_UNIT_ROOM, T.WEIGHT_PAD, detail_px)[0]

    return read_unit(crop, boxes, engine, lod, detail, inked)


def read_segments(ctx: AnalysisContext, engine: OcrEngine | None) -> WeightReading:
    """The weight the photo's scale display shows as its seven segments read."""
    scale = ctx.bgr_at(T.DISPLAY_LONG_SIDE).scale
    # ``stood``: (box, turns) of rows whose every digit and unit were read, the way they stood.
    first, told, grams, unweighed, looked, stood = None, None, None, [], [], []
    for d, whole in _candidates(ctx):
        reading = _read_either_way(ctx.image.pixels, d, scale, engine, whole, lambda r, px: display_row(ctx, r, px))
        if grams is not None and _other_unit_of(reading, grams):
            return WeightReading(None, None, None, grams.bbox,
                                 f"two readings of the display disagree on its unit (g and {reading.unit})", True)
        if reading.kg is not None and any(_overlap(d.box, box) and (reading.turns - turns) % 4 == 2
                                          for box, turns in stood):
            # A row whose every digit and unit were read one way up (its point not seen) stands
            # that way: read half round, it is another number (bench seed 1796615000 #374: 2.907
            # kg read whole as 2907 kg, then a smaller row of it read turned as 1.062 kg).
            continue
        if reading.kg is None and reading.unit is not None and reading.seen and "?" not in reading.seen:
            stood.append((d.box, reading.turns))
        # A row overlapping one whose digits were seen and gave no weight (``unweighed``: they did
        # not hold, or held without their unit) is the same display: when the whole row did not
        # read, a part of it (fewer digits than it showed) must not.
        shows = len((reading.shown or "").replace(".", ""))
        if any(_overlap(d.box, box) and shows < n for box, n in unweighed):
            continue
        if reading.kg is not None and not reading.unit_told:
            if reading.unit != "g":
                return reading
            # A gram reading waits for the display's other rows: a kg whose k was lost reads g, a
            # weight a thousand times too light (bench seed 1796618000 #262: 4.40 kg upside down,
            # its kg a small mark, read 440 g from its panel turned, 440 kg by its rows after).
            grams = grams or reading
            continue
        if reading.kg is not None:
            # Its unit told only by three decimals, which a row read the wrong way up with a stray
            # dot shows too: a later row whose unit is read comes first (bench seed 294817093 #2:
            # 2997 g, its g read beside it, lost behind its first row read turned as 1.662 kg).
            told = told or reading
            continue
        if reading.misread:
            unweighed.append((d.box, len(d.text)))
            if reading.seen and reading.bbox is not None:
                looked.append((reading.bbox, reading.seen))
        elif shows >= 2:
            # Every digit read and no weight given (its unit not read): a row there reading fewer
            # is a part of it (bench seed 1796604400 #286: 26.02 lb whole, then 6.02 lb given by
            # a brightest-channel row that lost the leaning 2).
            unweighed.append((d.box, shows))
        first = first or reading
    found = grams or told or first or WeightReading(None, None, None, None, "no scale display found")
    return replace(found, looked=tuple(looked))


def _other_unit_of(reading: WeightReading, grams: WeightReading) -> bool:
    """Whether ``reading`` shows the digits of the gram reading ``grams`` over the same display in
    another unit (a weight, or digits seen with their unit and no weight)."""
    digits = reading.seen or (reading.shown or "").replace(".", "")
    return (reading.unit not in (None, "g") and reading.bbox is not None and _overlap(reading.bbox, grams.bbox)
            and digits == grams.shown.replace(".", ""))


def _candidates(ctx: AnalysisContext):
    """Display rows to read, best first, each with whether the second look must read all of the
    first (its text) and nothing more: the finder's rows (no: the finder may see part of a row),
    then panels (yes: their first look is a whole reading at a smaller size), whose digits the
    finder did not see or did not read (too small, run together); panels are looked for only when
    the finder's rows did not give the weight."""
    for d in finder_rows(ctx):
        yield d, False
    work = ctx.bgr_at(T.DISPLAY_LONG_SIDE)
    for p in find_panels(work.pixels)[:T.WEIGHT_PANELS]:
        d = _panel_display(ctx.image.pixels, p, work.scale)
        if d is not None:
            yield d, True
    # Then the rows found on the brightest channel: a saturated backlight (a blue LCD) hides
    # its digits on luma.
    for d in _rows_to_read(ctx.brightest_displays()):
        yield d, False
    # Then the rows of a display too small for the finder at its size (a 12 MP photo's).
    for d in _rows_to_read(ctx.small_displays()):
        yield d, False
    # Last, the rows in the places the display-region model marks, each looked at closer: after
    # every other row, so that they only add a weight where none was read (on real photos the
    # model also marks print and a blurred enlargement's texture: a row read there first would
    # stand in for the reading a later row makes; real-dev's cart scale lost its 5.0 so).
    for d in _rows_to_read(ctx.region_displays()):
        yield d, False


def finder_rows(ctx: AnalysisContext) -> list[Display]:
    """The display finder's rows the weight check reads, best first: those scoring
    T.WEIGHT_MIN_DISPLAY_SCORE or more, at most T.WEIGHT_CANDIDATES."""
    return _rows_to_read(ctx.displays())


def _rows_to_read(rows: list[Display]) -> list[Display]:
    """Of a finder's ``rows`` (best first), those scoring T.WEIGHT_MIN_DISPLAY_SCORE or more, at
    most T.WEIGHT_CANDIDATES."""
    return [d for d in rows if d.score >= T.WEIGHT_MIN_DISPLAY_SCORE][:T.WEIGHT_CANDIDATES]


def _panel_display(original: np.ndarray, p: Panel, scale: float) -> Display | None:
    """The panel ``p`` (found on a copy ``scale`` times the original's size) as a display row whose
    first look is a reading at T.WEIGHT_CHECK_DIGIT_PX (the finder's look being missing): the
    reading at the usual size must then contain it. None when no digit reads at that size."""
    d = Display(p.box, "", p.digit_height, p.light_on_dark, False, 0.0, 1.0, 0.0, 1.0, p.quarter)
    _, _, row = _row_at(original, d, scale, T.WEIGHT_CHECK_DIGIT_PX)
    if row is None or not set(row.digits) - {"?", "1", "-"}:
        return None
    return replace(d, text=row.digits)


def _read_either_way(original: np.ndarray, d: Display, scale: float, engine: OcrEngine | None,
                     whole: bool = False, rows: RowCut | None = None) -> WeightReading:
    """The display ``d`` read the way the finder stood it up, or, when that reading does not hold,
    turned half round: the finder chooses between the two by which reads more digits, and 0.28
    reads as 82.0 either way up. The decimal point at the digits' foot and the unit, which OCR
    reads only upright, tell the two apart: read the wrong way up, they do not hold. ``rows``: as
    for :func:`_read_display`."""
    # A row that gave no weight keeps the way the finder stood it, where it is read closer (read_weight).
    reading = replace(_read_display(original, d, scale, engine, whole, rows), turns=(d.quarter + 2 * d.upside_down) % 4)
    if reading.kg is not None or reading.reason == NOT_FOUND_AGAIN:
        return reading
    turned = replace(d, upside_down=not d.upside_down, text="".join(ROT180.get(c, "?") for c in reversed(d.text)))
    other = _read_display(original, turned, scale, engine, whole, rows)
    return other if other.kg is not None else reading


def _cut_upright(original: np.ndarray, d: Display, scale: float) -> tuple[np.ndarray, Box]:
    """The row ``d`` (found on a copy ``scale`` times the original's size) cut from ``original``
    with room around it (``T.WEIGHT_PAD`` digit heights; ``T.WEIGHT_UNIT_ROOM`` along the row, where
    the unit is), turned so its digits stand upright, its levels lifted as the finder's were; and
    the digits' box in original pixels."""
    x0, y0, x1, y1, before, after = _cut_frame(original.shape, d, scale)
    crop = original[y0:y1, x0:x1]
    if d.brightest:  # read on the plane it was found on
        crop = brightest(crop)
    if before or after:
        fill = [float(v) for v in np.median(crop.reshape(-1, crop.shape[2]), axis=0)]
        t, b, l, r = (0, 0, before, after) if d.quarter else (before, after, 0, 0)
        crop = cv2.copyMakeBorder(crop, t, b, l, r, cv2.BORDER_CONSTANT, value=fill)
    if d.gain > 1.0:  # seen in an underexposed photo: read in the levels the finder saw
        crop = cv2.convertScaleAbs(crop, alpha=d.gain)
    if d.quarter:
        crop = np.rot90(crop)  # as the finder read it: turned a quarter counter-clockwise
    if d.upside_down:
        crop = crop[::-1, ::-1]
    x, y, w, h = (v / scale for v in d.box)
    return np.ascontiguousarray(crop), (int(x), int(y), max(1, int(w)), max(1, int(h)))


def _cut_frame(shape: tuple[int, ...], d: Display, scale: float) -> tuple[int, int, int, int, int, int]:
    """Where :func:`_cut_upright` cuts the row ``d`` (found on a copy ``scale`` times the size of an
    original of ``shape``): x0, y0, x1, y1 in original pixels, and the fill added before and after
    the cut across the row, px."""
    H, W = shape[:2]
    x, y, w, h = (v / scale for v in d.box)
    dh = d.digit_height / scale
    along, across = T.WEIGHT_UNIT_ROOM * dh, T.WEIGHT_PAD * dh
    mx, my = (across, along) if d.quarter else (along, across)  # a row down the image runs along y
    x0, y0 = max(0, int(x - mx)), max(0, int(y - my))
    x1, y1 = min(W, int(np.ceil(x + w + mx))), min(H, int(np.ceil(y + h + my)))
    # A row near the photo's top or foot (a close-up of a scale's head) is read as the row nearest
    # the cut's middle: the cut is filled out across the row with the panel's colour, so the row
    # stays in its middle (real parcel-scale set: 0.22 kg at 40 px from the top, the buttons
    # under it taken for the row). Not along it: digits at the photo's side may run on past it.
    before, after = (x - mx, x + w + mx - W) if d.quarter else (y - my, y + h + my - H)
    return x0, y0, x1, y1, max(0, int(np.ceil(-before))), max(0, int(np.ceil(after)))


def in_original(shape: tuple[int, ...], d: Display, scale: float, digit_px: int, box: Box) -> Box:
    """``box`` (x, y, w, h) in the pixels of the row ``d`` cut with its digits ``digit_px`` tall
    (:func:`_scaled_cut`) as a box in the original's pixels (of ``shape``)."""
    x0, y0, x1, y1, before, after = _cut_frame(shape, d, scale)
    f = digit_px / max(1.0, d.digit_height / scale)
    # The cut before it was turned (a quarter, then half round: np.rot90 by both) with its fill.
    wc, hc = (x1 - x0 + before + after, y1 - y0) if d.quarter else (x1 - x0, y1 - y0 + before + after)
    k = d.quarter + 2 * d.upside_down
    bx, by, bw, bh = rotate_box(tuple(v / f for v in box), -k, *((hc, wc) if d.quarter else (wc, hc)))
    bx, by = (bx - before, by) if d.quarter else (bx, by - before)
    return int(round(x0 + bx)), int(round(y0 + by)), max(1, int(round(bw))), max(1, int(round(bh)))


def _scaled_cut(original: np.ndarray, d: Display, scale: float, digit_px: int) -> tuple[np.ndarray, Box]:
    """The row ``d`` cut from ``original`` (:func:`_cut_upright`), scaled so its digits are
    ``digit_px`` tall (BGR), and the digits' box in original pixels."""
    crop, box = _cut_upright(original, d, scale)
    f = digit_px / max(1.0, d.digit_height / scale)
    return cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC), box


def _row_at(original: np.ndarray, d: Display, scale: float, digit_px: int) -> tuple[np.ndarray, Box, RowReading | None]:
    """The row ``d`` cut from ``original`` (:func:`_scaled_cut`) and read: the crop (BGR), the
    digits' box in original pixels, the reading."""
    crop, box = _scaled_cut(original, d, scale, digit_px)
    return crop, box, read_row(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY), d.light_on_dark, digit_px)


RowCut = Callable[[Display, int], tuple[np.ndarray, Box, RowReading | None]]
"""Cuts a display row out of the photo with its digits so many px tall and reads it (:func:`_row_at`)."""


def display_row(ctx: AnalysisContext, d: Display, digit_px: int) -> tuple[np.ndarray, Box, RowReading | None]:
    """:func:`_row_at` of the finder's row ``d`` in ``ctx``'s photo, once per photo: the kind's
    observation (:func:`other_unit_beside`) and the weight check read the same rows (~15 ms a
    weighing photo, seed 816660854)."""
    return ctx.cached(("display_row", d, digit_px),
                      lambda: _row_at(ctx.image.pixels, d, ctx.bgr_at(T.DISPLAY_LONG_SIDE).scale, digit_px))


def _read_display(original: np.ndarray, d: Display, scale: float, engine: OcrEngine | None,
                  whole: bool = False, rows: RowCut | None = None, said: str | None = None) -> WeightReading:
    """``d`` cut from ``original`` and read again; the reading must contain ``d.text`` ('?' any
    digit), or be it when ``whole``. ``rows``: cuts and reads a row (:func:`display_row`, which
    reads each once per photo); None: :func:`_row_at` on ``original``. ``said``: the unit OCR read
    in the same line as ``d``'s digits, taken when none is read beside the segments' digits."""
    rows = rows or (lambda r, px: _row_at(original, r, scale, px))

    def runs_on(crop: np.ndarray, row: RowReading, through: bool = False) -> bool:
        # A unit read right after the last digit ends the row there, whatever lies past the cut
        # (real parcel-scale set: 1.28 kg, its kg at the photo's right edge). ``through``: also
        # where the cut goes through strokes in the row's band, which only the first cut asks:
        # cut wider, a digit cut through is whole, and strokes there that are none (a frame,
        # print on the body) do not keep the row from being read.
        ends = _cut_ends(row, crop.shape[1], T.WEIGHT_READ_DIGIT_PX)
        if through:
            ends = tuple(a or b for a, b in zip(ends, _cut_through(crop, row, d.light_on_dark, T.WEIGHT_READ_DIGIT_PX)))
        left, right = ends[0], ends[1] and not row.edge_after
        return left or (right and (engine is None or unit_in(crop, _unit_strip(row.boxes), engine) is None))

    cut = d
    crop, box, row = rows(cut, T.WEIGHT_READ_DIGIT_PX)
    if row is not None and runs_on(crop, row, through=True):
        # The finder saw part of the row and the rest runs past the cut (a leading 1 lost there
        # turns 10.849 into 0.849): cut again wider along the row; if it still runs on, no reading.
        cut = _along_wider(d, T.WEIGHT_RECUT_ROOM * d.digit_height)
        crop, box, row = rows(cut, T.WEIGHT_READ_DIGIT_PX)
        if row is not None and runs_on(crop, row):
            return _runs_on(box, row)
    if row is None:
        return WeightReading(None, None, None, box, NOT_FOUND_AGAIN)
    first, unit = d.text, None
    if row.digits.endswith("?") and engine is not None:
        # On a squat display the unit printed after it is as tall as its digits and joins the row.
        x, y, w, h = row.boxes[-1]
        m = int(0.3 * h)
        unit = unit_in(crop, (x - m, y - m, w + 2 * m, h + 2 * m), engine)
        if unit == "g":  # a lone g may be a seven-segment 9 OCR took for one: not dropped
            unit = None
        if unit is not None:
            row = replace(row, digits=row.digits[:-1], boxes=row.boxes[:-1],
                          point=row.point if row.point != len(row.boxes) - 2 else None)
            first = first[:-1] if first.endswith("?") else first
    if "?" in row.digits or not row.digits:
        # Digits torn between two readings are seen as '!': OCR must not tell them either.
        seen = "".join("!" if i in row.torn else c for i, c in enumerate(row.digits))
        return WeightReading(None, None, None, box, f"a digit fits no seven-segment pattern ({row.digits})", True, seen)
    # What the first look read ("?" any digit) must be part of the second reading (all of it, for a panel).
    look = re.fullmatch if whole else re.search
    if not look(re.escape(first).replace(r"\?", "."), row.digits):
        if row.fainter is None or row.fainter.digits != first:
            return WeightReading(None, None, None, box, f"two looks disagree ({d.text} and {row.digits})", True,
                                 second_look=row.digits)
        # The first look read every digit of the row read with fainter ink taken in: a stroke
        # dimmed by glare, not a ghost (parcel-scale tune set: 0.72 read 07, 1.28 read 1). Its
        # digits may reach the cut where the first reading's did not: the row may run on.
        row = row.fainter
        if runs_on(crop, row):
            return _runs_on(box, row)
    if row.fainter is not None and _dim_digit_before(row.fainter, row.digits):
        # With fainter ink taken in, a digit stands before the row, and not an unlit 8: a dim
        # digit, thin or broken in two at the first threshold (bench seed 1765061234 #90: 19.361 kg,
        # its 1 two short bars, read 9.361), or glare: the row's first digit is not known.
        return WeightReading(None, None, None, box, f"a digit dimmer than the others before the row ({row.fainter.digits})",
                             True, "?" + row.digits)
    digits, point = row.digits, row.point
    lead = len(digits) - len(digits.lstrip("-"))  # a leading minus is a tare
    digits = digits[lead:]
    point = None if point is None else point - lead
    if not digits or "-" in digits or (point is not None and not 0 <= point < len(digits) - 1):
        return WeightReading(None, None, None, box, f"the display shows no number ({row.digits})", True, row.digits)
    if _led_by_zero(digits) and point not in (0, None):
        # Scales blank leading zeros: a 0 that does not stand before the point follows a digit missed.
        return WeightReading(None, None, None, box, f"a leading zero not before the point ({row.digits})", True, row.digits)
    shown = with_point(digits, point)
    # Without its unit (the last check that catches a misread: a part of a row, a row upside down)
    # a reading is shown only when it has its point and both looks read every digit alike.
    sure = shown if point is not None and first == row.digits else None
    if engine is None:
        return WeightReading(None, sure, None, box, "no OCR engine to read the unit")
    read = unit or read_unit(crop, row.boxes, engine, d.light_on_dark,
                             lambda: _scaled_cut(original, d, scale, T.WEIGHT_MARK_DIGIT_PX)[0])
    read = read or _mark_farther_out(original, d, scale, row, engine) or said
    unit = read or unit_from_decimals(digits, point)
    if unit is None:
        return WeightReading(None, sure, None, box, "the unit beside the digits was not read")
    if unit == "g" and row.point_leaning:
        # A gram reading is read either way, with its point or without: one seen only at another
        # lean than the row's measures may be a digit's foot, and the weight a tenth of the
        # display's (fresh seed 1796623000 #26: 23522 g read 2352.2 g; seed 1796620000 #50's 387.0 g,
        # read 3870 g before the point was looked for at other leans, is unread so too).
        return WeightReading(None, None, None, box, f"the point of a gram reading is not sure ({row.digits})", True)
    if unit == "g" and point is None and _point_when_turned(crop, d.light_on_dark, row.digits):
        # A gram reading needs no point, so the point's place cannot tell the way up: read turned
        # half round, the row shows its point at the foot (bench seed 280534119: 1.625 kg, the
        # photo's turn mistaken, read 5291 g).
        return WeightReading(None, None, None, box, f"the display may stand the other way up ({row.digits})", True)
    # The weight stands where its digits were read, not where the finder saw some of them: the
    # closer read of its row by OCR (agree) cuts this box (real parcel-scale's 0.28 kg, the finder's
    # row its 28 and the 0's edge, read 128 there).
    digits_box = in_original(original.shape, cut, scale, T.WEIGHT_READ_DIGIT_PX, union_box(list(row.boxes)))
    return replace(in_kg(digits, point, unit, digits_box), turns=(d.quarter + 2 * d.upside_down) % 4,
                   unit_told=read is None)


def _runs_on(box: Box, row: RowReading) -> WeightReading:
    """No weight: the digits ``row`` reach the end of their cut, so the row may run on past it."""
    return WeightReading(None, None, None, box, f"the row runs on past the cut ({row.digits})", True, row.digits)


def _mark_farther_out(original: np.ndarray, d: Display, scale: float, row: RowReading,
                      engine: OcrEngine) -> str | None:
    """The unit lit small at the panel's far end, past the unlit positions before the digits
    ``row`` of ``d`` (a counter scale's kg under its first position): the row cut again with
    T.WEIGHT_MARK_FAR_ROOM digit heights of room along it, where it must read as before, and its
    marks looked for that far out; None when none is read."""
    wide = _along_wider(d, (T.WEIGHT_MARK_FAR_ROOM - T.WEIGHT_UNIT_ROOM) * d.digit_height)
    crop, _ = _scaled_cut(original, wide, scale, T.WEIGHT_READ_DIGIT_PX)
    again = read_row(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY), d.light_on_dark, T.WEIGHT_READ_DIGIT_PX)
    if again is None or (again.digits, again.point) != (row.digits, row.point):
        return None
    return _unit_mark(crop, again.boxes, engine, d.light_on_dark,
                      lambda: _scaled_cut(original, wide, scale, T.WEIGHT_MARK_DIGIT_PX)[0], T.WEIGHT_MARK_FAR_ROOM)


_NO_HALF_TURN = set("347")
"""Digits whose seven segments, turned half round, are no digit: a row read upright that holds one
does not stand upside down."""


def _point_when_turned(crop: np.ndarray, light_on_dark: bool, digits: str) -> bool:
    """Whether the row in ``crop`` (BGR, at the reading size), read upright as ``digits``, turned
    half round reads as many digits, each fitting a pattern, with a decimal point among them. A
    turned row whose digits fit no pattern is no reading: a red LED's 2430 g, turned, read 0??2
    with the top bar of its 2 for a point (dev set of 240 generated weighing photos, #30). Nor is
    one whose upright digits hold a 3, 4 or 7, which turned are no digits: a blue LCD's 672 g,
    turned, read 21.9, the 7's top bar at the foot taken for a point, the rest of it for a 1
    (bench seed 1796620000 #210)."""
    if _NO_HALF_TURN & set(digits):
        return False
    turned = read_row(cv2.cvtColor(np.ascontiguousarray(crop[::-1, ::-1]), cv2.COLOR_BGR2GRAY), light_on_dark,
                      T.WEIGHT_READ_DIGIT_PX)
    return (turned is not None and len(turned.digits) == len(digits) and "?" not in turned.digits
            and turned.point is not None)


def in_kg(digits: str, point: int | None, unit: str, box: Box) -> WeightReading:
    """The reading ``digits`` (the point after index ``point``, None: none) in ``unit``, in kg;
    left out when the point does not fit the unit: a kg, 斤 or lb reading without one, or more
    decimals than a scale shows in that unit. A reading led by a 0 with no point is read with the
    point after that 0 (a gram reading so led is left out)."""
    if point is None and _led_by_zero(digits):
        # Scales blank leading zeros, so a lit 0 is the whole kilograms (jin, pounds) of a reading
        # under one, and the point, a pixel or two on a small display, follows it: 028 is 0.28.
        # Grams need no point: a leading 0 there follows a digit missed.
        if unit == "g":
            return WeightReading(None, None, unit, box, f"a leading zero not before the point ({digits})", True, digits)
        point = 0
    shown = with_point(digits, point)
    if unit != "g" and point is None:
        return WeightReading(None, None, unit, box, f"a reading in {unit} without a decimal point", seen=digits)
    if point is not None and len(digits) - point - 1 > MAX_DECIMALS[unit]:
        return WeightReading(None, None, unit, box, f"more decimals than a scale shows in {unit} ({shown})")
    if unit == "g" and 0 < float(shown) < 1:
        # No parcel weighs under a gram: the g read is more likely a kg's, its k lost in blur
        # (dev set: a corner kg at 8 px read g, 0.77 kg given as 0.77 g). The number is shown,
        # with no unit and no weight.
        return WeightReading(None, shown, None, box, f"under a gram ({shown} g): the unit read may be part of a kg")
    return WeightReading(round(float(shown) * UNITS_KG[unit], 4), shown, unit, box)


def _at_cut(row: RowReading, width: int, dh: float) -> bool:
    """Whether the first or last digit of ``row`` lies within ``T.WEIGHT_CUT_MARGIN`` digits of
    either end of its crop (``width`` px): more of the row may lie past it (:func:`_cut_ends`)."""
    return any(_cut_ends(row, width, dh))


def _cut_ends(row: RowReading, width: int, dh: float) -> tuple[bool, bool]:
    """Whether the first digit of ``row`` lies within ``T.WEIGHT_CUT_MARGIN`` digits of the left
    end of its crop (``width`` px), and whether the last lies that near the right end. A digit
    is counted as its height ``dh`` (px), or as the row's pitch where that is wider: a squat
    display (seen from above) has digits far wider apart than tall, and a leading 1, lit only on
    its cell's right, stands a whole pitch before the next digit (bench seed 294817093 #386:
    11.107 read 1.107, its first 1 1.55 digit heights out)."""
    left = row.boxes[0][0]
    right = width - (row.boxes[-1][0] + row.boxes[-1][2])
    ends = [x + w for x, _, w, _ in row.boxes]
    pitch = float(np.median(np.diff(ends))) if len(ends) > 1 else 0.0
    margin = T.WEIGHT_CUT_MARGIN * max(dh, pitch)
    return left < margin, right < margin


def _cut_through(crop: np.ndarray, row: RowReading, light_on_dark: bool, dh: float) -> tuple[bool, bool]:
    """Whether strokes in the band of ``row``'s digits run into the left end of ``crop`` (BGR, at
    the reading size, digits ``dh`` px tall) before the row, and whether into its right end after
    it: a digit the cut goes through, too little of it left to be read as one (bench seed
    1796611000 #170: 27.694 kg read 7.694, the cut through its 2 a pitch and a px before the 7).
    Strokes there are ink as the row's (the first of T.WEIGHT_INK_SHARES) joined into a shape that
    touches the end, at least T.WEIGHT_CUT_INK of a digit's height tall there and reaching
    T.WEIGHT_CUT_REACH of it inward: part of a digit, not the edge of a frame."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    hat = _stroke_depth(gray, light_on_dark, dh)
    top = int(np.median([b[1] for b in row.boxes]))
    foot = int(np.ceil(np.median([b[1] + b[3] for b in row.boxes])))
    x0, x1 = row.boxes[0][0], row.boxes[-1][0] + row.boxes[-1][2]
    band = hat[max(0, top):foot]
    if band.size == 0 or x1 <= x0:
        return False, False
    ink = stroke_ink(band, float(np.percentile(band[:, x0:x1], 99)) * T.WEIGHT_INK_SHARES[0])
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    W = ink.shape[1]

    def through(col: int, before: bool) -> bool:
        for i in set(np.unique(labels[:, col])) - {0}:
            x, _, w, _, _ = stats[i]
            if ((x + w <= x0) if before else (x >= x1)) and w >= T.WEIGHT_CUT_REACH * dh \
                    and int((labels[:, col] == i).sum()) >= T.WEIGHT_CUT_INK * dh:
                return True
        return False

    return through(0, True), through(W - 1, False)


def _along_wider(d: Display, by: float) -> Display:
    """``d`` with its box longer by ``by`` px (the finder's scale) at both ends of its row."""
    x, y, w, h = d.box
    box = (x, y - by, w, h + 2 * by) if d.quarter else (x - by, y, w + 2 * by, h)
    return replace(d, box=box)


def read_row(gray: np.ndarray, light_on_dark: bool, dh: float) -> RowReading | None:
    """The row of seven-segment digits about ``dh`` px tall nearest the middle of ``gray`` (uint8,
    digits upright), read; None when there is none."""
    hat = _stroke_depth(gray, light_on_dark, dh)
    H, W = hat.shape
    band = hat[max(0, int(H / 2 - dh / 2)):int(H / 2 + dh / 2)]
    top = float(np.percentile(band, 99)) if band.size else 0.0
    if top < T.DISPLAY_MIN_CONTRAST:
        return None
    best = _read_inked(hat, dh, T.WEIGHT_INK_SHARES[0] * top)
    for share in T.WEIGHT_INK_SHARES[1:]:
        if best is None:
            break
        fainter = _read_inked(hat, dh, share * top)
        if fainter is None or "?" in fainter.digits:
            continue
        if len(fainter.digits) != len(best.digits):
            if len(fainter.digits) > len(best.digits) and best.fainter is None:
                best = replace(best, fainter=fainter)
            continue
        if "?" in best.digits:
            # A segment dimmer than the rest (an LCD seen at an angle) is taken at a lower threshold,
            # but only to fill in the digits that did not read: every other digit must stay as it was.
            if all(a in ("?", b) for a, b in zip(best.digits, fainter.digits)):
                best = fainter
        else:
            # A digit that shows more lit segments with fainter ink taken in (an 8 whose thin middle
            # bar fell under the first threshold reads 0) is not sure at either: it is unread. One
            # that shows fewer is not: more ink lights no segment less, the digit's cell was cut
            # otherwise (real parcel-scale's 2.50 kg, its 5 read 1 at the fainter threshold).
            torn = frozenset(i for i, (a, b) in enumerate(zip(best.digits, fainter.digits)) if more_lit(b, a))
            if torn:
                best = replace(best, digits="".join("?" if i in torn else a for i, a in enumerate(best.digits)),
                               torn=torn)
    return best


def _stroke_depth(gray: np.ndarray, light_on_dark: bool, dh: float) -> np.ndarray:
    """How much darker (lighter, when ``light_on_dark``) than their surroundings strokes up to
    ``T.WEIGHT_STROKE`` of a digit height ``dh`` (px) are in ``gray``: a black-hat, 0..255."""
    g = 255 - gray if light_on_dark else gray
    k = int(T.WEIGHT_STROKE * dh) | 1
    return cv2.morphologyEx(g, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))


def stroke_ink(hat: np.ndarray, depth: float) -> np.ndarray:
    """The strokes of the stroke-depth map ``hat`` (:func:`_stroke_depth`) deeper than ``depth``
    grey levels, and than T.WEIGHT_MIN_INK whatever the row's contrast: uint8, 1 = ink. ``depth``
    is a share (T.WEIGHT_INK_SHARES) of the depth of the digits' deepest strokes."""
    return (hat > max(T.WEIGHT_MIN_INK, depth)).astype(np.uint8)


def _read_inked(hat: np.ndarray, dh: float, depth: float) -> RowReading | None:
    """The row read from the strokes of ``hat`` (stroke depth map) deeper than ``depth`` grey levels."""
    ink = stroke_ink(hat, depth)

    # Decimal points: small round blobs, taken out before strokes are joined (they touch a digit's foot).
    n, labels, stats, cents = cv2.connectedComponentsWithStats(ink, connectivity=8)
    size = np.maximum(stats[:, 2], stats[:, 3])
    round_ = ((size >= T.WEIGHT_POINT_MIN * dh) & (size <= T.WEIGHT_POINT_MAX * dh)
              & (np.minimum(stats[:, 2], stats[:, 3]) >= 0.5 * size) & (stats[:, 4] >= 0.5 * stats[:, 2] * stats[:, 3]))
    round_[0] = False
    dotted = ink.copy()
    ink[round_[labels]] = 0

    # Segments are cut apart by gaps that differ between displays: join them more or less, and
    # keep the reading with the most digits and none unread.
    readings = [r for square, tall in T.WEIGHT_JOINS for r in _read_joined(ink, dotted, dh, square, tall)]
    if not readings:
        return None
    return max(readings, key=lambda r: ("?" not in r.digits, len(r.digits)))


def _read_joined(ink: np.ndarray, dotted: np.ndarray, dh: float, square: int, tall: float) -> list[RowReading]:
    """The row nearest the middle of ``ink`` once its strokes are joined by a ``square`` px closing
    and a vertical one of ``tall`` digit heights, read (``dotted`` is ``ink`` with the decimal
    points); and, where more digits stand in that row's band alone, that longer row read too."""
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((square, square), np.uint8))
    joined = cv2.morphologyEx(joined, cv2.MORPH_CLOSE, np.ones((max(3, int(tall * dh)), 1), np.uint8))
    found = _digit_row(joined, dh)
    if found is None:
        return []
    readings = [_read_digit_row(joined, dotted, dh, *found)]
    # A digit whose foot touches the panel's edge joins it and is no digit-sized shape: looked for
    # within the band of the digits found, it stands apart (real parcel-scale tune set: 0.46 kg
    # read as its 4 alone). Only another reading: in the band, a frame's or an icon's parts may
    # pass for digits too (the tune split's luggage scale, 19.87 then read ?1987?).
    labels, stats, row, (top, foot) = found
    banded = np.zeros_like(joined)
    banded[max(0, top):max(0, foot)] = joined[max(0, top):max(0, foot)]
    again = _digit_row(banded, dh)
    if again is not None and len(again[2]) > len(row) and all(
            any(_x_overlap(stats[i], again[1][j]) for j in again[2]) for i in row):
        readings.append(_read_digit_row(joined, dotted, dh, *again))
    return readings


def _read_digit_row(joined: np.ndarray, dotted: np.ndarray, dh: float, labels: np.ndarray, stats: np.ndarray,
                    row: list[int], band: tuple[int, int]) -> RowReading:
    """The digits ``row`` of ``labels`` (:func:`_digit_row`'s) read within their ``band``, and the
    decimal point among them on ``dotted``."""
    top, foot = band
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in row]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    lean = row_lean(joined[y0:y1, x0:x1])
    one = 0.5 * float(np.median([b[2] for b in boxes]))
    crops = [(labels[max(y, top):min(y + h, foot), x:x + w] == i) for i, (x, y, w, h) in zip(row, boxes)]
    reads = ["".join(read_digit(c, s, one) for c in crops) for s in (lean,) + SHEARS]
    text = min(reads, key=doubt)
    before = _digit_before_one(stats, row, dh)
    if before is not None:
        # The row begins with a one and a digit stands a cell before it: a one stands at the right
        # of its cell, so that gap is wider than the row's (most on squat digits, seen from an
        # angle), and the row may begin there, or that be the panel's edge: a digit unread (fresh
        # seed 20261206 #118: 112 g read 12 g; joining such a one read 11.84 lb 111.84).
        text, boxes = "?" + text, [tuple(int(v) for v in stats[before, :4])] + boxes
        row = [before] + list(row)
    after = _one_after(stats, row, dh)
    if after is not None:
        # A one a cell after the row's last digit: the gap before a one is a cell wider than the
        # row's, past its reach, and the row may end there: a digit unread, not a weight a digit
        # short (bench seed 1796625000 #394: 1.91 斤 read 1.9 斤 and given, 0.95 kg for 0.955).
        text, boxes = text + "?", boxes + [tuple(int(v) for v in stats[after, :4])]
        row = list(row) + [after]
    point = find_point(dotted, labels, row, lean, dh)
    if point is None:
        # The row's lean is measured as the shear that makes its ink narrowest, which digits set
        # close together can mislead (37.61 measured upright, its 7's top bar then over the point).
        # The digits' own slant, from their ink's moments, is the second measure.
        slant = digits_slant(labels, row, boxes)
        if abs(slant - lean) >= T.WEIGHT_SLANT_DIFF:
            point = find_point(dotted, labels, row, slant, dh)
    leaning = point is None
    if point is None:
        point = point_at_nearby_leans(dotted, labels, row, lean, dh)
    return RowReading(text, tuple(boxes), point, point_leaning=leaning and point is not None,
                      edge_after=after is None and _edge_after(stats, row, dh) is not None)


def point_at_nearby_leans(dotted: np.ndarray, labels: np.ndarray, row: list[int], lean: float, dh: float) -> int | None:
    """Where :func:`find_point` finds the row's point at leans ``T.WEIGHT_POINT_LEAN_STEP`` apart
    within ``T.WEIGHT_POINT_LEAN_REACH`` of the measured ``lean``: after one digit, at two or more
    neighbouring leans and at no other digit at any; else None. A point squeezed between two
    leaning digits stands clear of both only when the row is stood upright within a few hundredths,
    and both lean measures can miss by more (bench seed 1796620000 #50: 387.0 g measured 0.10 and
    0.02, its point clear at 0.15-0.225 only, read 3870 g). The measured lean itself is not looked
    at again: the caller found no point there."""
    step, reach = T.WEIGHT_POINT_LEAN_STEP, T.WEIGHT_POINT_LEAN_REACH
    n = int(round(reach / step))
    found = [find_point(dotted, labels, row, lean + k * step, dh) if k else None for k in range(-n, n + 1)]
    places = {p for p in found if p is not None}
    if len(places) != 1:
        return None
    (place,) = places
    return place if any(a == b == place for a, b in zip(found, found[1:])) else None


def _digit_row(joined: np.ndarray, dh: float) -> tuple[np.ndarray, np.ndarray, list[int], tuple[int, int]] | None:
    """The row of digit-sized shapes (about ``dh`` px tall) in ``joined`` (joined strokes, nonzero
    = ink) nearest its middle: its labels and stats (cv2's), the row's labels left to right and
    the band (top, foot) its digits stand in (px, a little room each way); None without one."""
    H, W = joined.shape
    n, labels, stats, cents = cv2.connectedComponentsWithStats(joined, connectivity=8)
    digits = [i for i in range(1, n) if _digit_sized(stats[i], dh)]
    if not digits:
        return None
    # The row: digits side by side at one height, the chain nearest the middle of the crop.
    digits.sort(key=lambda i: stats[i, 0])
    # A one stands at the right of its cell, so the gap before it is nearly a whole cell; a squat
    # display's cells are wide for their height. A digit missing from the row (joined to the
    # panel's edge) leaves a wider gap, which must break the row rather than close it up.
    reach = _row_reach(stats[digits, 2], dh)
    # A digit-sized shape of another row between two digits (a button under the display, seen
    # at the same x) must not break their row: each digit joins any row it continues (real
    # parcel-scale tune set: 0.66 kg read as its 0 alone).
    chains: list[list[int]] = []
    for i in digits:
        x = stats[i, 0]
        joins = [c for c in chains if abs(cents[i][1] - cents[c[-1]][1]) < 0.25 * dh
                 and x - (stats[c[-1], 0] + stats[c[-1], 2]) < reach]
        if joins:
            max(joins, key=lambda c: stats[c[-1], 0]).append(i)
        else:
            chains.append([i])
    row = min(chains, key=lambda c: abs(np.mean([cents[i][1] for i in c]) - H / 2) + 0.1 * abs(
        np.mean([cents[i][0] for i in c]) - W / 2))
    row = _without_leading_edge(stats, row)
    if len(row) >= 3 and _edge_after(stats, row[:-1], dh) == row[-1]:
        row = row[:-1]
    # Each digit is read within the row's band: ink that runs on above or below it is not the digit's.
    top = int(np.median([stats[i, 1] for i in row]) - 0.08 * dh)
    foot = int(np.median([stats[i, 1] + stats[i, 3] for i in row]) + 0.08 * dh)
    return labels, stats, row, (top, foot)


def _digit_sized(stat: np.ndarray, dh: float) -> bool:
    """Whether the shape ``stat`` (cv2's x, y, w, h, area) is as tall as a digit ``dh`` px tall
    (0.7-1.3 of it) and no wider than 1.6 times its height."""
    return 0.7 * dh <= stat[3] <= 1.3 * dh and stat[2] <= 1.6 * stat[3]


def _row_reach(widths: np.ndarray, dh: float) -> float:
    """The gap (px) across which two digits ``dh`` px tall are neighbours in a row whose digits
    are ``widths`` wide: T.WEIGHT_REACH_HEIGHT digit heights or T.WEIGHT_REACH_WIDTH of its wide
    digits' width (75th percentile), whichever is more."""
    return max(T.WEIGHT_REACH_HEIGHT * dh, T.WEIGHT_REACH_WIDTH * float(np.percentile(widths, 75)))


def _digit_before_one(stats: np.ndarray, row: list[int], dh: float) -> int | None:
    """The digit-sized shape a cell before the first digit of ``row`` (:func:`_a_cell_off`) when
    that first digit is a one (:func:`_a_one`), whatever digit stands there (fresh seed
    1796625500 #250: 3315 g, quarter-turned, read 15 g, its 33 a cell apart); else None."""
    if len(row) < 2 or not _a_one(stats[row[0]], float(stats[row][:, 2].max())):
        return None
    return next(iter(_a_cell_off(stats, row, dh, after=False)), None)


def _one_after(stats: np.ndarray, row: list[int], dh: float) -> int | None:
    """The one (:func:`_a_one`) a cell after the last digit of ``row`` (:func:`_a_cell_off`), with
    no ink at the row's height within the row's reach after it (the l of a unit lb printed after
    the row has its b close after it); else None."""
    boxes = stats[row]
    cell, reach, last = float(boxes[:, 2].max()), _row_reach(boxes[:, 2], dh), stats[row[-1]]
    edge = _edge_after(stats, row, dh)
    for i in _a_cell_off(stats, row, dh, after=True):
        if _a_one(stats[i], cell) and i != edge:
            right = stats[i, 0] + stats[i, 2]
            followed = any(j != i and j not in row and _level_with(stats[j], last, dh) and stats[j, 3] >= 0.3 * dh
                           and 0 <= stats[j, 0] - right < reach for j in range(1, len(stats)))
            return None if followed else i
    return None


def _a_cell_off(stats: np.ndarray, row: list[int], dh: float, after: bool) -> list[int]:
    """The digit-sized shapes (labels of cv2's ``stats``, not in ``row``, in label order) level
    with ``row``'s first digit and before it (``after``: its last, and after it), within the gap
    the row's digits join across and its widest digit's width. A one stands at the right of its
    cell, so the gap before it is the row's and a cell more: a row may run on there past its reach."""
    boxes = stats[row]
    cell, reach = float(boxes[:, 2].max()), _row_reach(boxes[:, 2], dh)
    end = stats[row[-1] if after else row[0]]
    out = []
    for i in range(1, len(stats)):
        x, _, w, _ = stats[i, :4]
        gap = x - (end[0] + end[2]) if after else end[0] - (x + w)
        if i not in row and _digit_sized(stats[i], dh) and _level_with(stats[i], end, dh) and 0 <= gap < reach + cell:
            out.append(i)
    return out


def _level_with(stat: np.ndarray, ref: np.ndarray, dh: float) -> bool:
    """Whether the shapes ``stat`` and ``ref`` (cv2's x, y, w, h, ...) stand at one height: their
    middles within a quarter of a digit's height ``dh``."""
    return abs(stat[1] + stat[3] / 2 - (ref[1] + ref[3] / 2)) < 0.25 * dh


def _a_one(stat: np.ndarray, cell: float) -> bool:
    """Whether the digit-sized shape ``stat`` (cv2's x, y, w, h, area) holds only a seven-segment
    digit's right-hand segments: narrow for its height, or (squat digits, seen from an angle)
    under half as wide as the row's other digits, ``cell`` px (0: not known)."""
    return stat[2] < T.DISPLAY_ONE_WIDTH * stat[3] or stat[2] < 0.5 * cell


def _without_leading_edge(stats: np.ndarray, row: list[int]) -> list[int]:
    """``row`` less a bar before its first digit that stands a cell's gap from it: the panel's
    edge or a divider, not a one. A one stands at the right of its cell, so the gap after it is
    the row's usual gap between digits (bench seed 934860919 #226: a panel's left edge read 26093 g
    as 126093 g). Kept when the digit after it is a one too (11.2: a whole cell between them)."""
    if len(row) < 3 or not _a_one(stats[row[0]], 0.0) or _a_one(stats[row[1]], 0.0):
        return row
    usual = _usual_gap(stats, row[1:])
    gap = int(stats[row[1], 0] - (stats[row[0], 0] + stats[row[0], 2]))
    if usual is not None and gap > max(T.WEIGHT_EDGE_GAP * usual, T.WEIGHT_EDGE_GAP_MIN * stats[row[1], 3]):
        return row[1:]
    return row


def _edge_after(stats: np.ndarray, row: list[int], dh: float) -> int | None:
    """The bar (a one-like shape, :func:`_a_one`, level with the last digit of ``row``) standing
    after that digit closer than the row's usual gap between digits: the panel's edge, not a one,
    and the row ends there. A one stands at the right of its cell, so the gap before it is wider
    than the usual one by most of a cell (real tune split: a pocket scale's 0.00 g, the LCD
    window's right edge 7 px after the last 0, the usual gap 10 px, read 0001). None without one."""
    last = stats[row[-1]]
    usual = None if _a_one(last, 0.0) else _usual_gap(stats, row)
    if usual is None:
        return None
    for i in range(1, len(stats)):
        gap = stats[i, 0] - (last[0] + last[2])
        if i not in row and 0 <= gap < usual and _digit_sized(stats[i], dh) and _a_one(stats[i], 0.0) \
                and _level_with(stats[i], last, dh):
            return i
    return None


def _usual_gap(stats: np.ndarray, row: list[int]) -> float | None:
    """The median gap (px) between the digits ``row`` (labels of cv2's ``stats``) before those
    that are no one (a gap before a one is wide); None when there is none."""
    gaps = [int(stats[b, 0] - (stats[a, 0] + stats[a, 2])) for a, b in zip(row, row[1:]) if not _a_one(stats[b], 0.0)]
    return float(np.median(gaps)) if gaps else None


def _x_overlap(a, b) -> bool:
    """Whether boxes ``a`` and ``b`` (x, y, w, h, ...) share any column."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2]


def digits_slant(labels: np.ndarray, row: list[int], boxes: list[Box]) -> float:
    """How far the digits ``row`` of ``labels`` lean forward (x per unit of height, 0 to
    T.DISPLAY_MAX_LEAN): the median over digits of their ink's x-y covariance over its y variance."""
    slants = []
    for i, (x, y, w, h) in zip(row, boxes):
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        if len(ys) > 2 and ys.var() > 0:
            slants.append(-float(np.mean((xs - xs.mean()) * (ys - ys.mean()))) / float(ys.var()))
    return float(np.clip(np.median(slants), 0.0, T.DISPLAY_MAX_LEAN)) if slants else 0.0


def find_point(ink: np.ndarray, labels: np.ndarray, row: list[int], lean: float, dh: float) -> int | None:
    """After which digit of ``row`` (index) a decimal point sits, or None (none, or more than one).

    ``ink``: the strokes, points included (h x w, nonzero = ink); ``labels``: the joined digits'
    labels, ``row`` theirs, left to right. With the row stood upright (``lean``), a point is ink at
    the row's foot whose columns hold no ink higher up, lying past one digit's upper strokes and
    before the next's: every digit with a bottom segment has a top or middle one above it, and a
    point often touches the foot of a digit beside it, so blobs alone do not find it."""
    ys = np.nonzero(np.isin(labels, row))[0]
    foot = float(np.percentile(ys, 98))
    high = max(0, int(foot - 1.1 * dh)), max(1, int(foot - T.WEIGHT_POINT_RISE * dh))  # rows: a digit's strokes
    low = int(foot - 0.25 * dh), int(foot + 0.1 * dh) + 1  # rows: the foot, where a point stands
    # Only the rows looked at are stood upright (a row's point is looked for at many leans).
    y0, y1 = max(0, min(high[0], low[0])), max(high[1], low[1])
    ink, labels = ink[y0:y1], labels[y0:y1]
    M = np.float32([[1, lean, -lean * (foot - y0)], [0, 1, 0]])  # x + lean * (y - foot): the foot stays put
    size = (ink.shape[1], ink.shape[0])
    up_ink = cv2.warpAffine((ink > 0).astype(np.uint8), M, size, flags=cv2.INTER_NEAREST)
    up_lab = cv2.warpAffine(labels.astype(np.float32), M, size, flags=cv2.INTER_NEAREST)
    high, low = slice(high[0] - y0, high[1] - y0), slice(low[0] - y0, low[1] - y0)
    spans = []
    for i in row:
        cols = np.flatnonzero((up_lab[high] == i).any(axis=0))
        if len(cols) == 0:
            return None
        spans.append((cols[0], cols[-1]))
    alone = up_ink[low].any(axis=0) & ~up_ink[high].any(axis=0)
    after = set()
    for a, b in true_runs(alone):
        width, centre = b - a, (a + b) / 2
        if not T.WEIGHT_POINT_MIN * dh <= width <= T.WEIGHT_POINT_MAX * dh:
            continue
        for k in range(len(row) - 1):
            # Not the foot of the next digit: stood less upright than it leans, a leaning digit's
            # foot reaches back under no stroke of its own (bench seed 1796617000 #398: 4.50 斤,
            # the row measured upright at its second measure, read 45.0 for the 0's foot).
            if (spans[k][1] + T.WEIGHT_POINT_GAP * dh <= centre <= spans[k + 1][0] - T.WEIGHT_POINT_GAP * dh
                    and not (up_lab[low, a:b] == row[k + 1]).any()):
                after.add(k)
    return after.pop() if len(after) == 1 else None


# An l read as I, i or 1 before a b is still lb (a luggage scale's lit lb read Ib and ib).
_UNIT_PATTERNS = (("kg", re.compile(r"kg|千克|公斤", re.I)),
                  ("lb", re.compile(r"lb|(?<![a-z])[1i|]b(?![a-z])|磅", re.I)),
                  ("斤", re.compile(r"斤")), ("g", re.compile(r"(?<![a-z])g(?![a-z])|克", re.I)))


def read_unit(crop: np.ndarray, boxes: tuple[Box, ...], engine: OcrEngine, light_on_dark: bool = False,
              detail: Callable[[], np.ndarray] | None = None, inked: tuple[Box, ...] | None = None) -> str | None:
    """The unit a display shows for the digits ``boxes`` in ``crop`` (BGR, at the reading size):
    kg, g, 斤 or lb, read by ``engine`` from the strip right of them, else from a small mark above
    or below them (``light_on_dark``: the display's polarity; ``detail``: makes the same cut with
    more pixels, where the marks are read; ``inked``: the digits' boxes cut to their ink, where a
    mark's size is judged, when ``boxes`` hold a margin); None when none is read, or two."""
    unit = unit_in(crop, _unit_strip(boxes), engine)
    return unit if unit is not None else _unit_mark(crop, inked or boxes, engine, light_on_dark, detail)


def _unit_strip(boxes: tuple[Box, ...]) -> Box:
    """Where a unit printed after the digits ``boxes`` stands (x, y, w, h): from their right end,
    T.WEIGHT_UNIT_ROOM digit heights along, from half a digit height above them to 0.8 below."""
    dh = float(np.median([b[3] for b in boxes]))
    x = max(b[0] + b[2] for b in boxes)
    y0, y1 = min(b[1] for b in boxes), max(b[1] + b[3] for b in boxes)
    return int(x), int(y0 - 0.5 * dh), int(T.WEIGHT_UNIT_ROOM * dh), int(y1 - y0 + 1.3 * dh)


def _unit_mark(crop: np.ndarray, boxes: tuple[Box, ...], engine: OcrEngine, light_on_dark: bool,
               detail: Callable[[], np.ndarray] | None = None, room: float = T.WEIGHT_UNIT_ROOM) -> str | None:
    """The unit lit small in a corner of the panel, above or below the digits ``boxes`` of ``crop``
    (BGR, at the reading size), or at their foot just after them: strokes there are grouped into
    words, and each word about as tall as a mark is read on its own (a detector misses a 14 px
    word on a panel), from ``detail()`` (the same cut, larger) when given: at the reading size a
    pocket scale's lit g is 8 px tall; ``room``: how many digit heights before the digits marks
    are looked for; None when none, or two."""
    dh = float(np.median([b[3] for b in boxes]))
    x0, x1 = min(b[0] for b in boxes), max(b[0] + b[2] for b in boxes)
    # The digits' band from their median top and foot: a mark lit just under the first digit
    # joins that digit's box (tune split: a luggage scale's Lb made its 2's box 60 px tall, the
    # others 48, and the band that hides the digits hid it too).
    y0, y1 = int(np.median([b[1] for b in boxes])), int(np.ceil(np.median([b[1] + b[3] for b in boxes])))
    hat = _stroke_depth(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY), light_on_dark, dh)
    top = float(np.percentile(hat[max(0, y0):y1, max(0, x0):x1], 99))
    ink = stroke_ink(hat, T.WEIGHT_INK_SHARES[-1] * top)
    _clear_digits(ink, (x0, x1, y0, y1), dh)
    H, W = ink.shape
    ink[:, :max(0, int(x0 - room * dh))] = 0
    ink[:, min(W, int(x1 + dh)):] = 0
    ink[:max(0, int(y0 - T.WEIGHT_MARK_REACH * dh))] = 0
    ink[int(y1 + T.WEIGHT_MARK_REACH * dh):] = 0
    # Letters of one word are joined across the gaps between them.
    words = cv2.dilate(ink, np.ones((1, max(3, int(0.12 * dh))), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(words, connectivity=8)
    lo, hi = T.WEIGHT_MARK_HEIGHT
    found: set[str] = set()
    large = None
    for x, y, w, h, _area in stats[1:]:
        if not (lo * dh <= h <= hi * dh and 0.15 * dh <= w <= 1.5 * dh):
            continue
        if x == 0 or y == 0 or x + w == W or y + h == H:
            # Cut by the crop, a word may be part of one: the kg lit under a counter scale's unlit
            # digits, cut to its g, gave 1.20 kg as 1.20 g (bench seed 535566904 #186).
            continue
        m = int(0.25 * h) + 2
        x0, y0, x1, y1 = max(0, x - m), max(0, y - m), x + w + m, y + h + m
        words = [crop[y0:y1, x0:x1]]
        if detail is not None:
            # The closer cut first; where it reads no unit, the word at the reading size: a dim
            # mark blurred in the photo may read only there (tune: a blue luggage scale's lb, read
            # 由 from the closer cut).
            large = detail() if large is None else large
            fx, fy = large.shape[1] / crop.shape[1], large.shape[0] / crop.shape[0]
            words.insert(0, large[int(y0 * fy):int(np.ceil(y1 * fy)), int(x0 * fx):int(np.ceil(x1 * fx))])
        for word in words:
            unit = mark_unit(np.ascontiguousarray(word), engine) if min(word.shape[:2]) >= 8 else None
            if unit is not None:
                found.add(unit)
                break
    return _the_unit(found)


def _clear_digits(ink: np.ndarray, band: tuple[int, int, int, int], dh: float) -> None:
    """Clear (in place) the digits' band from ``ink`` (uint8, 1 = ink; ``band``: the digits' left
    and right end, top and foot, px; ``dh`` their height) up to their right end. Under the digits
    only the strokes reaching the band's middle (T.WEIGHT_DIGIT_CORE of the height away from top
    and foot) are theirs: a mark lit at their foot, under the last digit, stands in the band's
    lower rows but not in its middle (dev set syw: 36.17 斤, its 斤 half cleared with the band and
    read as nothing). Before the digits the band is cleared whole: a unit read there is one seen
    turned half round (a g lit at the foot of 028 read as a g before 820)."""
    x0, x1, y0, y1 = band
    rows = slice(max(0, int(y0 - 0.05 * dh)), int(y1 + 0.05 * dh))
    under = slice(max(0, x0), int(x1 + 0.05 * dh))
    ink[rows, :under.start] = 0
    _, labels = cv2.connectedComponents(ink, connectivity=8)
    top = int(y0 + T.WEIGHT_DIGIT_CORE * dh)
    core = labels[top:max(top + 1, int(y1 - T.WEIGHT_DIGIT_CORE * dh)), under]
    ink[rows, under][np.isin(labels[rows, under], np.unique(core[core > 0]))] = 0


def mark_unit(word: np.ndarray, engine: OcrEngine) -> str | None:
    """The unit (kg, g, 斤 or lb) the small word ``word`` (BGR) spells, or None. Where ``engine``
    gives its recogniser's frames, each spelling of :data:`UNIT_SPELLINGS` is scored as the whole
    word, and the best unit counts when it fits within T.WEIGHT_MARK_FIT and beats every other by
    T.WEIGHT_MARK_MARGIN: a blurred 8 px kg reads ke or Hg greedily, yet its frames hold the g.
    Otherwise the greedy reading counts from T.WEIGHT_MARK_CONFIDENCE."""
    lp = engine.line_probabilities(word)
    if lp is not None:
        spellings = list(UNIT_SPELLINGS)
        best: dict[str, float] = {}
        for spelling, score in zip(spellings, infix_scores(lp, spellings, whole=True)):
            unit = UNIT_SPELLINGS[spelling]
            best[unit] = max(best.get(unit, -np.inf), float(score))
        (unit, top), (_, second) = sorted(best.items(), key=lambda kv: -kv[1])[:2]
        if top >= T.WEIGHT_MARK_FIT and top - second >= T.WEIGHT_MARK_MARGIN:
            return unit
    line = engine.read_line(word)
    return None if line is None else _one_unit([line], T.WEIGHT_MARK_CONFIDENCE)


def unit_in(crop: np.ndarray, box: Box, engine: OcrEngine) -> str | None:
    """The unit (kg, g, 斤 or lb) ``engine`` reads in ``box`` (x, y, w, h) of ``crop`` (BGR), or
    None when it reads none, or two."""
    for lines in _strip_reads(crop, box, engine):
        unit = _one_unit(lines)
        if unit is not None:
            return unit
    return None


def _strip_reads(crop: np.ndarray, box: Box, engine: OcrEngine):
    """The lines ``engine`` reads in ``box`` (x, y, w, h) of ``crop`` (BGR), at each of
    T.WEIGHT_UNIT_SCALES in turn (a generator: the caller stops when it has what it looks for)."""
    x, y, w, h = box
    strip = crop[max(0, y):max(0, y + h), max(0, x):max(0, x + w)]
    if strip.shape[0] < 8 or strip.shape[1] < 8:
        return
    # Lines are found first (the strip also holds the panel's edge and the scale's body), on a
    # copy where the unit is as small as the detector finds short words best; then as it is.
    for f in T.WEIGHT_UNIT_SCALES:
        small = cv2.resize(strip, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f != 1 else strip
        # A word cut by the strip's left edge, or after a letter the detector left out of its
        # line, may be the g of a kg: a gram reading of kilograms.
        small = np.ascontiguousarray(small)
        yield [l for l in _read_strip(small, engine)
               if _one_unit([l]) != "g" or (l.bbox[0] > T.WEIGHT_UNIT_EDGE_PX * f and not _letter_before(small, l.bbox))]


def _letter_before(strip: np.ndarray, box: Box) -> bool:
    """Whether a stroke stands left of the line ``box`` (x, y, w, h) in ``strip`` (BGR) as a letter
    of that line would: at least a third of its height tall, within its rows (a digit's edge at
    the strip's start stands taller). Real parcel-scale set: a CAS scale's kg, its k at the strip's
    edge left out of the line, read as g (0.66 kg given as 0.66 g)."""
    x, y, w, h = box
    if x <= 0 or h <= 0:
        return False
    gray = cv2.cvtColor(strip, cv2.COLOR_BGR2GRAY)
    lod = light_on_dark(gray[y:y + h, x:x + w])
    hat = _stroke_depth(gray, lod, h)
    top = float(np.percentile(hat[y:y + h, x:x + w], 99))
    ink = stroke_ink(hat[:, :x], T.WEIGHT_INK_SHARES[0] * top)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return any(sh >= h / 3 and sy >= y - 0.25 * h and sy < y + h for _, sy, _, sh, _ in stats[1:])


_STRIPS_READ: OrderedDict = OrderedDict()
"""The last strips read (their pixels' digest -> lines): the kind's observation reads the strip
after a display's digits (:func:`other_unit_beside`), and the weight check reads the same pixels
for the unit."""


def _read_strip(strip: np.ndarray, engine: OcrEngine) -> list:
    """``engine``'s page read of ``strip`` (small, BGR) at its own size, read once."""
    key = (id(engine), strip.shape, hashlib.blake2b(strip.tobytes(), digest_size=16).digest())
    if key in _STRIPS_READ:
        _STRIPS_READ.move_to_end(key)
        return _STRIPS_READ[key]
    lines = _STRIPS_READ[key] = engine.read_page(strip, det_long_side=max(strip.shape[:2]))
    if len(_STRIPS_READ) > 32:
        _STRIPS_READ.popitem(last=False)
    return lines


def other_unit_beside(ctx: AnalysisContext, engine: OcrEngine) -> str | None:
    """A unit no scale shows (°C, %RH, mmHg, /min, LITRES, pH...: :func:`~evidencecheck.text.cues.names_other_unit`)
    as ``engine`` reads it in the strip after the digits of one of the display rows the weight
    check would read (:func:`read_unit`'s strip); None when none is read, or when a scale's unit
    is read there too. A thermometer's small °C beside its digits escapes the page read (bench
    seed 542026187: two generated thermometers, their unit unread, were weighing photos at 0.97-1.00).
    Once per photo: the kind's observation asks it, and the weight check of a kg told by decimals."""
    return ctx.cached(("other_unit_beside", id(engine)), lambda: _other_unit_beside(ctx, engine))


def _other_unit_beside(ctx: AnalysisContext, engine: OcrEngine) -> str | None:
    from ..text.cues import names_other_unit

    for d in finder_rows(ctx):
        crop, _, row = display_row(ctx, d, T.WEIGHT_READ_DIGIT_PX)
        if row is None or not row.boxes:
            continue
        for lines in _strip_reads(crop, _unit_strip(row.boxes), engine):
            other = [l.text for l in lines if names_other_unit(l.text)]
            if other:
                return None if _one_unit(lines) else other[0]
            if _one_unit(lines):
                break
    return None


def _one_unit(lines, surely: float = T.WEIGHT_UNIT_CONFIDENCE) -> str | None:
    """The one unit named in the OCR ``lines`` read with confidence ``surely`` or more, or None
    (none, or two)."""
    found = set()
    for line in lines:
        if line.confidence >= surely:
            text = "".join(line.text.split())
            found |= {unit for unit, pat in _UNIT_PATTERNS if pat.search(text)}
    return _the_unit(found)


def _the_unit(found: set[str]) -> str | None:
    """The one unit among ``found`` (kg, g, 斤, lb), a g beside a kg being the kg's; None for none or two."""
    units = found - {"g"} if "kg" in found else found
    return next(iter(units)) if len(units) == 1 else None


def add_weight(a: Analysis) -> None:
    """The weight a weighing photo's scale shows, in kg, and the number as shown; when the two
    readers do not give one, ``WEIGHT_UNREADABLE`` where the display was looked for. On a photo
    whose kind the tool is unsure of, a weight read is given whatever kind is likeliest (the
    kind was decided again with it), and no weight is a finding only where a weighing photo is
    likeliest or next."""
    weight = weight_of(a.ctx, a.engine)
    a.report.weight_kg = weight.kg
    if weight.shown is not None:
        a.report.weight_shown = {"text": weight.shown, "unit": weight.unit}
    if weight.kg is None and a.may_be("weighing_photo"):
        a.report.findings.append(Finding.make("WEIGHT_UNREADABLE", bbox=weight.bbox))


STAGE = Stage("weight", add_weight, kinds=("weighing_photo",), when_unsure="any")
