"""The batch on a Dask cluster (`--cluster`): the same rows as the local pool, every image one row
when a worker is killed, and a rerun after an interruption analyses only the rest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from evidencecheck.batch import read_inputs, run_batch, write_reports  # noqa: E402
from evidencecheck.batch.cluster import check_cluster  # noqa: E402
from evidencecheck.errors import UsageError  # noqa: E402

from .test_batch import _batch_cmd, _cases, _cases_json, _one_case, _rows, _stored  # noqa: E402

MARKERS = "EVIDENCECHECK_TEST_MARKERS"  # a folder the workers can see: the test's own


@pytest.fixture(scope="module")
def by_pool(tmp_path_factory) -> tuple[Path, Path]:
    """Three work orders (six inputs, one not an image) and the local pool's reports of them."""
    base = tmp_path_factory.mktemp("pool")
    root, pool = _cases(base / "in"), base / "out"
    write_reports(run_batch(read_inputs(root, "not_received"), pool, jobs=2), pool)
    return root, pool


def test_the_cluster_gives_the_pools_rows_row_for_row(by_pool, tmp_path):
    root, pool = by_pool
    cluster = tmp_path / "cluster"
    result = run_batch(read_inputs(root, "not_received"), cluster, jobs=1, cluster="local:2")
    write_reports(result, cluster)
    assert (result.images, result.analysed, result.failed) == (6, 6, 0)
    assert _rows(cluster) == _rows(pool)
    assert _cases_json(cluster) == _cases_json(pool), "timings aside"
    drawn = [sorted(p.name for p in (out / "annotated").iterdir()) for out in (cluster, pool)]
    assert drawn[0] == drawn[1], "the same annotated copies, written by the client"


def _dies_on(predictor, path):
    """Kills its worker on poison*, and on flaky* the first time (a marker in the test's folder)."""
    name = Path(path).name
    if name.startswith("poison"):
        os._exit(9)
    if name.startswith("flaky"):
        marker = Path(os.environ[MARKERS]) / f"{name}.tried"
        if not marker.exists():
            marker.touch()
            os._exit(9)
    return predictor.analyse_in_context(path)


def test_a_worker_killed_mid_run_costs_no_row(tmp_path, monkeypatch):
    monkeypatch.setenv(MARKERS, str(tmp_path))  # the local workers start from this environment
    root = _one_case(tmp_path, {"a_waybill.jpg": "waybill_yto.jpg", "flaky_receipt.jpg": "receipt_genuine.jpg",
                                "poison_weighing.jpg": "weighing_platform.jpg"})
    # One worker process: each death is followed by its nanny starting another (the slow part).
    result = run_batch(read_inputs(root), tmp_path / "out", jobs=1, analyse=_dies_on, cluster="local:1")
    images = {Path(i.path).name: i for i in result.cases[0].images}
    assert len(images) == 3 and result.failed == 1
    assert [f.code for f in images["poison_weighing.jpg"].findings] == ["CHECK_FAILED"]
    assert "stopped twice" in images["poison_weighing.jpg"].findings[0].message
    assert images["flaky_receipt.jpg"].doc_type == "express_receipt", "tried again on a new worker"
    assert images["a_waybill.jpg"].tracking_numbers


def test_a_batch_interrupted_on_the_cluster_resumes_with_only_the_rest(by_pool, tmp_path):
    root, whole = by_pool

    out = tmp_path / "interrupted"
    cmd = [*_batch_cmd(root, out), "--cluster", "local:1"]
    # Started as a shell starts a command in the foreground: with Ctrl-C's default action. A child
    # inherits an ignored SIGINT, and something earlier in the full suite leaves the test process
    # ignoring it; the batch then rightly ignored Ctrl-C and ran to the end (exit 0).
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 300
    while _stored(out) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C
    assert proc.wait(timeout=120) == 130, proc.stderr.read().decode()[-2000:]
    done_before = _stored(out)
    assert 2 <= done_before < 6, "the interruption came part-way"

    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"already done {done_before}" in r.stdout and f"analysed {6 - done_before}," in r.stdout
    assert _rows(out) == _rows(whole)
    assert _cases_json(out) == _cases_json(whole)


def test_a_cluster_is_named_or_refused_before_any_work(tmp_path):
    assert check_cluster("local") == "local" and check_cluster("local:3") == "local:3"
    assert check_cluster("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    with pytest.raises(UsageError, match="scheduler address"):
        check_cluster("10.0.0.5")
    r = subprocess.run([sys.executable, "-m", "evidencecheck.cli", "batch", str(_cases(tmp_path / "in")), "-o",
                        str(tmp_path / "out"), "--cluster", "somewhere"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "--cluster 'somewhere'" in r.stderr


class _Future:
    def __init__(self, key):
        self.key, self.cancelled = key, False

    def cancel(self):
        self.cancelled = True


class _Client:
    """A stand-in for the Dask client: which worker runs which key, and the workers restarted."""

    def __init__(self, processing):
        self._processing, self.restarted = processing, []

    def processing(self):
        return self._processing

    def restart_workers(self, workers, raise_for_error=True):
        self.restarted += workers


def test_an_image_that_hangs_on_the_cluster_gets_its_worker_restarted_then_is_reported():
    from evidencecheck.batch.cluster import _restart_overrunning

    hung, fine = _Future("hung"), _Future("fine")
    now = time.monotonic()
    running = {hung: [("k1", "hang.jpg"), now - 11, 0], fine: [("k2", "ok.jpg"), now - 1, 0]}
    client, failed = _Client({"tcp://w1": ["hung"], "tcp://w2": ["fine"]}), []
    _restart_overrunning(client, running, lambda task, why: failed.append((task, why)), timeout_s=10)
    assert client.restarted == ["tcp://w1"] and failed == [] and not hung.cancelled
    assert running[hung][2] == 1 and time.monotonic() - running[hung][1] < 1, "run again, its clock restarted"
    running[hung][1] = time.monotonic() - 11  # hangs again
    _restart_overrunning(client, running, lambda task, why: failed.append((task, why)), timeout_s=10)
    assert failed == [(("k1", "hang.jpg"), "its analysis ran past 10 s (tried twice)")] and hung.cancelled
    assert list(running) == [fine] and client.restarted == ["tcp://w1", "tcp://w1"]


def test_the_batch_bench_sets_the_cluster_beside_the_pool():
    from evidencecheck.bench import format_batch_bench

    def run(seconds):
        return {"seconds": seconds, "images": 100, "images_per_second": 100 / seconds,
                "peak_rss_mb_per_worker": {"1": 500}, "verdicts": {"fail": 1, "warn": 0, "pass": 0}}

    table = format_batch_bench({"n": 100, "cases": 25, "seed": 7, "runs": {
        "pool:1": run(100.0), "pool:2": run(52.0), "cluster:1": run(104.0), "cluster:2": run(54.0)}})
    rows = {line.split()[0]: line.split() for line in table.splitlines()[2:6]}
    assert rows["pool:2"][3] == "1.92" and rows["cluster:2"][3] == "1.93", "speed-up over one worker of its path"
    assert "cluster overhead with 2 worker(s): +20 ms per image" in table


class _ClosingClient:
    def __init__(self):
        self.waited, self.closed = None, False

    def wait_for_workers(self, n, timeout):
        self.waited = (n, timeout)

    def close(self):
        self.closed = True


class _UnclosableCluster:
    """A local cluster of two workers whose close fails inside Dask, as a restarting nanny's did."""

    workers = {"0": object(), "1": object()}

    def close(self):
        raise AssertionError("can only join a started process")


def test_a_cluster_that_fails_to_close_costs_the_batch_nothing_but_a_warning(caplog):
    from evidencecheck.batch.cluster import RESTART_WAIT_S, close

    client = _ClosingClient()
    close(client, _UnclosableCluster())
    assert client.waited == (2, RESTART_WAIT_S), "a worker being restarted is waited for first"
    assert client.closed
    assert "did not close cleanly (AssertionError: can only join a started process)" in caplog.text
    after_ctrl_c = _ClosingClient()
    close(after_ctrl_c, _UnclosableCluster(), wait=False)
    assert after_ctrl_c.waited is None and after_ctrl_c.closed, "Ctrl-C is not kept waiting for workers"
