"""Waybills, each with its true tracking number: thermal e-waybill labels (电子面单) of 100 x 180 mm
and 76 x 130 mm, older multi-part paper waybills filled by hand or by a dot-matrix printer, and
platform parcel slips that name no carrier.

Layouts are procedural: the order of their blocks, their sizes, which optional parts they carry,
the wording of their labels, the header's colour and font all vary with the ``rng``.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ..carriers import CARRIERS, carriers_for_number
from . import handwriting as hwr
from . import people
from .fonts import font, wrap
from .people import pick
from .receipt import BRAND_COLOURS
from .truth import Document, Truth, codes_for

PX_PER_MM = 8
VARIANTS = ("label", "on_box", "small_76x130", "paper_multipart", "bag", "parcel_slip")
"""What ``generate`` rotates through: the 100 x 180 label on a desk (``label``) or on a box
(``on_box``), the 76 x 130 label, the paper waybill, a label on a plastic mailer (``bag``), the
platform slip. ``truth.meta["layout"]`` says which layout was drawn."""
LAYOUTS = ("e100x180", "e76x130", "paper_multipart", "parcel_slip")
_VARIANT_LAYOUTS = {"label": (("e100x180",), ("desk",)), "on_box": (("e100x180",), ("cardboard",)),
                    "small_76x130": (("e76x130",), ("desk", "cardboard")),
                    "paper_multipart": (("paper_multipart",), ("desk", "cardboard")),
                    "bag": (("e100x180", "e76x130"), ("bag",)),
                    "parcel_slip": (("parcel_slip",), ("desk", "cardboard", "bag"))}

# Wordings real labels use for the same thing.
RECIPIENT = ("收", "收件人", "收货人")
SENDER = ("寄", "寄件人", "发件人")
NUMBER = ("运单号", "快递单号", "单号")
COPIES = ("签收联", "派件联", "收件联", "寄件联")
SERVICES = ("标准快递", "电商标快", "特快专递", "经济快递", "次日达", "特惠件")
GOODS = ("服装", "日用品", "文件", "电子产品", "食品", "鞋", "化妆品", "配件", "书籍", "玩具")
HEADER_FONTS = ("noto_sans_bold", "wqy_zenhei", "noto_serif", "ar_pl_uming", "wqy_microhei")
BODY_FONTS = ("noto_sans", "wqy_microhei", "wqy_zenhei", "noto_sans_bold")


def barcode_image(text: str, module_px: int, height: int, symbology: str = "code128") -> Image.Image:
    """A linear barcode of ``text`` (``symbology``: "code128" or "code39"), ``module_px`` pixels per
    narrowest bar, with quiet zones."""
    import zxingcpp

    fmt = {"code128": zxingcpp.BarcodeFormat.Code128, "code39": zxingcpp.BarcodeFormat.Code39}[symbology]
    bc = zxingcpp.create_barcode(text, fmt)
    row = np.asarray(bc.to_image(scale=1, add_quiet_zones=True))[0]  # one row: the bar pattern
    bars = np.repeat(row, module_px)
    return Image.fromarray(np.tile(bars, (height, 1)).astype(np.uint8))


def fitted_barcode(text: str, module_px: int, height: int, max_width: int, symbology: str = "code128") -> Image.Image:
    """:func:`barcode_image` with the widest module up to ``module_px`` that fits ``max_width``."""
    for m in range(module_px, 1, -1):
        bar = barcode_image(text, m, height, symbology)
        if bar.width <= max_width:
            return bar
    return barcode_image(text, 1, height, symbology)


def qr_image(text: str, module_px: int) -> Image.Image:
    import zxingcpp

    return Image.fromarray(np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
                                      .to_image(scale=module_px, add_quiet_zones=True)))


def sorting_code(rng: np.random.Generator) -> str:
    """The large three-part routing code (三段码), e.g. 310-W12 00."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return (f"{rng.integers(100, 999)}-{letters[rng.integers(len(letters))]}{rng.integers(1, 99):02d} "
            f"{rng.integers(0, 99):02d}")


def spaced(number: str) -> str:
    """The number in groups of four, as labels print it under the bars."""
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


SERVICE_LINES = {"sf": ("95338", "www.sf-express.com"), "zto": ("95311", "www.zto.com"),
                 "yto": ("95554", "www.yto.net.cn"), "sto": ("95543", "www.sto.cn"),
                 "yunda": ("95546", "www.yundaex.com"), "jt": ("956025", "www.jtexpress.cn"),
                 "ems": ("11183", "www.ems.com.cn"), "jd": ("950616", "www.jdl.com"),
                 "deppon": ("95353", "www.deppon.com")}
"""Each carrier's public service hotline and web address, as its printed forms carry them."""
TERMS = ("寄件人已阅读并同意背面契约条款", "请寄件人仔细阅读背面条款", "本单一式四联", "请用力填写 字迹清楚",
         "禁寄物品不予收寄")

LEGACY_SERIAL_SHARE = 0.5
"""Share of paper waybills whose pre-printed serial is an older all-digit number that fits no
carrier's current format. Printed forms are stocked for years: of the 7 real paper waybills
gathered (docs/real-images), 6 carry such a number (10 to 13 digits, some framed in asterisks)."""


def legacy_serial(rng: np.random.Generator) -> str:
    """A paper form's pre-printed all-digit serial, 10 to 13 digits, that fits no current format."""
    while True:
        n = str(rng.integers(1, 10)) + "".join(str(d) for d in rng.integers(0, 10, int(rng.integers(9, 13))))
        if not carriers_for_number(n):
            return n


def serial_as_printed(rng: np.random.Generator, number: str) -> str:
    """How a form prints its serial under the bars: plain, in groups of three or four, one digit
    apart, or framed in asterisks as Code 39 labels do."""
    style = rng.random()
    if style < 0.3:
        return number
    if style < 0.55:
        return spaced(number)
    if style < 0.7:
        return " ".join(number[i:i + 3] for i in range(0, len(number), 3))
    if style < 0.85:
        return " ".join(number)
    return "*" + number + "*"


def make_variant(rng: np.random.Generator, variant: str) -> tuple[Document, str]:
    """A waybill of ``variant`` (one of :data:`VARIANTS`) and the background to photograph it on."""
    layouts, backgrounds = _VARIANT_LAYOUTS[variant]
    doc = make_waybill(rng, layout=pick(rng, layouts))
    doc.truth.variant = variant
    return doc, pick(rng, backgrounds)


def make_waybill(rng: np.random.Generator, carrier: str | None = None, tracking: str | None = None,
                 layout: str = "e100x180") -> Document:
    """One waybill of ``layout`` (:data:`LAYOUTS`), its tracking number in the truth. A parcel slip
    names no carrier: its truth's carrier is None whatever ``carrier`` says."""
    if layout == "parcel_slip":
        return _parcel_slip(rng, carrier, tracking)
    carrier = carrier or list(CARRIERS)[rng.integers(len(CARRIERS))]
    number = tracking or people.tracking_number(rng, carrier)
    if layout == "paper_multipart":
        if tracking is None and rng.random() < LEGACY_SERIAL_SHARE:
            number = legacy_serial(rng)
        img, meta = _paper_multipart(rng, carrier, number)
    else:
        img, meta = _e_waybill(rng, carrier, number, small=layout == "e76x130")
    return _document(img, carrier, number, {"layout": layout, **meta})


def _document(img: Image.Image, carrier: str | None, number: str, meta: dict) -> Document:
    must, must_not = codes_for([])
    truth = Truth("waybill", "label", carrier, None, [], [], number, None, None, must, must_not, meta)
    return Document(np.asarray(img).copy(), truth)


# --- Thermal e-waybills -------------------------------------------------------------------------


class _Label:
    """A thermal label being laid out top to bottom; sizes in millimetres."""

    PAPER = (250, 250, 248)

    def __init__(self, rng, w_mm, h_mm, ink, body):
        self.rng, self.mm = rng, PX_PER_MM
        self.W, self.H = int(w_mm * PX_PER_MM), int(h_mm * PX_PER_MM)
        self.img = Image.new("RGB", (self.W, self.H), self.PAPER)
        self.d = ImageDraw.Draw(self.img)
        self.ink, self.body = ink, body
        self.bands: list[tuple[int, int, bool]] = []  # drawn blocks: rows y0..y1, ruled below or not

    def block(self, draw, y: int, ruled: bool) -> int:
        """Draw a block with ``draw(y) -> bottom`` and remember its rows for :meth:`spread`."""
        y1 = draw(y)
        self.bands.append((y, y1, ruled))
        return y1 + self.px(1)

    def spread(self, bottom: int, max_gap_mm: float) -> int:
        """Move the blocks apart so they fill the label down to ``bottom`` (real labels use all of
        it) with at most ``max_gap_mm`` between them, ruling the gaps that ask for a rule. Returns
        the new bottom of the last block."""
        arr = np.asarray(self.img)
        out = np.empty_like(arr)
        out[:] = self.PAPER
        used = sum(y1 - y0 for y0, y1, _ in self.bands)
        gap = int(np.clip((bottom - self.bands[0][0] - used) / len(self.bands), self.px(1), self.px(max_gap_mm)))
        y, rules = self.bands[0][0], []
        for y0, y1, ruled in self.bands:
            out[y:y + y1 - y0] = arr[y0:y1]
            y += y1 - y0
            if ruled:
                rules.append(y + gap // 2)
            y += gap
        self.img = Image.fromarray(out)
        self.d = ImageDraw.Draw(self.img)
        for r in rules:
            self.rule(r, self.rng.uniform(0.3, 0.7))
        return y - gap

    def code(self, code: Image.Image, x: int, y: int) -> None:
        print_code(self.img, code, x, y, self.ink)

    def px(self, mm: float) -> int:
        return int(round(mm * self.mm))

    def text(self, x, y, s, size_mm, anchor="la", name=None, fill=None):
        f = font(name or self.body, max(8, self.px(size_mm)))
        self.d.text((x, y), s, font=f, fill=fill or self.ink, anchor=anchor)
        return self.d.textbbox((x, y), s, font=f, anchor=anchor)

    def rule(self, y, width_mm=0.5):
        self.d.line((0, y, self.W, y), fill=self.ink, width=max(1, self.px(width_mm)))

    def wrap(self, s: str, size_mm: float, width: int) -> list[str]:
        return wrap(s, font(self.body, max(8, self.px(size_mm))), width)


def print_code(img: Image.Image, code: Image.Image, x: int, y: int, ink) -> None:
    """Print a barcode or QR code image (white = no ink) onto ``img`` at (x, y) in ``ink``: only
    the bars take ink, the paper's tint shows between them."""
    mask = Image.fromarray(255 - np.asarray(code.convert("L")))
    img.paste(tuple(ink), (x, y, x + code.width, y + code.height), mask)


def _e_waybill(rng, carrier, number, small: bool) -> tuple[Image.Image, dict]:
    """A thermal label: header, sorting code, barcode, recipient, sender, service box, QR and
    (100 x 180 only, mostly) the tear-off stub. Printed black; the header may be pre-printed in
    the brand's colour on the label stock."""
    c = CARRIERS[carrier]
    k = 0.75 if small else 1.0  # type scale: the small label is denser
    ink = (int(rng.uniform(8, 60)),) * 3  # thermal print fades from black to dark grey
    lab = _Label(rng, 76 if small else 100, 130 if small else 180, ink, pick(rng, BODY_FONTS))
    W, m = lab.W, lab.px(2.5)
    words = {"to": pick(rng, RECIPIENT), "from": pick(rng, SENDER), "no": pick(rng, NUMBER)}
    brand_colour = BRAND_COLOURS[carrier] if rng.random() < 0.3 else ink
    header_font = pick(rng, HEADER_FONTS)

    def header(y):
        h = lab.px(rng.uniform(12, 17) * k)
        name = c.name_zh if rng.random() < 0.8 else c.short_zh + ("快递", "速运", "物流")[rng.integers(3)]
        size = h * rng.uniform(0.5, 0.65) / lab.mm
        if rng.random() < 0.3:  # the logo in a solid block, text knocked out
            bb = lab.d.textbbox((m, y + h / 2), name, font=font(header_font, lab.px(size)), anchor="lm")
            lab.d.rectangle((bb[0] - m // 2, y + h * 0.08, bb[2] + m // 2, y + h * 0.92), fill=brand_colour)
            lab.text(m, y + h / 2, name, size, "lm", header_font, lab.PAPER)
        else:
            lab.text(m, y + h / 2, name, size, "lm", header_font, brand_colour)
        lab.text(W - m, y + h * 0.3, pick(rng, SERVICES), 3.8 * k, "rm", "noto_sans_bold")
        r = rng.random()
        extra = (f"打印时间 2026-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}" if r < 0.5 else
                 "电子面单" if r < 0.75 else f"件数 1/{rng.integers(1, 4)}")
        lab.text(W - m, y + h * 0.75, extra, 2.6 * k, "rm")
        return y + h

    def sort_code(y):
        h = lab.px(rng.uniform(13, 19) * k)
        bb = lab.text(W / 2, y, sorting_code(rng), h / lab.mm * rng.uniform(0.75, 0.95), "ma", "noto_sans_bold")
        if rng.random() < 0.4:  # the hub the bag goes to, under the code
            bb = lab.text(W / 2, bb[3] + lab.px(1), f"集包地：{pick(rng, people.CITIES)[:-1]}转运中心", 3.0 * k, "ma")
        return bb[3] + lab.px(0.5)

    def barcode(y):
        h = lab.px(rng.uniform(14, 20) * k)
        bar = fitted_barcode(number, int(rng.choice([3, 4])), h, W - 2 * m)
        lab.code(bar, (W - bar.width) // 2, y)
        y += bar.height + lab.px(1)
        shown = spaced(number) if rng.random() < 0.7 else number
        if rng.random() < 0.4:
            shown = f"{words['no']}：{shown}"
        return lab.text(W / 2, y, shown, rng.uniform(3.8, 4.8) * k, "ma", "noto_sans_bold")[3]

    def party(y, role, big):
        size = (rng.uniform(4.2, 5.2) if big else rng.uniform(3.2, 3.8)) * k
        tag = words[role]
        if len(tag) == 1:  # a boxed 收 / 寄
            s = lab.px(size * 1.7)
            lab.d.rectangle((m, y, m + s, y + s), outline=ink, width=max(2, lab.px(0.35)))
            lab.text(m + s / 2, y + s / 2, tag, size * 1.15, "mm", "noto_sans_bold")
            x, prefix = m + s + lab.px(2), ""
        else:
            x, prefix = m, tag + "："
        name = people.person_name(rng)
        masked = name[0] + "*" * (len(name) - 1) if rng.random() < 0.85 else name
        bb = lab.text(x, y, f"{prefix}{masked}  {people.masked_phone(rng)}", size,
                      name="noto_sans_bold" if big else None)
        y2 = bb[3] + lab.px(1)
        unit = pick(rng, ("", "", f"{rng.integers(1, 30)}栋{rng.integers(101, 2999)}室", f"{rng.integers(1, 9)}单元",
                          "菜鸟驿站", "丰巢柜"))
        for line in lab.wrap(people.address(rng) + unit, size * 0.9, W - x - m)[:2]:
            y2 = lab.text(x, y2, line, size * 0.9)[3] + lab.px(0.8)
        return max(y2, y + lab.px(size * 1.7))

    def service(y, qr_side: bool):
        """Goods, 已验视, COD, count and weight on the left; the QR code on the right."""
        items = [f"内件品名：{pick(rng, GOODS)}", "已验视" if rng.random() < 0.7 else ""]
        if rng.random() < 0.3:
            items.append(f"代收货款：￥{rng.uniform(20, 500):.2f}")
        if rng.random() < 0.6:
            items.append(f"件数：1  重量：{rng.uniform(0.1, 8):.1f}kg")
        if rng.random() < 0.5:
            items.append("签收人/时间：")
        if rng.random() < 0.3:
            items.append("您对此单的签收，代表您已验收，确认商品信息无误，包装完好。")
        qr = qr_image(f"https://qr.example/{carrier}/{number}", 3 if small else int(rng.choice([4, 5]))) \
            if qr_side else None
        right = W - m - (qr.width if qr else 0) - m
        yy = y
        for it in filter(None, items):
            for line in lab.wrap(it, 3.0 * k, right - m):
                yy = lab.text(m, yy, line, 3.0 * k)[3] + lab.px(1)
        if qr is not None:
            lab.code(qr, W - qr.width - m // 2, y)
            yy = max(yy, y + qr.height)
        return yy

    def sign_box(y):
        h = lab.px(rng.uniform(14, 22) * k)
        lab.d.rectangle((m, y, W - m, y + h), outline=ink, width=max(1, lab.px(0.3)))
        lab.text(m + lab.px(1.5), y + lab.px(1.5), pick(rng, ("签收人：", "收件人签名：", "签收：")), 3.2 * k)
        lab.text(W - m - lab.px(1.5), y + h - lab.px(1.5), "年    月    日", 3.0 * k, "rd")
        return y + h

    order = ["header"] + (["sort", "barcode"] if rng.random() < 0.75 else ["barcode", "sort"])
    if small and rng.random() < 0.3:
        order.remove("sort")  # some small labels print the routing code only in the QR
    order += ["to", "from"] if rng.random() < 0.85 else ["from", "to"]
    qr_side = not small or rng.random() < 0.6  # 100 x 180 labels always carry the QR code
    order.append("service")
    stub = not small and rng.random() < 0.75
    if not stub and rng.random() < 0.7:
        order.append("sign")  # a one-part label keeps a box for the signature where the stub would be
    draw = {"header": header, "sort": sort_code, "barcode": barcode,
            "to": lambda y: party(y, "to", True), "from": lambda y: party(y, "from", False),
            "service": lambda y: service(y, qr_side), "sign": sign_box}
    y = lab.px(1.5)
    for i, block in enumerate(order):
        y = lab.block(draw[block], y, ruled=i < len(order) - 1 or rng.random() < 0.5)

    bottom = lab.H - lab.px(rng.uniform(38, 44)) if stub else lab.H - lab.px(2)
    copy = pick(rng, COPIES) if rng.random() < 0.6 else None
    lab.spread(bottom - (lab.px(5 * k) if copy else 0), 9 * k)
    if copy:  # the copy's name at the foot of the main part
        lab.text(W - m, bottom, copy, 3.2 * k, "rd", "noto_sans_bold")
    if stub:  # the tear-off part: a second, smaller barcode and the sender's short line
        y = bottom + lab.px(1)
        lab.d.line((0, y, W, y), fill=ink, width=lab.px(0.4))
        bar = fitted_barcode(number, 2, lab.px(rng.uniform(9, 12)), W // 2)
        lab.code(bar, m, y + lab.px(3))
        bb = lab.text(m, y + lab.px(4) + bar.height, number, 3.2)
        lab.text(m, bb[3] + lab.px(1.5), f"{c.name_zh}  {people.address(rng)[:12]}", 2.8)
        lab.text(W - m, y + lab.px(4), pick(rng, ("寄件联", "收件联", "存根联")), 3.6, "ra", "noto_sans_bold")
        lab.text(W - m, y + lab.px(10), f"{words['from']}：{people.person_name(rng)[0]}**", 3.0, "ra")
    return lab.img, {"body_font": lab.body, "header_font": header_font, "order": order, "stub": stub,
                     "qr": qr_side, "wording": words}


# --- Multi-part paper waybills --------------------------------------------------------------------

TINTS = {"white": (248, 248, 243), "pink": (248, 212, 218), "yellow": (250, 238, 178), "green": (212, 238, 210),
         "blue": (214, 228, 246)}
COPY_NAMES = ("寄件人存根", "收件人存根", "派件存根", "收寄局存查", "寄件人联", "收件人联", "财务联")
CARBON = (70, 60, 150)  # carbon paper's blue-violet


def _dot_matrix(text: str, size: int, pitch_ss: int) -> np.ndarray:
    """Coverage (0..1) of ``text`` as a dot-matrix printer strikes it: separate round dots on a
    grid ``pitch_ss`` / 3 pixels apart (drawn three times larger, then averaged down)."""
    ss = 3
    f = font("noto_sans", size * ss)
    x0, y0, x1, y1 = f.getbbox(text)
    m = Image.new("L", (x1 - x0 + 2 * ss, y1 - y0 + 2 * ss), 0)
    ImageDraw.Draw(m).text((ss - x0, ss - y0), text, font=f, fill=255)
    a = np.asarray(m, np.float32) / 255
    gh, gw = a.shape[0] // pitch_ss, a.shape[1] // pitch_ss
    on = a[:gh * pitch_ss, :gw * pitch_ss].reshape(gh, pitch_ss, gw, pitch_ss).mean(axis=(1, 3)) > 0.3
    r = (pitch_ss - 1) / 2
    yy, xx = np.mgrid[0:pitch_ss, 0:pitch_ss] - r
    dot = (np.hypot(yy, xx) <= pitch_ss * 0.4).astype(np.float32)
    big = np.kron(on.astype(np.float32), dot)
    return cv2.resize(big, (big.shape[1] // ss, big.shape[0] // ss), interpolation=cv2.INTER_AREA)


def form_printer(d: ImageDraw.ImageDraw, body_font: str, colour):
    """Shorthand for printing a form: ``t(x, y, text, size, anchor="la", fnt=body_font, fill=colour)``."""
    def t(x, y, s, size, anchor="la", fnt=None, fill=colour):
        d.text((x, y), s, font=font(fnt or body_font, int(size)), fill=fill, anchor=anchor)
    return t


def side_text(img: Image.Image, text: str, box, fnt, colour) -> None:
    """``text`` printed down the page's edge (read with the head turned right), centred in ``box``
    (x, y, w, h), as multi-part forms print the copy's name."""
    x, y, w, h = box
    tile = Image.new("L", (h, w), 0)
    ImageDraw.Draw(tile).text((h / 2, w / 2), text, font=fnt, fill=255, anchor="mm")
    tile = tile.rotate(-90, expand=True)
    img.paste(Image.new("RGB", tile.size, tuple(colour)), (x, y), tile)


def _lay_ink(img: Image.Image, alpha: np.ndarray, colour, x: int, y: int) -> None:
    hwr.ink_onto(img, hwr.Handwriting(alpha, [], ""), colour, x, y)


def _paper_multipart(rng, carrier, number) -> tuple[Image.Image, dict]:
    """A carbon-copy waybill (about 230 x 127 mm): printed boxes for sender, recipient, goods and
    signatures, a pre-printed barcode with its number, the fields filled by hand or by a dot-matrix
    printer, on tinted paper, with the copy's name (第一联 寄件人存根) printed on it."""
    c = CARRIERS[carrier]
    px = 6
    W, H = 230 * px, 127 * px
    tint = pick(rng, tuple(TINTS))
    img = Image.new("RGB", (W, H), tuple(int(v * rng.uniform(0.97, 1.0)) for v in TINTS[tint]))
    d = ImageDraw.Draw(img)
    form = BRAND_COLOURS[carrier] if rng.random() < 0.5 else pick(rng, ((20, 100, 50), (170, 30, 40), (30, 50, 130),
                                                                        (30, 30, 30)))
    lf = pick(rng, ("noto_sans", "noto_serif", "wqy_microhei", "ar_pl_uming"))
    copy_no = int(rng.integers(1, 5))
    copy_label = f"第{'一二三四'[copy_no - 1]}联 {pick(rng, COPY_NAMES)}"
    fill = str(rng.choice(["hand", "dot_matrix", "blank"], p=[0.5, 0.35, 0.15]))  # blank: a form not yet filled in
    by_hand = fill == "hand"
    # The first copy carries the pen's (or ribbon's) own ink; later ones the carbon's, softer.
    if copy_no == 1:
        fill_ink = hwr.BLUE_BALLPOINT.colour if by_hand and rng.random() < 0.7 else (35, 30, 60)
    else:
        fill_ink = tuple(int(v * rng.uniform(0.9, 1.2)) for v in CARBON)
    t = form_printer(d, lf, form)

    # Header: the brand, the form's name, the pre-printed barcode and number.
    m = 4 * px
    t(m, m, c.name_zh, int(rng.uniform(7, 10) * px), fnt="noto_sans_bold",
      fill=BRAND_COLOURS[carrier] if rng.random() < 0.6 else form)
    t(m, m + 11 * px, pick(rng, ("快递运单", "国内特快专递邮件详情单", "快件运单", "国内快递详情单", "速递运单")),
      int(4.5 * px))
    if rng.random() < 0.7:
        hotline, site = SERVICE_LINES[carrier]
        t(m + int(W * 0.22), m + int(1.5 * px), f"{pick(rng, ('客服热线', '客服电话', '服务热线'))}：{hotline}",
          int(2.8 * px))
        t(m + int(W * 0.22), m + int(5.5 * px), site, int(2.8 * px))
    number_colour = (200, 30, 40) if rng.random() < 0.5 else (20, 20, 20)  # serials are often printed red
    caption = serial_as_printed(rng, number)
    # A caption framed in asterisks is Code 39's, the older paper forms' code (val: a five-part waybill).
    bar = fitted_barcode(number, 3, 12 * px, int(W * 0.42), "code39" if caption.startswith("*") else "code128")
    bx = W - m - bar.width
    print_code(img, bar, bx, m, (20, 20, 20))
    t(bx + bar.width / 2, m + bar.height + px, caption, int(4 * px), "ma", "noto_sans_bold", number_colour)
    top, bottom = 24 * px, H - 7 * px
    d.rectangle((m, top, W - m - 6 * px, bottom), outline=form, width=3)

    # Two columns of boxed fields: the parties on the left, goods and signatures on the right.
    split = int(W * rng.uniform(0.52, 0.6))
    d.line((split, top, split, bottom), fill=form, width=3)
    words = {"from": pick(rng, ("寄件人", "发件人")), "to": pick(rng, ("收件人", "收货人"))}
    parties = ["from", "to"] if rng.random() < 0.8 else ["to", "from"]
    rows = ["姓名", "电话", "地址", "地址2"] + (["单位名称"] if rng.random() < 0.5 else []) + (
        ["邮编"] if rng.random() < 0.4 else [])
    half = (bottom - top) / 2
    values = []  # (x, y, height, text): the fill-ins, drawn after the print
    for i, who in enumerate(parties):
        y0 = top + i * half
        if i:
            d.line((m, y0, split, y0), fill=form, width=3)
        tag_w = 8 * px
        d.line((m + tag_w, y0, m + tag_w, y0 + half), fill=form, width=2)
        word = words[who]
        for j, ch in enumerate(word):  # the party's name stacked down its side cell
            t(m + tag_w / 2, y0 + half / 2 + (j - (len(word) - 1) / 2) * 5.5 * px, ch, int(4.5 * px), "mm",
              "noto_sans_bold")
        rh = half / len(rows)
        for j, r in enumerate(rows):
            y = y0 + j * rh
            if j:
                d.line((m + tag_w, y, split, y), fill=form, width=1)
            if r != "地址2":
                t(m + tag_w + px, y + rh / 2, r + "：" if rng.random() < 0.5 else r, int(3.2 * px), "lm")
            x = m + tag_w + 16 * px
            text = {"姓名": people.person_name(rng), "电话": f"1{rng.integers(30, 99)}{rng.integers(0, 10 ** 8):08d}",
                    "地址": people.address(rng)[:11], "地址2": pick(rng, people.DISTRICTS) + f"{rng.integers(1, 40)}栋",
                    "单位名称": "", "邮编": f"{rng.integers(100000, 860000)}"}[r]
            if text:
                values.append((x, y, rh, text))
    goods = [("内件品名", pick(rng, GOODS)), ("件数", str(rng.integers(1, 4))),
             ("重量(kg)", f"{rng.uniform(0.2, 9):.1f}"), ("资费(元)", str(rng.integers(8, 60)))]
    if rng.random() < 0.5:
        goods.append(("保价金额", ""))
    goods += [(f"{words['from']}签名", people.person_name(rng)), ("收件人签名", ""),
              ("收寄日期", f"{rng.integers(1, 13)}月{rng.integers(1, 29)}日")]
    if rng.random() < 0.5:
        goods.append(("收寄人员", people.person_name(rng)))
    rh = (bottom - top) / len(goods)
    for j, (r, text) in enumerate(goods):
        y = top + j * rh
        if j:
            d.line((split, y, W - m - 6 * px, y), fill=form, width=1)
        t(split + 2 * px, y + rh / 2, r, int(3.2 * px), "lm")
        if text:
            values.append((split + 26 * px, y, rh, text))
    # The copy's name, down the right margin or along the foot.
    if rng.random() < 0.6:
        side_text(img, copy_label, (W - 6 * px, int(H * 0.05), 6 * px, int(H * 0.9)), font(lf, int(3.6 * px)), form)
    else:
        t(m, bottom + px, copy_label, int(3.2 * px))
    if rng.random() < 0.5:
        t(int(W * 0.45), bottom + px, pick(rng, TERMS), int(2.6 * px))

    # Fill-ins: by hand, or struck by a dot-matrix printer that never lines up with the boxes.
    if by_hand:
        pen = hwr.Pen("fill", fill_ink, rng.uniform(0.05, 0.07))
        slant = float(rng.uniform(-0.05, 0.25))
    else:
        pitch = int(rng.integers(4, 6))  # the head's dot pitch, in thirds of a pixel
    dx, dy = rng.uniform(-2, 4) * px, rng.uniform(-1.5, 1.5) * px
    for x, y, rh, text in values if fill != "blank" else ():
        if by_hand:
            char = min(rh * 0.62, 6 * px) * rng.uniform(0.9, 1.05)
            hw = hwr.write(rng, text, char, pen, slant)
            a = hw.alpha if copy_no == 1 else cv2.GaussianBlur(hw.alpha, (0, 0), 0.9) * 0.8
            # The ink of hwr.write's canvas runs from 0.6 to 1.6 character heights down.
            _lay_ink(img, a, pen.colour, int(x + rng.uniform(0, 4) * px), int(y + rh * 0.5 - 1.1 * char))
        else:
            a = _dot_matrix(text, int(min(rh * 0.55, 4.5 * px)), pitch)
            if copy_no > 1:
                a = cv2.GaussianBlur(a, (0, 0), 0.6) * 0.9
            _lay_ink(img, a * rng.uniform(0.7, 0.95), fill_ink, int(x + dx), int(y + (rh - a.shape[0]) / 2 + dy))
    return img, {"tint": tint, "copy": copy_label, "fill": fill,
                 "form_font": lf, "wording": words}


# --- Platform parcel slips ------------------------------------------------------------------------

PLATFORMS = ("菜鸟裹裹", "拼多多", "抖音电商", "快递包裹", "电商包裹单", "淘宝")
SHOPS = ("旗舰店", "专营店", "优品店", "工厂店", "生活馆")
SPECS = ("黑色 M", "白色 L", "默认规格", "500g", "2件装", "蓝色 均码")


def foreign_number(rng: np.random.Generator) -> str:
    """A tracking number in a non-Chinese style (UPS-, USPS-, Amazon-, Cainiao-like): fits no
    Chinese carrier's format."""
    digits = lambda n: "".join(str(v) for v in rng.integers(0, 10, n))  # noqa: E731
    alnum = lambda n: "".join("ABCDEFGHJKLMNPRSTUVWXY0123456789"[i] for i in rng.integers(0, 32, n))  # noqa: E731
    while True:
        number = pick(rng, (lambda: "1Z" + alnum(6) + digits(10), lambda: "9400" + digits(18),
                             lambda: "TBA" + digits(12), lambda: "LP00" + digits(12),
                             lambda: "UUS" + alnum(3) + digits(13)))()
        if not carriers_for_number(number):
            return number


def _parcel_slip(rng, carrier, tracking) -> Document:
    """A shipping slip a platform or a shop prints itself: no carrier brand header. Chinese slips
    carry a number of some carrier's format (the slip just does not say whose) and an order
    number beside it; English ones a foreign-style number under Ship To / From."""
    english = rng.random() < 0.4
    if english:
        number = tracking or foreign_number(rng)
    else:
        carrier = carrier or list(CARRIERS)[rng.integers(len(CARRIERS))]
        number = tracking or people.tracking_number(rng, carrier)
    ink = (int(rng.uniform(8, 50)),) * 3
    w_mm, h_mm = ((100, 150), (76, 130), (100, 100))[rng.integers(3)]
    lab = _Label(rng, w_mm, h_mm, ink, "noto_sans" if english else pick(rng, BODY_FONTS))
    W, m = lab.W, lab.px(3)
    k = w_mm / 100

    def lines(y, rows):
        for text, size, bold in rows:
            for line in lab.wrap(text, size * k, W - 2 * m):
                y = lab.text(m, y, line, size * k, name="noto_sans_bold" if bold else None)[3] + lab.px(1)
        return y - lab.px(1)

    def ship_to(y):
        box = lab.px(16 * k)
        lab.d.rectangle((W - m - box, y, W - m, y + box * 0.75), outline=ink, width=lab.px(0.6))
        lab.text(W - m - box / 2, y + box * 0.375, f"{'ABCDEFG'[rng.integers(7)]}{rng.integers(1, 99)}", 5.5 * k,
                 "mm", "noto_sans_bold")
        rows = [(pick(rng, ("SHIP TO:", "Ship To:", "DELIVER TO:")), 4.2, True), (people.latin_name(rng), 4.0, False)]
        return max(lines(y, rows + [(a, 3.8, False) for a in people.latin_address(rng)]), y + int(box * 0.75))

    def platform(y):
        bb = lab.text(m, y, pick(rng, PLATFORMS), rng.uniform(5, 7) * k, name=pick(rng, HEADER_FONTS))
        lab.text(W - m, (bb[1] + bb[3]) / 2, f"{rng.integers(1, 13)}-{rng.integers(1, 29)} {rng.integers(0, 24):02d}:"
                 f"{rng.integers(0, 60):02d}", 2.8 * k, "rm")
        return bb[3]

    def barcode(y):
        bar = fitted_barcode(number, int(rng.choice([2, 3, 4])), lab.px(rng.uniform(14, 22) * k), W - 2 * m)
        lab.code(bar, (W - bar.width) // 2, y)
        label = pick(rng, ("TRACKING #:", "Tracking No.", "TRK#")) if english else pick(rng, NUMBER + ("包裹号",))
        return lab.text(W / 2, y + bar.height + lab.px(1.5), f"{label} {number}", 4.0 * k, "ma", "noto_sans_bold")[3]

    def parties(y):
        rows = []
        for role, size in ((pick(rng, RECIPIENT[1:]), 4.2), (pick(rng, SENDER[1:]), 3.4)):
            name = people.person_name(rng)
            rows += [(f"{role}：{name[0]}**  {people.masked_phone(rng)}", size, size > 4),
                     (people.address(rng), size * 0.9, False)]
        return lines(y, rows)

    def sender_en(y):
        city = pick(rng, ("Shenzhen", "Yiwu", "Guangzhou", "Dongguan"))
        return lines(y, [(pick(rng, ("FROM:", "From:", "RETURN TO:")), 3.4, True),
                         (f"{city} {people.latin_name(rng).split()[1]} Trading Co.", 3.2, False),
                         (f"Order #: {rng.integers(10 ** 9, 10 ** 10)}", 3.2, False),
                         (f"Weight: {rng.uniform(0.1, 3):.2f} kg   Qty: {rng.integers(1, 5)}", 3.2, False)])

    def order(y):
        order_no = f"{rng.integers(2000, 2700)}{rng.integers(10 ** 13, 10 ** 14)}"  # not the tracking number
        rows = [(f"订单号：{order_no}", 3.2, False), (f"店铺：{pick(rng, people.CITIES)[:2]}{pick(rng, SHOPS)}", 3.2, False)]
        return lines(y, rows + [(f"{i + 1}. {pick(rng, GOODS)}  {pick(rng, SPECS)}  x{rng.integers(1, 4)}", 3.2, False)
                                for i in range(int(rng.integers(1, 4)))])

    def contents(y):
        items = ("T-shirt", "Phone case", "Socks", "USB cable", "Earrings", "Sticker set", "Toy car", "Hair clip")
        return lines(y, [(pick(rng, ("CONTENTS:", "Description:", "Items:")), 3.2, True)]
                     + [(f"{pick(rng, items)}  x{rng.integers(1, 4)}", 3.2, False)
                        for _ in range(int(rng.integers(1, 4)))])

    blocks = [ship_to, barcode, sender_en, contents] if english else [platform, barcode, parties, order]
    if h_mm == w_mm:
        blocks.pop()  # a square slip has no room for the list of contents
    y = m
    for i, b in enumerate(blocks):
        y = lab.block(b, y, ruled=i < len(blocks) - 1 and rng.random() < 0.8)
    qr = qr_image(number, 3) if rng.random() < 0.5 else None
    lab.spread(lab.H - m - (qr.height if qr else 0), 14 * k)
    if qr is not None:
        lab.code(qr, W - m - qr.width, lab.H - m - qr.height)
    meta = {"layout": "parcel_slip", "language": "en" if english else "zh", "size_mm": [w_mm, h_mm],
            "body_font": lab.body}
    return _document(lab.img, None, number, meta)
