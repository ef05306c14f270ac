"""The display's number as OCR reads it: a second reader beside the seven segments, never a guess."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from evidencecheck.checks.weight import WeightReading, agree, mark_unit, read_weight
from evidencecheck.ocr.base import LineProbabilities, OcrEngine, OcrLine
from evidencecheck.ocr.rapid import RapidEngine, available
from evidencecheck.synth.fonts import font
from evidencecheck.text.display_number import (TextWeight, _number_at_start, cut_around, display_numbers, parse_number,
                                               turned)
from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.intake import DecodedImage


@pytest.mark.parametrize("text, parsed", [("12.38kg", ("1238", 1, "kg")), ("969 斤", ("969", None, "斤")),
                                          ("0.426", ("0426", 0, None)), ("5480", ("5480", None, None)),
                                          ("2.56 lb", ("256", 0, "lb")), ("531g", ("531", None, "g")),
                                          ("-11.11斤", ("1111", 1, "斤"))])  # an unlit position's middle bar
def test_a_number_alone_or_with_its_unit_parses(text, parsed):
    assert parse_number(text) == parsed


@pytest.mark.parametrize("text", ["TCS-150", "Max 40kg d=2g", "0-10kg: d=5g", "称量 30kg 分度1g", "13:11", "7/7",
                                  "5G", "296-V86 53", "12月17日", "3985。", "MAX. 110LB/50KG",
                                  "--12", "1-2"])
def test_a_model_number_capacity_clock_or_date_is_no_display_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, digits", [("37.91k", "3791"), ("37.9 1kg", "3791"), ("8.14 1b", "814"),
                                          ("1.04 l", "104"), ("10.72斤", "1072"), ("Max 40kg", None)])
def test_a_line_read_with_room_counts_the_digits_before_a_unit_it_cut(text, digits):
    # Room around a display's line takes in part of its unit, or reads pounds' l as a 1.
    assert _number_at_start(text) == digits


@pytest.mark.parametrize("box, inside", [((-5, 10, 50, 20), (0, 10, 45, 20)), ((10, -8, 50, 20), (10, 0, 50, 12)),
                                         ((450, 10, 50, 20), None)])
def test_a_line_reaching_past_the_photo_s_edge_is_cut_to_its_part_inside(box, inside):
    # The closer read of a row at the photo's edge gives such boxes; they raised here (2026-12-08).
    photo = np.full((400, 400, 3), 255, np.uint8)
    assert cut_around(photo, TextWeight("12", None, None, box), 0, 2.0, 0.5, 20)[1] == inside


def test_seven_segment_digits_turned_half_round():
    assert turned("028") == "820" and turned("2686") == "9892" and turned("347") is None


def _segments(shown: str | None, unit: str | None = "kg") -> WeightReading:
    kg = None if shown is None or unit is None else float(shown)
    return WeightReading(kg, shown, unit, (100, 100, 200, 60))


def _text(digits: str, point: int | None, box=(105, 102, 190, 55)) -> TextWeight:
    return TextWeight(digits, point, None, box)


def test_both_readers_agreeing_give_the_weight():
    w = agree(None, _segments("1.14"), [_text("114", 0)], None)
    assert (w.shown, w.kg) == ("1.14", 1.14)


def test_two_readers_disagreeing_leave_the_weight_out():
    w = agree(None, _segments("1.05"), [_text("109", 0)], None)
    assert w.kg is None and w.misread and "1.05" in w.reason and "1.09" in w.reason


def test_a_point_placed_differently_by_the_two_readers_leaves_the_weight_out():
    assert agree(None, _segments("1.14"), [_text("114", 1)], None).kg is None


def test_unlit_leading_digits_read_as_8s_by_ocr_still_agree():
    # An LCD shows its blanked leading digits faintly: OCR reads 8881.14 where the segments read 1.14.
    assert agree(None, _segments("1.14"), [_text("888114", 3)], None).kg == 1.14


@pytest.mark.parametrize("digits, point, kg", [("888110", 3, None), ("8244", 1, None), ("853", 0, 8.53),
                                               ("1853", 1, 18.53)])
def test_ocr_alone_gives_no_weight_that_may_begin_with_unlit_8s(digits, point, kg):
    # Without the segments, 8881.10 may be 1.10 behind unlit digits; 8.53 cannot be .53.
    t = TextWeight(digits, point, "kg", (105, 102, 190, 55))
    assert agree(None, _segments(None), [t], None).kg == kg


@pytest.mark.parametrize("digits, point, kg", [("6900", None, None), ("6900", 2, 0.69)])
def test_ocr_alone_gives_a_gram_reading_only_with_its_point(digits, point, kg):
    # OCR drops a point of a pixel or two: 690.0 g read 6900 g would be ten times too heavy.
    t = TextWeight(digits, point, "g", (105, 102, 190, 55))
    assert agree(None, _segments(None), [t], None).kg == kg


@pytest.mark.parametrize("digits, point", [("10", None), ("2618", 1)])
def test_ocr_reading_a_run_of_the_segments_digits_asks_for_a_closer_read_not_a_disagreement(digits, point):
    # The page read split 1.07 into "10" and ".0", and left out a 1 standing apart at 26.181's end.
    segments = _segments("1.07") if digits == "10" else _segments("26.181")
    part = _text(digits, point)
    assert agree(_photo(), segments, [part], _ReadsInTheRow(segments.shown)).kg == segments.kg
    assert agree(_photo(), segments, [part], _ReadsInTheRow("7.35")).kg is None  # closer, another number
    assert agree(_photo(), segments, [_text("2718", 1)], _ReadsInTheRow(segments.shown)).kg is None


def test_a_line_on_part_of_the_digits_is_no_other_number():
    # The red page read of a red LED's 1.85 found a line on the foot of its 1.8 and read it 1.0.
    foot = _text("10", 0, box=(105, 140, 70, 22))
    assert agree(None, _segments("1.85"), [foot], None).kg == 1.85
    whole = _text("10", 0, box=(105, 102, 190, 55))  # as tall as the digits: another number
    assert agree(None, _segments("1.85"), [whole], None).kg is None


@pytest.mark.parametrize("upside_down, kg", [(False, 1.58), (True, None)])
def test_three_decimals_tell_kg_only_of_a_number_read_the_right_way_up(upside_down, kg):
    # 0.851 kg read turned half round is 1.580, three decimals too (bench seed 175098237 #26).
    t = TextWeight("1580", 0, None, (105, 102, 190, 55), upside_down=upside_down)
    w = agree(_photo(), _segments(None, None), [t], _PageReadsOneLine("", (0, 0, 1, 1)))
    assert w.kg == kg and (w.shown is None) == upside_down


def test_three_decimals_away_from_the_display_row_are_print_not_a_weight():
    # A real parcel on a scale: the finder stood on the display's row (its two looks disagreed) and
    # the page read found a Japan Post label's 1,450 (yen) further down: 1.450 kg was given.
    on_label = TextWeight("1450", 0, None, (300, 500, 64, 28))  # below the row at (100, 100, 200, 60)
    w = agree(_photo(), _segments(None, None), [on_label], _PageReadsOneLine("", (0, 0, 1, 1)))
    assert w.kg is None and w.shown is None
    # where the finder found no display row at all, OCR's number with three decimals still is one
    nowhere = WeightReading(None, None, None, None, "no scale display found")
    assert agree(_photo(), nowhere, [on_label], _PageReadsOneLine("", (0, 0, 1, 1))).kg == 1.45


def test_a_number_elsewhere_on_the_photo_does_not_overrule_the_display():
    far = _text("2025", None, box=(900, 900, 120, 40))
    assert agree(None, _segments("1.14"), [far], None).kg == 1.14


class _ReadsInTheRow(OcrEngine):
    """An engine whose closer read of any line gives ``text``, and which records the cuts it read."""

    def __init__(self, text: str):
        self.text, self.cuts = text, []

    def read_page(self, image, det_long_side=None, max_lines=None):
        return []

    def read_line(self, image):
        self.cuts.append(image.shape)
        return OcrLine(self.text, (0, 0, image.shape[1], image.shape[0]), 0.98)


class _PageReadsOneLine(OcrEngine):
    """An engine whose page read finds one line, ``text`` in ``box`` (the page's pixels), and whose
    closer read of any cut reads nothing."""

    def __init__(self, text: str, box: tuple[int, int, int, int]):
        self.text, self.box = text, box

    def read_page(self, image, det_long_side=None, max_lines=None):
        return [OcrLine(self.text, self.box, 0.99)]

    def read_line(self, image):
        return None


@pytest.mark.parametrize("text, box, shown", [
    ("9.958", (300, 200, 60, 200), None),  # standing tall: read turned a quarter one way, a guess
    ("7.170", (300, 200, 60, 200), "7.170"),  # ... but a 7 turned half round is no digit
    ("9.958", (200, 300, 200, 60), "9.958"),  # lying across, as tall as the recogniser reads at
])
def test_a_tall_line_read_only_by_the_page_read_stands_only_if_it_cannot_read_turned(text, box, shown):
    # Bench seed 535566904: a display turned a quarter, 9.900 read 9.958 by the page read, which
    # turns a line standing taller than wide a quarter the one way; nothing read closer.
    ctx = AnalysisContext(DecodedImage(np.full((960, 1280, 3), 128, np.uint8), "PNG", "RGB", None, 1))
    found = display_numbers(ctx, _PageReadsOneLine(text, box))
    assert [t.shown for t in found] == ([shown] if shown else [])


class _PageReadsOneLineTurnedAnother(_PageReadsOneLine):
    """:class:`_PageReadsOneLine` whose closer read of a cut turned half round (its left end
    lighter than its right: the photo is dark at the line's left) reads ``turned``, and of a cut
    as the page stands nothing."""

    def __init__(self, text: str, box: tuple[int, int, int, int], turned: str):
        super().__init__(text, box)
        self.turned = turned

    def read_line(self, image):
        g = image.mean(axis=2) if image.ndim == 3 else image
        if g[:, :2].mean() <= g[:, -2:].mean():
            return None
        return OcrLine(self.turned, (0, 0, image.shape[1], image.shape[0]), 0.95)


@pytest.mark.parametrize("turned, shown", [
    ("1.084kg", []),  # the page read lost a digit the closer read sees: neither is taken
    ("kg", ["1.04"]),  # the closer read, turned, reads no number: the page read stands
])
def test_a_tall_line_the_closer_read_surely_reads_otherwise_is_not_taken_from_the_page_read(turned, shown):
    # Real val split: an OLED's 1.084 kg read 1.04kg by a page read standing the photo the wrong
    # way up; read closer, 1.084kg turned half round, nothing more as the page stood.
    pixels = np.full((960, 1280, 3), 200, np.uint8)
    pixels[:, :300] = 50
    ctx = AnalysisContext(DecodedImage(pixels, "PNG", "RGB", None, 1))
    found = display_numbers(ctx, _PageReadsOneLineTurnedAnother("1.04kg", (200, 300, 200, 60), turned))
    assert [t.shown for t in found] == shown


def _photo() -> AnalysisContext:
    return AnalysisContext(DecodedImage(np.full((800, 600, 3), 128, np.uint8), "PNG", "RGB", None, 1))


@pytest.mark.parametrize("in_row, kg", [("140.39", None), ("14111", 14.111), ("4111", 14.111), ("", 14.111)])
def test_a_weight_the_segments_alone_read_stands_only_if_ocr_reads_no_other_number_in_their_row(in_row, kg):
    # A lab balance's 140.39 g, the page taken upside down, so the page read found no number on
    # it: the segments' 14111 g alone would have stood. OCR's read of their row, the way they
    # stood it, must read their number, part of it, or nothing; where it reads theirs, it reads
    # the row once more with room, for digits their cut left out.
    engine = _ReadsInTheRow(in_row)
    segments = WeightReading(14.111, "14111", "g", (200, 300, 100, 50))
    w = agree(_photo(), segments, [], engine)
    assert w.kg == kg and len(engine.cuts) == (2 if in_row in ("14111", "4111") else 1)
    if kg is None:
        assert w.misread and "140.39" in w.reason


def test_a_unit_told_only_by_three_decimals_needs_the_page_read_to_read_the_number_too():
    # 2607 g read upside down with a stray dot is 1.092 by the segments, and "kg" by its decimals.
    told = WeightReading(1.092, "1.092", "kg", (100, 100, 200, 60), unit_told=True)
    w = agree(_photo(), told, [], _ReadsInTheRow("1.092"))
    assert w.kg is None and w.reason == "the unit beside the digits was not read"
    assert agree(_photo(), told, [_text("1092", 0)], _ReadsInTheRow("1.092")).kg == 1.092
    read = replace(told, unit_told=False)
    assert agree(_photo(), read, [], _ReadsInTheRow("1.092")).kg == 1.092


def test_a_row_stood_upright_by_a_quarter_turn_is_read_along_its_digits():
    engine = _ReadsInTheRow("14111")
    agree(_photo(), WeightReading(14.111, "14111", "g", (200, 300, 50, 100), turns=1), [], engine)
    h, w = engine.cuts[0][:2]
    assert w > h  # the tall box, turned, lies along the cut


pytestmark_ocr = pytest.mark.skipif(not available(), reason="RapidOCR reads the display")


@pytest.fixture(scope="module")
def engine():
    return RapidEngine()


def _printed_display(text: str, unit: str | None, body: str | None = None, half: bool = False,
                     quarter: bool = False) -> AnalysisContext:
    """A scale whose display shows ``text`` in an ordinary typeface (an OLED or dot-matrix panel,
    which the seven-segment reader cannot read) and ``unit`` after it, on a grey counter; ``body``:
    print under the display; ``half``: the display turned half round in an upright photo;
    ``quarter``: the whole photo turned a quarter, its upright way known (as the pipeline learns it)."""
    img = Image.new("RGB", (1600, 1200), (150, 150, 150))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((500, 400, 1150, 760), 24, fill=(50, 50, 56))
    panel = Image.new("RGB", (460, 150), (12, 20, 16))
    ImageDraw.Draw(panel).text((20, 75), text, font=font("noto_sans_bold", 96), fill=(120, 250, 160), anchor="lm")
    if unit:
        ImageDraw.Draw(panel).text((440, 120), unit, font=font("noto_sans_bold", 40), fill=(120, 250, 160), anchor="rb")
    if half:
        panel = panel.rotate(180)
    img.paste(panel, (560, 450))
    if body:
        d.text((560, 640), body, font=font("noto_sans_bold", 36), fill=(230, 230, 230), anchor="la")
    rgb = np.asarray(img)[:, :, ::-1]
    if quarter:
        rgb = np.rot90(rgb, 1)
    ctx = AnalysisContext(DecodedImage(np.ascontiguousarray(rgb), "PNG", "RGB", None, 1))
    if quarter:
        ctx.set_rotation(1)
    return ctx


@pytestmark_ocr
def test_a_display_the_segment_reader_cannot_read_is_read_by_ocr(engine):
    w = read_weight(_printed_display("3.64", "kg"), engine)
    assert (w.shown, w.unit, w.kg) == ("3.64", "kg", pytest.approx(3.64))


@pytestmark_ocr
def test_a_model_number_and_capacity_on_the_body_are_not_taken_for_the_weight(engine):
    w = read_weight(_printed_display("3.64", "kg", body="TCS-150  Max 150kg  d=50g"), engine)
    assert (w.shown, w.kg) == ("3.64", pytest.approx(3.64))
    assert read_weight(_printed_display("", None, body="TCS-150  Max 150kg  d=50g"), engine).kg is None


@pytestmark_ocr
def test_a_display_upside_down_in_an_upright_photo_is_read_right_or_not_at_all(engine):
    w = read_weight(_printed_display("3.64", "kg", half=True), engine)
    assert w.kg in (None, pytest.approx(3.64)) and w.shown in (None, "3.64")


@pytestmark_ocr
def test_a_quarter_turned_photo_is_read_upright(engine):
    w = read_weight(_printed_display("12.05", "kg", quarter=True), engine)
    assert (w.shown, w.kg) == ("12.05", pytest.approx(12.05))


@pytest.mark.parametrize("closer, point, agrees", [
    (TextWeight("766", 0, None, (0, 0, 1, 1)), 0, True),
    (TextWeight("8766", 1, None, (0, 0, 1, 1)), 0, True),  # the faint 8 of an unlit position, read closer
    (TextWeight("8766", 2, None, (0, 0, 1, 1)), 0, False),  # its point elsewhere
    (TextWeight("1766", 1, None, (0, 0, 1, 1)), 0, False),  # a lit digit more: another number
])
def test_a_closer_read_agrees_with_the_page_read_but_for_unlit_8s_before_it(closer, point, agrees):
    from evidencecheck.text.display_number import reads_number

    assert reads_number(closer, "766", point) == agrees


@pytest.mark.parametrize("read, unit, same", [
    ("2156", "lb", True),  # 2.15 lb, the lb read as 6 (its l lost)
    ("21516", "lb", True),  # ... or as 16
    ("2156", "kg", False),  # a kg is never read as a 6: another number
    ("2159", "g", True),  # a g read as a 9
    ("2159", "lb", False),
])
def test_a_unit_read_among_the_digits_is_no_other_number(read, unit, same):
    from evidencecheck.checks.weight import _same_number

    assert _same_number(TextWeight(read, 0, None, (0, 0, 1, 1)), "215", 0, unit) == same


class _FramesEngine(OcrEngine):
    """Gives fixed recogniser frames for any strip, and a greedy reading of them."""

    def __init__(self, frames: list[dict[str, float]], chars: str = "kegbl斤6"):
        self.index = {c: i + 1 for i, c in enumerate(chars)}
        rows = []
        for f in frames:
            p = np.full(len(chars) + 1, 1e-4)
            for c, v in f.items():
                p[0 if c == "" else self.index[c]] = v
            rows.append(p / p.sum())
        self.lp = LineProbabilities(np.array(rows, np.float32), self.index)

    def line_probabilities(self, image):
        return self.lp

    def read_line(self, image):
        from evidencecheck.ocr.ctc import greedy_text

        text = greedy_text(self.lp)
        return OcrLine(text, (0, 0, 1, 1), float(self.lp.probs.max(axis=1).min())) if text else None

    def read_page(self, image, det_long_side=None, max_lines=None):
        return []


_WORD = np.zeros((12, 20, 3), np.uint8)


def test_a_blurred_mark_read_greedily_as_ke_is_kg_when_its_frames_hold_the_g():
    engine = _FramesEngine([{"k": 0.9}, {"": 0.9}, {"e": 0.5, "g": 0.45}])
    assert engine.read_line(_WORD).text == "ke"
    assert mark_unit(_WORD, engine) == "kg"


def test_a_mark_its_frames_leave_between_kg_and_g_names_no_unit():
    # The k's frame as likely blank as k: "kg" and "g" fit alike, and the greedy g is unsure.
    engine = _FramesEngine([{"k": 0.45, "": 0.5}, {"g": 0.35, "6": 0.3, "e": 0.3}])
    assert mark_unit(_WORD, engine) is None


def test_a_mark_that_spells_no_unit_names_none():
    engine = _FramesEngine([{"6": 0.95}])
    assert mark_unit(_WORD, engine) is None


class _ReadsNothing(OcrEngine):
    def read_page(self, image, det_long_side=None, max_lines=None):
        return []

    def read_line(self, image):
        return None


@pytest.mark.parametrize("said, kg", [("lb", 0.6078), (None, None)])
def test_the_unit_ocr_read_in_the_digits_line_stands_when_none_is_read_beside_the_segments(said, kg):
    from evidencecheck.checks.weight import _read_display
    from evidencecheck.synth.sevenseg import render_display
    from evidencecheck.vision.displays import find_displays

    panel = render_display(np.random.default_rng(0), "1.34", "lcd", 60, positions=3, lean=0.0)
    img = np.full((600, 800, 3), 150, np.uint8)
    img[150:450, 150:650] = 50
    ph, pw = panel.shape[:2]
    img[300 - ph // 2:300 - ph // 2 + ph, 400 - pw // 2:400 - pw // 2 + pw] = panel[:, :, ::-1]
    d = find_displays(img)[0]
    w = _read_display(img, d, 1.0, _ReadsNothing(), said=said)
    assert (w.shown, w.unit) == ("1.34", said) and w.kg == (pytest.approx(kg) if kg else None)


@pytest.mark.parametrize("seen, kg", [
    ("2?79?", None),  # a 7 where OCR reads a 3, and one more position: another number
    ("2?39?", 2.339),  # the same digits, and one more position (a unit's strokes): no contradiction
    ("???????0", 2.339),  # nothing read but a 0 far along: nothing said against it
    ("6??2?", 2.339),  # the same row seen the wrong way up (2339 turned is 6??2, a 3 turned no digit)
])
def test_ocr_alone_gives_no_weight_against_what_the_segments_saw_at_any_row_over_it(seen, kg):
    first = WeightReading(None, None, None, (900, 700, 300, 60), "a digit fits no seven-segment pattern", True, "1")
    segments = replace(first, looked=(((100, 100, 200, 60), seen),))  # a second row, over OCR's number
    t = TextWeight("2339", 0, "kg", (105, 102, 190, 55))
    assert agree(None, segments, [t], None).kg == kg


@pytest.mark.parametrize("point, unit, kg", [
    (None, "kg", 0.296),  # 0296kg: the line ends in its unit, the lit 0 the whole kilograms
    (None, None, None),  # no unit in the line: it may be part of the display's row (0.27 read 02)
    (None, "g", None),  # a gram reading is never led by a lit 0
    (2, "kg", None),  # a point elsewhere: a digit was missed
])
def test_ocr_alone_reads_a_number_led_by_zero_with_the_point_after_it_only_when_its_unit_ends_the_line(point, unit, kg):
    t = TextWeight("0296", point, unit, (105, 102, 190, 55))
    w = agree(None, _segments(None), [t], None)
    assert w.kg == (pytest.approx(kg) if kg else None)


@pytest.mark.parametrize("lean", [0.0, 0.15])
def test_the_digits_own_slant_is_measured_from_their_ink(lean):
    import cv2

    from evidencecheck.checks.weight import digits_slant
    from evidencecheck.synth.sevenseg import render_display

    panel = render_display(np.random.default_rng(0), "80", "lcd", 60, positions=2, lean=lean)
    ink = (cv2.cvtColor(panel, cv2.COLOR_RGB2GRAY) < 100).astype(np.uint8)
    ink = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((15, 5), np.uint8))  # a digit's segments as one
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink)
    row = [i for i in range(1, n) if stats[i, 3] > 40]
    assert len(row) == 2
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in row]
    assert digits_slant(labels, row, boxes) == pytest.approx(lean, abs=0.04)
