"""Choose thresholds.STAMP_PRINT_MIN by measurement: how small a proof's print may be before a seal
on it may be too small to be found (then NO_STAMP is not claimed; STAMP_TOO_SMALL asks for a
closer photo).

Generates express receipts (a calibration seed, never a bench or training one) and measures two
things: how large a seal is next to the print the page read finds (the median line height), and
how often the seal finder finds a seal of S px, or a trace of it, when the proof is a thumbnail in a
chat screenshot (shrunk, pasted into a 720x1600 screen, saved as JPEG 70: the worst case the
generator makes). Together they give the chance that a seal is missed on print of each height,
printed beside how many of the proofs without a seal have print that small (those would get the
warning instead of the fail).
About 5 minutes on 2 cores.

    .venv/bin/python scripts/calibrate_seal_size.py [--seed 5181] [--n 240]
"""

from __future__ import annotations

import argparse

import cv2
import numpy as np

from evidencecheck import thresholds as T
from evidencecheck.pipeline import Predictor
from evidencecheck.report import ImageReport
from evidencecheck.synth.generate import make_one
from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.intake import decode_image
from evidencecheck.vision.seals import find_red_stamps, find_seal_traces

SIZES = (48, 56, 64, 72, 80, 96, 120, 160)
"""Seal sizes tried (px across on the finder's 1600 px working copy; 48 is its smallest)."""
SCREEN = (1600, 720)
SCREEN_QUALITY = 70


def as_thumbnail(photo: np.ndarray, seal_px: float, size: int) -> np.ndarray | None:
    """``photo`` shrunk so its seal is ``size`` px across, in a chat screenshot (None: does not fit)."""
    f = size / seal_px
    small = cv2.resize(photo, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    H, W = SCREEN
    if w > W - 20 or h > H - 100:
        return None
    screen = np.full((H, W, 3), 236, np.uint8)
    y, x = (H - h) // 2, (W - w) // 2
    screen[y:y + h, x:x + w] = small
    _, jpeg = cv2.imencode(".jpg", screen, [cv2.IMWRITE_JPEG_QUALITY, SCREEN_QUALITY])
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def seen(bgr: np.ndarray) -> bool:
    """Whether the pipeline would not claim a missing seal: one found, tolerantly too, or a trace."""
    return bool(find_red_stamps(bgr) or find_red_stamps(bgr, tolerant=True) or find_seal_traces(bgr))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=5181)
    ap.add_argument("--n", type=int, default=240)
    args = ap.parse_args()
    predictor = Predictor()
    ratios, hits, tries = [], dict.fromkeys(SIZES, 0), dict.fromkeys(SIZES, 0)
    sealless = []  # the print height of each proof without a seal, on the finder's working copy
    for i in range(args.n):
        _, data, truth = make_one(args.seed, i, ("express_receipt",))
        image = decode_image(data)
        ctx = AnalysisContext(image)
        obs = predictor.observe(ctx, ImageReport(path=str(i)))
        printed = float(np.median([line.bbox[3] for line in obs.lines])) / obs.page.scale if obs.lines else None
        if not truth["stamps"]:
            if printed is not None:
                sealless.append(printed * ctx.upright(T.STAMP_LONG_SIDE).scale)
            continue
        seal = max(max(s["box"][2], s["box"][3]) for s in truth["stamps"])
        if printed is not None:
            ratios.append(seal / printed)
        for size in SIZES:
            shot = as_thumbnail(image.pixels, seal, size)
            if shot is not None:
                tries[size] += 1
                hits[size] += seen(shot)
    ratios = np.array(ratios)
    print(f"seals {len(ratios)}; seal / print line height, percentiles 1, 5, 25, 50: "
          + ", ".join(f"{v:.2f}" for v in np.percentile(ratios, [1, 5, 25, 50])))
    sizes = [s for s in SIZES if tries[s]]
    found = [hits[s] / tries[s] for s in sizes]
    for s, f in zip(sizes, found):
        print(f"seal {s:3d} px in a chat screenshot: found or traced {f:.3f} of {tries[s]}")
    sealless = np.array(sealless)
    for h in range(14, 42, 2):  # below the smallest size the finder looks for, a seal is missed
        seal_px = ratios * h
        missed = np.where(seal_px < SIZES[0], 1.0, 1.0 - np.interp(seal_px, sizes, found))
        print(f"print {h} px: a seal missed {missed.mean():.3f}; proofs without a seal printed smaller:"
              f" {int((sealless < h).sum())} of {len(sealless)}")


if __name__ == "__main__":
    main()
