"""Pixel masks several checks share."""

from __future__ import annotations

import cv2
import numpy as np


def darker_than_surroundings(gray: np.ndarray, depth: int, window: int = 31) -> np.ndarray:
    """Where ``gray`` (uint8) is more than ``depth`` grey levels darker than its ``window`` x
    ``window`` neighbourhood mean: print and pen ink, whatever the lighting (uint8, 255 = ink)."""
    local = cv2.blur(gray, (window, window))
    return ((gray.astype(np.int16) < local.astype(np.int16) - depth) * 255).astype(np.uint8)
