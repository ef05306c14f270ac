"""Text comparison for benchmarks and calibration."""

from __future__ import annotations


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between ``a`` and ``b`` (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_accuracy(truth: str, read: str) -> float:
    """1 - edit distance / length of ``truth``, ignoring white space; 0..1 (clipped at 0)."""
    t = "".join(truth.split())
    r = "".join(read.split())
    if not t:
        return 1.0 if not r else 0.0
    return max(0.0, 1.0 - edit_distance(t, r) / len(t))
