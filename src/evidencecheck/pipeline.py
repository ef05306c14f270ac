"""Runs the stages for each image, then the case rules; loads heavy models once.

Stages, in order: intake (decode, EXIF orientation) -> quality -> appearance (what the photo looks
like: one vote on its kind) -> orient (which way up its text runs; needs RapidOCR) -> stamps (red
seals and their company, and whether each looks pasted) -> page_text (the page read once: every
line of text with its box and score, shared by every later check) -> classify (the kind of
evidence from the page's words, barcodes, seals, displays and appearance; or unsure) -> fields
(express receipts: the fill-in blanks, handwritten, printed or empty) -> tracking
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
from dataclasses import dataclass, replace

from . import __version__
from . import thresholds as T
from .classify import DocClassifier, DocTypeResult, load_classifier
from .context import AnalysisContext, Scaled
from .doc_carrier import DocumentCarrier, find_document_carrier
from .doc_kind import KindModel, decide_kind, kind_evidence, load_model as load_kind_model
from .field_check import check_fields, field_findings, read_written_numbers
from .field_ink import FieldInkModel, load_model as load_field_model
from .fields import load_spec
from .errors import ImageDecodeError, MissingDependencyError, UsageError
from .intake import REASONS_ZH, read_image
from .near_copies import fingerprint
from .ocr import OcrEngine, OcrLine, get_engine
from .ocr.rapid import RapidEngine
from .orientation import find_turn
from .quality import describe, measure_quality
from .report import CaseReport, Finding, ImageReport
from .rules import DOC_TYPES_EN, DOC_TYPES_ZH, Rules, TicketRule, apply_checks, judge_case, load_rules, todo_list
from .scale import read_weight
from .stamp_check import carrier_names, check_stamps, paste_findings, stamp_findings
from .tracking import barcodes_at, check_printed, confirm_in_page, numbers_in, read_printed_number, read_tracking, sure_numbers

KIND_BOUND = frozenset({"NO_STAMP", "FULLY_PRINTED", "HANDWRITING_MISSING", "STAMP_MISMATCH", "TRACKING_UNREADABLE",
                        "WEIGHT_UNREADABLE"})
"""Image findings whose meaning depends on the kind of evidence (a printed page has no seal to miss)."""

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
        t = time.perf_counter()
        quality = measure_quality(ctx)
        report.quality = quality.metrics()
        for problem in quality.problems:
            report.findings.append(Finding.make(
                "LOW_QUALITY", severity=problem.severity, bbox=problem.bbox, **describe(problem)))
        t = _stage(report, "quality", t)
        report.fingerprint = fingerprint(ctx.gray(T.DUPLICATE_LONG_SIDE).pixels)  # for the case's near copies
        report.timings_ms["fingerprint"] = _ms(t)

        seen = self.observe(ctx, report)
        t = time.perf_counter()
        kind = decide_kind(self.kind_model, kind_evidence(seen))
        report.doc_type, report.confidence = kind.doc_type, kind.confidence
        report.doc_type_evidence = {"unsure": kind.unsure, "probabilities": kind.probabilities, "cues": list(kind.cues)}
        if kind.unsure:
            report.findings.append(Finding.make(
                "DOC_TYPE_UNSURE", kind=DOC_TYPES_EN[kind.doc_type], kind_zh=DOC_TYPES_ZH[kind.doc_type],
                p=f"{kind.confidence:.2f}", other=DOC_TYPES_EN[kind.runner_up], other_zh=DOC_TYPES_ZH[kind.runner_up],
                p_other=f"{kind.probabilities[kind.runner_up]:.2f}"))
        t = _stage(report, "classify", t)

        engine = self._ocr_or_none()
        seals = seen.seals
        judgeable = not any(f.code == "LOW_QUALITY" and f.severity == "fail" for f in report.findings)
        if kind.doc_type == "express_receipt":
            if not seals:  # a missed seal rejects the proof: look again, tolerantly (faded, partly off the page)
                seals = check_stamps(ctx, engine, kind.doc_type)
            report.carrier = seen.named.carrier
            if seen.named.disagree:
                (h, h_zh), (g, g_zh) = carrier_names(seen.named.header), carrier_names(seen.named.signature)
                report.findings.append(Finding.make("ISSUER_MISMATCH", header=h, header_zh=h_zh, signature=g,
                                                    signature_zh=g_zh))
            if engine is not None:
                fields = check_fields(ctx, seen.page, seen.lines, self.field_model)
                report.fields = [f.to_report() for f in fields]
                report.findings += field_findings(fields, load_spec(), judgeable)
                report.tracking_numbers = read_written_numbers(ctx, seen.page, seen.lines, fields, engine)
                t = _stage(report, "fields", t)
        report.stamps = [s.to_report() for s in seals]
        if kind.doc_type in ("waybill", "weighing_photo"):
            passes = T.TRACKING_PASSES if kind.doc_type == "waybill" else T.TRACKING_PASSES_PARCEL
            reading = read_tracking(ctx, passes)
            if engine is not None:  # a barcode's number must not contradict the digits printed under it
                reading = confirm_in_page(ctx, check_printed(ctx, reading, engine, seen.lines), seen.page, seen.lines)
            # A number of no known format only on a waybill: a parcel on a scale may carry other labels.
            report.tracking_numbers = sure_numbers(reading, of_no_known_format=kind.doc_type == "waybill")
            if kind.doc_type == "waybill" and not report.tracking_numbers and engine is not None:
                reading = read_printed_number(ctx, engine, seen.page, seen.lines)
                report.tracking_numbers = [n.number for n in reading.numbers]
            report.carrier = report.carrier or reading.carrier
            if kind.doc_type == "waybill" and not report.tracking_numbers:
                report.findings.append(Finding.make("TRACKING_UNREADABLE"))
            t = _stage(report, "tracking", t)
        if kind.doc_type == "weighing_photo":
            weight = read_weight(ctx, engine)
            report.weight_kg = weight.kg
            if weight.shown is not None:
                report.weight_shown = {"text": weight.shown, "unit": weight.unit}
            if weight.kg is None:
                report.findings.append(Finding.make("WEIGHT_UNREADABLE", bbox=weight.bbox))
            t = _stage(report, "weight", t)
        report.findings += stamp_findings(seals, kind.doc_type, report.carrier, judgeable)
        report.findings += paste_findings(seals, kind.doc_type)
        if kind.unsure:  # a failure that holds only for the kind the tool is unsure of is a warning
            report.findings = [replace(f, severity="warn") if f.severity == "fail" and f.code in KIND_BOUND else f
                               for f in report.findings]
        _stage(report, "forensics", t)

    def observe(self, ctx: AnalysisContext, report: ImageReport) -> Observations:
        """What the kind of evidence is decided from, gathered once for every later check: how the
        photo looks, which way up it is, its red seals, and the page read. Adds each stage's name
        and time to ``report``."""
        t = time.perf_counter()
        looks = self.classifier.predict(ctx)
        t = _stage(report, "appearance", t)
        # Which way up: from the text lines, not from the appearance model's own turn estimate,
        # which is right on generated photos but wrong on real upright documents (2 of 11 real-dev images).
        engine = self._ocr_or_none()
        if isinstance(engine, RapidEngine):
            turn = find_turn(ctx.bgr(T.ORIENT_LONG_SIDE).pixels, engine)
            if turn is not None:
                ctx.set_rotation(turn.k)  # later checks read the content upright
                report.rotation = 90 * turn.k
            t = _stage(report, "orient", t)
        seals = check_stamps(ctx, engine)
        t = _stage(report, "stamps", t)
        page, lines = (None, []) if engine is None else ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
        if engine is not None:
            _stage(report, "page_text", t)
        barcodes = [(fmt, text, bool(numbers_in(text)))
                    for fmt, text, _ in barcodes_at(ctx, T.QUALITY_LONG_SIDE)]
        display = max((d.score for d in ctx.displays()), default=0.0)
        return Observations(looks, seals, page, lines, find_document_carrier(lines), barcodes, display)

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


STAGES = ("intake", "quality", "appearance", "orient", "stamps", "page_text", "classify", "fields", "tracking", "weight",
          "forensics")


def _next_check(report: ImageReport) -> str:
    """The stage that was running: the first after those ``report.checks`` lists (not all run on every type)."""
    done = [s for s in STAGES if s in report.checks]
    later = STAGES[STAGES.index(done[-1]) + 1:] if done else STAGES
    return next((s for s in later if s not in report.checks), "forensics")


@dataclass(frozen=True)
class Observations:
    """What :meth:`Predictor.observe` gathers on one image."""

    looks: DocTypeResult  # the appearance model's view
    seals: list  # stamp_check.SealFound, best first
    page: Scaled | None  # the pixels the page was read on (None: no OCR engine)
    lines: list[OcrLine]  # the page read, in ``page``'s pixels
    named: DocumentCarrier  # the courier the lines name
    barcodes: list[tuple[str, str, bool]]  # (format "code128" | "qr", text, fits a carrier's tracking format)
    display_score: float  # the display finder's best row, 0..1 (0: none)


def _stage(report: ImageReport, name: str, start: float) -> float:
    """Note on ``report`` that stage ``name`` ran from ``start`` until now; returns now."""
    now = time.perf_counter()
    report.checks.append(name)
    report.timings_ms[name] = _ms(start, now)
    return now


def _ms(start: float, end: float | None = None) -> float:
    return ((end if end is not None else time.perf_counter()) - start) * 1000.0
