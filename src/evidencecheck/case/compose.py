"""Several proofs in one upload image: the platform takes one picture per upload.

:func:`plan_rows` lays the images out in rows, in the order given, choosing the split into rows
that leaves the smallest image as large as possible within the long-side budget;
:func:`compose_images` draws them, each under a label saying what it is (in Chinese, then
English), and encodes the whole as a JPEG under a byte budget. :func:`check_composition` cuts
each image back out of the encoded upload and checks it again: the tracking number, the seal's
company and the weight must still read as they did on the original.
"""

from __future__ import annotations

import io
import itertools
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ..report import Box, ImageReport

LABELS = {"waybill": ("发货底单", "waybill"), "express_receipt": ("签收物流红章证明", "delivery proof with stamp"),
          "weighing_photo": ("称重图", "weighing photo"), "other": ("其他", "other")}
"""What a tile is, by doc type: (Chinese, English)."""

LONG_SIDE = 4096
"""Default long side of the upload (px)."""
MAX_BYTES = 4 * 1000 * 1000
"""Default size budget of the upload (bytes): under the platforms' 4 MB."""
GAP_PX = 16  # white space between and around tiles
LABEL_SHARE = 1 / 64  # a label bar's height as a share of the long side (64 px at 4096)
QUALITIES = (92, 88, 84, 80, 75, 70)  # JPEG qualities tried, best first, before the canvas shrinks
SHRINK = 0.85  # the canvas shrinks by this when no quality fits the byte budget
_EXHAUSTIVE_UP_TO = 10  # images; beyond, rows of about sqrt(n)


@dataclass(frozen=True)
class Tile:
    path: str
    box: Box  # the image's place on the upload (x, y, w, h), under its label
    label: str


@dataclass(frozen=True)
class Composition:
    jpeg: bytes
    width: int
    height: int
    quality: int  # JPEG quality the budget allowed
    tiles: tuple[Tile, ...]


@dataclass(frozen=True)
class TileCheck:
    """One tile checked again on the encoded upload."""

    path: str
    doc_type: str | None  # as classified on the upload
    tracking_numbers: tuple[str, ...]  # read on the upload
    seal_carriers: tuple[str, ...]  # seals' companies read on the upload
    weight_kg: float | None  # read on the upload
    lost: tuple[str, ...]  # what read on the original but not here; empty when all still reads


def plan_rows(aspects: list[float], long_side: int, gap: int, label_px: int) -> tuple[list[list[int]], int]:
    """The images (width / height ``aspects``) split into rows, in order, and the canvas width (px)
    that makes the canvas's long side ``long_side``: of all splits, the one whose smallest image
    is largest."""
    n = len(aspects)
    if n <= _EXHAUSTIVE_UP_TO:
        splits = (list(c) for k in range(n) for c in itertools.combinations(range(1, n), k))
    else:
        per = int(np.ceil(np.sqrt(n)))
        splits = iter([list(range(per, n, per))])
    best, best_score = None, -1.0
    for cuts in splits:
        rows = [list(range(a, b)) for a, b in zip([0] + cuts, cuts + [n])]
        width = _canvas_width(rows, aspects, long_side, gap, label_px)
        heights = [_row_height(r, aspects, width, gap) for r in rows]
        smallest = min(h * h * aspects[i] for r, h in zip(rows, heights) for i in r)
        if smallest > best_score:
            best, best_score = (rows, width), smallest
    return best


def _row_height(row: list[int], aspects: list[float], width: float, gap: int) -> float:
    return (width - (len(row) + 1) * gap) / sum(aspects[i] for i in row)


def _canvas_width(rows, aspects, long_side, gap, label_px) -> int:
    """The width at which the canvas's long side is ``long_side``: its height is linear in it."""
    inv = sum(1 / sum(aspects[i] for i in r) for r in rows)
    fixed = sum((len(r) + 1) * gap / sum(aspects[i] for i in r) for r in rows)  # row heights lose the gaps
    extra = len(rows) * label_px + (len(rows) + 1) * gap
    # height = width * inv - fixed + extra; the taller of width and height is long_side.
    width = (long_side + fixed - extra) / inv
    return int(min(long_side, width))


def compose_images(images: list[np.ndarray], labels: list[str], paths: list[str], long_side: int = LONG_SIDE,
                   max_bytes: int = MAX_BYTES) -> Composition:
    """``images`` (RGB uint8) on one canvas whose long side is at most ``long_side``, each under its
    label, encoded as JPEG in at most ``max_bytes``."""
    from ..synth.fonts import font

    aspects = [im.shape[1] / im.shape[0] for im in images]
    side = long_side
    rows, width = plan_rows(aspects, side, GAP_PX, max(24, int(side * LABEL_SHARE)))
    # Enlarging every image adds nothing: then the canvas is only as large as keeps one at its own size.
    heights = [_row_height(r, aspects, width, GAP_PX) for r in rows]
    least = min(h / images[i].shape[0] for r, h in zip(rows, heights) for i in r)
    if least > 1:
        side = max(512, int(side / least))
    while True:
        label_px = max(24, int(side * LABEL_SHARE))
        rows, width = plan_rows(aspects, side, GAP_PX, label_px)
        canvas, tiles = _draw(images, labels, paths, rows, width, label_px, font("noto_sans_bold", int(label_px * 0.62)))
        for q in QUALITIES:
            buf = io.BytesIO()
            Image.fromarray(canvas).save(buf, "JPEG", quality=q, optimize=True)
            if buf.tell() <= max_bytes:
                h, w = canvas.shape[:2]
                return Composition(buf.getvalue(), w, h, q, tuple(tiles))
        side = int(side * SHRINK)


def _draw(images, labels, paths, rows, width, label_px, label_font):
    heights = [_row_height(r, [im.shape[1] / im.shape[0] for im in images], width, GAP_PX) for r in rows]
    height = int(sum(heights) + len(rows) * label_px + (len(rows) + 1) * GAP_PX)
    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    tiles, y = [], GAP_PX
    for row, h in zip(rows, heights):
        x = GAP_PX
        for i in row:
            im = images[i]
            w = max(1, int(round(h * im.shape[1] / im.shape[0])))
            th = max(1, int(h))
            small = cv2.resize(im, (w, th), interpolation=cv2.INTER_AREA)
            draw.rectangle((x, y, x + w - 1, y + label_px - 1), fill=(40, 40, 48))
            draw.text((x + label_px // 4, y + label_px // 2), f"{i + 1}. {labels[i]}", font=label_font,
                      fill=(255, 255, 255), anchor="lm")
            canvas.paste(Image.fromarray(small), (x, y + label_px))
            tiles.append(Tile(paths[i], (x, y + label_px, w, th), labels[i]))
            x += w + GAP_PX
        y += int(h) + label_px + GAP_PX
    return np.asarray(canvas), tiles  # rows are runs of the images in order: so are the tiles


def label_for(report: ImageReport) -> str:
    """A tile's label: what the image is, Chinese then English."""
    zh, en = LABELS.get(report.doc_type or "other", LABELS["other"])
    return f"{zh} {en}"


def check_composition(composition: Composition, originals: list[ImageReport], predictor) -> list[TileCheck]:
    """Each tile cut from the encoded upload and analysed again by ``predictor``: what of the
    original's tracking numbers and seal companies no longer reads is ``lost``."""
    upload = np.asarray(Image.open(io.BytesIO(composition.jpeg)).convert("RGB"))
    checks = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, (tile, original) in enumerate(zip(composition.tiles, originals)):
            x, y, w, h = tile.box
            path = Path(tmp) / f"tile{n}.png"
            Image.fromarray(upload[y:y + h, x:x + w]).save(path)
            again = predictor.analyse(path)
            carriers = tuple(s.carrier for s in again.stamps if s.carrier)
            lost = [f"tracking number {t}" for t in original.tracking_numbers if t not in again.tracking_numbers]
            lost += [f"seal of {c}" for c in dict.fromkeys(s.carrier for s in original.stamps if s.carrier)
                     if c not in carriers]
            if original.weight_kg is not None and (again.weight_kg is None
                                                   or abs(again.weight_kg - original.weight_kg) > 0.005):
                lost.append(f"weight {original.weight_kg:g} kg")
            if original.doc_type and again.doc_type != original.doc_type:
                lost.append(f"reads as {again.doc_type}, not {original.doc_type}")
            checks.append(TileCheck(tile.path, again.doc_type, tuple(again.tracking_numbers), carriers,
                                    again.weight_kg, tuple(lost)))
    return checks


@dataclass(frozen=True)
class ComposeResult:
    composition: Composition
    reports: tuple[ImageReport, ...]  # the originals' analyses, one per tile
    checks: tuple[TileCheck, ...]  # the tiles checked again on the upload (empty when not asked)
    skipped: tuple[ImageReport, ...]  # files that could not be read: not on the upload


def compose_files(paths: list[str], predictor, long_side: int = LONG_SIDE, max_bytes: int = MAX_BYTES,
                  check: bool = True) -> ComposeResult:
    """The images at ``paths`` analysed (for their labels and what must still read), turned
    upright, composed into one upload and, when ``check``, checked again on it. Raises
    UsageError when no file is a readable image."""
    from ..errors import UsageError

    reports, images, skipped = [], [], []
    for p in paths:
        report, ctx = predictor.analyse_in_context(p)  # the pixels as analysed: decoded once
        if ctx is None:
            skipped.append(report)
            continue
        images.append(np.ascontiguousarray(ctx.upright_full()[:, :, ::-1]))  # upright, RGB, full size
        reports.append(report)
    if not images:
        raise UsageError("none of the files is a readable image: nothing to compose")
    composition = compose_images(images, [label_for(r) for r in reports], [r.path for r in reports],
                                 long_side, max_bytes)
    checks = check_composition(composition, reports, predictor) if check else []
    return ComposeResult(composition, tuple(reports), tuple(checks), tuple(skipped))
