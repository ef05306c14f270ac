"""The carrier a document names itself: in its printed header, its body and its signature line.

Each line the page OCR read is matched against the carrier lexicon; lines that clearly name a
carrier vote. Documents name one courier (the brand in the header, the company on the signature
line); when clear lines disagree the document's carrier is left unknown rather than guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .carriers import match_company
from .ocr.base import OcrLine


@dataclass(frozen=True)
class DocumentCarrier:
    carrier: str | None
    lines: tuple[OcrLine, ...]  # the lines that named a carrier clearly


def find_document_carrier(lines: list[OcrLine]) -> DocumentCarrier:
    """The carrier the page's ``lines`` name, or None when none is named clearly or they disagree."""
    named: list[tuple[str, OcrLine]] = []
    for line in lines:
        m = match_company(line.text)
        if m is not None and m.clear:
            named.append((m.carrier, line))
    votes = Counter(c for c, _ in named).most_common()
    if not votes or (len(votes) > 1 and votes[1][1] == votes[0][1]):
        return DocumentCarrier(None, tuple(l for _, l in named))
    return DocumentCarrier(votes[0][0], tuple(l for c, l in named if c == votes[0][0]))
