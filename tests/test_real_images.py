"""The real public images gathered for validation (docs/real-images/): every genuine waybill and
weighing photo is either recognised or honestly called unsure, never surely taken for another kind.

The images are not in the repository (see docs/real-images/README.md); these tests run only
when EVIDENCECHECK_REAL_IMAGES names the folder that holds them (``tune/`` and ``val/``, e.g.
``/work/real-val``), and are skipped elsewhere (CI has no such folder). They judge, they never
tune: no number in the code was set on them.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from evidencecheck import Predictor

ROOT = Path(os.environ.get("EVIDENCECHECK_REAL_IMAGES", "/nonexistent"))
SPLITS = [d for d in (ROOT / "tune", ROOT / "val") if (d / "truth.tsv").is_file()]
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
