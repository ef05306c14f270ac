"""The small learned models the checks load (a numpy MLP, the appearance cues, the ink of a
fill-in) and where their trained files are found. Training lives in :mod:`evidencecheck.train`."""
