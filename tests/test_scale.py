"""A scale's display is read to its weight in kg, and left out rather than guessed."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from evidencecheck.checks.weight import (
    RowReading,
    WeightReading,
    _letter_before,
    agree,
    digits_end,
    in_kg,
    display_row,
    _without_leading_edge,
    _one_unit,
    _read_display,
    _unit_mark,
    read_row,
    read_unit,
    _segments_where_read,
    ink_height,
    other_unit_beside,
    read_weight,
    unit_in,
)
from evidencecheck.ocr.base import OcrLine
from evidencecheck.ocr.rapid import RapidEngine, available
from evidencecheck.synth.fonts import font
from evidencecheck.synth.sevenseg import UNIT_PLACES, render_display
from evidencecheck.text.display_number import TextWeight, display_numbers, print_over
from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.displays import Display
from evidencecheck.vision.intake import DecodedImage

pytestmark = pytest.mark.skipif(not available(), reason="RapidOCR reads the unit")


@pytest.fixture(scope="module")
def engine():
    return RapidEngine()


def _scale(text: str, unit: str | None, style: str = "lcd_green", digit_h: int = 70, turned: bool = False,
           unit_place: str | None = None, dim: tuple[int, str] | None = None,
           body: str | None = None, top: int = 500, keys: bool = False,
           backlight: tuple[tuple[int, int, int], tuple[int, int, int]] | None = None) -> AnalysisContext:
    """A scale's dark body on a grey counter, its display showing ``text`` and ``unit`` printed
    after it (or lit inside the panel at ``unit_place``), in a 1600 x 1200 photo, the panel's top
    ``top`` px down; ``body``: print on the body under the display (a model number, the capacity);
    ``keys``: a row of light keys under the panel, each as tall as a digit; ``backlight``: the
    panel's (background, digits) RGB instead of the style's.
    ``dim``: (cell 0..5, "top" or "middle"): that segment shows at 40% of the others' contrast."""
    panel = render_display(np.random.default_rng(0), text, style, digit_h, positions=6, lean=0.0,
                           unit=unit if unit_place else None, unit_place=unit_place or "right")
    if dim:
        # The cell geometry of render_display: pad 0.35, cell 0.55 + gap 0.22, stroke 0.11 digit heights.
        cell, segment = dim
        pad, t, dw = 0.35 * digit_h, 0.11 * digit_h, 0.55 * digit_h
        x0 = int(pad + cell * (dw + 0.22 * digit_h) + t)
        y0 = pad if segment == "top" else pad + (digit_h - t) / 2
        bar = (slice(int(y0), int(y0 + t) + 1), slice(x0, int(x0 + dw - 2 * t)))
        bg = np.float32(panel[2, 2])
        panel[bar] = (bg + 0.4 * (panel[bar].astype(np.float32) - bg)).astype(np.uint8)
    if backlight:
        lit = panel.astype(np.float32).mean(axis=2, keepdims=True)
        share = (lit.max() - lit) / max(1.0, float(lit.max() - lit.min()))  # 1 on a digit, 0 on the panel
        bg, ink = (np.float32(c) for c in backlight)
        panel = (bg + share * (ink - bg)).astype(np.uint8)
    if unit_place:
        unit = None
    img = Image.new("RGB", (1600, 1200), (150, 150, 150))
    d = ImageDraw.Draw(img)
    ph, pw = panel.shape[:2]
    x, y = 800 - pw // 2, top
    d.rounded_rectangle((x - 60, y - 60, x + pw + 200, y + ph + 120 + (digit_h if keys else 0)), 20, fill=(55, 55, 60))
    img.paste(Image.fromarray(panel), (x, y))
    for i in range(6 if keys else 0):
        kx = x + i * digit_h
        d.rounded_rectangle((kx, y + ph + 30, kx + int(0.6 * digit_h), y + ph + 30 + digit_h), 6, fill=(225, 225, 225))
    if unit:
        d.text((x + pw + 12, y + ph), unit, font=font("noto_sans_bold", digit_h // 2), fill=(235, 235, 235), anchor="ld")
    if body:
        d.text((x, y + ph + 30), body, font=font("noto_sans_bold", digit_h // 2), fill=(235, 235, 235), anchor="la")
    rgb = np.asarray(img)
    if turned:
        rgb = rgb[::-1, ::-1]
    return AnalysisContext(DecodedImage(np.ascontiguousarray(rgb[:, :, ::-1]), "PNG", "RGB", None, 1))


@pytest.mark.parametrize("text, unit, kg", [("12.38", "kg", 12.38), ("0.472", "kg", 0.472), ("531", "g", 0.531),
                                            ("4.81", "斤", 2.405), ("5.18", "lb", 2.3496)])
def test_the_weight_is_read_and_converted_to_kg(engine, text, unit, kg):
    w = read_weight(_scale(text, unit), engine)
    assert w.shown == text and w.unit == unit and w.kg == pytest.approx(kg, abs=1e-4)


@pytest.mark.parametrize("style", ["lcd", "lcd_blue_negative", "led_red"])
def test_dark_and_light_digits_are_read(engine, style):
    assert read_weight(_scale("1.05", "kg", style), engine).shown == "1.05"


def test_a_scale_photographed_in_the_dark_is_read_in_lifted_levels(engine):
    lit = _scale("17.64", "kg", "lcd_green").image
    dark = (lit.pixels.astype(np.float32) * 0.1).astype(np.uint8)  # a tenth as bright: read as it is, no row
    w = read_weight(AnalysisContext(replace(lit, pixels=dark)), engine)
    assert (w.shown, w.unit) == ("17.64", "kg")


def test_without_its_unit_the_number_is_shown_but_no_weight_given(engine):
    w = read_weight(_scale("7.25", None), engine)
    assert w.kg is None and w.shown == "7.25" and w.reason


def test_a_model_number_and_capacity_printed_on_the_body_are_not_the_weight(engine):
    w = read_weight(_scale("2.35", "kg", body="TCS-150  Max 150kg  d=50g"), engine)
    assert (w.shown, w.unit, w.kg) == ("2.35", "kg", pytest.approx(2.35))


def test_a_row_on_the_bodys_print_is_not_read_closer_for_a_weight(engine, monkeypatch):
    # The finder may take a capacity's 0~10 for a row; read closer, its ~ may read as a point,
    # and the kg after it as its unit: the page read read that row as a line of print.
    import evidencecheck.checks.weight as weight

    ctx = _scale("", None, body="0~10kg: d=5g 10~50kg: d=10g")
    on_print = (615, 640, 90, 50)  # the body print's 0~10 under the dark display
    assert print_over(ctx, engine, on_print) == "0~10kg: d=5g 10~50kg: d=10g"
    assert print_over(ctx, engine, (622, 500, 357, 119)) is None  # the display's panel above it
    seen = WeightReading(None, None, None, on_print, "a digit fits no seven-segment pattern (?)", True, "?")
    monkeypatch.setattr(weight, "read_segments", lambda ctx, engine: seen)
    monkeypatch.setattr(weight, "display_numbers", lambda ctx, engine, whole_page=True: [])
    monkeypatch.setattr(weight, "row_numbers", lambda *a: [TextWeight("010", 0, "kg", on_print)])
    assert read_weight(ctx, engine).kg is None


def _stacked_display(*rows: str, digit_h: int = 60) -> AnalysisContext:
    """A housing showing ``rows`` (no units) one under another, as a fuel pump's or a
    price-computing scale's display does, in a 1600 x 1200 photo."""
    img = Image.new("RGB", (1600, 1200), (150, 150, 150))
    ImageDraw.Draw(img).rounded_rectangle((500, 200, 1100, 300 + len(rows) * int(2.2 * digit_h)), 20, fill=(55, 55, 60))
    for i, text in enumerate(rows):
        panel = render_display(np.random.default_rng(i), text, "lcd_green", digit_h, positions=6, lean=0.0)
        img.paste(Image.fromarray(panel), (560, 250 + i * int(2.2 * digit_h)))
    return AnalysisContext(DecodedImage(np.ascontiguousarray(np.asarray(img)[:, :, ::-1]), "PNG", "RGB", None, 1))


def test_three_decimals_tell_no_unit_where_other_readings_stand_beside_them(engine):
    # A fuel pump's price per litre and a price-computing scale's price per kg show three decimals
    # too: beside other readings of their size, they do not tell kg.
    assert read_weight(_stacked_display("2.734"), engine).kg == pytest.approx(2.734)
    pump = read_weight(_stacked_display("57.65", "21.09", "2.734"), engine)
    assert pump.kg is None


def test_a_body_with_its_display_dark_gives_no_weight_from_its_print(engine):
    w = read_weight(_scale("", None, body="TCS-150  Max 150kg  d=50g"), engine)
    assert w.kg is None


def test_a_photo_without_a_display_gives_no_weight(engine):
    blank = AnalysisContext(DecodedImage(np.full((900, 1200, 3), 140, np.uint8), "PNG", "RGB", None, 1))
    w = read_weight(blank, engine)
    assert w.kg is None and w.shown is None and w.reason == "no scale display found"


@pytest.mark.parametrize("place", UNIT_PLACES)
def test_a_unit_lit_inside_the_panel_is_read(engine, place):
    w = read_weight(_scale("2.35", "lb", unit_place=place), engine)
    assert w.unit == "lb" and w.kg == pytest.approx(2.35 * 0.45359237, abs=1e-4)


def test_a_dim_segment_is_read_when_every_other_digit_stays_as_it_was(engine):
    # The last 8's top segment at 40% contrast: an 8 without it fits no pattern at the first threshold.
    w = read_weight(_scale("13.38", "kg", dim=(5, "top")), engine)
    assert w.shown == "13.38" and w.kg == pytest.approx(13.38)


def test_a_g_cut_from_a_kg_by_the_strip_edge_is_not_taken_for_grams(engine):
    img = Image.new("RGB", (240, 120), (60, 60, 65))
    ImageDraw.Draw(img).text((40, 30), "kg", font=font("noto_sans_bold", 48), fill=(235, 235, 235))
    crop = np.asarray(img)[:, :, ::-1].copy()
    assert unit_in(crop, (0, 0, 240, 120), engine) == "kg"
    x = next(c for c in range(40, 120) if (crop[:, c] > 150).any() and not (crop[:, c + 4:c + 8] > 150).any())
    assert unit_in(crop, (x + 4, 0, 240 - x - 4, 120), engine) != "g"  # the strip starts past the k


@pytest.mark.parametrize("text", ["1.05", "0.66"])
def test_a_display_the_finder_does_not_see_is_read_from_its_panel(engine, text):
    ctx = _scale(text, "kg", digit_h=24)
    ctx.displays = lambda: []  # the finder saw no row of digits (at 1024 px these are 15 px tall)
    w = read_weight(ctx, engine)
    assert w.shown == text and w.kg == pytest.approx(float(text))


@pytest.mark.parametrize("style", ["lcd_green", "led_red"])
def test_where_ocr_read_the_digits_without_their_point_the_segments_there_give_it(engine, style):
    # The page read drops a point of a pixel or two; the finder may not see a small display at all.
    ctx = _scale("5.04", "kg", style=style, digit_h=40)
    ctx.displays = lambda: []
    # OCR reads the display's unlit leading digits too: 888504.
    t = next(replace(t, point=None) for t in display_numbers(ctx, engine) if t.digits.endswith("504"))
    w, refuted = _segments_where_read(ctx, [t], engine)
    assert refuted == [] and (w.shown, w.unit, w.kg) == ("5.04", "kg", pytest.approx(5.04))


@pytest.mark.parametrize("seen, kg", [("?24", 4.24), ("?84", None)])
def test_where_neither_reader_gave_a_weight_ocr_reads_the_segments_row_closer(engine, monkeypatch, seen, kg):
    # The page read missed the display and the segments read it only in part: OCR reads the row
    # they looked at again, closer, and its number with its point and unit is the weight, unless
    # it is not what the segments saw there.
    import evidencecheck.checks.weight as weight

    ctx = _scale("4.24", "kg", digit_h=40)
    whole = weight.read_segments(ctx, engine)
    assert whole.kg == pytest.approx(4.24)
    part = WeightReading(None, None, None, whole.bbox, f"a digit fits no seven-segment pattern ({seen})", True, seen,
                         turns=whole.turns)
    monkeypatch.setattr(weight, "read_segments", lambda ctx, engine: part)
    monkeypatch.setattr(weight, "display_numbers", lambda ctx, engine, whole_page=True: [])
    w = read_weight(ctx, engine)
    assert w.kg == (pytest.approx(kg) if kg else None)


def test_the_closer_read_of_a_row_cut_after_its_leading_one_gives_no_weight(engine, monkeypatch):
    # The segments' cut of a row may leave out its leading 1 (beside an unlit position's ghost
    # 8): OCR reading that cut closer reads a weight 10 kg light unless, read with more room, the
    # row shows no more digits.
    import evidencecheck.checks.weight as weight

    ctx, whole, cut = _row_cut("14.24", CUT_PAST_ONE, engine)
    assert whole.kg == pytest.approx(14.24)
    part = WeightReading(None, None, None, cut, "two looks disagree (?4 and 24)", True, turns=whole.turns)
    monkeypatch.setattr(weight, "read_segments", lambda ctx, engine: part)
    monkeypatch.setattr(weight, "display_numbers", lambda ctx, engine, whole_page=True: [])
    assert [t.shown for t in weight.row_numbers(ctx.image.pixels, cut, whole.turns, engine)] == ["4.24"]
    assert read_weight(ctx, engine).kg is None


CUT_PAST_ONE = 0.35  # digit heights: past a 1's bar (0.11 of them wide) and the gap after it
CUT_PAST_DIGIT = 0.75  # digit heights: past a 3 (about 0.55 of them wide) and the gap after it


def _row_cut(text: str, past: float, engine) -> tuple[AnalysisContext, WeightReading, tuple[int, int, int, int]]:
    """A scale showing ``text`` kg, the segments' reading of it, and their row's box cut ``past``
    digit heights after its left end: a cut that left out the leading digit."""
    import evidencecheck.checks.weight as weight

    ctx = _scale(text, "kg", digit_h=40)
    whole = weight.read_segments(ctx, engine)
    x, y, w, h = whole.bbox
    return ctx, whole, (x + int(past * h), y, w - int(past * h), h)


def test_a_weight_the_segments_read_in_a_cut_that_left_out_a_leading_digit_is_not_given(engine):
    # OCR reading the segments' own cut reads what they read there; read with a digit's room
    # beside the cut, the row must show no more digits (fresh bench seed 1796627500: 37.91 斤,
    # the cut after its 3, 7.91 given).
    import evidencecheck.checks.weight as weight

    ctx, whole, cut = _row_cut("37.91", CUT_PAST_DIGIT, engine)
    assert whole.kg == pytest.approx(37.91)
    assert [t.shown for t in weight.row_numbers(ctx.image.pixels, cut, whole.turns, engine)] == ["7.91"]
    part = WeightReading(7.91, "7.91", "kg", cut, turns=whole.turns)
    assert agree(ctx, part, [], engine).kg is None
    assert agree(ctx, whole, [], engine).kg == pytest.approx(37.91)


def test_a_digit_read_with_room_where_an_unlit_positions_ghost_stands_is_no_more_digits(engine, monkeypatch):
    # Read with room, part of an unlit position's ghost 8 may read as a digit: only one lit as
    # deep as the row's makes the row run on.
    import evidencecheck.checks.weight as weight

    ctx = _scale("0.72", "kg", digit_h=40)  # unlit positions before the 0
    whole = weight.read_segments(ctx, engine)
    assert whole.kg == pytest.approx(0.72)
    monkeypatch.setattr(weight, "row_numbers", lambda *a: [TextWeight("072", 0, None, whole.bbox)])
    monkeypatch.setattr(weight, "digits_with_room", lambda *a: "3072")
    assert agree(ctx, whole, [], engine).kg == pytest.approx(0.72)
    lit, _, cut = _row_cut("20.72", CUT_PAST_DIGIT, engine)
    assert agree(lit, WeightReading(0.72, "0.72", "kg", cut, turns=whole.turns), [], engine).kg is None


def test_a_lone_bar_read_as_a_1_before_the_digits_with_room_is_no_more_digits(engine, monkeypatch):
    # A panel's edge or glare on its glass before the digits reads as a 1 with room (real tune
    # split: a bathroom scale's 176.4 lb read 1176.4), lit as deep as the digits.
    import evidencecheck.checks.weight as weight

    ctx = _scale("176.4", "lb", digit_h=40)
    whole = weight.read_segments(ctx, engine)
    assert whole.shown == "176.4"
    monkeypatch.setattr(weight, "row_numbers", lambda *a: [TextWeight("1764", 2, None, whole.bbox)])
    monkeypatch.setattr(weight, "_lit_before", lambda *a: True)
    monkeypatch.setattr(weight, "digits_with_room", lambda *a: "11764")
    assert agree(ctx, whole, [], engine).kg == pytest.approx(whole.kg)
    monkeypatch.setattr(weight, "digits_with_room", lambda *a: "21764")
    assert agree(ctx, whole, [], engine).kg is None


def test_where_ocr_read_other_digits_than_the_segments_show_no_weight_comes_of_them(engine):
    ctx = _scale("5.04", "kg", digit_h=40)
    t = next(replace(t, digits="584", point=None) for t in display_numbers(ctx, engine) if t.digits.endswith("504"))
    # The segments read 504 where OCR read 584: no weight, and OCR's number is refuted.
    assert _segments_where_read(ctx, [t], engine) == (None, [t])


@pytest.mark.parametrize("light_on_dark", [False, True])
def test_the_digits_height_in_a_line_box_leaves_out_its_margin_the_panel_edge_and_a_unit_below(light_on_dark):
    ink, paper = (230, 30) if light_on_dark else (30, 230)
    box = np.full((60, 160), paper, np.uint8)
    box[14:44:1, 10:18] = ink  # a 1, 30 px tall, ...
    box[14:18, 30:50] = box[27:31, 30:50] = box[40:44, 30:50] = ink  # ... an E-like 3 ...
    box[14:44, 46:50] = ink
    box[50:54, 60:70] = ink  # ... a unit lit small below ...
    box[56:60, :] = 255 - paper  # ... and the panel's edge along the foot
    assert ink_height(box, light_on_dark) == pytest.approx(30, abs=3)
    assert ink_height(np.full((60, 160), paper, np.uint8), light_on_dark) is None


@pytest.mark.parametrize("light_on_dark", [False, True])
def test_the_digits_height_spans_thin_upright_strokes_between_their_bars(light_on_dark):
    # Between a seven-segment row's bars only its upright strokes cross the rows, few and thin
    # in 7.97 (dev set syw: its digits found 13 px tall in 32 px, its lb then not judged a mark).
    ink, paper = (230, 30) if light_on_dark else (30, 230)
    box = np.full((60, 160), paper, np.uint8)
    for x in (10, 40):  # two 7s: a top bar and one upright stroke, 3 px wide
        box[14:18, x:x + 20] = ink
        box[14:44, x + 17:x + 20] = ink
    box[14:18, 70:90] = box[27:31, 70:90] = box[40:44, 70:90] = ink  # a 9's three bars ...
    box[14:31, 70:73] = box[14:44, 87:90] = ink  # ... and its uprights
    assert ink_height(box, light_on_dark) == pytest.approx(30, abs=3)


def test_a_mark_lit_at_the_digits_foot_is_kept_when_their_strokes_are_cleared():
    # Dev set syw: 36.17 斤, its 斤 lit under the 7 and reaching up into the digits' band, was
    # half cleared with the band and read as nothing.
    from evidencecheck.checks.weight import _clear_digits

    ink = np.zeros((60, 80), np.uint8)
    ink[10:14, 10:30] = ink[10:40, 26:30] = 1  # a 7, 30 px tall, from 10 to 30
    ink[34:46, 12:22] = 1  # the mark, under it and reaching 6 px into its band
    _clear_digits(ink, (10, 30, 10, 40), 30.0)
    assert not ink[10:14, 10:30].any() and not ink[10:40, 26:30].any()
    assert ink[34:46, 12:22].all()

def test_a_panel_is_read_only_when_its_two_looks_read_the_same_digits(engine):
    # A finder's row may be part of a display (its second look may read more); a panel's first look
    # is a whole reading, so the second must read exactly that.
    ctx = _scale("12.38", "kg")
    d = replace(ctx.displays()[0], text="238")
    scale = ctx.bgr_at(1024).scale
    assert _read_display(ctx.image.pixels, d, scale, engine).kg == pytest.approx(12.38)
    assert _read_display(ctx.image.pixels, d, scale, engine, whole=True).kg is None


def test_without_its_unit_a_number_is_shown_only_when_both_looks_read_it_alike(engine):
    ctx = _scale("7.25", None)
    d = ctx.displays()[0]
    scale = ctx.bgr_at(1024).scale
    assert _read_display(ctx.image.pixels, d, scale, engine).shown == "7.25"
    assert _read_display(ctx.image.pixels, replace(d, text="?25"), scale, engine).shown is None


def test_an_upside_down_scale_is_read_right_or_not_at_all(engine):
    w = read_weight(_scale("3.69", "kg", turned=True), engine)
    assert w.kg in (None, 3.69)


@pytest.mark.parametrize("text", ["0.28", "12.05", "5.18"])
def test_digits_that_read_either_way_up_are_turned_by_their_point_and_unit(engine, text):
    # Turned half round, 0.28 shows digits that read 820: the finder cannot tell which way is up.
    ctx = _scale(text, "kg", turned=True)
    assert not ctx.displays()[0].upside_down  # it took them as they stand
    assert read_weight(ctx, engine).shown == text


def test_a_leading_zero_not_before_the_point_means_a_digit_was_missed(engine):
    # A scale blanks leading zeros, so "0788" is "10788" with its 1 lost: no weight.
    w = read_weight(_scale("0788", "g"), engine)
    assert w.kg is None and w.misread
    assert read_weight(_scale("0.788", "kg"), engine).kg == pytest.approx(0.788)


@pytest.mark.parametrize("unit, kg", [("斤", 0.14), ("kg", 0.28), ("g", None)])
def test_a_lit_leading_zero_stands_before_a_point_too_small_to_see(engine, unit, kg):
    # Drawn without its point, as a small display's point of a pixel or two is lost: 028 is 0.28,
    # but in grams, which need no point, a leading 0 follows a digit missed.
    w = read_weight(_scale("028", unit), engine)
    assert w.kg == (pytest.approx(kg) if kg else None)


def test_more_decimals_than_a_scale_shows_in_its_unit_means_a_misplaced_point(engine):
    w = read_weight(_scale("5.303", "斤"), engine)
    assert w.kg is None and w.unit == "斤"
    assert read_weight(_scale("5.30", "斤"), engine).kg == pytest.approx(2.65)


@pytest.mark.parametrize("digits, point, kg", [("077", 0, None), ("107", 0, 0.00107), ("0", None, 0.0), ("77", None, 0.077)])
def test_a_gram_reading_under_one_gram_is_no_parcels_weight(digits, point, kg):
    # No parcel weighs under a gram: such a reading's g is more likely a kg's, its k lost.
    w = in_kg(digits, point, "g", (0, 0, 10, 10))
    assert w.kg == (None if kg is None else pytest.approx(kg, abs=1e-4))
    assert w.unit == (None if kg is None else "g")


def test_a_row_the_finder_saw_only_part_of_is_read_whole_or_not_at_all(engine):
    # The finder saw "49" of 10.849; cut around that, the leading 1 is lost and 0.849 would read.
    ctx = _scale("10.849", "kg")
    d = ctx.displays()[0]
    x, y, w, h = d.box
    part = replace(d, box=(x + 0.85 * w, y, 0.15 * w, h), text="49")
    reading = _read_display(ctx.image.pixels, part, ctx.bgr_at(1024).scale, engine)
    assert reading.shown in (None, "10.849")
    assert read_weight(ctx, engine).kg == pytest.approx(10.849)


def test_a_cut_through_a_leaning_digit_is_told_from_a_cut_clear_of_the_row():
    # Bench seed 1796611000 #170: 27.694 kg read 7.694, the cut through its 2 a pitch and a px
    # before the 7, too little of the 2 left to be a digit; the cut is made wider then.
    from evidencecheck.checks.weight import _cut_through, read_row

    panel = render_display(np.random.default_rng(0), "27.694", "lcd_blue", 48, positions=6, lean=0.2)
    bgr = np.ascontiguousarray(cv2.copyMakeBorder(panel[:, :, ::-1], 40, 40, 40, 40, cv2.BORDER_REPLICATE))
    whole = read_row(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), False, 48)
    assert whole.digits == "27694"
    x, _, w, _ = whole.boxes[0]
    cut = np.ascontiguousarray(bgr[:, x + w // 2:])  # through the 2
    part = read_row(cv2.cvtColor(cut, cv2.COLOR_BGR2GRAY), False, 48)
    assert part.digits == "7694"
    assert _cut_through(cut, part, False, 48) == (True, False)
    assert _cut_through(bgr, whole, False, 48) == (False, False)
    framed = bgr.copy()
    framed[:, :3] = bgr.reshape(-1, 3)[np.argmin(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY))]  # a frame's edge, in ink
    assert _cut_through(framed, whole, False, 48) == (False, False)


def test_a_digit_that_reads_otherwise_with_fainter_ink_is_not_sure(engine):
    # The 8's middle bar dimmer than the rest: without it the 8 is a 0, and 0.053 would be wrong.
    ctx = _scale("0.853", "kg", dim=(3, "middle"))
    assert read_weight(ctx, engine).kg in (None, 0.853)


def test_a_digit_showing_fewer_segments_with_fainter_ink_keeps_its_first_reading(monkeypatch):
    # More ink lights no segment less: real parcel-scale's 2.50 kg, its 5 read 1 at the fainter
    # threshold (its cell cut otherwise), was left unread as torn; an 8 read 0 at first still is.
    import evidencecheck.checks.weight as W

    def reads(first, fainter):
        looks = iter([RowReading(first, ((0, 0, 20, 48),) * 3, 0), RowReading(fainter, ((0, 0, 20, 48),) * 3, 0)])
        monkeypatch.setattr(W, "_read_inked", lambda *a, **k: next(looks))
        row = np.zeros((120, 200), np.uint8)
        row[40:90, 20:180:40] = 255  # strokes, for the reader's contrast check
        return read_row(row, True, 48)

    assert reads("250", "210").digits == "250"
    torn = reads("205", "208")
    assert torn.digits == "20?" and torn.torn == {2}


@pytest.mark.parametrize("quarter, upside_down", [(0, False), (0, True), (1, False), (1, True)])
def test_a_box_in_a_rows_cut_is_found_again_in_the_photo(quarter, upside_down):
    # The weight's box is where its digits were read in the cut, turned and scaled, not where the
    # finder saw some of them (real parcel-scale's 0.28 kg: the finder's row its 28 and the 0's edge)
    from evidencecheck.checks.weight import _scaled_cut, in_original

    photo = np.zeros((900, 1300, 3), np.uint8)
    photo[300:360, 500:620] = 255  # the digits
    d = Display((0.5 * 480, 0.5 * 290, 0.5 * 160, 0.5 * 80), "88", 12.0, False, upside_down, 0, 1, 1, 1, quarter)
    crop, _ = _scaled_cut(photo, d, 0.5, 48)
    ys, xs = np.nonzero(crop[..., 0] > 127)
    box = (int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))
    assert in_original(photo.shape, d, 0.5, 48, box) == pytest.approx((500, 300, 120, 60), abs=2)


def test_the_weight_stands_where_its_digits_were_read(engine):
    # The finder saw 28 of 0.28: the weight's box spans the 0 as well
    ctx = _scale("0.28", "kg")
    d = ctx.displays()[0]
    x, y, w, h = d.box
    part = replace(d, box=(x + 0.45 * w, y, 0.55 * w, h), text="28")
    scale = ctx.bgr_at(1024).scale
    reading = _read_display(ctx.image.pixels, part, scale, engine)
    assert reading.shown == "0.28"
    assert reading.bbox[0] <= x / scale + 0.1 * w / scale and reading.bbox[2] >= 0.9 * w / scale


def test_a_gram_reading_is_not_taken_from_a_row_that_shows_its_point_when_turned():
    from evidencecheck.checks.weight import _point_when_turned

    def panel(text):
        rgb = render_display(np.random.default_rng(0), text, "led_red", 48, positions=5, lean=0.0)
        return np.ascontiguousarray(np.pad(rgb, ((30, 30), (40, 40), (0, 0)), mode="edge")[:, :, ::-1])

    # 1.625 kg seen the wrong way up reads 5291, with no point at its foot: a gram reading, unless
    # turned half round the row shows its point.
    assert _point_when_turned(panel("1.625")[::-1, ::-1], True, "5291")
    assert not _point_when_turned(panel("5291")[::-1, ::-1], True, "1625")
    # A speck over the gap between 2430's 4 and 3 stands at the foot when the row is turned, where
    # a point would; but turned, the 4 and the 3 fit no pattern (0??2): that is no reading, and
    # the row stands upright.
    specked = panel("2430")
    rows = read_row(cv2.cvtColor(specked, cv2.COLOR_BGR2GRAY), True, 48)
    assert rows is not None and rows.digits == "2430" and rows.point is None
    (x, y, w, _), (x_next, _, _, _) = rows.boxes[1:3]
    cv2.circle(specked, ((x + w + x_next) // 2, y + 3), 3, (35, 45, 255), -1)
    assert not _point_when_turned(specked, True, "2430")


@pytest.mark.parametrize("style", ["led_green", "lcd"])
def test_a_point_between_leaning_digits_is_found_though_the_lean_is_measured_short(monkeypatch, style):
    # Bench seed 1796620000 #50: 387.0 g, its row measured 0.10 and 0.02 upright where the digits
    # leant about 0.15-0.2; the point, squeezed between the 7 and the 0, stood clear only there,
    # and the row read 3870 g. Here both measures are made to say 0.
    from evidencecheck.checks import weight

    monkeypatch.setattr(weight, "row_lean", lambda *a, **k: 0.0)
    monkeypatch.setattr(weight, "digits_slant", lambda *a, **k: 0.0)
    rgb = render_display(np.random.default_rng(0), "387.0", style, 48, positions=5, lean=0.15)
    gray = cv2.cvtColor(np.pad(rgb, ((30, 30), (40, 40), (0, 0)), mode="edge"), cv2.COLOR_RGB2GRAY)
    row = read_row(gray, style != "lcd", 48)
    assert (row.digits, row.point, row.point_leaning) == ("3870", 2, True)
    # Such a point is not sure enough for grams, read either way (fresh seed 1796623000 #26: 23522 g
    # read 2352.2 so); the weight check leaves a gram reading with it unread.


def test_the_segments_give_no_gram_reading_whose_point_shows_only_at_another_lean(monkeypatch, engine):
    # Fresh seed 1796623000 #26: 23522 g read 2352.2 g by a point found only at nearby leans; a gram
    # reading is read with a point or without, so such a point leaves it unread (OCR may still
    # read the display, with its point, as the other reader).
    import sys

    from evidencecheck.checks import weight

    here = sys.modules[__name__]
    drawn = here.render_display
    monkeypatch.setattr(here, "render_display", lambda *a, **k: drawn(*a, **{**k, "lean": 0.15}))
    ctx = _scale("387.0", "g")
    monkeypatch.setattr(weight, "row_lean", lambda *a, **k: 0.0)
    monkeypatch.setattr(weight, "digits_slant", lambda *a, **k: 0.0)
    d = ctx.displays()[0]
    reading = _read_display(ctx.image.pixels, d, ctx.bgr_at(1024).scale, engine)
    assert reading.kg is None and "point of a gram reading" in reading.reason


def test_a_row_that_holds_a_3_4_or_7_upright_does_not_stand_upside_down():
    # Bench seed 1796620000 #210: a blue LCD's 672 g, turned half round, read 21.9 (the 7's top bar
    # at the foot for a point, its right side for a 1); a 7 turned half round is no digit.
    from evidencecheck.checks.weight import _point_when_turned

    rgb = render_display(np.random.default_rng(0), "672", "lcd_blue_negative", 48, positions=5, lean=0.1)
    leaning = np.ascontiguousarray(np.pad(rgb, ((30, 30), (40, 40), (0, 0)), mode="edge")[:, :, ::-1])
    turned = read_row(cv2.cvtColor(leaning[::-1, ::-1], cv2.COLOR_BGR2GRAY), True, 48)
    assert (turned.digits, turned.point) == ("219", 1), "the turned row reads as the bench photo's did"
    assert not _point_when_turned(leaning, True, "672")


def _pocket_scale(text: str, unit: str, digit_h: int = 300) -> AnalysisContext:
    """A pocket scale's close-up: a light panel filling the photo, ``text`` in ``digit_h`` px
    digits and ``unit`` lit small (a sixth of their height) above their left end."""
    panel = render_display(np.random.default_rng(0), text, "lcd", digit_h, positions=len(text.replace(".", "")),
                           lean=0.0)
    img = Image.new("RGB", (1600, 1200), (178, 190, 160))
    ph, pw = panel.shape[:2]
    x, y = 800 - pw // 2, 600 - ph // 2
    img.paste(Image.fromarray(panel), (x, y))
    d = ImageDraw.Draw(img)
    d.text((x - int(0.2 * digit_h), y), unit, font=font("noto_sans_bold", int(0.23 * digit_h)), fill=(38, 42, 36),
           anchor="ls")
    return AnalysisContext(DecodedImage(np.ascontiguousarray(np.asarray(img)[:, :, ::-1]), "PNG", "RGB", None, 1))


def test_a_unit_lit_small_in_a_corner_of_a_close_up_is_read_at_the_photos_detail(engine):
    # At the reading size (digits 48 px) the g is 8 px tall and reads as nothing; it is read from
    # a cut of the photo with the digits 160 px tall. Pocket scales show grams to 0.01 g.
    w = read_weight(_pocket_scale("67.27", "g"), engine)
    assert w.shown == "67.27" and w.unit == "g" and w.kg == pytest.approx(0.06727, abs=1e-4)


def test_a_unit_no_scale_shows_is_read_after_a_displays_digits(engine):
    # A thermometer's °C printed small after its digits, which the page read does not see.
    assert other_unit_beside(_scale("32.9", "°C"), engine) in ("°C", "℃")
    assert other_unit_beside(_scale("12.38", "kg"), engine) is None
    assert other_unit_beside(_scale("12.38", None), engine) is None


def test_a_unit_lit_just_under_the_first_digit_is_read_though_that_digits_box_runs_over_it(engine):
    # A luggage scale lights Lb under its first digit, close enough that the digit's box takes it
    # in (tune split: that box 60 px tall, the others 48): the band that hides the digits from the
    # mark search runs from their median top to their median foot, not over the tallest box.
    crop, row = _lcd_with_mark("20.21", 4, 20, "Lb", 20 + int(0.35 * 48), 13, 120)
    assert row is not None and row.digits == "2021"
    x, y, w, h = row.boxes[0]
    stretched = ((x, y, w, h + int(0.25 * 48)), *row.boxes[1:])  # over the Lb
    assert read_unit(crop, stretched, engine) == "lb"


def _lcd_with_mark(text: str, positions: int, panel_x: int, mark: str, mark_x: int, size: int,
                   room: int) -> tuple[np.ndarray, object]:
    """An LCD showing ``text`` (digits 48 px tall, ``positions`` cells) ``panel_x`` px into a picture
    of its own colour ``room`` px wider than it, with ``mark`` lit ``size`` px tall at its foot from
    ``mark_x``: the picture (BGR) and its row as read."""
    panel = render_display(np.random.default_rng(0), text, "lcd", 48, positions=positions, lean=0.0)
    ph, pw = panel.shape[:2]
    img = Image.new("RGB", (pw + room, ph + 40), tuple(int(v) for v in panel[2, 2]))
    img.paste(Image.fromarray(panel), (panel_x, 10))
    ImageDraw.Draw(img).text((mark_x, 10 + ph - 2), mark, font=font("noto_sans_bold", size), fill=(38, 42, 36),
                             anchor="lb")
    return np.ascontiguousarray(np.asarray(img)[:, :, ::-1]), read_row(np.asarray(img.convert("L")), False, 48)


def test_a_mark_cut_by_the_crop_is_not_read_for_a_unit(engine):
    # A counter scale lights kg under its unlit leading digits; a cut of the display that ends
    # between the k and the g leaves a g at its edge, which is no gram reading (bench seed
    # 535566904: 1.20 kg given as 1.20 g).
    whole, row = _lcd_with_mark("1.20", 3, 140, "kg", 100, 18, 160)
    assert row is not None and row.digits == "120"
    assert read_unit(whole, row.boxes, engine) == "kg"
    g_left = 100 + int(font("noto_sans_bold", 18).getlength("k")) + 1  # the first column past the k
    cut = np.ascontiguousarray(whole[:, g_left:])
    boxes = tuple((x - g_left, y, w, h) for x, y, w, h in row.boxes)
    assert read_unit(cut, boxes, engine) is None


def test_a_mark_the_closer_cut_does_not_read_is_read_at_the_reading_size(engine):
    # Tune: a blue luggage scale's dim lb, blurred in the photo, read 由 from the closer cut and
    # lb at the reading size. Here the closer cut shows nothing where the mark stands.
    from evidencecheck.checks.weight import _unit_mark

    whole, row = _lcd_with_mark("15.53", 4, 20, "lb", 208, 18, 120)
    assert row.digits == "1553"
    paper = np.full((3 * whole.shape[0], 3 * whole.shape[1], 3), whole[2, 2], np.uint8)
    assert _unit_mark(whole, row.boxes, engine, False, lambda: paper) == "lb"


@pytest.mark.parametrize("text", ["1.10", "0.53"])
def test_a_unit_lit_at_the_panels_far_end_past_unlit_positions_is_read(engine, text):
    # Six positions, three of them unlit before the digits: the kg lit under the first lies
    # farther from the digits than the unit is first looked for (calibration seed 5152 #38).
    w = read_weight(_scale(text, "kg", style="lcd_green", digit_h=70, unit_place="bottom_left"), engine)
    assert (w.shown, w.unit, w.kg) == (text, "kg", pytest.approx(float(text)))


def test_a_squat_rows_leading_digit_counts_as_at_the_cut_a_pitch_out():
    from evidencecheck.checks.weight import RowReading, _at_cut

    # Seen from above, a display's digits stand 70 px apart and 45 px tall: the first found 52 px
    # in may follow a leading 1 cut off (11.107 read 1.107); upright digits 35 px apart may not.
    squat = RowReading("1107", ((52, 54, 21, 45), (122, 54, 21, 45), (151, 51, 62, 51), (238, 50, 45, 48)), 0)
    upright = RowReading("1107", ((52, 0, 10, 45), (87, 0, 10, 45), (105, 0, 27, 45), (140, 0, 27, 45)), 0)
    assert _at_cut(squat, 403, 45) and not _at_cut(upright, 403, 45)


@pytest.mark.parametrize("later, chosen", [("2997", "2997"), (None, "1.662")])
def test_a_unit_read_beside_a_row_comes_before_one_told_by_three_decimals(monkeypatch, later, chosen):
    # The first row read the wrong way up with a stray dot shows three decimals, which tell kg;
    # a later row whose g was read beside it is the reading (bench seed 294817093 #2).
    import evidencecheck.checks.weight as W
    from evidencecheck.vision.displays import Display

    rows = [Display((0, 0, 50, 20), "299", 20.0, True, False, 0.0, 1.0, 1.0, 1.0, 0),
            Display((0, 0, 60, 20), "2997", 20.0, True, False, 0.0, 1.0, 1.0, 1.0, 0)]
    readings = {"299": W.WeightReading(1.662, "1.662", "kg", (0, 0, 50, 20), unit_told=True),
                "2997": W.WeightReading(2.997, "2997", "g", (0, 0, 60, 20)) if later else
                W.WeightReading(None, None, None, (0, 0, 60, 20), "the unit beside the digits was not read")}

    ctx = SimpleNamespace(bgr_at=lambda side: SimpleNamespace(scale=1.0), image=SimpleNamespace(pixels=None))
    monkeypatch.setattr(W, "_candidates", lambda ctx: [(d, False) for d in rows])
    monkeypatch.setattr(W, "_read_either_way", lambda original, d, *a, **k: readings[d.text])
    assert W.read_segments(ctx, None).shown == chosen


@pytest.mark.parametrize("turns, chosen", [(2, None), (0, "1.062")])
def test_a_row_read_whole_with_its_unit_one_way_up_is_not_read_half_round(monkeypatch, turns, chosen):
    # Bench seed 1796615000 #374: a hanging scale's 2.907 kg read whole as 2907 kg (its point not
    # seen), then a smaller row of the same display read turned half round as 1.062 kg.
    import evidencecheck.checks.weight as W
    from evidencecheck.vision.displays import Display

    rows = [Display((340, 97, 59, 27), "2907", 20.0, False, False, 0.0, 1.0, 1.0, 1.0, 0),
            Display((360, 108, 36, 13), "10??", 20.0, False, False, 0.0, 1.0, 1.0, 1.0, 0)]
    readings = {"2907": W.WeightReading(None, None, "kg", (340, 97, 59, 27),
                                        "a reading in kg without a decimal point", seen="2907"),
                "10??": W.WeightReading(1.062, "1.062", "kg", (360, 108, 36, 13), turns=turns)}
    ctx = SimpleNamespace(bgr_at=lambda side: SimpleNamespace(scale=1.0), image=SimpleNamespace(pixels=None))
    monkeypatch.setattr(W, "_candidates", lambda ctx: [(d, False) for d in rows])
    monkeypatch.setattr(W, "_read_either_way", lambda original, d, *a, **k: readings[d.text])
    assert W.read_segments(ctx, None).shown == chosen


@pytest.mark.parametrize("text, unit", [("lb", "lb"), ("Ib", "lb"), ("1b", "lb"), ("LBS", "lb"), ("斤", "斤"),
                                        ("kg", "kg"), ("lib", None), ("ibis", None)])
def test_a_small_l_read_as_i_or_1_still_names_pounds(text, unit):
    # A luggage scale's lit lb reads Ib at 0.72 (real-dev's hanging scale, 13.38 lb) and ib at 0.91.
    assert _one_unit([OcrLine(text, (0, 0, 20, 10), 0.9)]) == unit


def test_a_mark_read_alone_counts_at_a_lower_confidence_than_a_strip_read():
    mark = [OcrLine("斤", (0, 0, 20, 20), 0.45)]  # a lone 斤 mark read at 0.44-0.47 (weighing seed 5161)
    assert _one_unit(mark) is None
    assert _one_unit(mark, 0.4) == "斤"


def test_a_unit_lit_half_as_tall_as_the_digits_after_them_is_read_as_a_mark(engine):
    # The generator's unit beside the digits is 0.45 of their height in type, its kg 0.51-0.57 of
    # it in ink once blurred; the mark search took words up to 0.5 and read none of it.
    crop, row = _lcd_with_mark("0.76", 4, 20, "", 0, 28, 120)  # where the digits end
    assert row is not None and row.digits == "076"
    x_end = max(b[0] + b[2] for b in row.boxes)
    crop, row = _lcd_with_mark("0.76", 4, 20, "kg", x_end + 6, 28, 120)
    assert _unit_mark(crop, row.boxes, engine, False) == "kg"


def _lcd_with_drawing(text: str, draw) -> RowReading | None:
    """An LCD showing ``text`` (digits 48 px tall, upright) 40 px into a picture of its colour, with
    ``draw(drawing, x, y, w, h)`` adding dark lines around the panel at (x, y, w, h): its row as read."""
    panel = render_display(np.random.default_rng(0), text, "lcd", 48, lean=0.0)
    ph, pw = panel.shape[:2]
    img = Image.new("RGB", (pw + 80, ph + 120), tuple(int(v) for v in panel[2, 2]))
    img.paste(Image.fromarray(panel), (40, 40))
    draw(ImageDraw.Draw(img), 40, 40, pw, ph)
    return read_row(np.asarray(img.convert("L")), False, 48)


_PAD = 0.35 * 48  # render_display's margin around the digits


def test_a_digit_sized_button_under_the_row_does_not_break_it():
    # A CAS scale's buttons sit under its display; one under the gap after the first digit came
    # between the digits in x and cut the row, and 0.66 read as 0 (real parcel-scale tune set).
    row = _lcd_with_drawing("0.66", lambda d, x, y, w, h: d.rectangle(
        (x + _PAD + 20, y + h + 6, x + _PAD + 46, y + h + 44), outline=(40, 40, 40), width=3))
    assert row is not None and (row.digits, row.point) == ("066", 0)


def test_a_digit_joined_to_the_panels_edge_below_it_is_still_read():
    # The first digit's foot a few px above the panel's frame: joined, they are no digit-sized
    # shape, and 0.46 read as 46 (real parcel-scale tune set: as 4).
    def frame(d, x, y, w, h):
        foot = y + h - _PAD + 5
        d.line((x - 30, foot, x + _PAD + 20, foot), fill=(40, 40, 40), width=3)
        d.line((x - 30, foot, x - 30, foot + 60), fill=(40, 40, 40), width=3)

    row = _lcd_with_drawing("0.46", frame)
    assert row is not None and (row.digits, row.point) == ("046", 0)


@pytest.mark.parametrize("gap, edge", [(8, True), (30, False)])
def test_a_bar_closer_after_the_last_digit_than_their_gaps_is_the_panels_edge(gap, edge):
    # Real tune split: a pocket scale's 0.00 g, the LCD window's edge 7 px after the last 0 (the
    # digits 10 px apart), read 0001 and then as running on past the photo's edge. A one stands
    # at the right of its cell, a cell's gap after the digit before it: such a bar is kept.
    row = _lcd_with_drawing("0.00", lambda d, x, y, w, h: d.line(
        (x + w - _PAD + gap, y + _PAD - 2, x + w - _PAD + gap, y + h - _PAD + 2), fill=(40, 40, 40), width=3))
    assert row is not None and row.edge_after == edge
    assert (row.digits == "000") == edge

def _lcd_with_glare(text: str, dim: float) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """An LCD showing ``text`` (digits 48 px tall, upright) whose last digit's middle bar is lit
    ``dim`` of the way to the panel's colour (glare): the picture (BGR) and the digits' box."""
    panel = render_display(np.random.default_rng(0), text, "lcd", 48, lean=0.0).astype(np.float32)
    bg = panel[2, 2].copy()
    ink = panel.mean(axis=2) < 100
    xs, ys = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
    mid, last = (ys[0] + ys[-1]) // 2, xs[-1]
    bar = panel[mid - 4:mid + 5, last - 30:last + 1]
    panel[mid - 4:mid + 5, last - 30:last + 1] = bar * (1 - dim) + bg * dim
    ph, pw = panel.shape[:2]
    img = np.empty((ph + 80, pw + 80, 3), np.float32)
    img[:] = bg
    img[40:40 + ph, 40:40 + pw] = panel
    box = (40 + int(xs[0]), 40 + int(ys[0]), int(xs[-1] - xs[0] + 1), int(ys[-1] - ys[0] + 1))
    return np.ascontiguousarray(img.astype(np.uint8)[:, :, ::-1]), box


def test_a_stroke_dimmed_by_glare_is_read_only_where_the_other_look_read_it_too():
    # Glare over a 2's middle bar: at the usual ink depth the 2 falls apart and 0.72 reads 07;
    # with fainter ink taken in it reads 072, which the finder's look must confirm, as fainter ink
    # may take in a ghost segment too (real parcel-scale tune set: 0.72 and 1.28).
    img, box = _lcd_with_glare("0.72", 0.55)
    row = read_row(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), False, 48)
    assert (row.digits, row.fainter.digits) == ("07", "072")
    seen_whole = Display(box, "072", 48.0, False, False, 0.0, 1.0, 1.0, 1.0, 0)
    assert _read_display(img, seen_whole, 1.0, None).shown == "0.72"
    seen_other = replace(seen_whole, text="078")
    assert _read_display(img, seen_other, 1.0, None).reason.startswith("two looks disagree")


def _row_stats(*boxes):
    return np.array([(0, 0, 0, 0, 0)] + [(x, y, w, h, w * h // 2) for x, y, w, h in boxes])


def test_a_bar_a_cell_before_the_first_digit_is_the_panels_edge_not_a_one():
    # Bench seed 934860919 #226: 26093 g on a panel whose left edge stood 33 px (0.69 digit
    # heights) before the 2; the digits stand 7 px apart.
    digits = [(121, 25, 26, 48), (154, 26, 25, 48), (187, 26, 28, 48), (223, 27, 25, 48), (257, 27, 25, 48)]
    edge = _row_stats((82, 22, 6, 55), *digits)
    assert _without_leading_edge(edge, [1, 2, 3, 4, 5, 6]) == [2, 3, 4, 5, 6]
    # A one stands at the right of its cell: the usual gap after it, so it stays; and before
    # another one, a whole cell's gap is a one's too (11.2).
    one = _row_stats((108, 25, 6, 48), *digits)
    assert _without_leading_edge(one, [1, 2, 3, 4, 5, 6]) == [1, 2, 3, 4, 5, 6]
    ones = _row_stats((70, 25, 6, 48), (108, 25, 6, 48), *digits[1:])
    assert _without_leading_edge(ones, [1, 2, 3, 4, 5, 6]) == [1, 2, 3, 4, 5, 6]


def test_a_row_at_the_photos_top_is_read_with_keys_under_it():
    # Cut with room above and below, the row is read as the one nearest the cut's middle: at the
    # photo's top the cut is filled out above, or the keys under the panel stand in its middle
    # (real parcel-scale set: a CAS scale's 0.22 kg, its digits 40 px from the photo's top).
    for top in (-15, 5, 15):  # the panel's top edge out of the photo, or just in it
        ctx = _scale("0.22", "kg", style="led_red", top=top, keys=True)
        _, _, row = display_row(ctx, ctx.displays()[0], 48)
        assert row is not None and row.digits == "022"


def test_a_unit_after_the_last_digit_ends_a_row_cut_by_the_photos_side(engine):
    # The photo ends just past the kg: the digits are near the cut's end, yet a unit after them
    # says the row ends there (real parcel-scale set: 1.28 kg at the photo's right edge).
    ctx = _scale("1.28", "kg", style="lcd")
    d = ctx.displays()[0]
    scale = ctx.bgr_at(1024).scale
    right = int((d.box[0] + d.box[2]) / scale + 0.9 * d.digit_height / scale)  # past the unit printed after the panel
    cut = AnalysisContext(DecodedImage(np.ascontiguousarray(ctx.image.pixels[:, :right]), "PNG", "RGB", None, 1))
    w = read_weight(cut, engine)
    assert (w.shown, w.unit) == ("1.28", "kg")
    bare = _scale("1.28", None, style="lcd")
    cut = AnalysisContext(DecodedImage(np.ascontiguousarray(bare.image.pixels[:, :right]), "PNG", "RGB", None, 1))
    assert read_weight(cut, engine).kg is None  # without a unit the row may run on


def test_a_numbers_digits_end_where_their_strokes_do_not_where_a_unit_at_their_foot_does():
    panel = render_display(np.random.default_rng(0), "0.58", "lcd", 40, positions=3, lean=0.0, unit="kg",
                           unit_place="right")
    gray = cv2.cvtColor(panel, cv2.COLOR_RGB2GRAY)
    cols = np.flatnonzero((gray < 100).any(axis=0))
    rows = np.flatnonzero((gray < 100).any(axis=1))
    end = digits_end(gray, False, (int(rows[0]), int(rows[-1]) + 1))
    gaps = np.flatnonzero(np.diff(cols) > 4)  # the gap between the last digit and the unit
    assert end is not None and cols[gaps[-1]] < end <= cols[gaps[-1] + 1]


def _word(text: str, size: int = 40) -> np.ndarray:
    img = Image.new("RGB", (200, 80), (200, 215, 225))
    ImageDraw.Draw(img).text((20, 10), text, font=font("noto_sans_bold", size), fill=(40, 50, 70))
    return np.asarray(img)[:, :, ::-1].copy()


def _ink_box(strip: np.ndarray, from_x: int) -> tuple[int, int, int, int]:
    ink = cv2.cvtColor(strip, cv2.COLOR_BGR2GRAY)[:, from_x:] < 120
    ys, xs = np.nonzero(ink)
    return from_x + int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def test_a_g_after_a_letter_left_out_of_its_line_is_part_of_a_word():
    kg = _word("kg")
    ink = (cv2.cvtColor(kg, cv2.COLOR_BGR2GRAY) < 120).any(axis=0)
    g_at = next(c for c in range(21, 200) if ink[c - 1] and not ink[c]) + 1  # past the k
    assert _letter_before(kg, _ink_box(kg, g_at))
    g = _word("g")
    assert not _letter_before(g, _ink_box(g, 0))
    tall = g.copy()
    tall[0:80, 2:8] = (40, 50, 70)  # the last digit's edge, taller than the word, is no letter
    assert not _letter_before(tall, _ink_box(g, 0))


def test_in_grams_a_point_ocr_reads_and_the_segments_do_not_leaves_the_weight_out():
    # 451.0 g with its point lost is 4510 g: the weight ten times over.
    segments = WeightReading(4.51, "4510", "g", (100, 100, 200, 60))
    ocr = TextWeight("4510", 2, None, (90, 95, 220, 70), False)
    w = agree(None, segments, [ocr], None)
    assert w.kg is None and "451.0" in w.reason
    assert agree(None, segments, [replace(ocr, point=None)], None).kg == pytest.approx(4.51)


def test_a_gram_reading_whose_point_ocr_does_not_read_is_left_out(engine):
    # A ghost foot or a leaning digit's may pass for a point: in grams it makes the weight a
    # tenth, so the segments' point stands only where OCR reads it too.
    import evidencecheck.checks.weight as weight

    ctx = _scale("2214", "g", digit_h=40)
    whole = weight.read_segments(ctx, engine)
    assert whole.kg == pytest.approx(2.214)
    assert agree(ctx, whole, [], engine).kg == pytest.approx(2.214)
    seen_a_point = replace(whole, kg=0.2214, shown="221.4")
    assert agree(ctx, seen_a_point, [], engine).kg is None
    assert read_weight(_scale("221.4", "g", digit_h=40), engine).kg == pytest.approx(0.2214)


def test_dark_digits_on_a_saturated_blue_backlight_are_read():
    # On luma the blue panel is darker than the digits' purple-grey: the rows are looked for on
    # each pixel's brightest channel too (tune split: a luggage scale's blue LCD, 14.13 lb).
    ctx = _scale("14.13", None, style="lcd", backlight=((20, 30, 250), (70, 60, 110)))
    gray = cv2.cvtColor(ctx.image.pixels, cv2.COLOR_BGR2GRAY)
    assert abs(int(gray[560, 800]) - 52) < 8  # the panel, as dark as the body around it on luma
    w = read_weight(ctx, None)
    assert w.shown == "14.13"


@pytest.mark.parametrize("style", ["lcd", "led_red", "lcd_green"])
def test_a_small_display_in_a_12_mp_photo_is_found_on_tiles_of_a_larger_copy(engine, style):
    # Digits 24 px tall in a 4000 px photo are 6 px at the finder's size: its kernels, which
    # follow the size of what it looks at, fit them on tiles of a copy twice that size.
    dh = 24
    panel = render_display(np.random.default_rng(0), "0.500", style, dh, positions=5, lean=0.0)
    img = Image.new("RGB", (4000, 3000), (150, 150, 150))
    d = ImageDraw.Draw(img)
    ph, pw = panel.shape[:2]
    x, y = 1800, 1200
    d.rounded_rectangle((x - 40, y - 40, x + pw + 4 * dh, y + ph + 3 * dh), 12, fill=(55, 55, 60))
    img.paste(Image.fromarray(panel), (x, y))
    d.text((x + pw + dh // 3, y + ph - dh // 3), "kg", font=font("noto_sans_bold", dh // 2), fill=(235, 235, 235),
           anchor="ld")
    ctx = AnalysisContext(DecodedImage(np.ascontiguousarray(np.asarray(img)[:, :, ::-1]), "PNG", "RGB", None, 1))
    assert not [r for r in ctx.displays() if r.score >= 0.1]
    w = read_weight(ctx, engine)
    assert (w.shown, w.unit, w.kg) == ("0.500", "kg", pytest.approx(0.5))


def test_a_digit_a_cell_before_a_rows_first_one_leaves_a_digit_unread():
    # A one stands at the right of its cell: before another one the gap is a cell wider, and
    # on squat digits wider than the row's reach; the row may begin there (112 read 12), or
    # the bar be the panel's edge: that place is unread, not guessed.
    from evidencecheck.checks.weight import _digit_before_one

    stats = np.array([(0, 0, 300, 100, 0), (50, 44, 17, 41, 380), (119, 48, 18, 41, 381), (149, 47, 58, 49, 1051)])
    assert _digit_before_one(stats, [2, 3], 48) == 1
    full = stats.copy()
    full[2] = (100, 48, 56, 41, 1000)  # the row begins with a full digit: a one before it stands a usual gap off
    assert _digit_before_one(full, [2, 3], 48) is None
    far = stats.copy()
    far[2:, 0] += 100  # two cells and more before it: another display's, or print
    assert _digit_before_one(far, [2, 3], 48) is None
    # Fresh seed 1796625500 #250: 3315 g read 15 g, its second 3 a cell before the 1
    three = stats.copy()
    three[1] = (60, 46, 40, 42, 900)
    assert _digit_before_one(three, [2, 3], 48) == 1


def test_a_one_a_cell_after_a_rows_last_digit_leaves_a_digit_unread():
    # Bench seed 1796625000 #394: a red LED showing 1.91 斤, its last one's two strokes at the right
    # of their cell, a cell past the 9; the row ended at the 9 and read 1.9 斤, a weight a digit short.
    from evidencecheck.checks.weight import _one_after

    stats = np.array([(0, 0, 300, 100, 0), (20, 47, 17, 41, 380), (50, 47, 58, 49, 1051), (178, 48, 18, 41, 381)])
    assert _one_after(stats, [1, 2], 48) == 3
    full = stats.copy()
    full[3] = (178, 48, 56, 41, 1000)  # a full digit there is no one: the row's finder judges it
    assert _one_after(full, [1, 2], 48) is None
    far = stats.copy()
    far[3, 0] += 100  # two cells and more past it: another display's, or print
    assert _one_after(far, [1, 2], 48) is None
    low = stats.copy()
    low[3, 1] += 30  # not at the row's height: a unit's stroke, say
    assert _one_after(low, [1, 2], 48) is None
    lb = np.vstack([stats, [(200, 56, 20, 33, 400)]])  # the l of a unit lb printed after the row: its b close by
    assert _one_after(lb, [1, 2], 48) is None


def test_a_digit_the_fainter_threshold_finds_before_the_row_leaves_the_weight_unread():
    # 19.361 kg, its thin 1 two short bars at the first threshold, read 9.361 (bench seed
    # 1765061234 #90): at the fainter one a 1 as tall as the digits stands before them.
    from evidencecheck.checks.weight import _dim_digit_before

    boxes = ((108, 53, 8, 40), (121, 50, 35, 46), (159, 50, 24, 46), (188, 51, 27, 46), (240, 53, 9, 39))
    assert _dim_digit_before(RowReading("19361", boxes, 1), "9361")
    edge = ((108, 60, 4, 33),) + boxes[1:]  # a bar shorter than the digits: the panel's edge
    assert not _dim_digit_before(RowReading("19361", edge, 1), "9361")
    assert not _dim_digit_before(RowReading("89361", boxes, 1), "9361"), "an unlit position's ghost 8"
    assert not _dim_digit_before(RowReading("93611", boxes, 0), "9361"), "after the row, not before it"


def test_a_part_of_a_row_read_whole_without_its_unit_gives_no_weight(monkeypatch):
    # The panel read 26.02 with every digit but not its unit; a later row over the same display
    # read 6.02 lb (the leaning 2 lost): a part of the row, not the weight (bench seed 1796604400
    # #286 was given 6.02 lb so). A row elsewhere still gives its weight.
    from evidencecheck.checks import weight as W

    whole = Display((100, 100, 80, 24), "2602", 20.0, False, False, 0.0, 1.0, 0.0, 1.0, 0)
    part = replace(whole, box=(130, 100, 50, 24), text="602")
    elsewhere = replace(whole, box=(600, 400, 80, 24), text="602")
    readings = {whole.box: WeightReading(None, "26.02", None, (400, 400, 320, 96), "the unit beside the digits was not read"),
                part.box: WeightReading(2.7306, "6.02", "lb", (520, 400, 200, 96)),
                elsewhere.box: WeightReading(2.7306, "6.02", "lb", (2400, 1600, 320, 96))}
    ctx = SimpleNamespace(bgr_at=lambda side: SimpleNamespace(scale=0.25), image=SimpleNamespace(pixels=None))
    monkeypatch.setattr(W, "_read_either_way", lambda original, d, *a, **k: readings[d.box])
    monkeypatch.setattr(W, "_candidates", lambda c: iter([(whole, True), (part, False)]))
    assert W.read_segments(ctx, None).kg is None
    monkeypatch.setattr(W, "_candidates", lambda c: iter([(whole, True), (elsewhere, False)]))
    assert W.read_segments(ctx, None).kg == pytest.approx(2.7306)


def test_a_one_only_the_segments_put_before_the_number_ocr_read_with_its_point_is_a_disagreement(monkeypatch):
    # Fresh bench seed 1796605100 #366: a clean 34.36 斤 whose panel edge the second look read as
    # a 1 (134.36); the page read read 34.36, point and all, so the two readers disagree.
    from evidencecheck.checks import weight as W

    monkeypatch.setattr(W, "row_numbers", lambda *a, **k: [])  # the closer read reads nothing more
    ctx = SimpleNamespace(image=SimpleNamespace(pixels=None))
    segments = WeightReading(67.18, "134.36", "斤", (172, 360, 227, 84))
    page = TextWeight(digits="3436", point=1, unit=None, bbox=(147, 338, 278, 131), upside_down=False)
    told = agree(ctx, segments, [page], engine=object())
    assert told.kg is None and told.misread and "disagree" in told.reason
    # The same number with its 1 read by both stands; a 1 OCR did not place a point after is no
    # evidence either way (a lone 1 standing apart at a row's end is what the page read drops).
    assert agree(ctx, segments, [replace(page, digits="13436", point=2)], engine=object()).kg == 67.18
    assert agree(ctx, segments, [replace(page, point=None)], engine=object()).kg == 67.18


def test_the_foot_of_a_leaning_digit_stood_less_upright_than_it_leans_is_no_point():
    from evidencecheck.checks.weight import find_point

    # A 1 and a 0 leaning 0.3 (x per unit of height), drawn as the joined digits' labels: stood
    # upright at lean 0, the 0's foot reaches back past its upper strokes, under nothing.
    dh, lean, foot, w, t = 48, 0.3, 100, 26, 6
    labels = np.zeros((120, 160), np.int32)
    for i, x0 in enumerate((40, 80)):
        for y in range(foot - dh, foot):
            x = x0 + int(round(lean * (foot - y)))
            bar = i == 1 and (y < foot - dh + t or y >= foot - t)
            cols = range(x, x + w) if bar else [*range(x + w - t, x + w)] if i == 0 else [*range(x, x + t), *range(x + w - t, x + w)]
            labels[y, list(cols)] = i + 1
    assert find_point(labels > 0, labels, [1, 2], 0.0, dh) is None
    assert find_point(labels > 0, labels, [1, 2], lean, dh) is None
    # A point of its own between the 1's foot (x 66) and the 0's (x 80) is found at the row's lean.
    dotted = (labels > 0).astype(np.uint8)
    cv2.circle(dotted, (71, foot - 4), 3, 1, -1)
    assert find_point(dotted, labels, [1, 2], lean, dh) == 0


@pytest.mark.parametrize("unit, kg", [(None, 5.896), ("mm", None), ("kg", 5.896)])
def test_three_decimals_tell_kg_unless_a_unit_no_scale_shows_stands_beside_them(engine, unit, kg):
    # A meter reads to three decimals too: its mm beside the digits tells it from a scale whose
    # unit went unread.
    w = read_weight(_scale("5.896", unit), engine)
    assert w.kg == (pytest.approx(kg) if kg else None)
    if unit == "mm":
        assert "mm" in w.reason


@pytest.mark.parametrize("later_unit, kg", [("kg", None), (None, 0.44)])
def test_a_gram_reading_waits_for_the_displays_other_rows_to_agree_on_the_unit(monkeypatch, later_unit, kg):
    # A kg whose k was lost reads g: 440 g read from the panel, the display's row after it showing
    # the same 440 with its kg (and no point, so no weight of its own).
    import evidencecheck.checks.weight as weight

    box = (100, 100, 60, 20)
    readings = iter([WeightReading(0.44, "440", "g", box),
                     WeightReading(None, None, later_unit, (104, 102, 55, 18), "a reading in kg without a decimal point",
                                   seen="440" if later_unit else "")])
    monkeypatch.setattr(weight, "_candidates", lambda ctx: [(SimpleNamespace(box=box, text="440"), True)] * 2)
    monkeypatch.setattr(weight, "_read_either_way", lambda *a, **k: next(readings))
    ctx = SimpleNamespace(bgr_at=lambda side: SimpleNamespace(scale=1.0), image=SimpleNamespace(pixels=None))
    w = weight.read_segments(ctx, None)
    assert w.kg == (pytest.approx(kg) if kg else None)
    if later_unit:
        assert "unit" in w.reason
