"""Decoding: the largest file and image read, and the working resolutions every check reads at.
Each tuned number with the measurement that chose it."""

from .case import DUPLICATE_LONG_SIDE
from .stamps import STAMP_LONG_SIDE
from .weight import DISPLAY_LONG_SIDE

# --- intake ---------------------------------------------------------------------------------------
MAX_PIXELS = 120_000_000
"""Largest image decoded, in pixels (width x height, checked from the header before decoding).
Covers 108 MP phone sensors; a 30000x30000 bomb (900 MP, 2.7 GB decoded) is refused.
Decoding 120 MP as 8-bit BGR takes 360 MB, which the batch workers can afford two at a time."""

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest file read at all. Phone photos are 1-15 MB; a 108 MP HEIC is under 40 MB."""

DECODE_MIN_LONG_SIDE = 2000
"""A JPEG is decoded at a half, a quarter or an eighth of its size (libjpeg's DCT scaling: a 12 MP
photo in 12-19 ms instead of 50, and every working copy shrunk from 3 MP instead of 12) when that
still leaves its long side at least this long, times :func:`~evidencecheck.vision.geometry.reading_stretch`
for a frame longer than 4:3. Every working copy (1600 px at most, the page read's 1280 px
stretched) is then shrunk from a larger one, and the close reads of a line, a field or a display
cut from pixels as fine as the generator's photos of 2000 px, which the checks read as well as its
4000 px ones (the measurement is in docs/speed.md). The one pass that wants the file's own pixels,
barcodes decoded on the original when the 1600 px copy gave none, and a composed upload,
which keeps the photo's detail, decode the file again in full."""

# --- working resolutions (long side, pixels) ------------------------------------------------------
QUALITY_LONG_SIDE = 1600
"""The quality gate measures blur and exposure at this long side (smaller images as they are), so
that its numbers mean the same for a 2000 px and a 4000 px photo of the same page: at 1600 px an
A4 page's 10.5 pt body text is about 20 px high, the size OCR engines read best."""
WORKING_COPY_LONG_SIDE = max(QUALITY_LONG_SIDE, STAMP_LONG_SIDE)
"""The largest resolution a check works at (the quality gate's and the seal finder's, 1600 px);
every smaller working copy is shrunk from it, directly or through a shared copy (below)."""
SHARED_COPY_LONG_SIDES = (DUPLICATE_LONG_SIDE, DISPLAY_LONG_SIDE)
"""Copies several checks read (the fingerprint's 640 px and the display finder's 1024 px), shrunk
from the working copy; any other smaller size is shrunk from the smallest of them above it (the
classifier's 512 px from the 640, the orientation's 960 from the 1024), else from the working
copy. A fixed rule, so that each copy has the same pixels whichever check asks first (two run at
once, see ``pipeline.Predictor``'s lanes), and the ones the checks had when they ran in turn."""
