"""A display panel is found by its outline: a plain region with digit-shaped holes."""

from __future__ import annotations

import numpy as np
import pytest

from evidencecheck.synth.sevenseg import render_display
from evidencecheck.vision.panels import find_panels


def _scene(style: str, digit_h: int = 20, turned: bool = False) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A small display (digits ``digit_h`` px) in a dark scale body on a grey counter, BGR, and
    the panel's box."""
    panel = render_display(np.random.default_rng(0), "0.66", style, digit_h, positions=5, lean=0.0)
    img = np.full((768, 1024, 3), 150, np.uint8)
    img[300:420, 380:640] = (65, 60, 60)  # the scale's body
    ph, pw = panel.shape[:2]
    y, x = 330, 420
    img[y:y + ph, x:x + pw] = panel[:, :, ::-1]
    box = (x, y, pw, ph)
    if turned:  # the photo turned a quarter: the row runs up the image
        img = np.ascontiguousarray(np.rot90(img))
        box = (y, 1024 - x - pw, ph, pw)
    return img, box


def _inside(inner, outer, slack: int = 3) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[0] + inner[2] <= outer[0] + outer[2] + slack and inner[1] + inner[3] <= outer[1] + outer[3] + slack)


@pytest.mark.parametrize("style, light", [("lcd", False), ("lcd_green", False), ("lcd_blue_negative", True),
                                          ("led_red", True)])
def test_a_small_display_panel_is_found_with_its_polarity(style, light):
    img, box = _scene(style)
    found = [p for p in find_panels(img) if _inside(p.box, box)]
    assert found, "the panel was not found"
    p = found[0]
    assert p.digits >= 1 and p.light_on_dark == light and p.quarter == 0
    assert 0.5 * 20 <= p.digit_height <= 1.3 * 20


def test_a_panel_whose_row_runs_down_the_image_is_marked_a_quarter_turned():
    img, box = _scene("lcd_green", turned=True)
    found = [p for p in find_panels(img) if _inside(p.box, box)]
    assert found and found[0].quarter == 1


def test_a_plain_image_has_no_panel():
    assert find_panels(np.full((600, 800, 3), 140, np.uint8)) == []
