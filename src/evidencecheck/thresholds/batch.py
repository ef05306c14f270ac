"""The batch runner's time limit per image. Each tuned number with the measurement that chose it."""

# --- batch (batch/runner.py) ----------------------------------------------------------------------
BATCH_IMAGE_TIMEOUT_S = 120.0
"""Longest one image may take in a batch worker (s) before the analysis counts as hung: the worker
is ended, the image is tried once more alone, then reported as CHECK_FAILED. The slowest image
measured: a 108 MP (12000 x 9000) express receipt, 3.5 s in one single-threaded worker (intake 0.8 s,
seal 1.2 s); a waybill and a weighing photo of that size 1.1 and 1.5 s; 12 MP photos have a p95
under 2 s (bench). 120 s leaves a 30x margin for a slower or swapping machine and for a worker's
start (its models load with its first image)."""

WEIGHT_TEXT_CONFIDENCE = 0.5
WEIGHT_TEXT_LINES = 3
"""OCR's reading of a display (weight_text.py): page-read lines that parse as a number, read at
least this surely, the tallest WEIGHT_TEXT_LINES of them (a display's digits are the largest print
of a weighing photo; each costs a few recogniser calls). Not tuned: RapidOCR's score spreads
0.5-1.0 over read displays on dev seed 20261203 (80 weighing photos, not a bench seed)."""
WEIGHT_TEXT_PX = (48, 64, 32)
WEIGHT_TEXT_ALONG = 0.2
WEIGHT_TEXT_ACROSS = 0.15
"""The closer read cuts the line from the original with WEIGHT_TEXT_ALONG line heights of room at
its ends and WEIGHT_TEXT_ACROSS above and below, and reads it with the line 48 px tall (the
recogniser's own input height), then 64, then 32 until it reads the page read's digits. On dev seed
20261203: one size restored the point of 2923, 2671, 582, 1817 and 072 at 48 px but missed 0.426
and 2.793, which 64 or 32 read."""
WEIGHT_TEXT_WIDE = 0.6
"""... and once with WEIGHT_TEXT_WIDE line heights of room, which must not read more digits: a 1
standing apart at the row's end is not part of the detected line (a real luggage scale's 20.21 read
20.2 by both; with 0.6 room 2027, so it is left out)."""
WEIGHT_TEXT_BIG = 48
"""A line at least this tall (px) on the page read was read at full detail there: when the closer
read reads nothing (a slanted real LCD cut square, tune set: 14.13 read by the page read at 141 px,
nothing closer at any size), the page read's number with its point stands."""
