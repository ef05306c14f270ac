"""Handwriting is drawn from stroke centre-lines with a varying pen, never typeset."""

from __future__ import annotations

import numpy as np
import pytest

from evidencecheck.synth.handwriting import (BLUE_BALLPOINT, CAREFUL, Hand, _hurried, _resample, apply_ink, glyph_strokes,
                                             random_hand, random_pen, write)


def test_every_digit_and_common_field_character_has_strokes():
    for ch in "0123456789-/:.签收人运单号派件网点经办年月日张伟":
        strokes = glyph_strokes(ch)
        assert strokes and all(s.ndim == 2 and s.shape[1] == 2 for s in strokes), ch


def test_unknown_character_is_refused_clearly():
    with pytest.raises(ValueError, match="no handwriting strokes"):
        glyph_strokes("\u0001")


def test_same_seed_same_ink_other_seed_other_ink():
    a = write(np.random.default_rng(1), "签收人张伟 2026", 40)
    b = write(np.random.default_rng(1), "签收人张伟 2026", 40)
    c = write(np.random.default_rng(2), "签收人张伟 2026", 40)
    assert np.array_equal(a.alpha, b.alpha) and a.boxes == b.boxes
    assert a.alpha.shape != c.alpha.shape or not np.array_equal(a.alpha, c.alpha)


def test_one_box_per_written_character_and_ink_inside_boxes():
    hw = write(np.random.default_rng(4), "运单 123", 36)
    assert len(hw.boxes) == 5
    inside = np.zeros_like(hw.alpha, bool)
    for x, y, w, h in hw.boxes:
        inside[max(0, y):y + h, max(0, x):x + w] = True
    assert hw.alpha[~inside].sum() < 0.02 * hw.alpha.sum()


def test_a_character_written_twice_is_never_pixel_identical():
    """Print repeats a glyph exactly; a hand does not (the fields check relies on this)."""
    hw = write(np.random.default_rng(5), "11", 40)
    (x0, y0, w0, h0), (x1, y1, w1, h1) = hw.boxes
    a = hw.alpha[y0:y0 + h0, x0:x0 + w0]
    b = hw.alpha[y1:y1 + h1, x1:x1 + w1]
    assert a.shape != b.shape or not np.allclose(a, b, atol=0.05)


def test_ink_multiplies_so_print_under_it_stays_visible():
    page = np.full((80, 300, 3), 250, np.uint8)
    page[40, :] = 40  # a printed underline
    hw = write(np.random.default_rng(6), "签收", 40, BLUE_BALLPOINT)
    out = apply_ink(page, hw, BLUE_BALLPOINT.colour, 5, 0)
    inked = hw.alpha > 0.8
    ys, xs = np.nonzero(inked)
    assert (out[ys, xs + 5, 2].astype(int) - out[ys, xs + 5, 0].astype(int)).mean() > 40, "blue ink is blue"
    assert out[40].max() <= 60, "the underline is as dark or darker under the ink"


def test_writers_take_pens_of_every_kind_and_ink():
    pens = [random_pen(np.random.default_rng(i)) for i in range(300)]
    names = {p.name for p in pens}
    assert {f"{ink}_{kind}" for ink in ("black", "blue") for kind in ("ballpoint", "gel", "felt")} <= names
    felt = [p.width for p in pens if p.name.endswith("felt")]
    ball = [p.width for p in pens if p.name.endswith("ballpoint")]
    assert min(felt) > max(ball), "a felt tip writes wider than a ballpoint"
    assert all(p.grain == 0 for p in pens if p.name.endswith("felt")), "felt ink does not skip"


def test_most_writers_hurry_some_write_carefully():
    hands = [random_hand(np.random.default_rng(i)) for i in range(200)]
    careful = sum(h == CAREFUL for h in hands)
    assert 30 < careful < 100 and max(h.speed for h in hands) > 0.9


def test_a_hurried_hand_joins_strokes_and_rounds_corners():
    strokes = glyph_strokes("国")
    hurried = _hurried(np.random.default_rng(0), strokes, 1.0)
    assert len(hurried) < len(strokes), "the pen runs on from one stroke into the next"
    assert len(_hurried(np.random.default_rng(0), strokes, 0.0)) == len(strokes)
    # The frame's 横折 (across, then down): at the same spacing of points, the hurried pen turns
    # the corner in gentler steps.
    corner = strokes[1]
    assert _sharpest_turn(_hurried(np.random.default_rng(1), (corner,), 1.0)[0]) < 0.6 * _sharpest_turn(_resample(corner, 16))


def _sharpest_turn(p: np.ndarray) -> float:
    """The largest change of direction between two steps of polyline ``p``, degrees."""
    d = np.diff(p, axis=0)
    d = d[np.linalg.norm(d, axis=1) > 1e-3]
    a = np.degrees(np.arctan2(d[:, 1], d[:, 0]))
    return float(np.max(np.abs((np.diff(a) + 180) % 360 - 180)))


def test_a_careful_hand_writes_as_the_default_does_and_a_hurried_one_differently():
    a = write(np.random.default_rng(7), "签收人张伟", 40)
    b = write(np.random.default_rng(7), "签收人张伟", 40, hand=Hand(0.0))
    c = write(np.random.default_rng(7), "签收人张伟", 40, hand=Hand(0.8))
    assert np.array_equal(a.alpha, b.alpha)
    assert a.alpha.shape != c.alpha.shape or not np.allclose(a.alpha, c.alpha, atol=0.05)
