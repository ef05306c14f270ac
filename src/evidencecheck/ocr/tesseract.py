"""Tesseract (chi_sim + eng) through pytesseract: always available once apt has installed it."""

from __future__ import annotations

import os
import shutil
from functools import lru_cache

import numpy as np

from ..errors import MissingDependencyError, OcrError
from .base import OcrEngine, OcrLine, union_box

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng (or run `make demo`)"


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except Exception as e:
        raise MissingDependencyError(f"tesseract does not run ({e}); install it: {INSTALL_HINT}") from None


class TesseractEngine(OcrEngine):
    """``psm`` is Tesseract's page segmentation mode for pages: 6 (one block) by default, since
    mode 3 drops whole lines that sit next to long ``____`` blanks."""

    name = "tesseract"

    def __init__(self, lang: str = "chi_sim+eng", psm: int = 6, timeout_s: float = 30.0):
        if shutil.which("tesseract") is None:
            raise MissingDependencyError(f"the tesseract program is not installed: {INSTALL_HINT}")
        missing = [l for l in lang.split("+") if l not in _languages()]
        if missing:
            raise MissingDependencyError(
                f"tesseract has no language data for {', '.join(missing)}: {INSTALL_HINT}")
        # Measured: a chi_sim page takes 2.0-2.8 s with OpenMP threads and 0.84-0.94 s without,
        # on 2 cores, with the same output. pytesseract passes this environment to tesseract.
        os.environ["OMP_THREAD_LIMIT"] = "1"
        self.lang, self.psm, self.timeout_s = lang, psm, timeout_s

    def _data(self, image: np.ndarray, psm: int) -> dict:
        import pytesseract

        rgb = image if image.ndim == 2 else image[:, :, ::-1]
        try:
            return pytesseract.image_to_data(
                np.ascontiguousarray(rgb), lang=self.lang, config=f"--psm {psm}",
                timeout=self.timeout_s, output_type=pytesseract.Output.DICT)
        except RuntimeError as e:  # pytesseract's timeout
            raise OcrError(f"tesseract did not finish within {self.timeout_s:.0f} s ({e})") from None
        except pytesseract.TesseractError as e:
            raise OcrError(f"tesseract failed: {e.message or e}") from None

    def _lines(self, image: np.ndarray, psm: int) -> list[OcrLine]:
        d = self._data(image, psm)
        groups: dict[tuple[int, int, int], list[int]] = {}
        for i, text in enumerate(d["text"]):
            if text and text.strip() and float(d["conf"][i]) >= 0:
                groups.setdefault((d["block_num"][i], d["par_num"][i], d["line_num"][i]), []).append(i)
        lines = []
        for idx in groups.values():
            words = [d["text"][i].strip() for i in idx]
            boxes = [(d["left"][i], d["top"][i], d["width"][i], d["height"][i]) for i in idx]
            conf = float(np.mean([float(d["conf"][i]) for i in idx])) / 100.0
            lines.append(OcrLine(join_words(words), union_box(boxes), conf))
        lines.sort(key=lambda l: (l.bbox[1], l.bbox[0]))
        return lines

    def read_page(self, image: np.ndarray, det_long_side: int | None = None,
                  max_lines: int | None = None) -> list[OcrLine]:
        return self._lines(image, self.psm)  # Tesseract finds and reads lines in one pass, at the image's own size

    def read_line(self, image: np.ndarray) -> OcrLine | None:
        lines = self._lines(image, 7)
        if not lines:
            return None
        return OcrLine("".join(l.text for l in lines), union_box([l.bbox for l in lines]),
                       float(np.mean([l.confidence for l in lines])))


def join_words(words: list[str]) -> str:
    """Join Tesseract's words: no space between Chinese characters, one between Latin words."""
    out = ""
    for w in words:
        if out and not (_is_cjk(out[-1]) or _is_cjk(w[0])):
            out += " "
        out += w
    return out


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
