"""The curated samples raise exactly the findings their truth lists; the benchmark runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencecheck import Predictor
from evidencecheck.bench import make_photos, time_intake_and_quality

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TRUTH = [json.loads(l) for l in (SAMPLES / "truth.jsonl").read_text("utf-8").splitlines() if l.strip()]


@pytest.fixture(scope="module")
def predictor():
    return Predictor()


@pytest.mark.parametrize("row", TRUTH, ids=[r["file"] for r in TRUTH])
def test_sample_findings_match_truth(predictor, row):
    report = predictor.analyse(SAMPLES / row["file"])
    assert sorted({f.code for f in report.findings}) == sorted(row["findings"])


def test_samples_are_small():
    assert sum(p.stat().st_size for p in SAMPLES.iterdir()) < 5 * 2**20


def test_speed_bench_times_every_image(tmp_path):
    paths = make_photos(tmp_path, 2, seed=5, width=800, height=600)
    times = time_intake_and_quality(paths, repeats=1)
    assert len(times.intake) == 2 and all(t > 0 for t in times.intake + times.quality)
    assert set(times.summary()) == {"intake", "quality", "intake+quality"}
