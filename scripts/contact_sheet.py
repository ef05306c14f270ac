"""Draw docs/contact_sheet.png: a grid of generated evidence with its labels, for the README.

    .venv/bin/python scripts/contact_sheet.py [--seed 424242] [--n 20]
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from evidencecheck.synth.fonts import font
from evidencecheck.synth.generate import make_one

OUT = Path(__file__).resolve().parents[1] / "docs" / "contact_sheet.png"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=424242)
    ap.add_argument("--n", type=int, default=20)
    args = ap.parse_args()
    cell, cols = 300, 5
    rows = (args.n + cols - 1) // cols
    sheet = Image.new("RGB", (cols * cell, rows * (cell + 30)), "white")
    d = ImageDraw.Draw(sheet)
    for i in range(args.n):
        name, data, truth = make_one(args.seed, i)
        im = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
        im.thumbnail((cell - 8, cell - 8))
        x, y = (i % cols) * cell, (i // cols) * (cell + 30)
        sheet.paste(im, (x + (cell - im.width) // 2, y + (cell - im.height) // 2))
        d.text((x + 6, y + cell + 2), f"{truth['doc_type']} · {truth['variant']}", font=font("noto_sans", 18),
               fill=(20, 20, 20))
    OUT.parent.mkdir(exist_ok=True)
    sheet.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(OUT, optimize=True)
    print(f"written {OUT}")


if __name__ == "__main__":
    main()
