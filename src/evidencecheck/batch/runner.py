"""Runs a batch: images analysed in worker processes, each result stored as it finishes, then the
cases judged and the reports written.

Concurrency lives here and only here; the analysis is :class:`~evidencecheck.pipeline.Predictor`'s.
At most ``jobs`` images are in flight, so when a worker dies (a crash in a native library, the
kernel's OOM killer) the images it may have held are few: each is tried once more alone, and an
image that kills a worker twice gets a ``CHECK_FAILED`` row. An image still running after the time
limit counts as hung and is treated the same way. Every input gives one row.
"""

from __future__ import annotations

import io
import os
import signal
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from .. import thresholds as T
from ..annotate import annotate_context
from ..case.near_copies import fingerprint
from ..case.rules import Rules, seen_in_other_cases, todo_list
from ..errors import EvidenceCheckError, ImageDecodeError
from ..pipeline import Predictor
from ..report import CaseReport, ImageReport
from ..vision.intake import read_file
from .inputs import CaseInput
from .processes import not_analysed, peak_memory_mb, process_pool, release_freed_memory, stop_pool
from .store import ResultStore, result_key, tool_version

THUMB_SIDE = 320  # px: the page's thumbnails
ANNOTATED_DIR = "annotated"  # under the output folder; files named by content hash, never by input names


class BatchInterrupted(EvidenceCheckError):
    """Ctrl-C: what finished is stored; the same command resumes."""

    exit_code = 130


INTERRUPTED = "interrupted: what finished is stored; run the same command again to resume"


@dataclass
class BatchResult:
    cases: list[CaseReport]
    images: int  # inputs, one row each
    analysed: int  # analysed in this run
    reused: int  # found done in the store (files that cannot be read at all are neither: they cost nothing)
    failed: int  # a worker died on them twice
    seconds: float
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # per worker process id
    thumbs: dict[str, bytes | None] = field(default_factory=dict)  # annotated thumbnail (JPEG) by input path


# --- in the worker processes ----------------------------------------------------------------------

_worker: tuple | None = None  # (the Predictor, the analysis replacing its own or None), once per process
_annotated: Path | None = None  # where a pool worker writes the annotated copies


def load_worker(ocr: str, analyse: Callable | None) -> None:
    """Set up this worker process: one thread for every native library (the workers are the
    parallelism), and the models loaded once, before its first image."""
    global _worker
    os.environ["OMP_THREAD_LIMIT"] = "1"  # tesseract single-threaded
    cv2.setNumThreads(1)
    _worker = (Predictor(ocr=ocr, ocr_threads=1), analyse)


def _init_worker(ocr: str, annotated: str, analyse: Callable | None) -> None:
    global _annotated
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    load_worker(ocr, analyse)
    _annotated = Path(annotated)


def _work(task: tuple[str, str]) -> dict:
    result = analysed(*task)
    drawn = result.pop("annotated")
    if drawn is not None:
        (_annotated / f"{result['report']['sha256']}.jpg").write_bytes(drawn)
    return result


def analysed(key: str, path: str) -> dict:
    """The stored result of the image at ``path`` (``key``: its store key), analysed in this worker:
    its report, the small grey copy its near copies are found on, its thumbnail, and its annotated
    copy (JPEG bytes, ``annotated``; None for a file that cannot be read)."""
    predictor, analyse = _worker
    report, ctx = (analyse or Predictor.analyse_in_context)(predictor, path)
    gray = thumb = annotated = None
    if ctx is not None:
        gray = _jpeg(ctx.gray(T.DUPLICATE_LONG_SIDE).pixels, 90)
        drawn = annotate_context(ctx, report)
        out = io.BytesIO()
        Image.fromarray(drawn).save(out, "JPEG", quality=85)
        annotated = out.getvalue()
        f = THUMB_SIDE / max(drawn.shape[:2])
        thumb = _jpeg(cv2.resize(drawn, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)[:, :, ::-1], 75)
    del ctx  # its pixels freed first, then handed back with the rest
    release_freed_memory()
    return {"key": key, "report": report.to_dict(), "gray": gray, "thumb": thumb, "annotated": annotated,
            "pid": os.getpid(), "rss_mb": peak_memory_mb()}


def _jpeg(pixels: np.ndarray, quality: int) -> bytes:
    return cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()


# --- in the parent ----------------------------------------------------------------------------------

def run_batch(cases: list[CaseInput], outdir: str | os.PathLike, jobs: int, ocr: str = "auto",
              rules: Rules | None = None, progress: Callable[[int, int], None] | None = None,
              analyse: Callable | None = None, timeout_s: float = T.BATCH_IMAGE_TIMEOUT_S,
              cluster: str | None = None) -> BatchResult:
    """Analyse every image of ``cases`` (skipping those the store in ``outdir`` holds), judge each
    case, and return the case reports. ``progress(images, cases)`` is called with the number of
    images newly accounted for and the number of cases with every image done;
    ``analyse(predictor, path) -> (report, context)`` replaces the analysis (tests); an image whose
    analysis runs past ``timeout_s`` seconds, twice, gets a CHECK_FAILED row. ``cluster`` (``local``,
    ``local:N`` or a Dask scheduler's address) runs the analyses there instead of in ``jobs`` local
    worker processes (:mod:`~evidencecheck.batch.cluster`)."""
    t0 = time.perf_counter()
    out = Path(outdir)
    (out / ANNOTATED_DIR).mkdir(parents=True, exist_ok=True)
    if cluster is not None:
        from .cluster import check_cluster

        check_cluster(cluster)  # a bad address stops the batch before any work
    judge = Predictor(ocr=ocr, rules=rules)  # judges cases and reads unreadable files: loads no model
    for case in cases:
        judge.ticket_rule(case.ticket)  # an unknown ticket stops the batch before any work
    store = ResultStore(out / "results.sqlite")
    try:
        keys = {p: _key_of(p, ocr) for case in cases for p in case.images}
        done = store.done()
        todo = {}
        for p, k in keys.items():
            if k is not None and k not in done and k not in todo:
                todo[k] = p
        # Accounted for from the start: what the store holds, and files that cannot be read at all.
        finished = {k for k in keys.values() if k is None or k in done}
        reused = sum(1 for case in cases for p in case.images if keys[p] is not None and keys[p] in done)
        # Counted once here, so that each progress call costs little however large the batch.
        inputs_of = Counter(keys[p] for case in cases for p in case.images)  # key -> inputs with it
        cases_of: dict[str | None, list[int]] = defaultdict(list)  # key -> cases holding it
        left = []  # per case: its keys not finished yet
        for i, case in enumerate(cases):
            case_keys = {keys[p] for p in case.images}
            left.append(len(case_keys - finished))
            for k in case_keys:
                cases_of[k].append(i)
        cases_done = [left.count(0)]

        def report_progress(key: str | None) -> None:
            """Tell ``progress`` that the images with ``key`` are done (None: those done at the start)."""
            if progress is None:
                return
            if key is None:
                progress(sum(inputs_of[k] for k in finished), cases_done[0])
                return
            if key not in finished:
                finished.add(key)
                for i in cases_of[key]:
                    left[i] -= 1
                    cases_done[0] += left[i] == 0
            progress(inputs_of[key], cases_done[0])

        report_progress(None)
        counts = {"analysed": 0, "failed": 0}
        peak: dict[int, float] = {}

        def stored(result: dict, attempts: int) -> None:
            store.put(result["key"], result["report"], result["gray"], result["thumb"], attempts)
            peak[result["pid"]] = max(peak.get(result["pid"], 0.0), result["rss_mb"])
            counts["analysed"] += 1
            report_progress(result["key"])

        def failed(task: tuple[str, str], why: str) -> None:
            key, path = task
            store.put(key, not_analysed(path, key.split("/")[0], why).to_dict(), None, None, 2)
            counts["failed"] += 1
            report_progress(key)

        if cluster is None:
            _execute(list(todo.items()), jobs, (ocr, str(out / ANNOTATED_DIR), analyse), stored, failed, timeout_s)
        else:
            from .cluster import execute_on_cluster

            execute_on_cluster(list(todo.items()), cluster, ocr, analyse, stored, failed, out / ANNOTATED_DIR,
                               timeout_s)
        thumbs: dict[str, bytes | None] = {}
        reports = [_judged(case, keys, store, judge, thumbs) for case in cases]
        for report, found in zip(reports, seen_in_other_cases(reports)):
            if found:
                report.findings += found
                report.todo = todo_list(report.images, report.findings)
    finally:
        store.close()
    return BatchResult(reports, sum(len(c.images) for c in cases), counts["analysed"], reused, counts["failed"],
                       time.perf_counter() - t0, peak, thumbs)


def _key_of(path: str, ocr: str) -> str | None:
    """The store's key of the file at ``path``, or None when it cannot be read at all (its row is
    then an UNREADABLE_FILE finding, made again on each run: it costs nothing)."""
    try:
        return result_key(read_file(path).sha256, tool_version(), ocr)
    except ImageDecodeError:
        return None


def _pool(jobs: int, initargs: tuple) -> ProcessPoolExecutor:
    return process_pool(jobs, _init_worker, initargs)


def _execute(tasks: list[tuple[str, str]], jobs: int, initargs: tuple, stored, failed,
             timeout_s: float = T.BATCH_IMAGE_TIMEOUT_S) -> None:
    """Run ``tasks`` (key, path) in ``jobs`` worker processes, at most ``jobs`` at a time. When a
    worker dies, the images in flight are suspects; when an image runs past ``timeout_s`` seconds,
    the workers are ended, it is a suspect and the others in flight go back to the queue. Each
    suspect is run again alone at the end, and reported through ``failed`` if it fails again."""
    pending, suspects = deque(tasks), []
    while pending:
        pool = _pool(jobs, initargs)
        running: dict = {}  # future -> (task, when it was handed to the pool)
        try:
            while pending or running:
                while pending and len(running) < jobs:
                    task = pending.popleft()
                    try:
                        running[pool.submit(_work, task)] = (task, time.monotonic())
                    except BrokenProcessPool:
                        # A worker died since the last wait: this task never started.
                        pending.appendleft(task)
                        raise
                oldest = min(started for _, started in running.values())
                finished, _ = wait(running, timeout=max(0.0, oldest + timeout_s - time.monotonic()),
                                   return_when=FIRST_COMPLETED)
                if not finished:  # the oldest image overran: a hung analysis
                    for task, started in sorted(running.values(), key=lambda r: r[1], reverse=True):
                        if started == oldest or time.monotonic() - started >= timeout_s:
                            suspects.append(task)
                        else:
                            pending.appendleft(task)  # interrupted, not suspect
                    running.clear()
                    stop_pool(pool)
                    break
                for fut in finished:
                    task, _ = running.pop(fut)
                    try:
                        stored(fut.result(), 1)
                    except BrokenProcessPool:
                        suspects.append(task)
                        raise
                    except Exception:  # noqa: BLE001 - the analysis raised past its own guard: try it once more
                        suspects.append(task)
        except BrokenProcessPool:
            suspects += [task for task, _ in running.values()]
            running.clear()
        except KeyboardInterrupt:
            stop_pool(pool)
            raise BatchInterrupted(INTERRUPTED) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for task in suspects:
        pool = _pool(1, initargs)
        try:
            stored(pool.submit(_work, task).result(timeout=timeout_s), 2)
        except BrokenProcessPool:
            failed(task, "the worker process analysing it stopped twice")
        except TimeoutError:
            stop_pool(pool)
            failed(task, f"its analysis ran past {timeout_s:g} s (tried twice)")
        except KeyboardInterrupt:
            stop_pool(pool)
            raise BatchInterrupted(INTERRUPTED) from None
        except Exception as e:  # noqa: BLE001
            failed(task, f"{type(e).__name__}: {e}"[:300])
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _judged(case: CaseInput, keys: dict, store: ResultStore, judge: Predictor, thumbs: dict) -> CaseReport:
    """The case judged on its images' stored reports (their thumbnails go into ``thumbs``)."""
    images = []
    for path in case.images:
        key = keys[path]
        if key is None:
            images.append(judge.analyse(path))  # unreadable: stops at intake, loads no model
            thumbs[path] = None
            continue
        row = store.get(key)
        if row is None:
            # Never analysed here in the parent: a result that should be stored and is not is a
            # fault of the run, reported as such rather than hidden.
            images.append(not_analysed(path, key.split("/")[0], "no result was stored for it"))
            thumbs[path] = None
            continue
        report, gray, thumbs[path] = row
        img = ImageReport.from_dict(report, path=path)
        if gray is not None:
            img.fingerprint = fingerprint(cv2.imdecode(np.frombuffer(gray, np.uint8), cv2.IMREAD_GRAYSCALE))
        images.append(img)
    result = judge.judge(images, judge.ticket_rule(case.ticket), case.tracking)
    result.case_id = case.case_id
    return result
