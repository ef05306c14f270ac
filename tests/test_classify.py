"""The shipped doc-type model: loads without pickle, tells the kinds apart on fresh generated
images (including the overlaps that fool simple rules), and finds which way up a photo is."""

from __future__ import annotations

import numpy as np
import pytest

from evidencecheck.checks.appearance import DOC_TYPES, MODEL_PATH, load_classifier
from evidencecheck.synth import other, receipt, waybill, weighing
from evidencecheck.synth.generate import is_reserved, make_one
from evidencecheck.synth.scene import photograph
from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.intake import decode_image

FRESH = 31_337  # not a training, validation or samples seed
assert not is_reserved(FRESH)


@pytest.fixture(scope="module")
def clf():
    return load_classifier()


def _predict(clf, jpeg: bytes):
    ctx = AnalysisContext(decode_image(jpeg))
    ctx.bgr(1600)
    return clf.predict(ctx)


def test_model_loads_without_pickle_and_has_a_card():
    with np.load(MODEL_PATH, allow_pickle=False) as a:
        assert set(a["doc_types"].tolist()) == set(DOC_TYPES)
    assert MODEL_PATH.with_suffix(".md").is_file()


def test_accuracy_on_a_small_fresh_set(clf):
    right = []
    for i in range(32):
        _, data, row = make_one(FRESH, i)
        right.append(_predict(clf, data).doc_type == row["doc_type"])
    assert np.mean(right) >= 0.9, f"{sum(right)} of {len(right)} right"


def _photo(doc, seed, **kw):
    return photograph(np.random.default_rng(seed), doc, allow_rotation=False, **kw).jpeg


def test_weighing_photo_with_a_waybill_on_the_parcel_is_a_weighing_photo(clf):
    got = [_predict(clf, _photo(weighing.make_weighing(np.random.default_rng(FRESH + i)), i, fill=(0.98, 1.05)))
           .doc_type for i in range(6)]
    assert got.count("weighing_photo") >= 5, got


def test_invoice_with_a_red_seal_is_other(clf):
    got = [_predict(clf, _photo(other.make_other(np.random.default_rng(FRESH + i), "invoice")[0], i)).doc_type
           for i in range(6)]
    assert got.count("other") >= 5, got


def test_receipt_with_a_tracking_number_is_a_receipt_not_a_waybill(clf):
    got = [_predict(clf, _photo(receipt.make_receipt(np.random.default_rng(FRESH + i), "genuine"), i)).doc_type
           for i in range(6)]
    assert got.count("express_receipt") >= 5, got


def test_waybill_is_a_waybill(clf):
    got = [_predict(clf, _photo(waybill.make_waybill(np.random.default_rng(FRESH + i)), i)).doc_type for i in range(6)]
    assert got.count("waybill") >= 5, got


@pytest.mark.parametrize("k", [1, 2, 3])
def test_turned_receipt_is_found_turned(clf, k):
    rng = np.random.default_rng(FRESH + 10 * k)
    img = decode_image(_photo(receipt.make_receipt(rng, "genuine"), k)).pixels
    turned = np.ascontiguousarray(np.rot90(img, k))
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(turned[:, :, ::-1]).save(buf, "JPEG", quality=90)
    res = _predict(clf, buf.getvalue())
    assert (res.doc_type, res.k) == ("express_receipt", k)


def test_confidences_are_probabilities(clf):
    _, data, _ = make_one(FRESH, 0)
    res = _predict(clf, data)
    assert 0 <= res.confidence <= 1 and abs(sum(res.probabilities.values()) - 1) < 1e-6


def test_training_is_reproducible_and_writes_a_loadable_model_with_its_card(tmp_path):
    from evidencecheck.train.appearance import train_classifier

    a = train_classifier(n=20, val_n=12, jobs=2, out=tmp_path / "a.npz")
    b = train_classifier(n=20, val_n=12, jobs=2, out=tmp_path / "b.npz")
    with np.load(tmp_path / "a.npz", allow_pickle=False) as x, np.load(tmp_path / "b.npz", allow_pickle=False) as y:
        assert all(np.array_equal(x[k], y[k]) for k in ("w1", "b1", "w2", "b2", "temperature"))
    assert a["validation"] == b["validation"]
    assert (tmp_path / "a.md").read_text("utf-8").startswith("# doc_classifier")
    assert load_classifier(str(tmp_path / "a.npz")).doc_types == DOC_TYPES
