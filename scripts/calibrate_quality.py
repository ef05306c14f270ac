"""Choose the quality gate's thresholds by measurement (see evidencecheck/thresholds/quality.py).

Renders synthetic pages (never the real-dev photos), degrades each step by step (defocus,
camera shake, under- and over-exposure), reads them with the best OCR engine installed (RapidOCR; --ocr to choose), and prints, per
degradation level, the OCR character accuracy next to the quality metrics. Then, for each
metric, the threshold that best separates readable pages (accuracy >= OCR_READABLE_ACCURACY)
from unreadable ones. Takes a few minutes on 2 cores.

    .venv/bin/python scripts/calibrate_quality.py [--pages 2] [--seed 9001]
"""

from __future__ import annotations

import argparse

import numpy as np

from evidencecheck import thresholds as T
from evidencecheck.checks.quality import measure_quality
from evidencecheck.ocr import get_engine
from evidencecheck.synth import photo
from evidencecheck.synth.page import render_page
from evidencecheck.text.metrics import char_accuracy
from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.intake import DecodedImage

LEVELS = {
    "defocus": [0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0],  # Gaussian sigma, working pixels
    "shake": [1, 3, 5, 7, 9, 13, 17, 25],  # motion blur length, working pixels
    "dark": [1.0, 0.5, 0.3, 0.2, 0.12, 0.08, 0.05],  # exposure gain
    "washed": [1.0, 0.5, 0.3, 0.2, 0.12, 0.08, 0.05],  # contrast kept, towards white
}


def degrade(rng, page, kind, level):
    img = page
    if kind == "defocus":
        img = photo.gaussian_blur(img, level)
    elif kind == "shake":
        img = photo.motion_blur(img, int(level), rng.uniform(0, 180))
    elif kind == "dark":
        img = photo.exposure(img, level)
    elif kind == "washed":
        img = photo.exposure(img, level, 255 * (1 - level))
    # Low light means high ISO: noise grows as the exposure falls.
    sigma = 2.0 + (6.0 * (1 - level) if kind == "dark" else 0.0)
    img = photo.sensor_noise(rng, img, sigma)
    # Phones save JPEG; compression eats faint strokes first.
    from io import BytesIO

    from PIL import Image
    return np.asarray(Image.open(BytesIO(photo.jpeg_bytes(img, 80))).convert("RGB"))


def best_threshold(values, unreadable, higher_is_bad):
    """The cut with the fewest errors; ties broken towards the middle of the widest gap."""
    v = np.asarray(values, float)
    bad = np.asarray(unreadable, bool)
    cands = np.unique(v)
    mids = np.concatenate([[cands[0] - 1e-6], (cands[:-1] + cands[1:]) / 2, [cands[-1] + 1e-6]])
    best = None
    for t in mids:
        flagged = v > t if higher_is_bad else v < t
        err = int(np.sum(flagged != bad))
        if best is None or err < best[1]:
            best = (t, err)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--seed", type=int, default=9001)
    ap.add_argument("--ocr", default="auto", help="the reader that decides what is readable")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    ocr = get_engine(args.ocr)
    print(f"reader: {ocr.name}")
    rows = []
    print(f"{'kind':8} {'level':>6} {'acc':>5} {'blur':>5} {'paper':>6} {'ink':>6} {'contr':>6}")
    for p in range(args.pages):
        # 1131 x 1600: an A4 page at the quality gate's working resolution, 10.5 pt text ~ 22 px.
        page_obj = render_page(np.random.default_rng(args.seed + 1000 + p), 1131, 1600, text_px=22)
        page, truth = page_obj.pixels, "".join(page_obj.lines)
        for kind, levels in LEVELS.items():
            for level in levels:
                img = degrade(rng, page, kind, level)
                read = "".join(l.text for l in ocr.read_page(img[:, :, ::-1]))
                acc = char_accuracy(truth, read)
                q = measure_quality(AnalysisContext(DecodedImage(img[:, :, ::-1].copy(), "PNG", "RGB", None, 1)))
                rows.append((kind, level, acc, q))
                print(f"{kind:8} {level:6.2f} {acc:5.2f} {q.blur:5.3f} {q.paper_luma:6.1f} {q.ink_luma:6.1f} {q.contrast:6.1f}",
                      flush=True)

    def pick(name, kinds, getter, higher_is_bad):
        sel = [r for r in rows if r[0] in kinds]
        values = [getter(r[3]) for r in sel]
        bad = [r[2] < T.OCR_READABLE_ACCURACY for r in sel]
        t, err = best_threshold(values, bad, higher_is_bad)
        print(f"{name:16} threshold {t:8.3f}  errors {err}/{len(sel)}  (unreadable: {sum(bad)})")

    print(f"\nreadable = {ocr.name} character accuracy >= {T.OCR_READABLE_ACCURACY}")
    pick("MAX_BLUR", ("defocus", "shake"), lambda q: q.blur, True)
    pick("MIN_PAPER_LUMA", ("dark",), lambda q: q.paper_luma, False)
    pick("MIN_INK_CONTRAST", ("dark", "washed"), lambda q: q.contrast, False)


if __name__ == "__main__":
    main()
