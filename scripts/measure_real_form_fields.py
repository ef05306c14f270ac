"""The field-ink model on real filled-in forms: is real handwriting called handwritten?

Not the benchmark (the fields check runs on signed-delivery proofs, and no real one was found in
public). For each fill-in of ``<folder>/truth.tsv`` whose text the truth gives (two characters or
more), the page read's line that holds most of that text is cut from the upright photo and judged
by the field-ink model (``models/field_ink.npz``) as the fields check judges a blank. The cut is
the line's box, so a printed label on the same line rides along: a printed share in the cut pulls
towards "printed".

    python scripts/measure_real_form_fields.py /work/real-forms

Prints one row per fill-in and, last, the tally by truth state (fill-ins whose text the page read
did not find are counted apart). ``docs/real-images/forms-SOURCES.tsv`` names where the images came
from; they are not committed (see docs/real-images/README.md).
"""
from __future__ import annotations

import csv
import difflib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from evidencecheck.learned.field_ink import field_cues
from evidencecheck.pipeline import Predictor

MIN_SHARE = 0.6
"""A line holds a fill-in when it holds this share of its text as one run."""


def main(folder: Path) -> None:
    p = Predictor()
    tally: Counter = Counter()
    for row in csv.DictReader(open(folder / "truth.tsv", encoding="utf-8"), delimiter="\t"):
        _, ctx = p.analyse_in_context(folder / "images" / row["file"])
        if ctx is None:
            print(f"{row['file']}: not analysed")
            continue
        page, lines = ctx.page_lines(p.ocr, 1280, 640)
        upright = np.rot90(ctx.image.pixels, -ctx.k)
        for field in json.loads(row["fields"]):
            text = "".join(field["text"].split())
            if field["state"] not in ("handwritten", "printed") or len(text) < 2:
                continue
            share, line = max(((_held(text, l.text), l) for l in lines), key=lambda t: t[0], default=(0.0, None))
            if line is None or share < MIN_SHARE:
                tally[field["state"], "not found"] += 1
                continue
            x, y, w, h = (int(v / page.scale) for v in line.bbox)
            crop = np.ascontiguousarray(upright[max(0, y):y + h, max(0, x):x + w])
            if min(crop.shape[:2]) < 4:
                continue
            state = p.field_model.predict(field_cues(crop, None)[None])[0]
            tally[field["state"], state.state] += 1
            print(f"{row['file'][:44]:44s} {field['state']:11s} -> {state.state:11s} {state.confidence:.2f}"
                  f"  {line.text[:24]}")
    for (truth, got), n in sorted(tally.items()):
        print(f"truth {truth:11s} called {got:11s} {n}")


def _held(text: str, line: str) -> float:
    """The share of ``text`` that ``line`` holds as one run (spaces ignored)."""
    line = "".join(line.split())
    m = difflib.SequenceMatcher(None, text, line).find_longest_match(0, len(text), 0, len(line))
    return m.size / len(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
