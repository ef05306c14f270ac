"""The generator's driver: ``n`` labelled evidence images from one seed, same seed same bytes.

Image ``i`` draws from its own stream ``default_rng([seed, i])``, so a set can be made in any
order, in parallel, or extended without changing the images already made. Kinds and variants
are assigned in rotation so that every one appears once ``n`` is large enough. Each image then
reaches the set as a merchant's upload would (:func:`scene.share`): as the camera saved it,
through a chat app, or as a screenshot; ``meta["photo"]`` says which.
"""

from __future__ import annotations

import io
import json
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image

from . import other, receipt, waybill, weighing
from .scene import Photo, share
from .scene import photograph as take_photo
from . import KINDS  # noqa: F401 - re-exported: the kinds made, in turn

SCENE_FILL = (0.98, 1.08)
"""Share of the frame a scene (a scale, a clock on a shelf) fills: photographed close, it overflows."""

WITHHELD = {("waybill", "parcel_slip"), ("express_receipt", "table"), ("other", "tracking_screenshot")}
"""(doc_type, variant) pairs, for receipts (doc_type, ``meta["layout"]``), that training must never
see and validation scores on their own. Each is a kind of its class unlike the others the
generator makes: a waybill with no carrier brand (and, in English, a number no Chinese carrier
uses), a receipt that is a table of several numbers, a phone page that shows a carrier, a number
and 已签收 and yet proves nothing. Real evidence keeps bringing such unseen kinds; the score on
these says whether the classifier learned what makes the class or memorised the layouts it was
shown (the gap that sent a 0.99 model to 0.72 on another generator and 1 in 7 on real waybills)."""

SEEDS = {"train": 1, "validation": 2, "kind_train": 3, "samples": 20261126, "display_train": 4,
         "display_validation": 5}
"""Seeds reserved for training and validation sets and the curated samples (``kind_train``: the
doc-kind model's training set, kept apart from the appearance model's). The benchmark draws
a fresh seed at random (and never one of these): see :func:`is_reserved`."""


def is_reserved(seed: int) -> bool:
    return seed in SEEDS.values()


def variants_of(kind: str) -> tuple[str, ...]:
    return {"express_receipt": receipt.VARIANTS, "waybill": waybill.VARIANTS,
            "weighing_photo": weighing.KINDS, "other": other.KINDS}[kind]


def tag_of(row: dict) -> tuple[str, str]:
    """The (doc_type, variant or receipt layout) of a truth row, as :data:`WITHHELD` names them."""
    layout = row.get("meta", {}).get("layout")
    return row["doc_type"], layout if row["doc_type"] == "express_receipt" and layout else row["variant"]


def is_withheld(row: dict) -> bool:
    """Whether training must leave out the image of truth row ``row`` (:data:`WITHHELD`)."""
    return tag_of(row) in WITHHELD


def make_one(seed: int, index: int, kinds: tuple[str, ...] = KINDS,
             photo_side: int | None = None) -> tuple[str, bytes, dict]:
    """Image ``index`` of the set made with ``seed``: its file name, bytes and truth row.
    ``photo_side``: every camera photo this many pixels long (None: 1000-4000 drawn at random)."""
    rng = np.random.default_rng([seed, index])
    photograph = partial(take_photo, long_side=photo_side)
    kind = kinds[index % len(kinds)]
    options = variants_of(kind)
    variant = options[(index // len(kinds)) % len(options)]
    if kind == "express_receipt":
        doc = receipt.make_receipt(rng, variant)
        ph = photograph(rng, doc)
    elif kind == "waybill":
        doc, background = waybill.make_variant(rng, variant)
        ph = photograph(rng, doc, background=background)
    elif kind == "weighing_photo":
        doc = weighing.make_weighing(rng, variant)
        ph = photograph(rng, doc, fill=SCENE_FILL)
    else:
        doc, photographed = other.make_other(rng, variant)
        if photographed:
            ph = photograph(rng, doc, **({"fill": SCENE_FILL} if variant in other.SCENES else {}))
        else:  # a screenshot or a rendered e-invoice goes up as the file it is (or through a chat)
            ph = share(rng, _as_file(doc), screenshot=False)
            return _named(seed, index, ph)
    return _named(seed, index, share(rng, ph))


def _named(seed: int, index: int, ph: Photo) -> tuple[str, bytes, dict]:
    t = ph.truth
    name = f"{index:05d}_{t.doc_type}_{t.variant}.{ph.ext}"
    return name, ph.jpeg, {"file": name, "seed": seed, "index": index, "width": ph.width, "height": ph.height,
                           **t.to_dict()}


def _as_file(doc) -> Photo:
    buf = io.BytesIO()
    Image.fromarray(doc.rgb).save(buf, "PNG", compress_level=1)  # fast; the pixels are what matter
    h, w = doc.rgb.shape[:2]
    doc.truth.meta["photo"] = "file"
    return Photo(buf.getvalue(), doc.truth, w, h, "png")


def _write(args) -> dict:
    out, seed, index, kinds, photo_side = args
    name, data, row = make_one(seed, index, kinds, photo_side)
    (Path(out) / name).write_bytes(data)
    return row


def generate(out: str | os.PathLike, n: int, seed: int, kinds: tuple[str, ...] = KINDS, jobs: int = 1,
             progress=None, photo_side: int | None = None) -> list[dict]:
    """Write ``n`` images and ``truth.jsonl`` into ``out``; returns the truth rows in order.

    ``progress``: called with each finished row (for a progress bar). ``photo_side``: as for
    :func:`make_one`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = [(str(out), seed, i, tuple(kinds), photo_side) for i in range(n)]
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
