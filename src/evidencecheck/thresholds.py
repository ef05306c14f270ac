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

# The values below were chosen by `.venv/bin/python scripts/calibrate_quality.py` (seed 9001,
# 2 pages; output in the README's "Quality gate" section): synthetic pages at the working
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

# --- classification ------------------------------------------------------------------------------
CLASSIFY_LONG_SIDE = 512
"""The classifier's cues are computed at this long side: enough for layout and colour, and cheap
(about 25 ms a photo here, once the 1600 px copy exists)."""

# --- orientation (orientation.py) --------------------------------------------------------------
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
ORIENT_MAX_VOTERS = 16
"""The longest bars the direction model votes on."""
# Detector at 640 px long side instead of its default (736 px short side): on seed 779, 151 of 151
# judged turns right either way, 255 instead of 541 ms median.
ORIENT_DET_SIDE = 640
"""The text detector runs at most this long side for orientation (None: its default, 736 px short side)."""
ORIENT_MIN_LINES = 3
"""Fewer detected text lines than this: the turn is not judged."""
ORIENT_TALL_SHARE = 0.5
"""More than this share of lines taller than wide: the page may be turned by a quarter."""
ORIENT_TALL_AFTER_TURN = 0.3
"""...and after a quarter turn at most this share may remain tall, else the text is curved, not turned."""
ORIENT_FLIP_VOTE = 0.2
"""Length-weighted vote (-1 upright .. 1 upside down) above which the page is upside down."""

# --- red stamps (stamps.py), on a white-balanced image about 1600 px long ------------------------
STAMP_LONG_SIDE = 1600
"""Stamps are looked for on the upright image at this long side, and read from the original pixels."""
SEALS_READ = 4
"""At most this many seals per image are read (best first); the rest are reported unread."""
PAGE_OCR_LONG_SIDE = 1280
"""The page OCR (document carrier, fields) reads the upright red channel at this long side."""
PAGE_DET_LONG_SIDE = 640
"""... and finds its lines on a copy this long (the detector is most of the OCR's time; lines are
still read at PAGE_OCR_LONG_SIDE). Seed 786, 100 receipts, field state through the finder, with
the model of f9f7910: 0.984 with lines found at 960 and at 640 (detector ~530 -> ~230 ms a page)."""
PAGE_MAX_LINES = 64
"""... and reads at most this many of them, the tallest (the recogniser's time grows with the lines:
a real blank EMS paper waybill has 92, a VAT invoice 60-77, a generated delivery proof 14-17;
the cap bounds a dense page's read while every proof's line is read). The kind's text cues need
the titles and labels, which are the tallest print."""
TEXT_AREA_DEPTH = 20
"""Ink for :func:`~evidencecheck.masks.text_area`: this many grey levels darker than around it
(as the orientation's ink bars)."""
TEXT_AREA_MIN_HEIGHT = 6
"""... in bars at least this many pixels high (thinner ones are printed lines or specks)..."""
TEXT_AREA_MAX_RATIO = 40
"""... and at most this many times as long as high: a line of Chinese print is about as many times
as it has characters; the edge of the paper or its shadow runs the page's width at 10-14 px
(ratio 55-80 on the bench's photos of seed 796772835, which took 0.8-0.9 of the page for text)."""
TEXT_AREA_MARGIN = 0.05
"""... grown by this share of the long side (64 px on the 1280 px page, two or three lines of a
form's print), so a word the bars missed at the edge is still looked at. 0.025 saved ~20 ms but
moved the lines' boxes enough to cost fields: seed 786 field state 0.984 -> 0.978, seed 787
0.980 -> 0.977."""
# Red ink, HSV rule (OpenCV: H 0..179, S and V 0..255) ...
RED_HUE_MAX = 12
RED_HUE_MIN = 160
RED_MIN_SAT = 35
RED_MIN_VALUE = 70
# ... confirmed in Lab against the paper: a* at least this far above the paper's, and b* between
# RED_MIN_B_PER_A and RED_MAX_B_PER_A percent of a*: blue ballpoint (a* ~ +29, b* ~ -55) and
# purple fall below, cardboard (b*/a* ~ 3.5) and skin (~ 1.5) above. Measured on seed 781: seal
# ink's a* is 13..44 above the paper (faded ones 13..26), b*/a* 0.05..0.5.
RED_MIN_A_ABOVE_PAPER = 10
RED_MIN_B_PER_A = -20
RED_MAX_B_PER_A = 100
STAMP_JOIN = 0.006
"""Closing kernel, share of the long side: joins a seal's characters and ring (10 px at 1600)."""
STAMP_MIN_DIAMETER = 0.03
"""Smallest seal, share of the long side (48 px at 1600; a 40 mm seal on a page filling a third of the frame)."""
STAMP_MAX_DIAMETER = 0.6
"""Largest seal, share of the long side (a close-up of one seal fills about that)."""
STAMP_RULE_LENGTH = 0.06
"""Straight red runs longer than this (share of the long side, 96 px at 1600) are rules, not seal ink;
a seal's ring runs straight for less (its flat top on a 40 mm oval, about 50 px at 1600); where a rule
crosses a seal, the pieces left are judged together again."""
STAMP_RULE_SHARE = 0.95
"""A blob that loses more than 5% of its ink to rule removal has rules through it."""
STAMP_BORDER_SAMPLES = 96
STAMP_RING_DEPTH = 0.15
"""How far inside the fitted outline (share of the half axis) the border ink may lie."""
STAMP_MIN_BORDER = 0.8
STAMP_MIN_RECT_BORDER = 0.9
"""Share of the outline that must be inked for a seal (ellipses; rectangles, common in any scene,
must be framed more completely). Chosen on seeds 781 and 782 (300 generated images): true seals'
borders had 2nd percentile 0.85 (one faded seal 0.65), red things that are not seals at most 0.75."""
STAMP_MIN_SEEN = 0.6
"""At least this share of a seal's outline must be free of dark print over it to be judged."""
STAMP_DARK_PRINT = 60
"""Grey levels below the neighbourhood that make a pixel dark print (which hides red ink under it)."""
STAMP_RECT_MARGIN = 0.1
"""A rectangle must cover this much more of its border than the ellipse to be called rect."""
STAMP_ROUND_RATIO = 0.85
"""Minor / major axis at or above which a seal is round, below oval."""
STAMP_MIN_AXIS_RATIO = 0.4
STAMP_MIN_FILL = 0.08
STAMP_MAX_FILL = 0.7
"""Share of the outline's inside that is ink: a seal is a border and text, not solid, not empty."""
STAMP_MAX_PAPER_CHANGE = 25.0
"""Largest colour difference (Delta E 76) between the ground inside a seal's outline (ink and print
left out) and just outside it: a seal is ink on the page, which shows through unchanged. Seeds
781-783 and 786 (generated): 302 true seals at most 10.1 (99th percentile 6.1); the 7 red things
taken for seals on 400 images of seed 786, reddish scale bodies and red scenes, 3.7 and 48.7-115."""
RED_TOLERANT = (18, 25, 140)
STAMP_TOLERANT_CLOSE = 3
STAMP_OFF_PAGE = 0.5
"""The tolerant search, run only on an express receipt where no seal was found (there a missed
seal rejects the proof): red ink with hue up to 18, saturation from 25 and b* up to 140% of a*
(pale and orange-faded seal ink), closed over gaps this many px wide, and pixels darker than this
share of the paper's grey (background beyond the page's edge) counted, like print, as hiding the
ring. On the generated receipts of seeds 781-786 (calibration): the first search missed 4 sealed
ones, all faded; the tolerant one found 4 of 4 and no seal on any of 135 receipts without one
(hue 12 / sat 35 / b* 140: 3; hue 12 / sat 25 / b* 100: 2; hue 18 / sat 35 / b* 100: 0).
Elsewhere it would not do: on seeds 781-785, ink grown by 3 px for the outline test put seals on 2
of 325 unsealed images (a waybill on a box, a hanging scale), the off-page rule on 7 (scales)."""
STAMP_SPLIT_BELOW = 0.9
"""A blob whose single outline is inked less than this is also tried as several circles."""

# --- seal text (seal_text.py) and company matching (carriers.py) --------------------------------
SEAL_RING_DEFAULT = 0.92
"""Where a seal's border ring ends inward (share of the minor half axis) when no ring shows."""
SEAL_RING_GAP = 0.05
SEAL_TEXT_DEPTH = 0.41
"""The company name's band: starting this far inside the ring's inner edge, this deep (shares of
the minor half axis). Oval seals have rings as thick as 0.13 of it, so the band follows the ring.
Chosen on the 200 stamped receipts of seed 784, carrier right (strips still from a*): depth 0.37
with a gap of 0 / 0.03: 136 / 161; gap 0.03 with depth 0.33 / 0.37 / 0.41: 154 / 161 / 164; depth
0.41 with gap 0.05 / 0.07: 167 / 166; depth 0.45, gap 0.05: 163. Seed 785 confirmed."""
SEAL_SPAN_DEPTH = 0.14
"""The outer part of the band searched for the name's stretch: the bottom line does not reach it."""
SEAL_NAME_GAP = 16
"""Gaps along the band narrower than this (degrees) lie between two characters of the name.
Seed 784, carrier right (measured on a fixed band, 0.86-0.72, before the band followed the ring):
10 degrees 143, 16: 161, 22: 160, 28: 159 (larger gaps merge the bottom line in)."""
SEAL_SPAN_PAD = 3
"""Degrees added at each end of the name's stretch."""
SEAL_BLACK_GATE = (0.5, 25.0)
SEAL_BLACK_GROW = 3
"""A pixel whose darkening in the red channel exceeds this share of its darkening in the green
channel plus this many grey levels is black print, not red ink (red ink barely darkens red); the
soft redness stands in there and in a square this many px wide round it. Seal strips of the
stamped receipts of seed 784 (200), carrier right (never wrong): redness (a*) 167; green channel
with black print blanked 183 (gate offset 15 / 25 / 40 with a 3 px grow: 175 / 181 / 184);
redness standing in 194. Seeds 784 and 785 together (400), read or not: blanked 364, redness
standing in with no grow 371, 3 px 380, 5 px 381."""
SEAL_STRIP_TRIES = ((0.0, 1.0), (40.0, 1.0), (0.0, 0.75), (40.0, 0.75))
"""Strips tried in turn until one names a carrier clearly: (degrees added to the name's stretch,
horizontal squeeze). On the 191 stamped receipts of seeds 781-783 (RapidOCR, CTC; strips as
before the band followed the ring): the first alone 120 right / 1 wrong / 70 unread; the first
two 129 / 1 / 61; all four 138 / 2 / 51."""
COMPANY_CLEAR = {"edits": (-0.35, 1), "ctc": (-3.0, 1.0)}
"""A company match is reported when its score is at least the first number and it leads the next
carrier by the second. ``edits``: at most 0.35 edits per character, one edit ahead. ``ctc``
(log-probability per character): chosen on the 66 stamped receipts of seeds 781 and 782 read by
RapidOCR: the true carrier ranked first on 59; with (-3, 1.0) 48 right, 0 wrong, 18 left unread;
(-3, 0.5) gave 49 right and 1 wrong. Rechecked after the strips changed (400 stamped receipts of
seeds 784-785): (-3, 1.0) 380 right / 0 wrong, (-3.5, 0.75) 386 / 0; kept, for its margin against
a wrong carrier. Fresh bench seeds 280868036 and 701760610: 96.4% and 92.8% right, none wrong."""

# --- seven-segment displays (displays.py) -----------------------------------------------------
DISPLAY_LONG_SIDE = 1024
"""The display finder's working long side (px); sizes below are at this side and scale with it."""
DISPLAY_STROKE_KERNEL = 21
"""Black-hat kernel (px): strokes up to this wide count; 20 px is a digit about 180 px tall."""
DISPLAY_MIN_CONTRAST = 35
"""Stroke depth (grey levels) against the panel to count as ink."""
DISPLAY_MIN_DIGIT_PX = 8
"""Shortest digit read (px): below it the segments run together."""
DISPLAY_SEGMENT_ON = 0.4
"""A segment is lit when this share of its zone is ink."""
DISPLAY_HOLE_INK = 0.25
"""A digit box with more ink than this share in either counter of an 8 is no seven-segment digit.
Seed 786, all three closings: other images with a row scoring > 0.3, 19 of 80 (Chinese characters
in chat bubbles read as rows of 8s) -> 0 of 80; weighing photos found 68 -> 68 of 100."""
DISPLAY_FRAME_DELTA = 20
"""Colour distance (Lab, Delta E 76) between a display's panel and what lies beyond it."""
DISPLAY_CLOSINGS = ((3, 0.02), (1, 0.0), (2, 0.008))
"""Closings tried, each (square kernel px that bridges the hairline gaps between one digit's
segments, vertical closing as a share of the short side that joins its upper and lower segments).
One closing fits one range of digit sizes: (3, 0.02) alone ran digits under ~15 px into each
other and into the panel's edge. Calibration seed 786 (100 weighing photos, 80 other images, at
1024 px): the best row lies on the true display with score > 0.3 on 38 of 100 with (3, 0.02)
alone, 66 with all three; other images with a row scoring > 0.2: 2 -> 5 of 80 (none > 0.3, with
DISPLAY_HOLE_INK); 18 -> 41 ms per image. Rows are also looked for down the image (a photo turned
a quarter; a row of nothing but 1s, which grid lines make, does not count): 66 -> 74 of 100, other
images > 0.3 still 0 of 80, 53 -> 83 ms per image (this machine, under load). Tried and dropped:
the brightest channel instead of grey (51 of 100); a frame counting half rather than all of the
score (42 of 80 other images > 0.3)."""
DISPLAY_MAX_DIGIT_WIDTH = 1.5
"""A digit's box is at most this many times as wide as tall: an upright digit is 0.55 of its height
plus its forward lean (up to 0.15), and a display seen at a steep angle is foreshortened to half
its height (the generator's SQUAT_RANGE), so 0.7 / 0.5 = 1.4."""
DISPLAY_MAX_LEAN = 0.5
"""Most forward lean of a display's digits (x per unit of height): the face's own italic (up to 0.15)
plus the shear of a display seen from the side and turned in the picture (the generator's
OBLIQUE_LEAN reaches 0.45). A row is also read at its own measured lean, and leaning digits' boxes
may overlap by this share of their height. With the squat width above, calibration seed 789 (80
weighing photos of the generator that draws squat and leaning displays): the best row on the
display for squat ones 16 -> 26 of 34 (all digits read 5 -> 11), upright ones 41 -> 41 of 46;
seed 786, the first 200 images of other kinds: rows scoring > 0.3 one waybill before and after,
> 0.2 two before, three after."""
DISPLAY_POINT_WIDTH = 0.35
"""At most this share of a digit's height of columns at its right, inked only at its foot, is a
decimal point joined to it and cut off before reading (the generator's point is 0.14 digit
heights across; blur and the closing widen it)."""
DISPLAY_DOT_PX = 8
"""Solid round blobs up to this size (px at the working side) are decimal points, taken out
before the closings join a digit's segments (a digit 60 px tall has a point about 8 px across)."""
DISPLAY_MAX_DIGITS = 8
"""Rows of more digit-like shapes than this are print, not a scale's reading."""


# --- display panels (panels.py) ----------------------------------------------------------------
PANEL_CANNY = (40, 100)
"""Canny thresholds (grey levels) of the edges that outline a panel and its digits."""
PANEL_MIN_SIDE_PX = 8
PANEL_MAX_SHARE = 0.6
PANEL_ASPECT = (1.3, 10.0)
PANEL_FILL = 0.85
PANEL_DIGIT_SHARE = (0.3, 0.95)
"""A panel (sizes at the finder's 1024 px side): its short side at least PANEL_MIN_SIDE_PX, at most
PANEL_MAX_SHARE of the image either way, long side PANEL_ASPECT times its short one, filling
PANEL_FILL of its box once its holes are filled, and holding holes PANEL_DIGIT_SHARE of its short
side tall (the generator's digits are 0.59 of the panel's height). Seed 792 at 1024 px: the true
panel among the candidates on 52 of 80 weighing photos, 8 of the 15 where the finder saw no
display; 1.2 candidates a photo, 10 ms."""


# --- tracking numbers (tracking.py) -----------------------------------------------------------
TRACKING_PASSES = ((1600, (0, 30, 60, 120, 150)), (100_000, (0,)))
"""Where barcodes are decoded, in turn, until one gives a valid number: (long side in px, 100000
being the original; turns in degrees tried in that order). zxing reads bars within about 15
degrees of across or down (it tries quarter turns itself); turning the original costs ~100 ms a
turn, so it is read as it stands. Calibration seed 786, 60 waybill photos (every one read right,
none wrong, carrier right on all): (2048 then original) 103 ms median; (original) 46 ms; (1600
then original) 18 ms. Labels on the parcels in its weighing photos are read on none of 17 (their
bars are under 2 px in the original), 23 ms median with the original as it stands, 718 ms when it
is also turned."""
TRACKING_NEAR = 2
"""Two decoded numbers of one length differing in at most this many Code128 symbols (a symbol is
a pair of digits, or one other character: tracking.symbols_apart) are one label misread (see
tracking._misreads), as is a printed number that far from its barcode's; numbers further apart
are two labels. Two is what a Code128 can carry wrong past its mod-103 check. Counted in characters
until bench seed 922504441 decoded a YTO label's number with two digit pairs (four digits) wrong."""
TRACKING_PASSES_PARCEL = ((1600, (0,)),)
"""Passes for the label on a parcel in a weighing photo: the 1600 px copy as it stands. The
generator's parcel labels have bars under 2 px even in the original (none of 17 read on seed 786
at any size), so this cannot be measured on generated data; on 12 MP photos the original costs
~125-175 ms, the 1600 px copy ~8 ms, and the weight reader shares the 300 ms budget."""
TRACKING_PRINT_BELOW = 0.5
TRACKING_PRINT_STRIP_PX = 80
"""The digits printed under a Code128 barcode are read in the strip TRACKING_PRINT_BELOW of the
barcode's height under it (the generator prints them 0.2 below, 0.25 tall), on a copy at most
TRACKING_PRINT_STRIP_PX tall."""

TRACKING_REREAD_PX = (48, 32)
TRACKING_REREAD_ROOM = 0.3
"""A number read by OCR alone (no barcode gave one) is read again from the original, its line cut
with TRACKING_REREAD_ROOM line heights of room around it and brought to each height in turn (px;
48 is the recogniser's input height) until the closer read holds the same number."""

# --- pasted seals (forensics.py) -------------------------------------------------------------
PASTE_MIN_SOLID = 0.3
"""A seal whose ink is this solid (share of its ink pixels as dark against the paper as print,
dark_print) looks pasted. Seeds 781-783 (191 stamped receipts, generated): pressed seals at most
0.22 (98th percentile 0.15), pasted ones 0.08-0.63 (5th percentile 0.39)."""
PASTE_MIN_INK_PX = 200
"""Fewer seal ink pixels than this: too little to judge."""


# --- fill-in fields (fields.py, field_ink.py) ---------------------------------------------------
# Chosen on the 100 receipts of calibration seed 786 (their page OCR cached once), looking at the
# misplaced boxes: with the values below all 500 fields are found and 498 overlap their truth box
# by IoU >= 0.3. On the way: lines found only as single-row runs missed every blank of a page
# shot askew (131 of 150 on the first 30 receipts); a 6%-of-width minimum took strokes of print
# for blanks; a closing of the runs joined a sentence's two blanks through the 由 between them;
# a rule below the label's box middle missed blanks on pages tilted by 7 degrees.
FIELD_INK_DEPTH = 25
"""Ink is this many grey levels darker (red channel) than the mean of its neighbourhood."""
FIELD_RULE_MIN = 0.1
"""A blank's line is at least this share of the page's width long."""
FIELD_RULE_TILT = 0.18
"""A line may climb this much per unit of its length (about 10 degrees: a page photographed at a
slant, or turned a little on the desk)."""
FIELD_RULE_THICKNESS = 6
"""A printed line's thickness (px, the median over its columns) after it is thickened by 2 px:
a 1-3 px line; a row of print is thicker."""
FIELD_RULE_BELOW = 1.0
"""A label's blank line lies at most this many label heights below the label's bottom."""
FIELD_ABOVE = 1.5
FIELD_BELOW = 0.35
"""A field is the band from FIELD_ABOVE label heights above its line to FIELD_BELOW below it."""
FIELD_MIN_BAND = 0.6
FIELD_CEILING_REACH = 3.0
FIELD_CEILING_GAP = 0.2
FIELD_UNDER_LINE = 0.2
"""Only the field's own ink is judged. A line FIELD_MIN_BAND to FIELD_CEILING_REACH text heights
above the field's own (nearer, it is the blank drawn double) is the cell's top or the row above's
blank: the field reaches up to FIELD_CEILING_GAP heights under it (clear of its thickness), and on a
tilted page what lies above it is blanked out; so is what lies more than FIELD_UNDER_LINE heights
under the field's own line (the next row's writing; a hand's strokes through the line stay).
Set from the generator's layouts (rows 1.1-2.5 text heights apart) and the finder's crops (seed
786), not tuned on a score."""
FIELD_CELL_MARGIN = 0.3
"""A table cell's field stands this many text heights inside the column lines, clear of their
thickness and of a photo's tilt over the cell's height (a 2-3 px line on a 25-40 px text height)."""
FIELD_NO_RULE_LENGTH = 8.0
"""A label with no line beside it: its field is this many label heights of the row after it."""
FIELD_SENTENCE_ROWS = 7.0
"""A sentence with blanks in it spans at most this many label heights down the page."""
FIELD_FULLY_PRINTED_MIN = 2
"""FULLY_PRINTED needs at least this many fields with content, most of them judged printed: one
printed field alone (an outlet name some forms come with) does not make a proof fully printed."""
FIELD_HANDWRITING_SURE = 0.95
"""... and none judged handwritten with at least this probability: one blank clearly written by
hand clears the proof, a blank the model is unsure of does not. Calibration seeds 786 and 787
(400 generated receipts, finder + model, never the bench's): on all 333 receipts written by hand
the surest handwritten field had 0.995 or more; on the 67 fully printed ones it was under 0.95 on
64 (the all-printed rule alone found 58: Kai-style print read as handwriting in one field)."""

# --- scale weight (scale.py) ------------------------------------------------------------------
WEIGHT_MIN_DISPLAY_SCORE = 0.1
"""Rows the display finder scores at least this are read on a weighing photo: the second look and
its checks decide. Calibration seed 789 (80 weighing photos): 0.3 -> 0.1, exact 40 -> 43, wrong
0 -> 0."""
WEIGHT_CANDIDATES = 3
"""At most this many display-like rows are tried, best first; the first read surely is the weight."""
WEIGHT_PANELS = 3
WEIGHT_CHECK_DIGIT_PX = 36
"""When the finder's rows give no weight, at most WEIGHT_PANELS display panels (panels.py) are
read; having no first look from the finder, each is first read with its digits
WEIGHT_CHECK_DIGIT_PX tall, and the reading at the usual size must contain that one. Seeds 789,
792-794 (320 weighing photos; 794 from the generator with upright displays), exact: finder rows
only 202; with panels from grey edges 223; grey and colour edges apart, 2 panels 227, 3 228, 4 229;
none wrong. With the panel's two looks required to read the same digits (bench seed 399083121 had
shown 19.27 upside down as 1.261 from a panel whose first look read 126): 226."""
WEIGHT_PAD = 1.0
WEIGHT_UNIT_ROOM = 2.5
"""The display is cut from the original with WEIGHT_PAD digit heights across its row, and
WEIGHT_UNIT_ROOM along it on both sides (the generator prints the unit up to ~1.8 digit heights
past the last digit)."""
WEIGHT_CUT_MARGIN = 1.0
WEIGHT_RECUT_ROOM = 5.0
"""A row whose end digit lies within WEIGHT_CUT_MARGIN digit heights of the cut may run on past
it (the finder saw only part of the row): it is cut again with WEIGHT_RECUT_ROOM digit heights more
along the row at both ends, and not read if it still reaches the cut. Found on bench seed 736548895:
10.849 read as 0.849, the finder having seen "49" and the cut losing the leading 1; the same on
calibration seed 789 (11.223 as 1.223). Calibration seeds 789 and 794 (160 weighing photos,
through the pipeline): exact 107, wrong 1, none 52 before; exact 109, wrong 0, none 51 after."""
WEIGHT_READ_DIGIT_PX = 48
"""... and scaled so its digits are this tall (px) for the second look ..."""
WEIGHT_STROKE = 0.4
"""... where strokes up to this share of a digit's height count (the generator's segments are 0.11
thick, a real hanging scale's up to 0.25; an 8's counters are light, so they stay out) ..."""
WEIGHT_INK_SHARES = (0.5, 0.35)
WEIGHT_MIN_INK = 20
"""... and ink is a stroke at least the first of WEIGHT_INK_SHARES as deep as the row's deepest
(99th percentile of the middle band), and at least WEIGHT_MIN_INK grey levels: ghost segments stay
out. When a digit then fits no pattern, the row is read again at the next share, and that reading
is taken only if it fills in the unread digits and leaves every other digit as it was (a segment
dimmer than the others: an LCD seen at an angle, glare). When every digit read at the first share,
a digit that reads otherwise at the next is unread (bench seed 311504447: 0.853 read as 0.053, the
8's thin middle bar under the first share; calibration seeds 789, 792-794, 320 weighing photos:
230 exact, none wrong, before and after)."""
WEIGHT_JOINS = ((3, 0.15), (5, 0.3))
"""Closings tried to join a digit's segments at the reading size, each (square kernel px, vertical
kernel as a share of a digit's height: a one's two bars); the reading with the most digits and
none unread is kept."""
WEIGHT_REACH_HEIGHT = 0.75
WEIGHT_REACH_WIDTH = 1.2
"""Two digits are neighbours in a row when the gap between their boxes is under WEIGHT_REACH_HEIGHT
digit heights or WEIGHT_REACH_WIDTH of the row's wide digits' width (75th percentile), whichever
is more. The generator's gap before a one is 0.65 digit heights; a missing digit leaves about 1.0
(0.9 let seed 790's 0.74 close up to 0.4 once its 7 had joined the panel's edge; the first look
caught it)."""
WEIGHT_POINT_MIN = 0.06
WEIGHT_POINT_MAX = 0.3
WEIGHT_POINT_RISE = 0.3
"""A decimal point is a round blob WEIGHT_POINT_MIN to WEIGHT_POINT_MAX digit heights across (the
generator's are 0.14; a segment is 0.11 thick and 0.5 long), its centre at most WEIGHT_POINT_RISE
digit heights above the row's foot."""
WEIGHT_POINT_GAP = 0.05
"""... and its centre this share of a digit's height clear of the digits on either side (a bottom
segment's tip may stand out past the top one's by a pixel or two)."""
WEIGHT_UNIT_CONFIDENCE = 0.5
"""The unit's OCR reading counts from this confidence."""
WEIGHT_UNIT_SCALES = (0.5, 1.0)
"""The unit's strip (about 120 x 110 px at the reading size, the unit about 24 px tall) is looked
at for lines at these scales in turn until a unit is read (the detector, left to itself, would
enlarge it to 736 px: 836 ms a photo instead of ~200). Seeds 789, 792, 793 (the first strip read
on each of 240 weighing photos, 177 strips): at 160 px long side (x ~1.3) 131 right units, 1
wrong; x 0.5 138; x 0.5 then x 1.0 140, 22 -> 14 ms."""
WEIGHT_MARK_REACH = 1.0
WEIGHT_MARK_HEIGHT = (0.15, 0.5)
"""When no unit follows the digits, words WEIGHT_MARK_HEIGHT digit heights tall within
WEIGHT_MARK_REACH digit heights above or below them are read one by one (the generator's corner
marks are 0.3 digit heights, and smaller scales exist). With the strip scales above, seeds 789,
792, 793 (240 weighing photos; 40% of 792-793's units are lit inside the panel, a quarter of those
beside the digits): exact 120 -> 149, none wrong (the detector over the whole panel: 142)."""
WEIGHT_UNIT_EDGE_PX = 3
"""A g read within this many px (at the reading size) of the strip's left edge is not taken: the
strip starts at the last digit's box, and a kg standing close to it loses its k (seed 789: 8.923 kg
read as g; its three decimals kept it out, one decimal would not have)."""

# --- near copies (near_copies.py) --------------------------------------------------------------
DUPLICATE_LONG_SIDE = 640
"""Pictures are compared at this long side (px)."""
DUPLICATE_MIN_INLIERS = 20
DUPLICATE_MAX_DIFFERING = 0.02
DUPLICATE_MIN_OVERLAP = 0.5
"""Two pictures are one when a turn, scale and shift (no perspective) maps DUPLICATE_MIN_INLIERS of
their ORB keypoints onto each other, the mapped picture covers DUPLICATE_MIN_OVERLAP of the other,
and at most DUPLICATE_MAX_DIFFERING of that overlap differs (grey levels, each picture normalised
to zero mean and unit spread, apart by more than one spread). Calibration seed 901 (120 generated
images of all kinds): copies re-encoded at JPEG 60, shrunk to 0.4, cropped up to 10% a side or
brightened 15% differ in at most 0.011 of their overlap (60 each); the 40 pairs of distinct images
of one kind with the most keypoints in common (up to 212: shared templates and surfaces) differ in
at least 0.034. A DCT hash alone could not part them: distinct generated documents of one kind came
within 4 of 64 bits, a 6% crop moved a copy 10-22. Checked again through near_copies itself (keypoints
found on thumbnails enlarged, the pictures compared at the coarser scale): seed 901's 120 images
each copied as bench.near_copy_bytes does (cropped up to 6% a side, shrunk 0.4-0.9, brightness
+-10%, JPEG 55-90), and again from a 400 px version: 238 of 240 copies found (the two missed are
copies under 170 px across), 0 of the 1,740 pairs of distinct images of one kind taken for one."""

# --- batch (batch/runner.py) ---------------------------------------------------------------------
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
