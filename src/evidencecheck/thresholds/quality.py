"""The quality gate: blur, exposure, glare, size. Each tuned number with the measurement that chose
it."""

# --- quality gate ---------------------------------------------------------------------------------
MIN_SHORT_SIDE = 500
"""Images whose short side is under this many pixels are too small (the commercial waybill OCR
services ask for the same minimum)."""

# The values below were chosen by `.venv/bin/python scripts/calibrate_quality.py` (seed 9001,
# 2 pages; output in docs/checks.md, "Quality gate"): synthetic pages at the working
# resolution were degraded step by step (defocus, camera shake, under- and over-exposure, then
# noise and JPEG 80) and read with RapidOCR; each threshold is the cut on its metric that best
# separates readable pages (character accuracy >= OCR_READABLE_ACCURACY) from unreadable ones.
# RapidOCR reads far into the dark and the faint, so these gates only stop photos that even the
# best reader here cannot use.
OCR_READABLE_ACCURACY = 0.5
"""A page whose characters RapidOCR reads with less than this accuracy counts as unreadable."""

MAX_BLUR = 0.81
"""Largest no-reference blur score (0 sharp .. 1 flat) of an acceptable photo, at QUALITY_LONG_SIDE.
Measured: 0.809, 5 errors in 32; all 5 are camera shake of 13-25 px that RapidOCR could not read
but that scored 0.42-0.59, so shake is under-detected (defocus is separated without error)."""

MIN_PAPER_LUMA = 22.0
"""Smallest 95th-percentile luma (0..255) of an acceptable photo: below it the paper itself is dark.
Measured: 22.0, no error in 14 (pages with paper at 26 read, at 18 not)."""

MIN_INK_CONTRAST = 18.0
"""Smallest luma spread between paper (95th percentile) and ink (1st percentile) of an acceptable photo:
below it the text is washed out (over-exposed) or drowned (too dark). Measured: 18.0, 1 error in 28
(a page at spread 12 was read by RapidOCR on one of the two pages)."""

GLARE_MIN_AREA = 0.02
"""Share of the image covered by one blown-out highlight (all channels >= 250) on an otherwise
unsaturated photo before it counts as glare: smaller specks are reflections on plastic or a scale."""

# Set from first principles, not tuned on any image:
BLUR_MIN_EDGE_GRADIENT = 40.0
"""Sobel magnitude (grey levels x 4) that counts as structure for the blur score: a 10-level step."""

GLARE_PAPER_AROUND = (170.0, 235.0)
"""Median luma (0..255) of the paper around a highlight for it to count as glare: above the low end
it sits on paper (desks and boxes are darker); below the high end it stands out from that paper
(paper lit to near white that clips in places is a bright exposure, not a reflection)."""

GLARE_INK_VISIBLE = 0.005
"""Share of dark pixels (luma < 128) inside a bright area above which its print is still visible, so
it hides nothing: a printed page has 3-10% ink; a glare that hides it leaves well under 0.5%."""

GLARE_PAGE_HOLES = 0.03
"""Share of the area inside a bright area's outline left out of it (unsaturated, however light)
above which it is a page blown out around its print, not a reflection: the low end of a printed
page's ink (GLARE_INK_VISIBLE's 3-10%). A screenshot's small white page prints in grey, under the
dark test (fresh bench seed 1796626500 #112: a receipt shown in a phone's viewer, 8% held, was
told to be hidden by glare)."""
