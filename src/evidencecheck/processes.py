"""Worker processes for the batch and the server: started clean, ended at once when needed."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor


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
