"""The fields check on an express receipt: find the fill-in blanks, judge each one's ink, and say
what that means (FULLY_PRINTED, HANDWRITING_MISSING).

The blanks are found on the page the OCR read (see :mod:`~evidencecheck.fields`); each is cut from
the original pixels, turned upright, for the ink model (:mod:`~evidencecheck.field_ink`).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    H, W = full.shape[:2]
    cues, kept = [], []
    for r in regions:
        x, y, w, h = r.box
        s = page.scale
        x0, y0 = max(0, int(x / s)), max(0, int(y / s))
        x1, y1 = min(W, int((x + w) / s)), min(H, int((y + h) / s))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        rule_at = (r.rule_y - y) / h if r.rule_y is not None else None
        cues.append(field_cues(np.ascontiguousarray(full[y0:y1, x0:x1]), rule_at))
        kept.append(r)
    if not kept:
        return []
    states = model.predict(np.stack(cues))
    return [FieldFound(r, page.to_original(r.box), st) for r, st in zip(kept, states)]


def field_findings(fields: list[FieldFound], spec: FieldSpec, judgeable: bool = True) -> list[Finding]:
    """FULLY_PRINTED when every field with content is printed (none handwritten, and at least
    :data:`~evidencecheck.thresholds.FIELD_FULLY_PRINTED_MIN` with content); HANDWRITING_MISSING
    for each required field found empty. Not raised on a photo the quality gate failed
    (``judgeable`` False): blur can make handwriting look like print or nothing."""
    if not fields or not judgeable:
        return []
    out: list[Finding] = []
    filled = [f for f in fields if f.ink.state != "empty"]
    if len(filled) >= T.FIELD_FULLY_PRINTED_MIN and all(f.ink.state == "printed" for f in filled):
        out.append(Finding.make("FULLY_PRINTED", bbox=union_box([f.bbox for f in filled])))
    for f in fields:
        if f.region.name in spec.required and f.ink.state == "empty":
            out.append(Finding.make("HANDWRITING_MISSING", bbox=f.bbox, field=f.region.name,
                                    field_zh=spec.names_zh.get(f.region.name, f.region.name)))
    return out
