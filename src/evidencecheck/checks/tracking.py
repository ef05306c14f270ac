"""Tracking numbers from the barcodes on a waybill (Code128, Code 39 and QR, decoded by zxing-cpp).

zxing finds bars that run near-horizontal or near-vertical only (a label turned 30-45 degrees
reads 0 of 24 times), so an image with no valid number is tried again turned by 30, 60, 120 and
150 degrees. Bars narrower than about 2.5 px fail: decoding runs on the 1600 px copy other checks
use, then, when that gives nothing, on the original as it stands (``T.TRACKING_PASSES``). A
decoded text counts as a tracking number only where it fits a carrier's format
(:mod:`~evidencecheck.carriers`). Code128 and QR carry their own checksums, so a decode is almost
always what the barcode holds; a blurred Code128 can still pass with two symbols wrong, which shows
as a second, near-identical number of the same label (:func:`_misreads`). Code 39 carries no
check character of its own (its mod-43 one is optional, and paper waybills leave it out), so its
number stands only once the digits printed by it read the same (:func:`check_printed`). Boxes are
original pixels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import cv2
import numpy as np
import zxingcpp

from .. import thresholds as T
from ..carriers import carriers_for_number, one_digit_off_a_format, s10_misread
from ..ocr.base import OcrEngine, OcrLine
from ..report import Finding
from ..stage import Analysis, Stage
from ..text.metrics import edit_distance
from ..vision.context import AnalysisContext, Scaled, cut_line
from ..vision.barcodes import find_linear_barcodes
from ..vision.geometry import rotate_box
from ..vision.masks import true_runs

Box = tuple[int, int, int, int]
_FORMATS = {zxingcpp.BarcodeFormat.Code128: "code128", zxingcpp.BarcodeFormat.Code39: "code39",
            zxingcpp.BarcodeFormat.QRCode: "qr"}
"""The codes a parcel's number is carried in, and their names in a report. Code 39 is the older
paper waybills' (its caption framed by asterisks; val: a five-part paper waybill's 215133590)."""
_LINEAR = ("code128", "code39")
"""Codes that carry no error correction: their numbers are checked against the digits printed by
them (:func:`check_printed`)."""
_TOKEN = re.compile(r"[A-Z0-9]{11,16}")
"""Runs of capitals and digits as long as a tracking number (QR codes hold them inside URLs)."""
_PRINTED = re.compile(r"[A-Z0-9]{9,}")
"""Runs of capitals and digits printed by a barcode that may be its number."""


def printed_runs(text: str) -> set[str]:
    """The :data:`_PRINTED` runs of an OCR line's ``text``, spaces between groups taken out and
    letters as capitals (an overseas number printed in groups, 1Z B75 0JS 47 0779 5784, is 18 long)."""
    return set(_PRINTED.findall("".join(text.split()).upper()))
_UNKNOWN = re.compile(r"(?=(?:[A-Z]*\d){8})[A-Z0-9]{9,30}")
"""A barcode's whole text that could be a tracking number of a format no carrier we know uses
(a paper waybill's older all-digit serial, an overseas parcel's label): 9 to 30 capitals and
digits, at least 8 of them digits (words and short codes are not numbers)."""


@dataclass(frozen=True)
class TrackingNumber:
    number: str
    carriers: tuple[str, ...]  # ids of the carriers whose format it fits (one, seldom several)
    source: str  # "code128", "code39", "qr", or "print" (read by OCR alone, twice: printed_number)
    bbox: Box  # the barcode (the printed line for "print"), original pixels
    printed: bool | None = None  # the digits printed by the barcode read the same (None: not looked at, or not read)
    # Read twice over: the same text in a QR code, or printed by its barcode or after a tracking
    # label. A number of a known format needs no more than its format, and is always so.
    confirmed: bool = True


@dataclass(frozen=True)
class TrackingReading:
    numbers: tuple[TrackingNumber, ...]  # distinct numbers, Code128 ones first

    @property
    def carrier(self) -> str | None:
        """The one carrier whose format every number fits, else None."""
        common = set.intersection(*(set(n.carriers) for n in self.numbers)) if self.numbers else set()
        return common.pop() if len(common) == 1 else None


def numbers_in(text: str) -> list[str]:
    """The tracking numbers in a barcode's ``text``: the whole text when it fits a carrier's format,
    else every run of capitals and digits in it that does (a QR code's URL)."""
    t = text.strip().upper()
    if carriers_for_number(t):
        return [t]
    return [tok for tok in _TOKEN.findall(t) if carriers_for_number(tok)]


def decode_barcodes(gray: np.ndarray, angle: int = 0) -> list[tuple[str, str, np.ndarray]]:
    """(format, text, corners) of the Code128, Code 39 and QR codes in ``gray`` (uint8, h x w) turned by
    ``angle`` degrees counter-clockwise. Corners: 4 x 2 float, in ``gray``'s pixels."""
    img, back = _turned(gray, angle)
    found = []
    for bc in zxingcpp.read_barcodes(img, formats=tuple(_FORMATS)):
        p = bc.position
        pts = np.float32([[q.x, q.y] for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)])
        found.append((_FORMATS[bc.format], bc.text, cv2.transform(pts[None], back)[0]))
    return found


def barcodes_at(ctx: AnalysisContext, long_side: int, angle: int = 0) -> list[tuple[str, str, np.ndarray]]:
    """:func:`decode_barcodes` on the grey copy of ``ctx`` at ``long_side``, decoded once per image
    (the kind of evidence and the tracking check both ask for the 1600 px copy as it stands)."""
    return ctx.cached(("barcodes", long_side, angle), lambda: decode_barcodes(ctx.gray(long_side).pixels, angle))


def barcodes_seen(ctx: AnalysisContext) -> list[Box]:
    """The linear barcodes seen on the 1600 px copy of ``ctx``, decoded or not
    (:func:`~evidencecheck.vision.barcodes.find_linear_barcodes`), largest first, in original
    pixels; looked for once per image (the kind of evidence and this check both ask)."""
    def find() -> list[Box]:
        gray = ctx.gray(T.QUALITY_LONG_SIDE)
        return [gray.to_original(b) for b in find_linear_barcodes(gray.pixels)]
    return ctx.cached(("barcodes_seen", T.QUALITY_LONG_SIDE), find)


def _turned(gray: np.ndarray, angle: int) -> tuple[np.ndarray, np.ndarray]:
    """``gray`` turned ``angle`` degrees counter-clockwise on a canvas that holds all of it, white
    around (quiet zone), and the 2 x 3 affine map from the turned image back to ``gray``."""
    if angle % 360 == 0:
        return gray, np.float32([[1, 0, 0], [0, 1, 0]])
    h, w = gray.shape
    M = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    c, s = abs(M[0, 0]), abs(M[0, 1])
    nw, nh = int(h * s + w * c), int(h * c + w * s)
    M[0, 2] += nw / 2 - w / 2
    M[1, 2] += nh / 2 - h / 2
    turned = cv2.warpAffine(gray, M, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)
    return turned, cv2.invertAffineTransform(M).astype(np.float32)


def read_tracking(ctx: AnalysisContext, passes: tuple = T.TRACKING_PASSES, enlarge: float | None = None) -> TrackingReading:
    """The valid tracking numbers in the barcodes of the image in ``ctx``, looked for in each of
    ``passes`` ((long side px, turns in degrees), ...) in turn, a larger copy only when a smaller
    gave none; then, when ``enlarge`` is given and the photo's long side is under
    ``T.TRACKING_ENLARGE_BELOW``, once more in a copy ``enlarge`` times larger (bicubic). When none
    fits a carrier's format, a barcode whose whole text looks like a number (``_UNKNOWN``) is one,
    of no known carrier: ``confirmed`` when a QR code holds the same text, else only once found
    printed (:func:`check_printed`, :func:`confirm_in_page`)."""
    numbers: dict[str, TrackingNumber] = {}
    sources: dict[str, set[str]] = {}
    unknown: dict[str, dict[str, Box]] = {}  # text of no known format -> {barcode format: box}

    def take(work: Scaled, decoded: list[tuple[str, str, np.ndarray]]) -> None:
        for fmt, text, corners in decoded:
            x0, y0 = corners.min(axis=0)
            x1, y1 = corners.max(axis=0)
            box = work.to_original((x0, y0, x1 - x0, y1 - y0))
            for n in numbers_in(text):
                sources.setdefault(n, set()).add(fmt)
                if n not in numbers or (fmt in _LINEAR and numbers[n].source not in _LINEAR):
                    numbers[n] = TrackingNumber(n, tuple(carriers_for_number(n)), fmt, box)
            t = text.strip().upper()
            if not numbers_in(t) and _UNKNOWN.fullmatch(t):
                unknown.setdefault(t, {})[fmt] = box

    for side, angles in passes:
        work = ctx.gray(side)
        for angle in angles:  # turned further only while no valid number is found
            take(work, barcodes_at(ctx, side, angle))
            if numbers or unknown:
                break
        if numbers or unknown or work.scale >= 1.0:  # found, or there is no larger copy
            break
    long_side = max(ctx.width, ctx.height)
    if enlarge and not (numbers or unknown) and long_side < T.TRACKING_ENLARGE_BELOW:
        work = ctx.gray_at(round(long_side * enlarge))
        take(work, decode_barcodes(work.pixels))
    for n in _misreads(sources):
        numbers.pop(n, None)
    if not numbers:  # a number of no known format only where none of a known one stands
        for n, boxes in unknown.items():
            fmt = next((f for f in _LINEAR if f in boxes), "qr")
            numbers[n] = TrackingNumber(n, (), fmt, boxes[fmt], confirmed="qr" in boxes and len(boxes) >= 2)
    return TrackingReading(tuple(sorted(numbers.values(), key=lambda t: t.source not in _LINEAR)))


def check_printed(ctx: AnalysisContext, reading: TrackingReading, engine: OcrEngine,
                  lines: Sequence = ()) -> TrackingReading:
    """``reading`` with each Code128 and Code 39 number compared with the digits printed beside its barcode,
    read by ``engine``: the same number marks it ``printed``; a printed number of the same length
    whose digits differ from its in one or two places means one of the two is misread, and the
    barcode's number is dropped (a Code128 can pass its check with two symbols wrong; OCR
    can misread a digit: neither is sure), unless the number has a carrier's format and the page
    read (``lines``, OcrLine) holds it whole: then two readers agree against one (dev seed 20261205: the strip read
    SE8521182327771 under SF8521182337771, which the page read held). QR codes correct their own
    errors and are kept as read. A number of no known format found printed by its barcode is
    ``confirmed``. A Code 39 number of a known format that the print does not confirm is dropped
    (no check character vouches for it); one of no known format waits, unconfirmed, for
    :func:`confirm_in_page`."""
    on_page = set().union(*(printed_runs(line.text) for line in lines))
    kept = []
    for n in reading.numbers:
        if n.source not in _LINEAR:
            kept.append(n)
            continue
        printed = _printed_numbers(ctx, n.bbox, engine)
        if n.number not in printed:  # a second look, higher, may only confirm: it drops nothing
            again = _printed_numbers(ctx, n.bbox, engine, lift=T.TRACKING_PRINT_LIFT)
            printed = again if n.number in again else printed
        if n.number in printed or (n.carriers and n.number in on_page):
            kept.append(replace(n, printed=True, confirmed=True))
        elif not any(_digits_disagree(p, n.number) for p in printed) and (n.source == "code128" or not n.carriers):
            kept.append(n)
    return TrackingReading(tuple(kept))


TRACKING_LABELS = ("运单号", "单号", "运单编号", "TRACKING", "TRK", "TKID", "AWB", "WAYBILL")
"""Words that name the number after them a tracking number, on a Chinese or an overseas label
(spaces out: Amazon China's parcel slip prints TK ID before its number)."""
_ORDER_NUMBER = re.compile(r"(?:订单编?号|ORDER(?:ID|NO|NUMBER)?)[.:：#]*[A-Z0-9_-]*")
"""An order's number with its label, which names no parcel: 订单号 holds 单号, and a label prints
both on one line (tune split: 运单号：858691130534 订单号：DD00000014486 gave two numbers, and so none)."""


_LABEL_WORDS = re.compile("|".join(re.escape(w) for w in sorted(TRACKING_LABELS, key=len, reverse=True)))


def tracking_named(text: str) -> str | None:
    """What an OCR line's ``text`` (spaces taken out, letters as capitals) says when it names a
    tracking number (a :data:`TRACKING_LABELS` word), less any order number with its label and with
    each label word cut out (AWB 484542089524 is not the number AWB484542089524); None when it
    names none."""
    rest = _ORDER_NUMBER.sub("|", "".join(text.split()).upper())
    return _LABEL_WORDS.sub("|", rest) if _LABEL_WORDS.search(rest) else None


def named_texts(lines: list[OcrLine]) -> list[tuple[OcrLine, str]]:
    """(line, text) for each OCR line of ``lines`` that holds a number named a tracking number: a
    line that holds a :data:`TRACKING_LABELS` word and more, with what :func:`tracking_named` leaves
    of it, and the line a label standing alone names, with its text less any order number: the line
    to the label's right on its row, else the one just under it (tune: FedEx's ``TRK#`` and its
    4845 4208 9524 read as two lines, UniUni's ``Tracking Number:`` over its number)."""
    out = []
    for line in lines:
        named = tracking_named(line.text)
        if named is None:
            continue
        if printed_runs(named):
            out.append((line, named))
        elif (after := _line_after(line, [l for l in lines if printed_runs(l.text)])) is not None:
            out.append((after, _ORDER_NUMBER.sub("|", "".join(after.text.split()).upper())))
    return out


def _line_after(label: OcrLine, lines: list[OcrLine]) -> OcrLine | None:
    """The line of ``lines`` nearest after the ``label`` line: starting right of its middle on its
    row (middles within half a line height, at most two heights of gap), else under it (its middle
    lower, its top within a height of the label's foot, its start within two heights of the
    label's); None without one."""
    x, y, w, h = label.bbox
    best = None
    for line in lines:
        if line is label:
            continue
        lx, ly, lw, lh = line.bbox
        tall = max(h, lh)
        if lx >= x + w / 2 and abs(ly + lh / 2 - y - h / 2) <= tall / 2 and lx - (x + w) <= 2 * tall:
            key = (0, lx - (x + w))
        elif ly + lh / 2 > y + h / 2 and ly - (y + h) <= tall and abs(lx - x) <= 2 * tall:
            key = (1, ly - (y + h))
        else:
            continue
        if best is None or key < best[0]:
            best = (key, line)
    return None if best is None else best[1]


def confirm_in_page(ctx: AnalysisContext, reading: TrackingReading, page, lines) -> TrackingReading:
    """``reading`` with each number of no known format that is not yet confirmed confirmed when the
    page read (``lines``: OcrLine, in the pixels of ``page``, the upright Scaled copy they were read
    on) holds it whole, spaces between groups taken out, in a line that stands under its barcode
    (within ``T.TRACKING_PRINT_BELOW`` barcode heights, across its width) or that names it a
    tracking number (a ``TRACKING_LABELS`` word: TRK# above it, 运单号 beside it). Printed anywhere
    else is not enough: a label's reference and order numbers are printed and barcoded too."""
    H, W = ctx.image.pixels.shape[:2]
    # Named: the label is cut off first (TK ID11511812445733 reads as one run).
    named = set().union(*(printed_runs(text) for _, text in named_texts(lines)))
    confirmed = []
    for n in reading.numbers:
        if n.number in named:
            n = replace(n, confirmed=True)
        if not n.confirmed:
            x, y, w, h = (v * page.scale for v in rotate_box(n.bbox, -ctx.k, W, H))
            for line in lines:
                if n.number not in printed_runs(line.text):
                    continue
                lx, ly, lw, lh = line.bbox
                # Under it: starting below the bars' middle (a skewed box) and no further below them
                # than the strip check_printed reads (or two text lines), across half its own width.
                if (y + 0.5 * h <= ly <= y + h + T.TRACKING_PRINT_BELOW * max(h, 2 * lh)
                        and min(lx + lw, x + w) - max(lx, x) >= 0.5 * lw):
                    n = replace(n, confirmed=True)
                    break
        confirmed.append(n)
    return TrackingReading(tuple(confirmed))


def read_printed_number(ctx: AnalysisContext, engine: OcrEngine, page, lines) -> TrackingReading:
    """:func:`printed_number` in the page read (``lines`` in the pixels of ``page``), else in a read
    of the whole grey page: the page read is of the red channel, where a number printed in red (a
    paper waybill's serial) is as light as the paper; else in the page read with the caption under
    the largest barcode seen read closer (:func:`caption_under_bars`): a paper waybill prints its
    number small and spaced under bars too fine to decode, where the page read misses it, and again
    large elsewhere (tune: EMS's 6812345678542)."""
    reading = printed_number(ctx, engine, page, lines)
    if not reading.numbers:
        reading = printed_number(ctx, engine, *ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE,
                                                               channel=None))
    if not reading.numbers and (seen := barcodes_seen(ctx)):
        reading = printed_number(ctx, engine, page, lines, captions=caption_under_bars(ctx, engine, seen[0]))
    return reading


def printed_number(ctx: AnalysisContext, engine: OcrEngine, page, lines, named_only: bool = False,
                   captions: set[str] = frozenset()) -> TrackingReading:
    """For a waybill whose barcodes gave no number (bars blurred, torn, cut off, too fine to
    decode): the one number of a carrier's format that the page read (``lines``: OcrLine, in the
    pixels of ``page``) holds, else the one number of no known format that stands alone under bars
    (:func:`bars_above`: a paper waybill's serial under its barcode) or that a ``TRACKING_LABELS``
    word names (:func:`named_texts`); where such numbers differ by more than a digit, the one a
    label names (a serial under bars may be another label's), or that a caption read under bars
    (``captions``, :func:`caption_under_bars`) holds. ``named_only``: only numbers a label
    names, of any format, and their readings a digit apart. Taken when a closer read of its line
    from the original reads it the same, or the caption read under bars does (OCR alone can misread
    a digit; two reads of different pixels seldom misread it alike). Two different such numbers on
    the page give none: which one is the parcel's is not known. Readings one digit apart are one
    number printed twice and misread once (a label prints its number under each barcode and after
    运单号): the one whose closer read holds is taken."""
    found: dict[str, list[Box]] = {}  # a number -> each line it is printed in
    for line, text in named_texts(lines) if named_only else ((l, l.text) for l in lines):
        for n in {n for run in printed_runs(text) for n in numbers_in(run)}:
            found.setdefault(n, []).append(page.to_original(line.bbox))
    if not found:
        found = unknown_numbers(page, lines, original=ctx.image.pixels, captions=captions)
        if named_only or any(edit_distance(a, b) > 1 for a, b in combinations(found, 2)):
            # Two numbers: the one a label names is the parcel's, not a serial under another
            # label's bars; its readings a digit apart stay, for the closer read to choose among
            # (tune: 858691130534 under bars read 858691138534 after 运单号).
            named = unknown_numbers(page, lines, named_only=True)
            found = {n: boxes for n, boxes in found.items() if any(edit_distance(n, m) <= 1 for m in named)}
    if not found or any(edit_distance(a, b) > 1 for a, b in combinations(found, 2)):
        return TrackingReading(())
    # Each place it is printed is read again: a paper waybill prints its number under the bars,
    # small and spaced, and again large (val: EMS's EF348411034CN, the small one read EF348611034CN).
    # The caption read under the bars is such a read of other pixels too: a closer read of a caption
    # 8 px tall drops one of its repeated digits (bench seed 1796624000 #253: 5201 2582 2224 1 read
    # 5201 2582224 1 at every height), the strip across the bars reads it whole.
    held = {number: box for number, boxes in found.items()
            for box in boxes if number in captions or _read_again(ctx, engine, number, box)}
    if len(held) != 1:
        return TrackingReading(())
    (number, box), = held.items()
    return TrackingReading((TrackingNumber(number, tuple(carriers_for_number(number)), "print", box, printed=True),))


def caption_under_bars(ctx: AnalysisContext, engine: OcrEngine, box: Box) -> set[str]:
    """The runs of capitals and digits (:func:`printed_runs`, a caption's asterisks and spaces
    taken out) read on the first line of print under the linear barcode ``box`` (original pixels,
    seen whether or not it decoded): the detector finds the line among the lines under the bars
    (``T.CAPTION_BELOW``), and the recogniser reads a strip across the bars' whole width at its
    height (the detector breaks a caption's widely spaced digits into pieces; tune: an EMS paper
    waybill's 6 8 1 2 3 ... 5 4 2 found as '4 2' and '3 4 5'). Empty when no line stands there."""
    H, W = ctx.image.pixels.shape[:2]
    up = ctx.upright_original
    x, y, w, h = rotate_box(box, -ctx.k, W, H)
    x0, x1 = max(0, x - w // 20), min(up.shape[1], x + w + w // 20)
    y0, y1 = max(0, y + h // 2), min(up.shape[0], int(y + h + T.CAPTION_BELOW * h))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return set()
    band = np.ascontiguousarray(up[y0:y1, x0:x1])
    foot = y + h - y0
    pieces = ([(float(q[:, 0].mean()), float(q[:, 1].min()), float(q[:, 1].max())) for q in engine.detect_lines(band)]
              if engine.separate_detector else
              [(bx + bw / 2, by, by + bh) for bx, by, bw, bh in (line.bbox for line in engine.read_page(band))])
    lines = [(t, b) for mid, t, b in pieces if foot - 0.1 * h < (t + b) / 2 and x - x0 <= mid <= x - x0 + w]
    if not lines:
        return set()
    top, bottom = min(lines)  # the highest piece of print under the bars, across them
    row = [(t, b) for t, b in lines if abs((t + b) / 2 - (top + bottom) / 2) <= (bottom - top) / 2]
    top, bottom = min(t for t, _ in row), max(b for _, b in row)
    caption = (x0, int(y0 + top), x1 - x0, max(1, int(bottom - top)))
    read = engine.read_line(np.ascontiguousarray(cut_line(up, caption, 0, T.TRACKING_REREAD_PX[0], 0.0,
                                                          T.TRACKING_REREAD_ROOM)))
    return printed_runs(read.text) if read is not None else set()


def _read_again(ctx: AnalysisContext, engine: OcrEngine, number: str, box: Box) -> bool:
    """Whether a closer read of the line at ``box`` (original pixels) from the original reads
    ``number``: with room around the line, then with none at its ends, where a label printed
    close before the number can stand (tune: FedEx's TRK# and its box beside 4845 4208 9524 made
    the recogniser read 4845 442088 9524 at every height; without the room, right at both).
    Once per image, number and line: :func:`read_printed_number` looks at the page's numbers up to
    three times, and :func:`add_tracking` once more for the ones a label names."""
    def read() -> bool:
        for along in (T.TRACKING_REREAD_ROOM, 0.0):
            for px in T.TRACKING_REREAD_PX:
                crop = cut_line(ctx.image.pixels, box, ctx.k, px, along, T.TRACKING_REREAD_ROOM)
                again = engine.read_line(np.ascontiguousarray(crop))
                if again is not None and number in printed_runs(again.text):
                    return True
        return False
    return ctx.cached(("read_again", id(engine), number, tuple(box), ctx.k), read)


_MOBILE = re.compile(r"1[3-9]\d{9}")
"""A mainland mobile number: printed beside 电话 on every paper waybill, never a tracking number."""


def unknown_numbers(page: Scaled, lines, named_only: bool = False, original: np.ndarray | None = None,
                    captions: set[str] = frozenset()) -> dict[str, list[Box]]:
    """Numbers of no known format in the page read (``lines`` in the pixels of ``page``) that the
    page names tracking numbers: a line that is the number alone (spaces and the asterisks of a
    Code 39 caption taken out) under bars (not when ``named_only``), or a line a
    ``TRACKING_LABELS`` word names (:func:`named_texts`: the label cut off it; an order's number is
    none). Each with the boxes of the lines it stands in, original pixels; mobile numbers are left
    out, and so is a run that ends in one standing apart in its line (a sender's name and mobile,
    chenxiang 13511111111, make one run), and a known carrier's number read a digit short or long (:func:`one_digit_off_a_format`: bench
    seed 759107330 #253 read DPK980212584790 as DPK98021254790 twice, and gave it), and a postal
    number whose check digit fails (:func:`~evidencecheck.carriers.s10_misread`). ``original``:
    the file's pixels, where bars the page read's pixels merge are looked for again
    (:func:`bars_above_finer`). ``captions``: numbers read under bars elsewhere on the page
    (:func:`caption_under_bars`); a line that is one of them alone counts as under bars."""
    names = {id(line): text for line, text in named_texts(lines)}
    found: dict[str, list[Box]] = {}
    for line in lines:
        alone = "".join(line.text.split()).upper().strip("*")
        named = names.get(id(line))
        if named is None and named_only:
            continue
        phones = [tok for tok in line.text.split() if _MOBILE.fullmatch(tok)]
        for run in printed_runs(line.text) if named is None else printed_runs(named):
            if (not _UNKNOWN.fullmatch(run) or _MOBILE.fullmatch(run) or any(run.endswith(p) for p in phones)
                    or one_digit_off_a_format(run) or s10_misread(run)):
                continue
            if named is not None or (run == alone and (run in captions or bars_above(page.pixels, line.bbox) or (
                    original is not None and bars_above_finer(original, page, line.bbox)))):
                found.setdefault(run, []).append(page.to_original(line.bbox))
    return found


def bars_above(plane: np.ndarray, box: Box, shears: Sequence[float] = T.BARS_SHEARS) -> bool:
    """Whether a barcode stands just above the text line ``box`` (x, y, w, h in ``plane``'s pixels;
    ``plane`` grey or one channel, uint8): in a band ``T.BARS_BAND`` line heights tall, ending
    ``T.BARS_GAPS`` line heights above the line (the gap under the bars varies, and the detector's
    box reaches above the digits), across the line's width, once sheared upright (a label
    photographed askew), at least ``T.BARS_MIN`` bars dark from the band's top to its bottom, and
    most of the band's inked columns so: a bar runs through the band, the strokes of a line of
    print above do not. Found whether or not the bars can be decoded. ``shears``: the leans tried."""
    x, y, w, h = box
    for gap in T.BARS_GAPS:
        y1 = int(y - gap * h)
        band = np.ascontiguousarray(plane[max(0, int(y1 - T.BARS_BAND * h)):max(0, y1), max(0, x):x + w])
        if band.shape[0] >= 4 and band.shape[1] >= 2 * T.BARS_MIN and _bars(band, shears):
            return True
    return False


def bars_above_finer(original: np.ndarray, page: Scaled, box: Box) -> bool:
    """:func:`bars_above` the line ``box`` (``page``'s pixels) in the ``original`` file's pixels
    (BGR or grey), where the page was read at less than ``T.BARS_FINER_BELOW`` of their size, at
    leans ``T.BARS_SHEARS_FINER`` apart: a fine barcode in a photo of a whole parcel has bars about
    a page pixel wide, which the page read's scale merges and a lean half a step off breaks (tune:
    Amazon's TBA number right under bars leaning 0.075, read at 0.63 of the decoded photo's size:
    15 bars, a share of 0.50 at best there; in the decoded photo 19 bars, 0.64)."""
    if page.scale >= T.BARS_FINER_BELOW:
        return False
    x, y, w, h = box
    above = (T.BARS_GAPS[-1] + T.BARS_BAND) * h + 1  # the highest band's top, page pixels over the line
    X, Y, W, H = page.to_original((x, y - above, w, h + above))
    X0, Y0 = max(0, X), max(0, Y)
    crop = original[Y0:Y + H, X0:X + W]
    if crop.size == 0:
        return False
    if crop.ndim == 3:
        crop = cv2.cvtColor(np.ascontiguousarray(crop), cv2.COLOR_BGR2GRAY)
    up = np.ascontiguousarray(np.rot90(crop, -page.k) if page.k % 4 else crop)  # as the page stands
    f = up.shape[0] / (h + above)  # original pixels per page pixel, the top clipped or not
    line = (0, up.shape[0] - int(round(h * f)), up.shape[1], int(round(h * f)))
    return bars_above(up, line, T.BARS_SHEARS_FINER)


def _bars(band: np.ndarray, shears: Sequence[float]) -> bool:
    """Whether ``band`` (uint8) is bars from top to bottom, straightened by one of ``shears``: see
    :func:`bars_above`."""
    _, dark = cv2.threshold(band, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    bh, bw = dark.shape
    best = (0, 0.0)
    for shear in shears:  # x shift per row, about the band's middle row
        M = np.float32([[1, shear, -shear * bh / 2], [0, 1, 0]])
        column = cv2.warpAffine(dark, M, (bw, bh), flags=cv2.INTER_NEAREST, borderValue=0).mean(axis=0)
        solid = column >= T.BARS_SOLID  # dark nearly from top to bottom
        inked = int(np.count_nonzero(column >= 1 - T.BARS_SOLID))
        best = max(best, (len(true_runs(solid)), float(np.count_nonzero(solid)) / max(1, inked)))
    bars, solid_share = best
    return bars >= T.BARS_MIN and solid_share >= T.BARS_MIN_SOLID


def sure_numbers(reading: TrackingReading, of_no_known_format: bool = True) -> list[str]:
    """The numbers of ``reading`` to report: those of a known format, and, when
    ``of_no_known_format``, one of no known format read twice over (``confirmed``); two such are
    two candidates and neither is sure."""
    unknown = [n.number for n in reading.numbers if not n.carriers and n.confirmed] if of_no_known_format else []
    return [n.number for n in reading.numbers if n.carriers] + (unknown if len(unknown) == 1 else [])


def _digits_disagree(printed: str, number: str) -> bool:
    """Whether ``printed`` is ``number`` with a few of its digits different (in at most
    ``T.TRACKING_NEAR`` barcode symbols, :func:`symbols_apart`). Letters are not compared: the
    carrier's prefix is checked by its format, and OCR confuses letters (DPK read as DRK, JT as IT,
    YT as XT on bench seed 399083121, each of whose barcodes was right)."""
    return len(printed) == len(number) and 0 < symbols_apart(printed, number, letters=False) <= T.TRACKING_NEAR


def symbols_apart(a: str, b: str, letters: bool = True) -> int:
    """The fewest Code128 symbols in which barcodes of ``a`` and ``b`` (one length) differ: digits go
    two to a symbol (code set C), so digits that differ within one pair are one symbol wrong; the
    pairs may start at either parity, and the fewer count is taken. Any other character differing
    is a symbol of its own (counted when ``letters``)."""
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    digits = [i for i in diff if a[i].isdigit() and b[i].isdigit()]
    others = len(diff) - len(digits) if letters else 0
    return others + min(len({(i + shift) // 2 for i in digits}) for shift in (0, 1))


def _printed_numbers(ctx: AnalysisContext, box: Box, engine: OcrEngine, lift: float = 0.0) -> set[str]:
    """Runs of capitals and digits (spaces between groups taken out) that ``engine`` reads in the
    strip under the barcode ``box`` (original pixels), with the page turned upright (``ctx.k``);
    the strip starts ``lift`` of the barcode's height above the box's foot."""
    H, W = ctx.image.pixels.shape[:2]
    page = ctx.upright_original
    x, y, w, h = rotate_box(box, -ctx.k, W, H)
    if h > w:  # bars across the page: the strip runs down beside them; not looked at
        return set()
    pad = int(0.05 * w)
    top = y + h - int(lift * h)
    strip = page[top:top + int(T.TRACKING_PRINT_BELOW * h), max(0, x - pad):x + w + pad]
    if strip.shape[0] < 8 or strip.shape[1] < 8:
        return set()
    f = min(1.0, T.TRACKING_PRINT_STRIP_PX / strip.shape[0])
    strip = cv2.resize(strip, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    # The strip holds the one printed line: read as a line, without looking for lines first.
    line = engine.read_line(np.ascontiguousarray(strip))
    return printed_runs(line.text) if line is not None else set()


def _misreads(sources: dict[str, set[str]]) -> set[str]:
    """Numbers to drop from ``sources`` (number -> formats it was decoded from): two numbers of one
    carrier and length that differ in at most ``T.TRACKING_NEAR`` barcode symbols
    (:func:`symbols_apart`) are one label misread (a blurred Code128 can pass its mod-103 check with
    two symbols wrong; bench seed 452911154 decoded JT9660189479201 beside JT9660989479201, bench
    seed 922504441 YT0470682265977 beside YT0470682267829: two digit pairs, four digits). The one a
    QR code gave (Reed-Solomon corrected) is kept; when both or neither came from a QR code, both go."""
    drop: set[str] = set()
    names = sorted(sources)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if (len(a) == len(b) and symbols_apart(a, b) <= T.TRACKING_NEAR
                    and set(carriers_for_number(a)) & set(carriers_for_number(b))):
                qa, qb = "qr" in sources[a], "qr" in sources[b]
                drop |= {b} if qa and not qb else {a} if qb and not qa else {a, b}
    return drop


def add_tracking(a: Analysis) -> None:
    """The tracking numbers of a waybill, or of the parcel label on a weighing photo: its barcodes,
    each checked against the digits printed by it; on a waybill whose barcodes give none, the
    number printed on it (:func:`read_printed_number`), else ``TRACKING_UNREADABLE``; on one whose
    barcodes give only numbers of no known format, a number a tracking label names in place of
    them. An image the tool is unsure of is read as the waybill it may be."""
    waybill = a.may_be("waybill")
    reading = (read_tracking(a.ctx, T.TRACKING_PASSES, T.TRACKING_ENLARGE) if waybill
               else read_tracking(a.ctx, T.TRACKING_PASSES_PARCEL))
    if a.engine is not None:  # a barcode's number must not contradict the digits printed under it
        reading = confirm_in_page(a.ctx, check_printed(a.ctx, reading, a.engine, a.lines), a.page, a.lines)
    # A number of no known format only on a waybill: a parcel on a scale may carry other labels.
    numbers = sure_numbers(reading, of_no_known_format=waybill)
    if waybill and numbers and a.engine is not None and not any(n.carriers for n in reading.numbers):
        # A barcode of no known format may be another label's (tune: a mailroom's 900803877 on a
        # FedEx box whose label prints TRK# 4845 4208 9524): a number the page names a tracking
        # number, read again the same, is the parcel's.
        named = printed_number(a.ctx, a.engine, a.page, a.lines, named_only=True)
        if named.numbers and named.numbers[0].number not in numbers:
            reading, numbers = named, [named.numbers[0].number]
    if waybill and not numbers and a.engine is not None:
        reading = read_printed_number(a.ctx, a.engine, a.page, a.lines)
        numbers = [n.number for n in reading.numbers]
    a.report.tracking_numbers = numbers
    a.report.carrier = a.report.carrier or reading.carrier
    if waybill and not numbers:
        # Where bars are seen that did not decode, the finding points at them: that is what to retake.
        seen = barcodes_seen(a.ctx)
        a.report.findings.append(Finding.make("TRACKING_UNREADABLE", bbox=seen[0] if seen else None,
                                              **unreadable_on(a.kind is not None and a.kind.doc_type == "waybill")))


def unreadable_on(sure: bool) -> dict[str, str]:
    """What TRACKING_UNREADABLE names the image (English and Chinese): the waybill it surely is,
    or the photo that may be one (the tool unsure, its tracking read as a waybill's, the photo
    may be a weighing photo or anything else)."""
    return ({"what": "this waybill", "what_zh": "该面单"} if sure
            else {"what": "this photo, if it is a waybill", "what_zh": "这张照片（如为面单）"})


STAGE = Stage("tracking", add_tracking, kinds=("waybill", "weighing_photo"), when_unsure="runner_up")
