"""Batch screening for reviewers: many cases, in parallel, resumable, with reports to look at.

``inputs`` reads what the batch is given, ``runner`` analyses in worker processes and stores
each result as it finishes (``store``: SQLite in the output folder), ``reports`` writes
``results.jsonl``, ``results.csv`` and ``report.html``.
"""

from .inputs import CaseInput, read_inputs
from .reports import write_reports
from .runner import BatchInterrupted, BatchResult, run_batch

__all__ = ["BatchInterrupted", "BatchResult", "CaseInput", "read_inputs", "run_batch", "write_reports"]
