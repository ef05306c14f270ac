"""Rebuild the real image folders (docs/real-images) from git mirrors of their repositories.

The images are not committed (docs/real-images/README.md says why); each row of
``<split>-SOURCES.tsv`` names the repository, the commit read and the path. Given a folder holding
bare or normal clones as ``<owner>+<name>/repo``, this writes ``<out>/<split>/<file>`` and the
split's truth as ``<out>/<split>/truth.tsv`` (what ``evidencecheck bench --real`` reads).

    python scripts/restore_real_images.py /work/.mirror /work/real-val

An image whose commit is not in the mirror is taken from the mirror's HEAD if the path is there,
and named; a missing one is named and skipped. A row whose source is a label PDF names the page
rendered from it (page 1 at 200 dpi; needs pypdfium2). Exit status 1 when any image is missing.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "docs" / "real-images"
SPLITS = ("tune", "val", "parcel-scale")


def git_dir(mirrors: Path, repo: str) -> Path | None:
    """The git directory of ``owner/name`` under ``mirrors`` (``owner+name/repo[/.git]``)."""
    base = mirrors / repo.replace("/", "+") / "repo"
    for d in (base / ".git", base):
        if (d / "HEAD").exists():
            return d
    return None


def blob(gd: Path, rev: str, path: str) -> bytes | None:
    """The bytes of ``rev:path`` in git directory ``gd``, None when absent."""
    r = subprocess.run(["git", "--git-dir", str(gd), "show", f"{rev}:{path}"], capture_output=True)
    return r.stdout if r.returncode == 0 else None


def restore_split(mirrors: Path, out: Path, split: str) -> int:
    """Writes one split's images and truth; returns how many images could not be restored."""
    dest = out / split
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / f"{split}-truth.tsv", dest / "truth.tsv")
    missing = 0
    with open(HERE / f"{split}-SOURCES.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            gd = git_dir(mirrors, row["repo"])
            data = None if gd is None else blob(gd, row["commit"], row["path_in_repo"])
            if data is None and gd is not None:
                data = blob(gd, "HEAD", row["path_in_repo"])
                if data is not None:
                    print(f"{split}/{row['file']}: commit {row['commit'][:10]} absent, taken from HEAD")
            if data is None:
                print(f"{split}/{row['file']}: not found ({row['repo']} {row['path_in_repo']})")
                missing += 1
                continue
            if data.startswith(b"%PDF") and not row["file"].lower().endswith(".pdf"):
                data = render_first_page(data)  # the truth names a page rendered from a real label PDF
                if data is None:
                    print(f"{split}/{row['file']}: a PDF page to render; install pypdfium2 to render it")
                    missing += 1
                    continue
            (dest / row["file"]).write_bytes(data)
    return missing


def render_first_page(pdf: bytes, dpi: int = 200) -> bytes | None:
    """Page 1 of ``pdf`` as PNG bytes at ``dpi`` (as the truth notes say these were made), or None
    when pypdfium2 (a development aid only, not a dependency) is not installed."""
    try:
        import pypdfium2
    except ImportError:
        return None
    page = pypdfium2.PdfDocument(pdf)[0]
    out = io.BytesIO()
    page.render(scale=dpi / 72).to_pil().convert("RGB").save(out, format="PNG")
    return out.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    mirrors, out = Path(argv[1]), Path(argv[2])
    missing = sum(restore_split(mirrors, out, s) for s in SPLITS)
    print(f"restored into {out}; {missing} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
