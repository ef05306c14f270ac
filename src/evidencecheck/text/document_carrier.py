"""The carrier a document names itself: in its printed header, its body and its signature line.

Each line the page OCR read is matched against the carrier lexicon; lines that clearly name a
carrier vote. Documents name one courier (the brand in the header, the company on the signature
line). The signature line (落款) decides: its company signs the proof, and its seal must be the
one on it. Without one, the clear lines vote; a tie leaves the carrier unknown rather than guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..carriers import match_company
from ..ocr.base import OcrLine

SIGNATURE_MARKS = ("盖章", "证明单位", "落款", "签章", "（章）", "(章)", "公章", "出具单位", "单位：", "单位:")
"""What a signature line (落款) carries beside the issuing company's name: 南京极兔速递有限公司（盖章）."""


@dataclass(frozen=True)
class DocumentCarrier:
    carrier: str | None  # the company the document is issued by: its signature line's, else the lines' vote
    lines: tuple[OcrLine, ...]  # the lines that named a carrier clearly
    header: str | None = None  # the carrier the topmost clear line names (the brand over the title)
    signature: str | None = None  # the carrier of the signature line (落款), when one names a carrier clearly

    @property
    def disagree(self) -> bool:
        """The header and the signature line name different carriers."""
        return self.header is not None and self.signature is not None and self.header != self.signature


def find_document_carrier(lines: list[OcrLine]) -> DocumentCarrier:
    """The carrier the page's ``lines`` name: the signature line's when it names one (the company
    that signs is the one whose seal must be on it), else the clear lines' vote; None when none is
    named clearly, or the vote is tied with no signature line to settle it."""
    named: list[tuple[str, OcrLine]] = []
    for line in lines:
        m = match_company(line.text)
        if m is not None and m.clear:
            named.append((m.carrier, line))
    if not named:
        return DocumentCarrier(None, ())
    by_height = sorted(named, key=lambda cl: cl[1].bbox[1])
    signs = [any(mark in l.text for mark in SIGNATURE_MARKS) for _, l in by_height]
    signature = next((c for (c, _), s in zip(reversed(by_height), reversed(signs)) if s), None)  # the lowest
    header = next((c for (c, _), s in zip(by_height, signs) if not s), None)  # the topmost
    votes = Counter(c for c, _ in named).most_common()
    if signature is not None:
        carrier = signature
    elif len(votes) > 1 and votes[1][1] == votes[0][1]:
        carrier = None
    else:
        carrier = votes[0][0]
    return DocumentCarrier(carrier, tuple(l for c, l in named if carrier is None or c == carrier), header, signature)
