"""What merchants upload by mistake (doc_type ``other``): chat screenshots, product photos,
plain printed pages, forms, and hard negatives that share words, marks or looks with evidence: an
invoice or a company's delivery note with a red seal that is not a courier's, a logistics page or
an order page that names a carrier and a number, a digital display that is not a scale's."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ..carriers import CARRIERS
from . import handwriting as hwr
from . import people, phone, stamp
from .fonts import font, wrap
from .page import prose_line, render_page
from .people import pick
from .phone import CHAT_LINES
from .receipt import BRAND_COLOURS
from .sevenseg import STYLES, render_display, with_colon
from .surfaces import hand, sleeve, surface, wire_mesh
from .truth import Document, StampTruth, Truth, codes_for
from .waybill import TINTS, form_printer, side_text

KINDS = ("chat_screenshot", "product_photo", "printed_page", "invoice", "form", "table_screenshot",
         "tracking_screenshot", "order_screenshot", "delivery_note", "digital_display")
SCENES = ("digital_display",)
"""Kinds that are a scene filling the frame (photographed close, as weighing photos are), not a sheet."""
TRADE_WORDS = ["贸易", "电子商务", "科技", "服饰", "日用品", "家居", "食品", "数码"]


def _chat(rng: np.random.Generator) -> np.ndarray:
    W, H = 1080, 2340
    img = Image.new("RGB", (W, H), (237, 237, 237))
    d = ImageDraw.Draw(img)
    f = font("noto_sans", 44)
    d.rectangle((0, 0, W, 200), fill=(247, 247, 247))
    d.text((40, 30), f"{rng.integers(8, 23)}:{rng.integers(0, 60):02d}", font=font("noto_sans_bold", 38), fill=(0, 0, 0))
    d.text((W / 2, 140), ("在线客服", "店铺客服", people.person_name(rng))[rng.integers(3)], font=font("noto_sans_bold", 48),
           fill=(0, 0, 0), anchor="mm")
    y = 260
    while y < H - 300:
        mine = rng.random() < 0.5
        text = CHAT_LINES[rng.integers(len(CHAT_LINES))]
        tw = int(f.getlength(text))
        if mine:
            d.rectangle((W - 150, y, W - 50, y + 100), fill=(120, 160, 210))
            d.rounded_rectangle((W - 190 - tw - 60, y, W - 190, y + 100), 16, fill=(149, 236, 105))
            d.text((W - 190 - tw - 30, y + 50), text, font=f, fill=(0, 0, 0), anchor="lm")
        else:
            d.rectangle((50, y, 150, y + 100), fill=(230, 170, 100))
            d.rounded_rectangle((190, y, 190 + tw + 60, y + 100), 16, fill=(255, 255, 255))
            d.text((220, y + 50), text, font=f, fill=(0, 0, 0), anchor="lm")
        y += int(rng.uniform(150, 220))
    d.rectangle((0, H - 180, W, H), fill=(247, 247, 247))
    return np.asarray(img).copy()


def _product(rng: np.random.Generator) -> np.ndarray:
    W, H = 1600, 1200
    bg = np.float32(rng.uniform(150, 240, 3))
    if rng.random() < 0.5:  # shot at home or in a shop, like the scales are
        img = surface(rng, W, H)
    else:  # a studio sweep
        yy = np.mgrid[0:H, 0:W][0].astype(np.float32)
        img = np.clip(bg * (0.85 + 0.15 * (yy / H))[:, :, None], 0, 255).astype(np.uint8)
    pil = Image.fromarray(img)
    if rng.random() < 0.3:
        wire_mesh(rng, pil, (0, int(H * rng.uniform(0.3, 0.7)), W, H))
    d = ImageDraw.Draw(pil)
    colour = tuple(int(v) for v in rng.uniform(20, 230, 3))
    cx, cy, rw, rh = W / 2, H / 2, rng.uniform(200, 450), rng.uniform(200, 400)
    d.ellipse((cx - rw, cy + rh * 0.8, cx + rw, cy + rh * 1.1), fill=tuple(int(v * 0.6) for v in bg))  # shadow
    if rng.random() < 0.5:
        d.rounded_rectangle((cx - rw, cy - rh, cx + rw, cy + rh), 40, fill=colour)
    else:
        d.ellipse((cx - rw, cy - rh, cx + rw, cy + rh), fill=colour)
    word = ("新品", "SALE", "爆款", "正品")[rng.integers(4)]
    d.text((cx, cy), word, font=font("noto_sans_bold", 80), fill=(255, 255, 255), anchor="mm")
    if rng.random() < 0.4:  # held up to the camera
        hnd = hand(rng, int(rh * rng.uniform(1.2, 2.0))).rotate(rng.uniform(-60, 60), expand=True)
        hx, hy = int(cx - hnd.width / 2 + rng.uniform(-1, 1) * rw), int(cy + rh * rng.uniform(-0.2, 0.6))
        sleeve(rng, pil, (hx + hnd.width / 2, H * 1.1), (hx + hnd.width / 2, hy + hnd.height * 0.8), hnd.width * 0.5)
        pil.paste(hnd, (hx, hy), hnd)
    return np.asarray(pil).copy()


def _company(rng: np.random.Generator) -> str:
    """A made-up trading company (not a courier): 深圳娜贸易有限公司."""
    return (people.CITIES[rng.integers(len(people.CITIES))][:-1] + people.person_name(rng)[1:]
            + TRADE_WORDS[rng.integers(len(TRADE_WORDS))] + "有限公司")


def _invoice(rng: np.random.Generator) -> tuple[np.ndarray, list[StampTruth]]:
    """A VAT e-invoice look-alike: brown grid, seller's oval invoice seal (发票专用章)."""
    W, H = 1754, 1140
    img = Image.new("RGB", (W, H), (253, 252, 248))
    d = ImageDraw.Draw(img)
    brown = (150, 90, 60)
    d.text((W / 2, 80), ("电子发票（普通发票）", "增值税电子普通发票", "电子发票（增值税专用发票）")[rng.integers(3)],
           font=font("noto_serif", 56), fill=brown, anchor="mm")
    d.line((W / 2 - 300, 120, W / 2 + 300, 120), fill=brown, width=3)
    f = font("noto_sans", 28)
    d.text((W - 420, 60), "发票号码：" + "".join(str(v) for v in rng.integers(0, 10, 20)), font=f, fill=(40, 40, 40))
    d.text((W - 420, 100), f"开票日期：2026年{rng.integers(1, 12)}月{rng.integers(1, 28)}日", font=f, fill=(40, 40, 40))
    x0, x1, y0 = 80, W - 80, 180
    d.rectangle((x0, y0, x1, H - 120), outline=brown, width=3)
    for y in (y0 + 170, H - 330, H - 250):
        d.line((x0, y, x1, y), fill=brown, width=2)
    d.line((W / 2, y0, W / 2, y0 + 170), fill=brown, width=2)
    seller = _company(rng)
    d.text((x0 + 20, y0 + 30), f"购买方 名称：{people.person_name(rng)}", font=f, fill=(30, 30, 30))
    d.text((W / 2 + 20, y0 + 30), f"销售方 名称：{seller}", font=f, fill=(30, 30, 30))
    tax = "91" + "".join(str(v) for v in rng.integers(0, 10, 16))
    d.text((W / 2 + 20, y0 + 80), f"统一社会信用代码：{tax}", font=f, fill=(30, 30, 30))
    y = y0 + 200
    for _ in range(int(rng.integers(2, 5))):
        d.text((x0 + 20, y), f"*{('日用品', '服装', '电子产品', '食品')[rng.integers(4)]}*商品{rng.integers(1, 99)}",
               font=f, fill=(30, 30, 30))
        d.text((x1 - 300, y), f"{rng.uniform(10, 999):.2f}", font=f, fill=(30, 30, 30))
        y += 50
    d.text((x0 + 20, H - 310), "价税合计（大写）", font=f, fill=(30, 30, 30))
    rgb = np.asarray(img).copy()
    crisp = stamp.draw_seal(rng, seller, "发票专用章", int(rng.uniform(260, 320)), "oval",
                            aspect=rng.uniform(0.6, 0.7), serial=tax)
    cx, cy = int(x1 - rng.uniform(180, 320)), int(H - rng.uniform(140, 260))
    rgb, box = stamp.press(rgb, stamp.inked(rng, crisp, rng.uniform(0, 0.3)), stamp.random_seal_colour(rng), cx, cy,
                           float(rng.uniform(-10, 10)))
    return rgb, [StampTruth(box, "oval", None, seller)]


FORM_TITLES = ("个人业务凭证", "转账凭条", "取款凭条", "业务申请书", "客户回执", "存款凭条", "登记表")
FORM_LABELS = ("户名", "账号", "金额", "日期", "开户行", "用途", "经办", "复核", "联系电话", "证件号码", "备注")


def _form(rng: np.random.Generator) -> np.ndarray:
    """A bank or office form: a title, a ruled grid of labels and printed values, no seal."""
    W, H = (1754, 1240) if rng.random() < 0.5 else (1240, 1754)
    img = Image.new("RGB", (W, H), tuple(int(v) for v in rng.uniform(235, 255, 3)))
    d = ImageDraw.Draw(img)
    ink = (30, 30, 30) if rng.random() < 0.6 else tuple(int(v) for v in rng.uniform(20, 120, 3))
    d.text((W / 2, 90), FORM_TITLES[rng.integers(len(FORM_TITLES))], font=font("noto_serif", 52), fill=ink, anchor="mm")
    x0, x1, y = 100, W - 100, 180
    rows, cols = int(rng.integers(8, 16)), int(rng.choice([2, 4]))
    rh = int((H - 320) / rows)
    f = font(("noto_sans", "wqy_microhei", "noto_serif")[rng.integers(3)], int(min(34, rh * 0.35)))
    for r in range(rows + 1):
        d.line((x0, y + r * rh, x1, y + r * rh), fill=ink, width=2)
    cw = (x1 - x0) / cols
    for c in range(cols + 1):
        d.line((x0 + c * cw, y, x0 + c * cw, y + rows * rh), fill=ink, width=2)
    for r in range(rows):
        for c in range(0, cols, 2):
            d.text((x0 + c * cw + 15, y + r * rh + rh / 2), FORM_LABELS[rng.integers(len(FORM_LABELS))], font=f,
                   fill=ink, anchor="lm")
            if rng.random() < 0.7:
                d.text((x0 + (c + 1) * cw + 15, y + r * rh + rh / 2),
                       "".join(str(v) for v in rng.integers(0, 10, rng.integers(4, 16))), font=f, fill=(20, 20, 20),
                       anchor="lm")
    return np.asarray(img).copy()


def _table_screenshot(rng: np.random.Generator) -> np.ndarray:
    """A screenshot of a table (rates, an order list): coloured header, zebra rows, numbers."""
    W, H = int(rng.choice([1080, 1280, 1440])), int(rng.uniform(700, 2000))
    img = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(img)
    head = tuple(int(v) for v in rng.uniform(40, 200, 3))
    rh = int(rng.uniform(44, 70))
    cols = int(rng.integers(3, 7))
    f = font("noto_sans", int(rh * 0.45))
    d.rectangle((0, 0, W, rh), fill=head)
    for c in range(cols):
        d.text((c * W / cols + 12, rh / 2), ("日期", "币种", "汇率", "金额", "状态", "名称", "单号")[rng.integers(7)],
               font=f, fill=(255, 255, 255), anchor="lm")
    for r in range(1, H // rh):
        if r % 2 == 0:
            d.rectangle((0, r * rh, W, (r + 1) * rh), fill=(242, 244, 247))
        for c in range(cols):
            d.text((c * W / cols + 12, r * rh + rh / 2), f"{rng.uniform(0, 9999):.{int(rng.integers(0, 4))}f}", font=f,
                   fill=(40, 40, 40), anchor="lm")
    return np.asarray(img).copy()




# --- Hard negatives that share words with evidence ----------------------------------------------


def _wrapped(d: ImageDraw.ImageDraw, x: int, y: int, text: str, f, width: int, fill, spacing: float = 1.45) -> int:
    """``text`` broken into lines no wider than ``width`` at (x, y). Returns the y under it."""
    for line in wrap(text, f, width):
        d.text((x, y), line, font=f, fill=fill)
        y += int(f.size * spacing)
    return y


def _timeline(rng: np.random.Generator, carrier: str, signed: bool) -> list[tuple[str, str]]:
    """A parcel's tracking events, newest first: (time, text)."""
    c = CARRIERS[carrier]
    src, dst = rng.choice(len(people.CITIES), 2, replace=False)
    src, dst = people.CITIES[src], people.CITIES[dst]
    outlet, courier = people.outlet_name(rng), people.person_name(rng)
    events = [f"【{src}】{c.name_zh}{people.outlet_name(rng)}已揽收",
              f"快件已从【{src[:-1]}转运中心】发出，下一站【{dst[:-1]}转运中心】",
              f"快件已到达【{dst[:-1]}转运中心】",
              f"快件已从【{dst[:-1]}转运中心】发出，下一站【{outlet}】",
              f"【{dst}{outlet}】快递员{courier}（{people.masked_phone(rng)}）正在为您派件"]
    if signed:
        who = ("本人", "家门口", "门卫", "快递柜", "菜鸟驿站")[rng.integers(5)]
        events.append(pick(rng, (f"您的快件已签收，签收人：{who}。如有疑问请联系派件员{courier}",
                                  f"【{dst}】已签收，签收人凭取件码签收。感谢使用{c.name_zh}，期待再次为您服务",
                                  f"快件已由{who}代收，如有疑问请联系{courier}")))
    t = np.datetime64("2026-01-01T08:00") + np.timedelta64(int(rng.integers(0, 300 * 24 * 60)), "m")
    out = []
    for text in events:
        out.append((str(t).replace("T", " ")[:16], text))
        t += np.timedelta64(int(rng.integers(40, 900)), "m")
    return out[::-1]


def _tracking_screenshot(rng: np.random.Generator) -> tuple[np.ndarray, str, str]:
    """A shopping or courier app's 物流详情 page: carrier, 运单号, 已签收 and the timeline. It names
    a carrier and a number and says 签收 but is no proof of delivery, and it has no barcode."""
    W, H = phone.screen_size(rng)
    carrier = pick(rng, list(CARRIERS))
    number = people.tracking_number(rng, carrier)
    u = W / 1080  # sizes are for a 1080-wide screen
    img = Image.new("RGB", (W, H), (244, 244, 244))
    d = ImageDraw.Draw(img)
    accent = pick(rng, ((255, 80, 0), (230, 40, 60), (20, 170, 90), (30, 110, 230)))
    ink, grey = (25, 25, 25), (140, 140, 140)
    d.rectangle((0, 0, W, int(260 * u)), fill=(255, 255, 255))
    y = phone.status_bar(rng, d, W, ink)
    y = phone.title_bar(d, W, y, int(130 * u), pick(rng, ("物流详情", "查看物流", "物流信息", "包裹详情")), ink)
    if rng.random() < 0.5:  # a map with the route
        mh = int(H * rng.uniform(0.18, 0.3))
        d.rectangle((0, y, W, y + mh), fill=(226, 236, 222))
        for _ in range(8):
            x0, y0 = rng.uniform(0, W), y + rng.uniform(0, mh)
            d.line((x0, y0, x0 + rng.uniform(-W, W), y0 + rng.uniform(-mh, mh)), fill=(250, 250, 250),
                   width=int(14 * u))
        a, b = (rng.uniform(0.15, 0.4) * W, y + mh * 0.7), (rng.uniform(0.6, 0.85) * W, y + mh * 0.3)
        d.line((a, b), fill=accent, width=int(8 * u))
        d.ellipse((b[0] - 30 * u, b[1] - 30 * u, b[0] + 30 * u, b[1] + 30 * u), fill=accent)
        y += mh
    m = int(36 * u)
    card = (m, y + m, W - m, y + m + int(250 * u))
    d.rounded_rectangle(card, int(24 * u), fill=(255, 255, 255))
    r = int(50 * u)
    d.ellipse((card[0] + m, card[1] + m, card[0] + m + 2 * r, card[1] + m + 2 * r), fill=BRAND_COLOURS[carrier])
    d.text((card[0] + m + r, card[1] + m + r), CARRIERS[carrier].short_zh[0], font=font("noto_sans_bold", int(50 * u)),
           fill=(255, 255, 255), anchor="mm")
    x = card[0] + 2 * m + 2 * r
    status = pick(rng, ("已签收", "已签收", "派送中", "待取件"))
    d.text((x, card[1] + m), f"{status}", font=font("noto_sans_bold", int(54 * u)), fill=accent)
    f = font("noto_sans", int(38 * u))
    label = pick(rng, ("运单号", "快递单号", "单号"))
    d.text((x, card[1] + m + 80 * u), f"{CARRIERS[carrier].name_zh}  {label}：{number}", font=f, fill=ink)
    d.rounded_rectangle((card[2] - m - 110 * u, card[1] + m + 130 * u, card[2] - m, card[1] + m + 185 * u), int(26 * u),
                        outline=grey, width=2)
    d.text((card[2] - m - 55 * u, card[1] + m + 157 * u), "复制", font=font("noto_sans", int(30 * u)), fill=ink,
           anchor="mm")
    y = card[3] + m
    d.rounded_rectangle((m, y, W - m, H - m), int(24 * u), fill=(255, 255, 255))
    y += m
    f_text, f_time = font("noto_sans", int(40 * u)), font("noto_sans", int(32 * u))
    dot_x = m + int(60 * u)
    for i, (when, text) in enumerate(_timeline(rng, carrier, status == "已签收")):
        if y > H - 3 * m:
            break
        col = accent if i == 0 else grey
        top = y
        y = _wrapped(d, dot_x + int(50 * u), y, text, f_text, W - 2 * m - int(140 * u), ink if i == 0 else (90, 90, 90))
        d.text((dot_x + int(50 * u), y), when, font=f_time, fill=grey)
        y += int(90 * u)
        d.ellipse((dot_x - 12 * u, top + 14 * u, dot_x + 12 * u, top + 38 * u), fill=col)
        d.line((dot_x, top + 44 * u, dot_x, y - 4 * u), fill=(220, 220, 220), width=max(2, int(3 * u)))
    phone.home_indicator(d, W, H, ink)
    return np.asarray(img).copy(), carrier, number


def _order_screenshot(rng: np.random.Generator) -> tuple[np.ndarray, str | None, str | None]:
    """A shop app's 订单详情: status banner, 收货地址, the goods, 订单编号, 实付款, and sometimes the
    latest logistics line with a carrier and number."""
    W, H = phone.screen_size(rng)
    u = W / 1080
    img = Image.new("RGB", (W, H), (244, 244, 244))
    d = ImageDraw.Draw(img)
    accent = pick(rng, ((255, 80, 0), (230, 40, 60), (255, 110, 60)))
    ink, grey = (25, 25, 25), (140, 140, 140)
    top = int(H * rng.uniform(0.2, 0.26))
    d.rectangle((0, 0, W, top), fill=accent)
    y = phone.status_bar(rng, d, W, (255, 255, 255))
    y = phone.title_bar(d, W, y, int(130 * u), "订单详情", (255, 255, 255))
    d.text((int(60 * u), y + int(40 * u)), pick(rng, ("交易成功", "待收货", "已签收", "待评价")),
           font=font("noto_sans_bold", int(60 * u)), fill=(255, 255, 255))
    m = int(30 * u)
    f, fb, fs = font("noto_sans", int(38 * u)), font("noto_sans_bold", int(40 * u)), font("noto_sans", int(32 * u))
    carrier = number = None
    y = top - int(60 * u)

    def card(h):
        nonlocal y
        d.rounded_rectangle((m, y, W - m, y + h), int(24 * u), fill=(255, 255, 255))
        y0, y = y, y + h + m
        return y0 + int(36 * u)

    if rng.random() < 0.6:  # the latest logistics line
        carrier = pick(rng, list(CARRIERS))
        number = people.tracking_number(rng, carrier)
        cy = card(int(200 * u))
        d.text((3 * m, cy), pick(rng, ("您的快件已签收，感谢使用", "快件已送达，签收人：本人", "已签收")), font=fb, fill=accent)
        d.text((3 * m, cy + int(70 * u)), f"{CARRIERS[carrier].name_zh} {number}", font=fs, fill=grey)
    cy = card(int(220 * u))
    name = people.person_name(rng)
    d.text((3 * m, cy), f"{name}  {people.masked_phone(rng)}", font=fb, fill=ink)
    _wrapped(d, 3 * m, cy + int(70 * u), "收货地址：" + people.address(rng), fs, W - 6 * m, (80, 80, 80))
    cy = card(int(300 * u))
    thumb = int(200 * u)
    d.rounded_rectangle((3 * m, cy, 3 * m + thumb, cy + thumb), int(12 * u),
                        fill=tuple(int(v) for v in rng.uniform(120, 230, 3)))
    title = "".join(pick(rng, ("新款", "加厚", "纯棉", "家用", "大容量", "便携", "收纳盒", "T恤", "水杯", "数据线", "拖鞋")) for _ in range(4))
    _wrapped(d, 4 * m + thumb, cy, title, f, W - 7 * m - thumb, ink)
    price = rng.uniform(5, 400)
    d.text((W - 3 * m, cy + thumb - int(10 * u)), f"¥{price:.2f}  x1", font=f, fill=ink, anchor="rd")
    rows = [("订单编号", f"{rng.integers(2000, 2700)}{rng.integers(10 ** 14, 10 ** 15)}"),
            ("下单时间", f"2026-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d} {rng.integers(0, 24):02d}:"
                     f"{rng.integers(0, 60):02d}"), ("支付方式", pick(rng, ("微信支付", "支付宝", "银行卡"))),
            ("商品总价", f"¥{price:.2f}"), ("运费", "¥0.00"), ("实付款", f"¥{price * rng.uniform(0.8, 1.0):.2f}")]
    cy = card(int(len(rows) * 80 * u + 20 * u))
    for label, value in rows:
        d.text((3 * m, cy), label, font=f, fill=grey)
        d.text((W - 3 * m, cy), value, font=fb if label == "实付款" else f, fill=accent if label == "实付款" else ink,
               anchor="ra")
        cy += int(80 * u)
    bar = H - int(170 * u)
    d.rectangle((0, bar, W, H), fill=(255, 255, 255))
    x = W - m
    for t in ("再买一单", "查看物流", "申请售后")[: int(rng.integers(2, 4))]:
        tw = int(fs.getlength(t)) + int(60 * u)
        d.rounded_rectangle((x - tw, bar + 30 * u, x, bar + 100 * u), int(35 * u), outline=grey, width=2)
        d.text((x - tw / 2, bar + 65 * u), t, font=fs, fill=ink, anchor="mm")
        x -= tw + m
    phone.home_indicator(d, W, H, ink)
    return np.asarray(img).copy(), carrier, number


NOTE_TITLES = ("送货单", "出库单", "发货单", "销售出库单", "送货清单", "销货单")
NOTE_COLUMNS = ("序号", "品名", "规格", "单位", "数量", "单价", "金额", "备注")
NOTE_GOODS = ("打印纸", "纸箱", "胶带", "螺丝", "LED灯管", "插座", "水杯", "毛巾", "洗衣液", "工作服", "手套", "标签纸")


def _delivery_note(rng: np.random.Generator) -> tuple[np.ndarray, list[StampTruth]]:
    """A company's own 送货单 / 出库单 on carbon-copy paper: goods table, 收货人 signature by hand, the
    company's red seal. Words of a courier proof (送货, 签收, 收货人) with no courier in it."""
    px = 6
    W, H = 241 * px, 140 * px
    tint = pick(rng, tuple(TINTS))
    img = Image.new("RGB", (W, H), TINTS[tint])
    d = ImageDraw.Draw(img)
    form = pick(rng, ((30, 30, 30), (40, 40, 120), (150, 40, 40)))
    lf = pick(rng, ("noto_sans", "noto_serif", "wqy_microhei", "ar_pl_uming"))
    t = form_printer(d, lf, form)
    company = _company(rng)
    t(W / 2, 8 * px, company, int(6 * px), "mm", "noto_sans_bold")
    t(W / 2, 17 * px, pick(rng, NOTE_TITLES), int(7 * px), "mm", "noto_serif")
    t(W - 14 * px, 14 * px, f"No.{rng.integers(0, 10 ** 7):07d}", int(5 * px), "ra", "noto_sans_bold", (200, 30, 40))
    m = 10 * px
    t(m, 24 * px, f"{pick(rng, ('收货单位', '客户名称', '购货单位'))}：", int(3.6 * px))
    t(W * 0.62, 24 * px, f"日期：2026年{rng.integers(1, 13)}月{rng.integers(1, 29)}日", int(3.6 * px))
    pen = (hwr.BLUE_BALLPOINT, hwr.BLACK_BALLPOINT)[rng.integers(2)]
    customer = people.CITIES[rng.integers(len(people.CITIES))][:-1] + pick(rng, ("超市", "商行", "酒店", "五金店"))
    fills = [(m + 20 * px, 24 * px, customer)]
    # The goods table.
    cols = NOTE_COLUMNS[: int(rng.integers(6, 9))]
    widths = np.array([0.6] + [1.8] + [1.0] * (len(cols) - 2))
    xs = m + np.concatenate([[0], np.cumsum(widths / widths.sum() * (W - 2 * m - 8 * px))])
    y0, rh = 31 * px, int(rng.uniform(7.5, 9) * px)
    rows = int(rng.integers(5, 8))
    for r in range(rows + 2):
        d.line((m, y0 + r * rh, xs[-1], y0 + r * rh), fill=form, width=2)
    for x in xs:
        d.line((x, y0, x, y0 + (rows + 1) * rh), fill=form, width=2)
    for j, c in enumerate(cols):
        t((xs[j] + xs[j + 1]) / 2, y0 + rh / 2, c, int(3.6 * px), "mm")
    printed = rng.random() < 0.5
    for r in range(int(rng.integers(1, rows))):
        yy = y0 + (r + 1) * rh
        qty, price = int(rng.integers(1, 50)), rng.uniform(1, 200)
        cells = {"序号": str(r + 1), "品名": pick(rng, NOTE_GOODS), "规格": pick(rng, ("A4", "大号", "500ML", "中号", "")),
                 "单位": pick(rng, ("个", "箱", "件", "包")), "数量": str(qty), "单价": f"{price:.1f}",
                 "金额": f"{qty * price:.1f}"}
        for j, c in enumerate(cols):
            if cells.get(c):
                if printed or c == "序号":
                    t(xs[j] + px, yy + rh / 2, cells[c], int(3.6 * px), "lm", "noto_sans", (30, 30, 30))
                else:
                    fills.append((xs[j] + px, yy, cells[c]))
    yy = y0 + (rows + 1) * rh
    t(m, yy + rh / 2, "合计金额（大写）：", int(3.6 * px), "lm")
    # Signatures, then the seal over the company's line.
    sig_y = yy + rh + 4 * px
    who = ("制单人", "送货人", pick(rng, ("收货人签字", "收货人", "客户签收")))
    for i, w in enumerate(who):
        t(m + i * (W - 2 * m) / 3, sig_y, w + "：", int(3.6 * px))
        if i > 0 or rng.random() < 0.5:
            fills.append((m + i * (W - 2 * m) / 3 + 24 * px, sig_y - 3 * px, people.person_name(rng)))
    copy = pick(rng, ("第一联 存根（白）", "第二联 客户（红）", "第三联 回单（黄）", "白存根 红客户 黄回单"))
    side_text(img, copy, (W - 7 * px, int(H * 0.2), 6 * px, int(H * 0.6)), font(lf, int(3.2 * px)), form)
    slant = float(rng.uniform(-0.05, 0.25))
    for x, y, text in fills:
        char = rh * 0.55
        hw = hwr.write(rng, text, char, pen, slant)
        hwr.ink_onto(img, hw, pen.colour, int(x), int(y + rh / 2 - 1.1 * char))
    rgb = np.asarray(img).copy()
    crisp = stamp.draw_seal(rng, company, pick(rng, ("发货专用章", "出库专用章", "业务专用章", "")), int(rng.uniform(200, 260)),
                            "round")
    cx, cy = int(W * rng.uniform(0.15, 0.45)), int(sig_y + rng.uniform(-10, 6) * px)
    rgb, box = stamp.press(rgb, stamp.inked(rng, crisp, rng.uniform(0, 0.3)), stamp.random_seal_colour(rng), cx, cy,
                           float(rng.uniform(-20, 20)))
    return rgb, [StampTruth(box, "round", None, company)]


DEVICES = ("clock", "thermometer", "thermo_hygrometer", "timer", "blood_pressure", "fuel_pump", "meter")
"""Displays that are not a scale's (the real LED clocks and thermometers of the tune split were taken
for weighing photos). A blood-pressure monitor's and a fuel pump's show stacked rows of digits, as a
price-computing scale does; a meter (pH, volts, millimetres, kWh) shows one decimal reading, as a
scale does. Real ones often show no unit a reader can read (a pump labels its rows on the housing, a
meter's unit is small or unlit): a tune split's pH meter and a fuel pump were weighing photos at
0.87-0.99 for a display with nothing beside it, and the generator's every non-scale display had its
unit until then, so a display without one meant a scale."""
UNIT_SHOWN = 0.6
"""Share of thermometers, meters and fuel pumps whose unit (or the pump's row labels) is drawn."""


def _stacked_rows(rng: np.random.Generator, rows: list[tuple[str, str, str]], style: str, digit_h: int) -> np.ndarray:
    """One panel of several rows of digits, each (digits, label on the left, unit on the right),
    as a blood-pressure monitor shows them. RGB uint8."""
    bg, lit = STYLES[style][0], STYLES[style][1]
    f = font("noto_sans_bold", max(14, int(digit_h * 0.32)))
    panels = [render_display(rng, text, style, digit_h, positions=max(3, len(text.replace(".", ""))), lean=0.0)
              for text, _, _ in rows]
    label_w = max(int(f.getlength(label)) for _, label, _ in rows) + digit_h // 4
    unit_w = max(int(f.getlength(unit)) for _, _, unit in rows) + digit_h // 4
    W = label_w + max(q.shape[1] for q in panels) + unit_w
    H = sum(q.shape[0] for q in panels)
    img = Image.new("RGB", (W, H), tuple(int(v) for v in bg))
    d = ImageDraw.Draw(img)
    y = 0
    for (text, label, unit), q in zip(rows, panels):
        x = W - unit_w - q.shape[1]
        img.paste(Image.fromarray(q), (x, y))
        d.text((digit_h // 8, y + q.shape[0] // 2), label, font=f, fill=lit, anchor="lm")
        d.text((W - unit_w + digit_h // 8, y + q.shape[0] // 2), unit, font=f, fill=lit, anchor="lm")
        y += q.shape[0]
    return np.asarray(img).copy()


def _fuel_pump_rows(rng: np.random.Generator, labelled: bool) -> list[tuple[str, str, str]]:
    """What a fuel pump shows: the sale, the volume and the price per unit, (digits, label, unit) per
    row; labels and units only when ``labelled`` (else they are printed on the housing)."""
    price = rng.uniform(1.2, 9.5)
    volume = rng.uniform(3, 80)
    chinese = rng.random() < 0.5
    names = (("金额", "元"), ("升数", "L"), ("单价", "元/L")) if chinese else (
        ("SALE", "$"), ("LITRES" if rng.random() < 0.6 else "GALLONS", ""), ("PRICE", "/L"))
    rows = [f"{price * volume:.2f}", f"{volume:.2f}", f"{price:.2f}" if rng.random() < 0.5 else f"{price:.3f}"]
    return [(text, *(name if labelled else ("", ""))) for text, name in zip(rows, names)]


_METER_READINGS = (("pH", 2, (2.0, 12.0)), ("mV", 1, (-300.0, 400.0)), ("V", 2, (0.5, 30.0)), ("mm", 3, (0.0, 9.0)),
                   ("kWh", 1, (100.0, 9999.0)))
"""A meter's unit, decimals and range."""


def _blood_pressure_rows(rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """What a blood-pressure monitor shows: (digits, label, unit) per row."""
    return [(f"{rng.integers(100, 170)}", "SYS", "mmHg"), (f"{rng.integers(60, 100)}", "DIA", "mmHg"),
            (f"{rng.integers(55, 110)}", "PUL", "/min")]


def _digital_display(rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    """A digital clock, thermometer, timer, blood-pressure monitor, fuel pump or meter on a table or
    wall: a seven-segment display that is not a scale's (no platform, no parcel, no kg)."""
    device = pick(rng, DEVICES)
    W, H = (1600, 1200) if rng.random() < 0.6 else (1200, 1600)
    img = Image.fromarray(surface(rng, W, H))
    d = ImageDraw.Draw(img)
    style = pick(rng, list(STYLES))
    digit_h = int(rng.uniform(90, 260))
    extra = ""
    if device == "blood_pressure":
        digit_h = int(digit_h * 0.6)  # three rows must fit the frame
        rows = _blood_pressure_rows(rng)
        panel, shown = _stacked_rows(rng, rows, style, digit_h), " ".join(r[0] for r in rows)
    elif device in ("clock", "timer"):
        a, b = (int(rng.integers(0, 24)), int(rng.integers(0, 60))) if device == "clock" else (
            int(rng.integers(0, 60)), int(rng.integers(0, 60)))
        shown = f"{a:02d}:{b:02d}" if device == "timer" or a >= 10 or rng.random() < 0.5 else f"{a}:{b:02d}"
        panel = with_colon(render_display(rng, shown.replace(":", "").rjust(4), style, digit_h, positions=4, lean=0.0),
                           style, digit_h)
        extra = pick(rng, ("周三", "MON", "AM", "PM", f"{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"))
    elif device == "fuel_pump":
        digit_h = int(digit_h * 0.6)
        rows = _fuel_pump_rows(rng, rng.random() < UNIT_SHOWN)
        panel, shown = _stacked_rows(rng, rows, style, digit_h), " ".join(r[0] for r in rows)
    elif device == "meter":
        unit, decimals, (lo, hi) = _METER_READINGS[int(rng.integers(len(_METER_READINGS)))]
        shown = f"{rng.uniform(lo, hi):.{decimals}f}"
        panel = render_display(rng, shown, style, digit_h, positions=max(3, len(shown.replace(".", ""))))
        extra = unit if rng.random() < UNIT_SHOWN else ""
    else:
        temp = f"{rng.uniform(-5, 35):.1f}"
        shown = temp
        panel = render_display(rng, temp, style, digit_h, positions=3 if len(temp) <= 4 else 4)
        extra = "°C" if device == "thermo_hygrometer" or rng.random() < UNIT_SHOWN else ""
    ph, pw = panel.shape[:2]
    body = tuple(int(v) for v in pick(rng, ((240, 240, 236), (30, 30, 32), (150, 105, 70), (190, 192, 196))))
    ink = (230, 230, 230) if sum(body) < 300 else (40, 40, 40)
    small = font("noto_sans_bold", max(14, int(digit_h * 0.3)))
    beside = device in ("thermometer", "thermo_hygrometer", "meter") and extra  # the unit after the digits
    side = int(small.getlength(extra)) + int(digit_h * 0.2) if beside else 0
    hum = f"{rng.integers(20, 95)}"
    second = render_display(rng, hum, style, int(digit_h * 0.5), positions=2) if device == "thermo_hygrometer" else None
    below = (second.shape[0] if second is not None else int(digit_h * 0.35)) + int(digit_h * 0.15)
    pad = int(digit_h * rng.uniform(0.35, 0.6))
    bw, bh = pw + side + 2 * pad, ph + below + 2 * pad
    x0, y0 = int((W - bw) * rng.uniform(0.2, 0.8)), int((H - bh) * rng.uniform(0.2, 0.8))
    d.rounded_rectangle((x0 + 12, y0 + 16, x0 + bw + 12, y0 + bh + 16), pad, fill=(40, 40, 40))  # its shadow
    d.rounded_rectangle((x0, y0, x0 + bw, y0 + bh), pad, fill=body)
    px_, py_ = x0 + pad, y0 + pad
    img.paste(Image.fromarray(panel), (px_, py_))
    if side:
        d.text((px_ + pw + int(digit_h * 0.1), py_ + ph), extra, font=small, fill=ink, anchor="ld")
    if second is not None:
        img.paste(Image.fromarray(second), (px_, py_ + ph + int(digit_h * 0.15)))
        d.text((px_ + second.shape[1] + 8, py_ + ph + int(digit_h * 0.15) + second.shape[0]), "%RH", font=small,
               fill=ink, anchor="ld")
        shown += f" {hum}%"
    elif not side and extra:  # a clock's second line: the day or the date
        d.text((px_ + pw, py_ + ph + int(digit_h * 0.12)), extra, font=small, fill=ink, anchor="ra")
    unit_shown = bool(extra) if device in ("thermometer", "meter") else None
    rows_h = ph + (int(digit_h * 0.15) + second.shape[0] if second is not None else 0)
    panel_box = (px_, py_, max(pw, second.shape[1] if second is not None else 0), rows_h)
    return np.asarray(img).copy(), {"device": device, "display": style, "shown": shown, "unit_shown": unit_shown,
                                    "panel_box": panel_box}


def make_other(rng: np.random.Generator, kind: str | None = None) -> tuple[Document, bool]:
    """A document of ``kind``, and whether it is photographed (screenshots are not)."""
    kind = kind or KINDS[rng.integers(len(KINDS))]
    stamps: list[StampTruth] = []
    carrier = number = None  # what a page names, though it proves nothing
    meta: dict = {}
    if kind == "chat_screenshot":
        rgb, photographed = _chat(rng), False
    elif kind == "product_photo":
        rgb, photographed = _product(rng), True
    elif kind == "form":
        rgb, photographed = _form(rng), rng.random() < 0.7
    elif kind == "table_screenshot":
        rgb, photographed = _table_screenshot(rng), False
    elif kind == "printed_page":
        rgb, photographed = render_page(rng, 1240, 1754, text_px=int(rng.uniform(28, 36)), line=prose_line).pixels, True
    elif kind == "tracking_screenshot":
        (rgb, carrier, number), photographed = _tracking_screenshot(rng), False
    elif kind == "order_screenshot":
        (rgb, carrier, number), photographed = _order_screenshot(rng), False
    elif kind == "delivery_note":
        (rgb, stamps), photographed = _delivery_note(rng), True
    elif kind == "digital_display":
        (rgb, meta), photographed = _digital_display(rng), True
    else:
        rgb, stamps = _invoice(rng)
        photographed = rng.random() < 0.6  # e-invoices are often uploaded as rendered
    must, must_not = codes_for([])
    # A device's display is a display (the display-region model learns them as a scale's), though no weight.
    display_box = meta.pop("panel_box", None)
    return Document(rgb, Truth("other", kind, carrier, None, stamps, [], number, None, display_box, must, must_not,
                               meta)), \
        photographed
