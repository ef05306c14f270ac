"""The generator: same seed same bytes, every kind and variant, truth that agrees with the pixels."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from evidencecheck.carriers import CARRIERS, carriers_for_number
from evidencecheck.synth import other, receipt, waybill, weighing
from evidencecheck.synth.generate import KINDS, generate, make_one, variants_of
from evidencecheck.synth.people import tracking_number
from evidencecheck.synth.scene import photograph
from evidencecheck.synth.sevenseg import display_text, shown_kg


def _red(rgb: np.ndarray) -> np.ndarray:
    r, g, b = (rgb[:, :, i].astype(int) for i in range(3))
    return (r > 150) & (r - g > 70) & (r - b > 60)


def test_same_seed_same_bytes_other_seed_other_bytes():
    for i in range(4):  # one of each kind
        assert make_one(7, i)[1] == make_one(7, i)[1]
    assert make_one(7, 0)[1] != make_one(8, 0)[1]


def test_generate_writes_images_and_truth(tmp_path):
    rows = generate(tmp_path, 4, seed=11)
    lines = [json.loads(l) for l in (tmp_path / "truth.jsonl").read_text("utf-8").splitlines()]
    assert lines == rows and [r["doc_type"] for r in rows] == list(KINDS)
    for r in rows:
        im = Image.open(tmp_path / r["file"])
        from PIL import ImageOps

        assert ImageOps.exif_transpose(im).size == (r["width"], r["height"])
        for box in [s["box"] for s in r["stamps"]] + [f["box"] for f in r["fields"]]:
            x, y, w, h = box
            assert -5 <= x and -5 <= y and x + w <= r["width"] + 5 and y + h <= r["height"] + 5, (r["file"], box)


@pytest.mark.parametrize("variant", receipt.VARIANTS)
def test_every_receipt_variant_and_its_codes(variant):
    doc = receipt.make_receipt(np.random.default_rng(3), variant)
    t = doc.truth
    assert t.variant == variant and set(t.raise_codes).isdisjoint(t.not_codes)
    states = {f.name: f.state for f in t.fields}
    if variant == "fully_printed":
        assert set(states.values()) == {"printed"} and t.raise_codes == ["FULLY_PRINTED"]
    if variant == "blank_fields":
        assert any(states[f] == "empty" for f in receipt.REQUIRED)
    if variant in ("genuine", "no_stamp", "stamp_mismatch", "pasted_stamp"):
        assert all(states[f] == "handwritten" for f in receipt.REQUIRED)
    if variant == "stamp_mismatch":
        assert t.stamp_carrier != t.carrier
    if variant in ("genuine", "blank_fields", "fully_printed"):
        assert t.stamp_carrier == t.carrier


def test_no_stamp_receipt_has_no_red_seal_pixels_and_a_genuine_one_has():
    for seed in range(4):
        rng = np.random.default_rng(seed)
        none = receipt.make_receipt(rng, "no_stamp")
        assert _red(none.rgb[200:]).sum() == 0, "no red below the header (a brand header may be red)"
        real = receipt.make_receipt(rng, "genuine")
        x, y, w, h = real.truth.stamps[0].box
        assert _red(real.rgb[y:y + h, x:x + w]).sum() > 0.03 * w * h


def test_pasted_seal_lands_where_truth_says():
    rng = np.random.default_rng(5)
    ph = photograph(rng, receipt.make_receipt(rng, "pasted_stamp"), long_side=1600, allow_rotation=False)
    from evidencecheck.vision.intake import decode_image

    rgb = decode_image(ph.jpeg).pixels[:, :, ::-1]
    x, y, w, h = ph.truth.stamps[0].box
    assert w > 50 and _red(rgb[y:y + h, x:x + w]).mean() > 0.05


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
def test_waybill_barcode_decodes_to_its_truth_number(carrier):
    import zxingcpp

    rng = np.random.default_rng(sorted(CARRIERS).index(carrier))
    doc = waybill.make_waybill(rng, carrier)
    assert carrier in carriers_for_number(doc.truth.tracking_number)
    ph = photograph(rng, doc, long_side=3000, allow_rotation=False)
    from evidencecheck.vision.intake import decode_image

    found = {r.text for r in zxingcpp.read_barcodes(decode_image(ph.jpeg).pixels)}
    assert doc.truth.tracking_number in found


def test_tracking_numbers_fit_their_carrier_format():
    rng = np.random.default_rng(0)
    for c in CARRIERS:
        for _ in range(30):
            assert c in carriers_for_number(tracking_number(rng, c))


@pytest.mark.parametrize("kind", weighing.KINDS)
def test_weighing_truth_is_what_the_display_shows(kind):
    doc = weighing.make_weighing(np.random.default_rng(4), kind)
    t = doc.truth
    assert abs(shown_kg(t.meta["shown"], t.meta["unit"]) - t.weight_kg) < 1e-6
    x, y, w, h = t.display_box
    dh = t.meta["digit_h"]
    assert w > 2.5 * dh and h > dh * t.meta["squash"] and 0 <= x and x + w <= doc.rgb.shape[1] and 0 <= y and y + h <= doc.rgb.shape[0]


def test_display_text_units():
    rng = np.random.default_rng(0)
    assert shown_kg(display_text(rng, 1.25, "斤"), "斤") == pytest.approx(1.25)
    assert shown_kg(display_text(rng, 0.5, "g"), "g") == pytest.approx(0.5)


@pytest.mark.parametrize("kind", other.KINDS)
def test_other_kinds(kind):
    doc, _ = other.make_other(np.random.default_rng(2), kind)
    assert doc.truth.doc_type == "other" and doc.truth.variant == kind
    if kind == "invoice":
        assert doc.truth.stamps and doc.truth.stamps[0].carrier is None, "a red seal, but not a courier's"


def test_every_kind_has_variants_in_rotation():
    for kind in KINDS:
        assert len(variants_of(kind)) >= 2
