"""The generator's wider variants: waybill layouts, hard negatives, the receipt table, and the
photo's way to the upload (chat app, screenshot), each with truth that agrees with the pixels."""

from __future__ import annotations

import io

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from evidencecheck.carriers import carriers_for_number
from evidencecheck.synth import other, photo, receipt, scene, waybill
from evidencecheck.synth.generate import WITHHELD, is_withheld, make_one, variants_of
from evidencecheck.synth.scene import photograph, share

BARCODES = (zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.Code39, zxingcpp.BarcodeFormat.QRCode)


def _codes(rgb: np.ndarray) -> set[str]:
    return {r.text for r in zxingcpp.read_barcodes(rgb, formats=BARCODES)}


def _ink(rgb: np.ndarray, box) -> float:
    """Share of dark or coloured (not paper) pixels inside ``box``, leaving out ruled lines (rows
    that are mostly ink): a blank's underline is no writing."""
    x, y, w, h = box
    cut = rgb[max(0, y):y + h, max(0, x):x + w].astype(int)
    ink = (cut.min(axis=2) < 150) | (cut.max(axis=2) - cut.min(axis=2) > 60)
    ink = ink[ink.mean(axis=1) < 0.5]
    return float(ink.mean()) if ink.size else 0.0


def _red(rgb: np.ndarray) -> np.ndarray:
    r, g, b = (rgb[:, :, i].astype(int) for i in range(3))
    return (r > 150) & (r - g > 60) & (r - b > 50)


@pytest.mark.parametrize("variant", waybill.VARIANTS)
def test_every_waybill_variant_prints_its_number_in_a_barcode(variant):
    for seed in range(3):
        doc, background = waybill.make_variant(np.random.default_rng(seed), variant)
        t = doc.truth
        assert t.doc_type == "waybill" and t.variant == variant and t.meta["layout"] in waybill.LAYOUTS
        assert t.tracking_number in _codes(doc.rgb), (variant, seed)
        assert background in ("desk", "cardboard", "bag")
        if variant == "bag":
            assert background == "bag"


def test_a_parcel_slip_names_no_carrier_and_an_english_one_no_chinese_number_format():
    langs = set()
    for seed in range(12):
        doc = waybill.make_waybill(np.random.default_rng(seed), layout="parcel_slip")
        assert doc.truth.carrier is None
        langs.add(doc.truth.meta["language"])
        fits = carriers_for_number(doc.truth.tracking_number)
        assert (fits == []) == (doc.truth.meta["language"] == "en"), doc.truth.tracking_number
    assert langs == {"en", "zh"}


def test_a_paper_waybill_is_tinted_and_filled_by_hand_by_dot_matrix_or_left_blank():
    fills, tints = set(), set()
    for seed in range(12):
        doc = waybill.make_waybill(np.random.default_rng(seed), "ems", layout="paper_multipart")
        fills.add(doc.truth.meta["fill"])
        tints.add(doc.truth.meta["tint"])
        assert doc.truth.meta["copy"].startswith("第") and "联" in doc.truth.meta["copy"]
        if doc.truth.meta["tint"] != "white":  # the paper itself is coloured, not only its print
            paper = np.median(doc.rgb.reshape(-1, 3), axis=0)
            assert paper.max() - paper.min() > 15, doc.truth.meta["tint"]
    assert fills == {"hand", "dot_matrix", "blank"} and len(tints) >= 3


def test_a_paper_waybill_may_carry_an_older_serial_that_fits_no_current_format():
    numbers = [waybill.make_waybill(np.random.default_rng(seed), "zto", layout="paper_multipart").truth.tracking_number
               for seed in range(12)]
    legacy = [n for n in numbers if not carriers_for_number(n)]
    assert legacy and all(n.isdigit() and 10 <= len(n) <= 13 for n in legacy)
    assert len(legacy) < len(numbers)  # the others are in the carrier's current format


@pytest.mark.parametrize("kind", ["tracking_screenshot", "order_screenshot"])
def test_a_logistics_or_order_page_has_no_barcode(kind):
    named = 0
    for seed in range(4):
        doc, photographed = other.make_other(np.random.default_rng(seed), kind)
        assert doc.truth.doc_type == "other" and not photographed
        assert _codes(doc.rgb) == set(), "a page that only shows the number must carry no code"
        named += doc.truth.tracking_number is not None
        if doc.truth.tracking_number:
            assert doc.truth.carrier in carriers_for_number(doc.truth.tracking_number)
    assert named >= (4 if kind == "tracking_screenshot" else 1)


def test_a_delivery_note_carries_a_non_courier_seal_on_red_ink():
    for seed in range(3):
        doc, photographed = other.make_other(np.random.default_rng(seed), "delivery_note")
        (s,) = doc.truth.stamps
        assert photographed and s.carrier is None and "有限公司" in s.company
        x, y, w, h = s.box
        assert _red(doc.rgb[y:y + h, x:x + w]).mean() > 0.03


def test_a_digital_display_is_other_and_says_what_it_shows():
    devices = set()
    for seed in range(40):
        doc, _ = other.make_other(np.random.default_rng(seed), "digital_display")
        assert doc.truth.doc_type == "other" and doc.truth.weight_kg is None
        x, y, w, h = doc.truth.display_box  # where the display is, for the display-region model
        panel = doc.rgb[y:y + h, x:x + w].astype(int)
        assert min(w, h) > 20 and np.ptp(panel, axis=(0, 1)).max() > 80  # lit segments on a dark panel, or dark on a light one
        devices.add(doc.truth.meta["device"])
    assert devices == set(other.DEVICES)


def test_a_fuel_pump_shows_sale_volume_and_price_labelled_or_not():
    rng = np.random.default_rng(5)
    labelled = other._fuel_pump_rows(rng, True)
    sale, volume, price = (float(text) for text, _, _ in labelled)
    assert sale == pytest.approx(volume * price, rel=0.01)
    assert all(label for _, label, _ in labelled)
    assert all(label == unit == "" for _, label, unit in other._fuel_pump_rows(rng, False))


def test_some_non_scale_displays_show_no_unit_as_real_ones_often_do():
    # Until they did, a display with nothing readable beside it meant a scale to the kind model.
    shown = []
    for seed in range(120):
        doc, _ = other.make_other(np.random.default_rng(seed), "digital_display")
        if doc.truth.meta["device"] in ("thermometer", "meter"):
            shown.append(doc.truth.meta.get("unit_shown"))
    assert True in shown and False in shown


def test_a_blood_pressure_monitor_stacks_its_three_readings():
    rows = other._blood_pressure_rows(np.random.default_rng(3))
    assert [label for _, label, _ in rows] == ["SYS", "DIA", "PUL"]
    panel = other._stacked_rows(np.random.default_rng(3), rows, "lcd_blue", 80)
    assert panel.ndim == 3 and panel.shape[0] >= 3 * 80


def test_a_printed_page_that_is_not_evidence_says_no_evidence_words():
    # the first printed pages were evidence phrases in random order, and taught the kind model
    # that a page saying 收件人 and 寄件人 without a barcode is not a waybill
    from evidencecheck.synth.page import prose_line
    from evidencecheck.text.cues import words_in

    rng = np.random.default_rng(0)
    strong = {(w.kind, w.text) for line in (prose_line(rng, 30) for _ in range(300)) for w in words_in(line)
              if w.weight == 1.0 and w.kind != "other"}
    assert not strong


@pytest.mark.parametrize("variant", receipt.VARIANTS)
def test_a_table_receipt_lists_parcels_and_its_boxes_land_on_ink(variant):
    doc = receipt.make_receipt(np.random.default_rng(8), variant, layout="table")
    t = doc.truth
    rows = t.meta["rows"]
    assert t.meta["layout"] == "table" and rows >= 2 and 0 <= t.meta["row"] < rows
    assert len(t.fields) == 3 * rows + 2
    numbers = [f.text for f in t.fields if f.name == "tracking_number"]
    assert t.tracking_number in numbers and len(set(numbers)) == rows
    for f in t.fields:
        ink = _ink(doc.rgb, f.box)
        if f.state == "empty":
            assert ink < 0.003, (f.name, f.box, ink)
        else:
            assert ink > 0.01, (f.name, f.state, f.box, ink)
    mine = {f.name: f.state for f in t.fields[3 * t.meta["row"]:3 * t.meta["row"] + 3]}
    if variant == "blank_fields":
        assert any(mine[n] == "empty" for n in receipt.REQUIRED)
    elif variant == "fully_printed":
        assert {f.state for f in t.fields} == {"printed"}
    else:
        assert all(mine[n] == "handwritten" for n in receipt.REQUIRED)


@pytest.mark.parametrize("layout", receipt.LAYOUTS)
def test_handwriting_stays_inside_its_field_box(layout):
    """The field's truth box holds all of its ink: nothing is written past the blank's end."""
    for seed in range(3):
        doc = receipt.make_receipt(np.random.default_rng(seed), "genuine", layout=layout)
        page = doc.rgb.astype(int)
        blue = (page[:, :, 2] - page[:, :, 0] > 50) if doc.truth.meta["pen"] == "blue_ballpoint" else None
        if blue is None:
            continue
        inside = np.zeros(blue.shape, bool)
        inside[:200] = True  # the header: a carrier's brand may be blue
        for f in doc.truth.fields:
            x, y, w, h = f.box
            inside[max(0, y - 4):y + h + 4, max(0, x - 4):x + w + 4] = True
        assert blue[~inside].sum() < 20, (layout, seed)


def _stamped_photo(seed: int):
    rng = np.random.default_rng(seed)
    return rng, photograph(rng, receipt.make_receipt(rng, "genuine", layout="letter"), long_side=1200,
                           allow_rotation=False)


def _pixels(ph) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(ph.jpeg)).convert("RGB"))


def _redness(rgb: np.ndarray, box) -> float:
    """How much redder the inside of ``box`` is than the paper around it (red minus green)."""
    x, y, w, h = box
    d = rgb[:, :, 0].astype(float) - rgb[:, :, 1]
    around = d[max(0, y - h):y + 2 * h, max(0, x - w):x + 2 * w]
    return float(d[y:y + h, x:x + w].mean() - np.median(around))


def _shared_seal_stays_in_its_box(seed: int):
    rng, ph = _stamped_photo(seed)
    before = _redness(_pixels(ph), ph.truth.stamps[0].box)
    out = share(rng, ph)
    rgb = _pixels(out)
    assert rgb.shape[:2] == (out.height, out.width)
    x, y, w, h = box = out.truth.stamps[0].box
    assert 0 <= x and 0 <= y and x + w <= out.width and y + h <= out.height
    assert before > 5 and _redness(rgb, box) > 0.6 * before, (seed, box)
    return out


def test_through_a_chat_app_the_photo_shrinks_and_its_boxes_follow(monkeypatch):
    monkeypatch.setattr(scene, "CHAT_SHARE", 1.0)
    for seed in range(3):
        out = _shared_seal_stays_in_its_box(seed)
        assert out.truth.meta["photo"] == "chat" and out.ext == "jpg" and out.jpeg[:2] == b"\xff\xd8"
        assert 480 <= min(out.width, out.height) <= 1280
        assert all(40 <= q <= 70 for q in out.truth.meta["chat_quality"])
        assert out.truth.meta["exif_orientation"] is None


def test_a_screenshot_letterboxes_the_photo_and_its_boxes_follow(monkeypatch):
    monkeypatch.setattr(scene, "CHAT_SHARE", 0.0)
    monkeypatch.setattr(scene, "SCREENSHOT_SHARE", 1.0)
    uis = set()
    for seed in range(20):  # until both a gallery viewer (seven in ten) and a chat are seen
        out = _shared_seal_stays_in_its_box(seed)
        assert out.truth.meta["photo"] == "screenshot" and out.height > out.width
        assert out.ext == ("png" if out.jpeg[:4] == b"\x89PNG" else "jpg")
        uis.add(out.truth.meta["screen_ui"])
        if uis == {"viewer", "chat"}:
            break
    assert uis == {"viewer", "chat"}


def test_an_image_shrunk_under_the_gate_must_be_reported_low_quality(monkeypatch):
    monkeypatch.setattr(scene, "CHAT_SHARE", 1.0)
    monkeypatch.setattr(scene, "CHAT_SHORT_SIDE", (480, 490))
    rng, ph = _stamped_photo(0)
    out = share(rng, ph)
    assert "LOW_QUALITY" in out.truth.raise_codes and "LOW_QUALITY" not in out.truth.not_codes


def test_a_mailer_bag_is_dark_creased_plastic():
    bag = photo.desk_background(np.random.default_rng(0), 400, 300, "bag").astype(float)
    lum = bag.mean(axis=2)
    assert np.median(lum) < 170 and lum.std() > 8


def test_new_variants_are_the_same_bytes_for_the_same_seed():
    # Image 21 is the sixth waybill (parcel_slip); 27 the seventh other (tracking_screenshot).
    for i, variant in ((21, "parcel_slip"), (27, "tracking_screenshot")):
        a, b = make_one(12, i), make_one(12, i)
        assert a[0] == b[0] and a[1] == b[1] and a[2] == b[2] and a[2]["variant"] == variant
    doc = receipt.make_receipt(np.random.default_rng(4), "genuine", layout="table")
    assert np.array_equal(doc.rgb, receipt.make_receipt(np.random.default_rng(4), "genuine", layout="table").rgb)


def test_the_withheld_kinds_exist_and_rows_say_whether_they_are_withheld():
    for doc_type, name in WITHHELD:
        assert name in (receipt.LAYOUTS if doc_type == "express_receipt" else variants_of(doc_type))
    assert is_withheld({"doc_type": "express_receipt", "variant": "genuine", "meta": {"layout": "table"}})
    assert not is_withheld({"doc_type": "express_receipt", "variant": "genuine", "meta": {"layout": "grid"}})
    assert is_withheld({"doc_type": "waybill", "variant": "parcel_slip", "meta": {}})


def test_a_file_is_named_for_what_its_bytes_are():
    for i in range(4):
        name, data, row = make_one(3, i)
        assert name.endswith(".png") == data.startswith(b"\x89PNG") and row["meta"]["photo"] in (
            "camera", "chat", "screenshot", "file")
