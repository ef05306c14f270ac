"""The real public images gathered for validation (docs/real-images/): every genuine waybill and
weighing photo is either recognised or honestly called unsure, never surely taken for another kind.

The images are not in the repository (see docs/real-images/README.md); these tests run only
when EVIDENCECHECK_REAL_IMAGES names the folder that holds them (``tune/``, ``val/`` and
``parcel-scale/``, e.g. ``/work/real-val``), and are skipped elsewhere (CI has no such folder).
They check behaviour that must hold on every real image, tune sets included.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from evidencecheck import Predictor
from evidencecheck.bench import _shown_number

ROOT = Path(os.environ.get("EVIDENCECHECK_REAL_IMAGES", "/nonexistent"))
SPLITS = [d for d in (ROOT / "tune", ROOT / "val", ROOT / "parcel-scale") if (d / "truth.tsv").is_file()]
ROWS = [(d / r["file"], r) for d in SPLITS for r in csv.DictReader(open(d / "truth.tsv", encoding="utf-8"), delimiter="\t")]

pytestmark = pytest.mark.skipif(not ROWS, reason=f"the real images are not at {ROOT}")


@pytest.fixture(scope="module")
def reports():
    p = Predictor()
    return [(path, row, p.analyse(path)) for path, row in ROWS]


def test_every_real_image_is_analysed_to_the_end(reports):
    for path, _, r in reports:
        assert r.doc_type is not None and "CHECK_FAILED" not in {f.code for f in r.findings}, path.name


def test_no_genuine_evidence_is_surely_taken_for_another_kind(reports):
    """The worst error: a merchant's real waybill or scale photo called something else, surely."""
    failed = [(path.name, r.doc_type, round(r.confidence, 2)) for path, row, r in reports
              if row["doc_type"] != "other" and r.doc_type != row["doc_type"] and not r.kind_unsure]
    assert not failed, failed


def test_no_real_scale_photo_is_given_another_number_than_its_display_shows(reports):
    """A wrong weight fails a genuine set's consistency check; an unread one only asks for a
    better photo."""
    wrong = [(path.name, r.weight_shown["text"], row["weight"]) for path, row, r in reports
             if _shown_number(row.get("weight", "-")) is not None and r.weight_shown
             and abs(float(r.weight_shown["text"]) - _shown_number(row["weight"])) > 1e-6]
    assert not wrong, wrong
