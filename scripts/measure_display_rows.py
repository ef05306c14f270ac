"""Where the display finder finds a row, per kind of generated evidence, and whether its digits read.

Not the benchmark: a measurement of one cue of the document type. For images ``0..n-1`` of a
generated set, the finder's best row (``AnalysisContext.displays``) is cut again from the photo at
the weight check's reading size (``weight.display_row``), and the script counts, per kind, how often
the finder found a row, how often it scored 0.3 or more, and how often its own look and the second
look read every digit (at least two, none unread). docs/doc-type.md (2026-12-06, ninth session)
gives the figures for seed 3, the kind model's training seed: the finder takes a waybill's bold
sorting code for a display, the second look does not read it.

    python scripts/measure_display_rows.py --seed 3 --n 400 [--jobs 2]
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor


def best_row(args: tuple[int, int]) -> tuple[str, float, str | None, str | None]:
    """(kind, the finder's best score or 0, its digits as the finder read them, as the second look read them)."""
    from evidencecheck import thresholds as T
    from evidencecheck.checks.weight import display_row
    from evidencecheck.synth.generate import make_one
    from evidencecheck.vision.context import AnalysisContext
    from evidencecheck.vision.intake import decode_image

    seed, index = args
    _, data, truth = make_one(seed, index)
    ctx = AnalysisContext(decode_image(data))
    ctx.bgr(T.QUALITY_LONG_SIDE)  # the pipeline's path: later copies are shrunk from this one
    best = next(iter(ctx.displays()), None)
    if best is None:
        return truth["doc_type"], 0.0, None, None
    row = display_row(ctx, best, T.WEIGHT_READ_DIGIT_PX)[2]
    return truth["doc_type"], best.score, best.text, row.digits if row is not None else None


def reads(digits: str | None) -> bool:
    """Every digit read: at least two, none unread ('?'); a tare's minus does not count."""
    shown = (digits or "").replace("-", "")
    return len(shown) >= 2 and "?" not in shown


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    by_kind: dict[str, list] = defaultdict(list)
    with ProcessPoolExecutor(args.jobs) as pool:
        for kind, score, first, second in pool.map(best_row, [(args.seed, i) for i in range(args.n)], chunksize=4):
            by_kind[kind].append((score, first, second))
    print(f"seed {args.seed}, images 0-{args.n - 1}: per kind, the share of images whose best display row ...")
    print(f"{'kind':16} {'n':>4} {'found':>6} {'>=0.3':>6} {'finder reads all':>17} {'second look reads all':>22}")
    for kind, rows in sorted(by_kind.items()):
        n = len(rows)
        found = sum(s > 0 for s, _, _ in rows) / n
        high = sum(s >= 0.3 for s, _, _ in rows) / n
        first = sum(s > 0 and reads(a) for s, a, _ in rows) / n
        second = sum(s > 0 and reads(b) for s, _, b in rows) / n
        print(f"{kind:16} {n:4d} {found:6.2f} {high:6.2f} {first:17.2f} {second:22.2f}")


if __name__ == "__main__":
    main()
