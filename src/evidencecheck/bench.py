"""The benchmark: fresh synthetic data on a seed no model trains on, timed and scored.

Issue 2's part: the time intake (decode + orient) and the quality gate take on 12 MP phone
photos. Accuracy columns join as the checks are built; until then they are not reported.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .context import AnalysisContext
from .intake import read_image
from .quality import measure_quality
from .synth.photo import jpeg_bytes
from .synth.scene import photographed_page


@dataclass(frozen=True)
class StageTimes:
    """Milliseconds per image for each stage, one entry per image."""

    intake: list[float]
    quality: list[float]

    def summary(self) -> dict[str, dict[str, float]]:
        out = {}
        for name in ("intake", "quality"):
            v = np.asarray(getattr(self, name))
            out[name] = {"median_ms": float(np.median(v)), "p95_ms": float(np.percentile(v, 95))}
        both = np.asarray(self.intake) + np.asarray(self.quality)
        out["intake+quality"] = {"median_ms": float(np.median(both)), "p95_ms": float(np.percentile(both, 95))}
        return out


def make_photos(out: Path, n: int, seed: int, width: int = 4000, height: int = 3000) -> list[Path]:
    """``n`` 12 MP photo-like JPEGs (quality 85-95) written into ``out``."""
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(n):
        rgb = photographed_page(rng, width, height)
        p = out / f"photo_{i:03d}.jpg"
        p.write_bytes(jpeg_bytes(rgb, int(rng.integers(85, 96))))
        paths.append(p)
    return paths


def time_intake_and_quality(paths: list[Path], repeats: int = 3) -> StageTimes:
    """Per image, the fastest of ``repeats`` runs of each stage (the OS file cache is warm)."""
    intake, quality = [], []
    for p in paths:
        ti, tq = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            _, img = read_image(p)
            t1 = time.perf_counter()
            measure_quality(AnalysisContext(img))
            t2 = time.perf_counter()
            ti.append((t1 - t0) * 1000)
            tq.append((t2 - t1) * 1000)
        intake.append(min(ti))
        quality.append(min(tq))
    return StageTimes(intake, quality)


def format_speed(summary: dict[str, dict[str, float]], n: int, seed: int) -> str:
    """The speed table as text."""
    lines = [f"speed on {n} generated 12 MP JPEG photos (seed {seed}), ms per image, warm file cache",
             f"{'stage':16} {'median':>8} {'p95':>8}"]
    for stage, v in summary.items():
        lines.append(f"{stage:16} {v['median_ms']:8.1f} {v['p95_ms']:8.1f}")
    return "\n".join(lines)


def run_speed(n: int, seed: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="evidencecheck-bench-") as tmp:
        paths = make_photos(Path(tmp), n, seed)
        return time_intake_and_quality(paths).summary()
