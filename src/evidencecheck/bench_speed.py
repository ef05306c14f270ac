"""The speed bench: what a merchant waits for and what a reviewer's batch costs, per photo.

Three measurements on fresh generated photos of every kind (12 MP, 4000 x 3000, as phones take
them) and on small copies recompressed as a chat app sends them (1080 px on the short side,
JPEG quality 50):

- **warm**: one process that has loaded its models analyses each photo end to end (the file read
  and decoded, every check), the fastest of a few runs per photo, and gives the freed memory back
  after each as a batch worker does; and that process's peak memory;
- **cold**: ``evidencecheck check PHOTO`` started as a new process, as a merchant runs it: start-up,
  model loading and the analysis, wall seconds and peak memory. The disk cache is warm (the bench
  has just run the same files), so it is a new process, not a cold machine;
- the stage table of :func:`bench.time_stages`, from the same warm runs.

Each warm run happens in a freshly spawned process, so the memory figure is the analysis's alone,
not the bench's (the generator's images, the parent's imports).
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from .batch.processes import peak_memory_mb, release_freed_memory
from .bench import StageTimes, fastest_run, make_photos, median_p95

KINDS = ("receipt", "waybill", "weighing", "other")
SMALL_SHORT_SIDE = 1080
"""The small copies: a chat app's resize (issue 20: 1080-1280 px; the generator's chat copies
take 480-1280, ``synth.scene.CHAT_SHORT_SIDE``) ..."""
SMALL_QUALITY = 50
"""... and its recompression (JPEG 40-70 in both)."""


def make_speed_set(out: Path, n: int, seed: int) -> dict[str, list[Path]]:
    """``n`` 12 MP photos of each kind (seeds ``seed``, ``seed + 1``, ...), under ``12mp-KIND``, and
    a small recompressed copy of each, all under ``small``."""
    import cv2

    sets: dict[str, list[Path]] = {}
    small_dir = out / "small"
    small_dir.mkdir(parents=True, exist_ok=True)
    small: list[Path] = []
    for i, kind in enumerate(KINDS):
        sets[f"12mp-{kind}"] = paths = make_photos(out / f"12mp-{kind}", n, seed + i, 4000, kind)
        for p in paths:
            img = cv2.imread(str(p), cv2.IMREAD_COLOR)
            k = SMALL_SHORT_SIDE / min(img.shape[:2])
            img = cv2.resize(img, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
            q = small_dir / f"{kind}_{p.name}"
            q.write_bytes(cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, SMALL_QUALITY])[1].tobytes())
            small.append(q)
    sets["small"] = small
    return sets


def _warm(sets: dict[str, list[str]], repeats: int, ocr: str) -> dict:
    """In a fresh process: load the models (on the first photo, untimed), then per photo the
    fastest of ``repeats`` whole analyses (ms) and of each stage."""
    from .pipeline import Predictor

    predictor = Predictor(ocr=ocr)
    first = next((p for paths in sets.values() for p in paths), None)
    if first:
        predictor.analyse(first)
    loaded_mb = peak_memory_mb()
    out: dict = {"total_ms": {}, "stages": {}}
    for name, paths in sets.items():
        runs = [fastest_run(predictor, p, repeats, after=release_freed_memory) for p in paths]
        out["total_ms"][name] = [total for total, _ in runs]
        out["stages"][name] = StageTimes([stages for _, stages in runs]).summary()
    out["loaded_mb"], out["peak_mb"] = loaded_mb, peak_memory_mb()
    return out


def run_warm(sets: dict[str, list[Path]], repeats: int = 3, ocr: str = "auto") -> dict:
    """:func:`_warm` in a newly spawned process, so that its peak memory is the analysis's own."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_warm, {k: [str(p) for p in v] for k, v in sets.items()}, repeats, ocr).result()


# The command as its console script runs it (``from evidencecheck.cli import main; main()``), with
# the process's own peak memory written to a file when it exits (see batch.processes.peak_memory_mb).
_CHECK_WITH_PEAK = """
import atexit, sys
peak_file = sys.argv.pop(1)
from evidencecheck.batch.processes import peak_memory_mb
atexit.register(lambda: open(peak_file, "w").write(str(peak_memory_mb())))
sys.argv[0] = "evidencecheck"
from evidencecheck.cli import main
main()
"""


def run_cold(photo: Path, runs: int = 3, ocr: str = "auto") -> list[dict]:
    """``evidencecheck check PHOTO`` as a new process ``runs`` times: wall seconds, peak MB and
    exit code of each (0 or 1 is a verdict; anything else a failed run, not a time)."""
    import tempfile

    out = []
    with tempfile.TemporaryDirectory(prefix="evidencecheck-speed-") as tmp:
        peak_file = Path(tmp) / "peak"
        for _ in range(runs):
            peak_file.unlink(missing_ok=True)  # a run that dies before its exit writes none
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", _CHECK_WITH_PEAK, str(peak_file), "check", "--ocr", ocr,
                                   str(photo)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            seconds = time.perf_counter() - t0
            peak = float(peak_file.read_text()) if peak_file.is_file() else float("nan")
            out.append({"seconds": seconds, "peak_mb": peak, "exit_code": proc.returncode})
    return out


def run_speed_bench(n: int, seed: int, out: Path, repeats: int = 3, cold_runs: int = 3, ocr: str = "auto",
                    say: Callable[[str], None] = lambda _: None) -> dict:
    """Generate the set (:func:`make_speed_set`), time it warm and, on the first photo of each
    kind, cold. ``say`` hears which part starts (minutes each on 2 cores)."""
    say(f"generating {n} photos of each of {len(KINDS)} kinds and their small copies")
    sets = make_speed_set(out, n, seed)
    say(f"warm: {sum(map(len, sets.values()))} photos x {repeats} runs in a new process")
    warm = run_warm(sets, repeats, ocr)
    cold = {}
    for kind in KINDS:
        say(f"cold: `evidencecheck check` on a 12 MP {kind} photo x {cold_runs}")
        cold[kind] = run_cold(sets[f"12mp-{kind}"][0], cold_runs, ocr)
    return {"n": n, "seed": seed, "repeats": repeats, "cold_runs": cold_runs, "warm": warm, "cold": cold}


def _row(name: str, ms: list[float]) -> str:
    s = median_p95(ms)
    return f"{name:18} {len(ms):4d} {s['median']:9.0f} {s['p95']:7.0f} {max(ms):7.0f}"


def format_speed_bench(result: dict) -> str:
    """The bench as a reviewer reads it: warm per photo, cold per CLI run, memory, then stages."""
    warm, cold = result["warm"], result["cold"]
    totals = warm["total_ms"]
    big = [ms for name, v in totals.items() if name.startswith("12mp-") for ms in v]
    lines = [f"evidencecheck bench-speed · seed {result['seed']} · {result['n']} photos of each kind",
             f"warm: one process, models loaded; ms per photo end to end (read, decode, every check),"
             f" fastest of {result['repeats']} runs",
             f"{'photos':18} {'n':>4} {'median':>9} {'p95':>7} {'max':>7}"]
    lines += [_row(name, v) for name, v in totals.items() if name.startswith("12mp-")]
    lines.append(_row("12mp-all", big))
    if totals.get("small"):
        lines.append(_row(f"small ({SMALL_SHORT_SIDE}px q{SMALL_QUALITY})", totals["small"]))
    lines.append(f"peak memory of the warm process: {warm['peak_mb']:.0f} MB"
                 f" ({warm['loaded_mb']:.0f} MB after its first photo)")
    lines += [f"cold: `evidencecheck check PHOTO` as a new process, {result['cold_runs']} runs"
              " on one 12 MP photo of each kind",
              f"{'photo':18} {'median s':>9} {'max s':>7} {'peak MB':>8}  exit codes"]
    all_cold = []
    for kind, runs in cold.items():
        secs = [r["seconds"] for r in runs]
        all_cold += secs
        peak = max(r["peak_mb"] for r in runs)
        lines.append(f"{'12mp-' + kind:18} {np.median(secs):9.2f} {max(secs):7.2f} {peak:8.0f}"
                     f"  {sorted({r['exit_code'] for r in runs})}")
    lines.append(f"{'all':18} {np.median(all_cold):9.2f} {max(all_cold):7.2f}")
    lines.append("stages, ms (median, p95) in the warm runs:")
    stage_sets = [name for name in warm["stages"]]
    stages = list(dict.fromkeys(s for name in stage_sets for s in warm["stages"][name]))
    lines.append(f"{'stage':22}" + "".join(f" {name[:14]:>14} {'p95':>6}" for name in stage_sets))
    for stage in stages:
        cells = []
        for name in stage_sets:
            v = warm["stages"][name].get(stage)
            cells.append(f" {v['median_ms']:14.0f} {v['p95_ms']:6.0f}" if v else f" {'-':>14} {'-':>6}")
        lines.append(f"{stage:22}" + "".join(cells))
    return "\n".join(lines)
