"""Shared test helpers: images built at test time, a schema validator, a CLI runner."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from evidencecheck import json_schema
from evidencecheck.synth.page import prose_line, render_page

REAL_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "real-dev"


def resident_mb() -> float:
    """This process's resident memory now, MB (Linux)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


@pytest.fixture(scope="session")
def validate():
    """Validate a report dict against the shipped JSON Schema (raises on a violation)."""
    import jsonschema

    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    def _validate(doc: dict) -> dict:
        validator.validate(doc)
        return doc

    return _validate


@pytest.fixture(scope="session")
def page_rgb() -> np.ndarray:
    """A clean printed page, 1131 x 1600, RGB: a document the quality gate must accept."""
    return render_page(np.random.default_rng(7), 1131, 1600, text_px=22).pixels


@pytest.fixture(scope="session")
def prose_page_rgb() -> np.ndarray:
    """A clean printed page of ordinary prose, 1131 x 1600, RGB: no evidence of any kind (``page_rgb``
    is evidence wording in random order, which reads as an unsure waybill or proof)."""
    return render_page(np.random.default_rng(7), 1131, 1600, text_px=22, line=prose_line).pixels


def save(img: np.ndarray | Image.Image, path: Path, fmt: str | None = None, **kw) -> Path:
    im = Image.fromarray(img) if isinstance(img, np.ndarray) else img
    im.save(path, fmt, **kw)
    return path


def jpeg_with_orientation(rgb: np.ndarray, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=92, exif=exif.tobytes())
    return buf.getvalue()


def run_cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed CLI in a fresh process, as a user would."""
    return subprocess.run([sys.executable, "-m", "evidencecheck.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def report_of(proc: subprocess.CompletedProcess) -> dict:
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless chromium, driven by selenium."""
    from evidencecheck.serve.load import headless_chromium

    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (chromium, chromium-driver)")
    driver = headless_chromium()
    yield driver
    driver.quit()
