"""The benchmark: fresh synthetic evidence on a seed no model trains on, plus the real photos
in ``../shared/real-dev``, run through the whole pipeline and scored against their truth.

A metric whose check has not run on the images it needs is reported as n/a (None in JSON),
never as 0 or 1. The speed part times each stage on 12 MP photos of sealed delivery proofs.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import thresholds as T
from .checks.appearance import DOC_TYPES
from .findings import CODES
from .report import likely_kinds
from .synth.other import make_other
from .synth.receipt import make_receipt
from .synth.scene import photograph
from .synth.truth import IMAGE_CODES
from .synth.waybill import make_waybill
from .synth.weighing import make_weighing
from .vision.context import AnalysisContext
from .vision.geometry import iou
from .vision.intake import read_image

WEIGHT_TOLERANCE_KG = 0.005
"""A weight read within this of the truth counts as exact (the issue's definition)."""


STAGE_PAIRS = (("orient", "page_text"), ("page_text", "classify"), ("page_text", "fields"),
               ("parcel tracking", "weight"))
"""Stages also timed together (the last: both readers on one weighing photo)."""


@dataclass(frozen=True)
class StageTimes:
    """Milliseconds per image for each stage that ran on it: one dict per image."""

    images: list[dict[str, float]]

    def summary(self) -> dict[str, dict[str, float]]:
        """Median and p95 ms per stage, and per pair of :data:`STAGE_PAIRS` over the images that ran both."""
        t: dict[str, list[float]] = {}
        for times in self.images:
            pairs = {f"{a}+{b}": times[a] + times[b] for a, b in STAGE_PAIRS if a in times and b in times}
            for name, ms in {**times, **pairs}.items():
                t.setdefault(name, []).append(ms)
        return {name: {f"{k}_ms": v for k, v in median_p95(times).items()} for name, times in t.items()}


def median_p95(values) -> dict[str, float]:
    """Median and 95th percentile of ``values``."""
    v = np.asarray(values, float)
    return {"median": float(np.median(v)), "p95": float(np.percentile(v, 95))}


def make_photos(out: Path, n: int, seed: int, long_side: int = 4000, kind: str = "receipt") -> list[Path]:
    """``n`` photos of sealed delivery proofs (``kind`` "receipt"), of waybills ("waybill"), of
    parcels on scales ("weighing") or of other papers and screens ("other"), ``long_side`` pixels
    long (default: 4000 x 3000, 12 MP), taken with the generator's camera, written into ``out``."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    make = {"receipt": lambda: make_receipt(rng, "genuine"), "waybill": lambda: make_waybill(rng),
            "weighing": lambda: make_weighing(rng), "other": lambda: make_other(rng)[0]}[kind]
    paths = []
    for i in range(n):
        ph = photograph(rng, make(), long_side=long_side, allow_rotation=False,
                        **({"fill": (0.98, 1.08)} if kind == "weighing" else {}))
        p = out / f"photo_{i:03d}.jpg"
        p.write_bytes(ph.jpeg)
        paths.append(p)
    return paths


def time_stages(paths: list[Path], repeats: int = 3, ocr: str = "auto") -> StageTimes:
    """Per image, the fastest of ``repeats`` runs of each stage of the pipeline, as the pipeline
    itself times them (``timings_ms`` of its report), and the whole analysis (``total``, the
    decoding included). The OS file cache is warm; models are loaded before timing, as a
    Predictor does once. Without RapidOCR there is no orientation stage, and seals are found but
    not read when there is no OCR engine at all."""
    from .pipeline import Predictor

    predictor = Predictor(ocr=ocr)
    if paths:
        predictor.analyse(paths[0])  # loads every model and engine
    return StageTimes([fastest_run(predictor, p, repeats)[1] for p in paths])


def fastest_run(predictor, path, repeats: int,
                after: Callable[[], None] = lambda: None) -> tuple[float, dict[str, float]]:
    """The fastest of ``repeats`` analyses of ``path`` by ``predictor``: wall ms of the whole call
    (the file read included), and each stage's fastest ms as the pipeline times it. ``after`` runs
    after each analysis, untimed."""
    total, stages = np.inf, {}
    for _ in range(repeats):
        t0 = time.perf_counter()
        report = predictor.analyse(path)
        total = min(total, 1000 * (time.perf_counter() - t0))
        after()
        for name, ms in report.timings_ms.items():
            stages[name] = min(stages.get(name, np.inf), ms)
    return total, stages


SPEED_KINDS = ("receipt", "waybill", "weighing")


def format_speed(by_kind: dict[str, dict[str, dict[str, float]]], n: int, seed: int) -> str:
    """The speed table as text: per stage, median and p95 ms for each kind of photo."""
    kinds = list(by_kind)
    lines = [f"speed: the pipeline on {n} generated 12 MP JPEG photos of each kind (seeds {seed}..{seed + len(kinds) - 1}:"
             f" {', '.join(kinds)}), ms per image as the pipeline times its stages, fastest of 3 runs, warm",
             f"{'stage':22}" + "".join(f" {k + ' median':>16} {'p95':>7}" for k in kinds)]
    stages = list(dict.fromkeys(stage for summary in by_kind.values() for stage in summary))
    for stage in stages:
        cells = []
        for k in kinds:
            v = by_kind[k].get(stage)
            cells.append(f" {v['median_ms']:16.1f} {v['p95_ms']:7.1f}" if v else f" {'-':>16} {'-':>7}")
        lines.append(f"{stage:22}" + "".join(cells))
    return "\n".join(lines)


def run_speed(n: int, seed: int, ocr: str = "auto") -> dict[str, dict[str, dict[str, float]]]:
    """Per kind of photo (:data:`SPEED_KINDS`), the stage times of :func:`time_stages` on ``n``
    fresh 12 MP photos of it."""
    with tempfile.TemporaryDirectory(prefix="evidencecheck-bench-") as tmp:
        return {kind: time_stages(make_photos(Path(tmp) / kind, n, seed + i, kind=kind), ocr=ocr).summary()
                for i, kind in enumerate(SPEED_KINDS)}


# --- accuracy --------------------------------------------------------------------------------

_worker_predictor = None


def _init_worker(ocr: str) -> None:
    global _worker_predictor
    from .pipeline import Predictor

    _worker_predictor = Predictor(ocr=ocr, ocr_threads=1)


def _analyse(path: str) -> dict:
    return _worker_predictor.analyse(path).to_dict()


def analyse_all(paths: list[Path], jobs: int, ocr: str = "auto", progress=None) -> list[dict]:
    """Report dicts for ``paths``, in order, from ``jobs`` worker processes (models loaded once each)."""
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(ocr,)) as pool:
        out = []
        for rep in pool.map(_analyse, [str(p) for p in paths], chunksize=1):
            out.append(rep)
            progress and progress(rep)
        return out


def reliability(conf: np.ndarray, correct: np.ndarray,
                edges=(0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)) -> list[dict]:
    """Per confidence bin: how many predictions, their mean confidence, and the share right.
    Calibrated confidences have accuracy close to confidence in every bin."""
    conf, correct = np.asarray(conf, float), np.asarray(correct, bool)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf >= lo) & (conf < hi)
        if m.any():
            out.append({"bin": f"{lo:.2f}-{min(hi, 1):.2f}", "n": int(m.sum()), "confidence": float(conf[m].mean()),
                        "accuracy": float(correct[m].mean())})
    return out


def format_reliability(rows: list[dict]) -> list[str]:
    return ["  reliability: confidence bin, n, mean confidence, accuracy"] + [
        f"    {r['bin']:>10} {r['n']:6d} {r['confidence']:.3f} {r['accuracy']:.3f}" for r in rows]


def _proof_number_rates(pairs: list[tuple[dict, dict]]) -> dict:
    """On proofs whose disputed number is written by hand: the share whose number is read exactly;
    the share showing a number that is none of the proof's (not within the case rules' slack of
    one); and, judged as the case rules judge a proof against the order's number, the share that
    raises TRACKING_MISMATCH with the right number (a false alarm; of them, the share failing the
    set rather than asking a person to look: a proof read in part warns) and with another parcel's
    of the same carrier (caught)."""
    from .case.rules import WRITTEN_NUMBER_SLACK, numbers_agree, tracking_mismatch
    from .report import Field, ImageReport
    from .synth.people import tracking_number
    from .text.metrics import edit_distance

    written = [(t, r) for t, r in pairs if t["doc_type"] == "express_receipt" and any(
        f["name"] == "tracking_number" and f["state"] == "handwritten" and f["text"] == t["tracking_number"]
        for f in t["fields"])]
    # What the case rules read of a proof: its kind, the numbers read and the blanks' states.
    shown = [(t, ImageReport(r.get("path", ""), doc_type=r["doc_type"], tracking_numbers=list(r["tracking_numbers"]),
                             fields=[Field(f["name"], f["state"], tuple(f["bbox"])) for f in r["fields"]]))
             for t, r in written if r["tracking_numbers"]]
    wrong = sum(any(all(edit_distance(n, f["text"]) > WRITTEN_NUMBER_SLACK
                        for f in t["fields"] if f["name"] == "tracking_number" and f["text"])
                    for n in r.tracking_numbers) for t, r in shown)
    alarms = [tracking_mismatch([r], t["tracking_number"]) for t, r in shown]
    false_alarm = sum(bool(found) for found in alarms)
    failing = sum(any(f.severity == "fail" for f in found) for found in alarms)
    caught = sum(not numbers_agree([tracking_number(np.random.default_rng([t.get("seed", 0), t.get("index", 0), 21]),
                                                    t["carrier"])], r) for t, r in shown)
    return {"proof_number_exact": _ratio(sum(t["tracking_number"] in r["tracking_numbers"] for t, r in written),
                                         len(written)),
            "proof_number_wrong": _ratio(wrong, len(written)),
            "proof_mismatch_matching": _ratio(false_alarm, len(shown)),
            "proof_mismatch_matching_fail": _ratio(failing, len(shown)),
            "proof_mismatch_other_parcel": _ratio(caught, len(shown))}


def withheld_field_groups() -> dict[str, Callable[[dict, dict], bool]]:
    """Tests (truth row, truth field) -> bool for the fields the field-ink model never trained on
    (``train_fields``): a withheld layout's, a withheld print font's printed ones, a withheld pen's
    handwritten ones, and all the others."""
    from .train.field_ink import HELD_OUT_FONTS, HELD_OUT_PENS, withheld_layouts

    layouts = withheld_layouts()
    meta = lambda t, key: (t.get("meta") or {}).get(key)  # noqa: E731
    groups = {f"layout {', '.join(layouts)}": lambda t, tf: meta(t, "layout") in layouts,
              f"print font {', '.join(HELD_OUT_FONTS)}": lambda t, tf: tf["state"] == "printed"
              and meta(t, "fill_font") in HELD_OUT_FONTS,
              f"pen {', '.join(HELD_OUT_PENS)}": lambda t, tf: tf["state"] == "handwritten" and meta(t, "pen") in HELD_OUT_PENS}
    tests = list(groups.values())
    groups["seen in training"] = lambda t, tf: not any(test(t, tf) for test in tests)
    return groups


def matching_field(truth: dict, found: list[dict]) -> dict | None:
    """The reported field that is ``truth``'s: of its name, with the truth's middle inside its box
    (widened by half the truth's height: a field's box is its band, the truth's the ink in it); the
    nearest such when a table reports several. None when the field was not found there."""
    x, y, w, h = truth["box"]
    cx, cy, pad = x + w / 2, y + h / 2, h / 2
    near = [(abs(f["bbox"][0] + f["bbox"][2] / 2 - cx) + abs(f["bbox"][1] + f["bbox"][3] / 2 - cy), i)
            for i, f in enumerate(found) if f["name"] == truth["name"] and f.get("bbox")
            and f["bbox"][0] - pad <= cx <= f["bbox"][0] + f["bbox"][2] + pad
            and f["bbox"][1] - pad <= cy <= f["bbox"][1] + f["bbox"][3] + pad]
    return found[min(near)[1]] if near else None


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def _ran(rep: dict, check: str) -> bool:
    return check in rep.get("checks", [])


def _if_built(pairs: list[tuple[dict, dict]], check: str) -> list[tuple[dict, dict]]:
    """All of ``pairs`` when ``check`` ran on any image (an image it did not run on, e.g. one
    classified as another kind, counts as not read), none when the check is not built."""
    return pairs if any(_ran(r, check) for _, r in pairs) else []


def _weight_rates(pairs: list[tuple[float, dict]], shown: bool = False) -> dict[str, float | None]:
    """Shares of (true kg, report) pairs whose read weight is exact, and that are wrong (a value
    outside the tolerance; no value is neither). ``shown``: the truth is the number the display
    shows, whatever its unit (real-dev's truth.tsv), compared with the report's ``weight_shown``."""
    if shown:
        read = [(v, float(r["weight_shown"]["text"])) for v, r in pairs if r.get("weight_shown")]
    else:
        read = [(kg, r["weight_kg"]) for kg, r in pairs if r["weight_kg"] is not None]
    exact = sum(abs(w - kg) <= WEIGHT_TOLERANCE_KG for kg, w in read)
    return {"weight_exact": _ratio(exact, len(pairs)), "weight_wrong": _ratio(len(read) - exact, len(pairs))}


def _weight_where_none(reports: list[dict]) -> float | None:
    """Share of ``reports`` of photos that show no scale's weight given one all the same (the
    weight is read on every photo whose kind the tool is unsure of)."""
    return _ratio(sum(r["weight_kg"] is not None for r in reports), len(reports))


DIGIT_PX_BINS = (16, 32)
"""The weight is reported apart for displays whose digits stand under 16, 16 to 32, and 32 px or
more tall in the uploaded image (octaves, chosen before looking: at under 16 px a decimal point
is a pixel or two, and a unit lit at a third of the digits' height is a few pixels)."""


def digit_px(t: dict) -> float | None:
    """How tall a generated weighing photo's display digits stand in the uploaded image (px): the
    digits as drawn, scaled as the panel was by the photograph and the sharing, measured along
    the panel's length (its box's long side against the panel's drawn width: a tilt or a quarter
    turn changes the box's height, hardly its length). None for a truth row made before the
    panel's size was recorded."""
    m, box = t.get("meta") or {}, t.get("display_box")
    if not box or not m.get("panel"):
        return None
    return m["digit_h"] * m.get("squash", 1.0) * max(box[2], box[3]) / m["panel"][0]


def _weight_by_digit_px(pairs: list[tuple[dict, dict]]) -> dict[str, tuple[float | None, int]]:
    """Weight exact (share, n) per :data:`DIGIT_PX_BINS` bin of :func:`digit_px`."""
    lo, hi = DIGIT_PX_BINS
    bins: dict[str, list] = {f"<{lo}": [], f"{lo}-{hi}": [], f">={hi}": []}
    for t, r in pairs:
        px = digit_px(t)
        if px is not None:
            bins[f"<{lo}" if px < lo else f"{lo}-{hi}" if px < hi else f">={hi}"].append((t["weight_kg"], r))
    return {name: (_weight_rates(b)["weight_exact"], len(b)) for name, b in bins.items()}


def _unsure(r: dict) -> bool:
    return bool((r.get("doc_type_evidence") or {}).get("unsure"))


def _kind_rates(pairs: list[tuple[dict, dict]], prefix: str = "doc_type_") -> dict:
    """Over (truth, report) pairs whose kind was decided: accuracy, recall per kind, the share
    reported unsure, and the share wrong while sure (the errors that fail a merchant)."""
    n = len(pairs)
    return {f"{prefix}accuracy": _ratio(sum(t["doc_type"] == r["doc_type"] for t, r in pairs), n),
            f"{prefix}recall": {d: _ratio(sum(r["doc_type"] == d for t, r in pairs if t["doc_type"] == d),
                                          sum(t["doc_type"] == d for t, r in pairs)) for d in DOC_TYPES},
            f"{prefix}unsure": _ratio(sum(_unsure(r) for t, r in pairs), n),
            f"{prefix}sure_wrong": _ratio(sum(t["doc_type"] != r["doc_type"] and not _unsure(r) for t, r in pairs), n)}


def _withheld() -> frozenset:
    from .train.doc_type import withheld_branches

    return withheld_branches()


def _branch_withheld(t: dict, withheld: frozenset) -> bool:
    layout = (t.get("meta") or {}).get("layout")
    return (t["doc_type"], t.get("variant")) in withheld or (t["doc_type"], layout) in withheld


def _seconds_per_image(reports: list[dict]) -> dict[str, float]:
    return median_p95([r["timings_ms"].get("total", 0.0) / 1000.0 for r in reports])


def score_synthetic(truth: list[dict], reports: list[dict]) -> dict:
    """Every accuracy figure the truth allows, None where the check did not run."""
    m: dict = {"n": len(truth)}
    pairs = list(zip(truth, reports))

    cls = [(t, r) for t, r in pairs if _ran(r, "classify")]
    m["doc_type_reliability"] = reliability([r["confidence"] for t, r in cls],
                                            [t["doc_type"] == r["doc_type"] for t, r in cls]) if cls else None
    m.update(_kind_rates(cls))
    withheld = _withheld()
    held = [(t, r) for t, r in cls if _branch_withheld(t, withheld)]
    m["doc_type_withheld"] = {"n": len(held), **_kind_rates(held, prefix="")} if held else None
    m["doc_type_by_photo"] = {photo: _kind_rates([(t, r) for t, r in cls if (t.get("meta") or {}).get("photo") == photo],
                                                 prefix="")
                              for photo in sorted({(t.get("meta") or {}).get("photo") for t, _ in cls} - {None})}
    turned = [(t, r) for t, r in cls if r.get("rotation") is not None]
    m["rotation_accuracy"] = _ratio(sum(90 * int(t["meta"].get("rotation_k") or 0) == r["rotation"]
                                        for t, r in turned), len(turned))

    m["findings"] = {}
    for code in IMAGE_CODES:
        tp = fp = fn = warned = 0
        for t, r in pairs:
            if not _ran(r, CODES[code].check):
                continue
            got = code in {f["code"] for f in r["findings"]}
            if code in t["raise_codes"]:
                tp += got
                fn += not got
                # A miss said as a warning of the same check (STAMP_UNSURE or STAMP_TOO_SMALL for
                # NO_STAMP) asks for a look: not silent.
                warned += not got and any(f.get("severity") == "warn" and CODES[f["code"]].check == CODES[code].check
                                          for f in r["findings"] if f["code"] in CODES)
            elif code in t["not_codes"]:
                fp += got
        m["findings"][code] = {"precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                               "f1": _ratio(2 * tp, 2 * tp + fp + fn),
                               "tp": tp, "fp": fp, "fn": fn, "fn_warned": warned,
                               "evaluated": any(_ran(r, CODES[code].check) for r in reports)}

    fields = [(t, tf, r) for t, r in pairs if _ran(r, "fields") for tf in t["fields"]]
    right = [(f := matching_field(tf, r["fields"])) is not None and f["state"] == tf["state"] for _, tf, r in fields]
    m["field_state_accuracy"] = _ratio(sum(right), len(fields))
    m["field_state_withheld"] = {name: _ratio(sum(ok for ok, (t, tf, _) in zip(right, fields) if keep(t, tf)),
                                              sum(keep(t, tf) for t, tf, _ in fields))
                                 for name, keep in withheld_field_groups().items()}
    genuine_receipts = [r for t, r in pairs if t["doc_type"] == "express_receipt" and t.get("variant") == "genuine"
                        and _ran(r, "fields")]
    m["fully_printed_on_genuine"] = _ratio(sum("FULLY_PRINTED" in {f["code"] for f in r["findings"]}
                                               for r in genuine_receipts), len(genuine_receipts))

    wb = _if_built([(t, r) for t, r in pairs if t["doc_type"] == "waybill"], "tracking")
    m["tracking_exact"] = _ratio(sum(t["tracking_number"] in r["tracking_numbers"] for t, r in wb), len(wb))
    m["tracking_wrong"] = _ratio(sum(any(n != t["tracking_number"] for n in r["tracking_numbers"]) for t, r in wb),
                                 len(wb))

    m.update(_proof_number_rates([(t, r) for t, r in pairs if _ran(r, "fields")]))

    weighed = _if_built([(t, r) for t, r in pairs if t["doc_type"] == "weighing_photo"], "weight")
    m.update(_weight_rates([(t["weight_kg"], r) for t, r in weighed]))
    m["weight_exact_by_digit_px"] = _weight_by_digit_px(weighed)
    m["weight_where_none"] = _weight_where_none([r for t, r in pairs if t["doc_type"] != "weighing_photo"])

    ran = [(t, r) for t, r in pairs if _ran(r, "stamps")]
    sealed = [(t, r) for t, r in ran if t["doc_type"] == "express_receipt" and t["stamps"]]
    m["stamp_recall"] = _ratio(sum(any(iou(ts["box"], s["bbox"]) >= 0.3 for s in r["stamps"])
                                   for t, r in sealed for ts in t["stamps"]), sum(len(t["stamps"]) for t, r in sealed))
    bare = [(t, r) for t, r in ran if not t["stamps"]]
    m["false_stamp_rate"] = _ratio(sum(bool(r["stamps"]) for t, r in bare), len(bare))
    st = [(t, r) for t, r in pairs if t["doc_type"] == "express_receipt" and t["stamps"] and _ran(r, "stamps")]
    carriers = [{s["carrier"] for s in r["stamps"]} - {None} for t, r in st]
    m["stamp_carrier_right"] = _ratio(sum(t["stamp_carrier"] in c for (t, r), c in zip(st, carriers)), len(st))
    m["stamp_carrier_wrong"] = _ratio(sum(bool(c - {t["stamp_carrier"]}) for (t, r), c in zip(st, carriers)), len(st))

    genuine = [r for t, r in pairs if not t["raise_codes"]]
    m["false_reject_rate"] = _ratio(sum(r["verdict"] == "fail" for r in genuine), len(genuine))

    m["seconds_per_image"] = _seconds_per_image(reports)
    m["checks_run"] = list(dict.fromkeys(c for r in reports for c in r.get("checks", [])))
    return m


def _fingerprint(image):
    from .case.near_copies import fingerprint

    return fingerprint(AnalysisContext(image).gray(T.DUPLICATE_LONG_SIDE).pixels)


def near_copy_bytes(bgr: np.ndarray, rng: np.random.Generator) -> bytes:
    """A near copy of ``bgr`` as a merchant makes one: cropped by up to 6% a side, shrunk to 0.4 to
    0.9, brightened or darkened by up to 10%, saved again at JPEG 55 to 90."""
    import cv2

    h, w = bgr.shape[:2]
    t, b, left, right = rng.uniform(0, 0.06, 4)
    crop = bgr[int(t * h):h - int(b * h), int(left * w):w - int(right * w)]
    f = rng.uniform(0.4, 0.9)
    small = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    small = np.clip(small.astype(np.float32) * rng.uniform(0.9, 1.1), 0, 255).astype(np.uint8)
    return cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(55, 91))])[1].tobytes()


def _near_copy_task(args) -> tuple[bool, int]:
    """Whether image ``path``'s near copy is found, and how many of ``others`` (distinct images)
    are taken for copies of it."""
    from .case.near_copies import same_picture
    from .vision.intake import decode_image

    path, others, seed, index = args
    image = _decoded(path)
    if image is None:  # no picture, no copy of it to find: the image counts as not found
        return False, 0
    fp = _fingerprint(image)
    copy = decode_image(near_copy_bytes(image.pixels, np.random.default_rng([seed, index, 7])))
    false = sum(same_picture(fp, _fingerprint(o)) for o in map(_decoded, others) if o is not None)
    return same_picture(fp, _fingerprint(copy)), false


def _decoded(path: str):
    """The decoded image at ``path``, None when it cannot be decoded (a real set may hold such)."""
    from .errors import ImageDecodeError

    try:
        return read_image(path)[1]
    except ImageDecodeError:
        return None


def score_near_copies(paths: list[Path], kinds: list[str], seed: int, jobs: int, neighbours: int | None = 2) -> dict:
    """Near-copy detection (DUPLICATE_IMAGE): the share of images whose near copy
    (:func:`near_copy_bytes`) is found, and the share of pairs of distinct images of one kind taken
    for copies: each image against the next ``neighbours`` of its kind, or all later ones (None)."""
    tasks = []
    for i, (p, k) in enumerate(zip(paths, kinds)):
        same = [q for q, kq in zip(paths[i + 1:], kinds[i + 1:]) if kq == k]
        tasks.append((str(p), [str(q) for q in (same if neighbours is None else same[:neighbours])], seed, i))
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_near_copy_task, tasks, chunksize=4))
    pairs = sum(len(t[1]) for t in tasks)
    return {"copies_found": _ratio(sum(found for found, _ in results), len(results)),
            "false_duplicates": _ratio(sum(false for _, false in results), pairs), "pairs": pairs}


def read_real_truth(real_dir: Path) -> list[dict]:
    """``truth.tsv`` of a folder of real images: file, doc_type, red_stamps, weight ('-' = none;
    the number shown, a unit may follow). Each row gets ``path``, the image's path."""
    with open(real_dir / "truth.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [{**r, "path": str(real_dir / r["file"])} for r in rows]


def _shown_number(weight: str) -> float | None:
    """The number of a truth row's weight ("13.38", "13.38 kg"), None for '-' or nothing."""
    m = re.match(r"\s*(\d+(?:\.\d+)?)", weight or "")
    return float(m.group(1)) if m else None


def _weight_with_unit(weight: str) -> tuple[float, str, float] | None:
    """A truth row's weight with its unit ("185.11 g"): (number, unit, half its last digit's step),
    None when the row gives no unit."""
    m = re.fullmatch(r"\s*(\d+)(?:\.(\d+))?\s*(kg|g|lb|斤)\s*", weight or "")
    if m is None:
        return None
    return float(f"{m[1]}.{m[2] or 0}"), m[3], 0.5 * 10.0 ** -len(m[2] or "")


def _kg_rates(pairs: list[tuple[dict, dict]]) -> dict[str, float | None]:
    """Of real images whose truth names the unit: the share whose weight in kg is the display's
    number in that unit (to its last digit), and the share given another weight. The shown number
    alone (:func:`_weight_rates`) counts a reading whose unit was not read, which gives no weight."""
    from .checks.weight import UNITS_KG

    exact = wrong = 0
    for t, r in pairs:
        number, unit, step = _weight_with_unit(t["weight"])
        if r["weight_kg"] is None:
            continue
        # Within the truth's last digit, or the report's rounding to 0.1 g (its kg keep 4 decimals).
        if abs(r["weight_kg"] / UNITS_KG[unit] - number) <= max(step, 0.5e-4 / UNITS_KG[unit]):
            exact += 1
        else:
            wrong += 1
    return {"weight_kg_exact": _ratio(exact, len(pairs)), "weight_kg_wrong": _ratio(wrong, len(pairs))}


GENUINE_KINDS = ("waybill", "weighing_photo", "express_receipt")


def score_real(truth: list[dict], reports: list[dict]) -> dict:
    pairs = list(zip(truth, reports))
    m: dict = {"n": len(truth)}
    cls = [(t, r) for t, r in pairs if _ran(r, "classify")]
    m.update(_kind_rates(cls))
    m["doc_type_counts"] = {d: sum(t["doc_type"] == d for t, _ in cls) for d in DOC_TYPES}
    m["doc_type_wrong"] = [f"{t['file']} ({r['doc_type']} {r['confidence']:.2f}{' unsure' if _unsure(r) else ''}, "
                           f"truth {t['doc_type']})" for t, r in cls if t["doc_type"] != r["doc_type"]] if cls else None
    # The worst error: genuine evidence the case rules would not count as its kind (taken surely
    # for another, or unsure between others): the case would fail on it.
    m["doc_type_reliability"] = reliability([r["confidence"] for t, r in cls],
                                            [t["doc_type"] == r["doc_type"] for t, r in cls]) if cls else None
    m["genuine_failed_for_type"] = [t["file"] for t, r in cls if t["doc_type"] in GENUINE_KINDS
                                    and t["doc_type"] not in likely_kinds(r["doc_type"], r.get("doc_type_evidence"))]
    st = [(t, r) for t, r in pairs if _ran(r, "stamps")]
    m["stamp_count_exact"] = _ratio(sum(int(t["red_stamps"]) == len(r["stamps"]) for t, r in st), len(st))
    m["stamp_count_wrong"] = [f"{t['file']} ({len(r['stamps'])}, truth {t['red_stamps']})"
                              for t, r in st if int(t["red_stamps"]) != len(r["stamps"])] if st else None
    m.update(_weight_rates([(_shown_number(t["weight"]), r) for t, r in _if_built(
        [(t, r) for t, r in pairs if _shown_number(t["weight"]) is not None], "weight")], shown=True))
    m.update(_kg_rates(_if_built([(t, r) for t, r in pairs if _weight_with_unit(t["weight"])], "weight")))
    m["weight_where_none"] = _weight_where_none([r for t, r in pairs if _shown_number(t["weight"]) is None])
    # Tracking on every real waybill whose number is legible (truth not '-'), whatever type it was given.
    legible = [(t, r) for t, r in pairs if t["doc_type"] == "waybill" and t.get("tracking", "-") not in ("-", "")]
    m["tracking_exact"] = _ratio(sum(t["tracking"] in r["tracking_numbers"] for t, r in legible), len(legible))
    m["tracking_wrong"] = _ratio(sum(any(n != t["tracking"] for n in r["tracking_numbers"]) for t, r in legible),
                                 len(legible))
    m["tracking_missed"] = [f"{t['file']} ({', '.join(r['tracking_numbers']) or r['doc_type']}, truth {t['tracking']})"
                            for t, r in legible if r["tracking_numbers"] != [t["tracking"]]]
    m["low_quality"] = sorted(t["file"] for t, r in pairs if "LOW_QUALITY" in {f["code"] for f in r["findings"]})
    m["seconds_per_image"] = _seconds_per_image(reports)
    return m


def _fmt(v) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _copies(m: dict | None) -> str:
    return "n/a" if not m else f"{_fmt(m['copies_found'])} / {_fmt(m['false_duplicates'])} ({m['pairs']})"


def format_table(syn: dict, reals: dict[str, dict] | None, seed: int) -> str:
    """One table: the synthetic set's figures, and each real folder's (``reals``: name -> its
    figures) where its truth allows."""
    reals = reals or {}

    def each(get) -> list:
        return [get(r) for r in reals.values()]

    def pair(a, b) -> str:
        return f"{_fmt(a)} / {_fmt(b)}"

    held = syn.get("doc_type_withheld") or {}
    rows = [("doc_type accuracy", syn["doc_type_accuracy"], each(lambda r: r.get("doc_type_accuracy")))]
    rows += [(f"  recall {d}", syn["doc_type_recall"][d],
              each(lambda r, d=d: f"{_fmt(r['doc_type_recall'][d])} ({r['doc_type_counts'][d]})")) for d in DOC_TYPES]
    rows += [("  unsure / sure and wrong", pair(syn["doc_type_unsure"], syn["doc_type_sure_wrong"]),
              each(lambda r: pair(r.get("doc_type_unsure"), r.get("doc_type_sure_wrong")))),
             (f"doc_type on withheld branches (n={held.get('n', 0)})", held.get("accuracy"), None)]
    rows += [(f"  recall {d}", held["recall"][d], None) for d in DOC_TYPES if held and held["recall"][d] is not None]
    rows += [(f"doc_type on {photo} photos", v["accuracy"], None) for photo, v in syn.get("doc_type_by_photo", {}).items()]
    rows += [("rotation accuracy", syn["rotation_accuracy"], None)]
    for code, v in syn["findings"].items():
        rows.append((f"{code} P / R / F1 (fp)", f"{_fmt(v['precision'])} / {_fmt(v['recall'])} / {_fmt(v['f1'])} "
                     f"({v['fp']})" if v["evaluated"] else "n/a", None))
        if v.get("fn"):
            rows.append(("  missed, a warning of its check instead", f"{v.get('fn_warned', 0)} of {v['fn']}", None))
    rows += [("field-state accuracy", syn["field_state_accuracy"], None)]
    rows += [(f"  on {name}", v, None) for name, v in syn.get("field_state_withheld", {}).items()]
    rows += [
             ("FULLY_PRINTED on genuine receipts", syn["fully_printed_on_genuine"], None),
             ("tracking exact / wrong", pair(syn["tracking_exact"], syn["tracking_wrong"]),
              each(lambda r: pair(r.get("tracking_exact"), r.get("tracking_wrong")))),
             ("proof's written number exact / wrong", pair(syn["proof_number_exact"], syn["proof_number_wrong"]), None),
             ("TRACKING_MISMATCH beside right / other waybill",
              pair(syn["proof_mismatch_matching"], syn["proof_mismatch_other_parcel"]), None),
             ("  beside the right one, failing the set", syn.get("proof_mismatch_matching_fail"), None),
             ("weight exact / wrong", pair(syn["weight_exact"], syn["weight_wrong"]),
              each(lambda r: pair(r.get("weight_exact"), r.get("weight_wrong")))),
             ("  exact, digits " + " / ".join(syn.get("weight_exact_by_digit_px") or {}) + " px",
              " / ".join(f"{_fmt(v)} ({n})" for v, n in (syn.get("weight_exact_by_digit_px") or {}).values()), None),
             ("  in kg, where the truth names the unit", None,
              each(lambda r: pair(r.get("weight_kg_exact"), r.get("weight_kg_wrong")))),
             ("  given where the photo shows no weight", syn.get("weight_where_none"),
              each(lambda r: r.get("weight_where_none"))),
             ("stamp recall (receipts)", syn["stamp_recall"], None),
             ("false-stamp rate (unsealed images)", syn["false_stamp_rate"], None),
             ("stamp carrier right / wrong", pair(syn["stamp_carrier_right"], syn["stamp_carrier_wrong"]), None),
             ("stamp count exact", None, each(lambda r: r.get("stamp_count_exact"))),
             ("false-reject rate", syn["false_reject_rate"], None),
             ("near copies found / distinct pairs taken (pairs)", _copies(syn.get("near_copies")),
              each(lambda r: _copies(r.get("near_copies")))),
             ("s/image median / p95", f"{syn['seconds_per_image']['median']:.3f} / {syn['seconds_per_image']['p95']:.3f}",
              each(lambda r: f"{r['seconds_per_image']['median']:.3f} / {r['seconds_per_image']['p95']:.3f}"))]
    head = f"evidencecheck bench · synthetic n={syn['n']} seed={seed}"
    head += f" (camera photos {syn['photo_side']} px long)" if syn.get("photo_side") else ""
    head += "".join(f" · {name} n={r['n']}" for name, r in reals.items())
    lines = [head, f"checks run: {', '.join(syn['checks_run'])} (metrics of other checks: n/a)",
             f"{'metric':48} {'synthetic':>30}" + "".join(f" {name[:20]:>20}" for name in reals)]
    for name, a, b in rows:
        a = a if isinstance(a, str) else _fmt(a)
        b = b if b is not None else ["-"] * len(reals)
        lines.append(f"{name:48} {a:>30}" + "".join(f" {v if isinstance(v, str) else _fmt(v):>20}" for v in b))
    if syn.get("doc_type_reliability"):
        lines += ["doc_type confidence, synthetic:"] + format_reliability(syn["doc_type_reliability"])
    for name, r in reals.items():
        if r.get("doc_type_reliability"):
            lines += [f"doc_type confidence, {name}:"] + format_reliability(r["doc_type_reliability"])
        lines.append(f"{name}: given LOW_QUALITY: {', '.join(r['low_quality']) or 'none'}")
        if r.get("doc_type_wrong") is not None:
            lines.append(f"{name}: doc_type wrong: " + (", ".join(r["doc_type_wrong"]) or "none"))
            lines.append(f"{name}: genuine evidence failed for its type: " + (", ".join(r["genuine_failed_for_type"]) or "none"))
        if r.get("tracking_missed"):
            lines.append(f"{name}: tracking not read as the truth: " + ", ".join(r["tracking_missed"]))
        if r.get("stamp_count_wrong") is not None:
            lines.append(f"{name}: stamp count wrong: " + (", ".join(r["stamp_count_wrong"]) or "none"))
    return "\n".join(lines)


def fresh_seed(seed: int | None = None) -> int:
    """``seed``, or a new random one; refuses the seeds reserved for training, validation and samples."""
    from .errors import UsageError
    from .synth.generate import is_reserved

    if seed is None:
        import secrets

        seed = 1_000_000 + secrets.randbelow(10**9)
    if is_reserved(seed):
        raise UsageError(f"seed {seed} is reserved for training, validation or the samples")
    return seed


def run_bench(n: int, seed: int, out: Path, jobs: int, real_dirs: list[Path] = (), ocr: str = "auto",
              speed_n: int = 0, progress=None, kinds: tuple[str, ...] | None = None,
              photo_side: int | None = None) -> dict:
    """Generate (``kinds``: the doc types, in rotation; None: all; ``photo_side``: every camera
    photo that long, None: 1000-4000 px at random), analyse and score; time the
    stages on ``speed_n`` 12 MP photos. Writes the images and their truth to out/images, each
    image's report to out/reports.jsonl, and the results (also returned) to out/bench.json."""
    from .synth.generate import KINDS, generate

    images = out / "images"
    truth = generate(images, n, seed, kinds or KINDS, jobs=jobs, progress=progress, photo_side=photo_side)
    reports = analyse_all([images / t["file"] for t in truth], jobs, ocr, progress)
    with open(out / "reports.jsonl", "w", encoding="utf-8") as f:  # per image, to look into misses
        for rep in reports:
            f.write(json.dumps(rep, ensure_ascii=False) + "\n")
    result = {"seed": seed, "synthetic": {**score_synthetic(truth, reports), "photo_side": photo_side}}
    result["synthetic"]["near_copies"] = score_near_copies([images / t["file"] for t in truth],
                                                           [t["doc_type"] for t in truth], seed, jobs)
    if real_dirs:
        result["real"] = {}
        for d in real_dirs:
            rt = read_real_truth(Path(d))
            real_reports = analyse_all([Path(t["path"]) for t in rt], jobs, ocr)
            name = Path(d).name
            with open(out / f"real-reports-{name}.jsonl", "w", encoding="utf-8") as f:
                for rep in real_reports:
                    f.write(json.dumps(rep, ensure_ascii=False) + "\n")
            result["real"][name] = score_real(rt, real_reports)
            # Real photos: every pair of them, whatever their kind (few, and all distinct).
            result["real"][name]["near_copies"] = score_near_copies([Path(t["path"]) for t in rt], ["any"] * len(rt),
                                                                    seed, jobs, neighbours=None)
    if speed_n:
        result["speed"] = {"n": speed_n, "seed": seed + 1, "stages": run_speed(speed_n, seed + 1, ocr)}
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def run_batch_bench(n: int, cases: int, seed: int, out: Path, jobs_list: list[int], ocr: str = "auto",
                    progress=None, cluster: bool = False) -> dict:
    """Time batch screening: ``n`` fresh generated images in ``cases`` cases (consecutive images,
    so each holds every kind; tickets alternate), screened once per value of ``jobs_list`` by the
    local process pool and, with ``cluster``, once more on a local Dask cluster of as many worker
    processes, each time into an empty output folder. Returns, per run (``pool:N``,
    ``cluster:N``), wall seconds, images per second and the workers' peak resident memory (MB)."""
    from .batch import read_inputs, run_batch, write_reports
    from .synth.generate import generate

    images = out / "images"
    truth = generate(images, n, seed, jobs=max(jobs_list))
    manifest = out / "manifest.csv"
    per = max(1, n // cases)
    with open(manifest, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case_id", "ticket", "tracking", "image_path"])
        for i, t in enumerate(truth):
            c = min(i // per, cases - 1)
            w.writerow([f"case-{c:04d}", ("not_received", "missing_items")[c % 2], "", f"images/{t['file']}"])
    runs = {}
    for path, jobs in [("pool", j) for j in jobs_list] + ([("cluster", j) for j in jobs_list] if cluster else []):
        outdir = out / f"{path}{jobs}"
        if outdir.exists():
            import shutil

            shutil.rmtree(outdir)
        result = run_batch(read_inputs(manifest), outdir, jobs, ocr, progress=progress,
                           cluster=f"local:{jobs}" if path == "cluster" else None)
        write_reports(result, outdir)
        runs[f"{path}:{jobs}"] = {"seconds": round(result.seconds, 1), "images": result.images,
                      "images_per_second": round(result.images / result.seconds, 3),
                      "peak_rss_mb_per_worker": {str(pid): round(mb) for pid, mb in result.peak_rss_mb.items()},
                      "verdicts": {v: sum(c.verdict == v for c in result.cases) for v in ("fail", "warn", "pass")}}
    result = {"seed": seed, "n": n, "cases": cases, "runs": runs}
    (out / "batch-bench.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def format_batch_bench(result: dict) -> str:
    """The bench-batch table: per run, wall time, images/s, the speed-up over the same path with one
    worker, peak memory; and, where both paths ran, the cluster's overhead per image over the pool."""
    lines = [f"evidencecheck bench-batch · n={result['n']} images in {result['cases']} cases · seed={result['seed']}",
             f"{'run':>10} {'wall s':>8} {'images/s':>9} {'speed-up':>9} {'peak MB per worker':>20}  verdicts"]
    runs = result["runs"]
    for name, r in runs.items():
        path, jobs = name.split(":")
        one = runs.get(f"{path}:1")
        speedup = f"{one['seconds'] / r['seconds']:.2f}" if one else "-"
        peak = ", ".join(str(v) for v in r["peak_rss_mb_per_worker"].values())
        lines.append(f"{name:>10} {r['seconds']:>8.1f} {r['images_per_second']:>9.3f} {speedup:>9} {peak:>20}  "
                     f"{r['verdicts']}")
    for name, r in runs.items():
        path, jobs = name.split(":")
        pool = runs.get(f"pool:{jobs}")
        if path == "cluster" and pool:
            extra = (r["seconds"] - pool["seconds"]) / r["images"] * 1000
            lines.append(f"cluster overhead with {jobs} worker(s): {extra:+.0f} ms per image over the pool "
                         f"(starting the local cluster included)")
    return "\n".join(lines)
