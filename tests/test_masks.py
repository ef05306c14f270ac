"""Pixel masks shared by the checks: ink, and where a photo's text is."""

from __future__ import annotations

import cv2
import numpy as np

from evidencecheck.vision.masks import components, darker_than_surroundings, text_area


def _desk_with_page(text_rows: list[int], x0=400, x1=900, h=1280, w=960) -> np.ndarray:
    img = np.full((h, w), 120, np.uint8)  # a grey desk
    cv2.rectangle(img, (300, 200), (w - 30, h - 150), 235, -1)  # the paper
    for y in text_rows:  # lines of print: short dark strokes in a row
        for x in range(x0, x1, 22):
            cv2.rectangle(img, (x, y), (x + 14, y + 16), 30, 2)
    return img


def test_the_text_area_holds_every_line_and_little_else():
    img = _desk_with_page([300, 340, 380, 700])
    x0, y0, x1, y1 = text_area(img, margin=0.02)
    assert x0 <= 400 and y0 <= 300 and x1 >= 900 and y1 >= 716, "every line is inside"
    assert x0 > 300 and y0 > 200 and y1 < 800, "the empty paper and the desk around are not"


def test_a_word_printed_large_under_a_display_is_in_the_text_area():
    # A fuel pump's LITRES under its display: a tenth of the photo high, below the small print.
    img = _desk_with_page([300], x0=400, x1=600, h=800, w=960)
    cv2.putText(img, "LITRES", (350, 620), cv2.FONT_HERSHEY_DUPLEX, 3.0, 20, 8)
    x0, y0, x1, y1 = text_area(img, margin=0.02)
    assert y1 >= 620 and x0 <= 350, "the large word is looked at"


def test_a_page_without_lines_of_ink_is_looked_at_whole():
    assert text_area(np.full((400, 300), 235, np.uint8)) == (0, 0, 300, 400)
    dots = np.full((400, 300), 235, np.uint8)
    dots[::40, ::40] = 0  # specks are not text
    assert text_area(dots) == (0, 0, 300, 400)


def test_components_are_opencvs_in_fewer_bits_and_past_their_limit():
    rng = np.random.default_rng(0)
    mask = (rng.random((300, 400)) > 0.6).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    n2, labels2, stats2 = components(mask)
    assert n2 == n and np.array_equal(labels2, labels) and np.array_equal(stats2, stats)
    specks = np.zeros((1024, 1024), np.uint8)
    specks[::2, ::2] = 1  # 262144 separate pixels: more labels than 16 bits hold
    assert components(specks)[0] == 512 * 512 + 1


def test_ink_is_what_lies_more_than_depth_below_its_neighbourhood_mean():
    rng = np.random.default_rng(1)
    gray = cv2.GaussianBlur(rng.integers(0, 256, (120, 160)).astype(np.uint8), (0, 0), 2)
    gray[0:10] = 250  # bright rows, where gray + depth passes 255
    for depth, window in ((0, 3), (20, 31), (60, 41)):
        local = cv2.blur(gray, (window, window)).astype(int)
        expected = np.where(gray.astype(int) < local - depth, 255, 0)
        assert np.array_equal(darker_than_surroundings(gray, depth, window), expected)
