"""Electronic waybill labels (电子面单, 100 x 180 mm at 8 px/mm) for the contract's nine carriers."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ..carriers import CARRIERS
from . import people
from .fonts import font
from .receipt import BRAND_COLOURS
from .truth import Document, Truth, codes_for

PX_PER_MM = 8


def barcode_image(text: str, module_px: int, height: int) -> Image.Image:
    """A Code128 barcode of ``text``, ``module_px`` pixels per narrowest bar, with quiet zones."""
    import zxingcpp

    bc = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128)
    row = np.asarray(bc.to_image(scale=1, add_quiet_zones=True))[0]  # one row: the bar pattern
    bars = np.repeat(row, module_px)
    return Image.fromarray(np.tile(bars, (height, 1)).astype(np.uint8))


def qr_image(text: str, module_px: int) -> Image.Image:
    import zxingcpp

    return Image.fromarray(np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode)
                                      .to_image(scale=module_px, add_quiet_zones=True)))


def sorting_code(rng: np.random.Generator) -> str:
    """The large three-part routing code (三段码), e.g. 310-W12 00."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return (f"{rng.integers(100, 999)}-{letters[rng.integers(len(letters))]}{rng.integers(1, 99):02d} "
            f"{rng.integers(0, 99):02d}")


def make_waybill(rng: np.random.Generator, carrier: str | None = None, tracking: str | None = None) -> Document:
    carrier = carrier or list(CARRIERS)[rng.integers(len(CARRIERS))]
    c = CARRIERS[carrier]
    number = tracking or people.tracking_number(rng, carrier)
    W, H = 100 * PX_PER_MM, 180 * PX_PER_MM
    img = Image.new("RGB", (W, H), (250, 250, 248))
    d = ImageDraw.Draw(img)
    black = (15, 15, 15)
    body = ("noto_sans", "wqy_microhei")[rng.integers(2)]
    line = lambda y, w=4: d.line((0, y, W, y), fill=black, width=w)  # noqa: E731

    # Brand strip.
    d.text((24, 24), c.name_zh, font=font("noto_sans_bold", 56), fill=BRAND_COLOURS[carrier])
    d.text((W - 24, 34), ("标准快递", "电商标快", "特快专递")[rng.integers(3)], font=font(body, 30), fill=black, anchor="ra")
    d.text((W - 24, 74), f"打印时间 2026-{rng.integers(1, 12):02d}-{rng.integers(1, 28):02d}", font=font(body, 20),
           fill=black, anchor="ra")
    line(120)
    # Sorting code.
    d.text((W / 2, 185), sorting_code(rng), font=font("noto_sans_bold", int(rng.uniform(64, 84))), fill=black,
           anchor="mm")
    line(250)
    # Main barcode and the number under it.
    module = int(rng.choice([3, 4]))
    bar = barcode_image(number, module, 150)
    if bar.width > W - 40:
        bar = barcode_image(number, module - 1, 150)
    img.paste(bar, ((W - bar.width) // 2, 270))
    spaced = " ".join(number[i:i + 4] for i in range(0, len(number), 4))
    d.text((W / 2, 450), spaced, font=font("noto_sans_bold", 38), fill=black, anchor="mm")
    line(490)
    # Recipient and sender.
    y = 505
    for tag, size in (("收", 34), ("寄", 26)):
        d.rectangle((20, y + 4, 70, y + 54), outline=black, width=3)
        d.text((45, y + 29), tag, font=font("noto_sans_bold", 34), fill=black, anchor="mm")
        name = people.person_name(rng)
        d.text((90, y), f"{name[0]}{'*' * (len(name) - 1)}  {people.masked_phone(rng)}", font=font(body, size),
               fill=black)
        d.text((90, y + size + 12), people.address(rng), font=font(body, size - 6), fill=black)
        y += 150
        line(y - 15, 2)
    # QR code and the receipt stub.
    qr = qr_image(f"https://qr.example/{carrier}/{number}", 5)
    img.paste(qr, (W - qr.width - 24, y + 10))
    d.text((24, y + 20), "已验视", font=font(body, 30), fill=black)
    d.text((24, y + 70), f"{c.name_zh} 客服热线", font=font(body, 24), fill=black)
    y = max(y + qr.height + 30, 1080)
    d.line((0, y, W, y), fill=black, width=3)
    stub = barcode_image(number, 2, 90)
    img.paste(stub, (24, y + 30))
    d.text((24, y + 135), number, font=font(body, 30), fill=black)
    d.text((24, y + 185), f"{c.name_zh}  {people.address(rng)[:12]}", font=font(body, 24), fill=black)

    must, must_not = codes_for([])
    truth = Truth("waybill", "label", carrier, None, [], [], number, None, None, must, must_not,
                  {"module_px": module, "body_font": body})
    return Document(np.asarray(img).copy(), truth)
