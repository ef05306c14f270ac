"""Both OCR engines read the same rendered text through one interface."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from evidencecheck.errors import MissingDependencyError
from evidencecheck.ocr import get_engine
from evidencecheck.ocr.base import OcrLine
from evidencecheck.ocr.rapid import available as rapid_available
from evidencecheck.ocr.tesseract import join_words
from evidencecheck.synth.fonts import font
from evidencecheck.text.metrics import char_accuracy, edit_distance

ENGINES = ["tesseract"] + (["rapidocr"] if rapid_available() else [])


def _text_image(lines: list[str], size=40, pad=30) -> tuple[np.ndarray, list[tuple[int, int]]]:
    f = font("noto_sans", size)
    w = pad * 2 + max(int(f.getlength(t)) for t in lines)
    h = pad * 2 + len(lines) * size * 2
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    tops = []
    for i, t in enumerate(lines):
        y = pad + i * size * 2
        d.text((pad, y), t, font=f, fill="black")
        tops.append((pad, y))
    return np.asarray(img)[:, :, ::-1].copy(), tops


@pytest.fixture(scope="module", params=ENGINES)
def engine(request):
    return get_engine(request.param)


def test_reads_a_page_of_chinese_and_digits(engine):
    img, tops = _text_image(["快递签收证明", "运单号 YT1234567890123"])
    lines = engine.read_page(img)
    assert all(isinstance(l, OcrLine) and 0 <= l.confidence <= 1 for l in lines)
    text = "".join(l.text for l in lines)
    assert char_accuracy("快递签收证明运单号YT1234567890123", text) >= 0.8, text
    assert "1234567890123" in text.replace(" ", "")
    first = min(lines, key=lambda l: l.bbox[1])
    assert abs(first.bbox[1] - tops[0][1]) < 25, "boxes are in the image's own pixels"


def test_reads_a_single_line_strip(engine):
    img, _ = _text_image(["中通快递股份有限公司"], size=36, pad=8)
    line = engine.read_line(img)
    assert line is not None and char_accuracy("中通快递股份有限公司", line.text) >= 0.7, line


def test_region_boxes_are_in_the_full_image(engine):
    img, tops = _text_image(["签收人", "派件网点 上海浦东"])
    x, y = tops[1]
    lines = engine.read_region(img, (0, y - 10, img.shape[1], 70))
    assert lines and all(l.bbox[1] >= y - 12 for l in lines)
    assert "网点" in "".join(l.text for l in lines)


def test_lines_found_on_a_smaller_copy_are_read_and_boxed_in_the_page(engine):
    img, tops = _text_image(["快递签收证明", "", "", "运单号 YT1234567890123"], size=44)
    lines = engine.read_page(img, det_long_side=max(img.shape[:2]) // 2)
    text = "".join(l.text for l in lines).replace(" ", "")
    assert "1234567890123" in text and char_accuracy("快递签收证明", text[:6]) >= 0.8, text
    last = max(lines, key=lambda l: l.bbox[1])
    assert abs(last.bbox[1] - tops[3][1]) < 25 and last.bbox[0] < 60, "boxes are in the full page's pixels"


def test_blank_image_reads_nothing(engine):
    assert engine.read_page(np.full((200, 400, 3), 255, np.uint8)) == []


def test_missing_tesseract_says_how_to_install(monkeypatch):
    import evidencecheck.ocr.tesseract as t

    monkeypatch.setattr(t.shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match="apt-get install tesseract-ocr"):
        t.TesseractEngine()


def test_missing_language_data_says_how_to_install(monkeypatch):
    import evidencecheck.ocr.tesseract as t

    with pytest.raises(MissingDependencyError, match="no language data for klingon"):
        t.TesseractEngine(lang="chi_sim+klingon")


def test_auto_prefers_rapidocr_when_installed():
    assert get_engine("auto").name == ("rapidocr" if rapid_available() else "tesseract")


def test_join_words_spaces_only_latin():
    assert join_words(["运单", "号", "YT123", "kg"]) == "运单号YT123 kg"


def test_edit_distance():
    assert edit_distance("圆通速递", "园通速递") == 1 and edit_distance("", "abc") == 3
    assert char_accuracy("上海 圆通", "上海圆通") == 1.0


def test_a_short_label_and_a_long_sentence_on_one_page_are_both_read_whole(engine):
    # RapidOCR's page reader batches lines of similar length: neither may be cut to the other's.
    long = "本证明由中通快递出具仅用于快件签收情况说明"
    img, _ = _text_image(["签收人", long], size=36)
    text = "".join(l.text for l in engine.read_page(img)).replace(" ", "")
    assert char_accuracy("签收人", text[:3]) >= 0.6 and char_accuracy(long, text[3:]) >= 0.8, text


def test_a_region_is_looked_at_on_the_scale_of_the_whole_page(engine):
    img, tops = _text_image(["签收证明", "", "", "", "派件网点 上海浦东"], size=40)
    x, y = tops[4]
    side = max(img.shape[:2]) // 2
    lines = engine.read_region(img, (0, y - 20, img.shape[1], 90), det_long_side=side)
    assert "网点" in "".join(l.text for l in lines)
    assert all(abs(l.bbox[1] - y) < 25 for l in lines), "boxes are in the whole page's pixels"


@pytest.mark.skipif(not rapid_available(), reason="needs the PP-OCR models of the rapidocr wheel")
def test_rapidocr_engine_reads_without_importing_rapidocr_itself(tmp_path):
    # Importing RapidOCR's classes cost 1.3 s of start-up; the engine runs its models itself (issue 25).
    import subprocess
    import sys

    img, _ = _text_image(["圆通速递 YT1234567890123"], size=36, pad=8)
    Image.fromarray(img[:, :, ::-1]).save(tmp_path / "line.png")
    code = ("import sys, cv2\nfrom evidencecheck.ocr.rapid import RapidEngine\n"
            f"e = RapidEngine()\nimg = cv2.imread({str(tmp_path / 'line.png')!r})\n"
            "print(e.read_line(img).text, [l.text for l in e.read_page(img)], 'rapidocr' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "YT1234567890123" in r.stdout and r.stdout.split()[-1] == "False", r.stdout


def test_recogniser_output_is_decoded_greedily_repeats_merged_blanks_dropped():
    from evidencecheck.ocr.ppocr import TextRecognizer

    rec = TextRecognizer(sess=None, characters=["blank", "1", "2", " "])
    frames = [1, 1, 0, 1, 2, 2, 0]  # "1" "1" blank "1" "2" "2" blank -> "112"
    probs = np.full((1, len(frames), 4), 0.1, np.float32)
    for t, c in enumerate(frames):
        probs[0, t, c] = 0.7 if t == 3 else 0.9
    (text, score), = rec.decode(probs)
    assert text == "112" and score == pytest.approx((0.9 + 0.7 + 0.9) / 3, abs=1e-5)
    assert rec.decode(np.eye(4, dtype=np.float32)[[0, 0, 0]][None]) == [("", 0.0)]


def test_detected_lines_are_ordered_by_rows_then_left_to_right():
    from evidencecheck.ocr.ppocr import _sorted_boxes

    def box(x, y):
        return [[x, y], [x + 50, y], [x + 50, y + 20], [x, y + 20]]

    boxes = np.array([box(300, 104), box(10, 100), box(10, 200), box(150, 96)], np.float32)
    # tops within 10 px of the one before are one row: read left to right
    assert [tuple(b[0]) for b in _sorted_boxes(boxes)] == [(10, 100), (150, 96), (300, 104), (10, 200)]


@pytest.mark.skipif(not rapid_available(), reason="needs the PP-OCR models of the rapidocr wheel")
def test_a_page_of_long_lines_is_read_without_the_memory_of_wide_batches(tmp_path):
    # Six 1900 px strips in one recogniser call raised a worker's peak by ~680 MB (issue 25).
    import subprocess
    import sys

    img = Image.new("RGB", (1280, 960), "white")
    d = ImageDraw.Draw(img)
    for i in range(12):
        d.text((10, 20 + i * 70), "兹证明运单号为YT1234567890123的快件已于2026年12月3日由收件人本人签收特此证明 " * 2,
               font=font("noto_sans", 18), fill="black")
    img.save(tmp_path / "page.png")
    code = ("import cv2\nfrom evidencecheck.ocr.rapid import RapidEngine\n"
            "from evidencecheck.batch.processes import peak_memory_mb\n"
            f"e = RapidEngine(threads=1)\nimg = cv2.imread({str(tmp_path / 'page.png')!r})\n"
            "e.read_page(img[:100], 640)\n"  # the models loaded
            "rss = lambda: next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS')) / 1024\n"
            "open('/proc/self/clear_refs', 'w').write('5'); base = rss()\n"
            "lines = e.read_page(img, 640)\nprint(len(lines), peak_memory_mb() - base)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines, grew = r.stdout.split()
    assert int(lines) == 12 and float(grew) < 400, r.stdout


@pytest.mark.skipif(not rapid_available(), reason="needs the PP-OCR models of the rapidocr wheel")
def test_the_models_read_as_rapidocr_s_own_classes_read_them():
    # ocr/ppocr.py runs RapidOCR's models with its pre- and post-processing, copied step for step;
    # checked against RapidOCR itself so an upgrade or a slip in the copy shows (issue 25).
    from rapidocr import RapidOCR

    from evidencecheck.ocr.ppocr import crop_line
    from evidencecheck.ocr.rapid import MODEL_FILES, RapidEngine, models_dir

    img, _ = _text_image(["兹证明运单号为 YT1234567890123 的快件", "已于2026年12月3日签收", "派件网点 上海浦东"], size=30)
    theirs = RapidOCR(params={"Global.log_level": "error",
                              **{f"{k}.model_path": str(models_dir() / f) for k, f in MODEL_FILES.items()}})
    ours = RapidEngine()
    det = theirs._load_det_model()
    det.limit_type, det.limit_side_len = "max", 640
    expected = det(img).boxes
    found = ours.detect_lines(img, 640)
    assert len(found) == len(expected) == 3 and all(np.array_equal(a, b) for a, b in zip(found, expected))
    strips = [crop_line(img, q) for q in found]
    for strip in strips:
        r = theirs(strip, use_det=False, use_cls=False, use_rec=True)
        line = ours.read_line(strip)
        assert (line.text, line.confidence) == (r.txts[0], pytest.approx(r.scores[0], abs=1e-9))
    directions = theirs._load_cls_model()(strips).cls_res
    assert ours.upside_down(strips) == [(label == "180", pytest.approx(float(p), abs=1e-9)) for label, p in directions]
