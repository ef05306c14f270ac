"""The weight on a scale's display: panels, seven-segment rows, and the two readers' agreement.
Each tuned number with the measurement that chose it."""

# --- seven-segment displays (vision/displays.py) --------------------------------------------------
DISPLAY_LONG_SIDE = 1024
"""The display finder's working long side (px); sizes below are at this side and scale with it."""
DISPLAY_STROKE_KERNEL = 21
"""Black-hat kernel (px): strokes up to this wide count; 20 px is a digit about 180 px tall."""
DISPLAY_MIN_CONTRAST = 35
"""Stroke depth (grey levels) against the panel to count as ink."""
DISPLAY_SMALL_FACTOR = 2
DISPLAY_TILE_OVERLAP = 256
"""Where no row gave a weight, rows are looked for on a copy DISPLAY_SMALL_FACTOR times the
finder's size, in two tiles along each side overlapping by DISPLAY_TILE_OVERLAP px (a display of
digits 24 px tall there is ~150 px long, whole on one tile or the other). Twice: the finder's
kernels then fit digits half as tall, the size of the generator's and real photos' small displays
the finder missed (fresh seed 20261206: 23 of 54 weights unread had no row found, digits 6-46 px).
Four tiles of ~1152 px rather than nine of 1024 overlapping by a quarter (which also left the
copy's last 256 px unseen): 194 weights of that seed's 240 against 195, none wrong either way,
and 0.46 s against 0.62 s on real-dev's 640 px cart scale."""
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
DISPLAY_UNDEREXPOSED = 80
"""A photo whose brightest half percent of grey levels stays below this is underexposed, and the
finder sees it with its levels lifted so those reach white (vision.levels.underexposed_gain): its
contrast and frame thresholds are grey-level and colour distances, out of reach in the dark. The tune
split's two dark webcam frames of a bathroom scale (99.5th percentiles 42 and 54) found no row
before and read 1764 and 1784 (176.4 and 178.4 lb) after. No generated photo is that dark, so none
is moved: the lowest of 2,200 (seeds 2 and 3, the kind model's validation and training, and bench
seed 785866357 and weighing calibration seed 5161) is 111, a dim product photo; 80 stays clear of it."""
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
DISPLAY_CLOSE_UP_REACH = 2.0
DISPLAY_CLOSE_UP_MIN_SCORE = 0.3
"""Where the finder's rows give nothing (none scoring WEIGHT_MIN_DISPLAY_SCORE), a half-size copy
is searched with strokes DISPLAY_CLOSE_UP_REACH times as wide counting (a pocket scale's close-up:
digits a third of the photo high, strokes ~30 px wide at 1024 px), and rows scoring at least
DISPLAY_CLOSE_UP_MIN_SCORE are kept. Tune split: the four pocket-scale close-ups found nothing
before, 0.40-0.56 after; bench seed 588354758's images where the finder found nothing: 9 of 255
non-weighing images get a row scoring 0.10-0.22 on the half-size search, none 0.3 or more (2 of
26 weighing photos get one under 0.3). The search costs ~24 ms (median of 45 generated documents), so
it is made only where the page read found at most DISPLAY_CLOSE_UP_MAX_LINES lines: the pocket
scales' page reads found one each, a document finds tens."""
DISPLAY_CLOSE_UP_MAX_LINES = 8
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
DISPLAY_COLON_DOT = (0.04, 0.3)
DISPLAY_COLON_DOT_PX = 3
DISPLAY_COLON_REACH = 0.6
"""A clock's colon: two dots 0.04 to 0.3 digit heights across (at least DISPLAY_COLON_DOT_PX), looked
for in the row and up to 0.6 digit heights beyond either end. Calibration seeds 5160/5161 (16
generated displays that are no scale's, 80 weighing photos): a colon on the best row of 6 of the 7
clocks and timers, of none of the 9 thermometers and blood-pressure monitors, and of 2 of the 80
weighing photos, both a phone screenshot's status-bar clock (printed digits that read as no
seven-segment digit: the kind model takes the colon times the row's display score). The tune
split's LED wall clock (14:08) shows one; its seven real weighing photos none.
Dots of 3 px at least, not 2 (2026-12-05): two JPEG specks of 2 px one above the other beside a 1
made a colon on a genuine weighing photo's 13028 g (a chat photo recompressed twice at quality 41,
digits ~20 px at 1024), which then was surely `other` (bench seed 378945740 #170). Measured with
both minimums on 20 generated non-scale displays (other seed 5160), 200 weighing photos (weighing
calibration seed 5161) and the real tune and real-dev displays: the same colon on every best row
(the 4 clocks and timers, the wall clock and the water bath; 3 of the 214 weighing photos)."""


# --- display panels (vision/panels.py) ------------------------------------------------------------
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


# --- scale weight (checks/weight.py, text/display_number.py) --------------------------------------
WEIGHT_MIN_DISPLAY_SCORE = 0.1
"""Rows the display finder scores at least this are read on a weighing photo: the second look and
its checks decide. Calibration seed 789 (80 weighing photos): 0.3 -> 0.1, exact 40 -> 43, wrong
0 -> 0."""
WEIGHT_CANDIDATES = 3
"""At most this many display-like rows are tried, best first; the first read surely is the weight."""
WEIGHT_PANELS = 3
WEIGHT_CHECK_DIGIT_PX = 36
"""When the finder's rows give no weight, at most WEIGHT_PANELS display panels (vision/panels.py) are
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
"""A row whose end digit lies within WEIGHT_CUT_MARGIN digits of the cut (a digit's height, or the
row's pitch where that is wider: a squat display's) may run on past it (the finder saw only part of
the row): it is cut again with WEIGHT_RECUT_ROOM digit heights more along the row at both ends, and
not read if it still reaches the cut. Found on bench seed 736548895: 10.849 read as 0.849, the
finder having seen "49" and the cut losing the leading 1; the same on calibration seed 789 (11.223
as 1.223). Calibration seeds 789 and 794 (160 weighing photos, through the pipeline): exact 107,
wrong 1, none 52 before; exact 109, wrong 0, none 51 after. The pitch since bench seed 294817093
#386 (11.107 read 1.107 on a squat display); calibration seeds 5150, 5152, 5161 unchanged by it."""
WEIGHT_CUT_INK = 0.08
WEIGHT_CUT_REACH = 0.25
"""A cut may go through a digit where a stroke in the row's band reaches its end over at least
WEIGHT_CUT_INK of a digit's height and runs WEIGHT_CUT_REACH of it inward: a seven-segment bar is
0.11 of it thick, blurred a little thinner at the ink threshold (a leaning digit cut through may
show one bar only: bench seed 1796611000 #170, its 2's foot), and 0.55 long; a frame's edge is a
few px wide (dev set seed 20261206 #130: one such asked for a wider cut, which misread). Set from the
segment geometry: it asks only for a wider cut."""
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
a digit that shows more lit segments at the next is unread (bench seed 311504447: 0.853 read as
0.053, the 8's thin middle bar under the first share; calibration seeds 789, 792-794, 320 weighing
photos: 230 exact, none wrong, before and after). One that shows fewer keeps its first reading:
more ink lights no segment less (real parcel-scale's 2.50 kg, its 5 read 1 at the next share;
2026-12-07: 240 generated weighing photos of seed 20261206 and 200 of two bench seeds, the same
weights either way)."""
WEIGHT_JOINS = ((3, 0.15), (5, 0.3))
"""Closings tried to join a digit's segments at the reading size, each (square kernel px, vertical
kernel as a share of a digit's height: a one's two bars); the reading with the most digits and
none unread is kept."""
WEIGHT_DIM_DIGIT_HEIGHT = 0.8
"""A digit the fainter threshold finds before a row counts only when at least this share of the
row's median digit height: a seven-segment one's two bars span its cell less their bevelled ends
(0.89 of the digits' height as the generator draws them, sevenseg.py), with room for blur. From
that drawing, not fitted; the two cases that made the rule stand either side of it: a dim 1 at
0.87 (bench seed 1765061234 #90) and a panel's edge at 0.73 (tune split's bathroom scale)."""
WEIGHT_REACH_HEIGHT = 0.75
WEIGHT_REACH_WIDTH = 1.2
"""Two digits are neighbours in a row when the gap between their boxes is under WEIGHT_REACH_HEIGHT
digit heights or WEIGHT_REACH_WIDTH of the row's wide digits' width (75th percentile), whichever
is more. The generator's gap before a one is 0.65 digit heights; a missing digit leaves about 1.0
(0.9 let seed 790's 0.74 close up to 0.4 once its 7 had joined the panel's edge; the first look
caught it)."""
DISPLAY_ONE_WIDTH = 0.42
"""A digit box narrower than this share of its height holds only a seven-segment digit's right-hand
segments: a one (vision.displays.read_digit)."""
WEIGHT_EDGE_GAP = 2.5
WEIGHT_EDGE_GAP_MIN = 0.3
"""A bar (narrower than DISPLAY_ONE_WIDTH of its height: what the reader calls a one) before
a row's first digit is the panel's edge, not a one, when the gap after it exceeds WEIGHT_EDGE_GAP
times the row's usual gap between digits and WEIGHT_EDGE_GAP_MIN of a digit's height: a one
stands at the right of its cell, so the gap after it is the usual one (about 0.15 digit heights
of ink gap on the generator's displays, whose cells stand 0.22 apart), and a panel's edge stands
about a cell away (0.69 on bench seed 934860919 #226, the generator's margin being 0.35 and the
frame beyond it). Set from that geometry, not fitted (checks.weight._without_leading_edge)."""
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
WEIGHT_MARK_CONFIDENCE = 0.4
"""... and a mark's, read alone, from this one: a lone 斤 reads at 0.44-0.47. Weighing seeds 5150 /
5152 / 5161 at 0.5: 91 / 91 / 146 right; at 0.4: 92 / 91 / 147; at 0.3: 92 / 91 / 148 and a kg
mark read as g (0.17 kg given as 0.0002), so 0.4."""
WEIGHT_MARK_FIT = -1.0
WEIGHT_MARK_MARGIN = 3.0
"""A mark word scored against the units' spellings (CTC, the whole word, natural log per
character short of the recogniser's own best reading) names the best unit when it scores at least
WEIGHT_MARK_FIT and at least WEIGHT_MARK_MARGIN above every other unit. Calibration seeds 5150 and
5161 (every mark word read on their weighing photos): words of the right unit scored 0 to -1.0
with margins 3.3-14 (a blurred kg read ke, k, E for g); the two words that named a wrong unit
(a kg word cut to its g, scored -0.35 and -0.81) had margins of 2.5 and 1.0."""
WEIGHT_SLANT_DIFF = 0.05
"""When no decimal point is found at the row's measured lean, it is looked for again at the digits'
own slant (their ink's moments) when the two differ by this much (the leans the finder tries are
0.05 apart). The only value tried: weighing seeds 5150 / 5152 / 5161 right 93 / 93 / 153 -> 93 /
95 / 153, none wrong before or after."""
WEIGHT_POINT_LEAN_STEP = 0.025
WEIGHT_POINT_LEAN_REACH = 0.1
"""Where neither lean measure shows a decimal point, it is looked for at leans WEIGHT_POINT_LEAN_STEP
apart within WEIGHT_POINT_LEAN_REACH of the row's measured lean, and taken when found after one
digit at two neighbouring leans or more (weight.point_at_nearby_leans). Set once from one photo
(bench seed 1796620000 #50, its point clear at 0.15-0.225 where 0.10 was measured), then measured
on the dev sets of generated weighing photos (docs/checks.md)."""
WEIGHT_UNIT_SCALES = (0.5, 1.0)
"""The unit's strip (about 120 x 110 px at the reading size, the unit about 24 px tall) is looked
at for lines at these scales in turn until a unit is read (the detector, left to itself, would
enlarge it to 736 px: 836 ms a photo instead of ~200). Seeds 789, 792, 793 (the first strip read
on each of 240 weighing photos, 177 strips): at 160 px long side (x ~1.3) 131 right units, 1
wrong; x 0.5 138; x 0.5 then x 1.0 140, 22 -> 14 ms."""
WEIGHT_OTHER_MIN_HEIGHT = 0.5
"""OCR's number over a display contradicts the segments' only when its line is at least this
share of their digits' height (a fragment of the row read alone is no other number). Weighing
seeds 5150 / 5152 / 5161: 92 / 91 / 147 right either way, wrong 0 / 0 / 1; the tune split's
weights as before."""
WEIGHT_DIGIT_END_BAND = 0.45
"""A number OCR read ends where strokes end in this top share of its digits' height (a unit lit
after them stands lower: from about 0.5 in the generator's panels, 0.65 on the real CAS scales of
the parcel-scale set), and the unit's strip starts there when that is before the line's box ends.
Chosen from those two drawings, not fitted."""
WEIGHT_DIGIT_CORE = 0.2
"""The digits' strokes, cleared before marks are looked for, are those reaching the middle of their
band, this share of their height away from its top and foot (any digit's upright strokes do; a
mark lit at their foot does not). Not tuned: a middle bar stands at 0.45-0.55."""
WEIGHT_MARK_REACH = 1.0
WEIGHT_MARK_HEIGHT = (0.15, 0.65)
"""When no unit follows the digits, words WEIGHT_MARK_HEIGHT digit heights tall within
WEIGHT_MARK_REACH digit heights above or below them are read one by one (the generator's corner
marks are 0.3 digit heights, and smaller scales exist). With the strip scales above, seeds 789,
792, 793 (240 weighing photos; 40% of 792-793's units are lit inside the panel, a quarter of those
beside the digits): exact 120 -> 149, none wrong (the detector over the whole panel: 142). The
top was 0.5 until a unit lit beside the digits, 0.45 of their height in type, measured 0.51-0.57
of it in ink once blurred (bench seed 889038937: 0.116 and 0.76 kg unread); at 0.65, with lb read
from Ib and marks at WEIGHT_MARK_CONFIDENCE, weighing seeds 5150 / 5152 / 5161 read 90 / 90 / 146
-> 92 / 91 / 147, wrong 0 / 0 / 1 as before."""
WEIGHT_MARK_FAR_ROOM = 4.0
"""When no unit is read within WEIGHT_UNIT_ROOM, the row is cut again with this much room along it
and marks are looked for that far before its digits: the generator lights a unit at the panel's
far end, up to ~3.7 digit heights before a lone lit 1 (three unlit positions of 0.77, the 1 at the
right of its cell); a unit there was never read (calibration seeds 5150 / 5152: 6 such among the
unread)."""
WEIGHT_MARK_DIGIT_PX = 160
"""... each from a cut where the digits are this many px tall (a mark 24-80 px), not from the
reading size's 48 px, where a pocket scale's lit g is 8 px and reads as nothing. Weighing seeds
5150 / 5152: 86 / 109 weights read -> 88 / 109 (with grams to 0.01 g), none wrong either way; the
tune split's three pocket scales read 185.11, 31.42 and 67.27 g, their g lit a sixth of the digits'
height above them."""
WEIGHT_UNIT_EDGE_PX = 3
"""A g read within this many px (at the reading size) of the strip's left edge is not taken: the
strip starts at the last digit's box, and a kg standing close to it loses its k (seed 789: 8.923 kg
read as g; its three decimals kept it out, one decimal would not have)."""

WEIGHT_LINE_INK_ROWS = 0.25
"""Where the display finder found no row, the segments are read on the line OCR read a number in,
its digits as tall as the rows where strokes cross at least WEIGHT_LINE_INK_ROWS of the most
crossed row's count (a digit's top and foot are its most crossed rows, its middle ~0.3-0.5 of
them; a decimal point adds a few columns, under this share)."""

# --- the display's number as OCR reads it (text/display_number.py) -------------------------------
WEIGHT_TEXT_CONFIDENCE = 0.5
WEIGHT_TEXT_LINES = 3
"""OCR's reading of a display: page-read lines that parse as a number, read at least this surely,
the tallest WEIGHT_TEXT_LINES of them (a display's digits are the largest print of a weighing
photo; each costs a few recogniser calls). Not tuned: RapidOCR's score spreads
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
SEGMENTS_ROW_ROOM = 1.0
"""The room (row heights at both ends) in which a row the segments cut, read by OCR as they read
it, must show no more lit digits before it (checks.weight.agree). Their box holds the digits alone,
so one more digit beside it needs about its width and the gap, some 0.7 heights: at 0.6 and 0.8, a
3 the cut left out was not read (fresh bench seed 1796627500 #166: 37.91 斤 given as 7.91); at 1.0
it was. With this room OCR also reads half an unlit position's ghost 8 as a 1 (dev set syw, 0.72
斤), a unit's l as a 1 (devw, 1.04 lb) and glare on an LCD's glass as a 1 (real tune split, 176.4
lb), hence the leading side only, no lone 1s, and lit ink (checks.weight._more_lit_with_room)."""
WEIGHT_READING_BESIDE = 0.6
"""A number the page read reads, or a row the display finder finds, beside a display's reading
whose unit only its three decimals tell, at least this share of its digits' height, is another row
of the display (a fuel pump's sale, volume and price per unit, a price-computing scale's weight,
price and total stand alike tall); a parcel label's print beside a scale stands smaller. Chosen
before measuring; dev sets syw and devw (540 generated weighing photos) read the same with it."""
PRINT_LINE_HEIGHT = 1.5
"""A row the segments looked at stands in a line of print the page read read (no display's
number) when the line's box is at most this many times as tall as the row's: a scale's body print
holds the row; a display's large line beside a small label does not (a label read in one line with
digits stands as tall as them)."""
WEIGHT_TEXT_BIG = 48
"""A line at least this tall (px) on the page read was read at full detail there: when the closer
read reads nothing (a slanted real LCD cut square, tune set: 14.13 read by the page read at 141 px,
nothing closer at any size), the page read's number with its point stands."""
DISPLAY_REGION_MIN_SCORE = 0.5
"""A display region (vision/display_regions.py) is a group of cells the display-region model is at
least this sure of. On its validation seed's crops (models/display_regions.md): at 0.3, 0.990 of
the crops holding a display marked and 0.134 of waybill crops holding none; at 0.5, 0.965 and
0.086; at 0.7, 0.927 and 0.071."""
DISPLAY_REGIONS_LOOKED = 3
"""Display regions looked at closer, the surest first: each costs a finder's search (~0.1 s), and
on a real 640 px photo enlarged to the finder's size the model marked 27 and 59 places (real-dev's
cart and bag scales; 1.4 and 3.0 s when every one was looked at). Seed 20261206's 240 generated
weighing photos: 195 right with every region looked at (before the brightest-channel and
small-display rows), 195 with the three surest (after them)."""
DISPLAY_REGION_DIGIT_PX = 48
DISPLAY_REGION_PANEL_SHARE = 0.6
DISPLAY_REGION_MAX_ZOOM = 4.0
"""Where no row of the finder's gave a weight, each display region is looked at again in a window
brought to the finder's size so that its digits stand DISPLAY_REGION_DIGIT_PX tall there (taking
them as DISPLAY_REGION_PANEL_SHARE of the region's short side: the generator's panels are their
digits and a third of a digit above and below), enlarged at most DISPLAY_REGION_MAX_ZOOM times."""
