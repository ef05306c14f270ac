"""Seven-segment displays are found as rows of segment digits on a framed panel, and read."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from evidencecheck.synth.fonts import font
from evidencecheck.synth.sevenseg import render_display, with_colon
from evidencecheck.vision import displays
from evidencecheck.vision.displays import display_cues, find_displays, has_colon, read_digit, row_lean


def _scene(text: str, style: str, digit_h: int = 60, lean: float | None = None, squash: float = 1.0) -> np.ndarray:
    """A display panel in a dark scale body on a grey counter, BGR; ``squash`` < 1 foreshortens it
    (seen from above)."""
    panel = render_display(np.random.default_rng(0), text, style, digit_h, positions=len(text.replace(".", "")),
                           lean=lean)
    if squash < 1.0:
        panel = cv2.resize(panel, (panel.shape[1], int(panel.shape[0] * squash)), interpolation=cv2.INTER_AREA)
    return _in_body(panel)


def _in_body(panel: np.ndarray) -> np.ndarray:
    """``panel`` (RGB) set in a dark body on a grey counter, BGR."""
    img = np.full((600, 800, 3), 150, np.uint8)
    img[150:450, 150:650] = 50  # the scale's body
    ph, pw = panel.shape[:2]
    img[300 - ph // 2:300 - ph // 2 + ph, 400 - pw // 2:400 - pw // 2 + pw] = panel
    return np.ascontiguousarray(img[:, :, ::-1])


@pytest.mark.parametrize("style", ["lcd", "lcd_green", "lcd_blue", "led_red"])
def test_a_display_is_found_and_its_digits_read(style):
    found = find_displays(_scene("12.38", style))
    assert found, "no display found"
    best = found[0]
    assert best.text == "1238" and best.segment_fit == 1.0 and best.framed >= 0.5
    assert best.light_on_dark == (style == "led_red")


@pytest.mark.parametrize("text", ["4.81", "0.472", "5.18"])
def test_an_upright_display_reads_with_its_point_standing_between_two_digits(text):
    # Upright digits leave their decimal point in the gap at their feet, touching both neighbours.
    found = find_displays(_scene(text, "lcd_green", 70, lean=0.0))
    assert found and found[0].text == text.replace(".", "")


def test_an_upside_down_display_still_reads():
    found = find_displays(np.ascontiguousarray(_scene("4.56", "lcd")[::-1, ::-1]))
    assert found and found[0].text == "456" and found[0].upside_down


def test_every_digit_reads_back():
    for digit in "0123456789":
        panel = render_display(np.random.default_rng(1), digit, "lcd", 80, positions=1)
        ink = (panel.mean(axis=2) < 100).astype(np.uint8)
        ys, xs = np.nonzero(ink)
        box = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        assert read_digit(box, 0.12) == digit


def test_print_on_paper_scores_below_a_display():
    img = Image.new("RGB", (800, 600), (250, 250, 250))
    d = ImageDraw.Draw(img)
    for i, y in enumerate(range(40, 560, 60)):
        d.text((40, y), f"运单号 7312 8845 {i}090 金额 36.50", font=font("noto_sans", 36), fill=(20, 20, 20))
    paper = display_cues(np.asarray(img)[:, :, ::-1].copy())[0]
    scale = display_cues(_scene("12.38", "lcd_green"))[0]
    assert scale > 0.5 and paper < scale / 2


def test_a_blank_image_has_no_display():
    assert find_displays(np.full((400, 400, 3), 200, np.uint8)) == []
    assert display_cues(np.full((400, 400, 3), 200, np.uint8)) == [0.0] * 8


@pytest.mark.parametrize("style", ["lcd", "led_red"])
def test_a_small_display_is_found(style):
    # Digits 14 px tall, a gap of 3 px between them: one closing for all sizes ran them together.
    found = find_displays(_scene("7.46", style, digit_h=14))
    # Found; reading every digit this small (the 7 is not yet) is the weight reader's job.
    assert found and found[0].score > 0.3 and "46" in found[0].text


def test_chinese_characters_in_chat_bubbles_do_not_read_as_digits():
    img = Image.new("RGB", (800, 600), (237, 237, 237))
    d = ImageDraw.Draw(img)
    for y in range(40, 560, 110):  # bubbles framed by the grey chat background, as WeChat draws them
        d.rounded_rectangle((60, y, 520, y + 80), 12, fill=(149, 236, 105))
        d.text((80, y + 40), "麻烦提供签收证明", font=font("noto_sans", 36), fill=(0, 0, 0), anchor="lm")
    best = find_displays(np.asarray(img)[:, :, ::-1].copy())
    assert not best or best[0].score < 0.3


@pytest.mark.parametrize("lean", [0.0, 0.12, 0.3, 0.45])
def test_the_lean_of_a_row_of_digits_is_measured(lean):
    panel = render_display(np.random.default_rng(2), "8888", "lcd", 60, positions=4, lean=lean)
    ink = panel.mean(axis=2) < 100
    assert abs(row_lean(ink) - lean) <= 0.05


def test_a_display_seen_from_the_side_leans_far_and_still_reads():
    # Squat digits leaning 0.45 of their height: their boxes overlap, and each reaches into the next.
    found = find_displays(_scene("10.82", "lcd_blue", digit_h=60, lean=0.27, squash=0.6))
    # Found, and what it reads is the display's (the one's two bars, 4 px apart, are not yet joined).
    assert found and found[0].score > 0.3 and len(found[0].text) >= 3 and found[0].text in "1082"


def test_a_squat_display_is_found():
    found = find_displays(_scene("35.70", "led_red", digit_h=60, squash=0.5))
    assert found and found[0].text == "3570"


def test_a_seven_drawn_with_its_upper_left_bar_reads_as_seven():
    # CAS scales light the upper left bar of a 7 too (the real parcel-scale set: 0.74, 4.72).
    nine = render_display(np.random.default_rng(1), "9", "lcd", 80, positions=1, lean=0.0)
    ink = (nine.mean(axis=2) < 100).astype(np.uint8)
    ys, xs = np.nonzero(ink)
    box = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1].copy()
    h, w = box.shape
    for v0, v1 in ((0.40, 0.60), (0.80, 1.0)):  # the middle and bottom bars put out: a, b, c and f lit
        box[int(v0 * h):int(v1 * h), int(0.22 * w):int(0.78 * w)] = 0
    assert read_digit(box, 0.0) == "7"


def test_a_neighbours_stroke_in_a_digits_box_is_not_its_ink():
    eight = render_display(np.random.default_rng(1), "8", "lcd", 80, positions=1, lean=0.0)
    ink = (eight.mean(axis=2) < 100).astype(np.uint8)
    ys, xs = np.nonzero(ink)
    box = ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    stray = np.zeros((box.shape[0], 8), np.uint8)
    stray[-10:, -3:] = 1  # the foot of the next digit, past a gap
    assert read_digit(np.hstack([box, stray]), 0.0) == "8"


def _clock_scene(style: str, digit_h: int = 60) -> np.ndarray:
    """A clock reading 12:45 in a dark body: the display's digits and, between them, its colon."""
    return _in_body(with_colon(render_display(np.random.default_rng(0), "1245", style, digit_h, positions=4, lean=0.0),
                               style, digit_h))


@pytest.mark.parametrize("style", ["lcd", "led_red"])
def test_a_clocks_colon_is_seen_and_a_scales_point_is_not_one(style):
    clock = find_displays(_clock_scene(style))
    assert clock and clock[0].colon
    scale = find_displays(_scene("12.38", style))
    assert scale and not scale[0].colon


def test_a_colon_needs_two_dots_one_above_the_other():
    ink = np.zeros((100, 300), np.uint8)
    ink[30:38, 150:158] = 1  # one dot in the upper half
    assert not has_colon(ink, (40, 20, 260, 80), 60.0)
    ink[62:70, 150:158] = 1  # and its pair below it: a colon
    assert has_colon(ink, (40, 20, 260, 80), 60.0)
    ink[62:70, 150:158], ink[62:70, 230:238] = 0, 1  # the lower dot far to the side: none
    assert not has_colon(ink, (40, 20, 260, 80), 60.0)


def test_two_specks_of_two_pixels_are_no_colon_on_small_digits():
    # Digits 20 px tall: a colon's dots are ~3 px, a JPEG speck 2 px (bench seed 378945740 #170).
    ink = np.zeros((40, 120), np.uint8)
    ink[12:14, 60:62] = ink[20:22, 60:62] = 1
    assert not has_colon(ink, (20, 8, 100, 30), 20.0)
    ink[12:15, 60:63] = ink[20:23, 60:63] = 1
    assert has_colon(ink, (20, 8, 100, 30), 20.0)


def test_a_display_filling_a_close_up_is_found_on_a_half_size_copy():
    # A pocket scale photographed close: strokes ~30 px wide at the finder's 1024 px, wider than it
    # looks for; the half-size search with strokes twice as wide finds the row.
    from evidencecheck.vision.context import AnalysisContext
    from evidencecheck.vision.intake import DecodedImage

    panel = render_display(np.random.default_rng(0), "6.72", "lcd", 300, positions=3, lean=0.0)
    img = np.full((1200, 1600, 3), 42, np.uint8)
    ph, pw = panel.shape[:2]
    y, x = 600 - ph // 2, 800 - pw // 2
    img[y:y + ph, x:x + pw] = panel
    ctx = AnalysisContext(DecodedImage(np.ascontiguousarray(img[:, :, ::-1]), "PNG", "RGB", None, 1))
    assert not [d for d in find_displays(ctx.bgr_at(1024).pixels) if d.score >= 0.1]
    ctx.look_closer_for_displays()
    best = ctx.displays()[0]
    s = ctx.bgr_at(1024).scale
    bx, by, bw, bh = (v / s for v in best.box)
    assert best.score >= 0.3 and x <= bx + bw / 2 <= x + pw and y <= by + bh / 2 <= y + ph


@pytest.mark.parametrize("style", ["lcd_green", "led_red"])
def test_a_display_in_an_underexposed_photo_is_found_with_its_levels_lifted(style):
    # A webcam frame in the dark: the whole scene a fifth as bright, the digits' contrast under
    # the finder's grey-level threshold until the levels are lifted.
    dark = (_scene("17.64", style).astype(np.float32) * 0.2).astype(np.uint8)
    found = find_displays(dark)
    assert found and found[0].text == "1764" and found[0].gain > 3


def test_a_photo_lit_as_usual_is_seen_as_it_is():
    found = find_displays(_scene("12.38", "lcd"))
    assert found and found[0].gain == 1.0


def test_a_row_read_as_bars_at_one_lean_and_as_digits_at_another_is_the_digits(monkeypatch):
    # A 1 is any bar: slanted digits seen upright light only their side segments and read 1.
    reads = {0.0: "1", 0.08: "5", 0.16: "?"}
    monkeypatch.setattr(displays, "read_digit", lambda crop, shear, one_width: reads[shear])
    crops = [np.ones((30, 12), np.uint8)] * 3
    assert displays._best_read(crops, (0.0, 0.08, 0.16), 6.0) == ("555", False)


@pytest.mark.parametrize("h, w", [(1536, 2048), (2048, 2048), (2048, 1152), (900, 2048)])
def test_the_small_display_tiles_cover_the_whole_copy_and_overlap(h, w):
    from evidencecheck import thresholds as T
    from evidencecheck.vision.displays import _tile_starts

    tile = (max(h, w) + T.DISPLAY_TILE_OVERLAP + 1) // 2
    for length in (h, w):
        starts = _tile_starts(length, tile)
        seen = np.zeros(length, bool)
        for s in starts:
            seen[s:s + tile] = True
        assert seen.all()
        if len(starts) == 2:
            assert starts[0] + tile - starts[1] >= T.DISPLAY_TILE_OVERLAP


def test_a_digit_lights_more_segments_than_another_only_when_it_lights_all_of_its_too():
    from evidencecheck.vision.displays import more_lit

    assert more_lit("8", "0") and more_lit("6", "5") and more_lit("7", "1")
    assert not more_lit("1", "5") and not more_lit("3", "5") and not more_lit("5", "5") and not more_lit("?", "5")
