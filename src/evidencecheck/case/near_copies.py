"""Near copies: the same picture submitted twice, re-encoded, resized, turned or lightly cropped.

A merchant with one weighing photo may submit it as shipping, dispatch and signing; a reviewer
must see that. Two pictures are one when a turn, scale and shift (no change of perspective, which
a second photo of the same parcel would have) maps many of one's keypoints onto the other's, and
the mapped pictures agree pixel for pixel apart from compression and brightness. A perceptual hash
alone cannot tell them apart from two documents of one template (measured: see
``T.DUPLICATE_MAX_DIFFERING``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .. import thresholds as T

_ORB_FEATURES = 800
_MIN_MATCHES = 10


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What :func:`same_picture` compares: the picture in grey at ``T.DUPLICATE_LONG_SIDE`` and its
    ORB keypoints (x, y in its pixels) with their 32-byte descriptors (None when it has none)."""

    gray: np.ndarray
    points: np.ndarray
    descriptors: np.ndarray | None


def fingerprint(gray: np.ndarray) -> Fingerprint:
    """The fingerprint of ``gray`` (uint8); pass it at ``T.DUPLICATE_LONG_SIDE``, or smaller when
    the image is smaller (it is not enlarged: its sharpness is what it is)."""
    # Keypoints are found on a copy enlarged to the working size (ORB finds few on a thumbnail
    # and none within 31 px of its edges), and kept in the picture's own pixels.
    f = max(1.0, T.DUPLICATE_LONG_SIDE / max(gray.shape))
    big = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_LINEAR) if f > 1 else gray
    keypoints, descriptors = cv2.ORB_create(nfeatures=_ORB_FEATURES).detectAndCompute(big, None)
    return Fingerprint(gray, np.float32([k.pt for k in keypoints]).reshape(-1, 2) / f, descriptors)


def same_picture(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether ``a`` and ``b`` show the same picture (one a near copy of the other)."""
    if a.descriptors is None or b.descriptors is None:
        return False
    matches = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(b.descriptors, a.descriptors)
    if len(matches) < _MIN_MATCHES:
        return False
    src = b.points[[m.queryIdx for m in matches]]
    dst = a.points[[m.trainIdx for m in matches]]
    m, inliers = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC, ransacReprojThreshold=3.0)
    if m is None or int(inliers.sum()) < T.DUPLICATE_MIN_INLIERS:
        return False
    # Compare at the coarser of the two: a sharp picture against an enlarged blurry copy of it
    # differs at every edge of its text.
    if np.sqrt(abs(np.linalg.det(m[:, :2]))) > 1:
        return differing_share(b.gray, a.gray, cv2.invertAffineTransform(m)) <= T.DUPLICATE_MAX_DIFFERING
    return differing_share(a.gray, b.gray, m) <= T.DUPLICATE_MAX_DIFFERING


def differing_share(a: np.ndarray, b: np.ndarray, m: np.ndarray) -> float:
    """Share of the overlap where ``b`` mapped onto ``a`` by the 2 x 3 matrix ``m`` differs from
    ``a``, 0..1 (1 when the overlap is under ``T.DUPLICATE_MIN_OVERLAP`` of ``a``). Both are
    normalised to zero mean and unit spread there, so brightness and contrast do not count."""
    h, w = a.shape
    mapped = cv2.warpAffine(b, m, (w, h), flags=cv2.INTER_AREA)
    cover = cv2.warpAffine(np.ones_like(b), m, (w, h), flags=cv2.INTER_NEAREST)
    cover = cv2.erode(cover, np.ones((5, 5), np.uint8)) > 0  # resampled edges are not content
    if cover.mean() < T.DUPLICATE_MIN_OVERLAP:
        return 1.0
    x = cv2.GaussianBlur(a, (0, 0), 1.5)[cover].astype(np.float32)
    y = cv2.GaussianBlur(mapped, (0, 0), 1.5)[cover].astype(np.float32)
    x = (x - x.mean()) / (x.std() + 1e-6)
    y = (y - y.mean()) / (y.std() + 1e-6)
    return float((np.abs(x - y) > 1.0).mean())
