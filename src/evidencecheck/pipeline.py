"""Runs the stages for each image, then the case rules; loads heavy models once.

Stages, in order: intake (decode, EXIF orientation) -> quality -> classify (doc type) -> orient
(which way up a document's text runs; needs RapidOCR) -> stamps (every image: red seals and their
company, and whether each looks pasted) -> page_text (express receipts: the carrier the document
names) -> fields (express receipts: the fill-in blanks, handwritten, printed or empty) -> tracking
(waybills and weighing photos: tracking numbers in barcodes, checked against the digits printed
under them, and the carrier their format names)
-> weight (weighing photos: the scale's display read, in kg); ``checks`` on each image lists what
ran. Then the case: the work order's rules (:mod:`~evidencecheck.rules`) judge the images together
and say what the merchant should do.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence

from . import __version__
from . import thresholds as T
from .classify import DocClassifier, load_classifier
from .context import AnalysisContext
from .doc_carrier import find_document_carrier
from .field_check import check_fields, field_findings
from .field_ink import FieldInkModel, load_model as load_field_model
from .fields import load_spec
from .errors import ImageDecodeError, MissingDependencyError, UsageError
from .intake import REASONS_ZH, read_image
from .near_copies import fingerprint
from .ocr import OcrEngine, get_engine
from .ocr.rapid import RapidEngine
from .orientation import find_turn
from .quality import describe, measure_quality
from .report import CaseReport, Finding, ImageReport
from .rules import Rules, TicketRule, apply_checks, judge_case, load_rules, todo_list
from .scale import read_weight
from .stamp_check import check_stamps, paste_findings, stamp_findings
from .tracking import check_printed, read_tracking

TICKETS = ("not_received", "missing_items")
"""Work-order types built in (the contract's ``ticket``); a rules file may add more."""


class Predictor:
    """Checks evidence images. Create one and reuse it: engines load on first use, once."""

    def __init__(self, ocr: str = "auto", ocr_threads: int = -1, rules: Rules | None = None):
        self.ocr_name = ocr
        self.ocr_threads = ocr_threads
        self.rules = rules or load_rules()
        self._ocr: OcrEngine | None = None
        self._classifier: DocClassifier | None = None
        self._field_model: FieldInkModel | None = None

    @property
    def classifier(self) -> DocClassifier:
        if self._classifier is None:
            self._classifier = load_classifier()
        return self._classifier

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
        report.width, report.height = image.width, image.height
        report.format, report.exif_orientation = image.format, image.exif_orientation
        report.checks.append("intake")
        report.timings_ms["intake"] = _ms(t0)
        ctx = AnalysisContext(image)
        try:
            self._run_checks(report, ctx)
        except MissingDependencyError:
            raise  # the set-up is wrong for every image: the caller says how to fix it
        except Exception as e:  # noqa: BLE001 - one image's failure must not end the case or the batch
            report.findings.append(Finding.make("CHECK_FAILED", check=_next_check(report),
                                                error=f"{type(e).__name__}: {e}"[:300]))
        report.timings_ms["total"] = _ms(t0)
        return report, ctx

    def _run_checks(self, report: ImageReport, ctx: AnalysisContext) -> None:
        """The stages after intake, in order, each adding to ``report``."""
        t1 = time.perf_counter()
        quality = measure_quality(ctx)
        report.quality = quality.metrics()
        for problem in quality.problems:
            report.findings.append(Finding.make(
                "LOW_QUALITY", severity=problem.severity, bbox=problem.bbox, **describe(problem)))
        report.checks.append("quality")
        t2 = time.perf_counter()
        report.timings_ms["quality"] = _ms(t1, t2)
        report.fingerprint = fingerprint(ctx.gray(T.DUPLICATE_LONG_SIDE).pixels)  # for the case's near copies
        t2, fingerprinted = time.perf_counter(), t2  # the classifier's clock starts here
        report.timings_ms["fingerprint"] = _ms(fingerprinted, t2)

        kind = self.classifier.predict(ctx)
        report.doc_type, report.confidence = kind.doc_type, kind.confidence
        report.checks.append("classify")
        t3 = time.perf_counter()
        report.timings_ms["classify"] = _ms(t2, t3)

        # Which way up: from the text lines, not from the classifier's own turn estimate, which is
        # right on generated photos but wrong on real upright documents (2 of 11 real-dev images).
        if kind.doc_type != "weighing_photo" and isinstance(self.ocr, RapidEngine):
            turn = find_turn(ctx.bgr(T.ORIENT_LONG_SIDE).pixels, self.ocr)
            if turn is not None:
                ctx.set_rotation(turn.k)  # later checks read the content upright
                report.rotation = 90 * turn.k
            report.checks.append("orient")
            report.timings_ms["orient"] = _ms(t3)

        t4 = time.perf_counter()
        engine = self._ocr_or_none()
        seals = check_stamps(ctx, engine, kind.doc_type)
        report.stamps = [s.to_report() for s in seals]
        report.checks.append("stamps")
        t5 = time.perf_counter()
        report.timings_ms["stamps"] = _ms(t4, t5)
        judgeable = not any(f.code == "LOW_QUALITY" and f.severity == "fail" for f in report.findings)
        if kind.doc_type == "express_receipt" and engine is not None:
            page, lines = ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
            named = find_document_carrier(lines)
            report.carrier = named.carrier
            report.checks.append("page_text")
            t6 = time.perf_counter()
            report.timings_ms["page_text"] = _ms(t5, t6)
            fields = check_fields(ctx, page, lines, self.field_model)
            report.fields = [f.to_report() for f in fields]
            report.findings += field_findings(fields, load_spec(), judgeable)
            report.checks.append("fields")
            report.timings_ms["fields"] = _ms(t6)
        if kind.doc_type in ("waybill", "weighing_photo"):
            t7 = time.perf_counter()
            passes = T.TRACKING_PASSES if kind.doc_type == "waybill" else T.TRACKING_PASSES_PARCEL
            reading = read_tracking(ctx, passes)
            if engine is not None:  # a barcode's number must not contradict the digits printed under it
                reading = check_printed(ctx, reading, engine)
            report.tracking_numbers = [n.number for n in reading.numbers]
            report.carrier = report.carrier or reading.carrier
            if kind.doc_type == "waybill" and not reading.numbers:
                report.findings.append(Finding.make("TRACKING_UNREADABLE"))
            report.checks.append("tracking")
            report.timings_ms["tracking"] = _ms(t7)
        if kind.doc_type == "weighing_photo":
            t8 = time.perf_counter()
            weight = read_weight(ctx, engine)
            report.weight_kg = weight.kg
            if weight.shown is not None:
                report.weight_shown = {"text": weight.shown, "unit": weight.unit}
            if weight.kg is None:
                report.findings.append(Finding.make("WEIGHT_UNREADABLE", bbox=weight.bbox))
            report.checks.append("weight")
            report.timings_ms["weight"] = _ms(t8)
        report.findings += stamp_findings(seals, kind.doc_type, report.carrier, judgeable)
        report.findings += paste_findings(seals, kind.doc_type)
        report.checks.append("forensics")

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


STAGES = ("intake", "quality", "classify", "orient", "stamps", "page_text", "fields", "tracking", "weight", "forensics")


def _next_check(report: ImageReport) -> str:
    """The stage that was running: the first after those ``report.checks`` lists (not all run on every type)."""
    done = [s for s in STAGES if s in report.checks]
    later = STAGES[STAGES.index(done[-1]) + 1:] if done else STAGES
    return next((s for s in later if s not in report.checks), "forensics")


def _ms(start: float, end: float | None = None) -> float:
    return ((end if end is not None else time.perf_counter()) - start) * 1000.0
