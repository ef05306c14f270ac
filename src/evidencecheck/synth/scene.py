"""Photographs of generated documents: placement, light, camera, rotation and encoding.

Boxes in the truth follow the document into the photo: through the perspective, the resize and
any rotation of the stored pixels. When the photo carries an EXIF orientation instead, boxes are
in the upright (displayed) frame, as the report's are.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from ..geometry import rotate_box
from . import photo, stamp
from .truth import Box, Document, Truth


@dataclass
class Photo:
    jpeg: bytes
    truth: Truth
    width: int  # as displayed (after EXIF orientation)
    height: int


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
    img, H = photo.place_on_background(rng, page, out_w, out_h, fill=rng.uniform(*fill),
                                       tilt=rng.uniform(0.0, 0.07), background=background, mask=paper)
    truth.map_boxes(lambda b: _map_box(H, b))
    scale = L / 1600.0  # effects are sized at the working resolution

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
