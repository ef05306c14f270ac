"""Build hook, nothing else (the metadata is in pyproject.toml).

The trained models live in the repository's top-level ``models/`` (the design card's layout, and
where ``evidencecheck train ...`` writes them). A wheel must carry them, so a built package gets a
copy as ``evidencecheck/models/``; an editable install reads the checkout's ``models/`` instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MODELS = Path(__file__).resolve().parent / "models"


class BuildWithModels(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "evidencecheck" / "models"
        target.mkdir(parents=True, exist_ok=True)
        for f in sorted([*MODELS.glob("*.npz"), *MODELS.glob("*.onnx"), *MODELS.glob("*.md")]):
            shutil.copy2(f, target / f.name)


setup(cmdclass={"build_py": BuildWithModels})
