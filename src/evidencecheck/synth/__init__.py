"""Labelled, seeded, photo-like synthetic evidence (no public dataset of dispute evidence exists).

Every function takes a ``numpy.random.Generator``; the same seed gives the same pixels.
"""

KINDS = ("express_receipt", "waybill", "weighing_photo", "other")
"""The kinds of evidence the generator makes, in the order it makes them in turn."""
