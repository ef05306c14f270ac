"""Courier signed-delivery proofs (签收证明) with fill-in blanks and a red company seal.

Three layouts: a letter with labelled blanks, a form with a grid, and a sentence with blanks
inside it. Variants decide how the blanks are filled and how the seal is applied:
genuine, fully_printed, no_stamp, stamp_mismatch, blank_fields, pasted_stamp.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ..carriers import CARRIERS
from . import handwriting as hwr
from . import people, stamp
from .fonts import font
from .truth import Document, FieldTruth, Paste, StampTruth, Truth, codes_for

FIELDS = ("tracking_number", "sign_date", "signer", "outlet", "handler")
REQUIRED = ("signer", "sign_date")
LABELS = {"tracking_number": ("运单号", "快递单号", "运单编号"), "sign_date": ("签收日期", "签收时间"),
          "signer": ("签收人", "收件人签字"), "outlet": ("派件网点", "派送网点"), "handler": ("经办人", "派件员")}
TITLES = ("快递签收证明", "签收证明", "物流签收证明书", "快件签收证明")
LAYOUTS = ("letter", "grid", "sentence")
VARIANTS = ("genuine", "fully_printed", "no_stamp", "stamp_mismatch", "blank_fields", "pasted_stamp")
BODY_FONTS = ("noto_sans", "noto_serif", "wqy_microhei", "ar_pl_uming")
FILL_FONTS = ("noto_sans", "noto_serif", "wqy_zenhei", "ar_pl_uming", "ar_pl_ukai", "noto_sans_bold")
BRAND_COLOURS = {"sf": (20, 20, 20), "zto": (20, 70, 160), "yto": (90, 40, 130), "sto": (230, 110, 20),
                 "yunda": (200, 150, 0), "jt": (210, 20, 30), "ems": (0, 110, 60), "jd": (215, 25, 30),
                 "deppon": (20, 60, 150)}
"""Brand colours of headers: J&T's and JD's are red, a hard negative for the stamp finder."""


class _Page:
    """A page being laid out: draws text and underlines, remembers where the blanks are."""

    def __init__(self, rng, width, height, body_font, text_px):
        self.rng = rng
        self.img = Image.new("RGB", (width, height), (252, 252, 250))
        self.draw = ImageDraw.Draw(self.img)
        self.font_name, self.px = body_font, text_px
        self.font = font(body_font, text_px)
        self.blanks: dict[str, tuple[int, int, int]] = {}  # name -> (x0, x1, baseline y)
        self.cells: dict[str, tuple[int, int, int, int]] = {}  # grid layout: name -> cell box

    def text(self, x, y, s, size=None, fill=(25, 25, 25), anchor="la", font_name=None):
        f = font(font_name or self.font_name, size or self.px)
        self.draw.text((x, y), s, font=f, fill=fill, anchor=anchor)
        return self.draw.textbbox((x, y), s, font=f, anchor=anchor)

    def blank(self, name, x, baseline, length):
        self.draw.line((x, baseline, x + length, baseline), fill=(30, 30, 30), width=2)
        self.blanks[name] = (int(x), int(x + length), int(baseline))


def _values(rng, carrier, number):
    return {"tracking_number": number, "sign_date": people.sign_date(rng),
            "signer": people.person_name(rng) if rng.random() < 0.85 else ("本人", "门卫代收", "家人代收")[rng.integers(3)],
            "outlet": people.outlet_name(rng), "handler": people.person_name(rng)}


def _layout_letter(p: _Page, rng, labels, W):
    y = int(p.px * 9)
    for name in FIELDS:
        bb = p.text(W * 0.12, y, labels[name] + "：")
        p.blank(name, bb[2] + 6, bb[3] + 4, int(W * rng.uniform(0.42, 0.55)))
        y += int(p.px * rng.uniform(2.6, 3.2))
    return y


def _layout_grid(p: _Page, rng, labels, W):
    x0, x1 = int(W * 0.1), int(W * 0.9)
    split = int(W * rng.uniform(0.3, 0.36))
    row = int(p.px * rng.uniform(2.6, 3.2))
    y = int(p.px * 9)
    top = y
    for name in FIELDS:
        p.text(x0 + 12, y + row // 2, labels[name], anchor="lm")
        p.cells[name] = (split, y, x1 - split, row)
        y += row
    for yy in range(top, y + 1, row):
        p.draw.line((x0, yy, x1, yy), fill=(30, 30, 30), width=2)
    for xx in (x0, split, x1):
        p.draw.line((xx, top, xx, y), fill=(30, 30, 30), width=2)
    return y + p.px


def _layout_sentence(p: _Page, rng, labels, W):
    """兹证明运单号____的快件，已于____由____签收。 then the rest as labelled rows."""
    x, y = W * 0.12, int(p.px * 9)
    pieces = [("兹证明运单号", None), ("", "tracking_number"), ("的快件，", None), ("已于", None), ("", "sign_date"),
              ("由", None), ("", "signer"), ("签收。", None)]
    right = W * 0.88
    for text, name in pieces:
        if name is None:
            w = p.font.getlength(text)
            if x + w > right:
                x, y = W * 0.12, y + int(p.px * 2.6)
            bb = p.text(x, y, text)
            x = bb[2] + 4
        else:
            length = int(W * (0.38 if name == "tracking_number" else 0.24))
            if x + length > right:
                x, y = W * 0.12, y + int(p.px * 2.6)
            p.blank(name, x, y + p.px + 4, length)
            x += length + 6
    y += int(p.px * 3.4)
    for name in ("outlet", "handler"):
        bb = p.text(W * 0.12, y, labels[name] + "：")
        p.blank(name, bb[2] + 6, bb[3] + 4, int(W * 0.4))
        y += int(p.px * 2.8)
    return y


def _field_box(p: _Page, name, char_px):
    if name in p.cells:
        x, y, w, h = p.cells[name]
        return (x + 3, y + 3, w - 6, h - 6)
    x0, x1, base = p.blanks[name]
    return (x0, int(base - char_px * 1.45), x1 - x0, int(char_px * 1.75))


def _fill(p: _Page, rng, name, text, state, pen, fill_font, char_px):
    """Write ``text`` into blank ``name``: by hand, printed, or not at all."""
    x, y, w, h = _field_box(p, name, char_px)
    if state == "empty" or not text:
        return
    left = x + int(rng.uniform(0.03, 0.15) * w)
    if state == "printed":
        size = int(char_px * rng.uniform(0.85, 1.0))
        p.text(left, y + h - int(h * 0.2), text, size=size, anchor="ls", font_name=fill_font, fill=(15, 15, 15))
        return
    hw = hwr.write(rng, text, char_px * rng.uniform(0.9, 1.1), pen)
    # The hand writes on the line, sometimes dipping through it.
    top = y + h - int(hw.alpha.shape[0] * 0.72) + int(rng.normal(0, char_px * 0.06))
    arr = np.asarray(p.img)
    p.img = Image.fromarray(hwr.apply_ink(arr, hw, pen.colour, left, top))
    p.draw = ImageDraw.Draw(p.img)


def make_receipt(rng: np.random.Generator, variant: str | None = None, carrier: str | None = None,
                 tracking: str | None = None, layout: str | None = None) -> Document:
    """One signed-delivery proof on A4 at 150 dpi (1240 x 1754), truth in its pixels."""
    variant = variant or VARIANTS[rng.integers(len(VARIANTS))]
    carrier = carrier or list(CARRIERS)[rng.integers(len(CARRIERS))]
    layout = layout or LAYOUTS[rng.integers(len(LAYOUTS))]
    c = CARRIERS[carrier]
    company = c.legal_names[rng.integers(len(c.legal_names))]
    number = tracking or people.tracking_number(rng, carrier)
    W, H = 1240, 1754
    body_font = BODY_FONTS[rng.integers(len(BODY_FONTS))]
    p = _Page(rng, W, H, body_font, int(rng.uniform(30, 38)))
    labels = {k: v[rng.integers(len(v))] for k, v in LABELS.items()}

    # Header: the carrier's brand in its colour, then the title.
    if rng.random() < 0.8:
        p.text(W * 0.1, p.px * 2, c.name_zh, size=int(p.px * 1.4), fill=BRAND_COLOURS[carrier],
               font_name="noto_sans_bold")
    p.text(W / 2, p.px * 5, TITLES[rng.integers(len(TITLES))], size=int(p.px * 1.7), anchor="mm",
           font_name="noto_sans_bold" if rng.random() < 0.6 else "noto_serif")
    y = {"letter": _layout_letter, "grid": _layout_grid, "sentence": _layout_sentence}[layout](p, rng, labels, W)

    # Body text, then the signature line the seal goes on.
    y += p.px
    for line in ("特此证明。", f"本证明由{c.name_zh}出具，仅用于快件签收情况说明。"):
        p.text(W * 0.12, y, line)
        y += int(p.px * 2)
    y += int(p.px * rng.uniform(2, 4))
    sig = p.text(W * 0.35, y, f"证明单位：{company}（盖章）")
    p.text(W * 0.55, sig[3] + p.px, f"日期：{2026}年{rng.integers(1, 12)}月{rng.integers(1, 29)}日")

    # Fill the blanks.
    values = _values(rng, carrier, number)
    if variant == "fully_printed":
        states = {f: "printed" for f in FIELDS}
    else:
        states = {f: "handwritten" for f in FIELDS}
        if variant == "genuine" and rng.random() < 0.2:
            states["outlet"] = "printed"  # some forms come with the outlet pre-printed
        if variant == "blank_fields":
            blank = [f for f in REQUIRED if rng.random() < 0.6] or [REQUIRED[rng.integers(2)]]
            for f in blank:
                states[f] = "empty"
    if rng.random() < 0.15 and variant not in ("blank_fields", "fully_printed"):
        states["handler"] = "empty"  # an optional blank left empty is no finding
    pen = (hwr.BLUE_BALLPOINT, hwr.BLACK_BALLPOINT, hwr.BLACK_GEL)[rng.choice(3, p=[0.55, 0.3, 0.15])]
    fill_font = FILL_FONTS[rng.integers(len(FILL_FONTS))] if rng.random() < 0.6 else body_font
    char_px = int(p.px * rng.uniform(1.25, 1.55))
    fields = []
    for name in FIELDS:
        _fill(p, rng, name, values[name], states[name], pen, fill_font, char_px)
        fields.append(FieldTruth(name, states[name], _field_box(p, name, char_px),
                                 values[name] if states[name] != "empty" else ""))

    # The seal, over the end of the signature line.
    rgb = np.asarray(p.img).copy()
    stamps, pastes = [], []
    stamp_carrier = None
    if variant != "no_stamp":
        stamp_carrier = carrier
        if variant == "stamp_mismatch":
            others = [k for k in CARRIERS if k != carrier]
            stamp_carrier = others[rng.integers(len(others))]
        sc = CARRIERS[stamp_carrier]
        seal_company = sc.legal_names[rng.integers(len(sc.legal_names))] if stamp_carrier != carrier else company
        shape = "oval" if rng.random() < 0.25 else "round"
        width = int(rng.uniform(240, 310))  # 40-50 mm on A4
        crisp = stamp.draw_seal(rng, seal_company, ("业务专用章", "签收专用章")[rng.integers(2)], width, shape,
                                aspect=rng.uniform(0.55, 0.75))
        cx = sig[2] - rng.uniform(0.1, 0.35) * (sig[2] - sig[0])
        cy = (sig[1] + sig[3]) / 2 + rng.uniform(-0.3, 0.3) * width
        angle = float(rng.uniform(-25, 25))
        colour = stamp.random_seal_colour(rng)
        if variant == "pasted_stamp":
            stamps.append(StampTruth((0, 0, 0, 0), shape, stamp_carrier, seal_company, pasted=True))
            pastes.append(Paste(crisp, (int(rng.uniform(220, 255)), int(rng.uniform(0, 25)), int(rng.uniform(0, 35))),
                                (cx, cy), angle, 0))
        else:
            rgb, box = stamp.press(rgb, stamp.inked(rng, crisp, fade=rng.uniform(0, 0.35)), colour, int(cx), int(cy), angle)
            stamps.append(StampTruth(box, shape, stamp_carrier, seal_company))

    raise_codes = {"genuine": [], "fully_printed": ["FULLY_PRINTED"], "no_stamp": ["NO_STAMP"],
                   "stamp_mismatch": ["STAMP_MISMATCH"], "blank_fields": ["HANDWRITING_MISSING"],
                   "pasted_stamp": ["STAMP_SUSPECT"]}[variant]
    must, must_not = codes_for(raise_codes)
    truth = Truth("express_receipt", variant, carrier, stamp_carrier, stamps, fields, number, None, None,
                  must, must_not, {"layout": layout, "body_font": body_font, "fill_font": fill_font,
                                   "pen": pen.name})
    return Document(rgb, truth, pastes)
