"""RapidOCR (PP-OCR models on onnxruntime, CPU): the better reader of Chinese print in photos.

Pinned to the models inside the rapidocr wheel, so it never downloads anything; onnxruntime's
telemetry is switched off before it is imported, so a run writes nothing under ``~/.cache``.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import MissingDependencyError, OcrError
from .base import LineProbabilities, OcrEngine, OcrLine

INSTALL_HINT = "pip install 'evidencecheck[rapid]' (or run `make demo`)"

# The models that ship inside rapidocr 3.10's wheel (see pyproject.toml's pin).
MODEL_FILES = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
}


REC_BATCH = 6
"""Strips per recogniser call (RapidOCR's own default)."""
REC_PAGE_MIN_RATIO = 1.0
"""The page reader pads a batch only to its longest strip, and at least to a square."""
REC_BATCH_SPREAD = 1.3
"""... and batches strips whose lengths (relative to height) differ by at most this factor, so
little of a batch is padding."""


def _three_channels(image: np.ndarray) -> np.ndarray:
    """The engine's models take BGR; a grey image is repeated into three channels."""
    return image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)


def available() -> bool:
    """True when rapidocr and onnxruntime can be imported."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


class RapidEngine(OcrEngine):
    """``threads``: onnxruntime intra-op threads; 1 in batch workers, -1 lets it choose."""

    name = "rapidocr"

    def __init__(self, threads: int = -1):
        # Measured: onnxruntime 1.31 and 1.32 write a device id and a telemetry database under
        # ~/.cache/Microsoft/ on first use unless this is set before the import.
        os.environ["ORT_DISABLE_TELEMETRY"] = "1"
        try:
            import rapidocr
            from rapidocr import RapidOCR
            from rapidocr.utils.process_img import get_rotate_crop_image
        except ImportError as e:
            raise MissingDependencyError(f"RapidOCR is not installed ({e}): {INSTALL_HINT}") from None
        models = Path(rapidocr.__file__).parent / "models"
        params: dict = {"Global.log_level": "error",
                        "EngineConfig.onnxruntime.intra_op_num_threads": threads}
        for stage, fname in MODEL_FILES.items():
            path = models / fname
            if not path.is_file():
                raise MissingDependencyError(
                    f"RapidOCR's {stage} model {fname} is not in its wheel; reinstall the pinned version: {INSTALL_HINT}")
            params[f"{stage}.model_path"] = str(path)
        self._ocr = RapidOCR(params=params)
        self._index: dict[str, int] | None = None
        self._crop = get_rotate_crop_image  # a line's quadrilateral cut out straight, as RapidOCR cuts it
        self._text_score = float(self._ocr.cfg.Global.text_score)  # lines read less surely are dropped, as RapidOCR does
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)

    def _run(self, image: np.ndarray, **kw):
        img = _three_channels(image)
        try:
            return self._ocr(np.ascontiguousarray(img), **kw)
        except Exception as e:  # onnxruntime errors are not typed
            raise OcrError(f"RapidOCR failed: {e}") from None

    @contextmanager
    def _detector_side(self, max_side: int | None):
        """Within the block, the detector runs at most ``max_side`` px on the long side (it reads
        its size per call); by default (None) it enlarges to 736 px on the short side."""
        if max_side is None:
            yield
            return
        det = self._ocr._load_det_model()
        saved = det.limit_type, det.limit_side_len
        det.limit_type, det.limit_side_len = "max", max_side
        try:
            yield
        finally:
            det.limit_type, det.limit_side_len = saved

    def read_page(self, image: np.ndarray, det_long_side: int | None = None,
                  max_lines: int | None = None) -> list[OcrLine]:
        """Lines found by the detector, each read by the recogniser as it lies: the line-direction
        model is not run, because pages reach here turned upright (see ``orientation.py``).
        ``max_lines``: only the tallest this many are read (titles and labels before small print)."""
        quads = self.detect_lines(image, det_long_side)
        if max_lines is not None and len(quads) > max_lines:
            heights = [float(np.ptp(q[:, 1])) for q in quads]
            quads = [quads[i] for i in sorted(np.argsort(heights)[::-1][:max_lines])]
        img = np.ascontiguousarray(_three_channels(image))
        read = self._recognise([self._crop(img, q.copy()) for q in quads])
        lines = []
        for q, (text, score) in zip(quads, read):
            if not text.strip() or score < self._text_score:
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
        rec = self._ocr._load_rec_model()
        ratios = [s.shape[1] / max(1, s.shape[0]) for s in strips]
        order = np.argsort(ratios, kind="stable")
        out: list[tuple[str, float]] = [("", 0.0)] * len(strips)
        batches: list[list[int]] = []
        for i in order:  # shortest first; a batch takes strips up to REC_BATCH_SPREAD times its first's length
            if batches and len(batches[-1]) < REC_BATCH and ratios[i] <= REC_BATCH_SPREAD * ratios[batches[-1][0]]:
                batches[-1].append(i)
            else:
                batches.append([i])
        for idx in batches:
            widest = max(REC_PAGE_MIN_RATIO, max(ratios[i] for i in idx))
            try:
                batch = np.stack([rec.resize_norm_img(strips[i], widest) for i in idx]).astype(np.float32)
                preds = rec.session(batch)
            except Exception as e:  # onnxruntime errors are not typed
                raise OcrError(f"RapidOCR's recogniser failed: {e}") from None
            read, _ = rec.postprocess_op(preds, False, wh_ratio_list=[ratios[i] for i in idx], max_wh_ratio=widest)
            for i, (text, score) in zip(idx, read):
                out[i] = (text, float(score))
        return out

    def read_line(self, image: np.ndarray) -> OcrLine | None:
        r = self._run(image, use_det=False, use_cls=False, use_rec=True)
        if not getattr(r, "txts", None) or not r.txts[0]:
            return None
        h, w = image.shape[:2]
        return OcrLine(str(r.txts[0]), (0, 0, w, h), float(r.scores[0]))

    def detect_lines(self, image: np.ndarray, max_side: int | None = None) -> list[np.ndarray]:
        """Text-line quadrilaterals (4 x 2 float arrays, image pixels) found by the detector alone.

        ``max_side``: run the detector at most this many pixels on the long side (cheaper; enough to
        see where lines run, not to read them). By default it enlarges to 736 px on the short side."""
        if max_side is None:
            boxes = getattr(self._run(image, use_det=True, use_cls=False, use_rec=False), "boxes", None)
        else:
            with self._detector_side(max_side):
                try:
                    boxes = self._ocr._load_det_model()(np.ascontiguousarray(_three_channels(image))).boxes
                except Exception as e:  # onnxruntime errors are not typed
                    raise OcrError(f"RapidOCR's detector failed: {e}") from None
        return [] if boxes is None else [np.asarray(b, np.float32) for b in boxes]

    def line_probabilities(self, image: np.ndarray) -> LineProbabilities | None:
        """The recogniser's per-frame character probabilities for a one-line strip: what lets a
        reading be scored against a lexicon rather than only decoded greedily."""
        rec = self._ocr._load_rec_model()
        img = _three_channels(image)
        h, w = img.shape[:2]
        _, ih, iw = rec.rec_image_shape
        try:
            batch = rec.resize_norm_img(np.ascontiguousarray(img), max(iw / ih, w / max(1, h)))[None].astype(np.float32)
            probs = np.asarray(rec.session(batch))[0]
        except Exception as e:  # onnxruntime errors are not typed
            raise OcrError(f"RapidOCR's recogniser failed: {e}") from None
        if self._index is None:
            self._index = {c: i for i, c in enumerate(rec.postprocess_op.character) if i > 0}
        return LineProbabilities(probs.astype(np.float32), self._index)

    def upside_down(self, strips: list[np.ndarray]) -> list[tuple[bool, float]]:
        """For each text-line strip (wider than tall): is it upside down, and how sure (0..1)."""
        if not strips:
            return []
        try:
            res = self._ocr._load_cls_model()(strips)
        except Exception as e:  # onnxruntime errors are not typed
            raise OcrError(f"RapidOCR's direction model failed: {e}") from None
        return [(label == "180", float(score)) for label, score in res.cls_res]
