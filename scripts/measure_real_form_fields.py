"""The field-ink model on real filled-in forms: is real handwriting called handwritten?

Not the benchmark (the fields check runs on signed-delivery proofs, and no real one was found in
public). For each fill-in of ``<folder>/truth.tsv`` whose text the truth gives (two characters or
more), the page read's line that holds most of that text is cut from the upright photo and judged
by the field-ink model (``models/field_ink.npz``) as the fields check judges a blank. The cut is
the line's box widened to the shape of the fields check's cut round a blank (:data:`AROUND`;
``--line``: the line's box alone, as this script cut until 2026-12-06); a printed label on the
same line rides along, and a printed share in the cut pulls towards "printed".

    python scripts/measure_real_form_fields.py /work/real-forms [--line]

Prints one row per fill-in, the tally by truth state (fill-ins whose text the page read did not
find are counted apart) and, last, each form's handwritten fill-ins judged together as the fields
check judges a proof's blanks: would a proof whose blanks were judged like them be failed as fully
printed (FULLY_PRINTED)? That is the error that fails genuine evidence.
``docs/real-images/forms-SOURCES.tsv`` names where the images came from; they are not committed
(see docs/real-images/README.md).
"""
from __future__ import annotations

import csv
import difflib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from evidencecheck import thresholds as T
from evidencecheck.checks.fields import printed_throughout
from evidencecheck.learned.field_ink import field_cues
from evidencecheck.pipeline import Predictor

MIN_SHARE = 0.6
"""A line holds a fill-in when it holds this share of its text as one run."""
AROUND = (0.2, 0.375)
"""The line's box is widened (unless ``--line``) by these shares of its width and height on each
side, to the shape of the cut the fields check makes round a blank's ink: the generator's blank is
1.75 handwriting heights tall, and the ink spans a median 0.69 of the cut's width (synthetic
handwritten fields, calibration seed 5181); the page read's box hugs the ink, so the model, never
trained on such tight cuts, sees more ink and taller characters than on any field it judges."""


def main(folder: Path, around: bool = True) -> None:
    p = Predictor()
    tally: Counter = Counter()
    judged: dict[str, list] = {}  # form -> [(truth state, InkState)] of its fill-ins found
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
            if around:  # the line's box widened to the field check's cut round its ink
                x, y, w, h = (int(x - AROUND[0] * w), int(y - AROUND[1] * h), int(w * (1 + 2 * AROUND[0])),
                              int(h * (1 + 2 * AROUND[1])))
            crop = np.ascontiguousarray(upright[max(0, y):y + h, max(0, x):x + w])
            if min(crop.shape[:2]) < 4:
                continue
            state = p.field_model.predict(field_cues(crop, None)[None])[0]
            tally[field["state"], state.state] += 1
            judged.setdefault(row["file"], []).append((field["state"], state))
            print(f"{row['file'][:44]:44s} {field['state']:11s} -> {state.state:11s} {state.confidence:.2f}"
                  f"  {line.text[:24]}")
    for (truth, got), n in sorted(tally.items()):
        print(f"truth {truth:11s} called {got:11s} {n}")
    # A genuine proof's blanks are all written by hand: each form's handwritten fill-ins as one.
    failed = 0
    by_hand = {form: [s for t, s in states if t == "handwritten"] for form, states in judged.items()}
    by_hand = {form: states for form, states in by_hand.items() if states}
    for form, states in by_hand.items():
        failing = _fully_printed(states)
        failed += failing
        surest = max(s.probabilities["handwritten"] for s in states)
        print(f"{form[:52]:52s} {len(states):2d} fill-ins, surest handwritten {surest:.2f}"
              f"{': FULLY_PRINTED' if failing else ''}")
    print(f"forms whose handwritten fill-ins, as a proof's blanks, would fail it as fully printed: {failed} of {len(by_hand)}")


def _fully_printed(states: list) -> bool:
    """The fields check's FULLY_PRINTED rule on one form's fill-ins, each taken as a field of its own."""
    filled = [s for s in states if s.state != "empty"]
    return printed_throughout(filled, any(s.probabilities["handwritten"] >= T.FIELD_HANDWRITING_SURE for s in filled))


def _held(text: str, line: str) -> float:
    """The share of ``text`` that ``line`` holds as one run (spaces ignored)."""
    line = "".join(line.split())
    m = difflib.SequenceMatcher(None, text, line).find_longest_match(0, len(text), 0, len(line))
    return m.size / len(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--line" not in sys.argv[2:])
