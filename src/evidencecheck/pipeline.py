"""Runs the stages for each image, then the case rules; loads heavy models once.

:data:`STAGES` is the analysis, in order: intake (decode, EXIF orientation; before the stages)
-> quality -> appearance (what the photo looks like: one vote on its kind) -> orient (which way
up its text runs; needs RapidOCR) -> stamps (red seals and their company) -> page_text (the page
read once: every line of text with its box and score, shared by every later check) -> classify
(the kind of evidence from the page's words, barcodes, seals, displays and appearance; or unsure)
-> fields (express receipts: the fill-in blanks, handwritten, printed or empty) -> tracking
(waybills and weighing photos: tracking numbers from barcodes and print) -> weight (weighing
photos: the scale's display read, in kg) -> forensics (the seals judged: missing, of another
company, pasted). Each is the ``STAGE`` of a module of :mod:`evidencecheck.checks`; ``checks`` on
each image lists what ran. Then the case: the work order's rules (:mod:`evidencecheck.case.rules`)
judge the images together and say what the merchant should do.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace

from . import __version__
from . import thresholds as T
from .case import TICKETS  # noqa: F401 - still importable from here, as before
from .case.near_copies import fingerprint
from .case.rules import Rules, TicketRule, apply_checks, judge_case, load_rules, todo_list
from .checks import appearance, doc_type, fields, orientation, page_text, quality, stamps, tracking, weight
from .checks.appearance import DocClassifier, load_classifier
from .checks.doc_type import KindModel, Observations, observations
from .checks.doc_type import load_model as load_kind_model
from .errors import ImageDecodeError, MissingDependencyError, UsageError
from .learned.field_ink import FieldInkModel
from .learned.field_ink import load_model as load_field_model
from .ocr import OcrEngine, get_engine
from .report import CaseReport, Finding, ImageReport
from .stage import Analysis, Stage
from .vision.context import AnalysisContext
from .vision.intake import REASONS_ZH, read_image

KIND_BOUND = frozenset({"NO_STAMP", "FULLY_PRINTED", "HANDWRITING_MISSING", "STAMP_MISMATCH", "TRACKING_UNREADABLE",
                        "WEIGHT_UNREADABLE"})
"""Image findings whose meaning depends on the kind of evidence (a printed page has no seal to miss)."""


class Predictor:
    """Checks evidence images. Create one and reuse it: engines load on first use, once."""

    def __init__(self, ocr: str = "auto", ocr_threads: int = -1, rules: Rules | None = None, lanes: int | None = None):
        """``ocr_threads``: the OCR engine's threads (-1: its choice; 1 in a batch's workers).
        ``lanes``: 2 runs the :data:`BESIDE_OCR` stages in a second thread beside the OCR's (one
        photo checked sooner on an idle machine), 1 runs every stage in turn (a batch's workers,
        which keep every core busy already); None: 2 unless ``ocr_threads`` is 1. The reports
        are the same either way."""
        self.ocr_name = ocr
        self.ocr_threads = ocr_threads
        self.rules = rules or load_rules()
        self.lanes = lanes if lanes is not None else (1 if ocr_threads == 1 else 2)
        self._beside: tuple[int, ThreadPoolExecutor] | None = None  # (the process it belongs to, its thread)
        self._ocr: OcrEngine | None = None
        self._classifier: DocClassifier | None = None
        self._field_model: FieldInkModel | None = None
        self._kind_model: KindModel | None = None

    @property
    def classifier(self) -> DocClassifier:
        if self._classifier is None:
            self._classifier = load_classifier()
        return self._classifier

    @property
    def kind_model(self) -> KindModel:
        if self._kind_model is None:
            self._kind_model = load_kind_model()
        return self._kind_model

    @property
    def field_model(self) -> FieldInkModel:
        if self._field_model is None:
            self._field_model = load_field_model()
        return self._field_model

    @property
    def ocr(self) -> OcrEngine:
        if self._ocr is None:
            self._ocr = get_engine(self.ocr_name, threads=self.ocr_threads)
        return self._ocr

    def analyse(self, path: str | os.PathLike) -> ImageReport:
        """Everything evidencecheck finds on one image. Never raises for a bad file."""
        return self.analyse_in_context(path)[0]

    def analyse_in_context(self, path: str | os.PathLike) -> tuple[ImageReport, AnalysisContext | None]:
        """:meth:`analyse`, and the image's analysis context (None when the file is unreadable)
        for whoever draws on its pixels next. A check that fails on the image ends the analysis
        with a ``CHECK_FAILED`` finding and what was found until then, never an exception."""
        report = ImageReport(path=str(path))
        t0 = time.perf_counter()
        try:
            fb, image = read_image(path)
        except ImageDecodeError as e:
            report.findings.append(Finding.make(
                "UNREADABLE_FILE", reason=e.message, reason_zh=REASONS_ZH.get(e.reason, e.message)))
            report.timings_ms["total"] = _ms(t0)
            return report, None
        report.sha256 = fb.sha256
        report.width, report.height = image.shown_width, image.shown_height
        report.format, report.exif_orientation = image.format, image.exif_orientation
        report.checks.append("intake")
        report.timings_ms["intake"] = _ms(t0)
        ctx = AnalysisContext(image)
        self._run_checks(report, ctx)
        if image.scale < 1.0:
            report.scale_boxes(1.0 / image.scale)
        report.timings_ms["total"] = _ms(t0)
        return report, ctx

    def _run_checks(self, report: ImageReport, ctx: AnalysisContext) -> None:
        """The stages after intake, in order, each adding to ``report``; a stage that fails on the
        image ends the analysis with ``CHECK_FAILED`` naming it. With two lanes the
        :data:`BESIDE_OCR` stages run beside the others until the kind is decided; the report
        lists and times the stages in their order all the same."""
        a = Analysis(ctx, report, self, self._ocr_or_none())
        started = self._start_observing(a) if self.lanes > 1 else {}
        for stage in STAGES:
            try:
                if stage.name in started:
                    _record(stage, a, started[stage.name].result())
                elif stage.applies(a):
                    _timed(stage, a)
            except MissingDependencyError:
                _settle(started)
                raise  # the set-up is wrong for every image: the caller says how to fix it
            except Exception as e:  # noqa: BLE001 - one image's failure must not end the case or the batch
                report.findings.append(Finding.make("CHECK_FAILED", check=stage.name,
                                                    error=f"{type(e).__name__}: {e}"[:300]))
                _settle(started)
                return
        if a.kind is not None and a.kind.unsure:  # a failure that holds only for the kind the tool is unsure of is a warning
            report.findings = [replace(f, severity="warn") if f.severity == "fail" and f.code in KIND_BOUND else f
                               for f in report.findings]

    def _start_observing(self, a: Analysis) -> dict[str, Future]:
        """The stages before the kind is decided, run on ``a`` in two lanes: the :data:`BESIDE_OCR`
        ones in order in a second thread, the others in order in this one (returns when these
        are done). Each stage's future gives its outcome (see :func:`_run_lane`)."""
        if self._beside is None or self._beside[0] != os.getpid():  # a forked child has none of its parent's threads
            self._beside = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix="evidencecheck-beside"))
        head = STAGES[:STAGES.index(OBSERVING[-1]) + 1]
        outcomes = {s.name: Future() for s in head}
        self._beside[1].submit(_run_lane, [s for s in head if s.name in BESIDE_OCR], a, outcomes)
        _run_lane([s for s in head if s.name not in BESIDE_OCR], a, outcomes)
        return outcomes

    def observe(self, ctx: AnalysisContext, report: ImageReport) -> Observations:
        """What the kind of evidence is decided from, gathered once for every later check: how the
        photo looks, which way up it is, its red seals, and the page read (the :data:`OBSERVING`
        stages). Adds each stage's name and time to ``report``."""
        a = Analysis(ctx, report, self, self._ocr_or_none())
        for stage in OBSERVING:
            if stage.applies(a):
                _timed(stage, a)
        return observations(a)

    def _ocr_or_none(self) -> OcrEngine | None:
        """The OCR engine, or None when none is installed (stamps are then found but not read)."""
        try:
            return self.ocr
        except MissingDependencyError:
            return None

    def check(self, paths: Iterable[str | os.PathLike], ticket: str | None = None,
              tracking: str | None = None) -> CaseReport:
        """One case: every image of ``paths`` analysed, then judged together against the work
        order of type ``ticket`` (None: only what needs no order) and its ``tracking`` number."""
        rule = self.ticket_rule(ticket)
        return self.judge([self.analyse(p) for p in paths], rule, tracking)

    def ticket_rule(self, ticket: str | None) -> TicketRule | None:
        """The rules of ``ticket`` (None for None); UsageError when the rules do not know it."""
        if ticket is None:
            return None
        if ticket not in self.rules.tickets:
            raise UsageError(f"unknown ticket type {ticket!r}; the rules know: {', '.join(self.rules.tickets)}")
        return self.rules.tickets[ticket]

    def judge(self, images: list[ImageReport], rule: TicketRule | None, tracking: str | None = None) -> CaseReport:
        """The case of ``images`` (already analysed) under ``rule`` (None: no ticket). The images'
        findings of checks the ticket does not count become ``info``, in place."""
        if rule is not None:
            apply_checks(images, rule)
        findings = judge_case(images, rule, self.rules, tracking)
        return CaseReport(images=images, ticket=rule.name if rule else None, findings=findings,
                          tool_version=__version__, todo=todo_list(images, findings),
                          deadline_hours=rule.deadline_hours if rule else None)


def check(paths: Sequence[str | os.PathLike], ticket: str | None = None, *, tracking: str | None = None,
          ocr: str = "auto") -> CaseReport:
    """Check the evidence images of one work order. See :class:`Predictor` to check many cases."""
    return Predictor(ocr=ocr).check(paths, ticket=ticket, tracking=tracking)


def _fingerprint(a: Analysis) -> None:
    """The image's fingerprint, for the case's near copies (not a check: not listed)."""
    a.report.fingerprint = fingerprint(a.ctx.gray(T.DUPLICATE_LONG_SIDE).pixels)


OBSERVING = (appearance.STAGE, orientation.STAGE, stamps.STAGE, page_text.STAGE)
"""The stages whose findings the kind of evidence is decided from."""

STAGES = (quality.STAGE, Stage("fingerprint", _fingerprint, listed=False), *OBSERVING, doc_type.STAGE,
          stamps.AGAIN, fields.STAGE, tracking.STAGE, weight.STAGE, stamps.VERDICT)
"""Every image's analysis after intake, in order: each stage runs where it applies (its document
types, and the OCR engine it needs); see ``docs/architecture.md`` to add one."""


BESIDE_OCR = {"quality": (), "fingerprint": (), "appearance": (), "stamps": ("orient",)}
"""Stages that read only the photo's pixels (not the OCR's reading, not what the other lane's
stages find, but for the stages each names: the seals wait for the turn) and add no finding that
the other lane could add before them: with two lanes they run in a second thread, in order, while
the orientation and the page read run in the first. `bench-speed --n 6 --seed 11`, back to back
against the stages in turn: 12 MP photos' median 566 -> 481 ms, with onnxruntime's threads not
spinning (docs/speed.md); the reports the same (tests/test_stages.py; all 532 of bench seed
1301027491)."""


def _timed(stage: Stage, a: Analysis) -> None:
    """Runs ``stage`` on ``a``; its time, and its name when ``listed``, go on the report."""
    _record(stage, a, _run(stage, a))


def _run(stage: Stage, a: Analysis) -> float:
    """Runs ``stage`` on ``a``; its time, ms."""
    t = time.perf_counter()
    stage.run(a)
    return _ms(t)


def _run_lane(stages: Sequence[Stage], a: Analysis, outcomes: dict[str, Future]) -> None:
    """Runs ``stages`` on ``a`` in order, each one's outcome into its future in ``outcomes``: its
    time (ms; None where it does not apply) or its error. After an error the lane's later stages
    are not run (their futures cancelled), as the stages in turn would have stopped there."""
    for i, stage in enumerate(stages):
        try:
            for name in BESIDE_OCR.get(stage.name, ()):
                outcomes[name].result()
            outcomes[stage.name].set_result(_run(stage, a) if stage.applies(a) else None)
        except BaseException as e:  # noqa: BLE001 - handed on to whoever reads the outcome
            outcomes[stage.name].set_exception(e)
            for later in stages[i + 1:]:
                outcomes[later.name].cancel()
                outcomes[later.name].set_running_or_notify_cancel()  # so that waiting on it ends
            return


def _record(stage: Stage, a: Analysis, ms: float | None) -> None:
    """``stage``'s time, and its name when ``listed``, on the report (nothing for None: it did not apply)."""
    if ms is None:
        return
    if stage.listed:
        a.report.checks.append(stage.name)
    a.report.timings_ms[stage.name] = ms


def _settle(outcomes: dict[str, Future]) -> None:
    """Waits until every stage of both lanes has ended (run, failed or not run), so that none adds
    to a report already returned."""
    wait(outcomes.values())


def _ms(start: float, end: float | None = None) -> float:
    return ((end if end is not None else time.perf_counter()) - start) * 1000.0
