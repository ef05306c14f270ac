"""The per-image analysis context: what several checks need, computed once and cached.

Checks ask the context for pixels at the resolution they work at; nothing decodes, resizes or
converts the same pixels twice. Coordinates at a working resolution map back to original pixels
with :meth:`Scaled.to_original`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import cv2
import numpy as np

from .. import thresholds as T
from ..ocr.base import region_detector_side, shifted
from .displays import Display, brightest, find_close_up_displays, find_displays, find_small_displays
from .display_regions import display_regions, find_region_displays, shipped_model
from .geometry import reading_stretch, rotate_box  # noqa: F401 - reading_stretch: re-exported
from .intake import DecodedImage
from .masks import text_area
from .screens import find_shown_photo


@dataclass(frozen=True)
class Scaled:
    """Pixels at a working resolution. ``scale`` = working pixels per original pixel (<= 1, but for
    :meth:`AnalysisContext.bgr_at`);
    ``k``: the pixels were turned upright by ``np.rot90(original, -k)`` (0 = as the file shows)."""

    pixels: np.ndarray
    scale: float
    k: int = 0

    def to_original(self, box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        """A working-resolution ``(x, y, w, h)`` box in original pixels (the file's frame)."""
        if self.k % 4:
            h, w = self.pixels.shape[:2]
            box = rotate_box(tuple(int(round(v)) for v in box), self.k, w, h)
        x, y, w, h = (float(v) / self.scale for v in box)
        return int(round(x)), int(round(y)), max(1, int(round(w))), max(1, int(round(h)))


class AnalysisContext:
    """Lazy, cached views of one decoded image. Safe to share between two threads (the pipeline's
    lanes): a copy is made once, under a lock, and a cached result that two threads compute at
    once is kept from the first (both are the same)."""

    def __init__(self, image: DecodedImage):
        self.image = image
        self._bgr: dict[int, Scaled] = {}
        self._enlarged: dict[int, Scaled] = {}
        self._displays: list[Display] | None = None
        self._gray: dict[int, Scaled] = {}
        self._upright: dict[tuple[int, bool, int], Scaled] = {}
        self.k = 0  # quarter turns the content is rotated by; set once the orientation check has looked
        self._cached: dict = {}
        self._copying = threading.RLock()  # making a working copy (a few ms): one thread at a time

    def cached(self, key, compute):
        """``compute()``, once per image and ``key``: a costly result two checks share (the
        barcodes of a copy, read before the kind is known and again by the tracking check)."""
        if key not in self._cached:
            self._cached.setdefault(key, compute())
        return self._cached[key]

    def set_rotation(self, k: int) -> None:
        """The content is ``np.rot90(upright, k)``: later checks get it turned back by :meth:`upright`."""
        self.k = k % 4

    def page_lines(self, engine, long_side: int, det_long_side: int | None = None,
                   channel: int | None = 2) -> tuple[Scaled, list]:
        """The text lines ``engine`` reads on the upright page at ``long_side`` (a smaller photo is
        enlarged to it: a chat app's 500 px copy of a waybill has print 5 px tall, which the
        detector misses), and the pixels they were read on (their boxes are in those pixels). Read
        on the red channel, where red seal ink is as light as paper and black print and blue pen
        stay dark (text under a seal went from 0.24 to 1.00 character accuracy). Only the part of
        the page with text on it is looked at (:func:`~evidencecheck.vision.masks.text_area`).
        ``det_long_side``: see
        :meth:`OcrEngine.read_page`. ``channel``: 2 (red) by default; None: the grey page, all
        of it (a scale's display, its light digits and their height not taken for print, and a
        green LED's digits, which are dark in red). Read once per engine, sizes, channel and turn;
        the lines found by an engine with a separate detector are :meth:`page_found`'s."""
        def read() -> tuple[Scaled, list]:
            plane, (x0, y0, x1, y1) = self._page_area(long_side, channel, self.k)
            if channel is not None and engine.separate_detector:
                _, _, quads = self.page_found(engine, long_side, det_long_side, channel=channel)
                lines = shifted(engine.read_lines(plane.pixels[y0:y1, x0:x1], quads, T.PAGE_MAX_LINES), x0, y0)
            else:
                lines = engine.read_region(plane.pixels, (x0, y0, x1 - x0, y1 - y0), self._det_side(det_long_side),
                                           T.PAGE_MAX_LINES)
            return plane, self._with_shown_photo(engine, plane, lines, long_side, det_long_side)

        return self.cached(("lines", engine.name, long_side, det_long_side, channel, self.k), read)

    def _with_shown_photo(self, engine, plane: Scaled, lines: list, long_side: int, det_long_side: int | None) -> list:
        """``lines`` (read on ``plane``) with those of the photo a screenshot shows
        (:meth:`shown_photo`) read again on the photo alone: a chat's thumbnail of a label is a third
        of the screen, its print 9 px tall, too small for the detector on the whole screen."""
        shown = self.shown_photo(engine, long_side, det_long_side)
        if shown is None:
            return lines
        h0, w0 = self.page(long_side, 0).pixels.shape[:2]
        x, y, bw, bh = rotate_box(shown, -plane.k, w0, h0)
        inside = shifted(engine.read_page(plane.pixels[y:y + bh, x:x + bw], det_long_side, T.PAGE_MAX_LINES), x, y)

        def within(line) -> bool:
            cx, cy = line.bbox[0] + line.bbox[2] / 2, line.bbox[1] + line.bbox[3] / 2
            return x <= cx < x + bw and y <= cy < y + bh

        return sorted([l for l in lines if not within(l)] + inside, key=lambda l: (l.bbox[1], l.bbox[0]))

    def shown_photo(self, engine, long_side: int, det_long_side: int | None) -> tuple[int, int, int, int] | None:
        """Where a screenshot shows a photo small enough to be worth reading on its own, ``(x, y, w,
        h)`` in the pixels of :meth:`page` (``long_side``) as the file stands (turn 0); None for
        any other picture. A screenshot is a picture with a phone's status bar (its clock read in
        the top strip) and a photo among flat furniture
        (:func:`~evidencecheck.vision.screens.find_shown_photo`) that the detector, at
        ``det_long_side`` on the photo alone, sees :data:`~evidencecheck.thresholds.SCREEN_CLOSER_GAIN`
        times larger or more than on the whole screen. Found once per image, before the
        orientation check: the photo may stand turned on an upright screen."""
        from ..text.cues import STATUS_BAR_SHARE, shows_status_bar

        def find() -> tuple[int, int, int, int] | None:
            if det_long_side is None:
                return None
            page = self.page(long_side, 0).pixels
            h, w = page.shape[:2]
            box = find_shown_photo(page)
            if box is None:
                return None
            page_scale = min(1.0, self._det_side(det_long_side) / max(h, w))
            if min(1.0, det_long_side / max(box[2], box[3])) < T.SCREEN_CLOSER_GAIN * page_scale:
                return None
            strip = np.ascontiguousarray(page[:max(1, round(STATUS_BAR_SHARE * h)), :, 2])
            side = region_detector_side(self._det_side(det_long_side), strip.shape, page.shape)
            return box if shows_status_bar(engine.read_page(strip, side, 8), h) else None

        return self.cached(("shown_photo", engine.name, long_side, det_long_side), find)

    def page_found(self, engine, long_side: int, det_long_side: int | None = None, k: int | None = None,
                   channel: int = 2) -> tuple[Scaled, tuple[int, int], list[np.ndarray]]:
        """Where the page read finds its lines before reading them (``engine`` with a separate
        detector): the page's ``channel`` (red by default) at ``long_side`` turned upright as if
        the content were turned by ``k`` (None: :attr:`k`), the origin (x, y) of its text area, and
        the lines' quadrilaterals in that area's pixels. Found once per turn: the orientation check
        judges the turn from these lines, and the page read reads them when the turn it settles on
        is one it looked at."""
        k = self.k if k is None else k % 4

        def find() -> tuple[Scaled, tuple[int, int], list[np.ndarray]]:
            plane, (x0, y0, x1, y1) = self._page_area(long_side, channel, k)
            crop = plane.pixels[y0:y1, x0:x1]
            side = region_detector_side(self._det_side(det_long_side), crop.shape, plane.pixels.shape)
            return plane, (x0, y0), engine.detect_lines(crop, side) if crop.size else []

        return self.cached(("found", engine.name, long_side, det_long_side, k, channel), find)

    def _det_side(self, det_long_side: int | None) -> int | None:
        """The detector's long side for the whole page: a frame longer than 4:3 gets more."""
        return None if det_long_side is None else round(det_long_side * reading_stretch(self.width, self.height))

    def _page_area(self, long_side: int, channel: int | None, k: int) -> tuple[Scaled, tuple[int, int, int, int]]:
        """The page plane the page read looks at (``channel`` of the upright page, or its grey) and
        the part of it looked at, (x0, y0, x1, y1): the text area on a colour channel, all of the
        grey page."""
        def area():
            up = self.page(long_side, k)
            if channel is None:
                plane = Scaled(cv2.cvtColor(up.pixels, cv2.COLOR_BGR2GRAY), up.scale, up.k)
                return plane, (0, 0, plane.pixels.shape[1], plane.pixels.shape[0])
            plane = Scaled(np.ascontiguousarray(up.pixels[:, :, channel]), up.scale, up.k)
            return plane, text_area(plane.pixels)  # the detector's time grows with the area it looks at

        return self.cached(("page_area", long_side, channel, k), area)

    def page(self, long_side: int, k: int | None = None) -> Scaled:
        """The upright BGR page the page read reads at nominal ``long_side``: that long, times
        :func:`reading_stretch` for a frame longer than 4:3, a smaller photo enlarged. ``k``: as
        for :meth:`upright`."""
        return self.upright(round(long_side * reading_stretch(self.width, self.height)), enlarge=True, k=k)

    def upright(self, long_side: int, enlarge: bool = False, k: int | None = None) -> Scaled:
        """BGR at most ``long_side`` long, turned upright; its boxes map back to the file's frame.
        ``enlarge``: exactly ``long_side`` long, a smaller photo enlarged (:meth:`bgr_at`). ``k``:
        turned as if the content were turned by ``k`` quarters (None: :attr:`k`, the turn found)."""
        k = self.k if k is None else k % 4
        key = (long_side, enlarge, k)
        with self._copying:
            if key not in self._upright:
                s = self.bgr_at(long_side) if enlarge else self.bgr(long_side)
                pixels = s.pixels if k == 0 else np.ascontiguousarray(np.rot90(s.pixels, -k))
                self._upright[key] = Scaled(pixels, s.scale, k)
            return self._upright[key]

    @property
    def upright_original(self) -> np.ndarray:
        """The decoded pixels (a large JPEG's at a half or less of its size) turned upright by the
        turn found (:attr:`k`): a view, nothing copied; the checks that read closely (seals, fields,
        printed and written numbers) cut from it."""
        return np.rot90(self.image.pixels, -self.k)

    def upright_full(self) -> np.ndarray:
        """The file's own pixels turned upright by the turn found: :attr:`upright_original`, but
        where the image was decoded smaller, decoded again in full (what is shown to people, such
        as a composed upload, keeps the photo's detail)."""
        return np.rot90(self.image.full_pixels(), -self.k)

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def bgr(self, long_side: int) -> Scaled:
        """BGR pixels whose long side is at most ``long_side`` (never upscaled), as the file shows them.
        As long as the file or longer: the file's own pixels, decoded again in full where the
        image was decoded smaller (their ``scale`` is then above 1)."""
        with self._copying:
            if long_side not in self._bgr and self.image.scale < 1.0 and long_side >= max(self.image.shown_size):
                self._bgr[long_side] = Scaled(self.image.full_pixels(), 1.0 / self.image.scale)
            if long_side not in self._bgr:
                src = self._source_of(long_side)
                small = _downscale(src.pixels, long_side)
                self._bgr[long_side] = Scaled(small.pixels, small.scale * src.scale)
            return self._bgr[long_side]

    def _source_of(self, long_side: int) -> Scaled:
        """The copy a copy ``long_side`` long is shrunk from (T.SHARED_COPY_LONG_SIDES): a larger
        working copy (640 -> 512 costs a fraction of 12 MP -> 512), or the decoded pixels."""
        if long_side >= T.WORKING_COPY_LONG_SIDE:
            return Scaled(self.image.pixels, 1.0)
        above = [s for s in T.SHARED_COPY_LONG_SIDES if s > long_side]
        if long_side in T.SHARED_COPY_LONG_SIDES or not above:
            return self.bgr(T.WORKING_COPY_LONG_SIDE)
        return self.bgr(min(above))

    def bgr_at(self, long_side: int) -> Scaled:
        """BGR pixels whose long side is ``long_side``: :meth:`bgr`, enlarged (bicubic) when the
        photo is smaller. For checks whose pixel sizes are set at that side (the display finder):
        a photo a chat app shrank to 640 px shows a display's strokes a pixel or two wide."""
        s = self.bgr(long_side)
        h, w = s.pixels.shape[:2]
        if max(h, w) >= long_side:
            return s
        with self._copying:
            if long_side not in self._enlarged:
                f = long_side / max(h, w)
                size = (max(1, round(w * f)), max(1, round(h * f)))
                self._enlarged[long_side] = Scaled(cv2.resize(s.pixels, size, interpolation=cv2.INTER_CUBIC), s.scale * f)
            return self._enlarged[long_side]

    def displays(self) -> list[Display]:
        """The display finder's rows (:func:`~evidencecheck.vision.displays.find_displays`) on the copy
        :meth:`bgr_at` makes at ``T.DISPLAY_LONG_SIDE``, best first; found once (the classifier's
        cues and the weight reader both use them)."""
        if self._displays is None:
            self._displays = find_displays(self.bgr_at(T.DISPLAY_LONG_SIDE).pixels)
        return self._displays

    def display_heat(self) -> np.ndarray | None:
        """How sure the display-region model is that each CELL x CELL cell of :meth:`bgr_at`'s copy
        at ``T.DISPLAY_LONG_SIDE`` lies inside a digital display (float32, 0..1,
        :func:`~evidencecheck.vision.display_regions.DisplayRegionModel.heat`); None when the model
        is not installed. Made once (~60 ms)."""
        def make() -> np.ndarray | None:
            model = shipped_model()
            return None if model is None else model.heat(self.bgr_at(T.DISPLAY_LONG_SIDE).pixels)
        return self.cached(("display_heat", T.DISPLAY_LONG_SIDE), make)

    def region_displays(self) -> list[Display]:
        """The rows found in the display regions of :meth:`display_heat`, each looked at again
        closer (:func:`~evidencecheck.vision.display_regions.find_region_displays`), in the pixels
        of :meth:`bgr_at`'s copy at ``T.DISPLAY_LONG_SIDE``, best first, of the
        T.DISPLAY_REGIONS_LOOKED surest regions; found once when asked (the weight reader asks
        when no other row gave a weight)."""
        def find() -> list[Display]:
            heat = self.display_heat()
            if heat is None:
                return []
            regions = display_regions(heat, T.DISPLAY_REGION_MIN_SCORE)[:T.DISPLAY_REGIONS_LOOKED]
            return find_region_displays(self.image.pixels, self.bgr_at(T.DISPLAY_LONG_SIDE).scale, regions,
                                        T.DISPLAY_REGION_DIGIT_PX, T.DISPLAY_REGION_PANEL_SHARE,
                                        T.DISPLAY_REGION_MAX_ZOOM)
        return self.cached(("region_displays", T.DISPLAY_LONG_SIDE), find)

    def brightest_displays(self) -> list[Display]:
        """The display finder's rows on the brightest channel
        (:func:`~evidencecheck.vision.displays.brightest`) of :meth:`bgr_at`'s copy at
        ``T.DISPLAY_LONG_SIDE``, best first, found once when asked (the weight reader asks when
        the rows on luma gave no weight)."""
        return self.cached(("brightest_displays", T.DISPLAY_LONG_SIDE), lambda: [
            replace(d, brightest=True) for d in find_displays(brightest(self.bgr_at(T.DISPLAY_LONG_SIDE).pixels))])

    def small_displays(self) -> list[Display]:
        """The rows of displays too small for :meth:`displays`
        (:func:`~evidencecheck.vision.displays.find_small_displays` on :meth:`bgr_at`'s copy at
        T.DISPLAY_SMALL_FACTOR times ``T.DISPLAY_LONG_SIDE``), in the finder's pixels, best first;
        found once when asked (0.3-0.5 s: the weight reader asks when no other row gave a weight)."""
        def find() -> list[Display]:
            big = self.bgr_at(T.DISPLAY_SMALL_FACTOR * T.DISPLAY_LONG_SIDE)
            return find_small_displays(big.pixels, self.bgr_at(T.DISPLAY_LONG_SIDE).scale / big.scale)
        return self.cached(("small_displays", T.DISPLAY_LONG_SIDE), find)

    def look_closer_for_displays(self) -> None:
        """When :meth:`displays` found no row, adds the rows of a display too large for the finder
        at its size (:func:`~evidencecheck.vision.displays.find_close_up_displays`, on a half-size
        copy: a quarter of the finder's time, ~24 ms)."""
        if not any(d.score >= T.WEIGHT_MIN_DISPLAY_SCORE for d in self.displays()):
            half = self.bgr_at(T.DISPLAY_LONG_SIDE // 2)
            closer = find_close_up_displays(half.pixels, self.bgr_at(T.DISPLAY_LONG_SIDE).scale / half.scale)
            self._displays = sorted(self._displays + closer, key=lambda d: -d.score)

    def gray(self, long_side: int) -> Scaled:
        """Luma (0..255, uint8) at the same resolution as :meth:`bgr`."""
        with self._copying:
            if long_side not in self._gray:
                s = self.bgr(long_side)
                self._gray[long_side] = Scaled(cv2.cvtColor(s.pixels, cv2.COLOR_BGR2GRAY), s.scale)
            return self._gray[long_side]

    def gray_at(self, long_side: int) -> Scaled:
        """Luma (0..255, uint8) of :meth:`bgr_at`: a smaller photo enlarged to ``long_side``."""
        def luma() -> Scaled:
            s = self.bgr_at(long_side)
            return Scaled(cv2.cvtColor(s.pixels, cv2.COLOR_BGR2GRAY), s.scale)

        return self.cached(("gray_at", long_side), luma)


def upright_height(box: tuple[int, int, int, int], k: int) -> int:
    """How tall the text line (or display row) ``box`` (x, y, w, h) stands once turned upright by
    ``k`` quarter turns: its height, or its width when it runs down the image."""
    return box[3] if k % 2 == 0 else box[2]


def line_window(box: tuple[int, int, int, int], k: int, along: float, across: float,
                shape: tuple[int, ...]) -> tuple[tuple[int, int, int, int], int]:
    """The window (x0, y0, x1, y1) of an image of ``shape`` around the text line ``box`` (the page
    stands upright after ``k`` quarter turns) with ``along`` line heights of room at its ends and
    ``across`` above and below, clipped to the image; and the line's upright height (px)."""
    x, y, w, h = box
    H, W = shape[:2]
    lh = upright_height(box, k)
    mx, my = (along * lh, across * lh) if k % 2 == 0 else (across * lh, along * lh)
    return (max(0, int(x - mx)), max(0, int(y - my)), min(W, int(x + w + mx)), min(H, int(y + h + my))), lh


def cut_line(original: np.ndarray, box: tuple[int, int, int, int], k: int, px: int, along: float,
             across: float) -> np.ndarray:
    """The text line ``box`` (original pixels; the page stands upright after ``k`` quarter turns)
    cut from ``original`` with ``along`` line heights of room at its ends and ``across`` above and
    below, turned upright and scaled so the cut is ``px`` tall: a closer read of one line."""
    (x0, y0, x1, y1), lh = line_window(box, k, along, across, original.shape)
    crop = np.rot90(original[y0:y1, x0:x1], -k) if k % 4 else original[y0:y1, x0:x1]
    f = px / max(1.0, lh + 2 * across * lh)
    return cv2.resize(np.ascontiguousarray(crop), None, fx=f, fy=f,
                      interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC)


def _downscale(pixels: np.ndarray, long_side: int) -> Scaled:
    h, w = pixels.shape[:2]
    scale = min(1.0, long_side / max(h, w))
    if scale >= 1.0:
        return Scaled(pixels, 1.0)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # INTER_AREA averages, which keeps thin strokes and does not alias print.
    return Scaled(cv2.resize(pixels, size, interpolation=cv2.INTER_AREA), scale)
