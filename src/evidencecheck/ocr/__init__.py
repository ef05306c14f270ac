"""OCR engines behind one interface (:class:`OcrEngine`): ``tesseract`` and ``rapidocr``.

``get_engine("auto")`` gives RapidOCR when it is installed, else Tesseract. Engines are heavy to
load; the pipeline loads each once and reuses it.
"""

from __future__ import annotations

from ..errors import UsageError
from .base import OcrEngine, OcrLine

ENGINES = ("auto", "rapidocr", "tesseract")


def get_engine(name: str = "auto", *, threads: int = -1) -> OcrEngine:
    """Load the engine called ``name`` (one of :data:`ENGINES`)."""
    if name not in ENGINES:
        raise UsageError(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name == "auto":
        from . import rapid

        name = "rapidocr" if rapid.available() else "tesseract"
    if name == "rapidocr":
        from .rapid import RapidEngine

        return RapidEngine(threads=threads)
    from .tesseract import TesseractEngine

    return TesseractEngine()


__all__ = ["ENGINES", "OcrEngine", "OcrLine", "get_engine"]
