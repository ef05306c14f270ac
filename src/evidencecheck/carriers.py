"""The carrier lexicon (data): ids, names, legal company names and tracking-number formats.

Ids are the contract's. Legal names are what seals and signature lines carry; brand names what
headers and logos carry. Formats are the carriers' public number patterns as seen on waybills.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class Carrier:
    id: str
    name_zh: str  # the brand as printed on documents: 圆通速递
    short_zh: str  # the short name people say: 圆通
    legal_names: tuple[str, ...]  # company names a seal or a signature line may carry
    tracking: str  # regular expression of the tracking number (whole string)


CARRIERS: dict[str, Carrier] = {c.id: c for c in [
    Carrier("sf", "顺丰速运", "顺丰", ("顺丰速运有限公司", "深圳顺丰速运有限公司", "上海顺丰速运有限公司"),
            r"SF\d{12,13}"),
    Carrier("zto", "中通快递", "中通", ("中通快递股份有限公司", "上海中通快递有限公司", "杭州中通快递有限公司"),
            r"7[35]\d{12}"),
    Carrier("yto", "圆通速递", "圆通", ("圆通速递有限公司", "上海圆通速递有限公司", "杭州圆通速递有限公司"),
            r"YT\d{13}"),
    Carrier("sto", "申通快递", "申通", ("申通快递有限公司", "上海申通快递有限公司", "申通快递股份有限公司"),
            r"77\d{11}"),
    Carrier("yunda", "韵达快递", "韵达", ("上海韵达货运有限公司", "韵达快递有限公司", "韵达控股股份有限公司"),
            r"4[36]\d{11}"),
    Carrier("jt", "极兔速递", "极兔", ("极兔速递有限公司", "上海极兔供应链有限公司", "极兔快递有限公司"),
            r"JT\d{13}"),
    Carrier("ems", "中国邮政", "邮政", ("中国邮政速递物流股份有限公司", "中国邮政集团有限公司", "中国邮政速递物流有限公司"),
            r"(?:E[A-Z]\d{9}CN|1\d{12})"),
    Carrier("jd", "京东物流", "京东", ("京东物流股份有限公司", "北京京邦达贸易有限公司", "京东快递有限公司"),
            r"JD[A-Z0-9]{2}\d{11}"),
    Carrier("deppon", "德邦快递", "德邦", ("德邦物流股份有限公司", "德邦快递有限公司", "上海德邦物流有限公司"),
            r"DPK\d{12}"),
]}

_PATTERNS = {cid: re.compile(c.tracking) for cid, c in CARRIERS.items()}


def carriers_for_number(number: str) -> list[str]:
    """Ids of the carriers whose format ``number`` fits (several, or none)."""
    n = number.strip().upper()
    return [cid for cid, pat in _PATTERNS.items() if pat.fullmatch(n) and (cid != "ems" or _ems_ok(n))]


_LETTERED = {cid: m.group(0) for cid, c in CARRIERS.items() if (m := re.match(r"[A-Z]{2,}", c.tracking))}
"""The carriers whose numbers begin with letters of their own (SF, YT, JT, JD, DPK), and the letters."""


def one_digit_off_a_format(number: str) -> bool:
    """Whether ``number`` begins with a carrier's own letters (:data:`_LETTERED`) and would fit
    that carrier's format with one digit more or one character fewer: a number of that carrier
    misread (a digit dropped or doubled), not a number of a format no carrier we know uses."""
    n = number.strip().upper()
    for cid, letters in _LETTERED.items():
        if not n.startswith(letters):
            continue
        shorter = (n[:i] + n[i + 1:] for i in range(len(letters), len(n)))
        longer = (n[:i] + "0" + n[i:] for i in range(len(letters), len(n) + 1))
        if any(cid in carriers_for_number(m) for m in (*shorter, *longer)):
            return True
    return False


_S10 = re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}")


def s10_misread(number: str) -> bool:
    """Whether ``number`` has the shape of a UPU S10 postal number (two letters, eight digits and a
    check digit, two letters: EMS's EF348411034CN) and its check digit fails: a postal number
    misread, not a number of a format no carrier we know uses (val: EF348611034CN)."""
    n = number.strip().upper()
    return bool(_S10.fullmatch(n)) and s10_check_digit(n[2:10]) != int(n[10])


def _ems_ok(n: str) -> bool:
    """International-style EMS numbers (UPU S10) carry a check digit; domestic ones do not."""
    return not n.startswith("E") or s10_check_digit(n[2:10]) == int(n[10])


def s10_check_digit(serial8: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number."""
    total = sum(int(d) * w for d, w in zip(serial8, (8, 6, 4, 2, 3, 5, 9, 7)))
    c = 11 - total % 11
    return 0 if c == 10 else 5 if c == 11 else c


@dataclass(frozen=True)
class CompanyMatch:
    """The carrier a reading names best. ``score``: higher is closer (``edits``: minus the edits
    per character of ``name``; ``ctc``: log-probability per character against the recogniser's
    best reading); ``margin``: how far ahead of the best other carrier, in edits (``edits``) or
    in the score's units (``ctc``)."""

    carrier: str
    name: str
    score: float
    margin: float
    method: str  # edits | ctc

    @property
    def clear(self) -> bool:
        """Close enough, and far enough ahead of every other carrier, to be reported."""
        from . import thresholds as T

        low, ahead = T.COMPANY_CLEAR[self.method]
        return self.score >= low and self.margin >= ahead


def lexicon() -> list[tuple[str, str]]:
    """(carrier id, name) for every legal company name and brand name a document may carry."""
    return [(cid, name) for cid, c in CARRIERS.items() for name in (*c.legal_names, c.name_zh)]


def best_carrier(scored: list[tuple[str, str, float]], method: str, margin_scale=None) -> CompanyMatch:
    """The best of (carrier, name, score) rows, and its lead over the best other carrier."""
    best: dict[str, tuple[float, str]] = {}
    for cid, name, score in scored:
        if cid not in best or score > best[cid][0]:
            best[cid] = (score, name)
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
    (cid, (score, name)), (_, (score2, name2)) = ranked[0], ranked[1]
    margin = margin_scale(name, name2, score, score2) if margin_scale else score - score2
    return CompanyMatch(cid, name, round(float(score), 4), round(float(margin), 4), method)


def infix_distances(names: tuple[str, ...], text: str) -> np.ndarray:
    """Edits to make each of ``names`` appear somewhere in ``text`` (text before and after it is
    free), all names at once (int array).

    The edit-distance table is filled a name character at a time for every name together; within
    a row, a run of insertions is a running minimum, so no loop runs over ``text``."""
    n, T = len(names), len(text)
    lengths = np.array([len(m) for m in names])
    chars = np.full((n, int(lengths.max(initial=0))), -1, np.int64)
    for k, m in enumerate(names):
        chars[k, :len(m)] = [ord(c) for c in m]
    t = np.array([ord(c) for c in text], np.int64)
    cols = np.arange(T + 1)
    prev = np.zeros((n, T + 1), np.int64)  # matching may start anywhere in text
    for i in range(chars.shape[1]):
        step = np.empty_like(prev)
        step[:, 0] = i + 1
        step[:, 1:] = np.minimum(prev[:, 1:] + 1, prev[:, :-1] + (chars[:, i:i + 1] != t[None, :]))
        cur = np.minimum.accumulate(step - cols, axis=1) + cols  # then insertions along the row
        done = lengths <= i  # shorter names keep their last row
        prev = np.where(done[:, None], prev, cur)
    return prev.min(axis=1)  # ... and end anywhere


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    rows = tuple(lexicon())
    return rows, tuple(name for _, name in rows)


def match_company(text: str) -> CompanyMatch | None:
    """The carrier whose legal or brand name ``text`` holds most nearly (OCR of a seal or a
    signature line), or None for empty text. Names are ranked by edits per character; the margin
    is counted in edits, since all names share their tails (有限公司, 速递)."""
    text = "".join(text.split())
    if not text:
        return None
    rows, names = _lexicon()
    dist = infix_distances(names, text)
    scored = [(cid, name, -int(d) / len(name)) for (cid, name), d in zip(rows, dist)]

    def edits_ahead(name, name2, score, score2):
        # The runner-up's edits counted on a name of the winner's length, so long and short names compare.
        return round(-score2 * len(name)) - round(-score * len(name))

    return best_carrier(scored, "edits", edits_ahead)
