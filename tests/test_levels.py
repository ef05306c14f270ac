"""Grey-level percentiles of 8-bit planes are numpy's, from the histogram."""

from __future__ import annotations

import numpy as np
import pytest

from evidencecheck.vision.levels import byte_percentiles, underexposed_gain


@pytest.mark.parametrize("seed", range(20))
def test_byte_percentiles_equal_numpys(seed):
    rng = np.random.default_rng(seed)
    plane = np.clip(rng.normal(180, 60, (int(rng.integers(1, 300)), int(rng.integers(1, 300)))), 0, 255).astype(np.uint8)
    qs = (0, 1, 95, 100, *rng.uniform(0, 100, 4))
    assert byte_percentiles(plane, qs) == tuple(np.percentile(plane, qs))


def test_one_pixel_is_every_percentile():
    assert byte_percentiles(np.full((1, 1), 7, np.uint8), (0, 50, 100)) == (7.0, 7.0, 7.0)


def test_an_underexposed_photo_is_lifted_to_white_and_a_lit_one_is_not():
    dark = np.full((40, 60), 10, np.uint8)
    dark[10:20, 10:30] = 50  # its brightest part
    assert underexposed_gain(dark, 80) == pytest.approx(255 / 50)
    assert underexposed_gain((dark * 4).astype(np.uint8), 80) == 1.0
