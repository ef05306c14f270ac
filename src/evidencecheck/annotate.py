"""What evidencecheck found, drawn on the image: for a reviewer to see the reason at a glance.

Red stamps in red, fill-in fields coloured by their ink (handwritten green, printed orange, empty
grey), findings with a place in the colour of their severity, and a banner with the verdict, the
type, the tracking numbers and the weight read.
"""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .report import ImageReport

FIELD_COLOURS = {"handwritten": (30, 160, 60), "printed": (230, 130, 0), "empty": (140, 140, 140)}
SEVERITY_COLOURS = {"fail": (220, 30, 30), "warn": (230, 170, 0), "info": (40, 110, 220), "pass": (30, 160, 60)}
STAMP_COLOUR = (200, 0, 120)
LONG_SIDE = 1600  # annotated images are drawn at most this large (px)


def annotate(rgb: np.ndarray, report: ImageReport, long_side: int = LONG_SIDE) -> np.ndarray:
    """``rgb`` (the image as the report's boxes see it: EXIF-upright, uint8 RGB) scaled to at most
    ``long_side`` with the report drawn on it; RGB uint8."""
    h, w = rgb.shape[:2]
    f = min(1.0, long_side / max(h, w))
    # The boxes are in the pixels of the image as shown; ``rgb`` may be a smaller decode of it.
    to_report = w / report.width if report.width else 1.0
    return _draw(cv2.resize(rgb, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
                 if f < 1 else rgb, report, f * to_report)


def annotate_context(ctx, report: ImageReport, long_side: int = LONG_SIDE) -> np.ndarray:
    """:func:`annotate` of the image an :class:`~evidencecheck.vision.context.AnalysisContext`
    analysed, drawn on the context's own copy at ``long_side``, so a 12 MP photo is neither copied
    whole nor shrunk again. At the quality gate's 1600 px these are the pixels :func:`annotate`
    makes; at a smaller side the copy is shrunk from that one (a grey level off at sharp edges)."""
    s = ctx.bgr(long_side)
    return _draw(np.ascontiguousarray(s.pixels[:, :, ::-1]), report, s.scale * ctx.image.scale)


def _draw(rgb: np.ndarray, report: ImageReport, f: float) -> np.ndarray:
    """The report drawn on ``rgb``, which shows the original at ``f`` pixels per original pixel."""
    from .synth.fonts import font

    im = Image.fromarray(rgb)
    d = ImageDraw.Draw(im)
    line = max(2, round(max(im.size) / 400))
    small = font("noto_sans", max(14, round(max(im.size) / 60)))

    placed: list[tuple[float, float, float, float]] = []  # labels drawn so far: none may cover another

    def box(b, colour, label="", below=False):
        x, y, bw, bh = (v * f for v in b)
        d.rectangle((x, y, x + bw, y + bh), outline=colour, width=line)
        if label:  # what a box is, above it; a finding's code below (a stamp's box may carry both)
            spots = [((x, y + bh + 2), "lt"), ((x, max(0, y - 2)), "lb"), ((x + line + 2, y + line + 2), "lt")]
            spots = spots if below else spots[1:] + spots[:1]
            for xy, anchor in spots:
                rect = d.textbbox(xy, label, font=small, anchor=anchor)
                if not any(rect[0] < q[2] and q[0] < rect[2] and rect[1] < q[3] and q[1] < rect[3] for q in placed):
                    break
            placed.append(rect)
            d.rectangle(rect, fill=(255, 255, 255))  # legible over print and photo alike
            d.text(xy, label, font=small, fill=colour, anchor=anchor)

    for fld in report.fields:
        # A table's cells say their field once, over the column's first row; the colour says each state.
        first = fld.row is None or fld.row == min(g.row for g in report.fields if g.name == fld.name and g.row is not None)
        box(fld.bbox, FIELD_COLOURS.get(fld.state, (0, 0, 0)), f"{fld.name}: {fld.state}" if first else "")
    for st in report.stamps:
        box(st.bbox, STAMP_COLOUR, f"stamp {st.carrier or '?'}")
    for fd in report.findings:
        if fd.bbox is not None:
            box(fd.bbox, SEVERITY_COLOURS.get(fd.severity, (0, 0, 0)), fd.code, below=True)
    banner = [report.verdict.upper(), report.doc_type or "unreadable"]
    if report.tracking_numbers:
        banner.append("tracking " + ", ".join(report.tracking_numbers))
    if report.weight_kg is not None:
        banner.append(f"weight {report.weight_kg:g} kg")
    codes = sorted({fd.code for fd in report.findings if fd.severity in ("warn", "fail")})
    if codes:
        banner.append(" ".join(codes))
    text = " · ".join(banner)
    bar = round(small.size * 1.6)
    d.rectangle((0, 0, im.size[0], bar), fill=SEVERITY_COLOURS.get(report.verdict, (0, 0, 0)))
    d.text((line * 2, bar // 2), text, font=small, fill=(255, 255, 255), anchor="lm")
    return np.asarray(im)


def annotate_file(report: ImageReport, pixels_bgr: np.ndarray, out_path, long_side: int = LONG_SIDE) -> None:
    """Write the annotated image of ``report`` (its EXIF-upright BGR pixels) to ``out_path`` as JPEG."""
    Image.fromarray(annotate(np.ascontiguousarray(pixels_bgr[:, :, ::-1]), report, long_side)).save(
        out_path, "JPEG", quality=85)


def annotate_case(case, out_dir) -> list[Path]:
    """Each readable image of ``case`` (a CaseReport) drawn with what was found, into ``out_dir``
    as ``NN_name.jpg`` (NN its place in the case; the name cleaned of path and odd characters)."""
    from .errors import ImageDecodeError
    from .vision.intake import read_image

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for n, img in enumerate(case.images, 1):
        if img.sha256 is None:
            continue
        try:
            pixels = read_image(img.path)[1].pixels
        except ImageDecodeError:  # changed since it was checked
            continue
        name = re.sub(r"[^\w.-]+", "_", Path(img.path).stem)[:60]
        path = out / f"{n:02d}_{name}.jpg"
        annotate_file(img, pixels, path)
        written.append(path)
    return written
