"""Documents turned by a quarter or a half are found turned; upright ones are left alone."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from evidencecheck import Predictor
from evidencecheck import thresholds as T
from evidencecheck.checks.orientation import _ink_bars, _quick_turn, _reading_vote, _strips, find_turn, page_frames
from evidencecheck.ocr.rapid import RapidEngine
from evidencecheck.ocr.rapid import available as rapid_available
from evidencecheck.synth import receipt, waybill
from evidencecheck.synth.scene import photograph
from evidencecheck.vision.context import AnalysisContext, reading_stretch
from evidencecheck.vision.intake import DecodedImage
from evidencecheck.vision.masks import text_area

from .conftest import REAL_DEV
from .test_real_dev import ROWS

pytestmark = pytest.mark.skipif(not rapid_available(), reason="orientation needs RapidOCR")


@pytest.fixture(scope="module")
def predictor():
    return Predictor(ocr="rapidocr")


def _turned_file(tmp_path, doc, seed, k) -> str:
    ph = photograph(np.random.default_rng(seed), doc, long_side=1600, allow_rotation=False)
    upright = np.asarray(Image.open(io.BytesIO(ph.jpeg)).convert("RGB"))
    p = tmp_path / f"turned_{k}.jpg"
    Image.fromarray(np.ascontiguousarray(np.rot90(upright, k))).save(p, quality=90)
    return str(p)


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_turned_receipt(predictor, tmp_path, k):
    doc = receipt.make_receipt(np.random.default_rng(500 + k), "genuine")
    report = predictor.analyse(_turned_file(tmp_path, doc, k, k))
    assert report.rotation == 90 * k and "orient" in report.checks


@pytest.mark.parametrize("k", [1, 2])
def test_turned_waybill(predictor, tmp_path, k):
    doc = waybill.make_waybill(np.random.default_rng(600 + k))
    assert predictor.analyse(_turned_file(tmp_path, doc, k, k)).rotation == 90 * k


@pytest.mark.skipif(not ROWS, reason="../shared/real-dev is not beside this checkout")
def test_no_real_upright_image_is_reported_turned(predictor):
    turned = {r["file"]: predictor.analyse(REAL_DEV / r["file"]).rotation for r in ROWS}
    assert all(v in (0, None) for v in turned.values()), turned


def test_without_rapidocr_the_turn_is_not_judged(tmp_path):
    doc = receipt.make_receipt(np.random.default_rng(7), "genuine")
    report = Predictor(ocr="tesseract").analyse(_turned_file(tmp_path, doc, 7, 1))
    assert report.rotation is None and "orient" not in report.checks


@pytest.mark.parametrize("k", [1, 2, 3])
def test_the_text_detector_alone_finds_the_turn_too(tmp_path, k):
    """The fallback for pages where the quick look is unclear, tried on every turn."""
    doc = receipt.make_receipt(np.random.default_rng(700 + k), "genuine")
    bgr = np.asarray(Image.open(_turned_file(tmp_path, doc, k, k)).convert("RGB"))[:, :, ::-1]
    small = np.ascontiguousarray(bgr[::2, ::2])
    engine = RapidEngine()
    assert find_turn(small, engine, quick=False).k == k
    quick = _quick_turn(small, engine)
    assert quick is None or quick.k == k


def test_a_blank_page_has_no_ink_bars():
    assert _ink_bars(np.full((600, 800), 235, np.uint8)) == []


def test_ink_bars_run_along_the_lines_of_a_page():
    page = np.asarray(Image.fromarray(receipt.make_receipt(np.random.default_rng(3), "genuine").rgb).convert("L"))
    across, down = _ink_bars(page), _ink_bars(np.ascontiguousarray(np.rot90(page)))
    assert len(across) >= 5 and sum(b[2] for b in across) > 3 * sum(b[2] for b in down)


def test_detector_boxes_at_a_smaller_size_are_in_the_input_pixels():
    page = receipt.make_receipt(np.random.default_rng(4), "genuine").rgb[:, :, ::-1]
    engine = RapidEngine()
    full, small = engine.detect_lines(page), engine.detect_lines(page, max_side=640)
    assert len(small) >= 5
    h, w = page.shape[:2]
    assert max(q[:, 0].max() for q in small) > 0.6 * w and all(q[:, 1].max() <= h + 2 for q in small)
    # the detector's own setting is restored after the call
    assert len(engine.detect_lines(page)) == len(full)


def _page_photo(seed: int, k: int) -> AnalysisContext:
    doc = receipt.make_receipt(np.random.default_rng(seed), "genuine")
    ph = photograph(np.random.default_rng(seed), doc, long_side=1280, allow_rotation=False)
    upright = np.asarray(Image.open(io.BytesIO(ph.jpeg)).convert("RGB"))[:, :, ::-1]
    return AnalysisContext(DecodedImage(np.ascontiguousarray(np.rot90(upright, k)), "JPEG", "RGB", None, 1))


@pytest.mark.parametrize("k", [0, 2])
def test_the_recogniser_reads_a_page_better_the_right_way_up(k):
    engine = RapidEngine()
    image, quads = page_frames(_page_photo(41, k), engine)(0)
    strips = [(img, w) for img, w, h in _strips(image, quads) if w >= h]
    vote = _reading_vote(strips, engine)
    assert (vote > T.ORIENT_READ_FLIP) == (k == 2) and abs(vote) > 0.05


def test_the_turn_and_the_page_read_look_for_lines_once():
    """The lines the orientation check judges an upright page by are the ones the page read reads:
    the detector runs once, and the read is what reading the text area afresh gives."""
    engine, ctx = RapidEngine(), _page_photo(42, 0)
    calls = []
    detect = engine.detect_lines
    engine.detect_lines = lambda *a, **kw: calls.append(1) or detect(*a, **kw)
    assert find_turn(ctx.bgr(T.ORIENT_LONG_SIDE).pixels, engine, page_frames(ctx, engine), quick=False).k == 0
    plane, lines = ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
    assert len(calls) == 1 and len(lines) >= 5
    x0, y0, x1, y1 = text_area(plane.pixels)
    side = round(T.PAGE_DET_LONG_SIDE * reading_stretch(ctx.width, ctx.height))
    afresh = engine.read_region(plane.pixels, (x0, y0, x1 - x0, y1 - y0), side, T.PAGE_MAX_LINES)
    assert [(l.text, l.bbox) for l in lines] == [(l.text, l.bbox) for l in afresh]


def test_a_parcel_on_a_scale_is_not_turned_by_its_few_ink_bars(tmp_path):
    # Upright once its EXIF turn is applied; the quick look saw 5 bars (the box's edges, its tape,
    # the display) and turned it half round, and the page read then read one character of it.
    from evidencecheck.synth.generate import make_one
    from evidencecheck.vision.intake import read_image

    name, data, truth = make_one(1796619000, 338)
    assert "weighing_photo" in name and truth["meta"]["rotation_k"] == 0 and truth["meta"]["exif_orientation"] == 3
    (tmp_path / name).write_bytes(data)
    ctx = AnalysisContext(read_image(tmp_path / name)[1])
    engine = RapidEngine()
    bgr = ctx.bgr(T.ORIENT_LONG_SIDE).pixels
    assert _quick_turn(bgr, engine) is None
    turn = find_turn(bgr, engine, page_frames(ctx, engine))
    assert turn is None or turn.k == 0
