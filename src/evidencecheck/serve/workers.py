"""The server's analyses, in worker processes: models load once per worker, each worker holds one
photo at a time, and idle workers are handed out in turn between requests, so one merchant's ten
photos do not hold back another's one.

Each worker is its own one-process executor: when it dies (a crash in a native library, the OOM
killer) or runs past the time limit, only the photo it held is lost (reported CHECK_FAILED) and
that worker alone is started again. The server itself never analyses.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import cv2
import numpy as np

from ..annotate import annotate_context
from ..batch.processes import not_analysed, process_pool, release_freed_memory, stop_pool
from ..errors import ImageDecodeError
from ..report import ImageReport
from ..vision.intake import read_file

ANNOTATED_SIDE = 1280  # px: the long side of the photo drawn with its findings on a card (a phone's screen is ~1200 px tall)


@dataclass(frozen=True)
class Analysed:
    """One photo's analysis: its report (the fingerprint the case's near-copy rule needs included)
    and the photo drawn with what was found (JPEG), None when it could not be drawn."""

    report: ImageReport
    annotated: bytes | None


# --- in the worker processes ----------------------------------------------------------------------

_predictor = None
_analyse: Callable | None = None


def _init_worker(ocr: str, rules_path: str | None, analyse: Callable | None) -> None:
    global _predictor, _analyse
    from ..case.rules import load_rules
    from ..pipeline import Predictor

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one thread per worker: the workers are the parallelism
    cv2.setNumThreads(1)
    _predictor = Predictor(ocr=ocr, ocr_threads=1, rules=load_rules(rules_path))
    _analyse = analyse
    _warm_up(_predictor)


def _warm_up(predictor) -> None:
    """Load every model now, not on a merchant's first photo: analyse a small blank page (which
    loads the page reader and the type models), and load the field model a receipt would."""
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "warm-up.png")
        Image.fromarray(np.full((480, 360, 3), 255, np.uint8)).save(path)
        predictor.analyse(path)
    predictor.field_model  # noqa: B018 - loaded on first use


def _analyse_one(path: str, ticket: str | None) -> Analysed:
    from ..case.rules import apply_checks

    report, ctx = (_analyse or type(_predictor).analyse_in_context)(_predictor, path)
    rule = _predictor.ticket_rule(ticket)
    if rule is not None:  # the image's verdict as the case will judge it: drawn and shown before the case is
        apply_checks([report], rule)
    drawn = None
    if ctx is not None:
        rgb = annotate_context(ctx, report, ANNOTATED_SIDE)
        drawn = cv2.imencode(".jpg", np.ascontiguousarray(rgb[:, :, ::-1]), [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()
    del ctx  # its pixels freed first, then handed back with the rest
    release_freed_memory()
    return Analysed(report, drawn)


def _compose(paths: list[str], long_side: int, max_bytes: int):
    from ..case.compose import compose_files

    return compose_files(paths, _predictor, long_side, max_bytes, True)


# --- in the server ----------------------------------------------------------------------------------

class _Turns:
    """Idle workers handed to waiting requests in turn (round robin over requests, first come
    first served within one)."""

    def __init__(self, slots: list[int]):
        self.idle = deque(slots)
        self.waiting: OrderedDict[object, deque[asyncio.Future]] = OrderedDict()

    async def acquire(self, client: object) -> int:
        if self.idle and not self.waiting:
            return self.idle.popleft()
        fut = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(client, deque()).append(fut)
        try:
            return await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():  # handed a worker just as the request went away
                self.release(fut.result())
            queue = self.waiting.get(client)
            if queue is not None and fut in queue:
                queue.remove(fut)
                if not queue:
                    del self.waiting[client]
            raise

    def release(self, slot: int) -> None:
        while self.waiting:
            client, queue = next(iter(self.waiting.items()))
            fut = queue.popleft()
            if queue:
                self.waiting.move_to_end(client)  # its next photo waits behind the other requests'
            else:
                del self.waiting[client]
            if not fut.done():
                fut.set_result(slot)
                return
        self.idle.append(slot)


class AnalysisPool:
    """``workers`` analysis processes. ``analyse(path, client)`` and ``compose(paths, client)``
    are awaited by the request handlers; ``client`` is whatever identifies one request."""

    def __init__(self, workers: int, ocr: str = "auto", rules_path: str | None = None, timeout_s: float = 120.0,
                 analyse: Callable | None = None):
        self.workers = workers
        self.timeout_s = timeout_s
        self._initargs = (ocr, rules_path, analyse)
        self._executors: list[ProcessPoolExecutor | None] = [None] * workers
        self._ready: list[Future | None] = [None] * workers  # done once the worker has loaded its models
        self._turns = _Turns(list(range(workers)))

    def start(self) -> None:
        """Start every worker and wait until each has loaded its models."""
        for slot in range(self.workers):
            self._start_one(slot)
        for ready in self._ready:
            ready.result()

    def _start_one(self, slot: int) -> None:
        self._executors[slot] = process_pool(1, _init_worker, self._initargs)
        # Started now, not on its first photo; the time it takes to load its models is not the photo's.
        self._ready[slot] = self._executors[slot].submit(os.getpid)

    def pids(self) -> list[int]:
        """The worker processes' ids (for tests and the health check)."""
        return [pid for ex in self._executors if ex is not None for pid in getattr(ex, "_processes", {})]

    def close(self) -> None:
        for ex in self._executors:
            if ex is not None:
                stop_pool(ex)

    async def _run(self, client: object, fn: Callable, *args):
        """``fn(*args)`` in the next free worker; raises WorkerLost when the worker died or ran past
        the time limit (it is then replaced)."""
        slot = await self._turns.acquire(client)
        busy = None
        try:
            await asyncio.wrap_future(self._ready[slot])
            try:
                future = self._executors[slot].submit(fn, *args)
            except BrokenProcessPool:  # the worker died while idle: not this task's doing
                self._replace(slot)
                future = self._executors[slot].submit(fn, *args)
            busy = asyncio.wrap_future(future)
            return await asyncio.wait_for(asyncio.shield(busy), self.timeout_s)
        except BrokenProcessPool:
            busy = None
            self._replace(slot)
            raise WorkerLost("the worker process analysing it stopped") from None
        except TimeoutError:
            busy.add_done_callback(_retrieved)
            busy = None
            self._replace(slot)
            raise WorkerLost(f"its analysis ran past {self.timeout_s:g} s") from None
        finally:
            if busy is not None and not busy.done():
                # The request went away while its worker still works: the worker is handed on only
                # when it is free, and what it returns is dropped.
                busy.add_done_callback(lambda f: (_retrieved(f), self._turns.release(slot)))
            else:
                self._turns.release(slot)

    def _replace(self, slot: int) -> None:
        stop_pool(self._executors[slot])
        self._start_one(slot)

    async def analyse(self, path: str, name: str, ticket: str | None, client: object) -> Analysed:
        """The photo at ``path`` analysed under the work order type ``ticket``; its report names it
        ``name`` (what the merchant called it, never used as a path). A photo whose worker died or
        hung gets a CHECK_FAILED report."""
        try:
            result = await self._run(client, _analyse_one, path, ticket)
        except WorkerLost as e:
            return Analysed(_check_failed(name, path, str(e)), None)
        except Exception as e:  # noqa: BLE001 - past the analysis's own guard (a set-up error): this photo's row says so
            return Analysed(_check_failed(name, path, f"{type(e).__name__}: {e}"[:300]), None)
        result.report.path = name
        return result

    async def compose(self, paths: list[str], long_side: int, max_bytes: int, client: object):
        """The photos composed into one upload and checked again on it (compose.ComposeResult);
        raises WorkerLost when its worker died or hung."""
        return await self._run(client, _compose, paths, long_side, max_bytes)


def _retrieved(future: asyncio.Future) -> None:
    """Take the outcome of a task nobody awaits any more (else asyncio logs it as never retrieved)."""
    if not future.cancelled():
        future.exception()


class WorkerLost(Exception):
    """The worker holding a task died or ran past the time limit."""


def _check_failed(name: str, path: str, why: str) -> ImageReport:
    """The report of the photo at ``path`` (called ``name``) that could not be analysed."""
    try:
        sha = read_file(path).sha256
    except ImageDecodeError:
        sha = None
    return not_analysed(name, sha, why)
