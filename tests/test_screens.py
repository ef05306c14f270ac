"""A phone screenshot's shown photo: found among the app's flat furniture, and read on its own."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from evidencecheck import thresholds as T
from evidencecheck.synth.fonts import font
from evidencecheck.vision.context import AnalysisContext
from evidencecheck.vision.intake import DecodedImage
from evidencecheck.vision.screens import find_shown_photo

PHOTO = (182, 345, 552, 740)  # where the chat shows the photo, (x, y, w, h)


def _label_photo(w: int, h: int, number_px: int) -> Image.Image:
    """A label on cardboard, its tracking number ``number_px`` tall under its sort code."""
    rng = np.random.default_rng(7)
    board = np.clip(rng.normal((150, 110, 70), 12, (h, w, 3)), 0, 255).astype(np.uint8)
    img = Image.fromarray(board)
    d = ImageDraw.Draw(img)
    d.rectangle((60, 100, w - 60, h - 140), fill=(246, 246, 240))
    d.text((80, 120), "韵达快递", font=font("noto_sans_bold", 30), fill=(20, 20, 20))
    d.text((80, 180), "507-D55 90", font=font("noto_sans_bold", 52), fill=(20, 20, 20))
    d.text((120, 270), "4375 1123 1161 3", font=font("noto_sans", number_px), fill=(20, 20, 20))
    d.text((80, 320), "收件人：余** 187****0037", font=font("noto_sans", number_px), fill=(20, 20, 20))
    return img


def _chat(photo: Image.Image, background=(237, 237, 237)) -> np.ndarray:
    """A chat app's screenshot (1080 x 1920, RGB) showing ``photo`` at :data:`PHOTO`."""
    img = Image.new("RGB", (1080, 1920), background)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 1080, 260), fill=(247, 247, 247))
    d.text((60, 30), "10:30", font=font("noto_sans_bold", 44), fill=(20, 20, 20))
    d.text((540, 170), "客服", font=font("noto_sans_bold", 48), fill=(20, 20, 20), anchor="mm")
    d.rounded_rectangle((40, 345, 148, 453), 10, fill=(190, 120, 100))  # the contact's avatar
    img.paste(photo.resize(PHOTO[2:]), PHOTO[:2])
    d.rectangle((0, 1750, 1080, 1920), fill=(247, 247, 247))
    return np.array(img)


def _near(box, want, tol: int) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(box, want))


def test_the_photo_a_chat_shows_is_found_among_the_apps_grey():
    box = find_shown_photo(_chat(_label_photo(*PHOTO[2:], 18))[:, :, ::-1])
    assert box is not None and _near(box, PHOTO, 10), box


def test_the_photo_a_gallery_viewer_shows_is_found_between_its_dark_bars():
    screen = np.zeros((2400, 1080, 3), np.uint8)
    screen[600:1410] = np.asarray(_label_photo(1080, 810, 24))
    box = find_shown_photo(screen[:, :, ::-1])
    assert box is not None and _near(box, (0, 600, 1080, 810), 10), box


def test_a_photo_with_no_flat_screen_around_it_shows_none_smaller_than_itself():
    photo = np.asarray(_label_photo(1600, 1200, 24))[:, :, ::-1]
    box = find_shown_photo(np.ascontiguousarray(photo))
    assert box is None or box[2] * box[3] >= 0.9 * 1600 * 1200


@pytest.fixture(scope="module")
def engine():
    from evidencecheck.ocr.rapid import RapidEngine, available

    if not available():
        pytest.skip("RapidOCR reads the screenshot")
    return RapidEngine()


def _ctx(rgb: np.ndarray) -> AnalysisContext:
    return AnalysisContext(DecodedImage(np.ascontiguousarray(rgb[:, :, ::-1]), "PNG", "RGB", None, 1))


def _page_read(rgb: np.ndarray, engine) -> list[str]:
    _, lines = _ctx(rgb).page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
    return [l.text.replace(" ", "") for l in lines]


def test_the_small_print_of_a_photo_in_a_chat_is_read_on_the_photo_alone(engine, monkeypatch):
    screen = _chat(_label_photo(*PHOTO[2:], 10))
    texts = _page_read(screen, engine)
    assert "4375112311613" in texts and "10:30" in texts, texts
    monkeypatch.setattr(T, "SCREEN_CLOSER_GAIN", 100.0)  # the whole screen read at one scale
    assert "4375112311613" not in _page_read(screen, engine)


def test_a_photo_among_flat_grey_is_read_on_its_own_only_under_a_phones_status_bar(engine):
    screen = _chat(_label_photo(*PHOTO[2:], 10))
    ctx = _ctx(screen)
    box = ctx.shown_photo(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
    scale = ctx.page(T.PAGE_OCR_LONG_SIDE).scale
    assert box is not None and _near(box, [round(v * scale) for v in PHOTO], 10)
    screen[:260] = 247  # no clock at the top: a picture of a photo on a grey table, say
    assert _ctx(screen).shown_photo(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE) is None


def test_a_photo_standing_turned_in_an_upright_chat_gives_the_page_its_turn(engine):
    from evidencecheck.checks.orientation import shown_photo_turn

    # a label photographed with the phone on its side: the chat shows it a quarter turned to the
    # left, on an upright screen whose status bar and title read as they stand
    screen = _chat(_label_photo(PHOTO[3], PHOTO[2], 16).rotate(90, expand=True))
    ctx = _ctx(screen)
    turn = shown_photo_turn(ctx, engine)
    assert turn is not None and turn.k == 1
    ctx.set_rotation(turn.k)
    _, lines = ctx.page_lines(engine, T.PAGE_OCR_LONG_SIDE, T.PAGE_DET_LONG_SIDE)
    assert "4375112311613" in [l.text.replace(" ", "") for l in lines]
    assert shown_photo_turn(_ctx(_chat(_label_photo(*PHOTO[2:], 16))), engine) is None, "upright: no turn"
