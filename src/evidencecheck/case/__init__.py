"""The case: the work order's rules that judge a set of images together, near copies between
them, and composing several proofs into one upload."""
