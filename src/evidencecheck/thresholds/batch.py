"""The batch runner's time limit per image. Each tuned number with the measurement that chose it."""

# --- batch (batch/runner.py) ----------------------------------------------------------------------
BATCH_IMAGE_TIMEOUT_S = 120.0
"""Longest one image may take in a batch worker (s) before the analysis counts as hung: the worker
is ended, the image is tried once more alone, then reported as CHECK_FAILED. The slowest image
measured: a 108 MP (12000 x 9000) express receipt, 3.5 s in one single-threaded worker (intake 0.8 s,
seal 1.2 s); a waybill and a weighing photo of that size 1.1 and 1.5 s; 12 MP photos have a p95
under 2 s (bench). 120 s leaves a 30x margin for a slower or swapping machine and for a worker's
start (its models load with its first image)."""
