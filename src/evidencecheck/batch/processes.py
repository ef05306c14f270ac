"""Worker processes for the batch and the server: started clean, ended at once when needed, and
the row an image gets when no worker could analyse it."""

from __future__ import annotations

import ctypes
import ctypes.util
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


def peak_memory_mb() -> float:
    """This process's peak resident memory, MB: the kernel's high-water mark of its memory map
    (VmHWM; Linux). Not ``ru_maxrss``: a process started by exec from a larger one (a bench, a
    server) inherits that one's peak there."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):  # not Linux: the rusage figure, whatever it inherited
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def release_freed_memory() -> None:
    """Give the memory freed after an image back to the system (glibc's ``malloc_trim``; a no-op
    elsewhere). glibc keeps freed memory for reuse, and between the analyses of photos of every
    size its heap only grew: a worker measured 457 MB resident after 60 images and peaked at 515
    in the next 60; trimmed after each image, 158 MB between images and a 436-443 MB peak, in the
    same time (89-100 s against 92-93 s per 60, within this machine's drift)."""
    if _libc is not None:
        _libc.malloc_trim(0)


def _load_libc():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return libc if libc is not None and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_libc = _load_libc()
