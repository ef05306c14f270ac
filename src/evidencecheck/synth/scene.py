"""Photographs of generated documents: placement, light, camera, rotation and encoding; then the
way the image reached the merchant (:func:`share`): as the camera saved it, through a chat app,
or as a screenshot of a phone showing it.

Boxes in the truth follow the document into the photo: through the perspective, the resize and
any rotation of the stored pixels, and through the chat app's shrinking or the screenshot's
letterbox. When the photo carries an EXIF orientation instead, boxes are in the upright
(displayed) frame, as the report's are.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageOps

from .. import thresholds as T
from ..vision.geometry import rotate_box
from . import phone, photo, stamp
from .fonts import font
from .truth import Box, Document, Truth

CHAT_SHARE = 0.25
"""Share of images that reach the merchant through a chat app (a courier or a buyer sends the photo
in WeChat or QQ, or the merchant forwards it from there). The app drops EXIF, shrinks the image
so its short side is in :data:`CHAT_SHORT_SIDE` and recompresses it at a JPEG quality in
:data:`CHAT_QUALITY`: the blur and blocking real uploads show and camera photos lack."""
CHAT_TWICE = 0.3
"""Of those, the share forwarded once more: shrunk (never enlarged) and recompressed a second time."""
CHAT_SHORT_SIDE = (480, 1280)
CHAT_QUALITY = (40, 70)
SCREENSHOT_SHARE = 0.1
"""Share of photos uploaded as a screenshot of the phone showing them, in its gallery viewer or in
a chat: the photo letterboxed and smaller between the phone's bars, saved as PNG or JPEG."""
SHARE_DECODE = 1300  # px: above the largest chat short side and the widest screen


@dataclass
class Photo:
    jpeg: bytes  # the file's bytes: JPEG, or PNG when ``ext`` says so (a screenshot)
    truth: Truth
    width: int  # as displayed (after EXIF orientation)
    height: int
    ext: str = "jpg"


def _map_box(H: np.ndarray, box: Box) -> Box:
    x, y, w, h = box
    pts = np.float32([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]).reshape(-1, 1, 2)
    q = cv2.perspectiveTransform(pts, H).reshape(-1, 2)
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    return int(round(x0)), int(round(y0)), int(round(x1 - x0)), int(round(y1 - y0))


def _bend_box(box: Box, dy: np.ndarray) -> Box:
    """``box`` on a flat page, after :func:`photo.curl` shifted each column by ``dy``."""
    x, y, w, h = box
    cols = dy[max(0, x):max(1, min(len(dy), x + w))]
    if cols.size == 0:
        return box
    top, bottom = y + float(cols.min()), y + h + float(cols.max())
    return x, int(round(top)), w, int(round(bottom - top))


def _shadow(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """A soft shadow (the phone, a hand) over part of the frame."""
    h, w = img.shape[:2]
    # The shadow is smooth: draw and soften it at 1/16 size, then enlarge (a full-size blur with
    # this sigma would take seconds).
    sh, sw = max(8, h // 16), max(8, w // 16)
    mask = np.zeros((sh, sw), np.float32)
    cx, cy = rng.uniform(0, sw), rng.uniform(0, sh)
    pts = np.int32([[cx + rng.uniform(-0.6, 0.6) * sw, cy + rng.uniform(-0.6, 0.6) * sh] for _ in range(5)])
    cv2.fillPoly(mask, [cv2.convexHull(pts)], 1.0)
    mask = cv2.resize(cv2.GaussianBlur(mask, (0, 0), max(1.0, 0.04 * max(sh, sw))), (w, h),
                      interpolation=cv2.INTER_LINEAR)
    depth = rng.uniform(0.15, 0.4)
    return photo._scale_channels(img, 1 - depth * mask)


def photograph(rng: np.random.Generator, doc: Document, long_side: int | None = None,
               background: str = "desk", allow_rotation: bool = True,
               fill: tuple[float, float] = (0.72, 0.95), extra_blur: float = 0.0) -> Photo:
    """Take a phone photo of ``doc``. Returns the JPEG bytes and the truth in its pixels.

    ``fill``: the range of the share of the frame the document covers (above 1: it overflows
    the frame, as a scene photographed from close does). ``extra_blur``: added defocus, in pixels
    at the 1600 px working resolution (the whole frame, as a real out-of-focus photo)."""
    truth = doc.truth
    h, w = doc.rgb.shape[:2]
    L = int(long_side or rng.uniform(1000, 4000))
    portrait = h >= w
    out_w, out_h = (int(L * 0.75), L) if portrait else (L, int(L * 0.75))
    page, paper, bend = doc.rgb, None, 0.0
    if rng.random() < 0.4:  # paper rarely lies flat
        bend = float(rng.uniform(0.004, 0.02))
        page, paper, dy = photo.curl(rng, doc.rgb, bend)
        truth.map_boxes(lambda b: _bend_box(b, dy))
        for pst in doc.pastes:
            x = int(np.clip(pst.centre[0], 0, len(dy) - 1))
            pst.centre = (pst.centre[0], pst.centre[1] + float(dy[x]))
    if background == "bag":  # a label stuck on a soft bag takes the bag's folds
        page = photo.creases(rng, page, rng.uniform(0.04, 0.12))
    img, H = photo.place_on_background(rng, page, out_w, out_h, fill=rng.uniform(*fill),
                                       tilt=rng.uniform(0.0, 0.07), background=background, mask=paper)
    truth.map_boxes(lambda b: _map_box(H, b))
    scale = L / 1600.0  # effects are sized at the working resolution
    if background == "bag" and rng.random() < 0.7:  # glossy plastic and label film mirror the lamp
        # Kept short of blowing the paper out: that would be glare the checker must report.
        img = photo.glare(rng, img, rng.uniform(0.25, 0.55))

    img = photo.uneven_light(rng, img, rng.uniform(0.05, 0.3))
    if rng.random() < 0.3:
        img = _shadow(rng, img)
    img = photo.colour_cast(rng, img, rng.uniform(0.02, 0.1))
    blur = (rng.uniform(0.2, 1.1) + extra_blur) * scale
    img = photo.gaussian_blur(img, blur)
    if rng.random() < 0.1:
        img = photo.motion_blur(img, int(rng.uniform(2, 4) * scale), rng.uniform(0, 180))
    img = photo.sensor_noise(rng, img, rng.uniform(1.0, 4.0))

    for pst in doc.pastes:  # an image editor's work: after the camera, before the last save
        c = cv2.perspectiveTransform(np.float32([[pst.centre]]), H)[0, 0]
        unit = cv2.perspectiveTransform(np.float32([[pst.centre, (pst.centre[0] + 100, pst.centre[1])]]), H)[0]
        k = float(np.linalg.norm(unit[1] - unit[0])) / 100.0
        alpha = cv2.resize(pst.alpha, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
        img, box = stamp.paste(img, alpha, pst.colour, int(c[0]), int(c[1]), pst.angle)
        truth.stamps[pst.stamp_index].box = box

    orientation = None
    k = 0
    if allow_rotation:
        r = rng.random()
        if r < 0.2:  # the phone did not know it was turned: the content is rotated in the pixels
            k = int(rng.integers(1, 4))
            ih, iw = img.shape[:2]
            img = np.ascontiguousarray(np.rot90(img, k))
            truth.map_boxes(lambda b: rotate_box(b, k, iw, ih))
        elif r < 0.35:  # the phone stored it sideways and said so in EXIF: displayed upright
            orientation = int(rng.choice([3, 6, 8]))
    quality = int(rng.uniform(55, 96))
    disp_h, disp_w = img.shape[:2]
    stored = img
    exif = None
    if orientation:
        # Store the pixels so that applying `orientation` gives back `img`.
        stored = {3: np.rot90(img, 2), 6: np.rot90(img, 1), 8: np.rot90(img, -1)}[orientation]
        e = Image.Exif()
        e[0x0112] = orientation
        exif = e.tobytes()
    truth.meta.update({"curl": round(bend, 4), "long_side": L, "jpeg_quality": quality, "blur_sigma": round(blur, 2),
                       "rotation_k": k, "exif_orientation": orientation, "background": background})
    return Photo(photo.jpeg_bytes(np.ascontiguousarray(stored), quality, exif), truth, disp_w, disp_h)


def share(rng: np.random.Generator, ph: Photo, screenshot: bool = True) -> Photo:
    """``ph`` as it reached the upload: unchanged, through a chat app (:data:`CHAT_SHARE`), or as a
    screenshot of a phone showing it (:data:`SCREENSHOT_SHARE`; only when ``screenshot``). Says
    which in ``truth.meta["photo"]`` (camera | chat | screenshot; an unchanged file keeps the
    value it came with); boxes follow the pixels."""
    r = rng.random()
    if r >= CHAT_SHARE + (SCREENSHOT_SHARE if screenshot else 0.0):
        ph.truth.meta.setdefault("photo", "camera")
        return ph
    im = Image.open(io.BytesIO(ph.jpeg))
    # Both ways end at most SHARE_DECODE px on the short side: let the JPEG decoder shrink by a power
    # of two on the way (decoding a 12 Mpx photo at full size was the slowest step here).
    im.draft("RGB", (SHARE_DECODE, SHARE_DECODE))
    img = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
    _scale_boxes(ph.truth, img.shape[1] / ph.width, img.shape[0] / ph.height)
    # The file carries no EXIF from here on: its pixels are upright as displayed.
    ph.truth.meta["exif_orientation"] = None
    out = _through_chat(rng, img, ph.truth) if r < CHAT_SHARE else _screenshot(rng, img, ph.truth)
    _legibility(out)
    return out


def _legibility(ph: Photo) -> None:
    """Make the truth's codes honest about what sharing cost: an image under the gate's minimum
    size must be reported LOW_QUALITY; a photo seen as a chat thumbnail, or a display whose digits
    shrank under the reader's minimum, may be reported unreadable (no longer forbidden)."""
    t = ph.truth
    loose = []
    if min(ph.width, ph.height) < T.MIN_SHORT_SIDE and "LOW_QUALITY" not in t.raise_codes:
        t.raise_codes.append("LOW_QUALITY")
        loose.append("LOW_QUALITY")
    if t.meta.get("screen_ui") == "chat":
        loose += ["TRACKING_UNREADABLE", "WEIGHT_UNREADABLE"]
    # A panel is its digits and a third of a digit's height of margin above and below.
    if t.doc_type == "weighing_photo" and t.display_box is not None and t.display_box[3] / 1.7 < T.DISPLAY_MIN_DIGIT_PX:
        loose.append("WEIGHT_UNREADABLE")
    t.not_codes = [c for c in t.not_codes if c not in loose]


def _scale_boxes(truth: Truth, sx: float, sy: float, ox: int = 0, oy: int = 0) -> None:
    truth.map_boxes(lambda b: (ox + int(round(b[0] * sx)), oy + int(round(b[1] * sy)),
                               int(round(b[2] * sx)), int(round(b[3] * sy))))


def _through_chat(rng: np.random.Generator, img: np.ndarray, truth: Truth) -> Photo:
    qualities, data = [], b""
    for _ in range(2 if rng.random() < CHAT_TWICE else 1):
        if data:
            img = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
        h, w = img.shape[:2]
        target = rng.uniform(*CHAT_SHORT_SIDE)
        if min(h, w) > target:
            k = target / min(h, w)
            nw, nh = max(1, int(round(w * k))), max(1, int(round(h * k)))
            img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_AREA)
            _scale_boxes(truth, nw / w, nh / h)
        qualities.append(int(rng.integers(CHAT_QUALITY[0], CHAT_QUALITY[1] + 1)))
        data = photo.jpeg_bytes(np.ascontiguousarray(img), qualities[-1])
    truth.meta.update({"photo": "chat", "chat_quality": qualities})
    return Photo(data, truth, img.shape[1], img.shape[0])


def _screenshot(rng: np.random.Generator, img: np.ndarray, truth: Truth) -> Photo:
    """``img`` on a phone's screen: full width in the gallery viewer (black, light bars), or as an
    image message in a chat (grey, a header with the contact's name, the input bar below)."""
    W, H = phone.screen_size(rng)
    viewer = rng.random() < 0.7
    mine = False  # in a chat: sent by the merchant (on the right) or to them (on the left)
    canvas = Image.new("RGB", (W, H), (0, 0, 0) if viewer else (237, 237, 237))
    d = ImageDraw.Draw(canvas)
    ink = (235, 235, 235) if viewer else (20, 20, 20)
    if not viewer:
        d.rectangle((0, 0, W, int(W * 0.24)), fill=(247, 247, 247))
    top = phone.status_bar(rng, d, W, ink)
    bar = int(W * rng.uniform(0.11, 0.14))
    if viewer:
        n = int(rng.integers(1, 9))
        title = (f"{rng.integers(1, n + 1)}/{n}" if rng.random() < 0.5
                 else f"{rng.integers(1, 13)}月{rng.integers(1, 29)}日")
        top = phone.title_bar(d, W, top, bar, title, ink)
        bottom = H - int(W * 0.17)
        f = font("noto_sans", int(W * 0.032))
        tools = (("分享", "收藏", "编辑", "删除"), ("转发", "收藏", "保存", "定位到聊天位置"))[rng.integers(2)]
        for i, t in enumerate(tools):
            d.text((W * (i + 0.5) / len(tools), bottom + W * 0.07), t, font=f, fill=ink, anchor="mm")
        area = (0, top, W, bottom - top)
    else:
        top = phone.title_bar(d, W, top, bar, ("快递小哥", "客服", "买家", "物流群")[rng.integers(4)], ink)
        foot = H - int(W * 0.16)
        d.rectangle((0, foot, W, H), fill=(247, 247, 247))
        d.rounded_rectangle((W * 0.14, foot + W * 0.025, W * 0.74, foot + W * 0.1), 12, fill=(255, 255, 255))
        d.text((W / 2, top + W * 0.05), phone.clock(rng), font=font("noto_sans", int(W * 0.03)), fill=(150, 150, 150),
               anchor="mm")
        mine = bool(rng.random() < 0.5)
        av = int(W * 0.1)
        ax = W - int(W * 0.04) - av if mine else int(W * 0.04)
        y0 = top + int(W * 0.1)
        d.rounded_rectangle((ax, y0, ax + av, y0 + av), 10, fill=tuple(int(v) for v in rng.uniform(80, 220, 3)))
        bw = int(W * rng.uniform(0.45, 0.62))
        x0 = ax - int(W * 0.03) - bw if mine else ax + av + int(W * 0.03)
        area = (x0, y0, bw, min(foot - y0 - int(W * 0.05), int(H * 0.5)))
    h, w = img.shape[:2]
    s = min(area[2] / w, area[3] / h)
    nw, nh = max(1, int(round(w * s))), max(1, int(round(h * s)))
    ox = area[0] + (area[2] - nw) // 2 if viewer else area[0] + (area[2] - nw if mine else 0)
    oy = area[1] + (area[3] - nh) // 2 if viewer else area[1]
    shown = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    canvas.paste(Image.fromarray(shown), (ox, oy))
    _scale_boxes(truth, nw / w, nh / h, ox, oy)
    phone.home_indicator(d, W, H, ink)
    buf = io.BytesIO()
    if rng.random() < 0.5:
        ext, quality = "png", None
        canvas.save(buf, "PNG", compress_level=1)  # fast; the pixels are what matter
    else:
        ext, quality = "jpg", int(rng.uniform(70, 95))
        canvas.save(buf, "JPEG", quality=quality)
    truth.meta.update({"photo": "screenshot", "screen": [W, H], "screen_ui": "viewer" if viewer else "chat",
                       "screen_quality": quality})
    return Photo(buf.getvalue(), truth, W, H, ext)
