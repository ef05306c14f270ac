"""The company on a seal is read from its unwrapped arc and matched to a carrier, or left unknown."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from evidencecheck.carriers import CompanyMatch, infix_distance, match_company
from evidencecheck.ctc import infix_scores
from evidencecheck.ocr.base import LineProbabilities
from evidencecheck.ocr.rapid import available as rapid_available
from evidencecheck.seal_text import read_seal, text_span, unwrap
from evidencecheck.stamps import find_red_stamps
from evidencecheck.synth import stamp
from evidencecheck.synth.fonts import font

needs_rapid = pytest.mark.skipif(not rapid_available(), reason="needs RapidOCR")


def _sealed_page(company: str, shape="round", angle=0.0, seed=0) -> np.ndarray:
    """BGR page with one seal pressed on it."""
    rng = np.random.default_rng(seed)
    page = np.full((900, 900, 3), 250, np.uint8)
    crisp = stamp.draw_seal(rng, company, width=420, shape=shape, aspect=0.7)
    out, _ = stamp.press(page, stamp.inked(rng, crisp, fade=0.05), (215, 40, 50), 450, 450, angle)
    return np.ascontiguousarray(out[:, :, ::-1])


def test_infix_distance_ignores_text_around_the_name():
    assert infix_distance("圆通速递", "上海圆通速递有限公司业务专用章") == 0
    assert infix_distance("圆通速递", "上海国通速递有限公司") == 1


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


def test_unwrapping_turns_the_ring_of_text_into_a_line():
    bgr = _sealed_page("中通快递股份有限公司")
    (seal,) = find_red_stamps(bgr)
    gray = bgr[:, :, 1]
    start, span = text_span(gray, seal.ellipse)
    assert 180 <= span <= 330, "the name covers most of the ring, not all of it"
    strip = unwrap(gray, seal.ellipse, start, span)
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
