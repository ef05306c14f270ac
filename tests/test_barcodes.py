"""Linear barcodes are found where they stand, whether or not they decode."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp

from evidencecheck.synth.waybill import barcode_image
from evidencecheck.vision.barcodes import find_linear_barcodes


@pytest.fixture(scope="module")
def page():
    """A white page with a Code128 at (100, 300), 120 px tall."""
    bar = np.asarray(barcode_image("SF1234567890123", 3, 120))
    out = np.full((1000, 800), 255, np.uint8)
    out[300:420, 100:100 + bar.shape[1]] = bar
    return out, bar.shape[1]


def _inside(box, x0, y0, x1, y1, slack=30):
    x, y, w, h = box
    return x >= x0 - slack and y >= y0 - slack and x + w <= x1 + slack and y + h <= y1 + slack


def test_a_barcode_is_found_on_its_bars(page):
    gray, width = page
    boxes = find_linear_barcodes(gray)
    assert len(boxes) == 1 and _inside(boxes[0], 100, 300, 100 + width, 420)


def test_a_barcode_torn_at_its_start_is_found_though_it_does_not_decode(page):
    gray, width = page
    torn = gray.copy()
    torn[300:420, 100:100 + width // 5] = 255  # the start pattern and a fifth of the bars gone
    assert not zxingcpp.read_barcodes(torn)
    boxes = find_linear_barcodes(torn)
    assert len(boxes) == 1 and _inside(boxes[0], 100, 300, 100 + width, 420)


def test_a_turned_barcode_is_found(page):
    gray, _ = page
    turned = cv2.warpAffine(gray, cv2.getRotationMatrix2D((400, 500), 30, 1), (800, 1000), borderValue=255)
    assert len(find_linear_barcodes(turned)) == 1


def test_print_and_a_blank_page_hold_no_barcode():
    text = np.full((1000, 800), 255, np.uint8)
    for i in range(20):
        cv2.putText(text, "Ship to: 12 Lane Road, Pincode 395010", (30, 40 + 45 * i), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    assert find_linear_barcodes(text) == []
    assert find_linear_barcodes(np.full((480, 640), 200, np.uint8)) == []
    assert find_linear_barcodes(np.zeros((0, 0), np.uint8)) == []
