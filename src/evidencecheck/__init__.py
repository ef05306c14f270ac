"""evidencecheck: an offline checker for the photo evidence of marketplace after-sale disputes.

>>> import evidencecheck
>>> report = evidencecheck.check(["waybill.jpg", "receipt.jpg"], ticket="not_received")
>>> report.verdict, report.to_dict()["images"][0]["doc_type"]
"""

__version__ = "0.1.0"

from .case import TICKETS  # noqa: E402
from .report import CaseReport, Field, Finding, ImageReport, Stamp, json_schema  # noqa: E402


def __getattr__(name: str):
    # The pipeline (OpenCV, the checks) is imported on first use of Predictor or check, so that a
    # command that does not analyse (``--help``, ``schema``) starts without it.
    if name in ("Predictor", "check"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'evidencecheck' has no attribute {name!r}")

__all__ = ["TICKETS", "CaseReport", "Field", "Finding", "ImageReport", "Predictor", "Stamp",
           "check", "json_schema", "__version__"]
