"""Safe decoding of one image file into upright 8-bit BGR pixels.

Reads the header first (format, size, EXIF orientation) and refuses what is too large before
decoding. Every failure is an :class:`~evidencecheck.errors.ImageDecodeError` with a reason key
and a message a merchant can act on; nothing else escapes :func:`read_image`.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from .. import thresholds
from ..errors import ImageDecodeError
from .geometry import reading_stretch

# Pillow refuses images over twice this when it opens them: a second line of defence behind our
# own check, which runs right after the header is read and names the size.
Image.MAX_IMAGE_PIXELS = thresholds.MAX_PIXELS

_EXIF_ORIENTATION = 0x0112

REASONS_ZH = {
    "empty": "文件为空（0 字节）",
    "not_an_image": "不是可识别的图片格式",
    "truncated": "文件不完整（下载或复制被中断）",
    "corrupt": "图片数据已损坏",
    "too_large": "图片像素过大，无法安全解码",
    "file_too_large": "文件过大",
    "not_a_file": "不是普通文件",
    "unreadable_path": "文件无法打开",
}
"""Chinese wording of each reason key, for the UNREADABLE_FILE message."""


@dataclass(frozen=True)
class DecodedImage:
    """An image as evidencecheck analyses it.

    ``pixels`` is H x W x 3, uint8, BGR (OpenCV's order), upright: EXIF orientation applied; a
    large JPEG decoded at ``scale`` of its size (:data:`~evidencecheck.thresholds.DECODE_MIN_LONG_SIDE`).
    Every box the checks find is in these pixels until the report turns it into the shown image's.
    """

    pixels: np.ndarray
    format: str  # Pillow's format name: JPEG, PNG, WEBP, BMP, TIFF, GIF, HEIF, ...
    mode: str  # the file's own colour mode before normalisation (RGB, CMYK, I;16, P, ...)
    exif_orientation: int | None  # the EXIF tag as found, 1-8, or None
    frames: int  # >1 for animations; only the first frame is analysed
    scale: float = 1.0  # pixels per pixel of the image as shown: 1, 1/2, 1/4 or 1/8
    shown_size: tuple[int, int] | None = None  # (width, height) as shown; None: the pixels' own
    source: bytes | None = field(default=None, repr=False, compare=False)  # the file, when scale < 1
    _full: list = field(default_factory=list, repr=False, compare=False)

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def shown_width(self) -> int:
        return self.shown_size[0] if self.shown_size else self.width

    @property
    def shown_height(self) -> int:
        return self.shown_size[1] if self.shown_size else self.height

    def full_pixels(self) -> np.ndarray:
        """The image at its full size (decoded again, once, when ``scale`` < 1)."""
        if self.scale >= 1.0 or self.source is None:
            return self.pixels
        if not self._full:
            self._full.append(decode_image(self.source, full_size=True).pixels)
        return self._full[0]


@dataclass(frozen=True)
class FileBytes:
    data: bytes
    sha256: str


_heif_registered = False


def _register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (iPhone photos), once."""
    global _heif_registered
    if not _heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_registered = True


def read_file(path: str | os.PathLike) -> FileBytes:
    """The bytes of ``path`` and their SHA-256, after checks that it is a readable, sane file."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError as e:
        raise ImageDecodeError("unreadable_path", f"cannot open the file ({e.strerror or e})") from None
    if not stat.S_ISREG(st.st_mode):
        raise ImageDecodeError("not_a_file", "not a regular file")
    if st.st_size == 0:
        raise ImageDecodeError("empty", "the file is empty (0 bytes)")
    if st.st_size > thresholds.MAX_FILE_BYTES:
        raise ImageDecodeError(
            "file_too_large",
            f"the file is {st.st_size / 2**20:.0f} MB, over the {thresholds.MAX_FILE_BYTES / 2**20:.0f} MB limit",
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ImageDecodeError("unreadable_path", f"cannot read the file ({e.strerror or e})") from None
    if not data:
        raise ImageDecodeError("empty", "the file is empty (0 bytes)")
    return FileBytes(data, hashlib.sha256(data).hexdigest())


def decode_image(data: bytes, full_size: bool = False) -> DecodedImage:
    """Decode ``data`` into upright BGR pixels, refusing over-limit images before decoding. A JPEG
    at least twice :data:`~evidencecheck.thresholds.DECODE_MIN_LONG_SIDE` long is decoded smaller,
    as :func:`reduction` says, unless ``full_size``."""
    _register_heif()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
        try:
            img = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise ImageDecodeError("not_an_image", "not an image format evidencecheck can read") from None
        except Image.DecompressionBombError as e:
            raise _too_large(e) from None
        except Exception as e:  # a broken header can raise nearly anything inside a plugin
            raise ImageDecodeError("corrupt", f"the image header is damaged ({_short(e)})") from None

        width, height = img.size
        if width < 1 or height < 1:
            raise ImageDecodeError("corrupt", "the image header gives no size")
        if width * height > thresholds.MAX_PIXELS:
            raise ImageDecodeError(
                "too_large",
                f"{width}x{height} pixels is over the {thresholds.MAX_PIXELS / 1e6:.0f} megapixel limit",
            )
        fmt = img.format or "unknown"
        mode = img.mode
        orientation = _exif_orientation(img)  # what is still to be applied
        # pillow-heif turns HEIC pixels upright itself, resets the tag to 1 and keeps the original.
        found = img.info.get("original_orientation", orientation)
        frames = int(getattr(img, "n_frames", 1) or 1)

        pixels, r = None, 1
        if fmt in ("JPEG", "MPO") and mode in ("RGB", "L"):  # MPO: a phone's JPEG with more pictures after it
            r = 1 if full_size else reduction(width, height, thresholds.DECODE_MIN_LONG_SIDE)
            pixels = _decode_jpeg_fast(data, r)
        if pixels is None:
            pixels, r = _decode_with_pillow(img), 1
    pixels = apply_orientation(pixels, orientation)
    found = int(found) if isinstance(found, int) and 1 <= found <= 8 else orientation
    shown = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
    if r == 1:
        return DecodedImage(np.ascontiguousarray(pixels), fmt, mode, found, frames)
    return DecodedImage(np.ascontiguousarray(pixels), fmt, mode, found, frames, 1.0 / r, shown, data)


def reduction(width: int, height: int, min_long_side: int) -> int:
    """By how much (1, 2, 4 or 8) a ``width`` x ``height`` JPEG is decoded smaller: the most that
    leaves its long side at least ``min_long_side`` times :func:`reading_stretch`."""
    need = min_long_side * reading_stretch(width, height)
    r = 1
    while r < 8 and max(width, height) / (2 * r) >= need:
        r *= 2
    return r


def read_image(path: str | os.PathLike) -> tuple[FileBytes, DecodedImage]:
    """Read and decode ``path``. Raises :class:`ImageDecodeError` only."""
    fb = read_file(path)
    return fb, decode_image(fb.data)


def apply_orientation(pixels: np.ndarray, orientation: int | None) -> np.ndarray:
    """Turn stored pixels upright as EXIF ``orientation`` (1-8) says a viewer shows them."""
    if orientation in (None, 1) or orientation not in range(1, 9):
        return pixels
    ops = {
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: a.swapaxes(0, 1),
        6: lambda a: np.rot90(a, k=-1),
        7: lambda a: a[::-1, ::-1].swapaxes(0, 1),
        8: lambda a: np.rot90(a, k=1),
    }
    return ops[orientation](pixels)


def _exif_orientation(img: Image.Image) -> int | None:
    try:
        value = img.getexif().get(_EXIF_ORIENTATION)
    except Exception:  # a damaged EXIF block must not make a readable photo unreadable
        return None
    return int(value) if isinstance(value, int) and 1 <= value <= 8 else None


_REDUCED = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4,
            8: cv2.IMREAD_REDUCED_COLOR_8}


def _decode_jpeg_fast(data: bytes, r: int = 1) -> np.ndarray | None:
    """OpenCV's JPEG decoder, twice as fast as Pillow's path to numpy on 12 MP photos; ``r`` > 1:
    at 1/``r`` of the size, by libjpeg's DCT scaling.

    libjpeg silently fills a truncated file with grey, so the end-of-image marker is checked
    first; anything unusual falls back to Pillow (None), which reports errors properly.
    """
    if not _jpeg_has_end(data):
        return None
    return cv2.imdecode(np.frombuffer(data, np.uint8), _REDUCED[r] | cv2.IMREAD_IGNORE_ORIENTATION)


def _jpeg_has_end(data: bytes) -> bool:
    """True when the main image's entropy-coded data is followed by an EOI marker.

    Walks the marker segments up to the first start-of-scan, so an EOI inside an EXIF
    thumbnail (APP1) does not count; data appended after the EOI (motion photos) is allowed.
    """
    i, n = 2, len(data)
    if data[:2] != b"\xff\xd8":
        return False
    while i + 4 <= n:
        if data[i] != 0xFF:
            return False
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA:  # start of scan: the EOI must come after it
            return data.find(b"\xff\xd9", i) != -1
        length = int.from_bytes(data[i + 2:i + 4], "big")
        i += 2 + length
    return False


def _decode_with_pillow(img: Image.Image) -> np.ndarray:
    try:
        img.seek(0)
        img.load()
        rgb = _to_rgb8(img)
    except ImageDecodeError:
        raise
    except OSError as e:
        text = str(e).lower()
        if "truncated" in text or "premature" in text or "incomplete" in text:
            raise ImageDecodeError("truncated", "the file is truncated (an interrupted download or copy)") from None
        raise ImageDecodeError("corrupt", f"the image data is damaged ({_short(e)})") from None
    except (Image.DecompressionBombError, MemoryError) as e:
        raise _too_large(e) from None
    except Exception as e:
        raise ImageDecodeError("corrupt", f"the image data is damaged ({_short(e)})") from None
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _to_rgb8(img: Image.Image) -> np.ndarray:
    """Any Pillow mode as H x W x 3 uint8 RGB: alpha over white, 16-bit and float scaled down."""
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        a = np.asarray(img).astype(np.float64)
        if mode == "F":
            a = a * 255.0 if a.size and np.nanmax(a) <= 1.0 else a
        elif a.size and a.max() > 255:  # 16-bit samples, even when Pillow says mode I
            a = a / 257.0
        g = np.clip(np.nan_to_num(a), 0, 255).astype(np.uint8)
        return np.repeat(g[:, :, None], 3, axis=2)
    has_alpha = "A" in mode or "a" in mode or (mode == "P" and "transparency" in img.info) or (
        mode in ("L", "RGB") and "transparency" in img.info)
    if has_alpha:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(white, rgba).convert("RGB"))
    return np.asarray(img.convert("RGB"))


def _too_large(e: Exception) -> ImageDecodeError:
    """Pillow's own bomb guard fired (at twice our limit): keep its pixel count in the message."""
    import re

    m = re.search(r"\((\d+) pixels\)", str(e))
    size = f"{int(m.group(1)) / 1e6:.0f} megapixels" if m else "the image"
    return ImageDecodeError("too_large", f"{size} is over the {thresholds.MAX_PIXELS / 1e6:.0f} megapixel limit")


def _short(e: Exception) -> str:
    text = str(e).strip() or type(e).__name__
    return text if len(text) <= 120 else text[:117] + "..."
