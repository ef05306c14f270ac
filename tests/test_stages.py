"""The pipeline as a list of stages: each runs where it applies, is listed and timed, and a stage
that fails ends the image's analysis with CHECK_FAILED naming it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidencecheck import Predictor, pipeline
from evidencecheck.stage import Analysis, Stage

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def predictor():
    return Predictor()


def test_every_stage_is_a_checks_module_with_a_name_and_a_function():
    names = [s.name for s in pipeline.STAGES]
    assert len(names) == len(set(names)), "one name per stage"
    for s in pipeline.STAGES:
        assert isinstance(s, Stage) and callable(s.run)
    assert names.index("page_text") < names.index("classify") < names.index("fields") < names.index("forensics")


def test_a_waybill_runs_the_stages_for_waybills_and_not_those_of_other_kinds(predictor):
    report = predictor.analyse(SAMPLES / "waybill_yto.jpg")
    assert report.doc_type == "waybill"
    assert "tracking" in report.checks and "weight" not in report.checks and "fields" not in report.checks
    assert report.checks[0] == "intake" and report.checks[-1] == "forensics"
    listed = [s.name for s in pipeline.STAGES if s.listed]
    assert [c for c in report.checks if c != "intake"] == [c for c in listed if c in report.checks], "in order"
    assert set(report.checks) <= set(report.timings_ms), "each listed stage is timed"


def test_a_stage_that_fails_ends_the_analysis_with_check_failed_naming_it(predictor, monkeypatch):
    def breaks(a: Analysis) -> None:
        raise ValueError("a bug in this check")

    ran_after = []
    stages = list(pipeline.STAGES)
    at = [s.name for s in stages].index("classify") + 1
    stages[at:at] = [Stage("broken", breaks), Stage("after", lambda a: ran_after.append(1))]
    monkeypatch.setattr(pipeline, "STAGES", tuple(stages))
    report = predictor.analyse(SAMPLES / "waybill_yto.jpg")
    failed = [f for f in report.findings if f.code == "CHECK_FAILED"]
    assert len(failed) == 1 and "broken" in failed[0].message and "a bug in this check" in failed[0].message
    assert report.doc_type == "waybill", "what was found before it stays"
    assert "broken" not in report.checks and not ran_after, "nothing runs after it"


def test_a_stage_for_one_kind_does_not_run_on_another(predictor, monkeypatch):
    seen = []
    only_receipts = Stage("receipts_only", lambda a: seen.append(a.doc_type), kinds=("express_receipt",))
    monkeypatch.setattr(pipeline, "STAGES", (*pipeline.STAGES, only_receipts))
    predictor.analyse(SAMPLES / "waybill_yto.jpg")
    assert seen == []
    predictor.analyse(SAMPLES / "receipt_genuine.jpg")
    assert seen == ["express_receipt"]


def _decided(kind: str, unsure: bool, runner_up: str) -> Analysis:
    from evidencecheck.checks.doc_type import KindDecision

    others = [k for k in ("waybill", "weighing_photo", "express_receipt", "other") if k not in (kind, runner_up)]
    probabilities = {kind: 0.6, runner_up: 0.3, **dict.fromkeys(others, 0.05)}
    a = Analysis(None, None, None, None)
    a.kind = KindDecision(kind, 0.6, probabilities, unsure, ())
    return a


def test_a_reading_stage_also_runs_on_an_image_that_may_be_its_kind():
    # Unsure between other and waybill: the tracking number is still read, for the case rules to
    # compare (a mismatch on an unsure image is a warning); a sure other is not read.
    reads = Stage("reads", lambda a: None, kinds=("waybill",), when_unsure="runner_up")
    judges = Stage("judges", lambda a: None, kinds=("waybill",))
    unsure = _decided("other", True, "waybill")
    assert unsure.may_be("waybill") and reads.applies(unsure) and not judges.applies(unsure)
    assert not reads.applies(_decided("other", False, "waybill"))
    assert not reads.applies(_decided("other", True, "weighing_photo"))
    assert judges.applies(_decided("waybill", True, "other"))


def test_a_stage_reading_every_unsure_image_runs_whatever_the_runner_up():
    # The weight reader: an unsure kind is decided again with its reading (checks/doc_type.py)
    reads = Stage("reads", lambda a: None, kinds=("weighing_photo",), when_unsure="any")
    assert reads.applies(_decided("waybill", True, "other"))
    assert not reads.applies(_decided("waybill", False, "other"))


def test_an_unsure_kind_is_decided_again_with_the_weight_read_once_for_both(predictor, monkeypatch):
    # Every decision made unsure: the kind stage reads the weight and decides again with it; the
    # weight stage reports that same reading, not a second one.
    from evidencecheck.checks import doc_type, weight

    calls = []
    read = weight.read_weight
    monkeypatch.setattr(weight, "read_weight", lambda ctx, engine: calls.append(1) or read(ctx, engine))
    monkeypatch.setattr(doc_type, "UNSURE_BELOW", 1.01)
    r = predictor.analyse(SAMPLES / "weighing_platform.jpg")
    assert len(calls) == 1 and r.weight_kg is not None
    assert r.doc_type == "weighing_photo"
    assert any(c["cue"] == "weight:read" for c in r.doc_type_evidence["cues"])


def test_the_tracking_and_weight_stages_read_images_that_may_be_their_kind():
    by_name = {s.name: s for s in pipeline.STAGES}
    assert by_name["tracking"].when_unsure == "runner_up" and by_name["weight"].when_unsure == "any"
    assert by_name["fields"].when_unsure == "never", "a proof's fields judge it: only on a receipt"


def test_a_12_mp_photo_decoded_smaller_is_reported_in_the_pixels_of_the_file(predictor, tmp_path, monkeypatch):
    from evidencecheck import thresholds as T
    from evidencecheck.bench import make_photos
    from evidencecheck.vision.geometry import iou

    photo = make_photos(tmp_path, 1, seed=3, long_side=4000, kind="receipt")[0]
    smaller = predictor.analyse(photo)
    monkeypatch.setattr(T, "DECODE_MIN_LONG_SIDE", 10**6)  # now decoded in full
    full = predictor.analyse(photo)
    assert (smaller.width, smaller.height) == (full.width, full.height) == (3000, 4000)
    assert smaller.stamps and len(smaller.stamps) == len(full.stamps)
    for a, b in zip(smaller.stamps, full.stamps):
        assert iou(a.bbox, b.bbox) > 0.8
    assert [f.name for f in smaller.fields] == [f.name for f in full.fields]
    for a, b in zip(smaller.fields, full.fields):
        assert iou(a.bbox, b.bbox) > 0.7


@pytest.mark.parametrize("lanes", [1, 2])
def test_a_failure_that_holds_only_for_a_kind_the_tool_is_unsure_of_is_a_warning(lanes, monkeypatch):
    from dataclasses import replace

    predictor = Predictor(lanes=lanes)
    sure = predictor.analyse(SAMPLES / "receipt_no_stamp.jpg")
    assert [f.severity for f in sure.findings if f.code == "NO_STAMP"] == ["fail"]
    classify = next(s for s in pipeline.STAGES if s.name == "classify")

    def unsure(a: Analysis) -> None:
        classify.run(a)
        a.kind = replace(a.kind, unsure=True)

    monkeypatch.setattr(pipeline, "STAGES", tuple(replace(s, run=unsure) if s is classify else s for s in pipeline.STAGES))
    report = predictor.analyse(SAMPLES / "receipt_no_stamp.jpg")
    assert [f.severity for f in report.findings if f.code == "NO_STAMP"] == ["warn"]


def _without_times(report) -> dict:
    d = report.to_dict()
    d.pop("timings_ms", None)
    return d


def test_two_lanes_give_the_report_that_the_stages_in_turn_give():
    assert Predictor().lanes == 2 and Predictor(ocr_threads=1).lanes == 1, "a batch's workers keep one lane"
    one, two = Predictor(lanes=1), Predictor(lanes=2)
    for name in ("receipt_genuine.jpg", "receipt_rotated_exif.jpg", "waybill_yto.jpg", "weighing_platform.jpg",
                 "receipt_blurred.jpg", "other_chat_screenshot.png"):
        a, b = one.analyse(SAMPLES / name), two.analyse(SAMPLES / name)
        assert _without_times(a) == _without_times(b), name
        assert list(a.timings_ms) == list(b.timings_ms), "timed in the stages' order"


def _breaking(name: str) -> tuple[Stage, ...]:
    def breaks(a: Analysis) -> None:
        raise ValueError(f"a bug in {name}")

    return tuple(Stage(name, breaks) if s.name == name else s for s in pipeline.STAGES)


@pytest.mark.parametrize("name", ["appearance", "orient"])
def test_with_two_lanes_a_stage_that_fails_in_either_ends_the_analysis_where_it_stands(name, monkeypatch):
    monkeypatch.setattr(pipeline, "STAGES", _breaking(name))
    report = Predictor(lanes=2).analyse(SAMPLES / "receipt_genuine.jpg")
    failed = [f for f in report.findings if f.code == "CHECK_FAILED"]
    assert len(failed) == 1 and name in failed[0].message and f"a bug in {name}" in failed[0].message
    order = [s.name for s in pipeline.STAGES if s.listed]
    assert [c for c in report.checks if c != "intake"] == order[:order.index(name)], "listed up to it, in order"
    assert report.doc_type is None, "the kind is not decided after it"


_FORKED: dict = {}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_predictor_with_two_lanes_still_checks_in_a_forked_child():
    import multiprocessing

    _FORKED["predictor"] = predictor = Predictor(lanes=2)
    expected = _without_times(predictor.analyse(SAMPLES / "receipt_no_stamp.jpg"))  # its second thread started
    with multiprocessing.get_context("fork").Pool(1) as pool:  # the child inherits the predictor
        got = pool.apply_async(_child_report).get(timeout=120)
    assert got == expected


def _child_report() -> dict:
    return _without_times(_FORKED["predictor"].analyse(SAMPLES / "receipt_no_stamp.jpg"))
