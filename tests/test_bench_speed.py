"""The speed bench measures what a merchant and a reviewer wait for: warm, cold, and memory."""

from __future__ import annotations

import math

import pytest

from evidencecheck.batch.processes import peak_memory_mb
from evidencecheck.bench import make_photos
from evidencecheck.bench_speed import _warm, format_speed_bench, run_cold

from .conftest import resident_mb


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    return make_photos(tmp_path_factory.mktemp("speed"), 1, seed=11, long_side=640, kind="waybill")[0]


def test_a_warm_process_times_each_photo_end_to_end_and_reports_its_own_peak_memory(photo):
    out = _warm({"small": [str(photo)]}, repeats=2, ocr="auto")
    (ms,) = out["total_ms"]["small"]
    assert 0 < ms < 60_000
    assert out["stages"]["small"]["total"]["median_ms"] <= ms  # the pipeline's own clock starts after the call
    assert 50 < out["loaded_mb"] <= out["peak_mb"] < 4096


def test_a_cold_run_is_the_check_command_in_a_new_process_with_its_peak_memory(photo):
    (run,) = run_cold(photo, runs=1)
    assert run["exit_code"] in (0, 1), "a verdict, not a crash"
    assert 0 < run["seconds"] < 120 and 50 < run["peak_mb"] < 4096 and not math.isnan(run["peak_mb"])


def test_peak_memory_is_this_process_own_high_water_mark():
    now = resident_mb()
    block = bytearray(64 * 2**20)
    block[::4096] = b"x" * len(block[::4096])  # touched: resident
    assert peak_memory_mb() >= now + 60
    del block


def test_the_table_shows_warm_cold_and_memory_per_kind():
    stage = {"total": {"median_ms": 900.0, "p95_ms": 1100.0}}
    result = {"n": 2, "seed": 5, "repeats": 3, "cold_runs": 2,
              "warm": {"total_ms": {"12mp-receipt": [800.0, 1000.0], "12mp-waybill": [600.0, 700.0], "small": [300.0]},
                       "stages": {"12mp-receipt": stage, "12mp-waybill": stage, "small": stage},
                       "loaded_mb": 300.0, "peak_mb": 420.0},
              "cold": {"receipt": [{"seconds": 2.5, "peak_mb": 310.0, "exit_code": 0},
                                   {"seconds": 2.1, "peak_mb": 305.0, "exit_code": 0}]}}
    table = format_speed_bench(result)
    assert "12mp-all" in table and "peak memory of the warm process: 420 MB" in table
    assert "12mp-receipt" in table and "2.30" in table  # the cold median of 2.5 and 2.1 s
    assert "total" in table
