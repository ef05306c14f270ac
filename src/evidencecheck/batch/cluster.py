"""A batch's analyses on a Dask cluster (``--cluster``): the work of the local process pool, sent to
the worker processes of a ``dask.distributed`` scheduler, on this machine or many.

The client (this process) keeps every guarantee of the pool: it stays the one writer (each result
stored as it finishes, the annotated copies written here), at most as many images are in flight as
the cluster has worker threads (so a worker's death costs few, and the time since an image was
sent is its analysis time), an image whose worker dies is tried once more and an image that kills
workers twice gets a ``CHECK_FAILED`` row, as does one that runs past the time limit twice.

Images travel as bytes, never as paths: a worker on another machine need not see this one's
files. Each worker writes the bytes to a private temporary folder under the input's own file name
and analyses that, so its report is the pool's.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import MissingDependencyError, UsageError

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the extra is not installed: connect() says how to install it
    WorkerPlugin = object

log = logging.getLogger(__name__)

LOCAL = re.compile(r"local(?::(\d+))?")
"""``--cluster local`` (a worker process per core) or ``local:N`` (N worker processes)."""


def _dask():
    try:
        import distributed
    except ImportError:
        raise MissingDependencyError(
            "--cluster needs Dask's distributed scheduler: pip install 'evidencecheck[cluster]'") from None
    return distributed


def check_cluster(spec: str) -> str:
    """``spec`` when it names a cluster ``--cluster`` can use (``local``, ``local:N``, or a
    scheduler's address such as ``tcp://host:8786``), else UsageError."""
    if LOCAL.fullmatch(spec) or re.fullmatch(r"(tcp|tls|ws|wss|inproc|ucx)://\S+", spec):
        return spec
    raise UsageError(f"--cluster {spec!r} is neither local, local:N nor a scheduler address such as tcp://host:8786")


def connect(spec: str):
    """A Dask client for ``spec`` (see :func:`check_cluster`), and the local cluster started here
    for ``local[:N]`` (one thread per worker process; None for a scheduler's address): close both
    with :func:`close`."""
    distributed = _dask()
    m = LOCAL.fullmatch(check_cluster(spec))
    if m is None:
        return distributed.Client(spec, set_as_default=False), None
    import dask

    n = int(m.group(1) or os.cpu_count() or 1)
    # processes: the analysis holds the GIL in places and native libraries keep state per process;
    # no dashboard: it needs bokeh and opens a port nobody asked for. Dask's nannies start workers
    # with MALLOC_TRIM_THRESHOLD_=65536, which turns off glibc's adaptive mmap threshold: every
    # large array is then mapped and unmapped afresh, and the analysis ran 30% slower per image
    # (bench-batch seed 604355447: page read 1247 against 857 ms median with one worker).
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=50)
    return distributed.Client(cluster, set_as_default=False), cluster


def close(client, cluster, wait: bool = True) -> None:
    """Close ``client`` and the local ``cluster`` (None: a scheduler's, left running).

    Every result is stored by now, so closing never fails the batch. A local cluster closed while
    a nanny restarts the worker an image killed fails inside Dask ("can only join a started
    process", seen once in CI's full suite); the workers are waited for first (up to
    ``RESTART_WAIT_S``; not when ``wait`` is False: after Ctrl-C, which the workers got too), and
    a failure after that is only reported."""
    if cluster is not None and wait:
        try:
            client.wait_for_workers(len(cluster.workers), timeout=RESTART_WAIT_S)
        except Exception:  # noqa: BLE001 - a nanny that cannot restart its worker: close anyway
            pass
    client.close()
    if cluster is not None:
        try:
            cluster.close()
        except Exception as e:  # noqa: BLE001 - closing must not hide how the batch itself ended
            log.warning("the local Dask cluster did not close cleanly (%s: %s); its worker processes end with "
                        "this one", type(e).__name__, e)


RESTART_WAIT_S = 30.0
"""How long closing waits for a local worker being restarted, in seconds: a restart took 2-3 s in
CI's run of the killed-worker test on 2 cores."""


class ModelsOnce(WorkerPlugin):
    """A Dask worker plugin: each worker process sets itself up as a pool worker does (one thread
    for each native library, the models loaded once) before its first image."""

    name = "evidencecheck-models"

    def __init__(self, ocr: str, analyse: Callable | None):
        self.ocr, self.analyse = ocr, analyse

    def setup(self, worker) -> None:
        from . import runner

        loaded = runner._worker
        if loaded is not None and loaded[0].ocr_name == self.ocr and loaded[1] is self.analyse:
            return  # a long-lived worker set up by an earlier batch keeps its models
        runner.load_worker(self.ocr, self.analyse)


def analyse_bytes(key: str, path: str, data: bytes) -> dict:
    """:func:`~evidencecheck.batch.runner.analysed` on a worker, of the image ``data`` read from
    ``path`` on the client: written under its own name in a private temporary folder."""
    from .runner import analysed

    with tempfile.TemporaryDirectory(prefix="evidencecheck-") as folder:
        local = Path(folder) / (Path(path).name or "image")
        local.write_bytes(data)
        result = analysed(key, str(local))
    result["report"]["path"] = path
    return result


def _allow_one_retry(dask_scheduler=None) -> None:
    """On the scheduler: a task whose worker dies is run once more; dying twice, it fails with
    KilledWorker (the pool's rule; Dask's default allows three deaths)."""
    dask_scheduler.allowed_failures = 1


def execute_on_cluster(tasks: list[tuple[str, str]], spec: str, ocr: str, analyse: Callable | None,
                       stored, failed, annotated: Path, timeout_s: float) -> None:
    """Run ``tasks`` (key, path) on the cluster ``spec``: each result passed to ``stored(result,
    attempts)`` as it finishes and its annotated copy written into ``annotated``; an image that
    killed workers twice, or ran past ``timeout_s`` seconds twice, to ``failed(task, why)``."""
    distributed = _dask()
    from .runner import INTERRUPTED, BatchInterrupted

    client, cluster = connect(spec)
    running: dict = {}  # future -> [task, when it was sent, overruns]
    interrupted = False
    try:
        client.register_plugin(ModelsOnce(ocr, analyse))
        client.run_on_scheduler(_allow_one_retry)
        pending = list(reversed(tasks))
        while pending or running:
            slots = max(1, sum(client.nthreads().values()))
            while pending and len(running) < slots:
                key, path = task = pending.pop()
                # retries=1: an analysis that raises past its own guard is run once more, as in the pool.
                future = client.submit(analyse_bytes, key, path, Path(path).read_bytes(), pure=False, retries=1)
                running[future] = [task, time.monotonic(), 0]
            for future in _finished(running, within_s=1.0):
                task, _, overruns = running.pop(future)
                _settle(future, task, overruns, stored, failed, annotated, distributed, timeout_s)
            _restart_overrunning(client, running, failed, timeout_s)
    except KeyboardInterrupt:
        interrupted = True
        for future in running:
            future.cancel()
        raise BatchInterrupted(INTERRUPTED) from None
    finally:
        close(client, cluster, wait=not interrupted)


def _finished(running: dict, within_s: float) -> list:
    """The futures of ``running`` done now, waiting up to ``within_s`` seconds for one (then the
    caller looks at the clock for hung images)."""
    deadline = time.monotonic() + within_s
    while True:
        done = [f for f in running if f.done()]
        if done or time.monotonic() >= deadline:
            return done
        time.sleep(0.02)


def _settle(future, task, overruns, stored, failed, annotated: Path, distributed, timeout_s: float) -> None:
    """Store a finished future's result (its annotated copy written here), or report its failure."""
    try:
        result = future.result()
    except distributed.KilledWorker:
        failed(task, "the worker process analysing it stopped twice")
        return
    except Exception as e:  # noqa: BLE001 - the analysis raised past its own guard
        failed(task, f"{type(e).__name__}: {e}"[:300])
        return
    drawn = result.pop("annotated")
    if drawn is not None:
        (annotated / f"{result['report']['sha256']}.jpg").write_bytes(drawn)
    stored(result, 1 + overruns)


def _restart_overrunning(client, running: dict, failed, timeout_s: float) -> None:
    """A future running past ``timeout_s`` seconds is hung: its worker is restarted (the image is
    then run again, its clock restarted); the second time it is cancelled and reported."""
    now = time.monotonic()
    late = [f for f, (_, sent, _) in running.items() if now - sent > timeout_s]
    if not late:
        return
    where = {k: w for w, keys in client.processing().items() for k in keys}
    for future in late:
        entry = running[future]
        worker = where.get(future.key)
        if entry[2] >= 1:  # the second overrun: given up
            running.pop(future)
            future.cancel()
            failed(entry[0], f"its analysis ran past {timeout_s:g} s (tried twice)")
        else:
            entry[1], entry[2] = now, entry[2] + 1
        if worker is not None:
            client.restart_workers([worker], raise_for_error=False)
