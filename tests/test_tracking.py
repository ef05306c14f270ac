"""Tracking numbers are read from a waybill's barcodes at any turn, and only when they fit a carrier."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from evidencecheck import Predictor
from evidencecheck.context import AnalysisContext
from evidencecheck.intake import DecodedImage, read_image
from evidencecheck.synth.waybill import barcode_image, make_waybill
from evidencecheck.tracking import _misreads, check_printed, numbers_in, read_tracking, symbols_apart


def _ctx(rgb: np.ndarray) -> AnalysisContext:
    return AnalysisContext(DecodedImage(np.ascontiguousarray(rgb[:, :, ::-1]), "PNG", "RGB", None, 1))


def _on_desk(label: np.ndarray, angle: float) -> np.ndarray:
    """``label`` (RGB) turned ``angle`` degrees on a grey desk."""
    h, w = label.shape[:2]
    side = int(1.5 * max(h, w))
    desk = np.full((side, side, 3), 120, np.uint8)
    y, x = (side - h) // 2, (side - w) // 2
    desk[y:y + h, x:x + w] = label
    M = cv2.getRotationMatrix2D((side / 2, side / 2), angle, 1.0)
    return cv2.warpAffine(desk, M, (side, side), flags=cv2.INTER_AREA, borderValue=(120, 120, 120))


@pytest.mark.parametrize("angle", [0, 40, 90, 135, 200])
def test_a_waybill_is_read_at_any_turn(angle):
    doc = make_waybill(np.random.default_rng(3), "yto")
    reading = read_tracking(_ctx(_on_desk(doc.rgb, angle)))
    # Turned off the axes, the QR code (which reads at any turn) gives the number before a turn is tried.
    assert [n.number for n in reading.numbers] == [doc.truth.tracking_number] and reading.carrier == "yto"
    if angle % 90 == 0:
        assert reading.numbers[0].source == "code128"


def test_a_label_turned_off_the_axes_without_a_qr_code_is_read_from_its_bars():
    doc = make_waybill(np.random.default_rng(3), "zto")
    code = np.asarray(barcode_image(doc.truth.tracking_number, 3, 150).convert("RGB"))
    page = np.full((400, code.shape[1] + 200, 3), 255, np.uint8)
    page[120:270, 100:100 + code.shape[1]] = code
    reading = read_tracking(_ctx(_on_desk(page, 40)))
    assert [(n.number, n.source) for n in reading.numbers] == [(doc.truth.tracking_number, "code128")]


def test_the_box_of_a_number_is_its_barcode_in_original_pixels():
    doc = make_waybill(np.random.default_rng(4), "sf")
    img = _on_desk(doc.rgb, 0)
    x, y, w, h = read_tracking(_ctx(img)).numbers[0].bbox
    bars = img[y:y + h, x:x + w].mean(axis=2) < 100
    assert w > 2 * h and 0.3 < bars.mean() < 0.7  # a wide strip of bars, not the whole label


def test_a_barcode_that_fits_no_carrier_is_no_tracking_number():
    code = np.asarray(barcode_image("INV2026112601", 3, 120).convert("RGB"))
    page = np.full((400, code.shape[1] + 200, 3), 255, np.uint8)
    page[140:260, 100:100 + code.shape[1]] = code
    assert read_tracking(_ctx(page)).numbers == ()


def test_a_page_without_barcodes_has_no_tracking_number():
    reading = read_tracking(_ctx(np.full((800, 600, 3), 230, np.uint8)))
    assert reading.numbers == () and reading.carrier is None


def test_numbers_are_taken_out_of_a_qr_codes_url():
    assert numbers_in("https://qr.example/yto/YT1234567890123") == ["YT1234567890123"]
    assert numbers_in("sf1234567890123") == ["SF1234567890123"]
    assert numbers_in("https://shop.example/item/98765") == []


def test_a_waybill_whose_barcodes_are_covered_is_flagged_and_one_that_reads_is_not(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "samples" / "waybill_yto.jpg"
    _, img = read_image(sample)
    covered = img.pixels.copy()
    for _ in range(3):  # the Code128 first, then the QR code that still holds the number
        for n in read_tracking(AnalysisContext(DecodedImage(covered, "JPEG", "RGB", None, 1))).numbers:
            x, y, w, h = n.bbox
            covered[max(0, y - 10):y + h + 10, max(0, x - 10):x + w + 10] = (235, 235, 232)
    cv2.imwrite(str(tmp_path / "covered.jpg"), covered)
    p = Predictor()
    good, bad = p.analyse(sample), p.analyse(tmp_path / "covered.jpg")
    assert good.doc_type == bad.doc_type == "waybill"
    assert good.tracking_numbers == ["YT0820442354434"] and good.carrier == "yto"
    assert "TRACKING_UNREADABLE" not in {f.code for f in good.findings}
    assert bad.tracking_numbers == [] and "TRACKING_UNREADABLE" in {f.code for f in bad.findings}


def test_two_near_identical_numbers_are_one_label_misread():
    # The QR code's error correction outvotes a Code128 that passed its check with two symbols wrong.
    assert _misreads({"JT9660189479201": {"code128"}, "JT9660989479201": {"qr", "code128"}}) == {"JT9660189479201"}
    # Neither confirmed: neither is kept.
    assert _misreads({"YT1234567890123": {"code128"}, "YT1234567890128": {"code128"}}) == {
        "YT1234567890123", "YT1234567890128"}
    # Two labels in one photo are two numbers.
    assert _misreads({"YT1234567890123": {"code128"}, "SF1234567890123": {"code128"}}) == set()


def test_a_misread_is_counted_in_barcode_symbols_not_characters():
    # Code set C holds two digits a symbol: two symbols wrong can change four digits.
    assert symbols_apart("YT0470682267829", "YT0470682265977") == 2
    assert _misreads({"YT0470682267829": {"qr", "code128"}, "YT0470682265977": {"code128"}}) == {"YT0470682265977"}
    assert symbols_apart("YT1234567890123", "YT1234567890128") == 1
    assert symbols_apart("YT1234567890123", "XT1234567890123") == 1
    assert symbols_apart("YT1234567890123", "XT1234567890123", letters=False) == 0
    # Digits wrong in three pairs are further than a Code128 check lets pass: two labels.
    assert symbols_apart("YT1234567890123", "YT1294567390193") == 3
    assert _misreads({"YT1234567890123": {"code128"}, "YT1294567390193": {"code128"}}) == set()


def _printed_label(number: str, printed: str) -> AnalysisContext:
    """A Code128 barcode of ``number`` with ``printed`` under it, on a white label."""
    from PIL import Image, ImageDraw

    from evidencecheck.synth.fonts import font

    code = barcode_image(number, 3, 150).convert("RGB")
    page = Image.new("RGB", (code.width + 200, 420), (255, 255, 255))
    page.paste(code, (100, 80))
    spaced = " ".join(printed[i:i + 4] for i in range(0, len(printed), 4))
    ImageDraw.Draw(page).text((page.width / 2, 275), spaced, font=font("noto_sans_bold", 38), fill=(0, 0, 0), anchor="mm")
    return _ctx(np.asarray(page))


@pytest.fixture(scope="module")
def engine():
    from evidencecheck.ocr.rapid import RapidEngine, available

    if not available():
        pytest.skip("RapidOCR reads the printed digits")
    return RapidEngine()


def test_a_barcode_whose_printed_digits_agree_is_marked_printed(engine):
    ctx = _printed_label("YT7312884512345", "YT7312884512345")
    reading = check_printed(ctx, read_tracking(ctx), engine)
    assert [(n.number, n.printed) for n in reading.numbers] == [("YT7312884512345", True)]


def test_a_barcode_whose_printed_digits_differ_by_a_symbol_or_two_is_dropped(engine):
    # One of the two is misread, and nothing tells which: no number rather than a wrong one.
    ctx = _printed_label("YT7312884512345", "YT7312884572345")
    assert check_printed(ctx, read_tracking(ctx), engine).numbers == ()


def test_a_barcode_with_other_print_under_it_is_kept_unconfirmed(engine):
    ctx = _printed_label("YT7312884512345", "")
    reading = check_printed(ctx, read_tracking(ctx), engine)
    assert [(n.number, n.printed) for n in reading.numbers] == [("YT7312884512345", None)]


def test_printed_letters_that_differ_do_not_drop_a_barcode(engine):
    # OCR confuses letters (YT read as XT); the prefix is checked by the carrier's format instead.
    ctx = _printed_label("YT7312884512345", "XT7312884512345")
    assert [n.number for n in check_printed(ctx, read_tracking(ctx), engine).numbers] == ["YT7312884512345"]
