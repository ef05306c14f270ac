"""How well a line recogniser's output supports given texts: CTC scoring against a lexicon.

A greedy reading of a faint seal keeps only each frame's likeliest character and loses the rest;
scoring each candidate name against all the frames' probabilities keeps the evidence that a
blurred 圆 left for 圆 rather than for 国. Text before and after a name in the strip is free, so a
name is found inside a longer line. All names are scored in one pass over the frames.
"""

from __future__ import annotations

import numpy as np

from .base import LineProbabilities

_FLOOR = 1e-6  # probability given to characters the recogniser does not know


def infix_scores(lp: LineProbabilities, texts: list[str], whole: bool = False) -> np.ndarray:
    """For each of ``texts``: the mean log-probability per character by which the text, somewhere
    in the line (``whole``: as the whole line, nothing read before or after it), falls short of
    the recogniser's own best reading. About 0 when the text is what it reads, more negative the
    less the frames support it (natural log per character)."""
    logp = np.log(np.maximum(lp.probs, _FLOOR)).astype(np.float64)
    frames = len(logp)
    if frames == 0 or not texts:
        return np.full(len(texts), -np.inf)
    free = logp.max(axis=1)  # a frame outside the name costs what the best reading pays there
    # One chain of CTC states per text, all side by side: blank, c1, blank, c2, ..., cN, blank.
    cls, skip, first, last = [], [], [], []
    for text in texts:
        labels = [lp.index.get(ch, -1) for ch in text]
        base = len(cls)
        for i, c in enumerate(labels):
            cls += [0, c]
            skip += [False, i > 0 and c != labels[i - 1]]  # CTC may skip the blank between different characters
        cls.append(0)
        skip.append(False)
        first.append(base)
        last.append(len(cls) - 1)
    cls_a = np.array(cls)
    known = cls_a >= 0
    skip_a = np.array(skip)
    starts = np.zeros(len(cls), bool)
    starts[first] = True
    starts[np.array(first) + 1] = True  # a name may start on its blank or its first character
    step_ok = np.ones(len(cls), bool)
    step_ok[first] = False  # no step into a chain from the previous text's last state
    neg = -np.inf
    alpha = np.full(len(cls), neg)
    before = 0.0
    ends = np.full(len(texts), neg)
    last_a = np.array(last)
    tail = np.concatenate([np.cumsum(free[::-1])[::-1][1:], [0.0]])  # free cost of frames after t
    for t in range(frames):
        step = np.where(step_ok, np.concatenate([[neg], alpha[:-1]]), neg)
        jump = np.where(skip_a, np.concatenate([[neg, neg], alpha[:-2]]), neg)
        alpha = np.logaddexp(np.logaddexp(alpha, step), jump)
        if t == 0 or not whole:
            alpha[starts] = np.logaddexp(alpha[starts], before)
        alpha = alpha + np.where(known, logp[t, np.maximum(cls_a, 0)], np.log(_FLOOR))
        before += free[t]
        if t == frames - 1 or not whole:
            ends = np.logaddexp(ends, np.logaddexp(alpha[last_a], alpha[last_a - 1]) + tail[t])
    lengths = np.array([max(1, len(t)) for t in texts], np.float64)
    return (ends - free.sum()) / lengths


def greedy_text(lp: LineProbabilities) -> str:
    """The recogniser's own reading: each frame's likeliest class, repeats merged, blanks dropped."""
    chars = {i: c for c, i in lp.index.items()}
    best = lp.probs.argmax(axis=1)
    out, prev = [], 0
    for k in best:
        if k != prev and k != 0:
            out.append(chars.get(int(k), ""))
        prev = k
    return "".join(out)
