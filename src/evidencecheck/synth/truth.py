"""What a generated image shows, for training and scoring: written to ``truth.jsonl``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

Box = tuple[int, int, int, int]

IMAGE_CODES = ("LOW_QUALITY", "NO_STAMP", "FULLY_PRINTED", "HANDWRITING_MISSING", "STAMP_MISMATCH",
               "STAMP_SUSPECT", "WEIGHT_UNREADABLE", "TRACKING_UNREADABLE")
"""Image-level finding codes whose presence a generated image decides."""


@dataclass
class FieldTruth:
    name: str  # tracking_number | sign_date | signer | outlet | handler
    state: str  # handwritten | printed | empty
    box: Box  # the blank: the ink on and just above its line
    text: str  # what is written or printed there ("" when empty)


@dataclass
class StampTruth:
    box: Box
    shape: str  # round | oval | rect
    carrier: str | None  # the courier on the seal; None for a non-courier company
    company: str
    pasted: bool = False  # a flawless digital seal pasted on, rather than pressed


@dataclass
class Paste:
    """A seal to paste after the photo is taken (as a merchant's image editor would)."""

    alpha: np.ndarray
    colour: tuple[int, int, int]
    centre: tuple[float, float]  # in document pixels
    angle: float
    stamp_index: int  # which StampTruth it is


@dataclass
class Truth:
    doc_type: str
    variant: str
    carrier: str | None = None  # the courier the document names
    stamp_carrier: str | None = None
    stamps: list[StampTruth] = field(default_factory=list)
    fields: list[FieldTruth] = field(default_factory=list)
    tracking_number: str | None = None
    weight_kg: float | None = None
    display_box: Box | None = None  # weighing photos: the scale's display
    raise_codes: list[str] = field(default_factory=list)  # image findings a correct checker raises
    not_codes: list[str] = field(default_factory=list)  # and those it must not raise
    meta: dict = field(default_factory=dict)  # layout, fonts, pen, photo conditions

    def map_boxes(self, fn: Callable[[Box], Box]) -> None:
        """Move every box with ``fn`` (document pixels -> photo pixels)."""
        for s in self.stamps:
            s.box = fn(s.box)
        for f in self.fields:
            f.box = fn(f.box)
        if self.display_box is not None:
            self.display_box = fn(self.display_box)

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("stamps", "fields"):
            for item in d[k]:
                item["box"] = [int(v) for v in item["box"]]
        if d["display_box"] is not None:
            d["display_box"] = [int(v) for v in d["display_box"]]
        return d


@dataclass
class Document:
    """A flat rendered document (RGB uint8) with its truth in document pixels."""

    rgb: np.ndarray
    truth: Truth
    pastes: list[Paste] = field(default_factory=list)


def codes_for(raise_codes: list[str]) -> tuple[list[str], list[str]]:
    """``raise_codes`` and the image codes a correct checker must therefore not raise."""
    return list(raise_codes), [c for c in IMAGE_CODES if c not in raise_codes]
