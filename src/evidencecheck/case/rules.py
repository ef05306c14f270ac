"""Work-order rules and the case findings: the evidence set judged as a whole.

The rules are data (``rules.toml`` beside this module, or a file of the same shape): each ticket
type lists the evidence it needs, its deadline and the image checks that count. :func:`judge_case`
turns a case's image reports into case findings; with no ticket it still finds what needs no
order: repeated photos and tracking numbers or weights that disagree. :func:`seen_in_other_cases`
looks across the cases of a batch for one photo used for two orders.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, replace
from importlib import resources
from itertools import combinations
from pathlib import Path

from ..carriers import carriers_for_number
from ..checks.appearance import DOC_TYPES
from ..errors import UsageError
from ..findings import CODES
from ..report import CaseReport, Finding, ImageReport
from ..text.metrics import edit_distance
from .near_copies import same_picture

DOC_TYPES_ZH = {"waybill": "快递面单", "weighing_photo": "称重图", "express_receipt": "签收证明", "other": "其他图片"}
DOC_TYPES_EN = {"waybill": "a waybill", "weighing_photo": "a weighing photo", "express_receipt": "a delivery proof",
                "other": "not evidence of any kind the tool knows"}


@dataclass(frozen=True)
class Requirement:
    """One kind of evidence an order needs: ``count`` different photos of doc type ``kind``."""

    kind: str
    count: int
    name: str
    name_zh: str
    photograph: str  # how to take it, for the merchant
    photograph_zh: str


@dataclass(frozen=True)
class TicketRule:
    name: str  # the ticket type's id, e.g. "not_received"
    title: str
    title_zh: str
    deadline_hours: float
    evidence: tuple[Requirement, ...]
    checks: frozenset[str]  # image finding codes that count toward the case's verdict
    weight_tolerance_share: float  # weighing photos may differ by this share of the lightest ...
    weight_tolerance_kg: float  # ... or by this many kg, whichever is larger


@dataclass(frozen=True)
class Rules:
    tickets: dict[str, TicketRule]
    weight_tolerance_share: float  # for a case with no ticket
    weight_tolerance_kg: float


def load_rules(path: str | Path | None = None) -> Rules:
    """The rules in ``path`` (TOML), or the built-in ones. Raises UsageError naming what is wrong."""
    try:
        if path is None:
            data = tomllib.loads(resources.files(__package__).joinpath("rules.toml").read_text("utf-8"))
        else:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        return _parse(data)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise UsageError(f"cannot read the rules file {path}: {e}") from None
    except (KeyError, TypeError, ValueError) as e:
        raise UsageError(f"the rules file {path or 'rules.toml'} is not valid: {e}") from None


def _parse(data: dict) -> Rules:
    from ..findings import CODES

    share = float(data.get("weight_tolerance_share", 0.05))
    kg = float(data.get("weight_tolerance_kg", 0.05))
    tickets = {}
    for name, t in data["tickets"].items():
        evidence = tuple(Requirement(e["kind"], int(e.get("count", 1)), e["name"], e["name_zh"],
                                     e.get("photograph", ""), e.get("photograph_zh", "")) for e in t["evidence"])
        for e in evidence:
            if e.kind not in DOC_TYPES or e.count < 1:
                raise ValueError(f"ticket {name}: evidence kind {e.kind!r} x {e.count} (kinds: {', '.join(DOC_TYPES)})")
        checks = frozenset(t.get("checks", CODES))
        unknown = sorted(c for c in checks if c not in CODES)
        if unknown:
            raise ValueError(f"ticket {name}: unknown finding codes {', '.join(unknown)}")
        tickets[name] = TicketRule(name, t.get("title", name), t.get("title_zh", name), float(t["deadline_hours"]),
                                   evidence, checks, float(t.get("weight_tolerance_share", share)),
                                   float(t.get("weight_tolerance_kg", kg)))
    return Rules(tickets, share, kg)


def apply_checks(images: list[ImageReport], rule: TicketRule) -> None:
    """Image findings the order does not count become information (severity ``info``: shown, not
    judged), in place. It counts the codes it names (``rule.checks``) and evidencecheck's own codes
    (the contract's extensions, which no rules file need know) raised by a check it counts through
    another code: STAMP_UNSURE and STAMP_TOO_SMALL stand where NO_STAMP would, FIELD_UNSURE where
    HANDWRITING_MISSING would, CHECK_FAILED (intake) where UNREADABLE_FILE would."""
    counted_checks = {CODES[c].check for c in rule.checks if c in CODES}

    def counts(code: str) -> bool:
        own = CODES.get(code)
        return code in rule.checks or (own is not None and own.extension and own.check in counted_checks)

    for img in images:
        img.findings = [f if counts(f.code) or f.severity == "info" else replace(f, severity="info")
                        for f in img.findings]


def judge_case(images: list[ImageReport], rule: TicketRule | None, rules: Rules,
               tracking: str | None = None) -> list[Finding]:
    """The case findings of ``images`` against ``rule`` (None: no ticket given); ``tracking``: the
    order's own tracking number, when known."""
    copies = duplicate_groups(images)
    findings = [Finding.make("DUPLICATE_IMAGE", images=tuple(images[i].path for i in group),
                             copies=", ".join(images[i].path for i in group))
                for group in copies]
    repeated = {i for group in copies for i in group[1:]}  # a copy does not count as evidence
    if rule is not None:
        findings += _wrong_types(images, rule)
        findings += _missing(images, rule, repeated)
    findings += tracking_mismatch(images, tracking)
    share, kg = (rule.weight_tolerance_share, rule.weight_tolerance_kg) if rule else (
        rules.weight_tolerance_share, rules.weight_tolerance_kg)
    findings += _weight_mismatch([img for i, img in enumerate(images) if i not in repeated], share, kg)
    return findings


def duplicate_groups(images: list[ImageReport]) -> list[list[int]]:
    """Indices of images that are one picture (the same bytes, or near copies), each group in the
    order given and with at least two members."""
    groups: list[list[int]] = []
    for i, img in enumerate(images):
        for group in groups:
            first = images[group[0]]
            if (img.sha256 is not None and img.sha256 == first.sha256) or (
                    img.fingerprint is not None and first.fingerprint is not None
                    and same_picture(first.fingerprint, img.fingerprint)):
                group.append(i)
                break
        else:
            if img.sha256 is not None:
                groups.append([i])
    return [g for g in groups if len(g) > 1]


def seen_in_other_cases(cases: list[CaseReport]) -> list[list[Finding]]:
    """Per case, a SEEN_IN_OTHER_CASE finding for each of its images that is also evidence in
    another of ``cases``: the same bytes, or a near copy. Near copies are looked for only between
    images of one kind with a tracking number in common: comparing every pair of a large batch costs
    too much, and those pairs are where reuse is likely (one waybill shown for two orders)."""
    others: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)  # (case, image) -> {other case: how}

    def link(a: tuple[int, int], b: tuple[int, int], how: str) -> None:
        if a[0] != b[0]:
            others[a].setdefault(b[0], how)
            others[b].setdefault(a[0], how)

    by_hash, by_number = defaultdict(list), defaultdict(list)
    for ci, case in enumerate(cases):
        for ii, img in enumerate(case.images):
            if img.sha256 is None or any(f.code == "UNREADABLE_FILE" for f in img.findings):
                continue  # not a picture (two cases may well hold one broken file): its own finding says so
            by_hash[img.sha256].append((ci, ii))
            if img.fingerprint is not None:
                for number in set(img.tracking_numbers):
                    by_number[(img.doc_type, number)].append((ci, ii))
    for members in by_hash.values():
        for a, b in combinations(members, 2):
            link(a, b, "same file")
    for members in by_number.values():
        for a, b in combinations(members, 2):
            if a[0] != b[0] and b[0] not in others.get(a, {}) and same_picture(
                    cases[a[0]].images[a[1]].fingerprint, cases[b[0]].images[b[1]].fingerprint):
                link(a, b, "near copy")
    out: list[list[Finding]] = [[] for _ in cases]
    for (ci, ii), where in sorted(others.items()):
        path = cases[ci].images[ii].path
        named = ", ".join(cases[c].case_id or f"#{c + 1}" for c in sorted(where))
        how = "same file" if "same file" in where.values() else "near copy"
        out[ci].append(Finding.make("SEEN_IN_OTHER_CASE", images=(path,), image=path, cases=named, how=how,
                                    how_zh="同一文件" if how == "same file" else "近似副本"))
    return out


def _wrong_types(images: list[ImageReport], rule: TicketRule) -> list[Finding]:
    wanted = [e.kind for e in rule.evidence]
    out = []
    for img in images:
        if img.doc_type is None or img.doc_type in wanted:
            continue  # an unreadable file has its own finding
        if img.kind_unsure:
            continue  # not sure it is the wrong kind: its DOC_TYPE_UNSURE asks for a better photo
        out.append(Finding.make(
            "WRONG_TYPE", images=(img.path,), image=img.path, doc_type=DOC_TYPES_EN[img.doc_type],
            doc_type_zh=DOC_TYPES_ZH[img.doc_type], ticket=rule.title, ticket_zh=rule.title_zh,
            wanted=" and ".join(e.name for e in rule.evidence), wanted_zh="和".join(e.name_zh for e in rule.evidence)))
    return out


def _missing(images: list[ImageReport], rule: TicketRule, repeated: set[int]) -> list[Finding]:
    out = []
    for e in rule.evidence:
        sure = [img.path for i, img in enumerate(images)
                if img.doc_type == e.kind and not img.kind_unsure and i not in repeated]
        have = [img.path for i, img in enumerate(images) if e.kind in img.likely_kinds and i not in repeated]
        if len(sure) >= e.count:
            continue
        found = "none found" if not have else f"found {len(have)} of {e.count}"
        found_zh = "未找到" if not have else f"仅找到{len(have)}张，需要{e.count}张"
        severity = None
        if len(have) >= e.count:  # there if the unsure images are what they may be: ask, do not fail
            severity = "warn"
            found = f"{len(sure)} of {e.count} recognised for sure; {len(have) - len(sure)} unsure"
            found_zh = f"可确认{len(sure)}张（需要{e.count}张），另有{len(have) - len(sure)}张无法确定类型"
        out.append(Finding.make(
            "MISSING_EVIDENCE", severity=severity, images=tuple(have), ticket=rule.title, ticket_zh=rule.title_zh,
            kind=e.name, kind_zh=e.name_zh, found=found, found_zh=found_zh, advice=e.photograph,
            advice_zh=e.photograph_zh))
    return out


def tracking_mismatch(images: list[ImageReport], order_number: str | None) -> list[Finding]:
    """Images whose tracking numbers share none with the order's number, or, without it, two images
    that share none with each other (an image may show more than one number: a waybill and its
    return slip; a proof's table lists several parcels). A number read from a proof's handwriting
    agrees with one it is a few edits from (:func:`numbers_agree`)."""
    showing = [img for img in images if img.tracking_numbers]
    if order_number is not None:
        off = [img for img in showing if not numbers_agree([order_number], img)]
        if not off:
            return []
        numbers = f"the order's is {order_number}; " + "; ".join(
            f"{img.path} shows {', '.join(img.tracking_numbers)}" for img in off)
        numbers_zh = f"工单运单号为{order_number}；" + "；".join(
            f"{img.path}为{'、'.join(img.tracking_numbers)}" for img in off)
        return [Finding.make("TRACKING_MISMATCH", images=tuple(img.path for img in off), severity=_unsure_of(off),
                             numbers=numbers, numbers_zh=numbers_zh)]
    if all(numbers_agree(a.tracking_numbers, b, a.doc_type == "express_receipt") for a, b in combinations(showing, 2)):
        return []
    numbers = "; ".join(f"{img.path} shows {', '.join(img.tracking_numbers)}" for img in showing)
    numbers_zh = "；".join(f"{img.path}为{'、'.join(img.tracking_numbers)}" for img in showing)
    return [Finding.make("TRACKING_MISMATCH", images=tuple(img.path for img in showing), severity=_unsure_of(showing),
                         numbers=numbers, numbers_zh=numbers_zh)]


def _unsure_of(images: list[ImageReport]) -> str | None:
    """``warn`` when one of ``images`` is a waybill whose numbers fit no carrier's format: such a
    number is its label's only barcoded number, and may still be a reference rather than the
    tracking number (a real FedEx label's other barcode was taken so); or a proof with more filled
    tracking-number blanks than numbers read: the number looked for may be in a row not read (a
    table of five parcels, two read, the disputed one not: bench seed 301320686 #8). Such a
    disagreement is for a person to look at; None (the code's own severity, fail) otherwise."""
    unknown = any(img.doc_type == "waybill" and not any(carriers_for_number(n) for n in img.tracking_numbers)
                  for img in images)
    return "warn" if unknown or any(_partly_read(img) for img in images) else None


def _partly_read(img: ImageReport) -> bool:
    """Whether ``img`` is a proof with more filled tracking-number blanks than numbers read from it."""
    filled = sum(f.name == "tracking_number" and f.state != "empty" for f in img.fields)
    return img.doc_type == "express_receipt" and filled > len(img.tracking_numbers)


WRITTEN_NUMBER_SLACK = 2
"""Edits by which a number read from handwriting may differ from another and still be taken for
it. The recogniser drops or doubles a digit of a handwritten number (bench seed 8101: 2 of 7 read
numbers one digit short); a wrong parcel's number differs in more than two places but for
numbers issued one after the other, a mismatch this tool then leaves to the reviewer."""


def numbers_agree(numbers: list[str], img: ImageReport, written: bool = False) -> bool:
    """Whether ``img`` shows one of ``numbers``: the same, or, where either side was read from a
    proof's handwriting (``img`` an express receipt, or ``written``), within
    :data:`WRITTEN_NUMBER_SLACK` edits of one."""
    if set(numbers) & set(img.tracking_numbers):
        return True
    slack = WRITTEN_NUMBER_SLACK if written or img.doc_type == "express_receipt" else 0
    return any(edit_distance(a, b) <= slack for a in numbers for b in img.tracking_numbers)


def _weight_mismatch(images: list[ImageReport], share: float, kg: float) -> list[Finding]:
    weighed = [img for img in images if img.doc_type == "weighing_photo" and img.weight_kg is not None]
    if len(weighed) < 2:
        return []
    lo = min(img.weight_kg for img in weighed)
    hi = max(img.weight_kg for img in weighed)
    tolerance = max(share * lo, kg)
    if hi - lo <= tolerance + 1e-9:
        return []
    weights = ", ".join(f"{img.path} {img.weight_kg:g} kg" for img in weighed)
    return [Finding.make("WEIGHT_MISMATCH", images=tuple(img.path for img in weighed), weights=weights,
                         difference=f"{hi - lo:.3g}", tolerance=f"{tolerance:.3g}")]


def todo_list(images: list[ImageReport], findings: list[Finding]) -> list[tuple[str, str]]:
    """What the merchant should do, worst first: (English, Chinese) lines, each naming the photo to
    retake or add and why. Findings of severity info ask for nothing."""
    from ..findings import CODES, severity_rank

    items = [(f, f.images) for f in findings] + [(f, (img.path,)) for img in images for f in img.findings]
    items = [(f, paths) for f, paths in items if f.severity in ("warn", "fail") and CODES[f.code].todo]
    items.sort(key=lambda item: -severity_rank(item[0].severity))
    out = []
    for f, paths in items:
        spec = CODES[f.code]
        shown = ", ".join(paths)
        out.append((f"{spec.todo.format(images=shown)}: {f.message}", f"{spec.todo_zh.format(images=shown)}：{f.message_zh}"))
    return out
