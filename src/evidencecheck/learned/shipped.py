"""Where the trained models the analysis needs are found.

A built package (a wheel) carries them as ``evidencecheck/models/``: ``setup.py`` copies the
repository's top-level ``models/`` in. An editable install or the source tree reads that
``models/`` itself. ``EVIDENCECHECK_MODELS`` points anywhere else (a folder of retrained models).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

CHECKOUT_MODELS = Path(__file__).resolve().parents[3] / "models"
"""The repository's ``models/``: where ``evidencecheck train ...`` writes, in a source checkout."""


def model_path(name: str) -> Path:
    """The model file ``name`` (e.g. ``doc_kind.npz``): in ``$EVIDENCECHECK_MODELS`` when set,
    else the installed package's copy, else the checkout's ``models/``."""
    folder = os.environ.get("EVIDENCECHECK_MODELS")
    if folder:
        return Path(folder) / name
    packaged = resources.files("evidencecheck").joinpath("models", name)
    if packaged.is_file():
        return Path(str(packaged))
    return CHECKOUT_MODELS / name
