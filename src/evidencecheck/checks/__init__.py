"""The checks: one module per stage of the analysis, each a function from the image's analysis
context (and what earlier stages found) to a typed result. :mod:`evidencecheck.pipeline` runs
them in order; see ``docs/architecture.md`` for the order and how to add one."""
