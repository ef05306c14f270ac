"""What the page says about the kind of evidence: the words of ``doc_words.toml`` found in the
page read, and the shapes of what is written (a reading with its unit, a tracking number, a
phone's status bar).

These are the cues that do not change from one generator to another or between generated and
real photos: a waybill says 收件人 and 运单号 whoever printed it. Pure functions over the lines
an OCR engine read (:class:`~evidencecheck.ocr.base.OcrLine`); nothing here looks at pixels.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..carriers import carriers_for_number
from ..checks.appearance import DOC_TYPES
from ..ocr.base import OcrLine

KINDS = DOC_TYPES
STRENGTH = {"strong": 1.0, "weak": 0.4, "panel": 0.4}
"""What one word adds to its kind's score (see doc_words.toml: a `panel` word counts only on a line
whose every word is its kind's)."""
SCORE_CAP = 6.0
"""A kind's score stops growing here: a long page of one kind's words is no surer than a page with
six strong ones, and a cap keeps one verbose layout from dominating what the model learns."""

_LATIN = re.compile(r"[A-Z0-9#/&\-]+(?:\.[A-Z0-9#/&\-]+)*")
"""Latin words; a dotted run is one (www.yto.net.cn holds no NET, a scale's word)."""
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DISPLAY_NUMBER = re.compile(r"^[-+]?\d{1,4}[.,]\d{1,3}(?:kg|g|lb|lbs|斤|公斤)?$", re.I)
"""A line that is a decimal reading and nothing else (the digits of a scale's display)."""
_WITH_UNIT = re.compile(r"\d(?:[.,]\d+)?\s*(?:kg|lbs?|公斤|千克|斤)(?![a-z])", re.I)
_TRACKING_TOKEN = re.compile(r"[A-Z]{0,4}\d[\dA-Z]{9,17}")
_LONG_DIGITS = re.compile(r"\d{10,}")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?:\s|$)")
_TIME_READING = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
"""A line that is a clock's reading and nothing else, as a clock's display shows it (a scale shows
no colon). A time anywhere in a line, as the first version had it, is on waybills' and proofs'
print times too, and the kind model learnt next to nothing from it (weights -0.08 for a weighing
photo, 0.04 for other); a real LED wall clock read 14:08 and was a weighing photo at 0.96."""
_OTHER_UNITS = r"(?:°C|°F|℃|℉|%RH|MMHG|BPM|KPA|/MIN)"
_PANEL_UNITS = r"(?:MM|KWH|PH|LITRES?|LITERS?|GALLONS?)"
_OTHER_READING = re.compile(rf"(?<![A-Z0-9.,])\d+(?:[.,]\d+)?\s*(?:{_OTHER_UNITS}|V\b|A\b)"
                            rf"|^{_OTHER_UNITS}$|^{_PANEL_UNITS}$", re.I)
"""A reading in a unit no scale shows (temperature, humidity, blood pressure, pulse, volts, amps),
or that unit on a line of its own: the recogniser reads a display's small unit apart from its
digits (generated thermometers and blood-pressure monitors gave °C, %RH, mmHg and /min lines, and
the first version, which wanted the digits on the same line, never fired on one of them).
Lengths, volumes, energy and pH count only as a line of their own, as an instrument's panel
prints them: after digits they are also print on the goods on a scale (500 ml, 300 mm). A digit
after a letter is part of a code, not a reading: a Canadian postcode's M5V read as five volts, and a
parcel slip's address made it other at 0.99 (bench seed 786205892 #189)."""


def shows_status_bar(lines: list[OcrLine], page_height: int) -> bool:
    """Whether ``lines`` (read on a page ``page_height`` pixels tall) hold a phone's status-bar
    clock: the page is a screenshot (:data:`STATUS_BAR_SHARE`)."""
    return any(_at_top(l, page_height) and _CLOCK.match(_norm(l.text)) for l in lines)


def _at_top(line: OcrLine, page_height: int) -> bool:
    """Whether ``line`` stands where a phone's status bar does (:data:`STATUS_BAR_SHARE`)."""
    return line.bbox[1] + line.bbox[3] <= STATUS_BAR_SHARE * page_height


def names_other_unit(text: str) -> bool:
    """Whether ``text`` (a line read) is a unit no scale shows, alone or after digits
    (:data:`_OTHER_READING`)."""
    return bool(_OTHER_READING.search(_norm(text)))


STATUS_BAR_SHARE = 0.06
"""A phone screenshot's clock stands in the top 6% of the picture (a 2340 px screen's 90 px bar
over 1.5 x its height as margin)."""


@dataclass(frozen=True)
class Word:
    kind: str
    text: str  # as in the lexicon; Latin in capitals
    weight: float
    panel: bool = False  # counts only on a line whose every word is one of its kind's


@dataclass(frozen=True)
class Cue:
    """A word of the lexicon found on the page: which, and the line it was read in."""

    kind: str
    word: str
    weight: float
    line: str
    bbox: tuple[int, int, int, int]  # the line's box, in the page read's pixels


@dataclass(frozen=True)
class TextCues:
    scores: dict[str, float]  # per kind: the summed weight of distinct words found, capped
    cues: tuple[Cue, ...]
    display_number: bool  # a line that is only a decimal reading (a scale's digits)
    with_unit: bool  # a number followed by a weight unit
    tracking_number: bool  # a token in a known carrier's tracking format
    long_number: bool  # a run of ten or more digits (tracking numbers of unknown format, phone numbers)
    status_bar: bool  # a clock at the very top: a phone screenshot
    time_reading: bool  # a line that is only a clock's reading (hh:mm), below the status bar
    other_reading: bool  # a reading in a unit no scale shows (°C, %RH, mmHg, bpm, V), or that unit alone
    lines: int
    mean_score: float  # the recogniser's mean confidence over the lines, 0..1 (0 with no lines)
    cjk_share: float  # share of characters that are Chinese, 0..1

    def best(self, kind: str, n: int = 3) -> list[Cue]:
        """The ``n`` weightiest cues of ``kind``, strongest first."""
        return sorted((c for c in self.cues if c.kind == kind), key=lambda c: -c.weight)[:n]


@lru_cache(maxsize=1)
def load_words() -> tuple[Word, ...]:
    """The lexicon shipped in the package (``doc_words.toml``)."""
    data = tomllib.loads(resources.files(__package__).joinpath("doc_words.toml").read_text("utf-8"))
    out = []
    for kind in KINDS:
        for strength, weight in STRENGTH.items():
            out += [Word(kind, _norm(w), weight, strength == "panel") for w in data[kind].get(strength, [])]
    return tuple(out)


def _norm(text: str) -> str:
    """Capitals, no spaces around CJK, full-width forms folded (OCR reads ：and : alike)."""
    t = unicodedata.normalize("NFKC", text).upper()
    return re.sub(r"\s+", " ", t).strip()


def _is_latin(word: str) -> bool:
    return not _CJK.search(word)


@lru_cache(maxsize=1)
def _split_lexicon() -> tuple[tuple[Word, ...], tuple[Word, ...], tuple[Word, ...], tuple[Word, ...]]:
    """Lexicon words by how they match: fuzzy CJK (>= 5 chars), exact CJK (2-4), whole-line CJK (1), Latin.
    Four-character words match exactly: with one character misread allowed, 物品信息 (a waybill's
    goods box) was 物流信息 (an order page's); validation seed 2 the same either way (0.956)."""
    words = load_words()
    fuzzy = tuple(w for w in words if not _is_latin(w.text) and len(w.text) >= 5)
    exact = tuple(w for w in words if not _is_latin(w.text) and 2 <= len(w.text) <= 4)
    single = tuple(w for w in words if not _is_latin(w.text) and len(w.text) == 1)
    latin = tuple(w for w in words if _is_latin(w.text))
    return fuzzy, exact, single, latin


def words_in(text: str) -> list[Word]:
    """The lexicon's words that ``text`` (one line) holds, by the matching rules of doc_words.toml."""
    t = _norm(text)
    compact = t.replace(" ", "")
    if not compact:
        return []
    fuzzy, exact, single, latin = _split_lexicon()
    found = [w for w in exact if w.text in compact]
    found += [w for w in single if compact.rstrip(":：") == w.text]
    if fuzzy and _CJK.search(compact):
        found += [w for w in fuzzy if _misread_at_most_one(w.text, compact)]
    tokens = _LATIN.findall(t)
    padded = " " + " ".join(tokens) + " "
    found += [w for w in latin if f" {w.text} " in padded and (not w.panel or _panel_line(tokens, w.kind))]
    return found


_WORD = re.compile(r"[A-Z]{2,}")


def _panel_line(tokens: list[str], kind: str) -> bool:
    """Whether every word of two or more letters in ``tokens`` (a line's Latin tokens) is a Latin
    word of ``kind``'s lexicon: a scale's key or indicator label (ON, TARE, KG), not a sentence
    that holds one ("Printed on: 14/06/25")."""
    own = _kind_latin(kind)
    return all(w in own for tok in tokens for w in _WORD.findall(tok))


@lru_cache(maxsize=None)
def _kind_latin(kind: str) -> frozenset[str]:
    """Every word of two or more letters in ``kind``'s Latin lexicon words."""
    return frozenset(w for word in load_words() if word.kind == kind and _is_latin(word.text)
                     for w in _WORD.findall(word.text))


def _misread_at_most_one(word: str, text: str) -> bool:
    """True when ``text`` holds ``word`` with at most one character read as another (same length:
    a recogniser substitutes characters; a dropped one would let 签收证明书 match 签收证明)."""
    n = len(word)
    if len(text) < n:
        return False
    t = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    w = np.frombuffer(word.encode("utf-32-le"), np.uint32)
    windows = np.lib.stride_tricks.sliding_window_view(t, n)
    return bool(((windows != w).sum(axis=1) <= 1).any())


def find_text_cues(lines: list[OcrLine], page_height: int) -> TextCues:
    """The cues of the ``lines`` read on a page ``page_height`` pixels tall (the read's pixels)."""
    best: dict[tuple[str, str], Cue] = {}
    display = unit = tracking = long_number = status = clock = reading = False
    chars = cjk = 0
    for line in lines:
        for w in words_in(line.text):
            key = (w.kind, w.text)
            if key not in best:
                best[key] = Cue(w.kind, w.text, w.weight, line.text, line.bbox)
        text = _norm(line.text)
        compact = text.replace(" ", "")
        display |= bool(_DISPLAY_NUMBER.match(compact))
        unit |= bool(_WITH_UNIT.search(text))
        tracking |= any(carriers_for_number(tok) for tok in _TRACKING_TOKEN.findall(compact))
        long_number |= bool(_LONG_DIGITS.search(compact))
        top = _at_top(line, page_height)
        status |= bool(_CLOCK.match(text)) and top
        clock |= bool(_TIME_READING.search(compact)) and not top
        reading |= names_other_unit(text)
        chars += len(compact)
        cjk += len(_CJK.findall(compact))
    scores = {k: 0.0 for k in KINDS}
    for c in best.values():
        scores[c.kind] += c.weight
    scores = {k: min(SCORE_CAP, v) for k, v in scores.items()}
    mean = float(np.mean([l.confidence for l in lines])) if lines else 0.0
    return TextCues(scores, tuple(best.values()), display, unit, tracking, long_number, status, clock, reading,
                    len(lines), mean, cjk / chars if chars else 0.0)
