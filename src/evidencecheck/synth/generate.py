"""The generator's driver: ``n`` labelled evidence images from one seed, same seed same bytes.

Image ``i`` draws from its own stream ``default_rng([seed, i])``, so a set can be made in any
order, in parallel, or extended without changing the images already made. Kinds and variants
are assigned in rotation so that every one appears once ``n`` is large enough.
"""

from __future__ import annotations

import io
import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from . import other, receipt, waybill, weighing
from .scene import photograph

KINDS = ("express_receipt", "waybill", "weighing_photo", "other")

SEEDS = {"train": 1, "validation": 2, "samples": 20261126}
"""Seeds reserved for training and validation sets and the curated samples. The benchmark draws
a fresh seed at random (and never one of these): see :func:`is_reserved`."""


def is_reserved(seed: int) -> bool:
    return seed in SEEDS.values()


def variants_of(kind: str) -> tuple[str, ...]:
    return {"express_receipt": receipt.VARIANTS, "waybill": ("label", "on_box"),
            "weighing_photo": weighing.KINDS, "other": other.KINDS}[kind]


def make_one(seed: int, index: int, kinds: tuple[str, ...] = KINDS) -> tuple[str, bytes, dict]:
    """Image ``index`` of the set made with ``seed``: its file name, bytes and truth row."""
    rng = np.random.default_rng([seed, index])
    kind = kinds[index % len(kinds)]
    options = variants_of(kind)
    variant = options[(index // len(kinds)) % len(options)]
    if kind == "express_receipt":
        doc = receipt.make_receipt(rng, variant)
        ph = photograph(rng, doc)
    elif kind == "waybill":
        doc = waybill.make_waybill(rng)
        doc.truth.variant = variant
        ph = photograph(rng, doc, background="cardboard" if variant == "on_box" else "desk")
    elif kind == "weighing_photo":
        doc = weighing.make_weighing(rng, variant)
        ph = photograph(rng, doc, fill=(0.98, 1.08))
    else:
        doc, photographed = other.make_other(rng, variant)
        if photographed:
            ph = photograph(rng, doc)
        else:  # a screenshot or a rendered e-invoice goes up as the file it is
            return _as_file(index, doc, seed)
    name = f"{index:05d}_{kind}_{doc.truth.variant}.jpg"
    row = {"file": name, "seed": seed, "index": index, "width": ph.width, "height": ph.height, **ph.truth.to_dict()}
    return name, ph.jpeg, row


def _as_file(index: int, doc, seed: int) -> tuple[str, bytes, dict]:
    buf = io.BytesIO()
    Image.fromarray(doc.rgb).save(buf, "PNG")
    name = f"{index:05d}_{doc.truth.doc_type}_{doc.truth.variant}.png"
    h, w = doc.rgb.shape[:2]
    return name, buf.getvalue(), {"file": name, "seed": seed, "index": index, "width": w, "height": h,
                                  **doc.truth.to_dict()}


def _write(args) -> dict:
    out, seed, index, kinds = args
    name, data, row = make_one(seed, index, kinds)
    (Path(out) / name).write_bytes(data)
    return row


def generate(out: str | os.PathLike, n: int, seed: int, kinds: tuple[str, ...] = KINDS, jobs: int = 1,
             progress=None) -> list[dict]:
    """Write ``n`` images and ``truth.jsonl`` into ``out``; returns the truth rows in order.

    ``progress``: called with each finished row (for a progress bar)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = [(str(out), seed, i, tuple(kinds)) for i in range(n)]
    rows: list[dict] = []
    if jobs <= 1:
        for t in tasks:
            rows.append(_write(t))
            progress and progress(rows[-1])
    else:
        with ProcessPoolExecutor(jobs) as pool:
            for row in pool.map(_write, tasks, chunksize=2):
                rows.append(row)
                progress and progress(row)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows
