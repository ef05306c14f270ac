"""Bad input gets a clear finding or a usage error, never a traceback (issue 2's list).

Each file is built at test time and checked through the real command, in its own process.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from .conftest import jpeg_with_orientation, report_of, run_cli
from .test_intake import png_bomb


def _photo(w=900, h=700) -> np.ndarray:
    rng = np.random.default_rng(3)
    a = np.full((h, w, 3), 235, np.uint8)
    for y in range(60, h - 60, 40):
        a[y:y + 3, 60:w - 60] = 20  # lines of "print" so the page is not blank
    return np.clip(a + rng.normal(0, 2, a.shape), 0, 255).astype(np.uint8)


def _bytes(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _animated_gif() -> bytes:
    frames = [Image.fromarray(_photo()), Image.fromarray(255 - _photo())]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return buf.getvalue()


def _png16() -> bytes:
    g = (_photo()[:, :, 0].astype(np.uint16) * 257)
    return _bytes(Image.fromarray(g), "PNG")


GOOD_JPEG = _bytes(Image.fromarray(_photo()), "JPEG", quality=90)

CASES = {
    # name: (file bytes, expected UNREADABLE_FILE?, expected exit status)
    "truncated.jpg": (GOOD_JPEG[: len(GOOD_JPEG) // 2], True, 1),
    "zero.jpg": (b"", True, 1),
    "text.jpg": (b"order 12345, please refund\n" * 20, True, 1),
    "bomb.png": (png_bomb(), True, 1),
    "cmyk.jpg": (_bytes(Image.fromarray(_photo()).convert("CMYK"), "JPEG", quality=90), False, 0),
    "sixteen.png": (_png16(), False, 0),
    "animated.gif": (_animated_gif(), False, 0),
    "rotated.jpg": (jpeg_with_orientation(_photo(), 6), False, 0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_yields_a_valid_report(tmp_path, validate, name):
    data, unreadable, status = CASES[name]
    p = tmp_path / name
    p.write_bytes(data)
    proc = run_cli("check", "--json", str(p))
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.returncode == status, proc.stderr
    doc = validate(report_of(proc))
    codes = [f["code"] for f in doc["images"][0]["findings"]]
    assert ("UNREADABLE_FILE" in codes) == unreadable, codes


def test_rotated_jpeg_is_reported_upright(tmp_path):
    p = tmp_path / "rotated.jpg"
    p.write_bytes(CASES["rotated.jpg"][0])
    img = report_of(run_cli("check", "--json", str(p)))["images"][0]
    assert (img["width"], img["height"], img["exif_orientation"]) == (700, 900, 6)


def test_unreadable_reasons_are_specific(tmp_path):
    for name, words in (("zero.jpg", "empty"), ("bomb.png", "megapixel limit"), ("truncated.jpg", "truncated"),
                        ("text.jpg", "not an image")):
        p = tmp_path / name
        p.write_bytes(CASES[name][0])
        msg = report_of(run_cli("check", "--json", str(p)))["images"][0]["findings"][0]["message"]
        assert words in msg, (name, msg)


@pytest.mark.parametrize("target", ["missing", "directory"])
def test_paths_that_are_not_files_are_usage_errors(tmp_path, target):
    path = tmp_path / "nope.jpg" if target == "missing" else tmp_path
    proc = run_cli("check", "--json", str(path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "Error:" in proc.stderr


def test_one_bad_file_does_not_lose_the_others(tmp_path, validate):
    good, bad = tmp_path / "good.jpg", tmp_path / "bad.jpg"
    good.write_bytes(GOOD_JPEG)
    bad.write_bytes(b"")
    doc = validate(report_of(run_cli("check", "--json", str(bad), str(good))))
    assert [i["path"] for i in doc["images"]] == [str(bad), str(good)]
    assert doc["images"][1]["width"] == 900 and doc["verdict"] == "fail"
