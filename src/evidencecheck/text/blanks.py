"""Where the fill-in fields of a signed-delivery proof are: printed labels found by OCR, and the
blank beside each (an underline, or the grid cell's line), read off the upright page.

Works on the page the OCR read (the red channel, upright, at
:data:`~evidencecheck.thresholds.PAGE_OCR_LONG_SIDE`); boxes are in those pixels. A field is the
stretch of its blank and the band just above it, where the hand writes. Labels and the sentences
with blanks inside them are data (``fields.toml``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from .. import thresholds as T
from ..ocr.base import OcrLine
from ..vision.masks import darker_than_surroundings

Box = tuple[int, int, int, int]
FIELDS_FILE = Path(__file__).with_name("fields.toml")


@dataclass(frozen=True)
class FieldSpec:
    """What ``fields.toml`` says: labels per field, the required fields, blank-holding sentences,
    the fields' Chinese names."""

    labels: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    sentences: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (marks, names in order)
    names_zh: dict[str, str]  # each field's Chinese name, for messages


@lru_cache(maxsize=4)
def load_spec(path: str | None = None) -> FieldSpec:
    with open(path or FIELDS_FILE, "rb") as f:
        d = tomllib.load(f)
    labels = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in d["labels"].items()}
    sentences = tuple((tuple(s["marks"]), tuple(s["names"])) for s in d.get("sentences", []))
    return FieldSpec(labels, tuple(d["required"]), sentences, dict(d.get("names_zh", {})))


@dataclass(frozen=True)
class Rule:
    """A printed line: an underline or a grid line, from ``x0`` to ``x1``, through (``xc``, ``yc``)
    with ``slope`` px down per px right."""

    x0: int
    x1: int
    xc: float
    yc: float
    slope: float

    def y_at(self, x):
        """The line's height (px) at ``x`` (a number or an array), held level past its ends."""
        return self.yc + self.slope * (np.clip(x, self.x0, self.x1) - self.xc)


@dataclass(frozen=True)
class FieldRegion:
    name: str
    box: Box  # x, y, w, h on the page the OCR read
    label: str  # the printed label it was found by, or the sentence mark
    line_height: float  # the page's printed text height (px) the band was sized by
    rule: Rule | None = None  # the blank's line, when one was found
    ceiling: Rule | None = None  # the line above the blank, when it crosses the box: ink over it is another field's
    row: int | None = None  # in a table whose header names the fields: the row, 0 under the header
    print_above: tuple[Box, ...] = ()  # printed lines of the row above reaching into the box: not the field's ink

    @property
    def blank_box(self) -> Box:
        """The blank itself, to show a person: between the line above and the blank's line, taken
        at the field's middle (:attr:`box` reaches past them to take strokes through the line and a
        tilted page's ends)."""
        x, y, w, h = self.box
        mid = x + w / 2
        top = y if self.ceiling is None else max(y, int(round(self.ceiling.y_at(mid))))
        top = max([top] + [by + bh for bx, by, bw, bh in self.print_above if bx <= mid <= bx + bw])
        bottom = y + h if self.rule is None else min(y + h, int(round(self.rule.y_at(mid))))
        return (x, top, w, bottom - top) if bottom - top >= 0.5 * self.line_height else self.box

    @property
    def rule_y(self) -> int | None:
        """The blank's line at the field's middle (px), when one was found."""
        x, _, w, _ = self.box
        return None if self.rule is None else int(round(self.rule.y_at(x + w / 2)))


def find_rules(page: np.ndarray) -> list[Rule]:
    """Horizontal printed lines at least :data:`~evidencecheck.thresholds.FIELD_RULE_MIN` of the
    page's width long, on a grey page (uint8), top to bottom."""
    H, W = page.shape[:2]
    ink = darker_than_surroundings(page, T.FIELD_INK_DEPTH)
    # A photographed line is tilted a little and one or two pixels thick: thicken it so a short
    # straight run survives the opening, then join the runs back into the line.
    ink = cv2.dilate(ink, np.ones((3, 1), np.uint8))
    run = max(9, W // 60)
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    lines = cv2.morphologyEx(lines, cv2.MORPH_CLOSE, np.ones((1, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    rules = []
    for i in np.nonzero(stats[:, 2] >= T.FIELD_RULE_MIN * W)[0][1:] if n > 1 else []:
        x, y, w, h = stats[i][:4]
        comp = labels[y:y + h, x:x + w] == i
        counts = comp.sum(axis=0)
        cols = np.nonzero(counts)[0]
        # Each column's middle row; a character's stroke touching the line moves a few of them only.
        mid = (comp[:, cols] * np.arange(h)[:, None]).sum(axis=0) / counts[cols]
        slope, icpt = np.polyfit(cols, mid, 1)
        near = np.abs(mid - (slope * cols + icpt)) <= 2
        if near.sum() >= 2:
            slope, icpt = np.polyfit(cols[near], mid[near], 1)
        # Thin along its run, whatever its tilt: a line, not a word.
        if np.median(counts[cols]) <= T.FIELD_RULE_THICKNESS and abs(slope) <= T.FIELD_RULE_TILT:
            xc = x + w / 2
            rules.append(Rule(int(x), int(x + w), float(xc), float(y + icpt + slope * w / 2), float(slope)))
    return sorted(rules, key=lambda r: (r.yc, r.x0))


def _char_weight(ch: str) -> float:
    """Width of a character relative to a Chinese one: Latin letters, digits and marks are narrower."""
    return 0.55 if ord(ch) < 0x2E80 else 1.0


def _span_x(line: OcrLine, start: int, end: int) -> tuple[float, float]:
    """Where characters ``start:end`` of ``line`` sit, estimated from their widths (px)."""
    w = [_char_weight(c) for c in line.text]
    total = sum(w) or 1.0
    x, lw = line.bbox[0], line.bbox[2]
    return x + lw * sum(w[:start]) / total, x + lw * sum(w[:end]) / total


def _rule_after(rules: list[Rule], line: OcrLine, x: float, lh: float) -> Rule | None:
    """The line a blank beside a label sits on: it runs on past ``x`` (the label's end), starts
    no more than a few characters after it, and lies below the label's text, by at most
    :data:`~evidencecheck.thresholds.FIELD_RULE_BELOW` text heights. On a page photographed
    askew the text runs parallel to the lines: its centre at ``x`` follows the line's slope
    through the middle of the OCR box."""
    bx, by, bw, bh = line.bbox
    near = []
    for r in rules:
        if not (r.x1 > x + 1.5 * lh and r.x0 < x + 3 * lh):
            continue
        centre = by + bh / 2 + r.slope * (x - (bx + bw / 2))
        if centre < r.y_at(x) < centre + (0.5 + T.FIELD_RULE_BELOW) * lh:
            near.append(r)
    return min(near, key=lambda r: r.y_at(x)) if near else None


def _field_box(x0: float, x1: float, y0: float, y1: float, H: int, W: int) -> Box:
    """The box from (``x0``, ``y0``) to (``x1``, ``y1``), kept on a page ``W`` x ``H``."""
    x0, x1, y0, y1 = max(0.0, x0), min(float(W), x1), max(0.0, y0), min(float(H), y1)
    return int(x0), int(y0), max(1, int(x1 - x0)), max(1, int(y1 - y0))


def line_above(rules: list[Rule], rule: Rule, x0: float, x1: float, lh: float) -> Rule | None:
    """The nearest of ``rules`` over the blank on ``rule`` from ``x0`` to ``x1`` and at most
    :data:`~evidencecheck.thresholds.FIELD_CEILING_REACH` text heights (``lh``, px) above it,
    measured at the same x at both ends of their overlap (so a tilted page's rows stay apart): the
    row above's blank, or the cell's top. Lines less than
    :data:`~evidencecheck.thresholds.FIELD_MIN_BAND` heights above are the blank itself."""
    best, best_gap = None, np.inf
    for r in rules:
        a, b = max(x0, r.x0), min(x1, r.x1)
        if b - a < lh:
            continue
        gaps = [rule.y_at(x) - r.y_at(x) for x in (a, b)]
        if T.FIELD_MIN_BAND * lh < min(gaps) and max(gaps) < T.FIELD_CEILING_REACH * lh and min(gaps) < best_gap:
            best, best_gap = r, min(gaps)
    return best


def nearest_rule(rules: list[Rule], x: float, y: float, lh: float) -> Rule | None:
    """The line of ``rules`` passing within half a text height (``lh``, px) of (``x``, ``y``)."""
    near = [(abs(r.y_at(x) - y), i) for i, r in enumerate(rules) if r.x0 <= x <= r.x1 and abs(r.y_at(x) - y) < 0.5 * lh]
    return rules[min(near)[1]] if near else None


def field_on_line(name: str, rule: Rule, x0: float, x1: float, label: str, lh: float, rules: list[Rule],
                  H: int, W: int) -> FieldRegion:
    """The field of the blank on ``rule`` from ``x0`` to ``x1`` (page px): the band over the line,
    up to the line above it among ``rules`` when there is one near (a cell's top, the row above's
    blank), else :data:`~evidencecheck.thresholds.FIELD_ABOVE` text heights (``lh``), and
    :data:`~evidencecheck.thresholds.FIELD_BELOW` heights under it (strokes through the line)."""
    ceiling = line_above(rules, rule, x0, x1, lh)
    ys = (rule.y_at(x0), rule.y_at(x1))
    if ceiling is None:
        top = min(ys) - T.FIELD_ABOVE * lh
    else:
        top = min(ceiling.y_at(x0), ceiling.y_at(x1)) + T.FIELD_CEILING_GAP * lh
    box = _field_box(x0, x1, top, max(ys) + T.FIELD_BELOW * lh, H, W)
    return FieldRegion(name, box, label, lh, rule, ceiling)


@dataclass(frozen=True)
class LabelHit:
    """A field's printed label read in a line: which field, the words, where they stand (page px)."""

    name: str
    label: str
    line: OcrLine
    x0: float
    x1: float

    @property
    def yc(self) -> float:
        return self.line.bbox[1] + self.line.bbox[3] / 2


def label_hits(lines: list[OcrLine], spec: FieldSpec) -> list[LabelHit]:
    """Every field label of ``spec`` read in ``lines``, the longest of a field's labels per line.
    A line whose box stands taller than wide runs down the page (a proof turned a quarter inside
    an upright picture: a photo of it in a chat screenshot); its blanks are not to its right, and
    it labels nothing (bench seed 232449160 #104: such cuts of print failed a hand-filled proof as
    fully printed)."""
    hits = []
    for line in lines:
        if line.bbox[3] > line.bbox[2]:
            continue
        for name, labels in spec.labels.items():
            label = next((lb for lb in labels if lb in line.text), None)
            if label is not None:
                i = line.text.index(label)
                hits.append(LabelHit(name, label, line, *_span_x(line, i, i + len(label))))
    return hits


def page_tilt(rules: list[Rule], W: int) -> float:
    """How much the page's print climbs or falls (px down per px right): the median slope of its
    lines a third of the page wide or longer (a table's rows, a form's blanks); 0 without any."""
    long = [r.slope for r in rules if r.x1 - r.x0 >= W / 3]
    return float(np.median(long)) if long else 0.0


def header_row(hits: list[LabelHit], lh: float, tilt: float = 0.0) -> list[LabelHit]:
    """The labels of a table's header: two or more fields' labels side by side on one text row
    (their middles within half a text height ``lh`` once the page's ``tilt`` is taken out), the
    first such row from the top; [] when there is none. A table lists several parcels, one a row,
    each field a column under its label."""
    def level(g: LabelHit, h: LabelHit) -> float:
        return g.yc - tilt * ((g.x0 + g.x1) / 2 - (h.x0 + h.x1) / 2)

    for h in sorted(hits, key=lambda h: h.yc):
        row = [g for g in hits if abs(level(g, h) - h.yc) < 0.5 * lh]
        names = {g.name for g in row}
        if len(names) >= 2:
            return sorted({g.name: g for g in sorted(row, key=lambda g: -len(g.label))}.values(), key=lambda g: g.x0)
    return []


def find_columns(page: np.ndarray) -> list[Rule]:
    """Vertical printed lines (a table's column borders) as :class:`Rule` of the page turned on its
    side: ``x0``..``x1`` is the line's vertical extent, ``yc`` its x (page px), ``slope`` px right
    per px down."""
    return find_rules(np.ascontiguousarray(page.T))


def table_fields(header: list[LabelHit], lines: list[OcrLine], rules: list[Rule], columns: list[Rule],
                 lh: float, H: int, W: int, tilt: float = 0.0) -> list[FieldRegion]:
    """The cells under a table's ``header``: for each label, its column (between the column lines
    around it, else halfway to the neighbouring header words), and for each row under the header
    the cell, its bottom line as the blank's line and its top as the ceiling. A row's line spans
    every labelled column (an underline under the table, beside one label, does not), rows are of
    like height, and the table ends where its column lines do. ``tilt``: :func:`page_tilt`."""
    y_head = float(np.mean([h.yc for h in header]))
    x_head = float(np.mean([(h.x0 + h.x1) / 2 for h in header]))

    def in_header(l: OcrLine) -> bool:  # the line's middle on the header's row, the page's tilt taken out
        x, y, w, h = l.bbox
        return abs(y + h / 2 - tilt * (x + w / 2 - x_head) - y_head) < 0.5 * lh

    # Without column lines a cell reaches halfway to the header's next words: all of them, though
    # a turned page's header is not level.
    row_words = sorted((l for l in lines if in_header(l)), key=lambda l: l.bbox[0])
    # A column line crosses the header's row: it starts above its words' middle (half a text
    # height of slack for a border found short). The edge of a photo inside a chat screenshot,
    # starting a little under the header, was taken for the last column's right border and the
    # table's rows, which stop short of it, for no table (bench seed 175098237 #24). Receipt
    # calibration seed 5170 (80 proofs): every field and finding the same as with a whole one.
    crossing = [c for c in columns if c.x0 - 0.5 * lh <= y_head <= c.x1 + lh]
    # A column's sides, each a column line or a place on the header's row. A tilted page's columns
    # lean, so a cell's sides are taken at its own row: held where they cross the header, columns
    # leaning 4 degrees moved the right line a text height into the fifth row's cell, whose empty
    # blank then read printed (bench seed 1796610000 #360, a genuine proof failed with HANDWRITING_MISSING).
    sides_of = []
    for h in header:
        # The column lines nearest the label's middle: a label wider than its column reaches over
        # them (calibration seed 5170 #26: 收件人签字 over its left line made its cells three wide).
        mid = (h.x0 + h.x1) / 2
        left = [c for c in crossing if c.y_at(y_head) < mid]
        right = [c for c in crossing if c.y_at(y_head) > mid]
        before = [l.bbox[0] + l.bbox[2] for l in row_words if l.bbox[0] + l.bbox[2] <= h.x0]
        after = [l.bbox[0] for l in row_words if l.bbox[0] >= h.x1]
        x0 = (max(left, key=lambda c: c.y_at(y_head)) if left else
              (max(before) + h.x0) / 2 if before else h.x0 - lh)
        x1 = (min(right, key=lambda c: c.y_at(y_head)) if right else
              (min(after) + h.x1) / 2 if after else h.x1 + lh)
        sides_of.append((x0, x1))

    # How the table's verticals lean (px right per px down): as its column lines do; without any,
    # as a page turned flat would (minus the rows' slope). A photo taken at an angle leans them
    # its own way: #360's rows climb to the right and its columns lean left.
    lean = float(np.median([c.slope for c in crossing])) if crossing else -tilt

    def side_at(side: Rule | float, y: float) -> float:
        """The column's side (page px) at height ``y``: a line's own x there, else the header's
        place moved along the table's lean."""
        return side.y_at(y) if isinstance(side, Rule) else side + lean * (y - y_head)

    spans = [(side_at(a, y_head), side_at(b, y_head)) for a, b in sides_of]
    left, right = min(x0 for x0, _ in spans), max(x1 for _, x1 in spans)
    sides = [c for c in crossing if left - lh < c.y_at(y_head) < right + lh]
    end = max(c.x1 for c in sides) + 0.5 * lh if sides else H
    across = [r for r in rules if r.x0 <= left + lh and r.x1 >= right - lh]
    cx = (left + right) / 2
    ys = sorted(r.y_at(cx) for r in across if y_head < r.y_at(cx) < end)
    ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] > 0.5 * lh]  # a thick line found twice
    if len(ys) < 2 or ys[0] - y_head > 2 * lh:
        return []  # no ruled rows under the header: not a table this finder can read
    first = ys[1] - ys[0]
    bottoms = [ys[0]]
    for y in ys[1:]:
        if not 0.6 * first < y - bottoms[-1] < 1.6 * first:
            break  # the table ended: the next line is something else's
        bottoms.append(y)
    by_y = {r.y_at(cx): r for r in across}
    out = []
    for h, (a, b) in zip(header, sides_of):
        for i, y in enumerate(bottoms[1:]):
            rule = by_y[min(by_y, key=lambda v: abs(v - y))]
            middle = (bottoms[i] + y) / 2
            x0, x1 = side_at(a, middle) + T.FIELD_CELL_MARGIN * lh, side_at(b, middle) - T.FIELD_CELL_MARGIN * lh
            out.append(replace(field_on_line(h.name, rule, x0, x1, h.label, lh, rules, H, W), row=i))
    return out


def locate_fields(lines: list[OcrLine], page: np.ndarray, spec: FieldSpec | None = None) -> list[FieldRegion]:
    """The fill-in fields on ``page`` (grey uint8, upright) whose labels ``lines`` (the page's
    OCR) name, in the order of ``spec``'s labels; a field whose label is not read is absent. Under
    a table's header each row's cell is a field of its own (:attr:`FieldRegion.row`)."""
    spec = spec or load_spec()
    H, W = page.shape[:2]
    if not lines:
        return []
    # The print's text height sets every size: a line the OCR read with handwriting in it is taller.
    lh = float(np.median([l.bbox[3] for l in lines]))
    rules = find_rules(page)
    used: set[Rule] = set()
    found: dict[str, FieldRegion] = {}
    label_tops = []
    hits = label_hits(lines, spec)
    # A page photographed a few degrees turned puts a wide table's header words a text height or
    # more apart in y (calibration seed 5154 #3: the date column's label fell out of the header).
    tilt = page_tilt(rules, W)
    header = header_row(hits, lh, tilt)
    cells = table_fields(header, lines, rules, find_columns(page), lh, H, W, tilt) if header else []
    in_table = {c.name for c in cells}
    if cells:
        label_tops.append(min(h.line.bbox[1] for h in header))
    for hit in hits:  # the first line that labels a field, lines in reading order
        name, label, line = hit.name, hit.label, hit.line
        if name in found or name in in_table:
            continue
        top, bottom = line.bbox[1], line.bbox[1] + line.bbox[3]
        end = hit.x1 + 0.3 * lh  # the colon after a label
        rule = _rule_after([r for r in rules if r not in used], line, end, lh)
        if rule is not None:
            used.add(rule)
            found[name] = field_on_line(name, rule, max(end, rule.x0), rule.x1, label, lh, rules, H, W)
        else:  # no line to write on: the rest of the row, a generous stretch of it
            box = _field_box(end, end + T.FIELD_NO_RULE_LENGTH * lh, bottom - T.FIELD_ABOVE * lh,
                             bottom + T.FIELD_BELOW * lh, H, W)
            found[name] = FieldRegion(name, box, label, lh)
        label_tops.append(top)
    # Then the sentences with blanks inside them, on the lines no label took.
    for marks, names in spec.sentences:
        left = [n for n in names if n not in found and n not in in_table]
        start = next((l for l in lines if any(m in l.text for m in marks)), None)
        if not left or start is None:
            continue
        top = start.bbox[1]
        below = [t for t in label_tops if t > top + lh]
        end = min([top + T.FIELD_SENTENCE_ROWS * lh] + below)
        found.update(_sentence_fields([r for r in rules if r not in used and top < r.yc < end], left, lh, H, W,
                                      start.text, rules))
    # A blank with no line above it (a sentence's, a label's at a row's start) has a band reaching
    # up into the row above, where that row's printed words stand (calibration seed 5154 #133: the
    # label 兹证明运单号 over a printed date made it handwritten 0.99).
    printed = [h.line for h in hits] + [l for l in lines if any(m in l.text for marks, _ in spec.sentences for m in marks)]
    found = {n: replace(f, print_above=print_above(f, printed, lh)) if f.ceiling is None else f for n, f in found.items()}
    return [f for n in spec.labels for f in ([c for c in cells if c.name == n] or ([found[n]] if n in found else []))]


def print_above(field: FieldRegion, printed: list[OcrLine], lh: float) -> tuple[Box, ...]:
    """The boxes of the ``printed`` lines (labels and sentences, page px) that reach down into
    ``field``'s box from the row above: across at least half a text height (``lh``, px) of it, and
    ending :data:`~evidencecheck.thresholds.FIELD_MIN_BAND` text heights or more above the field's
    own line (a line nearer is the field's own row: its label, or its value in print). Only lines
    holding a label or a sentence's words: a hand's writing, however high it floats, is never
    taken out."""
    x, y, w, h = field.box
    out = []
    for line in printed:
        bx, by, bw, bh = line.bbox
        a, b = max(x, bx), min(x + w, bx + bw)
        if b - a < 0.5 * lh or not y < by + bh:
            continue
        base = min(field.rule.y_at(a), field.rule.y_at(b)) if field.rule is not None else y + h - T.FIELD_BELOW * lh
        if by + bh <= base - T.FIELD_MIN_BAND * lh:
            out.append(line.bbox)
    return tuple(dict.fromkeys(out))


def _sentence_fields(blanks: list[Rule], names: list[str], lh: float, H: int, W: int,
                     text: str, rules: list[Rule]) -> dict[str, FieldRegion]:
    """The ``blanks`` of a sentence (the lines in its rows), in reading order (rows top to
    bottom, then left to right), named by ``names``."""
    rows: list[list[Rule]] = []
    for r in sorted((r for r in blanks if r.x1 - r.x0 < 0.7 * W), key=lambda r: r.yc):
        if rows and r.yc - rows[-1][0].yc < 0.5 * lh:  # lines of one row lie within a fraction of a text height
            rows[-1].append(r)
        else:
            rows.append([r])
    ordered = [r for row in rows for r in sorted(row, key=lambda r: r.x0)]
    return {name: field_on_line(name, r, r.x0, r.x1, text, lh, rules, H, W) for name, r in zip(names, ordered)}
