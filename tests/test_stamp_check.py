"""What the seals mean for an express receipt: NO_STAMP, STAMP_MISMATCH, or a seal left unread."""

from __future__ import annotations

import numpy as np

from evidencecheck import thresholds as T
from evidencecheck.carriers import CompanyMatch
from evidencecheck.checks.stamps import SealFound, print_height, stamp_findings
from evidencecheck.ocr.base import OcrLine
from evidencecheck.report import ImageReport
from evidencecheck.stage import Analysis
from evidencecheck.text.document_carrier import find_document_carrier
from evidencecheck.text.seal_text import SealReading
from evidencecheck.vision.context import AnalysisContext, Scaled
from evidencecheck.vision.intake import DecodedImage
from evidencecheck.vision.seals import StampRegion

REGION = StampRegion((10, 10, 100, 100), "round", 0.9, ((60.0, 60.0), (100.0, 100.0), 0.0), 0.95)


def _seal(carrier: str | None, clear: bool = True) -> SealFound:
    match = None if carrier is None else CompanyMatch(carrier, "x", 0.0 if clear else -9.0, 3.0, "ctc")
    return SealFound(REGION, (20, 20, 200, 200), SealReading("某某公司", match))


def _codes(findings):
    return [f.code for f in findings]


def test_a_receipt_without_a_seal_fails():
    assert _codes(stamp_findings([], "express_receipt", "zto")) == ["NO_STAMP"]


def test_red_ink_that_may_be_a_seal_not_made_out_asks_for_a_clearer_photo_instead_of_failing():
    (f,) = stamp_findings([], "express_receipt", "zto", traces=[(300, 400, 80, 90)])
    assert (f.code, f.severity, f.bbox) == ("STAMP_UNSURE", "warn", (300, 400, 80, 90))
    assert "again" in f.message and "重新拍摄" in f.message_zh


def test_a_proof_too_small_in_the_picture_to_see_a_seal_on_asks_for_a_closer_photo_instead_of_failing():
    small, readable = T.STAMP_PRINT_MIN - 1, T.STAMP_PRINT_MIN + 1
    (f,) = stamp_findings([], "express_receipt", "zto", print_px=small)
    assert (f.code, f.severity) == ("STAMP_TOO_SMALL", "warn")
    assert "filling the frame" in f.message and "充满画面" in f.message_zh
    assert _codes(stamp_findings([], "express_receipt", "zto", print_px=readable)) == ["NO_STAMP"]
    # A seal found, or red ink that may be one, is said as before, however small the print.
    assert _codes(stamp_findings([], "express_receipt", "zto", traces=[(1, 2, 3, 4)], print_px=small)) == ["STAMP_UNSURE"]
    assert _codes(stamp_findings([_seal("zto")], "express_receipt", "zto", print_px=small)) == []


def test_the_print_height_is_the_median_line_of_the_page_read_on_the_seal_finders_copy():
    photo = np.full((2400, T.STAMP_LONG_SIDE * 2, 3), 250, np.uint8)  # the finder works on half of it
    a = Analysis(AnalysisContext(DecodedImage(photo, "PNG", "RGB", None, 1)), ImageReport(path="p"), None, None)
    assert print_height(a) is None  # no page read
    a.page = Scaled(np.zeros((600, 800, 3), np.uint8), 0.25)  # read at a quarter: 12 px there are 48 here
    a.lines = [OcrLine("签收人", (0, 0, 90, h), 0.9) for h in (10, 12, 40)]
    assert print_height(a) == 24.0


def test_other_documents_need_no_seal():
    assert stamp_findings([], "waybill", None) == [] and stamp_findings([_seal("sf")], "other", "zto") == []


def test_a_seal_of_another_company_is_a_mismatch_with_its_place():
    (f,) = stamp_findings([_seal("sf")], "express_receipt", "zto")
    assert f.code == "STAMP_MISMATCH" and f.severity == "fail" and f.bbox == (20, 20, 200, 200)
    assert "sf" in f.message and "顺丰速运" in f.message_zh and "中通快递" in f.message_zh


def test_a_seal_one_character_from_the_document_company_is_checked_by_eye_not_failed():
    """申通 read as 中通 is one stroke; 中通 and 顺丰 are not confused."""
    (f,) = stamp_findings([_seal("zto")], "express_receipt", "sto")
    assert f.code == "STAMP_UNREADABLE" and f.severity == "info"
    assert [g.code for g in stamp_findings([_seal("zto")], "express_receipt", "sf")] == ["STAMP_MISMATCH"]


def test_the_same_company_passes():
    assert stamp_findings([_seal("zto")], "express_receipt", "zto") == []


def test_an_unreadable_seal_is_information_not_a_mismatch():
    (f,) = stamp_findings([_seal(None)], "express_receipt", "zto")
    assert f.code == "STAMP_UNREADABLE" and f.severity == "info"
    (g,) = stamp_findings([_seal("sf", clear=False)], "express_receipt", "zto")
    assert g.code == "STAMP_UNREADABLE"


def test_an_unknown_document_company_is_said_too():
    (f,) = stamp_findings([_seal("sf")], "express_receipt", None)
    assert f.code == "STAMP_UNREADABLE" and "document" in f.message


def _line(text):
    return OcrLine(text, (0, 0, 10, 10), 0.9)


def test_the_document_names_its_carrier_in_header_body_and_signature():
    lines = [_line("中通快递"), _line("快递签收证明"), _line("本证明由中通快递出具，仅用于快件签收情况说明。"),
             _line("证明单位：上海中通快递有限公司（盖章）")]
    named = find_document_carrier(lines)
    assert named.carrier == "zto" and len(named.lines) == 3


def test_a_document_naming_two_carriers_equally_has_none():
    assert find_document_carrier([_line("顺丰速运有限公司"), _line("中通快递股份有限公司")]).carrier is None


def test_the_signature_line_decides_and_a_header_naming_another_courier_is_said():
    lines = [OcrLine("顺丰速运", (100, 40, 200, 40), 0.99), OcrLine("快件签收证明", (300, 100, 300, 50), 0.99),
             OcrLine("证明单位：南京极兔速递有限公司（盖章）", (300, 900, 500, 40), 0.98)]
    named = find_document_carrier(lines)
    assert (named.carrier, named.header, named.signature, named.disagree) == ("jt", "sf", "jt", True)
    # The seal is compared with the company that signs: a header's seal on it is a mismatch.
    assert _codes(stamp_findings([_seal("sf")], "express_receipt", named.carrier)) == ["STAMP_MISMATCH"]
    assert _codes(stamp_findings([_seal("jt")], "express_receipt", named.carrier)) == []
    one = find_document_carrier(lines[:2] + [OcrLine("证明单位：深圳顺丰速运有限公司（盖章）", (300, 900, 500, 40), 0.98)])
    assert (one.carrier, one.disagree) == ("sf", False)


def test_a_page_without_a_carrier_has_none():
    assert find_document_carrier([_line("特此证明。"), _line("签收日期")]).carrier is None


def test_a_photo_too_poor_to_judge_is_not_said_to_lack_a_seal():
    assert stamp_findings([], "express_receipt", "zto", judgeable=False) == []


def test_a_photo_too_poor_to_judge_is_not_said_to_carry_another_companys_seal():
    # a thumbnail's seal reads 京东物流 for 德邦物流: said unreadable (information), never a mismatch
    assert _codes(stamp_findings([_seal("jd")], "express_receipt", "deppon", judgeable=False)) == ["STAMP_UNREADABLE"]
    assert _codes(stamp_findings([_seal("sto")], "express_receipt", "sto", judgeable=False)) == []
    assert _codes(stamp_findings([_seal("jd")], "express_receipt", "deppon")) == ["STAMP_MISMATCH"]


# --- end to end, on scanned (flat) generated receipts ------------------------------------------

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from evidencecheck.ocr.rapid import available as rapid_available  # noqa: E402
from evidencecheck.synth.receipt import make_receipt  # noqa: E402


@pytest.fixture(scope="module")
def predictor():
    from evidencecheck import Predictor

    return Predictor(ocr="rapidocr")


def _scan(tmp_path, variant, seed, carrier="zto"):
    doc = make_receipt(np.random.default_rng(seed), variant, carrier=carrier, layout="letter")
    p = tmp_path / f"{variant}.png"
    Image.fromarray(doc.rgb).save(p)
    return p, doc.truth


@pytest.mark.skipif(not rapid_available(), reason="needs RapidOCR")
@pytest.mark.parametrize("variant,codes", [("genuine", set()), ("no_stamp", {"NO_STAMP"}),
                                           ("stamp_mismatch", {"STAMP_MISMATCH"})])
def test_receipt_scans_get_the_stamp_findings_they_should(predictor, tmp_path, variant, codes):
    path, truth = _scan(tmp_path, variant, 11)
    report = predictor.analyse(path)
    assert report.doc_type == "express_receipt" and "stamps" in report.checks
    assert report.carrier == truth.carrier, "the document names its carrier"
    assert {f.code for f in report.findings} & {"NO_STAMP", "STAMP_MISMATCH", "STAMP_UNREADABLE"} == codes
    assert len(report.stamps) == len(truth.stamps)
    if truth.stamps:
        assert report.stamps[0].carrier == truth.stamp_carrier


def test_a_seal_that_looks_pasted_is_a_warning_on_receipts_only():
    from evidencecheck.checks.forensics import PasteSigns
    from evidencecheck.checks.stamps import paste_findings

    pasted = SealFound(REGION, (20, 20, 200, 200), None, PasteSigns(0.6, 5000))
    pressed = SealFound(REGION, (20, 20, 200, 200), None, PasteSigns(0.05, 5000))
    (f,) = paste_findings([pasted, pressed], "express_receipt")
    assert f.code == "STAMP_SUSPECT" and f.severity == "warn" and f.bbox == (20, 20, 200, 200)
    assert paste_findings([pasted], "other") == []


def test_on_a_receipt_a_faded_seal_is_looked_for_again_tolerantly():
    import cv2
    import numpy as np

    from evidencecheck.checks.stamps import check_stamps
    from evidencecheck.synth import stamp
    from evidencecheck.vision.context import AnalysisContext
    from evidencecheck.vision.intake import decode_image

    rng = np.random.default_rng(0)
    page = np.full((1600, 1200, 3), 248, np.uint8)
    crisp = stamp.draw_seal(rng, "中通快递股份有限公司", width=300)
    page, _ = stamp.press(page, stamp.inked(rng, crisp, fade=0.3), (235, 150, 120), 700, 900, angle=10.0)
    ctx = AnalysisContext(decode_image(cv2.imencode(".png", page[:, :, ::-1])[1].tobytes()))
    assert len(check_stamps(ctx, None, "express_receipt")) == 1
    assert check_stamps(ctx, None, "other") == [], "elsewhere only clear seals count"
