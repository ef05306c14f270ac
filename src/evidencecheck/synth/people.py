"""Made-up names, places, dates and numbers for generated evidence (never real customers)."""

from __future__ import annotations

import numpy as np

from ..carriers import CARRIERS, s10_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉力鹏飞宇浩然子涵欣怡梓轩雨萱佳琪晨阳俊杰志强海燕"
CITIES = ["上海市", "北京市", "广州市", "深圳市", "杭州市", "南京市", "成都市", "武汉市", "苏州市", "东莞市", "义乌市", "西安市"]
DISTRICTS = ["浦东", "闵行", "朝阳", "海淀", "天河", "南山", "宝安", "余杭", "萧山", "江宁", "武侯", "洪山", "工业园区", "长安", "雁塔"]
OUTLET_SUFFIX = ["网点", "营业部", "分部", "服务站", "揽投部"]
LATIN_GIVEN = ["James", "Maria", "David", "Anna", "Michael", "Laura", "Carlos", "Emma", "Lucas", "Sofia", "Peter",
               "Olga"]
LATIN_FAMILY = ["Smith", "Garcia", "Muller", "Rossi", "Silva", "Novak", "Kowalski", "Brown", "Dubois", "Jensen"]
LATIN_STREETS = ["Main St", "Oak Ave", "High Street", "Rue de Lyon", "Hauptstr.", "Via Roma", "Park Road", "Elm Dr"]
LATIN_CITIES = [("Springfield", "IL 62704", "USA"), ("Leeds", "LS1 4AP", "UK"), ("Lyon", "69003", "France"),
                ("Hamburg", "20095", "Germany"), ("Madrid", "28013", "Spain"), ("Toronto", "ON M5V 2T6", "Canada")]


def pick(rng: np.random.Generator, options):
    """One of ``options`` (a sequence), drawn with ``rng``."""
    return options[rng.integers(len(options))]


def person_name(rng: np.random.Generator) -> str:
    given = "".join(GIVEN[i] for i in rng.integers(0, len(GIVEN), rng.integers(1, 3)))
    return SURNAMES[rng.integers(len(SURNAMES))] + given


def latin_name(rng: np.random.Generator) -> str:
    return f"{LATIN_GIVEN[rng.integers(len(LATIN_GIVEN))]} {LATIN_FAMILY[rng.integers(len(LATIN_FAMILY))]}"


def latin_address(rng: np.random.Generator) -> tuple[str, str]:
    """Two lines of a made-up foreign address: street, then city, postcode and country."""
    city, post, country = LATIN_CITIES[rng.integers(len(LATIN_CITIES))]
    return f"{rng.integers(1, 999)} {LATIN_STREETS[rng.integers(len(LATIN_STREETS))]}", f"{city} {post} {country}"


def masked_phone(rng: np.random.Generator) -> str:
    return f"1{rng.integers(3, 10)}{rng.integers(0, 10)}****{rng.integers(0, 10000):04d}"


def outlet_name(rng: np.random.Generator) -> str:
    return DISTRICTS[rng.integers(len(DISTRICTS))] + ["一", "二", "三", "东", "西", "南", "北", "中心"][
        rng.integers(8)] + OUTLET_SUFFIX[rng.integers(len(OUTLET_SUFFIX))]


def address(rng: np.random.Generator) -> str:
    district = DISTRICTS[rng.integers(len(DISTRICTS))]
    return (CITIES[rng.integers(len(CITIES))] + district + ("" if district.endswith("区") else "区")
            + ["人民路", "建设路", "中山路", "解放路", "科技路", "长江路"][rng.integers(6)]
            + f"{rng.integers(1, 999)}号")


def sign_date(rng: np.random.Generator) -> str:
    y, m, d = 2026, int(rng.integers(1, 12)), int(rng.integers(1, 29))
    style = rng.integers(3)
    return f"{y}-{m:02d}-{d:02d}" if style == 0 else f"{y}.{m}.{d}" if style == 1 else f"{y}年{m}月{d}日"


def tracking_number(rng: np.random.Generator, carrier: str) -> str:
    """A number in ``carrier``'s real format (see :mod:`evidencecheck.carriers`)."""
    digits = lambda n: "".join(str(d) for d in rng.integers(0, 10, n))  # noqa: E731
    if carrier == "sf":
        return "SF" + digits(int(rng.choice([12, 13])))
    if carrier == "zto":
        return "7" + str(rng.choice([3, 5])) + digits(12)
    if carrier == "yto":
        return "YT" + digits(13)
    if carrier == "sto":
        return "77" + digits(11)
    if carrier == "yunda":
        return "4" + str(rng.choice([3, 6])) + digits(11)
    if carrier == "jt":
        return "JT" + digits(13)
    if carrier == "ems":
        if rng.random() < 0.5:
            return "1" + digits(12)
        serial = digits(8)
        return "E" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rng.integers(26)] + serial + str(s10_check_digit(serial)) + "CN"
    if carrier == "jd":
        return "JD" + "".join("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[i] for i in rng.integers(0, 34, 2)) + digits(11)
    if carrier == "deppon":
        return "DPK" + digits(12)
    raise ValueError(f"unknown carrier {carrier!r}; known: {', '.join(CARRIERS)}")
