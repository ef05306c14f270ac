"""What a batch is given: cases (one per work order), each with its images.

INPUT is a folder of case folders (the folder's name is the case id; every entry in it is an
image input, whatever it turns out to be), or a manifest CSV with the columns ``case_id, ticket,
tracking, image_path`` (paths relative to the manifest's folder). A file directly in the INPUT
folder is a case of its own. Case ids are labels only: nothing is ever written under their name.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

MANIFEST_COLUMNS = ("case_id", "ticket", "tracking", "image_path")


@dataclass
class CaseInput:
    case_id: str
    ticket: str | None
    tracking: str | None
    images: list[str] = field(default_factory=list)  # paths as given (not resolved: a link stays a link)


def read_inputs(source: str | os.PathLike, ticket: str | None = None) -> list[CaseInput]:
    """The cases in ``source`` (a folder or a manifest CSV), in a stable order; ``ticket`` applies
    to every case that does not name its own. Raises UsageError for a source that is neither."""
    src = Path(source)
    if src.is_dir():
        return _from_folder(src, ticket)
    if src.is_file():
        return _from_manifest(src, ticket)
    raise UsageError(f"{source} is neither a folder of case folders nor a manifest CSV")


def _from_folder(root: Path, ticket: str | None) -> list[CaseInput]:
    cases = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False):
            images = sorted(os.scandir(entry.path), key=lambda e: e.name)
            # A folder inside a case folder is not an input (and a link to one may loop).
            paths = [e.path for e in images if not e.is_dir(follow_symlinks=False)]
            cases.append(CaseInput(entry.name, ticket, None, paths))
        else:
            cases.append(CaseInput(entry.name, ticket, None, [entry.path]))
    return cases


def _from_manifest(path: Path, ticket: str | None) -> list[CaseInput]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise UsageError(f"the manifest {path} lacks the column(s) {', '.join(missing)} "
                                 f"(it needs {', '.join(MANIFEST_COLUMNS)})")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise UsageError(f"cannot read the manifest {path}: {e}") from None
    cases: dict[str, CaseInput] = {}
    for row in rows:
        case_id = (row["case_id"] or "").strip()
        case = cases.setdefault(case_id, CaseInput(case_id, (row["ticket"] or "").strip() or ticket,
                                                   (row["tracking"] or "").strip() or None))
        image = (row["image_path"] or "").strip()
        case.images.append(str(path.parent / image) if image else "")
    return list(cases.values())
