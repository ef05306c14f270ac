"""evidencecheck: an offline checker for the photo evidence of marketplace after-sale disputes.

>>> import evidencecheck
>>> report = evidencecheck.check(["waybill.jpg", "receipt.jpg"], ticket="not_received")
>>> report.verdict, report.to_dict()["images"][0]["doc_type"]
"""

__version__ = "0.1.0"

from .pipeline import TICKETS, Predictor, check  # noqa: E402
from .report import CaseReport, Field, Finding, ImageReport, Stamp, json_schema  # noqa: E402

__all__ = ["TICKETS", "CaseReport", "Field", "Finding", "ImageReport", "Predictor", "Stamp",
           "check", "json_schema", "__version__"]
