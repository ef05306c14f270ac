"""Tracking numbers are read from a waybill's barcodes at any turn, and only when they fit a carrier."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from evidencecheck import Predictor
from evidencecheck.carriers import one_digit_off_a_format
from evidencecheck.checks.tracking import (
    TrackingReading,
    _misreads,
    check_printed,
    confirm_in_page,
    numbers_in,
    read_tracking,
    symbols_apart,
    unreadable_on,
)
from evidencecheck.report import Finding
from evidencecheck.synth.waybill import barcode_image, make_waybill
from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.intake import DecodedImage, read_image


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


def _bars(*texts: str) -> np.ndarray:
    """Code128 barcodes of ``texts`` one under the other on a white page, nothing printed."""
    codes = [np.asarray(barcode_image(t, 3, 120).convert("RGB")) for t in texts]
    page = np.full((160 * len(codes) + 140, max(c.shape[1] for c in codes) + 200, 3), 255, np.uint8)
    for i, code in enumerate(codes):
        page[80 + 160 * i:200 + 160 * i, 100:100 + code.shape[1]] = code
    return page


def test_a_barcode_that_fits_no_carrier_and_is_read_once_is_no_tracking_number():
    # A number of no known format needs a second reading (a QR code, or its print) to count.
    reading = read_tracking(_ctx(_bars("INV2026112601")))
    assert [(n.number, n.carriers, n.confirmed) for n in reading.numbers] == [("INV2026112601", (), False)]
    assert read_tracking(_ctx(_bars("INV2026"))).numbers == (), "a short code is no number at all"


def test_a_number_of_no_known_format_counts_only_where_no_known_number_stands():
    reading = read_tracking(_ctx(_bars("YT7312884512345", "631683362654")))
    assert [n.number for n in reading.numbers] == ["YT7312884512345"]


def test_a_page_without_barcodes_has_no_tracking_number():
    reading = read_tracking(_ctx(np.full((800, 600, 3), 230, np.uint8)))
    assert reading.numbers == () and reading.carrier is None


def test_numbers_are_taken_out_of_a_qr_codes_url():
    assert numbers_in("https://qr.example/yto/YT1234567890123") == ["YT1234567890123"]
    assert numbers_in("sf1234567890123") == ["SF1234567890123"]
    assert numbers_in("https://shop.example/item/98765") == []


def _cover(pixels: np.ndarray, box) -> None:
    x, y, w, h = box
    pixels[max(0, y - 10):y + h + 10, max(0, x - 10):x + w + 10] = (235, 235, 232)


def test_a_waybill_whose_number_is_covered_is_flagged_and_one_that_reads_is_not(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "samples" / "waybill_yto.jpg"
    _, img = read_image(sample)
    covered = img.pixels.copy()
    for _ in range(3):  # the Code128 first, then the QR code that still holds the number
        for n in read_tracking(AnalysisContext(DecodedImage(covered, "JPEG", "RGB", None, 1))).numbers:
            _cover(covered, n.bbox)
    cv2.imwrite(str(tmp_path / "bars_covered.jpg"), covered)
    p = Predictor()
    good, bars_covered = p.analyse(sample), p.analyse(tmp_path / "bars_covered.jpg")
    assert good.doc_type == bars_covered.doc_type == "waybill"
    assert good.tracking_numbers == ["YT0820442354434"] and good.carrier == "yto"
    assert "TRACKING_UNREADABLE" not in {f.code for f in good.findings}
    if p._ocr_or_none() is None:
        pytest.skip("the printed number is read by OCR")
    assert bars_covered.tracking_numbers == ["YT0820442354434"], "still printed under the bars"
    from evidencecheck import thresholds as T
    from evidencecheck.checks.tracking import read_printed_number

    for _ in range(3):  # every line that prints it
        ctx = AnalysisContext(DecodedImage(covered, "JPEG", "RGB", None, 1))
        for n in read_printed_number(ctx, p.ocr, *ctx.page_lines(p.ocr, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)).numbers:
            _cover(covered, n.bbox)
    cv2.imwrite(str(tmp_path / "covered.jpg"), covered)
    bad = p.analyse(tmp_path / "covered.jpg")
    assert bad.tracking_numbers == [] and "TRACKING_UNREADABLE" in {f.code for f in bad.findings}


def test_a_waybill_whose_barcode_is_torn_points_at_the_bars_that_did_not_decode(tmp_path):
    # A crumpled or torn label: its bars are there to see but do not decode, and the number is
    # printed nowhere else legible. The finding says where to retake, and the bars still count
    # for a waybill.
    sample = Path(__file__).resolve().parents[1] / "samples" / "waybill_yto.jpg"
    p = Predictor()
    if p._ocr_or_none() is None:
        pytest.skip("the printed number is read by OCR")
    from evidencecheck import thresholds as T
    from evidencecheck.checks.tracking import read_printed_number

    _, img = read_image(sample)
    torn = img.pixels.copy()
    bars = None
    for _ in range(3):  # the Code128's start torn off, then the QR code that still holds the number
        for n in read_tracking(AnalysisContext(DecodedImage(torn, "JPEG", "RGB", None, 1))).numbers:
            if n.source == "code128":
                bars = x, y, w, h = n.bbox
                torn[y - 5:y + h + 5, x - 20:x + w // 5] = (235, 235, 232)
            else:
                _cover(torn, n.bbox)
        ctx = AnalysisContext(DecodedImage(torn, "JPEG", "RGB", None, 1))
        for n in read_printed_number(ctx, p.ocr, *ctx.page_lines(p.ocr, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)).numbers:
            _cover(torn, n.bbox)
    cv2.imwrite(str(tmp_path / "torn.jpg"), torn)
    r = p.analyse(tmp_path / "torn.jpg")
    assert r.doc_type == "waybill" and r.tracking_numbers == []
    finding = next(f for f in r.findings if f.code == "TRACKING_UNREADABLE")
    assert "on this waybill" in finding.message and "该面单" in finding.message_zh
    x, y, w, h = bars
    fx, fy, fw, fh = finding.bbox
    slack = w // 10  # the detector's box takes in some of the quiet zone
    assert fx >= x - slack and fx + fw <= x + w + slack and fy >= y - slack and fy + fh <= y + h + slack  # on the barcode
    assert min(fx + fw, x + w) - max(fx, x + w // 5) >= 0.8 * (w - w // 5)  # and over the bars left
    assert any(c["cue"] == "barcode:linear" and "not decoded" in c["says"] for c in r.doc_type_evidence["cues"])


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


def _printed_label(number: str, printed: str, symbology: str = "code128") -> AnalysisContext:
    """A barcode of ``number`` (Code128, or ``symbology``) with ``printed`` under it, on a white label."""
    from PIL import Image, ImageDraw

    from evidencecheck.synth.fonts import font

    code = barcode_image(number, 3 if symbology == "code128" else 2, 150, symbology).convert("RGB")
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


def test_a_barcode_the_page_read_holds_whole_outvotes_a_strip_read_a_symbol_or_two_apart(engine):
    from evidencecheck.ocr.base import OcrLine

    ctx = _printed_label("YT7312884512345", "YT7312884572345")
    page_read = [OcrLine("YT731 2884 5123 45", (0, 0, 300, 30), 0.98)]
    reading = check_printed(ctx, read_tracking(ctx), engine, page_read)
    assert [(n.number, n.printed) for n in reading.numbers] == [("YT7312884512345", True)]
    other = [OcrLine("YT7312884572345", (0, 0, 300, 30), 0.98)]
    assert check_printed(ctx, read_tracking(ctx), engine, other).numbers == ()


def test_a_barcode_with_other_print_under_it_is_kept_unconfirmed(engine):
    ctx = _printed_label("YT7312884512345", "")
    reading = check_printed(ctx, read_tracking(ctx), engine)
    assert [(n.number, n.printed) for n in reading.numbers] == [("YT7312884512345", None)]


def test_printed_letters_that_differ_do_not_drop_a_barcode(engine):
    # OCR confuses letters (YT read as XT); the prefix is checked by the carrier's format instead.
    ctx = _printed_label("YT7312884512345", "XT7312884512345")
    assert [n.number for n in check_printed(ctx, read_tracking(ctx), engine).numbers] == ["YT7312884512345"]


def test_a_number_of_no_known_format_printed_under_its_barcode_is_a_tracking_number(engine):
    # An older paper waybill's all-digit serial, or an overseas label: the carrier stays unknown.
    ctx = _printed_label("631683362654", "631683362654")
    reading = check_printed(ctx, read_tracking(ctx), engine)
    assert [(n.number, n.carriers, n.confirmed) for n in reading.numbers] == [("631683362654", (), True)]
    assert reading.carrier is None


def test_a_paper_waybills_code39_serial_printed_under_its_bars_is_a_tracking_number(engine):
    # Val: a five-part paper waybill's Code 39 bars hold 215133590, printed under them.
    ctx = _printed_label("215133590", "215133590", "code39")
    reading = confirm_in_page(ctx, check_printed(ctx, read_tracking(ctx), engine), ctx.page(960), [])
    assert [(n.number, n.source, n.confirmed) for n in reading.numbers] == [("215133590", "code39", True)]


@pytest.mark.parametrize("printed, kept", [("YT7312884512345", True), ("", False)])
def test_a_code39_number_of_a_known_format_stands_only_where_its_print_agrees(engine, printed, kept):
    # Code 39 carries no check character: a decode the print does not confirm may be misread.
    ctx = _printed_label("YT7312884512345", printed, "code39")
    assert [n.number for n in read_tracking(ctx).numbers] == ["YT7312884512345"]
    assert [n.number for n in check_printed(ctx, read_tracking(ctx), engine).numbers] == (
        ["YT7312884512345"] if kept else [])


def test_a_number_of_no_known_format_is_confirmed_by_the_page_holding_it_elsewhere():
    from evidencecheck.ocr.base import OcrLine
    from evidencecheck.vision.context import Scaled

    ctx = _ctx(_bars("LP00109411600676"))  # the bars stand at y 80-200, x from 100
    reading = read_tracking(ctx)
    page = Scaled(ctx.image.pixels, 1.0)

    def confirmed(text, y=10):
        return [n.confirmed for n in confirm_in_page(ctx, reading, page, [OcrLine(text, (120, y, 300, 30), 0.99)]).numbers]

    assert confirmed("TRK# LP0010 9411 6006 76") == [True], "named a tracking number, above its barcode"
    assert confirmed("运单号：LP00109411600676") == [True]
    assert confirmed("LP0010 9411 6006 76", y=215) == [True], "printed under its barcode"
    assert confirmed("TRK# LP00109411600670") == [False], "one digit off is not it"
    assert confirmed("REF LP00109411600676") == [False], "elsewhere without a tracking label: a reference, perhaps"


def test_a_tracking_label_read_as_a_line_of_its_own_names_the_line_beside_or_under_it():
    # As the page read splits them: FedEx's TRK# with its box 0201 under it and the number to its
    # right; UniUni's "Tracking Number:" over its number (tune images, boxes as read).
    from evidencecheck.checks.tracking import named_texts
    from evidencecheck.ocr.base import OcrLine

    trk, box = OcrLine("TRK#", (103, 556, 64, 28), 0.98), OcrLine("0201", (103, 576, 61, 28), 0.99)
    number = OcrLine("4845 4208 9524", (161, 547, 169, 50), 1.0)
    mailroom = OcrLine("900803877", (796, 978, 125, 40), 1.0)
    assert [text for _, text in named_texts([trk, box, number, mailroom])] == ["484542089524"]
    label = OcrLine("Tracking Number:", (132, 487, 135, 46), 1.0)
    under = OcrLine("UUS6345590216213412", (132, 497, 258, 56), 1.0)
    assert [(line, text) for line, text in named_texts([label, under])] == [(under, "UUS6345590216213412")]
    assert named_texts([trk, mailroom]) == [], "a number elsewhere on the page is not named"
    order = OcrLine("Order No 1234567890", (170, 556, 200, 28), 0.99)
    assert [text for _, text in named_texts([trk, order])] == ["|"], "an order's number is named no tracking number"


def _two_labels(tracking: str, other: str) -> AnalysisContext:
    """A box with two labels: a mailroom's barcode of ``other`` with ``other`` printed under it,
    and a carrier's line ``TRK#  tracking``, its label and number set apart as labels print them."""
    from PIL import Image, ImageDraw

    from evidencecheck.synth.fonts import font

    page = Image.new("RGB", (1000, 520), (250, 250, 247))
    draw = ImageDraw.Draw(page)
    draw.text((60, 60), "TRK#", font=font("noto_sans_bold", 30), fill=(20, 20, 20))
    draw.text((200, 52), tracking, font=font("noto_sans", 40), fill=(20, 20, 20))
    code = barcode_image(other, 3, 110).convert("RGB")
    page.paste(code, (560, 220))
    draw.text((560 + code.width // 2, 345), other, font=font("noto_sans", 36), fill=(20, 20, 20), anchor="ma")
    return _ctx(np.asarray(page))


def test_a_number_a_tracking_label_names_is_the_parcels_before_a_serial_under_bars(engine):
    # Tune: a FedEx box whose mailroom label's barcode (900803877) was given for its number.
    ctx = _two_labels("4845 4208 9524", "900803877")
    assert _printed_numbers(ctx, engine) == [("484542089524", "print")]
    from evidencecheck import thresholds as T
    from evidencecheck.checks.tracking import printed_number

    page, lines = ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
    named = printed_number(ctx, engine, page, lines, named_only=True)
    assert [n.number for n in named.numbers] == ["484542089524"]
    only_bars = _serial_under_bars("1721632733")
    assert printed_number(only_bars, engine, *only_bars.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE),
                          named_only=True).numbers == (), "a serial under bars is named by no label"


def test_two_numbers_of_no_known_format_are_two_candidates_and_neither_is_reported():
    from evidencecheck.checks.tracking import TrackingNumber, TrackingReading, sure_numbers

    a, b = (TrackingNumber(n, (), "code128", (0, 0, 10, 10), confirmed=True) for n in ("900803877", "484542089524"))
    assert sure_numbers(TrackingReading((a,))) == ["900803877"]
    assert sure_numbers(TrackingReading((a,)), of_no_known_format=False) == [], "a weighing photo's parcel"
    assert sure_numbers(TrackingReading((a, b))) == []
    assert sure_numbers(TrackingReading((a, replace(b, confirmed=False)))) == ["900803877"]


def _printed_page(*lines: tuple[str, tuple[int, int, int]]) -> AnalysisContext:
    """A white page with ``lines`` of (text, RGB ink) printed one under another, no barcode."""
    from PIL import Image, ImageDraw

    from evidencecheck.synth.fonts import font

    page = Image.new("RGB", (900, 120 + 90 * len(lines)), (250, 250, 247))
    draw = ImageDraw.Draw(page)
    for i, (text, ink) in enumerate(lines):
        draw.text((60, 60 + 90 * i), text, font=font("noto_sans", 40), fill=ink)
    return _ctx(np.asarray(page))


def _printed_numbers(ctx: AnalysisContext, engine) -> list[tuple[str, str]]:
    from evidencecheck import thresholds as T
    from evidencecheck.checks.tracking import read_printed_number

    page, lines = ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
    return [(n.number, n.source) for n in read_printed_number(ctx, engine, page, lines).numbers]


def test_a_waybill_number_printed_in_red_is_read_without_its_barcode(engine):
    # A paper waybill's serial is printed red, which the red-channel page read does not see.
    ctx = _printed_page(("运单号 SF2932 6264 7309", (200, 30, 40)), ("寄件人 张三", (20, 20, 20)))
    assert _printed_numbers(ctx, engine) == [("SF293262647309", "print")]


@pytest.mark.parametrize("text, named", [
    ("运单号：858691130534 订单号：DD00000014486", {"858691130534"}), ("订单号：DD00000014486", None),
    ("Order ID: 160390797970200578_1_gsm", None), ("AWB 484542089524 Order No 1234567890", {"484542089524"}),
    ("快递单号 YT7312884512345", {"YT7312884512345"}), ("TK ID11511812445733", {"11511812445733"})])
def test_an_order_number_and_its_label_name_no_parcel(text, named):
    # 订单号 holds 单号, and labels print an order's number beside the tracking number.
    from evidencecheck.checks.tracking import printed_runs, tracking_named

    rest = tracking_named(text)
    assert (None if rest is None else printed_runs(rest)) == named


def test_the_number_after_the_tracking_label_is_read_not_the_order_number_beside_it(engine):
    ctx = _printed_page(("运单号：858691130534 订单号：DD00000014486", (20, 20, 20)), ("收件人 程远", (20, 20, 20)))
    assert _printed_numbers(ctx, engine) == [("858691130534", "print")]
    assert _printed_numbers(_printed_page(("订单号：DD00000014486", (20, 20, 20))), engine) == []


def test_two_different_numbers_printed_are_no_tracking_number(engine):
    ctx = _printed_page(("YT7312884512345", (20, 20, 20)), ("YT7312884599999", (20, 20, 20)))
    assert _printed_numbers(ctx, engine) == []


def test_phone_numbers_and_dates_printed_are_no_tracking_number(engine):
    ctx = _printed_page(("电话 13812345678", (20, 20, 20)), ("2026-12-03 14:05", (20, 20, 20)))
    assert _printed_numbers(ctx, engine) == []


def test_a_small_photo_whose_bars_are_a_pixel_wide_is_read_enlarged():
    # a chat-size or small scan: modules 1.2 px wide, which zxing reads only from a larger copy
    code = cv2.resize(np.asarray(barcode_image("631683362654", 2, 60).convert("RGB")), None, fx=0.6, fy=1.0,
                      interpolation=cv2.INTER_AREA)
    page = np.full((300, 700, 3), 255, np.uint8)
    page[100:160, 100:100 + code.shape[1]] = code
    assert read_tracking(_ctx(page)).numbers == ()
    reading = read_tracking(_ctx(page), enlarge=2.0)
    assert [n.number for n in reading.numbers] == ["631683362654"]
    x, y, w, h = reading.numbers[0].bbox  # in the photo's own pixels, not the enlarged copy's
    assert 100 <= x <= 125 and 95 <= y <= 120 and w <= code.shape[1]  # enlarged, x would be about 224
    big = np.full((300, 1700, 3), 255, np.uint8)  # large enough as it is: not enlarged
    big[100:160, 100:100 + code.shape[1]] = code
    assert read_tracking(_ctx(big), enlarge=2.0).numbers == ()


def test_digits_printed_at_the_foot_of_the_bars_confirm_a_number_whose_box_ends_below_them(engine, monkeypatch):
    # zxing's box of a linear code ends where its scan lines did: here 20 px into the digits
    from PIL import Image, ImageDraw

    from evidencecheck import thresholds as T
    from evidencecheck.synth.fonts import font

    code = barcode_image("631683362654", 3, 150).convert("RGB")
    page = Image.new("RGB", (code.width + 200, 420), (255, 255, 255))
    page.paste(code, (100, 80))
    ImageDraw.Draw(page).text((page.width / 2, 232), "631683362654", font=font("noto_sans_bold", 38), fill=(0, 0, 0),
                              anchor="mt")
    ctx = _ctx(np.asarray(page))
    (n,) = read_tracking(ctx).numbers
    x, y, w, h = n.bbox
    low = TrackingReading((replace(n, bbox=(x, y, w, h + 20)),))
    assert [(m.number, m.confirmed) for m in check_printed(ctx, low, engine).numbers] == [("631683362654", True)]
    monkeypatch.setattr(T, "TRACKING_PRINT_LIFT", 0.0)
    assert [(m.number, m.confirmed) for m in check_printed(ctx, low, engine).numbers] == [("631683362654", False)]


def _serial_under_bars(serial: str, bars: bool = True, skew: float = 0.0) -> AnalysisContext:
    """A paper waybill's corner: a barcode (or none) with ``serial`` printed under it, slightly
    blurred and turned ``skew`` degrees. :func:`_printed_numbers` reads the print only, as the
    tracking check does once the bars have given nothing."""
    from PIL import Image, ImageDraw

    from evidencecheck.synth.fonts import font

    page = Image.new("RGB", (900, 420), (250, 250, 247))
    if bars:
        code = barcode_image("1234567890", 3, 130).convert("RGB")
        page.paste(code, (450 - code.width // 2, 60))
    ImageDraw.Draw(page).text((450, 205), serial, font=font("noto_sans", 40), fill=(20, 20, 20), anchor="ma")
    rgb = cv2.GaussianBlur(np.asarray(page), (0, 0), 1.5)
    if skew:
        M = cv2.getRotationMatrix2D((450, 210), skew, 1.0)
        rgb = cv2.warpAffine(rgb, M, (900, 420), borderValue=(250, 250, 247))
    return _ctx(np.ascontiguousarray(rgb))


def _bars_and_caption(caption: str) -> tuple[AnalysisContext, tuple[int, int, int, int]]:
    """A paper waybill's top: bars, and ``caption`` printed under them small and widely spaced
    between asterisks (Code 39's way), over a line of the form; and the bars' box."""
    from PIL import Image, ImageDraw

    from evidencecheck.synth.fonts import font

    page = Image.new("RGB", (1000, 400), (250, 250, 247))
    code = barcode_image("1234567890", 2, 70).convert("RGB")
    page.paste(code, (620 - code.width // 2, 40))
    draw = ImageDraw.Draw(page)
    draw.text((620, 125), "*" + "  ".join(caption) + "*", font=font("noto_sans", 17), fill=(30, 30, 30), anchor="mt")
    draw.text((420, 200), "收件人姓名 TO", font=font("noto_sans", 26), fill=(30, 30, 30))
    return _ctx(np.asarray(page)), (620 - code.width // 2, 40, code.width, 70)


def test_the_caption_under_bars_is_read_across_their_width(engine):
    from evidencecheck.checks.tracking import caption_under_bars

    ctx, bars = _bars_and_caption("268484586864")
    assert caption_under_bars(ctx, engine, bars) == {"268484586864"}
    x, y, w, h = bars
    assert caption_under_bars(ctx, engine, (x, y, w, h - 20)) == {"268484586864"}, "a box ending short of the foot"


@pytest.mark.parametrize("caption, taken", [({"268484586864"}, ["268484586864"]), ({"555123488812"}, []), (set(), [])])
def test_a_number_printed_large_counts_where_the_caption_under_the_bars_reads_the_same(caption, taken):
    # Val and tune: STO's and EMS's paper waybills print the number spaced under their bars, where the
    # page read misses it, and again large by itself; the caption read closer vouches for the large one.
    from evidencecheck.checks.tracking import printed_number
    from evidencecheck.ocr.base import OcrLine
    from evidencecheck.vision.context import Scaled

    ctx = _ctx(np.full((400, 900, 3), 250, np.uint8))
    lines = [OcrLine("268484586864", (60, 300, 400, 50), 0.99), OcrLine("寄件人姓名 FROM", (60, 60, 400, 40), 0.99)]
    page = Scaled(cv2.cvtColor(ctx.image.pixels, cv2.COLOR_BGR2GRAY), 1.0)
    got = printed_number(ctx, _RereadsAs("268484586864"), page, lines, captions=caption)
    assert [n.number for n in got.numbers] == taken


@pytest.mark.parametrize("skew", [0.0, 4.0])
def test_a_number_of_no_known_format_under_bars_that_do_not_decode_is_a_tracking_number(engine, skew):
    assert _printed_numbers(_serial_under_bars("1721632733", skew=skew), engine) == [("1721632733", "print")]


def test_a_number_of_no_known_format_with_no_bars_over_it_is_not(engine):
    assert _printed_numbers(_serial_under_bars("1721632733", bars=False), engine) == []


@pytest.mark.parametrize("line", ["13812345678", "chenxiang 13511111111"])
def test_a_mobile_number_under_bars_is_not_a_tracking_number(engine, line):
    # The sender's name and mobile, which the page read runs together, are no number either.
    assert _printed_numbers(_serial_under_bars(line), engine) == []


def test_a_carriers_number_read_a_digit_short_under_bars_is_no_number_of_unknown_format(engine):
    # Bench seed 759107330 #253: DPK980212584790 (Deppon: DPK and 12 digits) read twice without a
    # digit, and reported as a number of no known format.
    assert _printed_numbers(_serial_under_bars("DPK98021254790"), engine) == []
    assert one_digit_off_a_format("DPK98021254790") and one_digit_off_a_format("SF12345678901234")
    # Other letters, or a known number, or one far from any known length, are not misreads of one.
    assert not any(one_digit_off_a_format(n) for n in ("DPK980212584790", "TBA328390551823", "JD0146000031234567890"))


def test_a_postal_number_whose_check_digit_fails_is_no_number_of_unknown_format():
    # Val: EMS's EF348411034CN read EF348611034CN under its bars, at two heights alike.
    from evidencecheck.carriers import s10_misread
    from evidencecheck.checks.tracking import unknown_numbers
    from evidencecheck.ocr.base import OcrLine
    from evidencecheck.vision.context import Scaled

    assert s10_misread("EF348611034CN") and not s10_misread("EF348411034CN") and not s10_misread("268484586864")
    page = Scaled(np.full((400, 900), 250, np.uint8), 1.0)
    line = [OcrLine("EF348611034CN", (60, 300, 400, 50), 0.99)]
    assert unknown_numbers(page, line, captions={"EF348611034CN"}) == {}
    assert unknown_numbers(page, [replace(line[0], text="LX348611034DE")], captions={"LX348611034DE"}) == {}


class _RereadsAs:
    """An OCR engine whose closer read of any line reads ``text``."""

    def __init__(self, text: str):
        self.text = text

    def read_line(self, image):
        from evidencecheck.ocr.base import OcrLine

        return OcrLine(self.text, (0, 0, image.shape[1], image.shape[0]), 0.99)


@pytest.mark.parametrize("second, reread, taken", [
    ("YT7312884512845", "YT7312884512345", ["YT7312884512345"]),  # one number, misread once: the read that holds
    ("YT7312884512845", "快递单号", []),  # neither holds on a closer look
    ("YT7312884599999", "YT7312884512345", []),  # two numbers: which is the parcel's is not known
])
def test_one_number_printed_twice_and_misread_once_is_the_reading_that_holds(second, reread, taken):
    from evidencecheck.checks.tracking import printed_number
    from evidencecheck.ocr.base import OcrLine
    from evidencecheck.vision.context import Scaled

    ctx = _ctx(np.full((400, 900, 3), 250, np.uint8))
    lines = [OcrLine("运单号 YT7312884512345", (60, 60, 500, 50), 0.99), OcrLine(second, (60, 200, 400, 50), 0.99)]
    got = printed_number(ctx, _RereadsAs(reread), Scaled(ctx.image.pixels, 1.0), lines)
    assert [n.number for n in got.numbers] == taken


@pytest.mark.parametrize("caption, taken", [({"5201258222241"}, ["5201258222241"]), ({"5201258822241"}, []),
                                            (set(), [])])
def test_a_number_is_taken_where_the_caption_under_the_bars_reads_it_though_no_closer_read_does(
        caption, taken):
    # Bench seed 1796624000 #253: a paper waybill in a chat's copy, its number (of no known format)
    # 8 px tall under bars too fine to decode; the page read 5201 2582 2224 1 right, each closer
    # read of its line dropped one of the repeated 2s, and the strip across the bars read it whole.
    from evidencecheck.checks.tracking import printed_number
    from evidencecheck.ocr.base import OcrLine
    from evidencecheck.vision.context import Scaled

    ctx = _ctx(np.full((400, 900, 3), 250, np.uint8))
    lines = [OcrLine("5201 2582 2224 1", (60, 300, 400, 30), 0.99)]
    page = Scaled(cv2.cvtColor(ctx.image.pixels, cv2.COLOR_BGR2GRAY), 1.0)
    got = printed_number(ctx, _RereadsAs("5201 2582224 1"), page, lines, captions=caption)
    assert [n.number for n in got.numbers] == taken


class _RereadsByShade:
    """An OCR engine whose closer read of a line reads ``dark`` where the crop is darker than mid
    grey, else ``light``."""

    def __init__(self, dark: str, light: str):
        self.dark, self.light = dark, light

    def read_line(self, image):
        from evidencecheck.ocr.base import OcrLine

        text = self.dark if image.mean() < 128 else self.light
        return OcrLine(text, (0, 0, image.shape[1], image.shape[0]), 0.99)


def test_a_number_printed_twice_is_taken_where_a_closer_read_holds_it_though_the_first_place_misreads():
    # Val: an EMS paper waybill prints EF348411034CN small and spaced under its bars and large
    # below; the closer read under the bars gave EF348611034CN, the large one read right.
    from evidencecheck.checks.tracking import printed_number
    from evidencecheck.ocr.base import OcrLine
    from evidencecheck.vision.context import Scaled

    pixels = np.full((400, 900, 3), 250, np.uint8)
    pixels[:150] = 60  # where the first line stands, the closer read misreads
    ctx = _ctx(pixels)
    lines = [OcrLine("E F 3 4 8 4 1 1 0 3 4 C N", (60, 60, 500, 40), 0.9),
             OcrLine("EF348411034CN", (60, 260, 400, 50), 0.99)]
    got = printed_number(ctx, _RereadsByShade("EF348611034CN", "EF348411034CN"), Scaled(ctx.image.pixels, 1.0), lines)
    assert [(n.number, n.bbox) for n in got.numbers] == [("EF348411034CN", (60, 260, 400, 50))]


@pytest.mark.parametrize("named, reread, taken", [
    ("858691138534", "858691130534", ["858691130534"]),  # the named one misread: the read that holds
    ("484542089524", "484542089524", ["484542089524"]),  # another number: the one a label names
])
def test_a_number_a_label_names_is_weighed_against_the_serial_under_bars(named, reread, taken):
    # Tune: a label printing 858691130534 under its bars and after 运单号, the latter read
    # 858691138534; a FedEx box whose other label's serial stood under bars.
    from evidencecheck.checks.tracking import printed_number
    from evidencecheck.ocr.base import OcrLine
    from evidencecheck.vision.context import Scaled

    ctx = _serial_under_bars("858691130534")
    lines = [OcrLine("858691130534", (310, 205, 280, 45), 0.99),
             OcrLine(f"运单号：{named} 订单号：DD00000014486", (20, 360, 860, 40), 0.99)]
    page = Scaled(cv2.cvtColor(ctx.image.pixels, cv2.COLOR_BGR2GRAY), 1.0)
    assert [n.number for n in printed_number(ctx, _RereadsAs(reread), page, lines).numbers] == taken


def _fine_bars_over(number: str, lean: float) -> tuple[np.ndarray, int]:
    """A decoded photo's pixels (RGB): a barcode of 2 px modules leaning ``lean`` (x per row) with
    ``number`` printed under its right half and beyond; and the x where the number starts."""
    from PIL import Image, ImageDraw

    from evidencecheck.synth.fonts import font

    page = Image.new("RGB", (1800, 840), (250, 250, 247))
    code = barcode_image(number, 2, 220).convert("RGB")
    page.paste(code, (300, 120))
    x = 300 + code.width // 2
    ImageDraw.Draw(page).text((x, 370), number, font=font("noto_sans", 80), fill=(20, 20, 20))
    rgb = cv2.warpAffine(np.asarray(page), np.float32([[1, lean, -lean * 420], [0, 1, 0]]), (1800, 840),
                         borderValue=(250, 250, 247))
    return cv2.GaussianBlur(rgb, (0, 0), 1.0), x


def test_fine_leaning_bars_the_page_read_merges_are_found_in_the_photos_own_pixels():
    # Tune: Amazon's TBA number under bars a page pixel wide, leaning 0.075.
    from evidencecheck.checks.tracking import bars_above, bars_above_finer
    from evidencecheck.vision.context import Scaled

    for lean, at_page_scale in ((0.0, True), (0.075, False)):
        rgb, x = _fine_bars_over("TBA328390551823", lean)
        page = Scaled(cv2.resize(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), None, fx=0.5, fy=0.5,
                                 interpolation=cv2.INTER_AREA), 0.5)
        box = (x // 2, 190, 380, 48)  # the number's line, as the page read boxes it
        assert bars_above(page.pixels, box) == at_page_scale
        assert bars_above_finer(rgb, page, box)
        assert not bars_above_finer(rgb, Scaled(rgb, 1.0), (x, 380, 760, 96)), "no pixels to gain"
    printed = _printed_page(("国内特快专递邮件详情单", (20, 20, 20)), ("1721632733", (20, 20, 20)))
    page = Scaled(cv2.resize(cv2.cvtColor(printed.image.pixels, cv2.COLOR_BGR2GRAY), None, fx=0.5, fy=0.5), 0.5)
    assert not bars_above_finer(printed.image.pixels, page, (30, 75, 210, 30)), "a line of characters above"


def test_bars_are_told_from_a_line_of_print_above_a_line():
    from evidencecheck.checks.tracking import bars_above

    ctx = _serial_under_bars("1721632733")
    gray = cv2.cvtColor(ctx.image.pixels, cv2.COLOR_BGR2GRAY)
    assert bars_above(gray, (350, 205, 200, 40))
    printed = _printed_page(("国内特快专递邮件详情单", (20, 20, 20)), ("1721632733", (20, 20, 20)))
    gray = cv2.cvtColor(printed.image.pixels, cv2.COLOR_BGR2GRAY)
    assert not bars_above(gray, (60, 150, 420, 60)), "a line of characters above"
    assert not bars_above(np.full((400, 600), 250, np.uint8), (100, 200, 300, 40)), "blank paper"


def test_an_unreadable_number_on_a_photo_that_may_be_a_waybill_is_not_called_a_waybill():
    f = Finding.make("TRACKING_UNREADABLE", **unreadable_on(False))
    assert "waybill" in f.message and "this waybill" not in f.message
    assert "如为面单" in f.message_zh
