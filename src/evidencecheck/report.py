"""Typed results and their export to the ``evidencecheck/1`` JSON contract.

Every key of the contract is always present. What a check that does not exist yet would fill
stays ``None`` or empty, never an invented value. Boxes are ``(x, y, w, h)`` in pixels of the
original image as a viewer shows it (after EXIF orientation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from . import findings as _findings

SCHEMA_ID = "evidencecheck/1"

Box = tuple[int, int, int, int]


def scaled_box(box: Box, f: float) -> Box:
    """``box`` (x, y, w, h) in pixels ``f`` times as large."""
    x, y, w, h = box
    return round(x * f), round(y * f), max(1, round(w * f)), max(1, round(h * f))


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "info" | "warn" | "fail"
    message: str
    message_zh: str
    bbox: Box | None = None  # image findings: where on the image, if anywhere
    images: tuple[str, ...] = ()  # case findings: which images it concerns

    @classmethod
    def make(cls, code: str, *, severity: str | None = None, bbox: Box | None = None,
             images: tuple[str, ...] = (), **values) -> "Finding":
        """A finding of ``code`` with its messages filled from ``values``."""
        en, zh = _findings.messages(code, **values)
        return cls(code, severity or _findings.CODES[code].severity, en, zh, bbox, tuple(images))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        bbox = d.get("bbox")
        return cls(d["code"], d["severity"], d["message"], d["message_zh"],
                   tuple(bbox) if bbox is not None else None, tuple(d.get("images", ())))

    def to_dict(self, level: str) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "severity": self.severity,
                             "message": self.message, "message_zh": self.message_zh}
        if level == "image":
            d["bbox"] = list(self.bbox) if self.bbox is not None else None
        else:
            d["images"] = list(self.images)
        return d


@dataclass(frozen=True)
class Stamp:
    bbox: Box
    shape: str  # "round" | "oval" | "rect"
    text: str | None
    carrier: str | None
    score: float  # 0..1

    def to_dict(self) -> dict[str, Any]:
        return {"bbox": list(self.bbox), "shape": self.shape, "text": self.text,
                "carrier": self.carrier, "score": round(float(self.score), 4)}


@dataclass(frozen=True)
class Field:
    name: str
    state: str  # "handwritten" | "printed" | "empty"
    bbox: Box
    confidence: float | None = None  # the ink model's probability of ``state``, 0..1 (an extension)
    row: int | None = None  # a table's row, 0 under its header (an extension); None outside tables

    def to_dict(self) -> dict[str, Any]:
        d = {"name": self.name, "state": self.state, "bbox": list(self.bbox)}
        if self.confidence is not None:
            d["confidence"] = round(float(self.confidence), 4)
        if self.row is not None:
            d["row"] = self.row
        return d


def likely_kinds(doc_type: str | None, evidence: dict | None) -> tuple[str, ...]:
    """The kinds an image reported as ``doc_type`` with ``evidence`` (its ``doc_type_evidence``)
    may be, what the case rules may count it as: that kind; and, when the tool is unsure, every
    kind, the one it is most likely first, then the other it may be (``may_be``), then the rest
    by probability. A case must not fail a merchant on a kind the tool is unsure of (issue 20): an
    unsure image is counted as neither surely its kind nor surely not any other, so a case short of
    a kind it may be warns. Counting only the two likeliest failed genuine waybills unsure between
    two other kinds (tune: a label on a black bag, other 0.82 / weighing 0.12 / waybill 0.06)."""
    if doc_type is None or not evidence or not evidence.get("unsure"):
        return () if doc_type is None else (doc_type,)
    p = evidence["probabilities"]
    may_be = evidence.get("may_be")
    first = (doc_type, may_be) if may_be in p and may_be != doc_type else (doc_type,)
    return first + tuple(sorted((k for k in p if k not in first), key=lambda k: -p[k]))


@dataclass
class ImageReport:
    """What evidencecheck found on one image."""

    path: str
    sha256: str | None = None
    width: int | None = None  # original pixels, as displayed
    height: int | None = None
    format: str | None = None  # e.g. "JPEG", "HEIF"; None when unreadable
    exif_orientation: int | None = None  # EXIF tag 274 as found (1-8), None when absent
    doc_type: str | None = None
    confidence: float | None = None
    # Why: {"unsure": bool, "probabilities": {kind: p}, "cues": [{"cue", "pull", "says", "says_zh", "bbox"}]}
    doc_type_evidence: dict[str, Any] | None = None
    rotation: int | None = None  # degrees the content is turned counter-clockwise from upright: 0, 90, 180, 270
    findings: list[Finding] = field(default_factory=list)
    stamps: list[Stamp] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    carrier: str | None = None
    tracking_numbers: list[str] = field(default_factory=list)
    weight_kg: float | None = None
    weight_shown: dict[str, str | None] | None = None  # {"text": "13.38", "unit": "lb" or None}: the display as read
    quality: dict[str, float] | None = None  # the quality gate's measurements
    checks: list[str] = field(default_factory=list)  # the checks that ran on this image
    timings_ms: dict[str, float] = field(default_factory=dict)
    # What near-copy detection compares (near_copies.Fingerprint); kept in memory, not exported.
    fingerprint: Any = field(default=None, repr=False, compare=False)

    @property
    def verdict(self) -> str:
        return _findings.worst(f.severity for f in self.findings)

    @property
    def likely_kinds(self) -> tuple[str, ...]:
        """What the case rules may count this image as: :func:`likely_kinds`."""
        return likely_kinds(self.doc_type, self.doc_type_evidence)

    @property
    def kind_unsure(self) -> bool:
        return bool(self.doc_type_evidence and self.doc_type_evidence.get("unsure"))

    def scale_boxes(self, f: float) -> None:
        """Every box of the report in pixels ``f`` times as large: the checks' boxes, found on an
        image decoded smaller, in the pixels of the image as shown."""
        self.findings = [replace(d, bbox=scaled_box(d.bbox, f)) if d.bbox is not None else d for d in self.findings]
        self.stamps = [replace(st, bbox=scaled_box(st.bbox, f)) for st in self.stamps]
        self.fields = [replace(fd, bbox=scaled_box(fd.bbox, f)) for fd in self.fields]
        for cue in (self.doc_type_evidence or {}).get("cues", ()):
            if cue.get("bbox") is not None:
                cue["bbox"] = list(scaled_box(tuple(cue["bbox"]), f))

    @classmethod
    def from_dict(cls, d: dict[str, Any], path: str | None = None) -> "ImageReport":
        """The report :meth:`to_dict` gave (``path`` in place of its own, when given)."""
        return cls(
            path=path if path is not None else d["path"], sha256=d["sha256"], width=d["width"], height=d["height"],
            format=d.get("format"), exif_orientation=d.get("exif_orientation"), doc_type=d["doc_type"],
            confidence=d["confidence"], doc_type_evidence=d.get("doc_type_evidence"), rotation=d.get("rotation"),
            findings=[Finding.from_dict(f) for f in d["findings"]],
            stamps=[Stamp(tuple(s["bbox"]), s["shape"], s["text"], s["carrier"], s["score"]) for s in d["stamps"]],
            fields=[Field(f["name"], f["state"], tuple(f["bbox"]), f.get("confidence"), f.get("row")) for f in d["fields"]],
            carrier=d["carrier"], tracking_numbers=list(d["tracking_numbers"]), weight_kg=d["weight_kg"],
            weight_shown=d.get("weight_shown"), quality=d.get("quality"), checks=list(d.get("checks", [])),
            timings_ms=dict(d.get("timings_ms", {})))

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "width": self.width,
            "height": self.height,
            "format": self.format,
            "exif_orientation": self.exif_orientation,
            "doc_type": self.doc_type,
            "confidence": None if self.confidence is None else round(float(self.confidence), 4),
            "doc_type_evidence": _rounded_evidence(self.doc_type_evidence),
            "rotation": self.rotation,
            "verdict": self.verdict,
            "findings": [f.to_dict("image") for f in self.findings],
            "stamps": [s.to_dict() for s in self.stamps],
            "fields": [f.to_dict() for f in self.fields],
            "carrier": self.carrier,
            "tracking_numbers": list(self.tracking_numbers),
            "weight_kg": self.weight_kg,
            "weight_shown": None if self.weight_shown is None else dict(self.weight_shown),
            "quality": None if self.quality is None else {k: round(float(v), 4) for k, v in self.quality.items()},
            "checks": list(self.checks),
            "timings_ms": {k: round(float(v), 1) for k, v in self.timings_ms.items()},
        }


def _rounded_evidence(e: dict[str, Any] | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {**e, "probabilities": {k: round(float(v), 4) for k, v in e["probabilities"].items()}}


@dataclass
class CaseReport:
    """The evidence of one work order: every image plus the case-level findings."""

    images: list[ImageReport]
    ticket: str | None = None
    findings: list[Finding] = field(default_factory=list)
    tool_version: str = ""
    todo: list[tuple[str, str]] = field(default_factory=list)  # (English, Chinese): what the merchant should do
    deadline_hours: float | None = None  # the ticket's deadline for the evidence, from the rules
    case_id: str | None = None  # the work order, in a batch

    @property
    def verdict(self) -> str:
        return _findings.worst([f.severity for f in self.findings] + [i.verdict for i in self.images])

    @property
    def exit_code(self) -> int:
        """The contract's exit status: 0 for pass or warn, 1 for fail."""
        return 1 if self.verdict == "fail" else 0

    def to_dict(self) -> dict[str, Any]:
        head = {"case_id": self.case_id} if self.case_id is not None else {}
        return {
            "schema": SCHEMA_ID,
            **head,
            "tool": f"evidencecheck {self.tool_version}".strip(),
            "ticket": self.ticket,
            "verdict": self.verdict,
            "findings": [f.to_dict("case") for f in self.findings],
            "deadline_hours": self.deadline_hours,
            "todo": [{"message": en, "message_zh": zh} for en, zh in self.todo],
            "images": [i.to_dict() for i in self.images],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def json_schema() -> dict[str, Any]:
    """The contract as a JSON Schema (draft 2020-12), shipped inside the package."""
    return json.loads(resources.files(__package__).joinpath("schema.json").read_text("utf-8"))
