"""The package as a user gets it: the wheel built from a clean copy of the checkout carries its
models, rules, lexicons and schema and nothing else, and, installed into a fresh virtual
environment outside the checkout, checks photos exactly as the editable install does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ["receipt_fully_printed.jpg", "waybill_yto.jpg"]
NEEDED = {"evidencecheck/models/doc_classifier.npz", "evidencecheck/models/doc_kind.npz",
          "evidencecheck/models/field_ink.npz", "evidencecheck/models/display_regions.onnx", "evidencecheck/case/rules.toml", "evidencecheck/text/fields.toml",
          "evidencecheck/text/doc_words.toml", "evidencecheck/schema.json",
          # the merchant's page, served from the package
          "evidencecheck/serve/static/index.html", "evidencecheck/serve/static/app.js",
          "evidencecheck/serve/static/app.css"}

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                                reason="builds from the files git tracks")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """The files git tracks, copied: what a clean clone builds from (no caches, no build/ left over)."""
    out = tmp_path_factory.mktemp("source")
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, files.decode().split("\0")):
        if (ROOT / name).is_file():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, out / name)
    return out


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
                   check=True, cwd=dist)
    (whl,) = dist.glob("evidencecheck-*.whl")
    return whl


def test_the_wheel_carries_what_the_analysis_needs_and_nothing_else(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert NEEDED <= names
    assert all(n.startswith(("evidencecheck/", "evidencecheck-")) for n in names), "only the package"
    assert not [n for n in names if n.endswith((".jpg", ".png", ".jsonl")) or ".cache" in n or "/tests/" in n]
    assert wheel.stat().st_size < 2_000_000


def test_the_source_distribution_carries_the_models(source, tmp_path):
    subprocess.run([sys.executable, "setup.py", "-q", "sdist", "-d", str(tmp_path)], check=True, cwd=source,
                   capture_output=True)
    (sdist,) = tmp_path.glob("evidencecheck-*.tar.gz")
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    assert {"setup.py", "pyproject.toml", "models/doc_kind.npz", "models/field_ink.npz",
            "models/doc_classifier.npz", "src/evidencecheck/case/rules.toml"} <= names
    assert not [n for n in names if n.startswith((".cache", "bench-out", "samples"))]


def _run(exe: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EVIDENCECHECK_MODELS")}
    return subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _outcome(report: dict) -> list[tuple[str, str, list[str]]]:
    return [(Path(i["path"]).name, i["verdict"], sorted(f["code"] for f in i["findings"])) for i in report["images"]]


def test_installed_outside_the_checkout_it_checks_as_the_editable_install_does(wheel, tmp_path):
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    # The wheel's dependencies are taken from the environment the suite runs in (installing them
    # again would download 200 MB); they are on the path after the fresh site-packages, and that
    # environment's editable evidencecheck is not (its .pth files are not read from there).
    fresh_site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     check=True, capture_output=True, text=True).stdout.strip())
    (fresh_site / "suite_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    for name in SAMPLES:
        shutil.copy2(ROOT / "samples" / name, work / name)

    where = _run(py, work, "-c", "import evidencecheck; print(evidencecheck.__file__)")
    assert where.returncode == 0 and where.stdout.strip().startswith(str(env_dir)), where.stderr
    version = _run(env_dir / "bin" / "evidencecheck", work, "--version")
    assert version.returncode == 0 and "evidencecheck" in version.stdout

    installed = _run(env_dir / "bin" / "evidencecheck", work, "check", "--json", *SAMPLES)
    editable = _run(Path(sys.executable).parent / "evidencecheck", work, "check", "--json", *SAMPLES)
    assert installed.returncode == editable.returncode, installed.stderr
    assert _outcome(json.loads(installed.stdout)) == _outcome(json.loads(editable.stdout))
