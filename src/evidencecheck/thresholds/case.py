"""The case: near copies among a case's images. Each tuned number with the measurement that chose
it."""

# --- near copies (case/near_copies.py) ------------------------------------------------------------
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
