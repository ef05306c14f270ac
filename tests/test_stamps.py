"""Red seals are found by their colour and their border; other red things are not seals."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from evidencecheck.synth import stamp
from evidencecheck.synth.fonts import font
from evidencecheck.vision.seals import _refit, find_red_stamps, find_seal_traces, red_ink, white_balance

SEAL_RED = (215, 40, 50)


def _page(w=1200, h=1600) -> np.ndarray:
    """A white page of black print, RGB."""
    img = Image.new("RGB", (w, h), (250, 250, 247))
    d = ImageDraw.Draw(img)
    for i, y in enumerate(range(120, h - 120, 70)):
        d.text((100, y), "兹证明运单号的快件已由收件人签收，特此证明。" if i % 2 else "证明单位：快递有限公司（盖章）",
               font=font("noto_sans", 32), fill=(25, 25, 25))
    return np.asarray(img).copy()


def _press(page, company="中通快递股份有限公司", shape="round", centre=(700, 900), width=300, seed=0, angle=10.0):
    rng = np.random.default_rng(seed)
    crisp = stamp.draw_seal(rng, company, width=width, shape=shape, aspect=0.65)
    out, box = stamp.press(page, stamp.inked(rng, crisp, fade=0.1), SEAL_RED, *centre, angle=angle)
    return out, box


def _bgr(rgb):
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _iou(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix, iy = max(0, min(ax + aw, bx + bw) - max(ax, bx)), max(0, min(ay + ah, by + bh) - max(ay, by))
    return ix * iy / (aw * ah + bw * bh - ix * iy)


@pytest.mark.parametrize("shape", ["round", "oval"])
def test_a_pressed_seal_is_found_with_its_shape(shape):
    page, box = _press(_page(), shape=shape)
    found = find_red_stamps(_bgr(page))
    assert len(found) == 1 and found[0].shape == shape and _iou(found[0].box, box) > 0.7


def test_a_page_without_red_has_no_stamp():
    assert find_red_stamps(_bgr(_page())) == []


def test_blue_ballpoint_is_not_red_ink():
    page = _page()
    img = Image.fromarray(page)
    d = ImageDraw.Draw(img)
    for i in range(6):  # blue signatures and a blue circle, as pens leave them
        d.ellipse((200 + i * 20, 300, 500 + i * 20, 600), outline=(30, 50, 160), width=6)
        d.line((100, 800 + i * 30, 900, 820 + i * 30), fill=(40, 60, 170), width=4)
    bgr = _bgr(np.asarray(img))
    assert red_ink(white_balance(bgr)).mean() < 0.5 and find_red_stamps(bgr) == []


def test_red_print_pen_and_rules_are_not_seals():
    img = Image.fromarray(_page())
    d = ImageDraw.Draw(img)
    d.text((100, 40), "极兔速递 J&T EXPRESS", font=font("noto_sans_bold", 60), fill=SEAL_RED)  # a red header
    for x in range(100, 1100, 200):  # a red table
        d.line((x, 900, x, 1400), fill=SEAL_RED, width=3)
    for y in range(900, 1401, 100):
        d.line((100, y, 1100, y), fill=SEAL_RED, width=3)
    d.line((150, 700, 700, 720), fill=SEAL_RED, width=5)  # a red pen stroke
    d.rectangle((900, 500, 1050, 650), fill=SEAL_RED)  # a solid red logo
    assert find_red_stamps(_bgr(np.asarray(img))) == []


def test_a_seal_over_a_red_table_is_still_found():
    img = Image.fromarray(_page())
    d = ImageDraw.Draw(img)
    for x in range(100, 1101, 250):
        d.line((x, 700, x, 1300), fill=SEAL_RED, width=3)
    for y in range(700, 1301, 120):
        d.line((100, y, 1100, y), fill=SEAL_RED, width=3)
    page, box = _press(np.asarray(img).copy(), centre=(620, 1000))
    found = find_red_stamps(_bgr(page))
    assert len(found) == 1 and _iou(found[0].box, box) > 0.6


def test_two_seals_pressed_over_each_other_are_two():
    page, a = _press(_page(), centre=(500, 900), seed=1)
    page, b = _press(page, company="圆通速递有限公司", centre=(720, 960), seed=2)
    found = find_red_stamps(_bgr(page))
    assert len(found) == 2
    assert all(max(_iou(f.box, t) for t in (a, b)) > 0.5 for f in found)


def test_a_colour_cast_does_not_hide_the_seal():
    page, box = _press(_page())
    warm = np.clip(page.astype(np.float32) * np.float32([1.0, 0.88, 0.65]), 0, 255).astype(np.uint8)
    found = find_red_stamps(_bgr(warm))
    assert len(found) == 1 and _iou(found[0].box, box) > 0.7


def test_a_small_photo_of_a_seal_is_found():
    page, box = _press(_page())
    small = cv2.resize(_bgr(page), None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
    found = find_red_stamps(small)
    assert len(found) == 1 and _iou(found[0].box, tuple(int(v * 0.4) for v in box)) > 0.6


def test_a_faded_orange_seal_is_found_when_looked_for_tolerantly():
    # Stamp-pad ink running dry goes pale and orange; on an express receipt with no seal found,
    # the tolerant search (pale, orange-faded ink allowed) still finds it.
    rng = np.random.default_rng(0)
    crisp = stamp.draw_seal(rng, "中通快递股份有限公司", width=300)
    page, box = stamp.press(_page(), stamp.inked(rng, crisp, fade=0.3), (235, 150, 120), 700, 900, angle=10.0)
    assert find_red_stamps(_bgr(page)) == []
    found = find_red_stamps(_bgr(page), tolerant=True)
    assert len(found) == 1 and _iou(found[0].box, box) > 0.7


def test_the_tolerant_search_still_finds_no_seal_on_a_plain_page():
    assert find_red_stamps(_bgr(_page()), tolerant=True) == []


def test_a_seal_pressed_partly_off_the_page_is_found_tolerantly():
    # The page ends a little past the seal's centre; beyond it lies a dark desk, where no ring shows.
    page, box = _press(_page(), centre=(1000, 900))  # the seal reaches x = 1146
    page = page.copy()
    page[:, 1060:] = (60, 55, 50)
    assert find_red_stamps(_bgr(page)) == []
    assert len(find_red_stamps(_bgr(page), tolerant=True)) == 1


def test_a_red_framed_panel_on_a_coloured_body_is_no_seal(monkeypatch):
    # A scale's red-rimmed display on a purple body: a red frame like a square seal's, but what it
    # frames is not the page beyond it.
    img = np.full((1200, 1200, 3), (150, 120, 170), np.uint8)  # RGB, purple body
    cv2.rectangle(img, (450, 450), (750, 700), (200, 40, 50), 14)  # red rim
    img[457:694, 457:744] = (200, 205, 195)  # a grey-green LCD inside
    cv2.putText(img, "12.38", (480, 610), cv2.FONT_HERSHEY_SIMPLEX, 2.5, (200, 40, 50), 8)
    from evidencecheck import thresholds as T

    monkeypatch.setattr(T, "STAMP_MAX_PAPER_CHANGE", 1e9)
    assert len(find_red_stamps(_bgr(img))) == 1, "without the paper test it passes for a seal"
    monkeypatch.undo()
    assert find_red_stamps(_bgr(img)) == []


def test_a_seal_on_tinted_paper_is_still_a_seal():
    page = (_page().astype(np.float32) * np.float32([1.0, 0.93, 0.78])).astype(np.uint8)  # yellowish form
    page, box = _press(page)
    found = find_red_stamps(_bgr(page))
    assert len(found) == 1 and _iou(found[0].box, box) > 0.7


def test_circles_in_a_large_blob_are_found_on_a_smaller_copy_where_they_lie_and_few():
    from evidencecheck import thresholds as T
    from evidencecheck.vision.seals import _circles

    ink = np.zeros((1000, 1000), np.uint8)
    cv2.circle(ink, (380, 500), 300, 255, 12)  # two large seals' rings pressed over each other
    cv2.circle(ink, (640, 500), 300, 255, 12)
    found = _circles(ink, (60, 180, 900, 640), 24)
    assert 0 < len(found) <= T.STAMP_CIRCLES
    centres = [tuple(c.mean(axis=0)) for c in found[:2]]
    assert all(min(np.hypot(cx - x, cy - 500) for x in (380, 640)) < 20 for cx, cy in centres)
    grid = np.zeros((1000, 1000), np.uint8)
    grid[::25], grid[:, ::25] = 255, 255  # a grid: many weak circles, few judged
    assert len(_circles(grid, (0, 0, 1000, 1000), 24)) <= T.STAMP_CIRCLES


def test_a_seal_broken_into_specks_is_no_seal_but_leaves_a_trace():
    page, box = _press(_page(), centre=(600, 900), width=260)
    rng = np.random.default_rng(3)
    inked = (page.astype(int).sum(axis=2) < 600) & (page[:, :, 0] > 150)  # the seal's red pixels
    page[inked & (rng.random(inked.shape) < 0.8)] = (250, 250, 247)  # four in five lost, as to recompression
    small = cv2.resize(_bgr(page), None, fx=0.45, fy=0.45, interpolation=cv2.INTER_AREA)
    assert find_red_stamps(small, tolerant=True) == []
    trace = find_seal_traces(small)[0]
    assert _iou(tuple(v / 0.45 for v in trace), box) > 0.5


def test_red_print_leaves_no_seal_trace():
    img = Image.fromarray(_page())
    d = ImageDraw.Draw(img)
    d.text((100, 40), "快递签收证明", font=font("noto_sans_bold", 60), fill=SEAL_RED)  # a red title
    d.line((100, 1500, 1100, 1500), fill=SEAL_RED, width=4)  # a red rule
    assert find_seal_traces(_bgr(np.asarray(img))) == []


def test_an_ellipse_fitted_with_its_centre_beyond_the_frame_is_kept_as_fitted():
    # A blob's hull at the frame's foot can be fitted by an ellipse centred below it; refitting
    # draws the ring on the part of the frame around that centre, which is then empty.
    mask = np.zeros((200, 300), np.uint8)
    ell = ((130.0, 330.0), (90.0, 230.0), 0.0)
    assert _refit(mask, mask, ell) == ell
