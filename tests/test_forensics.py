"""A seal pasted in as solid colour looks pasted; a rubber-stamp impression does not."""

from __future__ import annotations

import numpy as np

from evidencecheck.checks.forensics import paste_signs
from evidencecheck.synth import stamp
from evidencecheck.vision.seals import find_red_stamps

from .test_stamps import SEAL_RED, _bgr, _page


def _sealed(pasted: bool, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    crisp = stamp.draw_seal(rng, "韵达快递有限公司", width=320)
    if pasted:
        page, _ = stamp.paste(_page(), crisp, (240, 10, 20), 700, 300, 8.0)
    else:
        page, _ = stamp.press(_page(), stamp.inked(rng, crisp, fade=0.0), SEAL_RED, 700, 300, 8.0)
    return _bgr(page)


def test_a_pasted_seal_is_suspect():
    bgr = _sealed(pasted=True)
    (seal,) = find_red_stamps(bgr)
    assert paste_signs(bgr, seal).suspect


def test_a_pressed_seal_is_not_suspect():
    for seed in range(4):
        bgr = _sealed(pasted=False, seed=seed)
        (seal,) = find_red_stamps(bgr)
        signs = paste_signs(bgr, seal)
        assert not signs.suspect and signs.ink_px > 1000, signs
