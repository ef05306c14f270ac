"""The case: the work order's rules that judge a set of images together, near copies between
them, and composing several proofs into one upload."""

TICKETS = ("not_received", "missing_items")
"""Work-order types built in (the contract's ``ticket``); a rules file may add more."""
