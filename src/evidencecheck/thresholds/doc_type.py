"""The kind of evidence: the appearance cues' resolution. Each tuned number with the measurement
that chose it."""

# --- classification -------------------------------------------------------------------------------
CLASSIFY_LONG_SIDE = 512
"""The classifier's cues are computed at this long side: enough for layout and colour, and cheap
(about 25 ms a photo here, once the 1600 px copy exists)."""
