"""Intake decodes every format phones and platforms produce, upright, or says why it cannot."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageOps

from evidencecheck import thresholds
from evidencecheck.errors import ImageDecodeError
from evidencecheck.vision.intake import apply_orientation, decode_image, read_file, read_image

from .conftest import jpeg_with_orientation, save


def _encoded(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _marked(w=120, h=80) -> np.ndarray:
    """White RGB image with a red block at the top-left corner."""
    a = np.full((h, w, 3), 255, np.uint8)
    a[:20, :30] = (255, 0, 0)
    return a


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "BMP", "TIFF", "GIF"])
def test_common_formats_decode_to_bgr_uint8(fmt):
    data = _encoded(Image.fromarray(_marked()), fmt)
    img = decode_image(data)
    assert img.pixels.dtype == np.uint8 and img.pixels.shape == (80, 120, 3)
    assert img.format == fmt
    b, g, r = (int(v) for v in img.pixels[5, 5])
    assert r > 200 and g < 60 and b < 60, "the red mark must come out red, in BGR order"


def test_heic_decodes():
    import pillow_heif

    pillow_heif.register_heif_opener()
    data = _encoded(Image.fromarray(_marked()), "HEIF", quality=90)
    img = decode_image(data)
    assert img.format == "HEIF" and img.pixels.shape == (80, 120, 3)
    assert img.pixels[5, 5, 2] > 180 and img.pixels[5, 5, 1] < 90


def test_heic_with_orientation_6_is_upright_and_records_it():
    import pillow_heif

    pillow_heif.register_heif_opener()
    exif = Image.Exif()
    exif[0x0112] = 6
    img = decode_image(_encoded(Image.fromarray(_marked()), "HEIF", quality=90, exif=exif.tobytes()))
    assert (img.width, img.height, img.exif_orientation) == (80, 120, 6)
    assert img.pixels[5, -5, 2] > 200 and img.pixels[5, -5, 1] < 90, "red mark turned to the top-right"


@pytest.mark.parametrize("orientation", range(1, 9))
def test_apply_orientation_matches_pillow(orientation):
    rng = np.random.default_rng(orientation)
    a = rng.integers(0, 255, (7, 11, 3), dtype=np.uint8)
    im = Image.fromarray(a)
    exif = im.getexif()
    exif[0x0112] = orientation
    im.info["exif"] = exif.tobytes()
    expected = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(_encoded(im, "PNG", exif=exif.tobytes())))))
    assert np.array_equal(apply_orientation(a, orientation), expected)


def test_exif_orientation_6_is_analysed_upright():
    stored = _marked(120, 80)  # landscape as stored, red block top-left
    img = decode_image(jpeg_with_orientation(stored, 6))
    assert img.exif_orientation == 6
    assert (img.width, img.height) == (80, 120), "orientation 6 shows the stored image rotated 90 degrees clockwise"
    # Rotating clockwise takes the stored top-left corner to the top-right.
    assert img.pixels[5, -5, 2] > 200 and img.pixels[5, 5, 2] > 200 and img.pixels[5, 5, 1] > 200


def test_cmyk_jpeg_becomes_rgb():
    cmyk = Image.fromarray(_marked()).convert("CMYK")
    img = decode_image(_encoded(cmyk, "JPEG", quality=95))
    assert img.mode == "CMYK" and img.pixels.shape == (80, 120, 3)
    assert img.pixels[5, 5, 2] > 180 and img.pixels[50, 100].min() > 200


def test_16bit_grey_png_is_scaled_not_clipped():
    a = np.full((40, 60), 32768, np.uint16)  # mid grey in 16 bits
    img = decode_image(_encoded(Image.fromarray(a), "PNG"))
    assert img.mode.startswith("I")
    assert 120 <= int(img.pixels[0, 0, 0]) <= 135


def test_transparent_areas_become_white():
    rgba = np.zeros((30, 30, 4), np.uint8)  # fully transparent black
    rgba[:10, :10] = (0, 0, 0, 255)  # opaque black corner
    img = decode_image(_encoded(Image.fromarray(rgba, "RGBA"), "PNG"))
    assert img.pixels[20, 20].min() == 255 and img.pixels[5, 5].max() == 0


def test_palette_greyscale_and_bilevel_modes():
    base = Image.fromarray(_marked())
    for im in (base.convert("P"), base.convert("L"), base.convert("1"), base.convert("LA")):
        img = decode_image(_encoded(im, "PNG"))
        assert img.pixels.shape == (80, 120, 3) and img.pixels.dtype == np.uint8


def test_animated_gif_takes_first_frame():
    frames = [Image.fromarray(np.full((20, 20, 3), v, np.uint8)) for v in (0, 255)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    img = decode_image(buf.getvalue())
    assert img.frames == 2 and img.pixels.max() < 30


def test_truncated_jpeg_is_refused_not_filled_with_grey():
    data = _encoded(Image.fromarray(_marked(400, 300)), "JPEG", quality=90)
    with pytest.raises(ImageDecodeError) as e:
        decode_image(data[: len(data) // 2])
    assert e.value.reason == "truncated"


def test_jpeg_with_data_after_its_end_is_accepted():
    # Motion photos append a video after the JPEG's end marker.
    data = _encoded(Image.fromarray(_marked()), "JPEG") + b"\x00\x00\x00\x18ftypmp42" + bytes(200)
    assert decode_image(data).pixels.shape == (80, 120, 3)


def test_truncated_png_is_refused():
    data = _encoded(Image.fromarray(np.random.default_rng(0).integers(0, 255, (200, 200, 3), dtype=np.uint8)), "PNG")
    with pytest.raises(ImageDecodeError) as e:
        decode_image(data[: len(data) // 2])
    assert e.value.reason in ("truncated", "corrupt")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` over a few bytes of data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(bytes(1000)))
            + _png_chunk(b"IEND", b""))


def png_bomb(side: int = 30000) -> bytes:
    """A valid 1-bit ``side`` x ``side`` PNG of all black: ~100 KB on disk, 2.7 GB as 8-bit colour."""
    row = bytes(1 + (side + 7) // 8)  # filter byte + packed bits
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(row) for _ in range(side)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def test_bomb_is_refused_before_decoding(monkeypatch):
    import evidencecheck.vision.intake as intake

    def no_decoding(*a, **k):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(intake, "_decode_with_pillow", no_decoding)
    monkeypatch.setattr(intake, "_decode_jpeg_fast", no_decoding)
    data = png_bomb()
    assert len(data) < 1_000_000
    with pytest.raises(ImageDecodeError) as e:
        decode_image(data)
    assert e.value.reason == "too_large"
    assert "900 megapixels is over the 120 megapixel limit" in e.value.message


def test_image_just_over_our_limit_names_its_size():
    with pytest.raises(ImageDecodeError) as e:
        decode_image(png_header_only(12000, 11000))
    assert "12000x11000 pixels is over the 120 megapixel limit" in e.value.message


@pytest.mark.parametrize("data, reason", [
    (b"hello, this is not an image\n", "not_an_image"),
    (b"%PDF-1.4\n%\xe2\xe3\n", "not_an_image"),
    (b"\xff\xd8\xff\xe0garbage", "corrupt"),
])
def test_non_images(data, reason):
    with pytest.raises(ImageDecodeError) as e:
        decode_image(data)
    assert e.value.reason in (reason, "not_an_image", "corrupt", "truncated")


def test_zero_byte_and_missing_files(tmp_path):
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(ImageDecodeError) as e:
        read_file(empty)
    assert e.value.reason == "empty"
    with pytest.raises(ImageDecodeError) as e:
        read_file(tmp_path / "nope.jpg")
    assert e.value.reason == "unreadable_path"
    with pytest.raises(ImageDecodeError) as e:
        read_file(tmp_path)
    assert e.value.reason == "not_a_file"


def test_symlink_loop_is_unreadable(tmp_path):
    loop = tmp_path / "loop.jpg"
    loop.symlink_to(loop)
    with pytest.raises(ImageDecodeError) as e:
        read_image(loop)
    assert e.value.reason == "unreadable_path"


def test_file_size_limit(tmp_path, monkeypatch):
    p = save(_marked(), tmp_path / "a.png")
    monkeypatch.setattr(thresholds, "MAX_FILE_BYTES", 10)
    with pytest.raises(ImageDecodeError) as e:
        read_file(p)
    assert e.value.reason == "file_too_large"


def test_sha256_is_of_the_file_bytes(tmp_path):
    import hashlib

    p = save(_marked(), tmp_path / "a.png")
    fb, img = read_image(p)
    assert fb.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()


def _large_jpeg(w: int, h: int, orientation: int | None = None) -> bytes:
    """A ``w`` x ``h`` JPEG (as stored) with a black square at the top-left tenth."""
    a = np.full((h, w, 3), 255, np.uint8)
    a[: h // 10, : w // 10] = 0
    exif = None
    if orientation:
        e = Image.Exif()
        e[0x0112] = orientation
        exif = e.tobytes()
    return _encoded(Image.fromarray(a), "JPEG", quality=90, **({"exif": exif} if exif else {}))


def test_a_12_mp_jpeg_is_decoded_at_half_size_and_knows_its_shown_size():
    img = decode_image(_large_jpeg(4000, 3000))
    assert img.pixels.shape == (1500, 2000, 3) and img.scale == 0.5
    assert (img.shown_width, img.shown_height) == (4000, 3000)
    assert img.pixels[:140, :190].max() < 60, "the same picture, smaller"
    assert img.full_pixels().shape == (3000, 4000, 3)


def test_a_reduced_jpeg_turned_by_exif_is_upright_at_its_shown_size():
    img = decode_image(_large_jpeg(4000, 3000, orientation=6))
    assert img.pixels.shape == (2000, 1500, 3) and (img.shown_width, img.shown_height) == (3000, 4000)
    assert img.full_pixels().shape == (4000, 3000, 3)


def test_what_would_fall_under_the_working_size_is_decoded_in_full():
    assert decode_image(_large_jpeg(3990, 2990)).scale == 1.0  # half would be under 2000 px
    assert decode_image(_large_jpeg(4000, 3000), full_size=True).pixels.shape == (3000, 4000, 3)
    png = _encoded(Image.fromarray(np.full((3000, 4000, 3), 255, np.uint8)), "PNG", compress_level=1)
    assert decode_image(png).pixels.shape == (3000, 4000, 3)  # only JPEG has a cheap smaller decode


def test_the_pass_on_the_original_gets_the_files_own_pixels_in_the_decoded_frame():
    from evidencecheck.vision.context import AnalysisContext

    ctx = AnalysisContext(decode_image(_large_jpeg(4000, 3000)))
    original = ctx.bgr(100_000)  # as the tracking check's last barcode pass asks for it
    assert original.pixels.shape == (3000, 4000, 3) and original.scale == 2.0
    assert original.to_original((400, 300, 40, 30)) == (200, 150, 20, 15)
    assert ctx.bgr(1600).pixels.shape == (1200, 1600, 3)  # working copies still come from the decode


def test_a_working_copy_has_the_same_pixels_whichever_check_asks_first():
    # The pipeline's two lanes ask for copies in an order that varies from run to run.
    from evidencecheck.vision.context import AnalysisContext

    rng = np.random.default_rng(7)
    data = _encoded(Image.fromarray(rng.integers(0, 256, (1500, 2000, 3), dtype=np.uint8)), "JPEG", quality=90)
    sizes = (512, 640, 960, 1024, 1280, 1600)
    ctxs = [AnalysisContext(decode_image(data)) for _ in range(2)]
    for size in sizes:
        ctxs[0].bgr(size)
    for size in reversed(sizes):
        ctxs[1].bgr(size)
    for size in sizes:
        assert np.array_equal(ctxs[0].bgr(size).pixels, ctxs[1].bgr(size).pixels), size


def test_a_phones_mpo_photo_is_decoded_as_the_jpeg_it_starts_with():
    # iPhones and many Android phones store a depth or preview picture after the photo (MPO);
    # decoded as a JPEG it takes 50 ms, through Pillow's MPO reader 250-420 ms (val's 12 MP labels)
    first = _marked(4000, 3000)
    buf = io.BytesIO()
    Image.fromarray(first).save(buf, "MPO", save_all=True, append_images=[Image.fromarray(_marked(400, 300))])
    img = decode_image(buf.getvalue())
    assert img.format == "MPO" and img.frames == 2
    assert img.pixels.shape == (1500, 2000, 3) and (img.shown_width, img.shown_height) == (4000, 3000)
    b, g, r = (int(v) for v in img.pixels[5, 5])
    assert r > 200 and g < 60 and b < 60


def test_a_photo_is_decoded_as_small_as_keeps_the_working_size():
    from evidencecheck.vision.intake import reduction

    assert reduction(4000, 3000, 2000) == 2 and reduction(3000, 4000, 2000) == 2
    assert reduction(8000, 6000, 2000) == 4 and reduction(16000, 12000, 2000) == 8
    assert reduction(3999, 3000, 2000) == 1
    # a 16:9 frame is read stretched (reading_stretch 1.33): 1920 px would be short of 2667
    assert reduction(3840, 2160, 2000) == 1 and reduction(7680, 4320, 2000) == 2
