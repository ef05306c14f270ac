"""Pixel helpers the checks share: decoding (intake), the per-image context of working copies,
masks of print and ink, boxes through quarter turns, red seals, display panels and rows."""
