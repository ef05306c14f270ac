"""The quality gate: is the photo sharp, exposed and large enough to be judged at all?

All measurements are taken at :data:`~evidencecheck.thresholds.QUALITY_LONG_SIDE` so that they
mean the same whatever the camera's resolution. Thresholds and how they were chosen:
:mod:`evidencecheck.thresholds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from .. import thresholds as T
from ..report import Finding
from ..stage import Analysis, Stage
from ..vision.context import AnalysisContext
from ..vision.levels import byte_percentiles


@dataclass(frozen=True)
class QualityProblem:
    """One reason a photo falls short. ``kind`` is one of small, blurred, dark, washed_out, glare."""

    kind: str
    severity: str  # "fail": cannot be judged; "warn": part of it may be hidden
    bbox: tuple[int, int, int, int] | None = None  # original pixels, when the problem has a place


@dataclass(frozen=True)
class QualityResult:
    """Measurements (see :func:`measure_quality`) and the problems they show."""

    blur: float  # 0 sharp .. 1 flat
    paper_luma: float  # 95th percentile of luma, 0..255
    ink_luma: float  # 1st percentile of luma, 0..255
    glare_area: float  # share of the image in the largest blown-out highlight, 0..1
    short_side: int  # pixels of the image as shown
    problems: list[QualityProblem] = field(default_factory=list)

    @property
    def contrast(self) -> float:
        return self.paper_luma - self.ink_luma

    def metrics(self) -> dict[str, float]:
        return {"blur": self.blur, "paper_luma": self.paper_luma, "ink_luma": self.ink_luma,
                "contrast": self.contrast, "glare_area": self.glare_area}


_LINE_KERNELS = {
    (0, 1): np.full((1, 9), 1 / 9, np.float32),
    (1, 0): np.full((9, 1), 1 / 9, np.float32),
    (1, 1): np.eye(9, dtype=np.float32) / 9,
    (1, -1): np.fliplr(np.eye(9, dtype=np.float32)).copy() / 9,
}


def blur_score(gray: np.ndarray) -> float:
    """No-reference blur of a luma image, 0 (sharp) .. 1 (no detail at all).

    After Crete-Roffet et al. (2007), "The blur effect": re-blur the image along a line and
    measure how much of the neighbour-to-neighbour variation survives; a sharp image loses much
    of it, a blurred one little. Changed for phone photos of paper: taken along four directions
    (the paper uses two) and the worst kept, meant to catch camera shake at any angle (it does
    so only in part, see thresholds.MAX_BLUR); and summed
    only near structure (ink, edges), since on a mostly blank page sensor noise would
    otherwise pass for detail.
    """
    if gray.shape[0] < 10 or gray.shape[1] < 10:
        return 1.0
    f = cv2.medianBlur(np.ascontiguousarray(gray, dtype=np.uint8), 3).astype(np.float32)
    mag = cv2.magnitude(cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3))
    # On paper most pixels are blank, so the median gradient is the noise's; every 4th pixel
    # of every 4th row is plenty to find it.
    noise = 1.4826 * float(np.median(mag[::4, ::4])) + 1e-3
    structure = (mag > max(T.BLUR_MIN_EDGE_GRADIENT, 4.0 * noise)).astype(np.uint8)
    if structure.mean() < 1e-4:
        return 1.0
    near = cv2.dilate(structure, np.ones((7, 7), np.uint8))
    near[0, :] = near[:, 0] = near[:, -1] = 0  # so every pixel kept has its neighbours
    idx = np.flatnonzero(near)  # only these pixels are summed: gathering beats masking
    flat = f.ravel()
    here = flat[idx]
    width = f.shape[1]
    worst = 0.0
    for (dy, dx), kernel in _LINE_KERNELS.items():
        back = idx - (dy * width + dx)  # the neighbour at p - (dy, dx)
        d_f = np.abs(here - flat[back])
        s_f = float(d_f.sum())
        if s_f <= 0:
            return 1.0
        reblurred = cv2.filter2D(f, -1, kernel, borderType=cv2.BORDER_REPLICATE).ravel()
        d_b = np.abs(reblurred[idx] - reblurred[back])
        s_v = float(np.maximum(0.0, d_f - d_b).sum())
        worst = max(worst, (s_f - s_v) / s_f)
    return worst


def largest_glare(bgr: np.ndarray, gray: np.ndarray) -> tuple[float, tuple[int, int, int, int] | None]:
    """Share of the image (0..1) in the largest blown-out highlight, and its box (working pixels).
    ``gray`` is the luma of ``bgr``.

    A highlight counts only where it lies on paper that is itself not blown out: clear of the
    frame's edge (a blown-out area touching the edge is a window, the sky or a lamp behind the
    subject), standing out from the paper around it (paper already near white that clips in
    places is a bright exposure, and a page blown out as a whole ends at the darker desk), and
    hiding what is under it (print still dark inside the bright area means the page is merely
    brightly lit). A clean scan, white everywhere, has none.
    """
    saturated = cv2.inRange(bgr, (250, 250, 250), (255, 255, 255))
    count = cv2.countNonZero(saturated)
    if count == 0 or count > 0.5 * saturated.size:
        return 0.0, None
    n, labels, stats, _ = cv2.connectedComponentsWithStats(saturated, connectivity=8)
    H, W = saturated.shape
    ring_px = max(3, int(0.01 * max(H, W)))
    order = np.argsort(-stats[1:, cv2.CC_STAT_AREA]) + 1
    for i in order[:5]:  # the few largest are enough
        x, y, w, h, area = stats[i].tolist()
        if area < T.GLARE_MIN_AREA * saturated.size:
            break
        if not (x > 0 and y > 0 and x + w < W and y + h < H):
            continue
        blob = (labels[max(0, y - 2 * ring_px):y + h + 2 * ring_px, max(0, x - 2 * ring_px):x + w + 2 * ring_px] == i)
        blob = blob.astype(np.uint8)
        ring = cv2.dilate(blob, np.ones((2 * ring_px + 1, 2 * ring_px + 1), np.uint8)) - cv2.dilate(blob, np.ones((3, 3), np.uint8))
        around = gray[max(0, y - 2 * ring_px):y + h + 2 * ring_px, max(0, x - 2 * ring_px):x + w + 2 * ring_px][ring > 0]
        if not around.size or not (T.GLARE_PAPER_AROUND[0] <= float(np.median(around)) <= T.GLARE_PAPER_AROUND[1]):
            continue
        if float(np.mean(gray[y:y + h, x:x + w] < 128)) > T.GLARE_INK_VISIBLE:
            continue
        if _print_held(labels[y:y + h, x:x + w] == i) > T.GLARE_PAGE_HOLES:
            continue
        return area / saturated.size, (x, y, w, h)
    return 0.0, None


def _print_held(blob: np.ndarray) -> float:
    """Share of the area inside ``blob``'s outline (bool, h x w) that it leaves out: the print a
    page blown out around its lines holds, however light (a screenshot's small page prints in grey,
    not dark); a reflection is solid white."""
    mask = blob.astype(np.uint8)
    outlines, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = cv2.drawContours(np.zeros_like(mask), outlines, -1, 1, -1)
    inside = int(np.count_nonzero(filled))
    return 0.0 if inside == 0 else 1.0 - int(np.count_nonzero(mask)) / inside


def measure_quality(ctx: AnalysisContext) -> QualityResult:
    """Measure the photo and list its problems (empty list: good enough to judge)."""
    gray = ctx.gray(T.QUALITY_LONG_SIDE)
    bgr = ctx.bgr(T.QUALITY_LONG_SIDE)
    lo, hi = byte_percentiles(gray.pixels, (1, 95))
    blur = blur_score(gray.pixels)
    glare, glare_box = largest_glare(bgr.pixels, gray.pixels)
    short_side = min(ctx.image.shown_width, ctx.image.shown_height)

    problems: list[QualityProblem] = []
    if short_side < T.MIN_SHORT_SIDE:
        problems.append(QualityProblem("small", "fail"))
    if hi < T.MIN_PAPER_LUMA:
        problems.append(QualityProblem("dark", "fail"))
    elif hi - lo < T.MIN_INK_CONTRAST:
        problems.append(QualityProblem("washed_out", "fail"))
    elif blur > T.MAX_BLUR:  # sharpness cannot be told on a page too dark or faint to show edges
        problems.append(QualityProblem("blurred", "fail"))
    if glare_box is not None:
        problems.append(QualityProblem("glare", "warn", bgr.to_original(glare_box)))
    return QualityResult(blur, float(hi), float(lo), glare, short_side, problems)


ADVICE = {
    # kind: (problem en, problem zh, advice en, advice zh)
    "small": ("too small to be judged (short side under {min} px)", "尺寸过小（短边不足 {min} 像素），无法判断",
              "Upload the original photo, not a thumbnail or a screenshot of it.",
              "请上传原图，不要上传缩略图或截图。"),
    "blurred": ("too blurred to be judged", "过于模糊，无法判断",
                "Retake it holding the phone still, and tap the document to focus.",
                "请重新拍摄：保持手机稳定，点击单据对焦。"),
    "dark": ("too dark to be judged", "过暗，无法判断",
             "Retake it in daylight or under a bright lamp.",
             "请在日光或明亮灯光下重新拍摄。"),
    "washed_out": ("washed out: the print has too little contrast to be judged", "过曝或对比度过低，字迹无法辨认",
                   "Retake it without the flash and out of direct sunlight.",
                   "请关闭闪光灯、避开阳光直射后重新拍摄。"),
    "glare": ("partly hidden by glare; what lies under it cannot be checked", "有反光，反光处的内容无法核对",
              "Tilt the phone or the document so no light reflects into the lens.",
              "请调整手机或单据角度，避免反光。"),
}
"""What each problem is called and what the merchant should do, in English and Chinese."""


def describe(problem: QualityProblem) -> dict[str, str]:
    """The message values of a LOW_QUALITY finding for ``problem``."""
    en, zh, advice, advice_zh = ADVICE[problem.kind]
    return {"problem": en.format(min=T.MIN_SHORT_SIDE), "problem_zh": zh.format(min=T.MIN_SHORT_SIDE),
            "advice": advice, "advice_zh": advice_zh}


def add_quality(a: Analysis) -> None:
    """The photo's quality metrics on its report, and each problem found as ``LOW_QUALITY``."""
    quality = measure_quality(a.ctx)
    a.report.quality = quality.metrics()
    for problem in quality.problems:
        a.report.findings.append(Finding.make(
            "LOW_QUALITY", severity=problem.severity, bbox=problem.bbox, **describe(problem)))


STAGE = Stage("quality", add_quality)
