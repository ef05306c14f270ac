"""The real photos and scans in ../shared/real-dev/ go through the pipeline without error, and
their red stamps are found.

They are the only real pixels the project has: used to test, never to tune.
"""

from __future__ import annotations

import csv

import pytest

from evidencecheck import Predictor

from .conftest import REAL_DEV

ROWS = list(csv.DictReader(open(REAL_DEV / "truth.tsv", encoding="utf-8"), delimiter="\t")) if (
    REAL_DEV / "truth.tsv").exists() else []

pytestmark = pytest.mark.skipif(not ROWS, reason="../shared/real-dev is not beside this checkout")


@pytest.fixture(scope="module")
def reports():
    p = Predictor()
    return {row["file"]: p.analyse(REAL_DEV / row["file"]) for row in ROWS}


def test_every_real_image_is_readable(reports):
    for name, r in reports.items():
        assert "UNREADABLE_FILE" not in {f.code for f in r.findings}, name
        assert r.width and r.height and r.sha256, name


def test_misnamed_files_are_read_by_content(reports):
    # SOURCES.tsv: a GIF named .jpg upstream and JPEGs named .png; content decides, not the name.
    assert reports["negative_bank_form_br_01.gif"].format == "GIF"
    assert reports["seal_vatinvoice_photo_01.jpg"].format == "JPEG"


def test_reports_are_schema_valid(reports, validate):
    from evidencecheck import CaseReport

    validate(CaseReport(images=list(reports.values())).to_dict())


def test_every_real_red_stamp_is_found_and_nothing_else(reports):
    """Colour casts, oval invoice seals, overlapping print, a square personal seal; no stamp on
    the negatives (truth.tsv's red_stamps)."""
    counts = {row["file"]: (len(reports[row["file"]].stamps), int(row["red_stamps"])) for row in ROWS}
    assert all(found == truth for found, truth in counts.values()), counts


def test_no_real_seal_is_taken_for_a_couriers(reports):
    """None of the real seals is a courier company's (invoices, a stamp sheet): naming one would be a guess."""
    assert all(s.carrier is None for r in reports.values() for s in r.stamps)


def test_no_real_scale_is_read_as_a_number_it_does_not_show(reports):
    """A wrong weight is worse than none: a display read is read as its truth.tsv number."""
    for row in ROWS:
        if row["weight"] not in ("-", ""):
            shown = reports[row["file"]].weight_shown
            assert shown is None or float(shown["text"]) == float(row["weight"]), (row["file"], shown)
