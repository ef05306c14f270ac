"""Worker processes for the batch and the server: started clean, ended at once when needed, and
the row an image gets when no worker could analyse it."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from ..report import Finding, ImageReport


def process_pool(jobs: int, initializer: Callable, initargs: tuple) -> ProcessPoolExecutor:
    """``jobs`` worker processes, each set up by ``initializer(*initargs)``."""
    # Workers start from a clean server process, not as forks of this one: a fork of a process
    # whose OpenCV thread pool has run (the case rules use it) can deadlock in its first cv2 call.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["evidencecheck.pipeline"])
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End the workers now (they ignore Ctrl-C): the executor has no public way to."""
    for p in list(getattr(pool, "_processes", {}).values()):
        p.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def not_analysed(path: str, sha256: str | None, why: str) -> ImageReport:
    """The report of an image no worker could analyse (it died or hung on it): a CHECK_FAILED
    finding saying ``why``."""
    report = ImageReport(path=path, sha256=sha256)
    report.findings.append(Finding.make("CHECK_FAILED", check="analysis", error=why))
    return report
