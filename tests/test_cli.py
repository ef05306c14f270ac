"""The command line: reports, exit statuses and usage errors, as a user meets them."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from evidencecheck.cli import main
from evidencecheck.synth import photo

from .conftest import save


def _good_photo(tmp_path, page_rgb):
    return save(photo.sensor_noise(np.random.default_rng(0), page_rgb, 2), tmp_path / "page.png")


def test_json_report_is_schema_valid_and_passes(tmp_path, prose_page_rgb, validate):
    p = _good_photo(tmp_path, prose_page_rgb)
    r = CliRunner().invoke(main, ["check", "--json", str(p)])
    assert r.exit_code == 0, r.output
    doc = validate(json.loads(r.output))
    assert doc["ticket"] is None and doc["verdict"] != "fail" and doc["findings"] == []
    img = doc["images"][0]
    assert (img["width"], img["height"]) == (1131, 1600)
    assert img["checks"][:3] == ["intake", "quality", "appearance"] and "classify" in img["checks"]
    assert img["stamps"] == [] and img["weight_kg"] is None, "nothing invented"


def test_a_page_of_printed_proof_wording_fails_only_as_an_unstamped_printed_proof(tmp_path, page_rgb, validate):
    # Receipt phrases (签收证明, 兹证明运单号 ...) printed in random order, no seal, no handwriting:
    # either the tool is unsure of the kind (then nothing proof-only fails) or it is a proof by its
    # words, and then it fails for what a printed, unstamped proof lacks, and for nothing else.
    p = _good_photo(tmp_path, page_rgb)
    r = CliRunner().invoke(main, ["check", "--json", str(p)])
    doc = validate(json.loads(r.output))
    img = doc["images"][0]
    fails = {f["code"] for f in img["findings"] if f["severity"] == "fail"}
    if img["doc_type"] != "express_receipt" or img["doc_type_evidence"]["unsure"]:
        assert r.exit_code == 0 and not fails
    else:
        assert r.exit_code == 1 and fails and fails <= {"NO_STAMP", "FULLY_PRINTED", "HANDWRITING_MISSING"}
        assert img["doc_type_evidence"]["cues"][0]["cue"] == "text:express_receipt"
    assert img["stamps"] == [] and img["weight_kg"] is None, "nothing invented"


def test_a_printed_page_is_not_evidence_for_a_not_received_order(tmp_path, prose_page_rgb, validate):
    p = _good_photo(tmp_path, prose_page_rgb)
    r = CliRunner().invoke(main, ["check", "--json", "--ticket", "not_received", str(p)])
    assert r.exit_code == 1, r.output
    doc = validate(json.loads(r.output))
    missing = [f for f in doc["findings"] if f["code"] == "MISSING_EVIDENCE"]
    assert len(missing) == 2 and any(f["severity"] == "fail" for f in missing), "no waybill: that fails for sure"
    assert doc["deadline_hours"] == 48 and len(doc["todo"]) >= 2 and doc["todo"][0]["message_zh"]


def test_an_unknown_ticket_type_is_a_usage_error(tmp_path, page_rgb):
    r = CliRunner().invoke(main, ["check", "--ticket", "refund_only", str(_good_photo(tmp_path, page_rgb))])
    assert r.exit_code == 2 and "unknown ticket type" in r.output


def test_text_report_speaks_chinese_and_english(tmp_path):
    p = tmp_path / "bad.jpg"
    p.write_bytes(b"not an image")
    r = CliRunner().invoke(main, ["check", str(p)])
    assert r.exit_code == 1
    assert "UNREADABLE_FILE" in r.output and "文件无法作为图片读取" in r.output and "cannot be read" in r.output
    assert "\x1b[" not in r.output, "no colour codes when stdout is not a terminal"


def test_text_report_is_coloured_on_a_terminal(tmp_path):
    p = tmp_path / "bad.jpg"
    p.write_bytes(b"not an image")
    r = CliRunner().invoke(main, ["check", str(p)], color=True)
    assert "\x1b[31" in r.output


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    for args in (["check", str(tmp_path / "missing.jpg")], ["check", str(tmp_path)], ["check"],
                 ["check", "--ticket", "refund_only", str(tmp_path)], ["check", "--ocr", "magic", "x"]):
        r = runner.invoke(main, args)
        assert r.exit_code == 2, (args, r.output)
        assert "Traceback" not in r.output


def test_schema_command_prints_the_schema():
    r = CliRunner().invoke(main, ["schema"])
    assert r.exit_code == 0 and json.loads(r.output)["$id"] == "evidencecheck/1"


def test_python_api_returns_typed_results(tmp_path, page_rgb):
    import evidencecheck

    p = _good_photo(tmp_path, page_rgb)
    case = evidencecheck.check([p])
    assert isinstance(case, evidencecheck.CaseReport)
    assert isinstance(case.images[0], evidencecheck.ImageReport)
    assert case.to_dict()["images"][0]["sha256"] == case.images[0].sha256


def test_annotate_draws_each_readable_image_of_the_case(tmp_path):
    from pathlib import Path

    from PIL import Image

    samples = Path(__file__).resolve().parents[1] / "samples"
    out = tmp_path / "drawn"
    r = CliRunner().invoke(main, ["check", str(samples / "receipt_stamp_mismatch.jpg"), str(samples / "not_an_image.jpg"),
                                  "--annotate", str(out)])
    assert r.exit_code == 1, r.output
    assert sorted(p.name for p in out.iterdir()) == ["01_receipt_stamp_mismatch.jpg"]  # the unreadable file has none
    top = np.asarray(Image.open(out / "01_receipt_stamp_mismatch.jpg").convert("RGB"))[2:6, 200:400].reshape(-1, 3)
    assert (top[:, 0] > 180).all() and (top[:, 1] < 80).all(), "a red FAIL banner across the top"


@pytest.mark.parametrize("args", [["--help"], ["schema"], ["check", "--help"]])
def test_commands_that_analyse_nothing_start_without_the_analysis(args):
    # Start-up is part of a merchant's wait: OpenCV, the checks and the OCR engines load only for
    # a command that analyses (issue 25).
    code = ("import sys; from evidencecheck.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('cv2', 'onnxruntime', 'rapidocr', 'evidencecheck.pipeline', 'skimage')"
            " if m in sys.modules), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stderr.strip().splitlines()[-1] == "[]", r.stderr


def test_the_public_api_still_offers_the_predictor_and_check():
    import evidencecheck

    assert callable(evidencecheck.check) and evidencecheck.Predictor.__name__ == "Predictor"
    assert evidencecheck.TICKETS == ("not_received", "missing_items")
    with pytest.raises(AttributeError):
        evidencecheck.no_such_name  # noqa: B018


def test_drawn_on_the_analysis_copy_is_the_drawing_on_the_original(tmp_path):
    # Batch and server workers draw on the context's copy: a 12 MP photo is not copied whole again.
    from evidencecheck.annotate import annotate, annotate_context
    from evidencecheck.bench import make_photos
    from evidencecheck.report import Finding, ImageReport
    from evidencecheck.vision.context import AnalysisContext
    from evidencecheck.vision.intake import read_image

    _, image = read_image(make_photos(tmp_path, 1, seed=3, long_side=2400)[0])
    report = ImageReport(path="photo.jpg")
    report.findings.append(Finding.make("NO_STAMP", bbox=(400, 600, 900, 500)))
    ctx = AnalysisContext(image)
    ctx.bgr(1600)  # the quality gate's copy, made first
    for side in (1600, 1280):
        expected = annotate(np.ascontiguousarray(image.pixels[:, :, ::-1]), report, side)
        drawn = annotate_context(ctx, report, side)
        assert drawn.shape == expected.shape and max(drawn.shape[:2]) == side
        diff = np.abs(drawn.astype(int) - expected.astype(int))
        if side == 1600:
            assert diff.max() == 0
        else:  # shrunk from the 1600 copy, not from the original: sharp edges differ a little
            assert diff.mean() < 0.5 and (diff > 8).mean() < 0.005


def test_a_missing_data_file_is_a_message_with_its_exit_status_in_every_command(tmp_path, monkeypatch):
    from evidencecheck.synth import handwriting

    monkeypatch.setattr(handwriting, "DATA_DIR", tmp_path / "absent")
    handwriting.glyph_strokes.cache_clear()
    r = CliRunner().invoke(main, ["synth", str(tmp_path / "out"), "--n", "1", "--seed", "5",
                                  "--kinds", "express_receipt", "--jobs", "1"])
    handwriting.glyph_strokes.cache_clear()
    assert r.exit_code == 3 and "hanzi-writer-data" in r.output and "Traceback" not in r.output


def test_an_unknown_kind_to_bench_is_a_usage_message(tmp_path):
    r = CliRunner().invoke(main, ["bench", "--n", "1", "--seed", "5150", "--kinds", "scale", "--speed-n", "0",
                                  "--out", str(tmp_path)])
    assert r.exit_code == 2 and "unknown kind(s) scale" in r.output and not (tmp_path / "images").exists()
