"""Camera effects applied to rendered documents: what makes a synthetic page look photographed.

Each function takes and returns uint8 images (H x W x 3, RGB) unless it says otherwise.
"""

from __future__ import annotations

import cv2
import numpy as np


def desk_background(rng: np.random.Generator, width: int, height: int, kind: str = "desk") -> np.ndarray:
    """A surface of ``width`` x ``height`` to lay paper on: a plain or wood-grained desk
    (``desk``), brown corrugated board (``cardboard``) or a grey or black plastic mailer bag
    (``bag``). One hue, varying in brightness."""
    if kind == "bag":
        return _mailer_bag(rng, width, height)
    if kind == "cardboard":
        base = np.array([rng.uniform(165, 200), rng.uniform(125, 155), rng.uniform(80, 110)], np.float32)
    else:
        palette = [(120, 85, 55), (170, 130, 90), (200, 195, 185), (90, 90, 95), (60, 45, 35), (225, 220, 210)]
        base = np.float32(palette[rng.integers(len(palette))]) * rng.uniform(0.85, 1.1)
    coarse = cv2.resize(rng.normal(0, 1, (max(2, height // 96), max(2, width // 96))).astype(np.float32),
                        (width, height), interpolation=cv2.INTER_CUBIC)
    lum = 1 + 0.06 * coarse
    if kind == "desk" and rng.random() < 0.5:  # wood: long streaks along one axis
        streak = cv2.resize(rng.normal(0, 1, (max(2, height // 6), 6)).astype(np.float32), (width, height),
                            interpolation=cv2.INTER_CUBIC)
        lum += 0.05 * streak
    if kind == "cardboard":  # corrugation shows as faint parallel ribs
        lum += 0.02 * np.sin(np.arange(width, dtype=np.float32) / rng.uniform(4, 8))[None, :]
    out = np.empty((height, width, 3), np.uint8)
    for c in range(3):
        out[:, :, c] = cv2.convertScaleAbs(lum, alpha=float(base[c]))
    return out


def _ridges(rng: np.random.Generator, h: int, w: int, n: int) -> np.ndarray:
    """Creases: ``n`` straight folds across an h x w field, each a soft ridge of height -1..1
    (one side lit, the other in shade). Small: the caller enlarges it."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    field = np.zeros((h, w), np.float32)
    for _ in range(n):
        a = rng.uniform(0, np.pi)
        d = (xx - rng.uniform(0, w)) * np.cos(a) + (yy - rng.uniform(0, h)) * np.sin(a)
        width = rng.uniform(0.01, 0.05) * max(h, w)
        field += np.float32(rng.uniform(0.4, 1.0)) * np.tanh(d / width) * np.exp(-(d / (3 * width)) ** 2)
    return field


def _mailer_bag(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """Grey or black polyethylene: soft folds everywhere and a sheen where they face the light.
    Everything here is smooth, so it is made at 1/8 size and enlarged."""
    base = np.float32([(28, 28, 31), (45, 46, 50), (95, 96, 100), (150, 150, 154)][rng.integers(4)])
    base = base * np.float32(rng.uniform(0.9, 1.1, 3))
    sh, sw = max(8, height // 8), max(8, width // 8)
    folds = _ridges(rng, sh, sw, int(rng.integers(5, 14)))
    folds += 0.5 * cv2.GaussianBlur(rng.normal(0, 1, (sh, sw)).astype(np.float32), (0, 0), 3)
    sheen = np.clip((folds - rng.uniform(0.5, 0.9)) * rng.uniform(80, 160), 0, 170)  # glare on the crests
    small = np.clip((1 + 0.35 * folds)[:, :, None] * base + sheen[:, :, None], 0, 255).astype(np.uint8)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def creases(rng: np.random.Generator, img: np.ndarray, strength: float = 0.08) -> np.ndarray:
    """Shade ``img`` along a few fold lines, as a label stuck on a wrinkled bag is: light only, no
    pixel moves (the truth's boxes stay where they are)."""
    h, w = img.shape[:2]
    sh, sw = max(8, h // 8), max(8, w // 8)
    field = cv2.resize(_ridges(rng, sh, sw, int(rng.integers(2, 6))), (w, h), interpolation=cv2.INTER_LINEAR)
    return _scale_channels(img, np.ascontiguousarray(1 + strength * field, dtype=np.float32))


def glare(rng: np.random.Generator, img: np.ndarray, strength: float = 0.6) -> np.ndarray:
    """One to three specular highlights (a lamp mirrored in glossy plastic or film): soft, elongated
    patches blown towards white by up to ``strength`` (0..1)."""
    h, w = img.shape[:2]
    sh, sw = max(8, h // 16), max(8, w // 16)
    mask = np.zeros((sh, sw), np.float32)
    for _ in range(int(rng.integers(1, 4))):
        centre = (int(rng.uniform(0.1, 0.9) * sw), int(rng.uniform(0.1, 0.9) * sh))
        axes = (int(rng.uniform(0.08, 0.3) * sw), int(rng.uniform(0.01, 0.06) * sh) + 1)
        cv2.ellipse(mask, centre, axes, float(rng.uniform(0, 180)), 0, 360, float(rng.uniform(0.5, 1.0)), -1)
    mask = cv2.resize(cv2.GaussianBlur(mask, (0, 0), max(1.0, 0.02 * max(sh, sw))) * np.float32(strength), (w, h),
                      interpolation=cv2.INTER_LINEAR)
    return cv2.add(img, _scale_channels(255 - img, mask))  # each pixel moves ``mask`` of the way to white


def place_on_background(rng: np.random.Generator, doc: np.ndarray, out_w: int, out_h: int,
                        fill: float = 0.8, tilt: float = 0.06, background: str = "desk",
                        mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Put ``doc`` on a desk with a random perspective. Returns the photo and the 3x3 homography
    that maps document pixels to photo pixels. ``fill``: share of the frame the page covers;
    ``tilt``: corner jitter as a share of the page size; ``mask``: where ``doc`` is paper
    (uint8, 255 = paper; default: all of it)."""
    h, w = doc.shape[:2]
    scale = fill * min(out_w / w, out_h / h)
    cx, cy = out_w / 2, out_h / 2
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[cx + (x - w / 2) * scale, cy + (y - h / 2) * scale] for x, y in src])
    dst += rng.uniform(-tilt, tilt, (4, 2)).astype(np.float32) * np.float32([w * scale, h * scale])
    H = cv2.getPerspectiveTransform(src, dst)
    bg = desk_background(rng, out_w, out_h, background)
    warped = cv2.warpPerspective(doc, H, (out_w, out_h), flags=cv2.INTER_LINEAR)
    paper = np.full((h, w), 255, np.uint8) if mask is None else mask
    a = cv2.warpPerspective(paper, H, (out_w, out_h), flags=cv2.INTER_LINEAR).astype(np.float32) / 255.0
    return cv2.blendLinear(warped, bg, a, 1.0 - a), H


def curl(rng: np.random.Generator, doc: np.ndarray, amount: float):
    """Bend the page as paper that does not lie flat: a half to a full wave across its width,
    shaded where it tilts away from the light. ``amount``: largest displacement as a share of the
    page height. Returns the bent page, its paper mask (uint8) and ``dy``, the vertical shift of
    each column (a flat-page point (x, y) lands on (x, y + dy[x]))."""
    h, w = doc.shape[:2]
    xs = np.arange(w, dtype=np.float32)
    wave = np.pi * rng.uniform(0.5, 1.0) * xs / w + rng.uniform(0, np.pi)
    dy = (amount * h * np.sin(wave)).astype(np.float32)
    map_x = np.broadcast_to(xs, (h, w)).astype(np.float32)
    map_y = (np.arange(h, dtype=np.float32)[:, None] - dy[None, :]).astype(np.float32)
    bent = cv2.remap(doc, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    mask = cv2.remap(np.full((h, w), 255, np.uint8), map_x, map_y, cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    slope = np.gradient(dy) / max(float(np.abs(np.gradient(dy)).max()), 1e-6)
    shade = np.broadcast_to((1.0 - 0.07 * slope).astype(np.float32), (h, w))
    return _scale_channels(bent, np.ascontiguousarray(shade)), mask, dy


def uneven_light(rng: np.random.Generator, img: np.ndarray, strength: float = 0.25) -> np.ndarray:
    """Multiply by a smooth light field falling off by up to ``strength`` (0..1) across the frame."""
    h, w = img.shape[:2]
    sh, sw = max(2, h // 16), max(2, w // 16)  # the field is smooth: compute it small, then enlarge
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    lx, ly = rng.uniform(0, sw), rng.uniform(0, sh)
    d = np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / np.hypot(sw, sh)
    field = cv2.resize(1.0 - strength * d / max(float(d.max()), 1e-6), (w, h), interpolation=cv2.INTER_LINEAR)
    return _scale_channels(img, field)


def _scale_channels(img: np.ndarray, field: np.ndarray) -> np.ndarray:
    """Each channel of ``img`` times the H x W float32 ``field``, saturated to uint8."""
    out = np.empty_like(img)
    for c in range(img.shape[2]):
        out[:, :, c] = cv2.multiply(img[:, :, c], field, dtype=cv2.CV_8U)
    return out


def colour_cast(rng: np.random.Generator, img: np.ndarray, amount: float = 0.08) -> np.ndarray:
    """Scale each channel by 1 +- ``amount``: warm (tungsten) or cool (shade) white balance."""
    gains = 1.0 + rng.uniform(-amount, amount, 3)
    lut = np.clip(np.arange(256, dtype=np.float32)[:, None] * gains[None, :], 0, 255).astype(np.uint8)
    return cv2.LUT(img, lut.reshape(256, 1, 3))


def sensor_noise(rng: np.random.Generator, img: np.ndarray, sigma: float = 3.0) -> np.ndarray:
    """Add ``sigma`` grey levels of luma noise plus a third as much coarse chroma noise: a
    phone's image processor suppresses colour noise far more than brightness noise."""
    h, w = img.shape[:2]
    luma = rng.standard_normal((h, w), dtype=np.float32) * sigma
    ch, cw = max(1, h // 4), max(1, w // 4)
    chroma = cv2.resize(rng.standard_normal((ch, cw, 3), dtype=np.float32) * (sigma / 3), (w, h),
                        interpolation=cv2.INTER_LINEAR)
    out = img.astype(np.float32)
    out += luma[:, :, None]
    out += chroma
    out += 0.5  # round, not truncate
    np.clip(out, 0, 255, out=out)
    return out.astype(np.uint8)


def gaussian_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Defocus approximated by a Gaussian of ``sigma`` pixels (0: unchanged)."""
    return img if sigma <= 0 else cv2.GaussianBlur(img, (0, 0), sigma)


def motion_blur(img: np.ndarray, length: int, angle_deg: float) -> np.ndarray:
    """Camera shake: a line kernel of ``length`` pixels at ``angle_deg``."""
    if length <= 1:
        return img
    k = np.zeros((length, length), np.float32)
    k[length // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle_deg, 1.0)
    k = cv2.warpAffine(k, rot, (length, length))
    return cv2.filter2D(img, -1, k / max(k.sum(), 1e-6))


def exposure(img: np.ndarray, gain: float, offset: float = 0.0) -> np.ndarray:
    """Linear exposure change: ``img * gain + offset``, clipped (gain < 1 darkens, > 1 blows out)."""
    return np.clip(img.astype(np.float32) * gain + offset, 0, 255).astype(np.uint8)


def jpeg_bytes(img_rgb: np.ndarray, quality: int, exif: bytes | None = None) -> bytes:
    """Encode as JPEG at ``quality`` (1..100) with Pillow, optionally with an EXIF block."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    kw = {"quality": int(quality)}
    if exif is not None:
        kw["exif"] = exif
    Image.fromarray(img_rgb).save(buf, "JPEG", **kw)
    return buf.getvalue()
