"""The fields check on an express receipt: find the fill-in blanks, judge each one's ink, and say
what that means (FULLY_PRINTED, HANDWRITING_MISSING).

The blanks are found on the page the OCR read (see :mod:`~evidencecheck.fields`); each is cut from
the original pixels, turned upright, for the ink model (:mod:`~evidencecheck.field_ink`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from . import thresholds as T
from .context import AnalysisContext, Scaled
from .field_ink import FieldInkModel, InkState, field_cues
from .fields import FieldRegion, FieldSpec, locate_fields
from .ocr.base import OcrLine, union_box
from .report import Box, Field, Finding


@dataclass(frozen=True)
class FieldFound:
    region: FieldRegion  # on the page the OCR read
    bbox: Box  # in original pixels
    ink: InkState

    def to_report(self) -> Field:
        return Field(self.region.name, self.ink.state, self.bbox, self.ink.confidence)


def check_fields(ctx: AnalysisContext, page: Scaled, lines: list[OcrLine], model: FieldInkModel,
                 spec: FieldSpec | None = None) -> list[FieldFound]:
    """The fill-in fields of the upright receipt whose OCR ``lines`` were read on ``page``, each
    with the state of its ink."""
    regions = locate_fields(lines, page.pixels, spec)
    if not regions:
        return []
    full = np.rot90(ctx.image.pixels, -ctx.k)  # upright original pixels; a view
    cues, kept = [], []
    for r in regions:
        cut = cut_field(full, r, page.scale)
        if cut is not None:
            cues.append(field_cues(*cut))
            kept.append(r)
    if not kept:
        return []
    states = model.predict(np.stack(cues))
    return [FieldFound(r, page.to_original(r.box), st) for r, st in zip(kept, states)]


def cut_field(upright: np.ndarray, region: FieldRegion, scale: float) -> tuple[np.ndarray, float | None] | None:
    """The pixels of ``region`` (found on a page ``scale`` times the size of ``upright``, the
    upright original, BGR uint8) with only the field's own ink left, and where its line runs (share
    of the crop's height, None without one); None when the box is under 4 px.

    Ink above the line over the field (another row's writing) and well under the field's own line
    (the next row's) is painted the paper's colour (the crop's median)."""
    H, W = upright.shape[:2]
    x, y, w, h = region.box
    x0, y0 = max(0, int(x / scale)), max(0, int(y / scale))
    x1, y1 = min(W, int((x + w) / scale)), min(H, int((y + h) / scale))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = np.array(upright[y0:y1, x0:x1])  # a copy: it is painted on
    rule_at = (region.rule_y - y) / h if region.rule_y is not None else None
    cols = (x0 + np.arange(x1 - x0)) * scale  # the crop's columns, on the page
    rows = np.arange(y1 - y0)[:, None]
    lh = region.line_height
    other = np.zeros(crop.shape[:2], bool)
    if region.ceiling is not None:
        top = region.ceiling.y_at(cols) + T.FIELD_CEILING_GAP * lh
        other |= rows < top[None, :] / scale - y0
    if region.rule is not None:
        bottom = region.rule.y_at(cols) + T.FIELD_UNDER_LINE * lh
        other |= rows > bottom[None, :] / scale - y0
    if other.any():
        crop[other] = paper_colour(crop)
    return crop, rule_at


def paper_colour(crop: np.ndarray) -> np.ndarray:
    """Each channel's median over ``crop`` (H x W x C, uint8), truncated to uint8, as
    ``np.median(..., axis=0).astype(np.uint8)`` gives it, from a histogram: a 12 MP photo's field
    is a million values a channel, and sorting them was a third of the fields check's time."""
    n = crop.shape[0] * crop.shape[1]
    out = np.empty(crop.shape[2], np.uint8)
    for c in range(crop.shape[2]):
        cum = np.cumsum(cv2.calcHist([crop], [c], None, [256], [0, 256]).ravel())
        lo, hi = np.searchsorted(cum, (n - 1) // 2 + 1), np.searchsorted(cum, n // 2 + 1)
        out[c] = (int(lo) + int(hi)) // 2
    return out


def field_findings(fields: list[FieldFound], spec: FieldSpec, judgeable: bool = True) -> list[Finding]:
    """FULLY_PRINTED when no field with content is clearly handwritten (probability at least
    :data:`~evidencecheck.thresholds.FIELD_HANDWRITING_SURE`) and most are printed, with at least
    :data:`~evidencecheck.thresholds.FIELD_FULLY_PRINTED_MIN` with content; HANDWRITING_MISSING for
    each required field found empty. Not raised on a photo the quality gate failed (``judgeable``
    False): blur can make handwriting look like print or nothing."""
    if not fields or not judgeable:
        return []
    out: list[Finding] = []
    filled = [f for f in fields if f.ink.state != "empty"]
    printed = sum(f.ink.state == "printed" for f in filled)
    by_hand = any(f.ink.probabilities.get("handwritten", 0.0) >= T.FIELD_HANDWRITING_SURE for f in filled)
    if len(filled) >= T.FIELD_FULLY_PRINTED_MIN and 2 * printed > len(filled) and not by_hand:
        out.append(Finding.make("FULLY_PRINTED", bbox=union_box([f.bbox for f in filled]),
                                printed=printed, filled=len(filled)))
    for f in fields:
        if f.region.name in spec.required and f.ink.state == "empty":
            out.append(Finding.make("HANDWRITING_MISSING", bbox=f.bbox, field=f.region.name,
                                    field_zh=spec.names_zh.get(f.region.name, f.region.name)))
    return out
