"""RapidOCR's PP-OCR models on onnxruntime (CPU): the better reader of Chinese print in photos.

Pinned to the models inside the rapidocr wheel, so it never downloads anything; the models are
run by :mod:`evidencecheck.ocr.ppocr` (RapidOCR's own processing, without importing RapidOCR,
whose import cost 1.3 s of start-up). onnxruntime's telemetry is switched off before it is
imported, so a run writes nothing under ``~/.cache``.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

import cv2
import numpy as np

from ..errors import MissingDependencyError, OcrError
from . import ppocr
from .base import LineProbabilities, OcrEngine, OcrLine

INSTALL_HINT = "pip install 'evidencecheck[rapid]' (or run `make demo`)"

# The models that ship inside rapidocr 3.10's wheel (see pyproject.toml's pin).
MODEL_FILES = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
}
NEEDS = ("rapidocr", "onnxruntime", "pyclipper")
"""The wheel that carries the models, the runtime, and the polygon offsetting of the detector."""

TEXT_SCORE = 0.5
"""Lines of a page read less surely than this are dropped (RapidOCR's default, kept)."""
REC_BATCH = 6
"""Strips per recogniser call (RapidOCR's own default)."""
REC_PAGE_MIN_RATIO = 1.0
"""The page reader pads a batch only to its longest strip, and at least to a square."""
REC_BATCH_SPREAD = 1.3
"""... and batches strips whose lengths (relative to height) differ by at most this factor, so
little of a batch is padding."""
REC_BATCH_WIDTH_PX = 1920
"""At most this much padded strip width (px at the model's 48 px height) goes to the recogniser
in one call. Measured (one thread, arena off): a call of 6 strips 480 px wide raised the peak by
143 MB, 6 of 1920 px by 553 MB, 6 of 3840 px by 888 MB. A page of 12 long lines (1910 px strips)
read at 1280 px: +678 MB for its page read before, +228 MB with this bound, the same readings
(and the same on 64 generated pages, 903 strips). Generated photos' strips are mostly shorter:
their workers' peaks were unchanged (465 and 466 MB at most on the 60 of bench-batch).
Halved from 3840 (2026-12-04): a dense printed page of 29 lines raised the peak by ~220 MB in its
page read (433-495 MB for that photo alone; 2880: 381, 1920: 377, 1440: 334); `bench-speed --seed
11`: the warm process's peak 564 -> 449 MB, median 631 -> 641 ms (p95 939 -> 928), the reports of
272 images identical."""


def _three_channels(image: np.ndarray) -> np.ndarray:
    """The engine's models take BGR; a grey image is repeated into three channels."""
    return image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)


def available() -> bool:
    """True when the models' wheel, onnxruntime and pyclipper can be imported (none is imported here)."""
    return all(importlib.util.find_spec(m) is not None for m in NEEDS)


def models_dir() -> Path:
    """The ``models`` folder of the installed rapidocr package, found without importing it."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(f"RapidOCR is not installed: {INSTALL_HINT}")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


class RapidEngine(OcrEngine):
    """``threads``: onnxruntime intra-op threads; 1 in batch workers, -1 lets it choose. Each
    model is loaded on its first use, once."""

    name = "rapidocr"
    separate_detector = True

    def __init__(self, threads: int = -1):
        # Measured: onnxruntime 1.31 and 1.32 write a device id and a telemetry database under
        # ~/.cache/Microsoft/ on first use unless this is set before the import.
        os.environ["ORT_DISABLE_TELEMETRY"] = "1"
        missing = [m for m in NEEDS if importlib.util.find_spec(m) is None]
        if missing:
            raise MissingDependencyError(f"RapidOCR is not installed ({', '.join(missing)} missing): {INSTALL_HINT}")
        models = models_dir()
        self._paths: dict[str, Path] = {}
        for stage, fname in MODEL_FILES.items():
            path = models / fname
            if not path.is_file():
                raise MissingDependencyError(
                    f"RapidOCR's {stage} model {fname} is not in its wheel; reinstall the pinned version: {INSTALL_HINT}")
            self._paths[stage] = path
        self._threads = threads
        self._models: dict[str, object] = {}
        self._index: dict[str, int] | None = None
        self._loading = threading.Lock()  # two lanes may ask for a model first at once: load it once

    def _model(self, stage: str):
        if stage in self._models:
            return self._models[stage]
        with self._loading:
            return self._load(stage)

    def _load(self, stage: str):
        if stage not in self._models:
            try:
                sess = ppocr.session(self._paths[stage], self._threads)
            except ImportError as e:
                raise MissingDependencyError(f"onnxruntime cannot be imported ({e}): {INSTALL_HINT}") from None
            except Exception as e:  # onnxruntime errors are not typed
                raise OcrError(f"RapidOCR's {stage} model {self._paths[stage].name} did not load: {e}") from None
            self._models[stage] = {"Det": ppocr.TextDetector, "Rec": ppocr.TextRecognizer.load,
                                   "Cls": ppocr.LineDirection}[stage](sess)
        return self._models[stage]

    def read_page(self, image: np.ndarray, det_long_side: int | None = None,
                  max_lines: int | None = None) -> list[OcrLine]:
        """Lines found by the detector, each read by the recogniser as it lies: the line-direction
        model is not run, because pages reach here turned upright (see ``orientation.py``).
        ``max_lines``: only the tallest this many are read (titles and labels before small print)."""
        return self.read_lines(image, self.detect_lines(image, det_long_side), max_lines)

    def read_lines(self, image: np.ndarray, quads: list[np.ndarray], max_lines: int | None = None) -> list[OcrLine]:
        if max_lines is not None and len(quads) > max_lines:
            heights = [float(np.ptp(q[:, 1])) for q in quads]
            quads = [quads[i] for i in sorted(np.argsort(heights)[::-1][:max_lines])]
        img = np.ascontiguousarray(_three_channels(image))
        read = self._recognise([ppocr.crop_line(img, q) for q in quads])
        lines = []
        for q, (text, score) in zip(quads, read):
            if not text.strip() or score < TEXT_SCORE:
                continue
            xs, ys = q[:, 0], q[:, 1]
            x0, y0 = int(np.floor(xs.min())), int(np.floor(ys.min()))
            box = (x0, y0, max(1, int(np.ceil(xs.max())) - x0), max(1, int(np.ceil(ys.max())) - y0))
            lines.append(OcrLine(str(text), box, float(score)))
        lines.sort(key=lambda l: (l.bbox[1], l.bbox[0]))
        return lines

    def _recognise(self, strips: list[np.ndarray]) -> list[tuple[str, float]]:
        """(text, score) of each one-line strip (BGR). Strips are read in batches of similar
        length, each padded only to its longest member: RapidOCR batches six at a time whatever
        their lengths and pads every batch to at least 320 px wide (6.7 times the strips' 48 px
        height), which on a form of short labels is most of the recogniser's time."""
        if not strips:
            return []
        rec = self._model("Rec")
        ratios = [s.shape[1] / max(1, s.shape[0]) for s in strips]
        order = np.argsort(ratios, kind="stable")
        out: list[tuple[str, float]] = [("", 0.0)] * len(strips)
        batches: list[list[int]] = []
        for i in order:  # shortest first; a batch takes strips up to REC_BATCH_SPREAD times its first's length
            if batches and len(batches[-1]) < REC_BATCH and ratios[i] <= REC_BATCH_SPREAD * ratios[batches[-1][0]]:
                batches[-1].append(i)
            else:
                batches.append([i])
        height = ppocr.REC_SHAPE[1]
        for idx in batches:
            widest = max(REC_PAGE_MIN_RATIO, max(ratios[i] for i in idx))
            # Wide strips go to the model fewer at a time, each still padded to the batch's widest
            # (so each is read as before): the model's memory grows with the batch's total width.
            per_call = max(1, int(REC_BATCH_WIDTH_PX // (widest * height)))
            for part in (idx[k:k + per_call] for k in range(0, len(idx), per_call)):
                try:
                    batch = np.stack([rec.normalise(strips[i], widest) for i in part]).astype(np.float32)
                    preds = rec.probabilities(batch)
                except Exception as e:  # onnxruntime errors are not typed
                    raise OcrError(f"RapidOCR's recogniser failed: {e}") from None
                for i, (text, score) in zip(part, rec.decode(preds)):
                    out[i] = (text, float(score))
        return out

    def read_line(self, image: np.ndarray) -> OcrLine | None:
        rec = self._model("Rec")
        try:
            text, score = rec.read_one(np.ascontiguousarray(_three_channels(image)))
        except Exception as e:  # onnxruntime errors are not typed
            raise OcrError(f"RapidOCR's recogniser failed: {e}") from None
        if not text:
            return None
        h, w = image.shape[:2]
        return OcrLine(str(text), (0, 0, w, h), float(score))

    def detect_lines(self, image: np.ndarray, max_side: int | None = None) -> list[np.ndarray]:
        """Text-line quadrilaterals (4 x 2 float arrays, image pixels) found by the detector alone.

        ``max_side``: run the detector at most this many pixels on the long side (cheaper; enough to
        see where lines run, not to read them). By default, as RapidOCR looks at a whole picture, at
        most 2000 px long and then at least 736 px on the short side."""
        img = np.ascontiguousarray(_three_channels(image))
        if max_side is None:
            h, w = img.shape[:2]
            shrink = min(1.0, ppocr.LINE_MAX_SIDE / max(h, w))
            side = max(ppocr.DET_DEFAULT_SHORT_SIDE, round(min(h, w) * shrink))
            limit = "min"
        else:
            side, limit = max_side, "max"
        detector = self._model("Det")
        try:
            if max_side is None and shrink < 1.0:  # the cap first, as RapidOCR's own pre-processing
                small = cv2.resize(img, (max(1, round(img.shape[1] * shrink)), max(1, round(img.shape[0] * shrink))))
                boxes = detector(small, side, limit) / shrink
            else:
                boxes = detector(img, side, limit)
        except Exception as e:  # onnxruntime errors are not typed
            raise OcrError(f"RapidOCR's detector failed: {e}") from None
        return [np.asarray(b, np.float32) for b in boxes]

    def line_probabilities(self, image: np.ndarray) -> LineProbabilities | None:
        """The recogniser's per-frame character probabilities for a one-line strip: what lets a
        reading be scored against a lexicon rather than only decoded greedily."""
        rec = self._model("Rec")
        img = _three_channels(image)
        h, w = img.shape[:2]
        _, ih, iw = ppocr.REC_SHAPE
        try:
            batch = rec.normalise(np.ascontiguousarray(img), max(iw / ih, w / max(1, h)))[None].astype(np.float32)
            probs = np.asarray(rec.probabilities(batch))[0]
        except Exception as e:  # onnxruntime errors are not typed
            raise OcrError(f"RapidOCR's recogniser failed: {e}") from None
        if self._index is None:
            self._index = {c: i for i, c in enumerate(rec.characters) if i > 0}
        return LineProbabilities(probs.astype(np.float32), self._index)

    def reads_better_turned(self, strips: list[np.ndarray]) -> list[float]:
        """For each text-line strip (BGR): how much better the recogniser reads it turned half
        round than as it stands, its score turned minus its score as it stands, -1..1."""
        if not strips:
            return []
        strips = [np.ascontiguousarray(_three_channels(s)) for s in strips]
        read = self._recognise(strips + [np.ascontiguousarray(s[::-1, ::-1]) for s in strips])
        n = len(strips)
        return [turned[1] - stands[1] for stands, turned in zip(read[:n], read[n:])]

    def upside_down(self, strips: list[np.ndarray]) -> list[tuple[bool, float]]:
        """For each text-line strip (wider than tall): is it upside down, and how sure (0..1)."""
        if not strips:
            return []
        direction = self._model("Cls")
        try:
            res = direction(strips)
        except Exception as e:  # onnxruntime errors are not typed
            raise OcrError(f"RapidOCR's direction model failed: {e}") from None
        return [(label == "180", score) for label, score in res]
