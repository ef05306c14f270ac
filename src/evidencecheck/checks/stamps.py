"""The stamps check: every red seal on an image, the company it names, and what that means for an
express receipt (NO_STAMP, STAMP_MISMATCH, STAMP_UNREADABLE).

Stamps are looked for on every image (a reviewer wants to see the seal on an invoice too); the
findings are raised on express receipts only, where the seal is what makes the proof count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import thresholds as T
from ..carriers import CARRIERS
from ..ocr import OcrEngine
from ..report import Box, Finding, Stamp
from ..stage import Analysis, Stage
from ..text.seal_text import SealReading, read_seal
from ..vision.context import AnalysisContext
from ..vision.seals import StampRegion, find_red_stamps, find_seal_traces
from .forensics import PasteSigns, paste_signs


@dataclass(frozen=True)
class SealFound:
    region: StampRegion  # in the upright working image
    bbox: Box  # in original pixels
    reading: SealReading | None  # None when no OCR engine ran
    paste: PasteSigns | None = None  # None when not examined

    @property
    def carrier(self) -> str | None:
        m = self.reading.match if self.reading else None
        return m.carrier if m is not None and m.clear else None

    def to_report(self) -> Stamp:
        # The best reading: the lexicon name the seal clearly matches, else what the OCR read.
        m = self.reading.match if self.reading else None
        text = m.name if m is not None and m.clear else (self.reading.text if self.reading and self.reading.text else None)
        return Stamp(self.bbox, self.region.shape, text, self.carrier, self.region.score)


def check_stamps(ctx: AnalysisContext, engine: OcrEngine | None, doc_type: str | None = None) -> list[SealFound]:
    """Red seals on the upright image, best first, each read when an OCR engine is given (the
    :data:`~evidencecheck.thresholds.SEALS_READ` best ones, from the original pixels). On an
    express receipt with none, the seal is looked for again, tolerantly (faded, partly off the
    page): there a missed seal rejects the proof."""
    work = ctx.upright(T.STAMP_LONG_SIDE)
    regions = find_red_stamps(work.pixels)
    if not regions and doc_type == "express_receipt":
        regions = find_red_stamps(work.pixels, tolerant=True)
    return _read_seals(ctx, engine, regions)


def _read_seals(ctx: AnalysisContext, engine: OcrEngine | None, regions: list[StampRegion]) -> list[SealFound]:
    """``regions`` (found on the upright copy at ``T.STAMP_LONG_SIDE``) as seals: the best read
    and examined for paste signs, from the original pixels."""
    work = ctx.upright(T.STAMP_LONG_SIDE)
    full = ctx.upright_original  # only each seal's crop is copied
    found = []
    for i, r in enumerate(regions):
        first = i < T.SEALS_READ
        reading = read_seal(full, r, engine, 1.0 / work.scale) if engine is not None and first else None
        paste = paste_signs(full, r, 1.0 / work.scale) if first else None
        found.append(SealFound(r, work.to_original(r.box), reading, paste))
    return found


def paste_findings(seals: list[SealFound], doc_type: str | None) -> list[Finding]:
    """STAMP_SUSPECT (warn) on an express receipt for each seal that looks pasted in."""
    if doc_type != "express_receipt":
        return []
    return [Finding.make("STAMP_SUSPECT", bbox=s.bbox, reason="its ink is as solid as print, with no paper through it",
                         reason_zh="印迹与印刷文字一样实，不透纸纹")
            for s in seals if s.paste is not None and s.paste.suspect]


def carrier_names(cid: str) -> tuple[str, str]:
    """A carrier's id and its Chinese name, for messages."""
    return cid, CARRIERS[cid].name_zh


def one_character_apart(a: str, b: str) -> bool:
    """Whether carriers ``a`` and ``b`` have Chinese names of one length that differ in one
    character only (申通快递, 中通快递)."""
    x, y = CARRIERS[a].name_zh, CARRIERS[b].name_zh
    return len(x) == len(y) and sum(c != d for c, d in zip(x, y)) == 1


def stamp_findings(seals: list[SealFound], doc_type: str | None, doc_carrier: str | None,
                   judgeable: bool = True, traces: Sequence[Box] = (), print_px: float | None = None) -> list[Finding]:
    """Findings for an express receipt: no seal; a seal naming another company than the document;
    a seal whose company could not be read (information, never a mismatch). On a photo the
    quality gate failed (``judgeable`` False) a missing seal is not claimed: it may be blurred away;
    nor a seal of another company: its name may be misread (it is said to be unreadable), as it is
    on any photo when the two companies' names are one character apart (:func:`one_character_apart`);
    nor where red ink may be a seal not made out (``traces``, original pixels): that asks for a
    clearer photo (STAMP_UNSURE); nor where the proof's print (``print_px``, its text height on
    the seal finder's working copy; None: not measured) is too small for a seal to be surely seen
    (STAMP_TOO_SMALL)."""
    if doc_type != "express_receipt":
        return []
    if not seals:
        if not judgeable:
            return []
        if traces:
            return [Finding.make("STAMP_UNSURE", bbox=traces[0])]
        if print_px is not None and print_px < T.STAMP_PRINT_MIN:
            return [Finding.make("STAMP_TOO_SMALL")]
        return [Finding.make("NO_STAMP")]
    out: list[Finding] = []
    read = [s for s in seals if s.carrier is not None]
    unreadable_seal = None  # a seal whose company is not to be compared
    if not read and seals[0].reading is not None:
        unreadable_seal = seals[0]
    elif doc_carrier is not None:
        other = [s for s in read if s.carrier != doc_carrier]
        if other and (not judgeable or all(one_character_apart(s.carrier, doc_carrier) for s in other)):
            # Not a mismatch to claim, but said, to be checked by eye: a seal 70 px across in a
            # recompressed thumbnail reads 中通 for 申通, 京东物流 for 德邦物流 (calibration seed 5170:
            # two genuine proofs under 500 px); and 申通 and 中通 differ by one stroke on any photo (a
            # seal 120 px across in a chat photo read 中通 on a genuine 申通 proof with full
            # confidence, bench seed 301320686 #264).
            unreadable_seal = other[0]
        else:
            for s in other:
                (sc, sc_zh), (dc, dc_zh) = carrier_names(s.carrier), carrier_names(doc_carrier)
                out.append(Finding.make("STAMP_MISMATCH", bbox=s.bbox, stamp_carrier=sc, stamp_carrier_zh=sc_zh,
                                        doc_carrier=dc, doc_carrier_zh=dc_zh))
    if unreadable_seal is not None:
        out.append(Finding.make("STAMP_UNREADABLE", bbox=unreadable_seal.bbox, why_cap="The company on the stamp",
                                why_zh="印章上的公司名称"))
    elif doc_carrier is None and read:
        out.append(Finding.make("STAMP_UNREADABLE", bbox=None, why_cap="The company named on the document",
                                why_zh="单据上的公司名称"))
    return out


def add_seals(a: Analysis) -> None:
    """The red seals on the upright image, read when an OCR engine is there."""
    a.seals = check_stamps(a.ctx, a.engine)


def look_again(a: Analysis) -> None:
    """On an express receipt without a seal, the seal looked for again, tolerantly: there a missed
    seal rejects the proof."""
    if not a.seals:  # the clear ones were looked for by the stamps stage: only the tolerant look is left
        work = a.ctx.upright(T.STAMP_LONG_SIDE)
        a.seals = _read_seals(a.ctx, a.engine, find_red_stamps(work.pixels, tolerant=True))
        if not a.seals:
            a.seal_traces = [work.to_original(b) for b in find_seal_traces(work.pixels)]


def print_height(a: Analysis) -> float | None:
    """The page's printed text height (the median height of the lines the page read found) in the
    seal finder's working pixels; None where the page was not read."""
    if a.page is None or not a.lines:
        return None
    work = a.ctx.upright(T.STAMP_LONG_SIDE)
    return float(np.median([line.bbox[3] for line in a.lines])) / a.page.scale * work.scale


def judge_seals(a: Analysis) -> None:
    """The seals on the report, and what they mean for the kind of evidence: missing, of another
    company than the document's, unreadable, pasted in (:func:`stamp_findings`, :func:`paste_findings`)."""
    a.report.stamps = [s.to_report() for s in a.seals]
    a.report.findings += stamp_findings(a.seals, a.doc_type, a.report.carrier, a.judgeable, a.seal_traces,
                                        print_height(a))
    a.report.findings += paste_findings(a.seals, a.doc_type)


STAGE = Stage("stamps", add_seals)
AGAIN = Stage("stamps_again", look_again, kinds=("express_receipt",), listed=False)
VERDICT = Stage("forensics", judge_seals)
"""The seals judged, last, when the document type and carrier are known (the report's name for
this stage is ``forensics``: a pasted seal is its oldest finding)."""
