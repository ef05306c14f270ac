"""The batch's results on disk, as they finish: an SQLite database in the output folder.

One row per analysed image content, keyed by the file's SHA-256, the tool's version and the OCR
engine: a second run (after Ctrl-C or kill -9) finds what is done and analyses only the rest.
Each row keeps the image report (JSON, without its path: the same photo may sit in two cases),
the picture in grey at the near-copy size (JPEG) for the case rules, and a thumbnail for the page.
SQLite commits each row on its own, so a kill loses at most the images being analysed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import lru_cache
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS images (
    key TEXT PRIMARY KEY,        -- sha256 / tool version / OCR engine
    report TEXT NOT NULL,        -- ImageReport.to_dict() without "path"
    gray BLOB,                   -- the picture in grey at T.DUPLICATE_LONG_SIDE, JPEG; NULL when unreadable
    thumb BLOB,                  -- annotated thumbnail, JPEG; NULL when unreadable
    attempts INTEGER NOT NULL    -- 1, or 2 when a worker died on it once
)
"""


def result_key(sha256: str, version: str, ocr: str) -> str:
    return f"{sha256}/{version}/{ocr}"


@lru_cache(maxsize=1)
def tool_version() -> str:
    """The version string and a digest of the code and models that make the results: a result
    stored by other code (a new commit, a retrained model) is not reused, whatever the version says."""
    from .. import __version__
    from ..checks.appearance import MODEL_PATH as CLASSIFIER
    from ..learned.field_ink import MODEL_PATH as FIELD_INK

    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for f in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".toml", ".json")):
        h.update(f.relative_to(package).as_posix().encode())
        h.update(f.read_bytes())
    for f in (CLASSIFIER, FIELD_INK):
        h.update(f.read_bytes() if f.is_file() else b"missing")
    return f"{__version__}+{h.hexdigest()[:12]}"


class ResultStore:
    """The results database at ``path`` (created when missing)."""

    def __init__(self, path: str | Path):
        self.db = sqlite3.connect(str(path))
        self.db.execute("PRAGMA journal_mode=WAL")  # a kill mid-write leaves the last commit intact
        self.db.execute(SCHEMA)
        self.db.commit()

    def done(self) -> set[str]:
        return {k for (k,) in self.db.execute("SELECT key FROM images")}

    def put(self, key: str, report: dict, gray: bytes | None, thumb: bytes | None, attempts: int = 1) -> None:
        report = {k: v for k, v in report.items() if k != "path"}
        self.db.execute("INSERT OR REPLACE INTO images VALUES (?, ?, ?, ?, ?)",
                        (key, json.dumps(report, ensure_ascii=False), gray, thumb, attempts))
        self.db.commit()

    def get(self, key: str) -> tuple[dict, bytes | None, bytes | None] | None:
        row = self.db.execute("SELECT report, gray, thumb FROM images WHERE key = ?", (key,)).fetchone()
        return None if row is None else (json.loads(row[0]), row[1], row[2])

    def close(self) -> None:
        self.db.close()
