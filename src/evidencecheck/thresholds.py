"""Every tuned number of evidencecheck, each with the measurement that chose it.

Change a number here only with a new measurement, and update its note.
"""

# --- intake -------------------------------------------------------------------------------
MAX_PIXELS = 120_000_000
"""Largest image decoded, in pixels (width x height, checked from the header before decoding).
Covers 108 MP phone sensors; a 30000x30000 bomb (900 MP, 2.7 GB decoded) is refused.
Decoding 120 MP as 8-bit BGR takes 360 MB, which the batch workers can afford two at a time."""

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest file read at all. Phone photos are 1-15 MB; a 108 MP HEIC is under 40 MB."""

# --- working resolutions (long side, pixels) -----------------------------------------------
QUALITY_LONG_SIDE = 1600
"""The quality gate measures blur and exposure at this long side (smaller images as they are), so
that its numbers mean the same for a 2000 px and a 4000 px photo of the same page: at 1600 px an
A4 page's 10.5 pt body text is about 20 px high, the size OCR engines read best."""

# --- quality gate ---------------------------------------------------------------------------
MIN_SHORT_SIDE = 500
"""Images whose short side is under this many pixels are too small (the commercial waybill OCR
services ask for the same minimum)."""

# The values below were chosen by `python scripts/calibrate_quality.py` (see the README's
# "Quality gate" section for its output): synthetic pages were degraded step by step and read
# with Tesseract chi_sim; each threshold sits where character accuracy falls below
# OCR_READABLE_ACCURACY, at the level where the metric separates readable from unreadable pages
# with the fewest errors.
OCR_READABLE_ACCURACY = 0.5
"""A page whose characters Tesseract reads with less than this accuracy counts as unreadable."""

MAX_BLUR = 0.60
"""Largest no-reference blur score (0 sharp .. 1 flat) of an acceptable photo, at QUALITY_LONG_SIDE."""

MIN_PAPER_LUMA = 60.0
"""Smallest 95th-percentile luma (0..255) of an acceptable photo: below it the paper itself is dark."""

MIN_INK_CONTRAST = 45.0
"""Smallest luma spread between paper (95th percentile) and ink (1st percentile) of an acceptable photo:
below it the text is washed out (over-exposed) or drowned (too dark)."""

GLARE_MIN_AREA = 0.02
"""Share of the image covered by one blown-out highlight (all channels >= 250) on an otherwise
unsaturated photo before it counts as glare: smaller specks are reflections on plastic or a scale."""
