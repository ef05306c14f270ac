"""Seven-segment scale displays: find rows of segment digits on a plain panel, and read them.

Works on a BGR image (uint8) of any size; boxes are in that image's pixels. A display is a short
row of digit-shaped strokes, all the same height, on a panel that is plain around them and framed
by another colour: dark digits on a reflective or backlit LCD, or light digits on a dark LED face. Each digit is read
by which of its seven segment zones carry ink; a digit whose pattern is no seven-segment digit
reads as ``?``. The classifier uses the best row's measurements as cues; the weight reader
(issue 7) uses the text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import cv2
import numpy as np

from .. import thresholds as T
from .geometry import rotate_box
from .levels import underexposed_gain
from .masks import components, true_runs

SEGMENT_DIGITS = {
    "abcdef": "0", "bc": "1", "abdeg": "2", "abcdg": "3", "bcfg": "4", "acdfg": "5", "acdefg": "6",
    "abc": "7", "abcdefg": "8", "abcdfg": "9", "g": "-",
    "abcfg": "9", "abcf": "7",  # some scales draw 9 without its foot, and 7 with its upper left bar (CAS)
}
_LIT = {d: [set(segments) for segments, digit in SEGMENT_DIGITS.items() if digit == d] for d in set(SEGMENT_DIGITS.values())}


def more_lit(a: str, b: str) -> bool:
    """Whether the seven-segment digit ``a`` lights every segment ``b`` does, and more (8 of 0,
    6 of 5; not 1 of 5); False for anything not a digit ('?')."""
    return a != b and any(sa > sb for sa in _LIT.get(a, ()) for sb in _LIT.get(b, ()))


# (u0, u1, v0, v1) of each segment's zone in a digit's box, u across, v down, both 0..1.
ZONES = {
    "a": (0.3, 0.7, 0.0, 0.16), "g": (0.3, 0.7, 0.42, 0.58), "d": (0.3, 0.7, 0.84, 1.0),
    "f": (0.0, 0.3, 0.16, 0.42), "b": (0.7, 1.0, 0.16, 0.42),
    "e": (0.0, 0.3, 0.58, 0.84), "c": (0.7, 1.0, 0.58, 0.84),
}
# The two counters of an 8, inside the segments: clear on every seven-segment digit, inked in
# a written character (a Chinese character in a chat bubble otherwise reads as 8).
HOLES = ((0.32, 0.68, 0.2, 0.38), (0.32, 0.68, 0.62, 0.8))
SHEARS = (0.0, 0.08, 0.16)  # displays lean forward by this much (x shift per unit height)


@dataclass(frozen=True)
class Display:
    box: tuple[int, int, int, int]  # x, y, w, h of the digit row, in the input image's pixels
    text: str  # digits left to right, '?' for a digit that fits no segment pattern
    digit_height: float  # px
    light_on_dark: bool  # LED style; False for LCD (dark digits on a light panel)
    upside_down: bool  # the digits read turned half round
    contrast: float  # median stroke depth against the panel, 0..255
    plainness: float  # share of the panel around the digits free of other strokes, 0..1
    segment_fit: float  # share of the digits that read as a seven-segment digit, 0..1
    framed: float  # share of the four sides where the panel meets a different colour, 0..1
    quarter: int = 0  # 1: the digits run down the image (read after turning it a quarter counter-clockwise)
    colon: bool = False  # two dots stand one above the other in or beside the row: a clock's hh:mm
    gain: float = 1.0  # the photo was seen with its levels lifted this much (underexposed); readers do the same
    brightest: bool = False  # found on each pixel's brightest channel (:func:`brightest`); readers do the same

    @property
    def score(self) -> float:
        """How display-like the row is, 0..1: digits that read, on a plain, framed panel, with contrast."""
        n = min(len(self.text), 4) / 4
        return float(self.segment_fit * self.plainness * self.framed * (0.5 + 0.5 * n) * min(1.0, self.contrast / 60))


def _strokes(gray: np.ndarray, light_on_dark: bool, reach: float = 1.0) -> np.ndarray:
    """How much darker (or lighter) than their surroundings thin strokes are: a black-hat, 0..255;
    strokes up to ``reach`` times T.DISPLAY_STROKE_KERNEL (at T.DISPLAY_LONG_SIDE) wide count."""
    g = 255 - gray if light_on_dark else gray
    # The kernel follows the image's size: a display is a share of the scene, not a pixel count.
    side = max(5, int(reach * T.DISPLAY_STROKE_KERNEL * max(gray.shape) / T.DISPLAY_LONG_SIDE) | 1)
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    hat = cv2.morphologyEx(g, cv2.MORPH_BLACKHAT, k)
    return hat


_GRID = (20, 12)  # digit boxes are read on this many rows x columns


@lru_cache(maxsize=1)
def _zone_weights() -> np.ndarray:
    """9 x (rows*cols) weights averaging each segment's zone, then each hole, on the reading grid."""
    gh, gw = _GRID
    ys, xs = np.mgrid[0:gh, 0:gw].astype(np.float32)
    u, v = (xs + 0.5) / gw, (ys + 0.5) / gh
    out = np.zeros((9, gh * gw), np.float32)
    for i, (u0, u1, v0, v1) in enumerate(list(ZONES.values()) + list(HOLES)):
        zone = ((u >= u0) & (u <= u1) & (v >= v0) & (v <= v1)).ravel().astype(np.float32)
        out[i] = zone / max(1.0, zone.sum())
    return out


def read_digit(mask: np.ndarray, shear: float, one_width: float = 0.0) -> str:
    """The seven-segment digit in a binary digit box (h x w, nonzero = ink), or '?'.

    ``shear``: how far the digit leans forward, in px of x per px of height. The digit is stood
    upright first, so its box is the digit's cell even when a corner segment is unlit (4, 7).
    A box narrower than T.DISPLAY_ONE_WIDTH of its height, or than ``one_width`` px, holds only
    the right-hand segments: a one."""
    ink = (mask > 0).astype(np.float32)
    h, w = ink.shape
    if shear:
        lean = shear * h
        M = np.float32([[1, shear, 0], [0, 1, 0]])  # x' = x + shear * y: the bottom slides under the top
        ink = cv2.warpAffine(ink, M, (int(w + lean) + 1, h), flags=cv2.INTER_NEAREST)
    ink = _without_point(_main_columns(ink))
    h, w = ink.shape
    if w == 0:
        return "?"
    if w < max(T.DISPLAY_ONE_WIDTH * h, one_width):  # only the right-hand segments: a one
        return "1" if ink.mean() > 0.35 else "?"
    grid = cv2.resize(ink, (_GRID[1], _GRID[0]), interpolation=cv2.INTER_AREA).ravel()
    occupancy = _zone_weights() @ grid
    if occupancy[7:].max() > T.DISPLAY_HOLE_INK:
        return "?"
    on = sorted(name for name, v in zip(ZONES, occupancy[:7]) if v > T.DISPLAY_SEGMENT_ON)
    return SEGMENT_DIGITS.get("".join(on), "?")


def _main_columns(ink: np.ndarray) -> np.ndarray:
    """``ink`` cut to its run of inked columns holding the most ink: a digit's segments join up, so
    ink beyond an empty column is a neighbour's (a leaning digit reaches into the next one's box)."""
    col = ink.sum(axis=0)
    inked = np.flatnonzero(col)
    if len(inked) == 0:
        return ink[:, :0]
    if inked[-1] - inked[0] + 1 == len(inked):  # one run: the usual case
        return ink[:, inked[0]:inked[-1] + 1]
    a, b = max(true_runs(col > 0), key=lambda r: col[r[0]:r[1]].sum())  # the first of equals, as argmax
    return ink[:, a:b]


def _without_point(ink: np.ndarray) -> np.ndarray:
    """``ink`` (an upright digit's box) without a decimal point joined to its foot on the right:
    columns at the right whose ink all lies in the bottom quarter. No seven-segment digit ends
    that way (its right-hand columns hold an upper segment), but an upright digit's point touches
    it once the segments' hairline gaps are closed."""
    h, w = ink.shape
    if w == 0:
        return ink
    high = ink[:int(0.75 * h)].any(axis=0)
    last = int(np.flatnonzero(high)[-1]) + 1 if high.any() else 0
    if 0 < w - last <= T.DISPLAY_POINT_WIDTH * h:
        return ink[:, :last]
    return ink


def row_lean(ink: np.ndarray) -> float:
    """How far a row of digits leans forward (x per unit of height, 0..T.DISPLAY_MAX_LEAN): the
    shear under which ``ink`` (h x w, nonzero = ink) covers the fewest columns, i.e. each digit is
    narrowest. (The most peaked column sums, tried first, favour shears that stack one digit's
    top over the next one's foot.)"""
    ys, xs = np.nonzero(ink)
    h, w = ink.shape
    if len(ys) == 0:
        return 0.0
    leans = np.arange(0.0, T.DISPLAY_MAX_LEAN + 1e-6, 0.05)
    # x + lean * (y - h) for every lean at once, each lean's columns in its own span.
    span = w + int(np.ceil(T.DISPLAY_MAX_LEAN * h)) + 1
    cols = np.rint(xs[None, :] + leans[:, None] * (ys - h)[None, :]).astype(np.int64) + (span - w)
    used = np.bincount((cols + span * np.arange(len(leans))[:, None]).ravel(), minlength=span * len(leans)) > 0
    return float(leans[int(np.argmin(used.reshape(len(leans), span).sum(axis=1)))])


def doubt(reading: str) -> tuple[int, int]:
    """How little a row's reading says, to compare readings of one row: its unread digits ('?'),
    then its 1s (a 1 is any bar, so a digit read as 1 at one lean and as 5 at another is a 5)."""
    return reading.count("?"), reading.count("1")


def _best_read(crops: list[np.ndarray], shears: tuple[float, ...], one_width: float) -> tuple[str, bool]:
    """The reading of a row's digit boxes that says most (:func:`doubt`), as they stand and turned
    half round (the photo may be upside down), at each lean; and whether it was the turned one. A
    tune split's luggage scale (15.53, slanted digits, turned) read 1111 upright and was dropped as a
    row of bars when only unread digits counted."""
    best, flipped = "", False
    for turned in (False, True):
        cells = [c[::-1, ::-1] for c in reversed(crops)] if turned else crops
        for shear in shears:
            text = "".join(read_digit(c, shear, one_width) for c in cells)
            if not best or doubt(text) < doubt(best):
                best, flipped = text, turned
                if doubt(best) == (0, 0):  # nothing reads better
                    return best, flipped
    return best, flipped


def _rows(stats: np.ndarray) -> list[list[int]]:
    """Groups of component indices that stand in one row as digits do: same height, side by side."""
    boxes = [tuple(b[:4]) for b in stats.tolist()]  # plain ints: numpy scalars are slow one by one
    idx = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    rows: list[list[int]] = []
    open_rows: list[list[int]] = []  # rows the next box may still join, in the order made
    for i in idx:
        x, y, w, h = boxes[i]
        # Boxes come left to right: a row whose last digit ends further back than any gap
        # allowed (0.9 of a height at most 1.25 times its own) is finished.
        open_rows = [r for r in open_rows if x - (boxes[r[-1]][0] + boxes[r[-1]][2]) < 1.125 * boxes[r[-1]][3]]
        for row in open_rows:
            j = row[-1]
            xj, yj, wj, hj = boxes[j]
            top = max(h, hj)
            # Leaning digits' boxes overlap (a display seen from the side leans up to half its
            # height); their centres still step along the row.
            if (abs(h - hj) < 0.2 * top and abs((y + h / 2) - (yj + hj / 2)) < 0.15 * top
                    and -T.DISPLAY_MAX_LEAN * top < x - (xj + wj) < 0.9 * top
                    and (x + w / 2) - (xj + wj / 2) > 0.3 * top):
                row.append(i)
                break
        else:
            rows.append([i])
            open_rows.append(rows[-1])
    return [r for r in rows if len(r) >= 2]


def _framed(bgr: np.ndarray, ink: np.ndarray, box: tuple[int, int, int, int], dh: float) -> float:
    """Share of the four sides on which the panel around a row of digits (``box``: x0, y0, x1, y1)
    gives way to another colour within about a digit's height: a display sits in a scale's body,
    print on paper goes on being paper."""
    H, W = ink.shape
    x0, y0, x1, y1 = box
    m, r = int(0.4 * dh) + 1, int(1.3 * dh) + 2
    # Only the neighbourhood is converted to Lab: the row plus r on every side.
    ox, oy = max(0, x0 - r), max(0, y0 - r)
    lab = cv2.cvtColor(bgr[oy:min(H, y1 + r), ox:min(W, x1 + r)], cv2.COLOR_BGR2LAB).astype(np.float32)
    x0, y0, x1, y1 = x0 - ox, y0 - oy, x1 - ox, y1 - oy
    H, W = lab.shape[:2]
    px0, py0, px1, py1 = max(0, x0 - m), max(0, y0 - m), min(W, x1 + m), min(H, y1 + m)
    bg = ~ink[oy + py0:oy + py1, ox + px0:ox + px1]
    if bg.sum() < 10:
        return 0.0
    panel = np.median(lab[py0:py1, px0:px1][bg], axis=0)
    sides = [lab[max(0, y0 - r):py0, px0:px1], lab[py1:min(H, y1 + r), px0:px1],
             lab[py0:py1, max(0, x0 - r):px0], lab[py0:py1, px1:min(W, x1 + r)]]
    framed = 0
    for side in sides:
        if side.size and np.linalg.norm(np.median(side.reshape(-1, 3), axis=0) - panel) > T.DISPLAY_FRAME_DELTA:
            framed += 1
    return framed / 4


def brightest(bgr: np.ndarray) -> np.ndarray:
    """Each pixel's brightest channel of ``bgr`` (uint8), as a three-channel grey image: a backlit
    panel of a saturated colour is bright there whatever its hue, where luma makes a blue panel
    darker than the fringe of its black digits (tune split: a luggage scale's blue LCD, its 14.13
    seen by the finder on luma as nothing, on this plane at 250 grey levels against 60)."""
    return cv2.merge([np.max(bgr, axis=2)] * 3)


def find_displays(bgr: np.ndarray, reach: float = 1.0) -> list[Display]:
    """Rows of seven-segment digits in ``bgr`` (uint8 colour image), best first, whichever way a
    quarter turn of the photo left them: rows across the image, and rows down it (read with the
    image turned a quarter). Boxes are in ``bgr``'s pixels. ``reach``: strokes this many times
    wider than usual, for its share of the image, count (:func:`find_close_up_displays`). An
    underexposed photo is seen with its levels lifted (T.DISPLAY_UNDEREXPOSED)."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    gain = underexposed_gain(gray, T.DISPLAY_UNDEREXPOSED)
    if gain > 1.0:
        bgr = cv2.convertScaleAbs(bgr, alpha=gain)
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    hats = {lod: _strokes(gray, lod, reach) for lod in (False, True)}
    raws = {lod: (hat > T.DISPLAY_MIN_CONTRAST).astype(np.uint8) for lod, hat in hats.items()}
    inks = {lod: _without_dots(raw, max(gray.shape)) for lod, raw in raws.items()}
    found = _find_rows(bgr, hats, raws, inks, 0)
    turned = cv2.rotate(bgr, cv2.ROTATE_90_COUNTERCLOCKWISE)  # np.rot90's pixels, 8x faster
    H, W = turned.shape[:2]
    turn = lambda maps: {lod: cv2.rotate(m, cv2.ROTATE_90_COUNTERCLOCKWISE) for lod, m in maps.items()}  # noqa: E731
    for d in _find_rows(turned, turn(hats), turn(raws), turn(inks), 1):
        found.append(replace(d, box=rotate_box(d.box, -1, W, H)))
    if gain > 1.0:
        found = [replace(d, gain=gain) for d in found]
    found.sort(key=lambda d: d.score, reverse=True)
    return found


def find_close_up_displays(bgr: np.ndarray, to_finders: float) -> list[Display]:
    """Rows of digits too large for :func:`find_displays` at its size (a display filling a close-up:
    strokes wider than its kernel), looked for in ``bgr`` (a copy half the finder's size) with
    strokes twice as wide counting, sure ones only (T.DISPLAY_CLOSE_UP_MIN_SCORE); boxes and
    digit heights multiplied by ``to_finders``, into the finder's pixels."""
    found = [d for d in find_displays(bgr, reach=T.DISPLAY_CLOSE_UP_REACH) if d.score >= T.DISPLAY_CLOSE_UP_MIN_SCORE]
    return [row_moved(d, 0, 0, to_finders, whole_px=True) for d in found]


def row_moved(d: Display, x0: float, y0: float, factor: float, whole_px: bool = False) -> Display:
    """The row ``d``, found on a view (a tile, a window, a copy), in pixels ``factor`` times the
    view's, where the view's corner stands at ``x0``, ``y0``: its box and digit height; the box
    in whole pixels when ``whole_px``."""
    bx, by, bw, bh = d.box
    box = (x0 + bx * factor, y0 + by * factor, bw * factor, bh * factor)
    return replace(d, box=tuple(int(round(v)) for v in box) if whole_px else box, digit_height=d.digit_height * factor)


def find_small_displays(bgr: np.ndarray, to_finders: float) -> list[Display]:
    """Rows of digits too small for :func:`find_displays` over the whole of ``bgr`` (a copy
    twice the finder's size), found on two tiles along each side that overlap by
    T.DISPLAY_TILE_OVERLAP px: the finder's kernels follow the size of what it looks at, so on
    a tile about the finder's size they fit digits about half as tall (a 12 MP photo's display
    15 px tall at the finder's size, its strokes then thinner than the finder's closings take
    apart). Best first, one row per place (the best of the tiles' overlapping rows); boxes and
    digit heights multiplied by ``to_finders``, into the finder's pixels."""
    H, W = bgr.shape[:2]
    tile = (max(H, W) + T.DISPLAY_TILE_OVERLAP + 1) // 2
    found: list[Display] = []
    for y in _tile_starts(H, tile):
        for x in _tile_starts(W, tile):
            found += [row_moved(d, x * to_finders, y * to_finders, to_finders)
                      for d in find_displays(bgr[y:y + tile, x:x + tile])]
    return one_per_place(found)


def one_per_place(found: list[Display]) -> list[Display]:
    """The best of each group of overlapping rows, best first (rows found on overlapping views)."""
    kept: list[Display] = []
    for d in sorted(found, key=lambda d: d.score, reverse=True):
        if not any(boxes_overlap(d.box, k.box) for k in kept):
            kept.append(d)
    return kept


def _tile_starts(length: int, tile: int) -> list[int]:
    """Where tiles ``tile`` px long start along a side ``length`` px long: one, or two at its ends."""
    return [0] if length <= tile else [0, length - tile]


def boxes_overlap(a, b) -> bool:
    """Whether boxes ``a`` and ``b`` (x, y, w, h) share any pixel."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _without_dots(ink: np.ndarray, long_side: int) -> np.ndarray:
    """``ink`` (uint8, 1 = ink) without small solid round blobs: decimal points, which the closings
    below would join to the digits on either side of them (an upright display's point stands in
    the gap at its foot). A segment is a bar, and a digit's ring is hollow, so neither is taken."""
    n, labels, stats = components(ink)
    w, h, area = stats[:, 2], stats[:, 3], stats[:, 4]
    size = np.maximum(w, h)
    dots = (size <= T.DISPLAY_DOT_PX * long_side / T.DISPLAY_LONG_SIDE) & (np.minimum(w, h) >= 0.6 * size) & (area >= 0.7 * w * h)
    dots[0] = False
    if dots.any():
        ink = ink * (~dots[labels]).astype(np.uint8)
    return ink


def _find_rows(bgr: np.ndarray, hats: dict[bool, np.ndarray], raws: dict[bool, np.ndarray],
               inks: dict[bool, np.ndarray], quarter: int) -> list[Display]:
    """The digit rows running across ``bgr``, given its stroke maps (``hats``, by polarity), their
    ink (``raws``, uint8) and that ink without decimal points (``inks``)."""
    H, W = bgr.shape[:2]
    found: list[Display] = []
    for light_on_dark, (gap, stack) in ((lod, c) for lod in (False, True) for c in T.DISPLAY_CLOSINGS):
        hat = hats[light_on_dark]
        mask = inks[light_on_dark].copy()
        # A digit's segments are cut apart by hairline gaps; bridge those (not the wider gaps
        # between digits) so each digit is one blob ...
        if gap > 1:
            mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8))
        # ... and the taller gap between a digit's upper and lower segments (a 1 is two bars).
        if stack:
            mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((max(3, int(stack * min(H, W))), 1), np.uint8))
        n, labels, stats = components(mask)
        x, y, w, h, area = (stats[:, i] for i in range(5))
        min_h = T.DISPLAY_MIN_DIGIT_PX * max(H, W) / T.DISPLAY_LONG_SIDE
        digit_like = ((h >= min_h) & (h <= 0.4 * H) & (w >= 0.12 * h) & (w <= T.DISPLAY_MAX_DIGIT_WIDTH * h)
                      & (area >= 0.12 * w * h) & (area <= 0.9 * w * h))
        digit_like[0] = False  # the background
        keep = np.nonzero(digit_like)[0].tolist()
        cand = stats[keep]
        ink = mask > 0
        for row in _rows(cand):
            if len(row) > T.DISPLAY_MAX_DIGITS:  # a line of print, not a reading
                continue
            boxes = cand[row][:, :4]
            x0, y0 = boxes[:, 0].min(), boxes[:, 1].min()
            x1, y1 = (boxes[:, 0] + boxes[:, 2]).max(), (boxes[:, 1] + boxes[:, 3]).max()
            dh = float(np.median(boxes[:, 3]))
            # Read as it stands and turned half round (the photo may be upside down), at each lean
            # and at the row's own.
            crops = [mask[y:y + h, x:x + w] for x, y, w, h in boxes]
            lean = row_lean(ink[y0:y1, x0:x1])
            shears = SHEARS + (lean,) if lean > SHEARS[-1] + 0.04 else SHEARS
            # A one is a digit much narrower than the row's others (on squat digits, not narrow for its height).
            one = 0.5 * float(np.median(boxes[:, 2]))
            best, flipped = _best_read(crops, shears, one)
            fit = 1 - best.count("?") / len(best)
            if not set(best) - {"1", "?", "-"}:  # no digit reads, or only bars (a 1 is any bar: rules, grids)
                continue
            # The panel: a margin of half a digit around the row, which on a display holds no other ink.
            m = int(0.5 * dh)
            px0, py0, px1, py1 = max(0, x0 - m), max(0, y0 - m), min(W, x1 + m), min(H, y1 + m)
            row_ids = {keep[row_i] for row_i in row}
            panel = labels[py0:py1, px0:px1]
            inside = mask[py0:py1, px0:px1] > 0
            strangers = inside & ~np.isin(panel, list(row_ids))
            plain = 1.0 - min(1.0, strangers.sum() / max(1, inside.sum()))
            depth = float(np.median(hat[y0:y1, x0:x1][mask[y0:y1, x0:x1] > 0]))
            framed = _framed(bgr, ink, (x0, y0, x1, y1), dh)
            colon = has_colon(raws[light_on_dark], (int(x0), int(y0), int(x1), int(y1)), dh)
            found.append(Display((int(x0), int(y0), int(x1 - x0), int(y1 - y0)), best, dh, light_on_dark,
                                 flipped, depth, plain, fit, framed, quarter, colon))
    return found


def has_colon(ink: np.ndarray, box: tuple[int, int, int, int], dh: float) -> bool:
    """Whether two dots stand one above the other among or beside a row of digits ``dh`` px tall
    (``box``: x0, y0, x1, y1 in ``ink``'s pixels, nonzero = ink): a clock's colon, which no
    scale shows. Each dot is a solid round blob ``T.DISPLAY_COLON_DOT`` digit heights across, one
    in the row's upper half and one in its lower, a quarter to two thirds of a digit apart; the
    lower may stand back by half the rise, as a leaning display's does."""
    x0, y0, x1, y1 = box
    m = int(T.DISPLAY_COLON_REACH * dh)  # the finder may have ended the row at the colon
    sub = ink[max(0, y0):y1, max(0, x0 - m):x1 + m]
    if sub.size == 0:
        return False
    n, _, stats, cents = cv2.connectedComponentsWithStats(sub, connectivity=8)
    w, h, area = stats[:, 2], stats[:, 3], stats[:, 4]
    size = np.maximum(w, h)
    small, large = T.DISPLAY_COLON_DOT
    dots = (size >= max(T.DISPLAY_COLON_DOT_PX, small * dh)) & (size <= large * dh) & (np.minimum(w, h) >= 0.5 * size) & (area >= 0.5 * w * h)
    dots[0] = False
    c = cents[dots]
    v = c[:, 1] / max(1, y1 - y0)
    upper, lower = c[(v > 0.15) & (v < 0.5)], c[(v >= 0.5) & (v < 0.85)]
    for ux, uy in upper:
        for lx, ly in lower:
            rise = ly - uy
            if 0.25 * dh < rise < 0.65 * dh and abs(lx - ux) < 0.15 * dh + 0.5 * rise:
                return True
    return False


def display_cues(bgr: np.ndarray, found: list[Display] | None = None) -> list[float]:
    """The best display-like row as classifier cues: score, digits read, fit, plainness, contrast
    (/255), digit height (share of the image's short side), framing (0..1), and whether its rows
    run down the image (1) or across it (0). ``found``: :func:`find_displays` of ``bgr`` when
    already known."""
    ds = find_displays(bgr) if found is None else found
    if not ds:
        return [0.0] * N_DISPLAY_CUES
    d = ds[0]
    return [d.score, min(len(d.text), 8) / 8, d.segment_fit, d.plainness, d.contrast / 255,
            d.digit_height / min(bgr.shape[:2]), d.framed, float(d.quarter)]


N_DISPLAY_CUES = 8
