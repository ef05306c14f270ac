"""Write the curated demo evidence in samples/ and its truth (samples/truth.jsonl).

    .venv/bin/python scripts/make_samples.py

Seeded (evidencecheck.synth.generate.SEEDS["samples"]): the same files every run. One image per
kind and one per failing variant. The waybill, the receipts and the weighing photos of the YTO
parcel share one tracking number, so they also make a coherent case for the work-order rules.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
from PIL import Image

from evidencecheck.synth import other, receipt, waybill, weighing
from evidencecheck.synth.generate import SEEDS
from evidencecheck.synth.people import tracking_number
from evidencecheck.synth.scene import photograph

OUT = Path(__file__).resolve().parents[1] / "samples"
LONG_SIDE = 1800  # keeps the folder under 5 MB


def main() -> None:
    rng = np.random.default_rng(SEEDS["samples"])
    number = tracking_number(rng, "yto")
    OUT.mkdir(exist_ok=True)
    rows = []

    def add(name, doc, **kw):
        ph = photograph(rng, doc, long_side=LONG_SIDE, allow_rotation=kw.pop("rotate", False), **kw)
        (OUT / name).write_bytes(ph.jpeg)
        rows.append({"file": name, "width": ph.width, "height": ph.height, **ph.truth.to_dict()})

    add("waybill_yto.jpg", waybill.make_waybill(rng, "yto", number), background="cardboard")
    add("receipt_genuine.jpg", receipt.make_receipt(rng, "genuine", "yto", number, "letter"))
    for variant, layout in (("fully_printed", "grid"), ("no_stamp", "sentence"), ("stamp_mismatch", "letter"),
                            ("blank_fields", "grid"), ("pasted_stamp", "letter")):
        add(f"receipt_{variant}.jpg", receipt.make_receipt(rng, variant, "yto", number, layout))
    add("weighing_platform.jpg", weighing.make_weighing(rng, "platform", "yto", number, 2.35), fill=(0.98, 1.02))
    add("weighing_hanging.jpg", weighing.make_weighing(rng, "hanging", "yto", number, 2.35), fill=(0.98, 1.02))
    add("receipt_rotated_exif.jpg", receipt.make_receipt(rng, "genuine", "zto"), rotate=True)
    inv, _ = other.make_other(rng, "invoice")
    add("other_invoice_with_seal.jpg", inv)
    chat, _ = other.make_other(rng, "chat_screenshot")
    buf = io.BytesIO()
    Image.fromarray(chat.rgb).save(buf, "PNG", optimize=True)
    (OUT / "other_chat_screenshot.png").write_bytes(buf.getvalue())
    rows.append({"file": "other_chat_screenshot.png", "width": chat.rgb.shape[1], "height": chat.rgb.shape[0],
                 **chat.truth.to_dict()})

    # An out-of-focus photo of a genuine receipt: the quality gate's case.
    add("receipt_blurred.jpg", receipt.make_receipt(rng, "genuine", "yto", number), extra_blur=6.0)
    rows[-1]["variant"] = "blurred"
    rows[-1]["raise_codes"] = ["LOW_QUALITY"]
    rows[-1]["not_codes"] = [c for c in rows[-1]["not_codes"] if c != "LOW_QUALITY"]

    (OUT / "not_an_image.jpg").write_text("This file is text named .jpg, as a merchant might upload by mistake.\n")
    rows.append({"file": "not_an_image.jpg", "doc_type": None, "variant": "unreadable",
                 "raise_codes": ["UNREADABLE_FILE"], "not_codes": []})
    with open(OUT / "truth.jsonl", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
