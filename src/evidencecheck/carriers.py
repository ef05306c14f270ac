"""The carrier lexicon (data): ids, names, legal company names and tracking-number formats.

Ids are the contract's. Legal names are what seals and signature lines carry; brand names what
headers and logos carry. Formats are the carriers' public number patterns as seen on waybills.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


def _ems_ok(n: str) -> bool:
    """International-style EMS numbers (UPU S10) carry a check digit; domestic ones do not."""
    return not n.startswith("E") or s10_check_digit(n[2:10]) == int(n[10])


def s10_check_digit(serial8: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number."""
    total = sum(int(d) * w for d, w in zip(serial8, (8, 6, 4, 2, 3, 5, 9, 7)))
    c = 11 - total % 11
    return 0 if c == 10 else 5 if c == 11 else c
