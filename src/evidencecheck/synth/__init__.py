"""Labelled, seeded, photo-like synthetic evidence (no public dataset of dispute evidence exists).

Every function takes a ``numpy.random.Generator``; the same seed gives the same pixels.
"""
