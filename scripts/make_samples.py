"""Write the demo images in samples/ (seeded: the same bytes every run) and samples/truth.jsonl.

    .venv/bin/python scripts/make_samples.py

Until the evidence generator exists (issue 3) these are photographed plain pages that show what
the intake and the quality gate do; truth lists the findings a correct checker raises on each.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from evidencecheck.synth import photo
from evidencecheck.synth.scene import photographed_page

OUT = Path(__file__).resolve().parents[1] / "samples"


def main() -> None:
    rng = np.random.default_rng(20261126)
    samples = {
        # name: (rgb, jpeg quality, exif orientation, expected finding codes)
        "page_good.jpg": (photographed_page(rng, 2000, 1500), 88, None, []),
        "page_blurred.jpg": (photographed_page(rng, 2000, 1500, blur_sigma=6.0), 88, None, ["LOW_QUALITY"]),
        "page_dark.jpg": (photographed_page(rng, 2000, 1500, gain=0.06), 88, None, ["LOW_QUALITY"]),
        "page_thumbnail.jpg": (photographed_page(rng, 480, 360), 85, None, ["LOW_QUALITY"]),
    }
    # A phone held sideways: pixels stored landscape, EXIF orientation 6 says show them rotated.
    upright = photographed_page(rng, 1500, 2000)
    samples["page_rotated_exif6.jpg"] = (np.rot90(upright, k=1).copy(), 88, 6, [])

    OUT.mkdir(exist_ok=True)
    truth = []
    for name, (rgb, q, orientation, codes) in samples.items():
        exif = None
        if orientation:
            from PIL import Image

            e = Image.Exif()
            e[0x0112] = orientation
            exif = e.tobytes()
        (OUT / name).write_bytes(photo.jpeg_bytes(rgb, q, exif))
        truth.append({"file": name, "doc_type": "other", "findings": codes})
    (OUT / "not_an_image.jpg").write_text("This file is text named .jpg, as a merchant might upload by mistake.\n")
    truth.append({"file": "not_an_image.jpg", "doc_type": None, "findings": ["UNREADABLE_FILE"]})
    with open(OUT / "truth.jsonl", "w", encoding="utf-8") as f:
        for row in truth:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
