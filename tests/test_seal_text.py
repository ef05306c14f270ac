"""The company on a seal is read from its unwrapped arc and matched to a carrier, or left unknown."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from evidencecheck.carriers import CompanyMatch, infix_distances, match_company
from evidencecheck.ocr.base import LineProbabilities
from evidencecheck.ocr.ctc import infix_scores
from evidencecheck.ocr.rapid import available as rapid_available
from evidencecheck.synth import stamp
from evidencecheck.synth.fonts import font
from evidencecheck.text.seal_text import read_seal, redness, seal_ink, text_band, text_span, unwrap
from evidencecheck.vision.seals import find_red_stamps

needs_rapid = pytest.mark.skipif(not rapid_available(), reason="needs RapidOCR")


def _sealed_page(company: str, shape="round", angle=0.0, seed=0) -> np.ndarray:
    """BGR page with one seal pressed on it."""
    rng = np.random.default_rng(seed)
    page = np.full((900, 900, 3), 250, np.uint8)
    crisp = stamp.draw_seal(rng, company, width=420, shape=shape, aspect=0.7)
    out, _ = stamp.press(page, stamp.inked(rng, crisp, fade=0.05), (215, 40, 50), 450, 450, angle)
    return np.ascontiguousarray(out[:, :, ::-1])


def test_infix_distance_ignores_text_around_the_name():
    assert infix_distances(("圆通速递",), "上海圆通速递有限公司业务专用章")[0] == 0
    assert infix_distances(("圆通速递",), "上海国通速递有限公司")[0] == 1


def test_a_misread_character_still_names_the_carrier():
    m = match_company("上海国通速递有限公司业务专用章")  # 圆 read as 国, as OCR does
    assert m.carrier == "yto" and m.clear


def test_a_company_that_is_no_carrier_is_not_matched():
    m = match_company("天津瑞佳讯贸易有限公司")
    assert not m.clear


def test_a_tie_between_carriers_is_not_clear():
    m = CompanyMatch("sto", "申通快递有限公司", -0.25, 0, "edits")
    assert not m.clear


def test_ctc_scores_the_name_the_frames_spell_highest():
    chars = "中通快递申圆有限公司"
    index = {c: i + 1 for i, c in enumerate(chars)}
    frames = []
    for c in "中通快递":  # each character for a frame, a blank between
        p = np.full(len(chars) + 1, 0.01)
        p[index[c]] = 0.9
        frames += [p / p.sum(), np.eye(len(chars) + 1)[0] * 0.9 + 0.1 / (len(chars) + 1)]
    lp = LineProbabilities(np.array(frames, np.float32), index)
    right, wrong, part = infix_scores(lp, ["中通快递", "申通快递", "通快"])
    assert right > wrong + 0.5 and part > wrong  # one wrong character of four costs about a nat per character
    whole_right, whole_part = infix_scores(lp, ["中通快递", "通快"], whole=True)
    assert whole_right > -0.1, "the name is the whole line: about the recogniser's own reading"
    assert whole_part < whole_right - 2, "as the whole line, a part of the name leaves frames unexplained"


def test_unwrapping_turns_the_ring_of_text_into_a_line():
    bgr = _sealed_page("中通快递股份有限公司")
    (seal,) = find_red_stamps(bgr)
    red = redness(bgr)
    outer, inner = text_band(red, seal.ellipse)
    start, span = text_span(red, seal.ellipse, outer)
    assert 180 <= span <= 330, "the name covers most of the ring, not all of it"
    strip = unwrap(seal_ink(bgr), seal.ellipse, start, span, outer, inner)
    assert strip.shape[0] == 48 and strip.shape[1] > 4 * strip.shape[0]
    assert (strip < 128).mean() > 0.05, "the strip holds the seal's characters"


@needs_rapid
@pytest.mark.parametrize("company,carrier,shape,angle", [
    ("中通快递股份有限公司", "zto", "round", 0.0),
    ("上海圆通速递有限公司", "yto", "round", 25.0),
    ("顺丰速运有限公司", "sf", "oval", -15.0),
])
def test_a_clear_seal_is_read(company, carrier, shape, angle):
    from evidencecheck.ocr.rapid import RapidEngine

    bgr = _sealed_page(company, shape, angle)
    (seal,) = find_red_stamps(bgr)
    reading = read_seal(bgr, seal, RapidEngine())
    assert reading.match is not None and reading.match.clear and reading.match.carrier == carrier, reading


@needs_rapid
def test_a_non_courier_seal_gets_no_carrier():
    from evidencecheck.ocr.rapid import RapidEngine

    bgr = _sealed_page("天津瑞佳讯贸易有限公司")
    (seal,) = find_red_stamps(bgr)
    reading = read_seal(bgr, seal, RapidEngine())
    assert reading.match is None or not reading.match.clear


def test_text_on_paper_is_not_read_as_a_seal():
    img = Image.new("RGB", (400, 400), (250, 250, 250))
    ImageDraw.Draw(img).text((20, 180), "中通快递", font=font("noto_sans", 40), fill=(20, 20, 20))
    assert find_red_stamps(np.asarray(img)[:, :, ::-1].copy()) == []


def test_seal_ink_keeps_red_ink_and_leaves_out_black_print():
    page = np.full((60, 120, 3), 245, np.uint8)
    page[20:40, 10:50] = (50, 40, 215)  # red ink (BGR)
    page[20:40, 70:110] = (25, 25, 25)  # black print
    ink = seal_ink(page)
    assert ink[30, 30] < 60, "red ink reads dark"
    assert ink[30, 90] > 200 and ink[5, 5] > 200, "black print and paper read white"


def test_the_name_stretch_leaves_out_the_straight_line_at_the_bottom():
    # A seal turned upside down, pressed harder on one side: the bottom line must not be taken
    # for the name, wherever it lies on the page.
    for angle in (0.0, 180.0, 100.0):
        bgr = _sealed_page("上海韵达货运有限公司", angle=angle, seed=3)
        (seal,) = find_red_stamps(bgr)
        red = redness(bgr)
        start, span = text_span(red, seal.ellipse)
        bottom = (90.0 - angle) % 360  # the seal's bottom, in image degrees (clockwise from the right)
        off = (bottom - start) % 360
        assert 200 <= span <= 300 and not off < span, (angle, start, span)


def test_the_text_band_starts_inside_a_thick_oval_ring():
    bgr = _sealed_page("顺丰速运有限公司", shape="oval")
    (seal,) = find_red_stamps(bgr)
    outer, inner = text_band(redness(bgr), seal.ellipse)
    assert 0.7 < outer < 0.9 and inner < outer


def test_distances_to_many_names_at_once_are_each_names_own():
    names = ("圆通速递", "中国邮政", "", "申通快递有限公司")
    text = "上海圆通速递有限公司业务专用章"
    assert list(infix_distances(names, text)) == [int(infix_distances((n,), text)[0]) for n in names] == [0, 4, 0, 2]
    assert list(infix_distances(names, "")) == [4, 4, 0, 8]
