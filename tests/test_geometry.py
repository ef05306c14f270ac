"""Boxes follow quarter turns and working resolutions back to the file's pixels."""

from __future__ import annotations

import numpy as np
import pytest

from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.geometry import rotate_box, touches_edge
from evidencecheck.vision.intake import DecodedImage


@pytest.mark.parametrize("k", [0, 1, 2, 3, -1])
def test_rotate_box_matches_rot90(k):
    img = np.zeros((40, 60), np.uint8)
    img[5:15, 20:50] = 1  # box (20, 5, 30, 10)
    turned = np.rot90(img, k)
    ys, xs = np.nonzero(turned)
    expected = (xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1)
    assert rotate_box((20, 5, 30, 10), k, 60, 40) == tuple(int(v) for v in expected)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_upright_boxes_map_back_to_the_file(k):
    upright = np.full((800, 600, 3), 255, np.uint8)
    upright[100:140, 50:250] = 0  # a dark bar at (50, 100, 200, 40) in upright, full-size pixels
    stored = np.ascontiguousarray(np.rot90(upright, k))  # what the file holds
    ctx = AnalysisContext(DecodedImage(stored, "PNG", "RGB", None, 1))
    ctx.set_rotation(k)
    s = ctx.upright(400)
    ys, xs = np.nonzero(s.pixels[:, :, 0] < 128)
    box = (xs.min(), ys.min(), xs.max() - xs.min() + 1, ys.max() - ys.min() + 1)
    x, y, w, h = s.to_original(box)
    ys, xs = np.nonzero(stored[:, :, 0] < 128)
    assert abs(x - xs.min()) <= 3 and abs(y - ys.min()) <= 3
    assert abs(w - (xs.max() - xs.min() + 1)) <= 4 and abs(h - (ys.max() - ys.min() + 1)) <= 4


def test_small_copies_are_made_from_larger_ones_with_the_right_scale():
    ctx = AnalysisContext(DecodedImage(np.zeros((3000, 4000, 3), np.uint8), "PNG", "RGB", None, 1))
    big = ctx.bgr(1600)
    small = ctx.bgr(512)
    assert big.pixels.shape[:2] == (1200, 1600) and small.pixels.shape[:2] == (384, 512)
    assert small.scale == pytest.approx(512 / 4000)


def test_a_box_reaching_any_side_of_the_image_touches_its_edge():
    assert touches_edge((0, 295, 100, 61), 900, 1200) and not touches_edge((10, 295, 100, 61), 900, 1200)
    assert touches_edge((800, 10, 100, 50), 900, 1200) and touches_edge((10, 1150, 100, 50), 900, 1200)
