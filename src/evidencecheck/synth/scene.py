"""Whole photo-like scenes built from the page renderer and the camera effects."""

from __future__ import annotations

import numpy as np

from . import photo
from .page import render_page


def photographed_page(rng: np.random.Generator, width: int = 4000, height: int = 3000,
                      blur_sigma: float = 0.0, gain: float = 1.0) -> np.ndarray:
    """A printed page photographed on a desk: RGB uint8 of ``width`` x ``height`` (default 12 MP).

    ``blur_sigma`` (pixels of this image) and ``gain`` (exposure) degrade it on purpose.
    """
    portrait = height > width
    pw, ph = (1240, 1754) if portrait else (1754, 1240)
    page = render_page(rng, pw, ph, text_px=int(rng.uniform(26, 36))).pixels
    img, _ = photo.place_on_background(rng, page, width, height, fill=rng.uniform(0.7, 0.9))
    img = photo.uneven_light(rng, img, rng.uniform(0.05, 0.3))
    img = photo.colour_cast(rng, img, 0.06)
    img = photo.gaussian_blur(img, blur_sigma + rng.uniform(0.3, 0.8))
    img = photo.exposure(img, gain)
    return photo.sensor_noise(rng, img, rng.uniform(1.5, 4.0))
