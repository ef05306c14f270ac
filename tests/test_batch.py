"""Batch screening: one row per input whatever happens, resumable after kill -9, reports a
reviewer can open in a real browser."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from evidencecheck.batch import read_inputs, run_batch, runner, write_reports
from evidencecheck.errors import UsageError

from .conftest import resident_mb
from .test_hostile_inputs import GOOD_JPEG
from .test_intake import png_bomb

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _cases(root: Path) -> Path:
    """Three work orders built from the samples: one complete, one with a bad file, one weighing."""
    for case, files in {"order-1": ["waybill_yto.jpg", "receipt_genuine.jpg"],
                        "order-2": ["receipt_no_stamp.jpg", "not_an_image.jpg"],
                        "order-3": ["weighing_platform.jpg", "other_chat_screenshot.png"]}.items():
        (root / case).mkdir(parents=True)
        for f in files:
            shutil.copy(SAMPLES / f, root / case / f)
    return root


def _rows(outdir: Path) -> list[dict]:
    with open(outdir / "results.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _cases_json(outdir: Path) -> list[dict]:
    """results.jsonl without the timings (they differ from run to run)."""
    docs = [json.loads(line) for line in (outdir / "results.jsonl").read_text("utf-8").splitlines()]
    for d in docs:
        for img in d["images"]:
            img.pop("timings_ms")
    return docs


def test_a_folder_of_case_folders_and_a_manifest_give_the_same_cases(tmp_path):
    root = _cases(tmp_path / "in")
    by_folder = read_inputs(root, ticket="not_received")
    assert [c.case_id for c in by_folder] == ["order-1", "order-2", "order-3"]
    assert [len(c.images) for c in by_folder] == [2, 2, 2] and all(c.ticket == "not_received" for c in by_folder)
    manifest = tmp_path / "in" / "manifest.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case_id", "ticket", "tracking", "image_path"])
        for c in by_folder:
            for p in c.images:
                w.writerow([c.case_id, "missing_items" if c.case_id == "order-3" else "", "YT1", os.path.relpath(p, root)])
    by_manifest = read_inputs(manifest, ticket="not_received")
    assert [(c.case_id, c.ticket, c.tracking, c.images) for c in by_manifest] == [
        (c.case_id, "missing_items" if c.case_id == "order-3" else "not_received", "YT1", c.images) for c in by_folder]
    bad = tmp_path / "bad.csv"
    bad.write_text("case,path\na,b\n")
    with pytest.raises(UsageError, match="lacks the column"):
        read_inputs(bad)


def test_every_input_gives_one_row_and_the_reports_are_written(tmp_path, validate):
    root, out = _cases(tmp_path / "in"), tmp_path / "out"
    result = run_batch(read_inputs(root, "not_received"), out, jobs=2)
    write_reports(result, out)
    rows = _rows(out)
    assert len(rows) == 6 == result.images and result.analysed == 6 and result.reused == 0
    assert {r["case_id"]: r["case_verdict"] for r in rows} == {"order-1": "pass", "order-2": "fail", "order-3": "fail"}
    assert "UNREADABLE_FILE" in next(r["findings"] for r in rows if r["image_path"].endswith("not_an_image.jpg"))
    docs = [validate(json.loads(line)) for line in (out / "results.jsonl").read_text("utf-8").splitlines()]
    assert [d["case_id"] for d in docs] == ["order-1", "order-2", "order-3"]
    readable = {r["sha256"] for r in rows if r["sha256"]}
    assert {p.stem for p in (out / "annotated").iterdir()} == readable
    # A second run reuses everything and recomputes nothing.
    again = run_batch(read_inputs(root, "not_received"), out, jobs=2)
    assert (again.analysed, again.reused) == (0, 6)
    assert [c.to_dict()["verdict"] for c in again.cases] == [c.to_dict()["verdict"] for c in result.cases]


def test_one_photo_in_two_cases_is_flagged_in_both_and_analysed_once(tmp_path):
    for case, files in {"x": ["waybill_yto.jpg", "receipt_genuine.jpg"], "y": ["receipt_genuine.jpg"]}.items():
        (tmp_path / "in" / case).mkdir(parents=True)
        for f in files:
            shutil.copy(SAMPLES / f, tmp_path / "in" / case / f)
    result = run_batch(read_inputs(tmp_path / "in", "not_received"), tmp_path / "out", jobs=1)
    assert result.analysed == 2
    x, y = result.cases
    assert [f.code for f in x.findings] == ["SEEN_IN_OTHER_CASE"] and x.verdict == "warn"
    assert "y" in x.findings[0].message and x.findings[0].images == (str(tmp_path / "in" / "x" / "receipt_genuine.jpg"),)
    assert "SEEN_IN_OTHER_CASE" in [f.code for f in y.findings]
    assert any("receipt_genuine.jpg" in en for en, _ in x.todo)


def _one_case(tmp_path: Path, files: dict[str, str]) -> Path:
    """A folder holding one case folder with ``files`` (name -> the sample copied under that name)."""
    case = tmp_path / "in" / "order"
    case.mkdir(parents=True)
    for name, sample in files.items():
        shutil.copy(SAMPLES / sample, case / name)
    return tmp_path / "in"


def _dies_on(predictor, path):
    """An analysis whose worker process dies on files named poison*, and on flaky* the first time."""
    name = Path(path).name
    if name.startswith("poison"):
        os._exit(9)
    if name.startswith("flaky"):
        marker = Path(path).with_suffix(".tried")
        if not marker.exists():
            marker.touch()
            os._exit(9)
    return predictor.analyse_in_context(path)


def test_a_worker_that_dies_is_retried_once_then_reported(tmp_path):
    root = _one_case(tmp_path, {"a_waybill.jpg": "waybill_yto.jpg", "flaky_receipt.jpg": "receipt_genuine.jpg",
                                "poison_weighing.jpg": "weighing_platform.jpg"})
    result = run_batch(read_inputs(root), tmp_path / "out", jobs=2, analyse=_dies_on)
    images = {Path(i.path).name: i for i in result.cases[0].images}
    assert len(images) == 3 and result.failed == 1
    assert [f.code for f in images["poison_weighing.jpg"].findings] == ["CHECK_FAILED"]
    assert images["flaky_receipt.jpg"].doc_type == "express_receipt"  # the second try went through
    assert images["a_waybill.jpg"].tracking_numbers


class _PoolThatBreaksOnSubmit:
    """A stand-in for the worker pool: each task finishes at once, except that the pool reports a
    dead worker when the ``breaks_at``-th task of the run is handed to it (a worker that died
    between two waits, before that task could start)."""

    submitted = 0

    def __init__(self, breaks_at: int):
        self.breaks_at = breaks_at

    def submit(self, fn, task):
        type(self).submitted += 1
        if type(self).submitted == self.breaks_at:
            raise BrokenProcessPool("a worker died")
        fut = Future()
        fut.set_result(task)
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@pytest.mark.parametrize("breaks_at", [1, 2, 3, 4])
def test_a_task_handed_to_a_pool_that_just_broke_is_not_lost(monkeypatch, breaks_at):
    _PoolThatBreaksOnSubmit.submitted = 0
    monkeypatch.setattr(runner, "_pool", lambda jobs, initargs: _PoolThatBreaksOnSubmit(breaks_at))
    tasks = [(f"k{i}", f"p{i}") for i in range(4)]
    done, failed = [], []
    runner._execute(tasks, 2, (), lambda result, attempts: done.append(result),
                    lambda task, why: failed.append(task))
    assert sorted(done) == tasks and failed == []


class _PoolWithHungWork:
    """A stand-in for the worker pool: tasks named hang* never finish, slow* never finish in the
    first pool of the run (they are interrupted when it is ended), the others finish at once."""

    pools = 0

    def __init__(self):
        type(self).pools += 1
        self.first = type(self).pools == 1

    def submit(self, fn, task):
        fut = Future()
        if not (task[0].startswith("hang") or (task[0].startswith("slow") and self.first)):
            fut.set_result(task)
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_an_image_that_hangs_is_reported_and_the_images_it_interrupted_are_run_again(monkeypatch):
    _PoolWithHungWork.pools = 0
    monkeypatch.setattr(runner, "_pool", lambda jobs, initargs: _PoolWithHungWork())
    tasks = [("hang", "p0"), ("slow", "p1"), ("ok1", "p2"), ("ok2", "p3")]
    done, failed = [], []
    runner._execute(tasks, 2, (), lambda result, attempts: done.append(result),
                    lambda task, why: failed.append((task, why)), timeout_s=0.3)
    assert sorted(done) == sorted(tasks[1:])
    assert failed == [(("hang", "p0"), "its analysis ran past 0.3 s (tried twice)")]


def _hangs_on(predictor, path):
    if Path(path).name.startswith("hang"):
        time.sleep(3600)
    return predictor.analyse_in_context(path)


def test_a_hung_analysis_is_ended_and_reported(tmp_path):
    root = _one_case(tmp_path, {"a_waybill.jpg": "waybill_yto.jpg", "hang_receipt.jpg": "receipt_genuine.jpg"})
    t0 = time.monotonic()
    result = run_batch(read_inputs(root), tmp_path / "out", jobs=2, analyse=_hangs_on, timeout_s=10)
    images = {Path(i.path).name: i for i in result.cases[0].images}
    assert (result.analysed, result.failed) == (1, 1) and time.monotonic() - t0 < 120
    [finding] = images["hang_receipt.jpg"].findings
    assert finding.code == "CHECK_FAILED" and "ran past 10 s" in finding.message
    assert images["a_waybill.jpg"].tracking_numbers


def _stored(outdir: Path) -> int:
    try:
        with sqlite3.connect(outdir / "results.sqlite") as db:
            return db.execute("SELECT count(*) FROM images").fetchone()[0]
    except sqlite3.Error:
        return 0


def _batch_cmd(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "evidencecheck.cli", "batch", str(src), "-o", str(out), "--jobs", "1",
            "--ticket", "not_received"]


def test_a_batch_killed_part_way_resumes_to_the_same_results(tmp_path):
    root = _cases(tmp_path / "in")
    whole = tmp_path / "whole"
    assert subprocess.run(_batch_cmd(root, whole), capture_output=True, timeout=600).returncode == 0

    out = tmp_path / "killed"
    proc = subprocess.Popen(_batch_cmd(root, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while _stored(out) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its worker, as kill -9 would
    proc.wait()
    done_before = _stored(out)
    assert 2 <= done_before < 6, "the kill came part-way"

    r = subprocess.run(_batch_cmd(root, out), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"already done {done_before}" in r.stdout and f"analysed {6 - done_before}," in r.stdout
    assert _rows(out) == _rows(whole)
    assert _cases_json(out) == _cases_json(whole)


def test_hostile_inputs_each_get_an_honest_row_and_nothing_escapes(tmp_path):
    box = tmp_path / "box"  # everything the test makes lives in here
    src, out = box / "in", box / "work" / "out"
    (src / "c").mkdir(parents=True)
    (src / "c" / "truncated.jpg").write_bytes(GOOD_JPEG[: len(GOOD_JPEG) // 2])
    (src / "c" / "zero.jpg").write_bytes(b"")
    (src / "c" / "bomb.png").write_bytes(png_bomb())
    os.symlink("loop.jpg", src / "c" / "loop.jpg")  # a link to itself
    odd = src / "c" / 'a "quoted" 名字 with spaces.jpg'
    shutil.copy(SAMPLES / "waybill_yto.jpg", odd)
    manifest = box / "manifest.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case_id", "ticket", "tracking", "image_path"])
        for p in sorted((src / "c").iterdir()):
            w.writerow(["../../escape", "not_received", "", os.path.relpath(p, box)])
        w.writerow(["<script>alert(1)</script>", "", "", "in/c/does-not-exist.jpg"])
    before = {p for p in tmp_path.rglob("*")}
    r = subprocess.run([sys.executable, "-m", "evidencecheck.cli", "batch", str(manifest), "-o", str(out), "--jobs", "2"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    rows = _rows(out)
    assert len(rows) == 6
    by_name = {Path(row["image_path"]).name: row for row in rows}
    for name in ("truncated.jpg", "zero.jpg", "bomb.png", "loop.jpg", "does-not-exist.jpg"):
        assert by_name[name]["findings"].split() == ["UNREADABLE_FILE"], name
    assert by_name[odd.name]["doc_type"] == "waybill"
    written = {p for p in tmp_path.rglob("*")} - before
    assert written and all(out in p.parents or p == out or p in out.parents for p in written)
    assert "<script>alert" not in (out / "report.html").read_text("utf-8")


def test_the_page_loads_offline_shows_its_images_and_filters(tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    root, out = _cases(tmp_path / "in"), tmp_path / "out"
    result = run_batch(read_inputs(root, "not_received"), out, jobs=2)
    write_reports(result, out)
    html = (out / "report.html").read_text("utf-8")
    assert "http://" not in html and "https://" not in html, "nothing to fetch: it loads offline"
    browser.get((out / "report.html").as_uri())

    def shown():
        return [s.get_attribute("data-verdict") for s in browser.find_elements(By.CSS_SELECTOR, "section.case")
                if s.is_displayed()]

    assert shown() == ["fail", "fail", "pass"], "worst first"
    images = browser.find_elements(By.CSS_SELECTOR, "figure img")
    assert len(images) == 5  # the unreadable file has no picture
    assert all(browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", im)
               for im in images)
    Select(browser.find_element(By.ID, "verdict")).select_by_value("pass")
    assert shown() == ["pass"] and browser.find_element(By.ID, "shown").text == "1"
    Select(browser.find_element(By.ID, "verdict")).select_by_value("")
    Select(browser.find_element(By.ID, "finding")).select_by_value("UNREADABLE_FILE")
    assert shown() == ["fail"]
    Select(browser.find_element(By.ID, "finding")).select_by_value("")
    Select(browser.find_element(By.ID, "doctype")).select_by_value("weighing_photo")
    assert len(shown()) == 1
    # The thumbnail links to its annotated image in the output folder.
    href = browser.find_elements(By.CSS_SELECTOR, "figure a")[0].get_attribute("href")
    assert Path(href.removeprefix("file://")).is_file()


def test_a_worker_gives_freed_memory_back_between_images():
    # glibc keeps freed memory; a worker's resident size only grew from one photo to the next.
    from evidencecheck.batch.processes import release_freed_memory

    blocks = [bytes(2000) for _ in range(60_000)]  # ~120 MB of malloc's heap
    kept = blocks[::200]  # a few survivors pin the heap's top
    del blocks
    held = resident_mb()
    release_freed_memory()
    assert resident_mb() < held - 60, "most of the freed heap is returned"
    assert len(kept) == 300
