"""What merchants upload by mistake (doc_type ``other``): chat screenshots, product photos,
plain printed pages, and invoices with a red seal that is not a courier's (a hard negative)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from . import people, stamp
from .fonts import font
from .surfaces import hand, sleeve, surface, wire_mesh
from .page import render_page
from .truth import Document, StampTruth, Truth, codes_for

KINDS = ("chat_screenshot", "product_photo", "printed_page", "invoice", "form", "table_screenshot")
CHAT_LINES = ["亲，您的快递显示已签收哦", "我没有收到包裹", "麻烦提供一下签收证明", "好的稍等", "快递员说放在驿站了",
              "请问什么时候发货", "已经帮您催促了", "这个商品有质量问题", "可以退货吗", "收到货了谢谢",
              "麻烦上传称重图片", "包裹里少了一件", "我们核实一下", "申请售后了"]
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
    seller = (people.CITIES[rng.integers(len(people.CITIES))][:-1] + people.person_name(rng)[1:]
              + TRADE_WORDS[rng.integers(len(TRADE_WORDS))] + "有限公司")
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


def make_other(rng: np.random.Generator, kind: str | None = None) -> tuple[Document, bool]:
    """A document of ``kind``, and whether it is photographed (screenshots are not)."""
    kind = kind or KINDS[rng.integers(len(KINDS))]
    stamps: list[StampTruth] = []
    if kind == "chat_screenshot":
        rgb, photographed = _chat(rng), False
    elif kind == "product_photo":
        rgb, photographed = _product(rng), True
    elif kind == "form":
        rgb, photographed = _form(rng), rng.random() < 0.7
    elif kind == "table_screenshot":
        rgb, photographed = _table_screenshot(rng), False
    elif kind == "printed_page":
        rgb, photographed = render_page(rng, 1240, 1754, text_px=int(rng.uniform(28, 36))).pixels, True
    else:
        rgb, stamps = _invoice(rng)
        photographed = rng.random() < 0.6  # e-invoices are often uploaded as rendered
    must, must_not = codes_for([])
    return Document(rgb, Truth("other", kind, None, None, stamps, [], None, None, None, must, must_not, {})), photographed
