"""Which way up the page stands. Each tuned number with the measurement that chose it."""

# --- orientation (checks/orientation.py) ----------------------------------------------------------
# Chosen on generated receipts and waybills (seed 90210, 24 images x 4 turns: 96 of 96 right) and
# checked, not tuned, on real-dev (all upright): 10 of 11 upright before ORIENT_TALL_AFTER_TURN was
# added for curved text (the seal close-up), which is a rule from what round seals are.
ORIENT_LONG_SIDE = 960
"""Working long side for orientation (the detector resizes to at least 736 on the short side)."""
# The quick look (ink bars) decides alone when one direction has ORIENT_BAR_RATIO times the bar
# length of the other and the vote is at least ORIENT_QUICK_MARGIN either way; chosen on seed 779
# (160 generated receipts, waybills and other pages): bars alone were right on 140 of 144 judged,
# and every error had a length ratio under 3; the detector settles the unclear ones.
ORIENT_BAR_RATIO = 3.0
ORIENT_QUICK_MARGIN = 0.4
ORIENT_QUICK_MIN_BARS = 6
"""...and only with this many bars or more: on a photo of a parcel on a scale the few bars are the
box's edges, its tape and the display as often as print. Measured 2026-12-07 on dev sets, not bench
seeds: of 440 generated weighing photos the quick look decided 46 turns, 19 right (16 upright
photos turned half round); the text lines alone are right on 41 of those 46. At 5 / 6 / 8 / 10 bars
the quick look plus the text lines gets 39 / 40 / 40 / 41 of them right; on 150 generated receipts,
waybills and other pages (seed 4243) 92 of 92 at each, 6 / 8 / 18 / 36 of them left to the text
lines (the slower path). 6: the smallest that takes nearly all the gain."""
ORIENT_MAX_VOTERS = 16
"""The longest bars the direction model votes on; the longest lines the recogniser votes on."""
# Detector at 640 px long side instead of its default (736 px short side): on seed 779, 151 of 151
# judged turns right either way, 255 instead of 541 ms median.
ORIENT_DET_SIDE = 640
"""The text detector runs at most this long side for orientation on a bare picture
(:func:`~evidencecheck.checks.orientation.detected_frames`); a photo's analysis uses the lines the
page read finds (PAGE_DET_LONG_SIDE, the same 640)."""
ORIENT_MIN_LINES = 3
"""Fewer detected text lines than this: the turn is not judged."""
ORIENT_TALL_SHARE = 0.5
"""More than this share of lines taller than wide: the page may be turned by a quarter."""
ORIENT_TALL_AFTER_TURN = 0.3
"""...and after a quarter turn at most this share may remain tall, else the text is curved, not turned."""
ORIENT_READ_FLIP = 0.0
"""The recogniser's length-weighted vote (-1 upright .. 1 upside down) above which the text lines
read better turned half round: the page is upside down. No margin either way: on the frames
measured (orientation._reading_vote) the vote was right on all, the nearest to 0 at 0.012."""
