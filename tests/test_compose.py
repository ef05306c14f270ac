"""compose: several proofs in one upload that still reads like the originals."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from evidencecheck import Predictor
from evidencecheck.case.compose import compose_files, compose_images, plan_rows
from evidencecheck.errors import UsageError

from .conftest import run_cli

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TRUTH = {r["file"]: r for r in map(json.loads, (SAMPLES / "truth.jsonl").read_text("utf-8").splitlines())}


@pytest.fixture(scope="module")
def predictor():
    return Predictor()


def test_portraits_stand_side_by_side_and_panoramas_one_above_the_other():
    assert plan_rows([0.75, 0.75], 4096, 16, 64) == ([[0, 1]], 4096)
    rows, width = plan_rows([3.0, 3.0], 4096, 16, 64)
    assert rows == [[0], [1]] and width == 4096  # two 3:1 strips make a landscape canvas


def test_the_split_chosen_leaves_the_smallest_image_largest_and_keeps_the_order():
    rows, width = plan_rows([0.75, 1.33, 1.33, 0.75, 0.75], 4096, 16, 64)
    assert [i for r in rows for i in r] == [0, 1, 2, 3, 4]
    assert 1 < len(rows) < 5 and width <= 4096


def test_the_upload_keeps_to_its_pixel_and_byte_budgets():
    rng = np.random.default_rng(0)
    noisy = [rng.integers(0, 256, (1500, 1100, 3), dtype=np.uint8) for _ in range(3)]  # noise compresses worst
    c = compose_images(noisy, ["a", "b", "c"], ["a", "b", "c"], long_side=3000, max_bytes=1_500_000)
    assert len(c.jpeg) <= 1_500_000 and max(c.width, c.height) <= 3000
    im = Image.open(io.BytesIO(c.jpeg))
    assert im.size == (c.width, c.height) and im.format == "JPEG"
    for t in c.tiles:  # every tile lies on the canvas and none overlaps another
        x, y, w, h = t.box
        assert x >= 0 and y >= 0 and x + w <= c.width and y + h <= c.height
    boxes = [t.box for t in c.tiles]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]


def test_small_images_are_not_blown_up():
    small = [np.full((300, 400, 3), 200, np.uint8), np.full((400, 300, 3), 100, np.uint8)]
    c = compose_images(small, ["a", "b"], ["a", "b"])
    assert max(c.width, c.height) < 1200


def test_composed_samples_still_show_the_tracking_number_and_the_seal(predictor, tmp_path):
    paths = [str(SAMPLES / n) for n in ("waybill_yto.jpg", "receipt_genuine.jpg", "weighing_platform.jpg")]
    result = compose_files(paths, predictor)
    out = tmp_path / "upload.jpg"
    out.write_bytes(result.composition.jpeg)
    assert out.stat().st_size <= 4_000_000 and max(result.composition.width, result.composition.height) <= 4096
    # Checked again here, apart from compose's own check: each tile cut from the written file.
    upload = np.asarray(Image.open(out).convert("RGB"))
    again = {}
    for tile in result.composition.tiles:
        x, y, w, h = tile.box
        Image.fromarray(upload[y:y + h, x:x + w]).save(tmp_path / "tile.png")
        again[Path(tile.path).name] = predictor.analyse(tmp_path / "tile.png")
    waybill, receipt = result.reports[0], result.reports[1]
    assert waybill.tracking_numbers == [TRUTH["waybill_yto.jpg"]["tracking_number"]]
    assert again["waybill_yto.jpg"].tracking_numbers == waybill.tracking_numbers
    assert [s.carrier for s in receipt.stamps] == ["yto"]
    assert [s.carrier for s in again["receipt_genuine.jpg"].stamps] == ["yto"]
    assert all(not t.lost for t in result.checks)
    assert [t.label.split()[0] for t in result.composition.tiles] == ["发货底单", "签收物流红章证明", "称重图"]


def test_a_12_mp_photo_is_composed_at_its_own_size_not_at_the_size_it_was_analysed_at(predictor, tmp_path):
    # the analysis decodes a 4000 px JPEG at half its size; the upload must keep the photo's detail
    from evidencecheck.bench import make_photos

    photo = make_photos(tmp_path, 1, seed=3, long_side=4000, kind="waybill")[0]
    result = compose_files([str(photo)], predictor, check=False)
    assert max(result.composition.width, result.composition.height) > 3000


def test_an_unreadable_file_is_left_out_and_none_readable_is_a_usage_error(predictor):
    result = compose_files([str(SAMPLES / "waybill_yto.jpg"), str(SAMPLES / "not_an_image.jpg")], predictor, check=False)
    assert len(result.composition.tiles) == 1 and [r.path for r in result.skipped] == [str(SAMPLES / "not_an_image.jpg")]
    with pytest.raises(UsageError, match="nothing to compose"):
        compose_files([str(SAMPLES / "not_an_image.jpg")], predictor)


def test_the_compose_command_writes_the_upload_and_reports_each_tile(tmp_path):
    out = tmp_path / "上传 upload.jpg"
    r = run_cli("compose", str(SAMPLES / "waybill_yto.jpg"), str(SAMPLES / "receipt_genuine.jpg"), "-o", str(out),
                "--long-side", "2000", timeout=300)
    assert r.returncode == 0, r.stderr
    assert out.is_file() and "reads as on the original" in r.stdout and "发货底单" in r.stdout
