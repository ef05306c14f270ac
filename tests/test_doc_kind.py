"""The kind of evidence from what the page says: the lexicon, the text cues, the trained
combination of all evidence, and the honest "unsure" that the case rules do not fail on."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from evidencecheck.case.rules import judge_case, load_rules
from evidencecheck.checks.doc_type import (EVIDENCE, UNSURE_BELOW, decide_again, decide_kind, gather_evidence,
                                           load_model, with_weight)
from evidencecheck.checks.weight import WeightReading
from evidencecheck.ocr.base import OcrLine
from evidencecheck.report import ImageReport
from evidencecheck.text.cues import KINDS, find_text_cues, load_words, names_other_unit, words_in

UNIFORM = {k: 0.25 for k in KINDS}


def lines(*texts: str, top: int = 100) -> list[OcrLine]:
    return [OcrLine(t, (10, top + 40 * i, 300, 30), 0.98) for i, t in enumerate(texts)]


# --- the lexicon and the text cues -----------------------------------------------------------

def test_every_kind_has_strong_words_and_no_word_is_listed_twice():
    words = load_words()
    for kind in KINDS:
        assert any(w.kind == kind and w.weight == 1.0 for w in words)
    keys = [(w.kind, w.text) for w in words]
    assert len(keys) == len(set(keys))


def test_a_long_word_read_with_one_character_wrong_still_counts():
    # 物流签收证明书 as RapidOCR read it on samples/receipt_blurred.jpg: 签 misread as 报
    assert {"签收证明书", "物流签收证明"} <= {w.text for w in words_in("物流报收证明书")}


def test_a_four_character_word_must_be_read_whole():
    # A waybill's goods box (快递物品信息) is no order page's 物流信息, one character apart
    assert "物流信息" not in {w.text for w in words_in("快递物品信息")}


def test_a_shorter_reading_does_not_match_a_longer_word():
    # One character dropped is not one misread: 签收证明书 must not match 快件签收证明
    assert "签收证明书" not in {w.text for w in words_in("快件签收证明")}


def test_single_characters_count_only_as_a_whole_line():
    assert "收" in {w.text for w in words_in("收")}
    assert "收" not in {w.text for w in words_in("收货地址")}


def test_latin_words_match_whole_words_ignoring_case():
    found = {w.text for w in words_in("Ship To: Jane Doe")}
    assert "SHIP TO" in found
    assert "UPS" not in {w.text for w in words_in("GROUPS")}


def test_a_scales_key_in_plain_english_counts_only_on_a_line_of_scale_words():
    def weighing(text):
        return {w.text for w in words_in(text) if w.kind == "weighing_photo"}
    assert weighing("ON") == {"ON"}
    assert weighing("TARE ZERO ON") == {"TARE", "ZERO", "ON"}
    assert weighing("Max 30kg d=5g") == {"MAX"}
    assert weighing("Printed on: 14/06/25") == set()  # a label's print time
    assert weighing("Unit price 12.50") == set()  # an invoice's column
    assert weighing("Tare: press TARE") == {"TARE"}  # a strong word counts on any line


def test_text_cues_of_a_waybill_an_invoice_and_a_scale():
    waybill = find_text_cues(lines("圆通速递", "收件人：张三", "寄件人：李四", "运单号 YT1234567890123", "已验视"), 1000)
    assert max(waybill.scores, key=waybill.scores.get) == "waybill"
    assert waybill.tracking_number
    invoice = find_text_cues(lines("增值税专用发票", "开票日期：2019年06月14日", "价税合计", "纳税人识别号"), 1000)
    assert max(invoice.scores, key=invoice.scores.get) == "other"
    scale = find_text_cues(lines("10.58", "kg", "去皮"), 1000)
    assert scale.display_number and scale.scores["weighing_photo"] > 0


def test_a_clock_at_the_top_is_a_status_bar_and_lower_down_it_is_not():
    assert find_text_cues(lines("16:24", top=5), 2000).status_bar
    assert not find_text_cues(lines("16:24", top=900), 2000).status_bar


def test_a_clock_reading_counts_alone_on_its_line_and_not_inside_print():
    assert find_text_cues(lines("14:08", top=900), 2000).time_reading
    assert not find_text_cues(lines("打印时间 2026-05-17 14:08:55", top=900), 2000).time_reading


def test_a_unit_no_scale_shows_counts_beside_its_digits_or_read_apart_from_them():
    assert find_text_cues(lines("27.5°C"), 2000).other_reading
    for unit in ("°C", "%RH", "mmHg", "/min"):
        assert find_text_cues(lines("118", unit), 2000).other_reading, unit
    assert not find_text_cues(lines("10.58", "kg"), 2000).other_reading


def test_a_unit_read_apart_is_told_from_a_scales():
    for unit in ("℃", "°C", "%RH", "mmHg", "27.5°C", "LITRES"):
        assert names_other_unit(unit), unit
    for unit in ("kg", "g", "lb", "斤", "12.38", "Max 150kg"):
        assert not names_other_unit(unit), unit


def test_a_digit_inside_a_code_is_no_reading():
    # A parcel slip's Canadian address: M5V is a postcode, not five volts (bench seed 786205892).
    for code in ("Toronto ON M5V 2T6 Canada", "AB12V", "SN 7A3"):
        assert not names_other_unit(code), code
    for reading in ("220V", "12.5 V", "3.7V 2000mAh", "Max 5A"):
        assert names_other_unit(reading), reading


def test_a_panels_length_volume_energy_or_ph_counts_only_on_a_line_of_its_own():
    # An instrument prints its unit on the panel; on the goods on a scale the same units follow digits.
    for unit in ("mm", "kWh", "pH", "LITRES", "Litre", "GALLONS"):
        assert find_text_cues(lines("0.2", unit), 2000).other_reading, unit
    for print_on_goods in ("净含量 500ml", "300mm x 200mm", "1.5 LITRES"):
        assert not find_text_cues(lines("1.25", "kg", print_on_goods), 2000).other_reading, print_on_goods


def test_labels_of_couriers_abroad_say_waybill():
    label = find_text_cues(lines("XPRESSBEES", "E-way Bill", "Delivery Pincode", "Destination Hub"), 2000)
    assert max(label.scores, key=label.scores.get) == "waybill"


def test_scores_are_capped():
    many = find_text_cues(lines(*[w.text for w in load_words() if w.kind == "waybill"]), 5000)
    assert many.scores["waybill"] == 6.0


# --- the combination --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    return load_model()


def evidence(texts=(), appearance=UNIFORM, barcodes=(), seals=(), display=0.0, courier=None, colon=False, unit=None,
             barcode_seen=None):
    text = find_text_cues(lines(*texts), 1600) if texts else None
    return gather_evidence(text, courier, list(barcodes), list(seals), display, appearance, display_colon=colon,
                           display_unit=unit, barcode_seen=barcode_seen)


def test_the_evidence_vector_has_one_number_per_named_cue():
    assert evidence().vector.shape == (len(EVIDENCE),)


def test_the_page_outvotes_a_confidently_wrong_appearance(model):
    # issue 10: real waybills looked like "other" at 0.92-0.99; what they say must win
    looks_other = {"waybill": 0.02, "weighing_photo": 0.02, "express_receipt": 0.02, "other": 0.94}
    ev = evidence(["中国邮政 EMS", "收件人", "寄件人", "内件品名", "寄件人签名", "运单号"], looks_other,
                  barcodes=[("code128", "EA123456785CN", True)])
    d = decide_kind(model, ev)
    assert d.doc_type == "waybill"
    assert any(c["cue"] == "text:waybill" for c in d.cues)


def test_a_blank_paper_waybill_is_a_waybill_without_barcode_or_number(model):
    # a paper form scanned before it was filled: its words and nothing else (the tune split's
    # blank EMS and ZTO forms were called other while generated printed pages were evidence
    # phrases in random order)
    looks_other = {"waybill": 0.1, "weighing_photo": 0.02, "express_receipt": 0.02, "other": 0.86}
    ev = evidence(["中通速递详情单", "寄件人姓名：", "收件人姓名：", "始发地：", "收件人详址：", "寄件人详址：",
                   "单位名称：", "电话（必须填写）：", "品名：", "统一客服热线", "Address", "Company", "Telephone",
                   "付款方式：□现金", "重量：", "保价费：", "日期：", "签名：", "备注区：", "价值：", "费用总计：",
                   "揽收员工", "8082448175"], looks_other)
    d = decide_kind(model, ev)
    assert d.doc_type == "waybill" and not d.unsure


def test_a_barcode_seen_but_not_decoded_counts_as_a_barcode_and_is_said_so(model):
    # the tune split's crumpled Indian return label: AWB and Ship To read, its Code128 not decoded
    looks_other = {"waybill": 0.3, "weighing_photo": 0.01, "express_receipt": 0.01, "other": 0.68}
    label = ["RVP", "AWB:", "M00969549237", "Order ID:", "164219522434499264_1", "Return Code:", "Ship To:"]
    seen = evidence(label, looks_other, barcode_seen=(410, 620, 900, 260))
    assert seen.vector[EVIDENCE.index("barcode:linear")] == 1.0
    assert seen.vector[EVIDENCE.index("barcode:tracking")] == 0.0  # nothing was decoded to fit a format
    d = decide_kind(model, seen)
    assert d.doc_type == "waybill" and not d.unsure
    cue = next(c for c in d.cues if c["cue"] == "barcode:linear")
    assert "not decoded" in cue["says"] and "未能解码" in cue["says_zh"] and cue["bbox"] == [410, 620, 900, 260]
    assert decide_kind(model, evidence(label, looks_other)).probabilities["waybill"] < d.probabilities["waybill"]


@pytest.mark.xfail(strict=True, reason="known (issue 20): the generator's parcel labels are too small to read or "
                   "decode, so the model learns that a waybill's words and bars mean a waybill; adding them to "
                   "weighing rows in training fixed this and made real scales without a display found surely "
                   "other; close-up weighing photos with a readable label in the generator fixed it and "
                   "made real labels on boxes surely weighing photos, and, framed with the indicator across "
                   "the top, left val worse (docs/doc-type.md)")
def test_a_scale_beside_a_legible_parcel_label_is_a_weighing_photo(model):
    # A weighing photo of a dispute shows the parcel and its label: a phone photo reads the
    # label's words and its Code128 decodes. Today that is surely a waybill (0.99-1.00).
    label = ["中通快递", "收件人", "寄件人", "75532434156671"]
    bars = [("code128", "75532434156671", True)]
    d = decide_kind(model, evidence(["12.35kg", *label], barcodes=bars, display=0.8, courier="zto"))
    assert d.doc_type == "weighing_photo" and not d.unsure
    # the label alone, with its bars, is still surely a waybill
    d = decide_kind(model, evidence(label, barcodes=bars, courier="zto"))
    assert d.doc_type == "waybill" and not d.unsure


def test_a_sure_waybill_beside_a_display_that_reads_a_weight_is_not_sure(model):
    # The known limit above: a legible label beside a scale is surely a waybill to the model. Where
    # a display row scores high, the photo is looked at for a weight all the same; read, the photo
    # shows a scale's reading, and the tool is not sure it is only a waybill (a case then warns,
    # never fails it for want of a weighing photo).
    label = ["中通快递", "收件人", "寄件人", "75532434156671"]
    ev = evidence(["12.35kg", *label], barcodes=[("code128", "75532434156671", True)], display=0.8, courier="zto")
    first = decide_kind(model, ev)
    assert first.doc_type == "waybill" and not first.unsure
    d = with_weight(model, ev, first, 0.8, lambda: WeightReading(12.35, "12.35", "kg", (40, 50, 300, 90)))
    assert d.unsure and "weighing_photo" in (d.doc_type, d.runner_up)
    assert any(c["cue"] == "weight:read" for c in d.cues) or d.doc_type == "weighing_photo"
    if d.doc_type != "weighing_photo":  # the warning names the kind the reading points to, however unlikely
        assert d.alternative == d.runner_up == "weighing_photo"
    sure_of_label = {"waybill": 0.99, "other": 0.008, "weighing_photo": 0.001, "express_receipt": 0.001}
    assert replace(d, probabilities=sure_of_label).runner_up == d.runner_up
    unread = WeightReading(None, None, None, None, "no scale display found")
    assert with_weight(model, ev, first, 0.8, lambda: unread) == first, "no weight read is no evidence"
    looked = []
    assert with_weight(model, ev, first, 0.1, lambda: looked.append(1)) == first and not looked, "a faint row is not read"


def test_a_sure_weighing_photo_with_no_display_and_no_weight_read_is_not_sure(model):
    # Tune: an Amazon label on a mailer, angled; its page read three lines, "YYZ1 0.8 Lbs" among
    # them, no display row found, no weight read: surely a weighing photo from the words alone.
    ev = evidence(["YYZ1 0.8 Lbs", "YYZ4", "0N8"])
    first = decide_kind(model, ev)
    assert first.doc_type == "weighing_photo" and not first.unsure
    unread = WeightReading(None, None, None, None, "no scale display found")
    d = with_weight(model, ev, first, 0.0, lambda: unread)
    assert d.unsure and d.doc_type == "weighing_photo" and d.cues[-1]["cue"] == "display:none"
    assert "no scale display" in d.cues[-1]["says"] and d.cues[-1]["says_zh"]
    assert d.may_be == "any" and d.runner_up in KINDS, "the words alone tell no other kind"
    read = WeightReading(0.36, "0.8", "lb", (10, 10, 50, 20))
    assert with_weight(model, ev, first, 0.0, lambda: read) == first, "a weight read: a scale's reading"
    looked = []
    assert with_weight(model, ev, first, 0.4, lambda: looked.append(1)) == first and not looked, "a display row"


def test_a_sure_weighing_photo_on_a_display_alone_with_no_weight_read_is_not_sure(model):
    # A meter on a table, its unit too small to read: a display row, the page read nothing, and it
    # does not look like a scale. The model is sure of a weighing photo on the display alone.
    looks_other = {"waybill": 0.02, "weighing_photo": 0.05, "express_receipt": 0.01, "other": 0.92}
    ev = evidence(appearance=looks_other, display=0.9)
    first = decide_kind(model, ev)
    assert first.doc_type == "weighing_photo" and not first.unsure
    unread = WeightReading(None, None, None, None, "the digits were not read")
    d = with_weight(model, ev, first, 0.9, lambda: unread)
    assert d.unsure and d.doc_type == "weighing_photo" and d.cues[-1]["cue"] == "display:unread"
    assert d.may_be == "other" and d.cues[-1]["says_zh"]
    read = WeightReading(1.25, "1.25", "kg", (10, 10, 80, 30))
    assert with_weight(model, ev, first, 0.9, lambda: read) == first, "a weight read on it: a scale's reading"
    # a scale's words on the page keep it sure without reading the weight first
    words = evidence(["电子秤", "MAX 30kg"], looks_other, display=0.9)
    first = decide_kind(model, words)
    assert first.doc_type == "weighing_photo" and not first.unsure
    looked = []
    assert with_weight(model, words, first, 0.9, lambda: looked.append(1)) == first and not looked


def test_a_display_that_looks_like_a_scales_with_no_weight_read_is_not_surely_a_scale(model):
    # Fresh bench seed 1796629000: two fuel pumps, sure at 0.97 and 0.98 on their display and a
    # look of 0.89 and 0.83; tune's pH meter so at 0.97. Without a weight read or a scale's words
    # a display is any device's, however much it looks like a scale.
    looks_scale = {"waybill": 0.02, "weighing_photo": 0.9, "express_receipt": 0.01, "other": 0.07}
    ev = evidence(appearance=looks_scale, display=0.9)
    first = decide_kind(model, ev)
    assert first.doc_type == "weighing_photo" and not first.unsure
    d = with_weight(model, ev, first, 0.9, lambda: WeightReading(None, None, None, None, "the digits were not read"))
    assert d.unsure and d.may_be == "other" and d.cues[-1]["cue"] == "display:unread"
    read = WeightReading(1.25, "1.25", "kg", (10, 10, 80, 30))
    assert with_weight(model, ev, first, 0.9, lambda: read) == first


def test_the_trainer_scores_the_kind_as_the_pipeline_decides_it(model):
    # The model card's figures are of the cascade the pipeline runs (with_weight), row by row.
    from evidencecheck.checks.doc_type import weighed
    from evidencecheck.train.doc_type import decided

    label = ["中通快递", "收件人", "寄件人", "75532434156671"]
    bars = [("code128", "75532434156671", True)]
    looks_other = {"waybill": 0.05, "weighing_photo": 0.002, "express_receipt": 1e-4, "other": 0.94}
    rows = [(evidence(["12.35kg", *label], barcodes=bars, display=0.8, courier="zto"), 0.8),
            (evidence(["12.35kg", *label], barcodes=bars, display=0.2, courier="zto"), 0.2),
            (evidence(["2550CA", "B5M 461", "08594"], looks_other, display=0.25), 0.25),
            (evidence(["中通快递", "收件人", "寄件人"], looks_other), 0.0),
            (evidence(["YYZ1 0.8 Lbs", "YYZ4", "0N8"]), 0.0)]
    read = WeightReading(12.35, "12.35", "kg", (40, 50, 300, 90))
    for reading in (read, None):
        x = np.stack([weighed(ev, reading).vector for ev, _ in rows])
        p, unsure = decided(model, x)
        for (ev, display), pi, ui in zip(rows, p, unsure):
            d = with_weight(model, ev, decide_kind(model, ev), display, lambda: reading)
            assert (KINDS[int(np.argmax(pi))], bool(ui)) == (d.doc_type, d.unsure)
            assert np.allclose(pi, [d.probabilities[k] for k in KINDS], atol=1e-5)


def test_an_unsure_photo_of_a_label_beside_a_display_is_decided_again_by_its_weight(model):
    # The real parcel-scale set's parcel under a CAS scale reading 0.46 kg: the label fills half the
    # photo (its barcode seen, a few numbers read), the display finder's best row scores 0.25, it
    # looks like nothing the generator makes. Unsure; the weight reader reads 0.46 kg there.
    looks_other = {"waybill": 0.05, "weighing_photo": 0.002, "express_receipt": 1e-4, "other": 0.94}
    read = ["2550CA", "wePOST", "B5M 461", "P41GNu", "交", "10 81", "：2025/04/01", "096", "08594", "R己：1似立动",
            "2-", "M: 070) 0815-4564", "555 #911(AMK03351)(", "(/1)", "13215", "D·IANA GONZALEZ", "★ TIMES SQUARE, ",
            "T: 0504-769-2245", "：68640-8403-8402", "★(0)DTA1x2*", "1588-1300"]  # its page read, as read
    ev = evidence(read, looks_other, display=0.25, barcode_seen=(60, 1000, 400, 120))
    first = decide_kind(model, ev)
    assert first.unsure and first.doc_type != "weighing_photo"
    assert model.weighed is not None
    reading = WeightReading(0.46, "0.46", "kg", (617, 120, 330, 110))
    again = decide_again(model, ev, reading)
    # the weight moves the kind; it does not make the tool sure where the first look leaned elsewhere
    assert again.doc_type == "weighing_photo" and again.unsure
    cue = next(c for c in again.cues if c["cue"] == "weight:read")
    assert "0.46 kg" in cue["says"] and cue["bbox"] == [617, 120, 330, 110]


@pytest.mark.xfail(strict=True, reason="known (issue 20): a lit display that looks like a scale's and reads "
                   "hh:mm; a lone clock reading is also on weighing photos shared in chats, and the model "
                   "learns nothing from it")
def test_a_clock_read_on_a_display_is_not_surely_a_weighing_photo(model):
    # a scale shows no hh:mm; the tune split's LED wall clock was a weighing photo at 0.96
    looks_scale = {"waybill": 0.19, "weighing_photo": 0.81, "express_receipt": 1e-4, "other": 1e-4}
    d = decide_kind(model, evidence(["14:08"], looks_scale, display=0.69))
    assert d.doc_type != "weighing_photo" or d.unsure


def test_a_display_showing_a_clocks_colon_is_not_a_weighing_photo(model):
    # the tune split's LED wall clock (14:08): the page read found nothing, the display finder the
    # digits and the colon between them; it looks like a scale
    looks_scale = {"waybill": 0.02, "weighing_photo": 0.83, "express_receipt": 1e-4, "other": 0.15}
    assert decide_kind(model, evidence(appearance=looks_scale, display=0.69)).doc_type == "weighing_photo"
    d = decide_kind(model, evidence(appearance=looks_scale, display=0.69, colon=True))
    assert d.doc_type != "weighing_photo" or d.unsure
    assert d.probabilities["weighing_photo"] < 0.5


def test_a_unit_no_scale_shows_read_beside_a_display_is_not_surely_a_weighing_photo(model):
    # bench seed 542026187's generated thermometer: the page read found 32.9 and nothing else, the
    # strip after the display's digits reads ℃; it looks like a scale (p=1.00)
    looks_scale = {"waybill": 1e-4, "weighing_photo": 0.99, "express_receipt": 1e-4, "other": 0.01}
    assert decide_kind(model, evidence(["32.9"], looks_scale, display=0.84)).doc_type == "weighing_photo"
    d = decide_kind(model, evidence(["32.9"], looks_scale, display=0.84, unit="℃"))
    assert d.doc_type != "weighing_photo" or d.unsure


def test_a_delivery_proof_is_told_by_its_words_and_seal(model):
    ev = evidence(["物流签收证明书", "兹证明运单号为", "的快件已签收", "特此证明", "派件网点", "签收人"],
                  seals=[("yto", True)], courier="yto")
    assert decide_kind(model, ev).doc_type == "express_receipt"


def test_an_invoice_with_a_red_seal_is_other(model):
    ev = evidence(["增值税专用发票", "开票日期", "购买方", "销售方", "价税合计", "纳税人识别号"], seals=[(None, True)])
    assert decide_kind(model, ev).doc_type == "other"


@pytest.mark.parametrize("text, courier", [("平通快递股份有限司", True), ("通快递有限公司", True), ("速递有限公司", True),
                                          ("上海宏达贸易有限公司", False), ("", False)])
def test_a_seal_that_names_a_couriers_business_is_a_couriers_though_its_name_is_misread(text, courier):
    # Bench seed 1796622500 #208: a quarter-turned receipt's STO seal read 平通快递股份有限司, counted
    # a company that is no courier, made the receipt surely other (0.95).
    from evidencecheck.checks.doc_type import seal_evidence

    v = dict(zip(EVIDENCE, evidence(seals=[seal_evidence(None, text)]).vector))
    assert (v["seal:courier"], v["seal:other_company"]) == ((1.0, 0.0) if courier else (0.0, float(bool(text))))
    assert seal_evidence("sto", "申通快递股份有限公司") == ("sto", True)


def test_the_trainer_reads_a_seals_text_from_its_observations_as_the_pipeline_does():
    from evidencecheck.checks.doc_type import WEIGHED_EVIDENCE
    from evidencecheck.train.doc_type import evidence_of

    def seal_cues(seals):
        obs = {"lines": [], "page_height": None, "barcodes": [], "seals": seals, "display": 0.0,
               "appearance": UNIFORM, "weight_read": False}
        v = dict(zip(WEIGHED_EVIDENCE, evidence_of(obs)))
        return v["seal:courier"], v["seal:other_company"]

    assert seal_cues([[None, True, "平通快递股份有限司"]]) == (1.0, 0.0)
    assert seal_cues([[None, True, "上海宏达贸易有限公司"]]) == (0.0, 1.0)
    assert seal_cues([[None, True]]) == (0.0, 1.0), "observations cached before the text was kept"


def test_with_nothing_to_go_on_the_decision_is_unsure(model):
    d = decide_kind(model, evidence())
    assert d.unsure and d.confidence < UNSURE_BELOW


def test_a_kind_nothing_seen_points_to_is_not_sure():
    # Bench seed 1796621500 #330: a genuine weighing photo, upside down, its small display missed,
    # was surely other at 0.85 with no cue at all: what was missing decided it. Here a model that
    # leans to other by its bias alone.
    from evidencecheck.checks.doc_type import KindModel

    n = len(EVIDENCE)
    bias = np.where(np.array(KINDS) == "other", 5.0, 0.0)
    leaning = KindModel(np.zeros(n), np.ones(n), np.zeros((n, len(KINDS))), bias)
    d = decide_kind(leaning, evidence())
    assert d.doc_type == "other" and d.confidence > UNSURE_BELOW
    assert d.unsure and d.may_be == "any" and [c["cue"] for c in d.cues] == ["evidence:none"]
    assert d.cues[0]["says"] and d.cues[0]["says_zh"]


@pytest.mark.parametrize("p_other, sure", [(0.04, False), (0.6, True)])
def test_a_look_that_leans_away_from_a_kind_is_no_reason_for_it(p_other, sure):
    # Bench seed 1796629000 #330: a genuine weighing photo, its small display missed, was surely
    # other at 0.96, the one reason given "it looks like one (p=0.04)": the model's weight on the
    # look pulls towards other wherever the look is above its training mean, however low.
    from evidencecheck.checks.doc_type import KindModel

    n, j, other = len(EVIDENCE), EVIDENCE.index("appearance:other"), KINDS.index("other")
    coef = np.zeros((n, len(KINDS)))
    coef[j, other] = 1.0
    mean = np.zeros(n)
    mean[j] = -6.0  # the look's log-probability of other is low on average in training
    model = KindModel(mean, np.ones(n), coef, np.where(np.array(KINDS) == "other", 2.0, 0.0))
    rest = (1 - p_other) / 3
    d = decide_kind(model, evidence(appearance={"waybill": rest, "weighing_photo": rest, "express_receipt": rest,
                                                "other": p_other}))
    assert d.doc_type == "other" and d.confidence > UNSURE_BELOW
    assert d.unsure != sure
    assert [c["cue"] for c in d.cues] == (["appearance:other"] if sure else ["evidence:none"])

def test_the_explanation_names_the_words_that_decided(model):
    d = decide_kind(model, evidence(["快件签收证明", "兹证明", "特此证明", "签收日期"], seals=[("zto", True)]))
    said = " ".join(c["says"] for c in d.cues)
    assert "签收证明" in said or "兹证明" in said


# --- unsure images and the case rules ----------------------------------------------------------

def _image(path, kind, unsure=False, p=0.95, runner_up="other"):
    probs = dict.fromkeys(KINDS, (1 - p) / 3)
    probs[kind] = p
    if unsure:
        probs = dict.fromkeys(KINDS, 0.05)
        probs[kind], probs[runner_up] = 0.5, 0.4
    import hashlib

    return ImageReport(path=path, sha256=hashlib.sha256(path.encode()).hexdigest(), width=100, height=100, doc_type=kind,
                       confidence=probs[kind], doc_type_evidence={"unsure": unsure, "probabilities": probs, "cues": []})


def test_a_case_whose_proof_the_tool_is_unsure_of_is_a_warning_not_a_failure():
    rules = load_rules()
    rule = rules.tickets["not_received"]
    images = [_image("w.jpg", "waybill"), _image("r.jpg", "other", unsure=True, runner_up="express_receipt")]
    findings = judge_case(images, rule, rules)
    codes = {f.code: f.severity for f in findings}
    assert "WRONG_TYPE" not in codes
    assert codes.get("MISSING_EVIDENCE") == "warn"


def test_the_same_case_with_the_proof_surely_missing_fails():
    rules = load_rules()
    rule = rules.tickets["not_received"]
    images = [_image("w.jpg", "waybill"), _image("x.jpg", "other")]
    findings = judge_case(images, rule, rules)
    codes = {f.code: f.severity for f in findings}
    assert codes.get("MISSING_EVIDENCE") == "fail"
    assert codes.get("WRONG_TYPE") == "warn"


def test_an_unsure_image_may_be_any_kind_so_a_case_short_of_one_warns_and_a_sure_one_fails():
    # Issue 20: a case must not fail a merchant on a kind the tool is unsure of. Unsure between two
    # other kinds, a genuine waybill (tune: a label on a black bag, other 0.82, weighing 0.12,
    # waybill 0.06) would have failed the case had only the two likeliest counted.
    rules = load_rules()
    rule = rules.tickets["not_received"]
    images = [_image("w.jpg", "waybill"), _image("s.jpg", "other", unsure=True, runner_up="weighing_photo")]
    codes = {f.code: f.severity for f in judge_case(images, rule, rules)}
    assert codes.get("MISSING_EVIDENCE") == "warn" and "WRONG_TYPE" not in codes
    images[1] = _image("s.jpg", "other")
    codes = {f.code: f.severity for f in judge_case(images, rule, rules)}
    assert codes.get("MISSING_EVIDENCE") == "fail"


def test_a_photo_that_may_be_any_kind_counts_as_the_one_a_case_misses_with_a_warning():
    # A label whose page read holds only "0.8 Lbs": surely a weighing photo by its words, no
    # display found, so unsure and maybe anything; a not-received case then asks, not fails.
    rules = load_rules()
    rule = rules.tickets["not_received"]
    label = _image("l.jpg", "weighing_photo", unsure=True, runner_up="other")
    label.doc_type_evidence["may_be"] = "any"
    assert set(label.likely_kinds) == set(KINDS) and label.likely_kinds[0] == "weighing_photo"
    images = [label] + [_image(f"r{i}.jpg", "express_receipt") for i in range(2)]
    codes = {f.code: f.severity for f in judge_case(images, rule, rules)}
    assert codes.get("MISSING_EVIDENCE") == "warn" and "WRONG_TYPE" not in codes


def test_an_unsure_images_kinds_name_what_else_it_may_be_first():
    # with_weight: a sure waybill whose display reads a weight may be a weighing photo though the
    # model gives that 0.003; the warning and the text report name it next.
    label = _image("l.jpg", "waybill", unsure=True, runner_up="other")
    label.doc_type_evidence["may_be"] = "weighing_photo"
    assert label.likely_kinds[:2] == ("waybill", "weighing_photo") and set(label.likely_kinds) == set(KINDS)
    del label.doc_type_evidence["may_be"]  # a report written before may_be: the second most likely next
    assert label.likely_kinds[:2] == ("waybill", "other")
    assert _image("w.jpg", "waybill").likely_kinds == ("waybill",), "a sure kind is that kind alone"


# --- through the pipeline ----------------------------------------------------------------------

def test_a_waybill_photographed_small_and_recompressed_is_still_a_waybill(tmp_path):
    """Issue 10's must-show: 500-640 px on the long side, JPEG 50, as a chat app passes it on.
    Met at 640 px; at 500 px the tool is unsure (a warning asking for a better photo)."""
    import cv2

    from evidencecheck import Predictor
    from evidencecheck.synth import waybill
    from evidencecheck.synth.scene import photograph

    rng = np.random.default_rng(4401)
    predictor = Predictor()
    for i, side in enumerate((500, 640)):
        ph = photograph(rng, waybill.make_waybill(rng), long_side=2400, allow_rotation=False)
        big = cv2.imdecode(np.frombuffer(ph.jpeg, np.uint8), cv2.IMREAD_COLOR)
        f = side / max(big.shape[:2])
        small = cv2.resize(big, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        path = tmp_path / f"small_{i}.jpg"
        path.write_bytes(cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 50])[1].tobytes())
        report = predictor.analyse(path)
        if side >= 640:
            assert report.doc_type == "waybill", (side, report.doc_type_evidence)
        else:  # 500 px: the barcode no longer decodes and five lines are read; not met, but never surely wrong
            assert report.doc_type == "waybill" or report.kind_unsure, (side, report.doc_type_evidence)


def test_a_screenshot_is_read_at_the_size_that_gives_its_width_what_a_photos_gets():
    from evidencecheck.vision.context import reading_stretch

    assert reading_stretch(4000, 3000) == reading_stretch(3000, 4000) == 1.0  # a 4:3 photo: as it is
    assert reading_stretch(1242, 2688) == pytest.approx(2688 / 1242 * 3 / 4)  # a phone screenshot: larger
    assert reading_stretch(200, 2000) == 2.0  # and never more than twice


def test_every_module_said_not_to_change_observations_exists_and_the_fields_thresholds_reach_only_them():
    # A misspelt entry would silently keep a stale cache; the fields' thresholds are read by the
    # fields check, its model and its blank finder alone.
    import re
    from pathlib import Path

    from evidencecheck.train.doc_type import NOT_OBSERVING

    root = Path(__file__).resolve().parents[1] / "src" / "evidencecheck"
    assert all((root / rel).is_file() for rel in NOT_OBSERVING)
    readers = {p.relative_to(root).as_posix() for p in root.rglob("*.py") if re.search(r"T\.FIELD_", p.read_text("utf-8"))}
    assert readers and readers <= NOT_OBSERVING


def test_a_label_that_says_only_a_weight_is_unsure_and_may_be_any_kind(tmp_path):
    # A label's station row "YYZ1  0.8 Lbs  10/18" alone on brown paper: surely a weighing photo by
    # its words, but no display is found and no weight read, so unsure; the warning names no one
    # other kind (tune: an angled Amazon mailer whose page read little more).
    from PIL import Image, ImageDraw

    from evidencecheck import Predictor
    from evidencecheck.synth.fonts import font

    img = Image.new("RGB", (1200, 900), (235, 225, 205))
    ImageDraw.Draw(img).text((200, 380), "YYZ1  0.8 Lbs  10/18", font=font("noto_sans_bold", 70), fill=(25, 25, 25))
    img.save(tmp_path / "label.png")
    report = Predictor().analyse(tmp_path / "label.png")
    e = report.doc_type_evidence
    assert report.doc_type == "weighing_photo" and e["unsure"] and e["may_be"] == "any"
    assert e["cues"][-1]["cue"] == "display:none"
    (unsure,) = [f for f in report.findings if f.code == "DOC_TYPE_UNSURE"]
    assert "perhaps another kind" in unsure.message and "其他类型" in unsure.message_zh
