"""Signs that a seal was pasted in with an image editor rather than pressed with a rubber stamp.

A rubber stamp leaves a thin, porous layer of ink: paper shows through it, so an impression is
lighter than the black print beside it, and thinner where the pressure was light. A seal image
pasted onto the photo is solid colour: its strokes are as dark as print, all over. The sign is
measured against the same photo's paper (darker than the local paper by as much as print is), so
lighting and exposure cancel out. It is soft evidence (a warning): the threshold is set so that
genuine impressions are almost never flagged.

Measured only on generated evidence so far: a heavily inked real stamp may come close to the
threshold; ``STAMP_SUSPECT`` asks a reviewer to look, it never fails a proof on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .. import thresholds as T
from ..vision.seals import StampRegion, dark_print, red_ink, seal_crop, white_balance


@dataclass(frozen=True)
class PasteSigns:
    solid: float  # share of the seal's ink as dark against the paper as print is, 0..1
    ink_px: int  # ink pixels it rests on

    @property
    def suspect(self) -> bool:
        return self.ink_px >= T.PASTE_MIN_INK_PX and self.solid >= T.PASTE_MIN_SOLID


def paste_signs(bgr: np.ndarray, stamp: StampRegion, zoom: float = 1.0) -> PasteSigns:
    """The paste signs of ``stamp``, found in an image ``zoom`` times smaller than ``bgr`` (a
    view is fine: only the seal's surroundings are copied)."""
    crop, ell = seal_crop(bgr, stamp, zoom, 0.8)
    crop = white_balance(crop)
    inside = np.zeros(crop.shape[:2], np.uint8)
    cv2.ellipse(inside, ell, 1, -1)
    ink = (red_ink(crop) > 0) & (inside > 0)
    solid = ink & (dark_print(crop) > 0)
    n = int(ink.sum())
    return PasteSigns(round(float(solid.sum()) / max(1, n), 4), n)
