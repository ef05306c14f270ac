"""The report keeps the evidencecheck/1 contract: every key, the right types, the exit status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evidencecheck import CaseReport, Finding, ImageReport, Stamp, json_schema
from evidencecheck.findings import CODES, worst

CONTRACT = Path(__file__).resolve().parents[1].parent / "shared" / "REPORT_CONTRACT.md"


def test_every_finding_code_is_in_the_schema_and_the_contract():
    schema_codes = set(json_schema()["$defs"]["findingCode"]["enum"])
    assert schema_codes == set(CODES)
    if CONTRACT.exists():
        contract_codes = set(re.findall(r"^\| `([A-Z_]+)` \|", CONTRACT.read_text("utf-8"), re.M))
        assert contract_codes == {c for c, spec in CODES.items() if not spec.extension}


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_both_messages(code):
    values = {k: "x" for k in ("reason", "reason_zh", "problem", "problem_zh", "advice", "advice_zh", "field",
                               "field_zh", "stamp_carrier", "stamp_carrier_zh", "doc_carrier", "doc_carrier_zh",
                               "doc_type", "doc_type_zh", "ticket", "ticket_zh", "kind", "kind_zh", "numbers",
                               "weights", "why", "why_cap", "why_zh", "printed", "filled", "image", "wanted", "wanted_zh",
                               "found", "found_zh", "numbers_zh", "difference", "tolerance", "copies", "check", "error",
                               "cases", "how", "how_zh", "p", "other", "other_zh", "p_other", "header", "header_zh",
                               "signature", "signature_zh", "what", "what_zh")}
    f = Finding.make(code, **values)
    assert f.message and f.message_zh and f.severity in ("info", "warn", "fail")
    # Whatever a merchant can act on says what to do in the to-do list.
    assert bool(CODES[code].todo) == bool(CODES[code].todo_zh) == (f.severity != "info")


def test_empty_image_report_has_every_key_and_no_invented_values(validate):
    doc = CaseReport(images=[ImageReport(path="a.jpg")]).to_dict()
    validate(doc)
    img = doc["images"][0]
    for key in ("doc_type", "confidence", "carrier", "weight_kg", "sha256", "width", "height"):
        assert key in img and img[key] is None
    for key in ("findings", "stamps", "fields", "tracking_numbers"):
        assert img[key] == []


def test_verdict_is_the_worst_severity_and_sets_the_exit_code(validate):
    warn = Finding.make("STAMP_SUSPECT", reason="r", reason_zh="r")
    fail = Finding.make("NO_STAMP")
    info = Finding("STAMP_MISMATCH", "info", "seal unreadable", "印章无法识别")
    assert CaseReport(images=[ImageReport("a", findings=[info])]).verdict == "pass"
    case = CaseReport(images=[ImageReport("a", findings=[warn])])
    assert (case.verdict, case.exit_code) == ("warn", 0)
    case = CaseReport(images=[ImageReport("a", findings=[warn]), ImageReport("b", findings=[fail])])
    assert (case.verdict, case.exit_code) == ("fail", 1)
    validate(case.to_dict())


def test_case_findings_carry_images_and_image_findings_carry_a_box(validate):
    img = ImageReport("a.jpg", findings=[Finding.make("NO_STAMP", bbox=(1, 2, 3, 4))],
                      stamps=[Stamp((1, 2, 30, 30), "round", None, None, 0.5)])
    case = CaseReport(images=[img], findings=[Finding.make("DUPLICATE_IMAGE", images=("a.jpg", "b.jpg"), copies="a.jpg, b.jpg")])
    doc = validate(case.to_dict())
    assert doc["findings"][0]["images"] == ["a.jpg", "b.jpg"] and "bbox" not in doc["findings"][0]
    assert doc["images"][0]["findings"][0]["bbox"] == [1, 2, 3, 4]


def test_json_keeps_chinese_readable():
    case = CaseReport(images=[ImageReport("签收证明.jpg", findings=[Finding.make("NO_STAMP")])])
    text = case.to_json()
    assert "签收证明.jpg" in text and "红章" in text
    assert json.loads(text)["schema"] == "evidencecheck/1"


def test_worst_ignores_info():
    assert worst([]) == "pass" and worst(["info"]) == "pass" and worst(["info", "warn"]) == "warn"


@pytest.mark.parametrize("may_be, says", [("any", "perhaps another kind"), ("waybill", "perhaps waybill")])
def test_the_text_report_names_what_else_an_unsure_photo_may_be_as_its_warning_does(may_be, says):
    from evidencecheck.render import render_image

    img = ImageReport("a.jpg", sha256="a", width=10, height=10, format="JPEG", doc_type="weighing_photo",
                      confidence=0.6, doc_type_evidence={"unsure": True, "may_be": may_be, "cues": [],
                                                         "probabilities": {"weighing_photo": 0.6, "other": 0.3,
                                                                           "waybill": 0.1, "express_receipt": 0.0}})
    assert says in "\n".join(render_image(img))
