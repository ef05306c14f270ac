"""What kind of evidence a photo is, and which way up: a trained model over cheap cues.

One model predicts the joint class (doc type, quarter turns); the doc type's confidence is the
sum over turns, the turn is the most likely one summed over types. Loaded once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import thresholds as T
from ..learned.features import N_FEATURES, cue_vector
from ..learned.mlp import MLP, open_model_file, save_model_file
from ..learned.shipped import model_path
from ..stage import Analysis, Stage
from ..vision.context import AnalysisContext

DOC_TYPES = ("waybill", "weighing_photo", "express_receipt", "other")
MODEL_PATH = model_path("doc_classifier.npz")
"""The shipped model: ``models/`` at the top of the checkout (``make`` installs the package editable);
EVIDENCECHECK_MODELS points elsewhere for other installs."""


@dataclass(frozen=True)
class DocTypeResult:
    doc_type: str
    confidence: float  # calibrated probability of doc_type, 0..1
    k: int  # the content is np.rot90(upright, k): 0, 1 (90 deg counter-clockwise), 2, 3
    probabilities: dict[str, float]


@dataclass(frozen=True)
class DocClassifier:
    model: MLP
    doc_types: tuple[str, ...]

    def predict_vector(self, x: np.ndarray) -> DocTypeResult:
        p = self.model.proba(x)[0].reshape(len(self.doc_types), 4)  # rows: type, columns: turns
        by_type = p.sum(axis=1)
        i = int(np.argmax(by_type))
        k = int(np.argmax(p.sum(axis=0)))
        return DocTypeResult(self.doc_types[i], float(by_type[i]), k,
                             {t: float(v) for t, v in zip(self.doc_types, by_type)})

    def predict(self, ctx: AnalysisContext) -> DocTypeResult:
        return self.predict_vector(cue_vector(ctx.bgr(T.CLASSIFY_LONG_SIDE).pixels, ctx.bgr_at(T.DISPLAY_LONG_SIDE).pixels,
                                              ctx.displays()))


def save_classifier(path: Path, model: MLP, doc_types: tuple[str, ...], info: dict) -> None:
    save_model_file(path, model, "n_features", N_FEATURES, info, doc_types=np.array(doc_types))


@lru_cache(maxsize=4)
def load_classifier(path: str | None = None) -> DocClassifier:
    """The shipped model (``models/doc_classifier.npz``), loaded without pickle, once."""
    a = open_model_file(path or MODEL_PATH, "n_features", N_FEATURES, "evidencecheck train classifier")
    return DocClassifier(MLP.from_arrays(a), tuple(str(t) for t in a["doc_types"]))


def add_looks(a: Analysis) -> None:
    """How the photo looks: one vote on its kind (the appearance model's probabilities)."""
    a.looks = a.models.classifier.predict(a.ctx)


STAGE = Stage("appearance", add_looks)
