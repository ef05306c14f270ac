"""What every check shares: the :class:`Stage` it exposes and the :class:`Analysis` it adds to.

A check is a module under :mod:`evidencecheck.checks` with a ``STAGE``: its name (the one the
report's ``checks`` lists), the document types it applies to, what it needs (an OCR engine, or
RapidOCR's detector), and a function that reads the image's :class:`Analysis` and adds to its
report. :mod:`evidencecheck.pipeline` runs the stages in order; see ``docs/architecture.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .ocr.base import OcrEngine, OcrLine
from .report import ImageReport
from .vision.context import AnalysisContext, Scaled


@dataclass
class Analysis:
    """One image on its way through the stages: its pixels (``ctx``), its report, the engine and
    models loaded once for every image (``models``: the :class:`~evidencecheck.pipeline.Predictor`),
    and what earlier stages found for later ones."""

    ctx: AnalysisContext
    report: ImageReport
    models: Any  # the Predictor: .classifier, .kind_model, .field_model
    engine: OcrEngine | None  # None: no OCR engine installed
    looks: Any = None  # checks.appearance.DocTypeResult: the appearance model's view
    seals: list = field(default_factory=list)  # checks.stamps.SealFound, best first
    # Boxes (original pixels) of red ink that may be a seal, where none was made out.
    seal_traces: list = field(default_factory=list)
    page: Scaled | None = None  # the pixels the page was read on (None: no OCR engine)
    lines: list[OcrLine] = field(default_factory=list)  # the page read, in ``page``'s pixels
    named: Any = None  # text.document_carrier.DocumentCarrier: the courier the page names
    kind: Any = None  # checks.doc_type.KindDecision; None until classified

    @property
    def doc_type(self) -> str | None:
        return self.kind.doc_type if self.kind is not None else None

    def may_be(self, kind: str) -> bool:
        """Whether the image is of ``kind``, or may be: the tool is unsure and it is what else the
        image may be (or that may be any kind)."""
        k = self.kind
        return k is not None and (k.doc_type == kind or (k.unsure and k.may_be in (kind, "any")))

    @property
    def judgeable(self) -> bool:
        """Whether the quality gate let the photo be judged: a failure it finds (a blurred seal,
        say) is not claimed on a photo it failed."""
        return not any(f.code == "LOW_QUALITY" and f.severity == "fail" for f in self.report.findings)


@dataclass(frozen=True)
class Stage:
    """One step of the analysis. ``run`` adds to the :class:`Analysis` it is given; the pipeline
    times it, lists ``name`` in the report's ``checks`` (unless not ``listed``), and turns its
    exception into ``CHECK_FAILED``."""

    name: str
    run: Callable[[Analysis], None]
    kinds: tuple[str, ...] = ()  # the document types it applies to; () every image
    needs: str | None = None  # "ocr": any OCR engine; "rapid": RapidOCR's detector; None: nothing
    listed: bool = True  # named in the report's ``checks`` (False: bookkeeping, timed only)
    # Also run when the tool is unsure and one of ``kinds`` is the other kind it may be
    # ("runner_up"), or whatever kinds it is unsure between ("any"): a stage that reads what the
    # image shows (a number) rather than judging the document, so that an unsure waybill still has
    # its tracking number for the case rules (a mismatch on it is only a warning).
    when_unsure: Literal["never", "runner_up", "any"] = "never"

    def applies(self, a: Analysis) -> bool:
        """Whether this stage runs on ``a``: its document type (or, with ``when_unsure``, one the
        image may be), and what it needs, are there."""
        unsure = a.kind is not None and a.kind.unsure
        if self.kinds and a.doc_type not in self.kinds and not (
                (self.when_unsure == "any" and unsure)
                or (self.when_unsure == "runner_up" and any(a.may_be(k) for k in self.kinds))):
            return False
        if self.needs == "ocr":
            return a.engine is not None
        if self.needs == "rapid":
            from .ocr.rapid import RapidEngine

            return isinstance(a.engine, RapidEngine)
        return True
