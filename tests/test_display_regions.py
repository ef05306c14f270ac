"""The display-region model marks where a photo shows a digital display, and the rows found there,
looked at closer, are in the finder's pixels."""

from __future__ import annotations

import numpy as np
import pytest

from evidencecheck.synth.generate import make_one
from evidencecheck.synth.sevenseg import render_display
from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.display_regions import CELL, DisplayRegion, display_regions, find_region_displays, shipped_model
from evidencecheck.vision.intake import DecodedImage, decode_image

UNSEEN = 7707  # a seed no model was trained, validated or benchmarked on


def _context(bgr: np.ndarray) -> AnalysisContext:
    return AnalysisContext(DecodedImage(np.ascontiguousarray(bgr), "PNG", "RGB", None, 1))


def _generated(index: int, kinds: tuple[str, ...]) -> tuple[AnalysisContext, dict]:
    _, data, row = make_one(UNSEEN, index, kinds)
    return AnalysisContext(decode_image(data, full_size=True)), row


def test_the_shipped_model_loads_once():
    assert shipped_model() is not None and shipped_model() is shipped_model()


@pytest.mark.parametrize("index", range(4))
def test_a_generated_scales_display_is_marked_where_it_is(index):
    ctx, row = _generated(index, ("weighing_photo",))
    heat = ctx.display_heat()
    scale = ctx.bgr_at(1024).scale
    x, y, w, h = (v * scale / CELL for v in row["display_box"])
    inside = heat[int(y + h / 2), int(x + w / 2)]
    assert heat.shape == tuple(s // CELL for s in ctx.bgr_at(1024).pixels.shape[:2])
    assert inside >= 0.5, f"the display's centre is marked {inside:.2f}"


@pytest.mark.parametrize("index", range(3))
def test_a_generated_receipt_has_no_display_region(index):
    ctx, _ = _generated(index, ("express_receipt",))
    assert display_regions(ctx.display_heat(), 0.5) == []


@pytest.mark.parametrize("index", range(4))
def test_a_generated_waybill_is_marked_at_most_in_a_few_cells(index):
    # Its bold sorting code may be marked (which is why the kind model does not use the regions).
    ctx, _ = _generated(index, ("waybill",))
    assert (ctx.display_heat() >= 0.5).mean() < 0.02


def test_a_blank_page_has_no_display_region():
    ctx = _context(np.full((900, 1200, 3), 230, np.uint8))
    assert float(ctx.display_heat().max()) < 0.5


def test_regions_are_groups_of_marked_cells_best_first():
    heat = np.zeros((20, 30), np.float32)
    heat[2:4, 3:8] = 0.6
    heat[10:13, 20:22] = 0.9
    heat[15, 5] = 0.3  # under the threshold
    regions = display_regions(heat, 0.5)
    assert [r.box for r in regions] == [(20 * CELL, 10 * CELL, 2 * CELL, 3 * CELL), (3 * CELL, 2 * CELL, 5 * CELL, 2 * CELL)]
    assert [r.cells for r in regions] == [6, 10] and regions[0].score == pytest.approx(0.9)


def test_a_small_display_in_a_large_photo_is_found_closer_in_its_region():
    # Digits 22 px tall in a 4000 px photo: 6 px on the finder's 1024 px copy, too few to read;
    # the window round its region, brought to the finder's size, shows them 4 times taller.
    panel = render_display(np.random.default_rng(1), "8.46", "lcd", 22, positions=4, lean=0.0)
    img = np.full((3000, 4000, 3), 120, np.uint8)
    ph, pw = panel.shape[:2]
    x, y = 2600, 700
    img[y - 20:y + ph + 20, x - 20:x + pw + 20] = 40
    img[y:y + ph, x:x + pw] = panel[:, :, ::-1]
    to_copy = 1024 / 4000
    region = DisplayRegion((int(x * to_copy) - 4, int(y * to_copy) - 4, int(pw * to_copy) + 8, int(ph * to_copy) + 8), 0.9, 4)
    rows = find_region_displays(img, to_copy, [region], digit_px=48, panel_share=0.6, max_zoom=4.0)
    assert rows and rows[0].text == "846"
    bx, by, bw, bh = rows[0].box
    assert abs((bx + bw / 2) / to_copy - (x + pw / 2)) < pw / 2 and abs((by + bh / 2) / to_copy - (y + ph / 2)) < ph
    assert rows[0].digit_height == pytest.approx(22 * to_copy, rel=0.3)


def test_a_region_the_finder_saw_at_a_good_size_is_not_looked_at_again():
    img = np.full((768, 1024, 3), 120, np.uint8)
    region = DisplayRegion((300, 300, 240, 100), 0.9, 40)  # digits ~60 px on the finder's copy already
    assert find_region_displays(img, 1.0, [region], digit_px=48, panel_share=0.6, max_zoom=4.0) == []


def test_training_targets_mark_cells_inside_the_display_and_leave_its_edge_unscored():
    from evidencecheck.train.display_regions import cell_targets

    t = cell_targets((12, 8, 40, 20), 48, 64)  # x 12..52, y 8..28 px: cells x 1.5..6.5, y 1..3.5
    assert t.shape == (6, 8)
    assert (t[1:3, 2:6] == 1).all() and (t[1:4, 1] == -1).all() and (t[3, 2:6] == -1).all()
    assert (t[0] == 0).all() and (t[:, 7] == 0).all() and (t[4:] == 0).all()
    assert (cell_targets(None, 48, 64) == 0).all()


def test_the_shipped_file_computes_what_the_trained_network_computes(tmp_path):
    pytest.importorskip("jax")  # the train extra
    pytest.importorskip("onnx")
    from evidencecheck.train.display_regions import init_params, predict, write_onnx
    from evidencecheck.vision.display_regions import DisplayRegionModel

    params = init_params(3)
    params[-1] = (params[-1][0], np.zeros(1, np.float32))  # certainties near 0.5, where a mismatch shows
    x = np.random.default_rng(0).integers(0, 256, (1, 72, 104, 3), dtype=np.uint8)
    write_onnx(params, tmp_path / "m.onnx")
    assert np.allclose(DisplayRegionModel(tmp_path / "m.onnx").heat(x[0]), predict(params, x)[0], atol=1e-5)


def test_a_weight_no_other_row_read_is_read_in_the_region_the_model_marks(tmp_path):
    # Generated seed 20261206 #14 (not a training, validation or bench seed): a counter scale's
    # 3.89 斤 that no finder row, panel, brightest-channel or small-display row read.
    from evidencecheck.ocr.rapid import available
    from evidencecheck.pipeline import Predictor

    if not available():
        pytest.skip("RapidOCR reads the unit")
    name, data, row = make_one(20261206, 14, ("weighing_photo",))
    (tmp_path / name).write_bytes(data)
    report = Predictor(lanes=1).analyse(tmp_path / name).to_dict()
    assert report["weight_shown"] == {"text": "3.89", "unit": "斤"}
    assert report["weight_kg"] == pytest.approx(row["weight_kg"], abs=0.005)
