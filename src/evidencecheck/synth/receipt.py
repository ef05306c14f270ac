"""Courier signed-delivery proofs (签收证明) with fill-in blanks and a red company seal.

Four layouts: a letter with labelled blanks, a form with a grid, a sentence with blanks inside
it, and a table of several parcels (序号 | 运单号 | 签收人 | 签收日期), one of them the disputed one.
Variants decide how the blanks are filled and how the seal is applied:
genuine, fully_printed, no_stamp, stamp_mismatch, blank_fields, pasted_stamp.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ..carriers import CARRIERS
from . import handwriting as hwr
from . import people, stamp
from .fonts import font, wrap
from .truth import Document, FieldTruth, Paste, StampTruth, Truth, codes_for

FIELDS = ("tracking_number", "sign_date", "signer", "outlet", "handler")
REQUIRED = ("signer", "sign_date")
LABELS = {"tracking_number": ("运单号", "快递单号", "运单编号"), "sign_date": ("签收日期", "签收时间"),
          "signer": ("签收人", "收件人签字"), "outlet": ("派件网点", "派送网点"), "handler": ("经办人", "派件员")}
TITLES = ("快递签收证明", "签收证明", "物流签收证明书", "快件签收证明", "投递证明", "妥投证明", "快件签收回执",
          "派件签收单")
INTROS = ("兹证明下列快件已由收件人签收：", "兹证明以下快件已妥投，签收信息如下：", "经核实，下列快件已签收，明细如下：",
          "现将快件签收情况证明如下：")
"""The sentence that may open a letter, a grid or a table (the sentence layout opens with its own)."""
CLOSINGS = (("特此证明。", "本证明由{brand}出具，仅用于快件签收情况说明。"), ("特此证明！", ""),
            ("以上情况属实，特此证明。", "本证明仅用于{short}快件签收情况说明，复印无效。"),
            ("特此证明。", "如有疑问，请联系当地网点核实。"))
LAYOUTS = ("letter", "grid", "sentence", "table")
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
        self.blanks: dict[str, tuple[int, int, int]] = {}  # key -> (x0, x1, baseline y)
        self.cells: dict[str, tuple[int, int, int, int]] = {}  # grid and table: key -> cell box
        self.keys: list[str] = []  # the blanks and cells in the order laid out: a field name, or
        # "name@row" for a table's rows

    def text(self, x, y, s, size=None, fill=(25, 25, 25), anchor="la", font_name=None):
        f = font(font_name or self.font_name, size or self.px)
        self.draw.text((x, y), s, font=f, fill=fill, anchor=anchor)
        return self.draw.textbbox((x, y), s, font=f, anchor=anchor)

    def blank(self, key, x, baseline, length):
        self.draw.line((x, baseline, x + length, baseline), fill=(30, 30, 30), width=2)
        self.blanks[key] = (int(x), int(x + length), int(baseline))
        self.keys.append(key)

    def cell(self, key, box):
        self.cells[key] = tuple(int(v) for v in box)
        self.keys.append(key)

    def wrapped(self, x, y, s, right, step):
        """``s`` from (x, y), broken at ``right``; returns the y of the line after it."""
        for line in wrap(s, self.font, right - x):
            self.text(x, y, line)
            y += step
        return y


def _signer(rng):
    return people.person_name(rng) if rng.random() < 0.85 else ("本人", "门卫代收", "家人代收")[rng.integers(3)]


def _values(rng, carrier, number):
    return {"tracking_number": number, "sign_date": people.sign_date(rng), "signer": _signer(rng),
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
        p.cell(name, (split, y, x1 - split, row))
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


def _layout_table(p: _Page, rng, labels, W):
    """An opening sentence, then a bordered table of parcels (序号 | 运单号 | 签收人 | 签收日期, and
    sometimes an empty 备注 column), a few unused rows left blank; 派件网点 and 经办人 under it."""
    x0, x1 = int(W * 0.1), int(W * 0.9)
    y = p.wrapped(x0, int(p.px * 8), INTROS[rng.integers(len(INTROS))], x1, int(p.px * 1.8)) + p.px // 2
    heads = ["序号", labels["tracking_number"], labels["signer"], labels["sign_date"]]
    shares = [0.09, 0.37, 0.22, 0.32]
    if rng.random() < 0.3:
        heads.append("备注")
        shares = [0.08, 0.33, 0.19, 0.27, 0.13]
    xs = [x0 + int(v) for v in np.cumsum([0] + shares) * (x1 - x0)]
    row = int(p.px * rng.uniform(2.4, 2.9))
    fit = int((p.img.height * 0.6 - y) / row) - 1  # rows that leave room for the closing and the seal
    rows = min(fit, int(rng.integers(3, 10)))
    filled = max(2, rows - int(rng.choice([0, 0, 1, 2])))  # unused rows: no parcel, so no field
    top = y
    for j, h in enumerate(heads):
        p.text((xs[j] + xs[j + 1]) / 2, y + row / 2, h, anchor="mm", font_name="noto_sans_bold")
    for i in range(filled):
        yy = y + (i + 1) * row
        p.text((xs[0] + xs[1]) / 2, yy + row / 2, str(i + 1), anchor="mm")
        for j, name in ((1, "tracking_number"), (2, "signer"), (3, "sign_date")):
            p.cell(f"{name}@{i}", (xs[j], yy, xs[j + 1] - xs[j], row))
    bottom = y + (rows + 1) * row
    width = 3 if rng.random() < 0.5 else 2
    for yy in range(top, bottom + 1, row):
        p.draw.line((x0, yy, x1, yy), fill=(30, 30, 30), width=width)
    for xx in xs:
        p.draw.line((xx, top, xx, bottom), fill=(30, 30, 30), width=width)
    y = bottom + int(p.px * 1.6)
    for name in ("outlet", "handler"):
        bb = p.text(x0, y, labels[name] + "：")
        p.blank(name, bb[2] + 6, bb[3] + 4, int(W * 0.36))
        y += int(p.px * 2.6)
    return y


def _fit(text: str, char_px: float, room: float) -> float:
    """A character height at most ``char_px`` at which handwritten ``text`` fits ``room`` pixels
    from the left of its ink canvas: 0.6 heights of lead-in, then up to 0.67 of a height per digit
    or Latin letter and 1.12 per Chinese character (:func:`handwriting.write`'s widest)."""
    advance = 0.6 + sum(0.67 if ch.isascii() else 1.12 for ch in text)
    return min(char_px, room / advance)


def _field_box(p: _Page, key, char_px):
    if key in p.cells:
        x, y, w, h = p.cells[key]
        return (x + 3, y + 3, w - 6, h - 6)
    x0, x1, base = p.blanks[key]
    return (x0, int(base - char_px * 1.45), x1 - x0, int(char_px * 1.75))


def _fill(p: _Page, rng, key, text, state, pen, hand, fill_font, char_px):
    """Write ``text`` into blank or cell ``key``: by hand, printed, or not at all; always inside it."""
    x, y, w, h = _field_box(p, key, char_px)
    if state == "empty" or not text:
        return
    left = x + int(rng.uniform(0.03, 0.15) * w)
    room = x + w - left - 4
    if state == "printed":
        size = int(char_px * rng.uniform(0.85, 1.0))
        size = int(min(size, size * room / max(1.0, font(fill_font, size).getlength(text))))
        p.text(left, y + h - int(h * 0.2), text, size=size, anchor="ls", font_name=fill_font, fill=(15, 15, 15))
        return
    char = char_px * rng.uniform(0.9, 1.1)
    if key in p.cells:  # a cell's writing stays between its lines
        char = min(char, h * 0.62)
    hw = hwr.write(rng, text, _fit(text, char, room), pen, hand=hand)
    # The hand writes on the line, sometimes dipping through it.
    top = y + h - int(hw.alpha.shape[0] * 0.72) + int(rng.normal(0, char_px * 0.06))
    hwr.ink_onto(p.img, hw, pen.colour, left, top)


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
    if layout in ("letter", "grid") and rng.random() < 0.5:
        p.text(W * 0.12, p.px * 6.9, INTROS[rng.integers(len(INTROS))])
    y = {"letter": _layout_letter, "grid": _layout_grid, "sentence": _layout_sentence,
         "table": _layout_table}[layout](p, rng, labels, W)

    # Body text, then the signature line the seal goes on.
    y += p.px
    for line in CLOSINGS[rng.integers(len(CLOSINGS))]:
        if line:
            p.text(W * 0.12, y, line.format(brand=c.name_zh, short=c.short_zh))
            y += int(p.px * 2)
    y += int(p.px * rng.uniform(2, 4))
    sig = p.text(W * 0.35, y, f"证明单位：{company}（盖章）")
    p.text(W * 0.55, sig[3] + p.px, f"日期：{2026}年{rng.integers(1, 12)}月{rng.integers(1, 29)}日")

    # Fill the blanks: a key is a field's name, or "name@row" in a table, whose row `mine` holds
    # the disputed parcel (the others are the same courier's other parcels).
    values = _values(rng, carrier, number)
    rows = sorted({int(k.split("@")[1]) for k in p.keys if "@" in k})
    mine = rows[rng.integers(len(rows))] if rows else None
    for r in rows:
        if r != mine:
            values |= {f"tracking_number@{r}": people.tracking_number(rng, carrier),
                       f"signer@{r}": _signer(rng),
                       f"sign_date@{r}": values["sign_date"] if rng.random() < 0.5 else people.sign_date(rng)}
        else:
            values |= {f"{f}@{r}": values[f] for f in ("tracking_number", "signer", "sign_date")}
    name_of = {k: k.split("@")[0] for k in p.keys}
    if variant == "fully_printed":
        states = {k: "printed" for k in p.keys}
    else:
        states = {k: "handwritten" for k in p.keys}
        if rows and rng.random() < 0.6:  # the table came with its numbers printed, to be signed by hand
            states |= {k: "printed" for k in p.keys if name_of[k] == "tracking_number"}
        if variant == "genuine" and rng.random() < 0.2:
            states["outlet"] = "printed"  # some forms come with the outlet pre-printed
        if variant == "blank_fields":
            blank = [f for f in REQUIRED if rng.random() < 0.6] or [REQUIRED[rng.integers(2)]]
            for f in blank:  # in a table: the disputed parcel's row, and perhaps others
                for r in rows or [None]:
                    if r is None or r == mine or rng.random() < 0.3:
                        states[f if r is None else f"{f}@{r}"] = "empty"
    if rng.random() < 0.15 and variant not in ("blank_fields", "fully_printed"):
        states["handler"] = "empty"  # an optional blank left empty is no finding
    pen, hand = hwr.random_pen(rng), hwr.random_hand(rng)
    fill_font = FILL_FONTS[rng.integers(len(FILL_FONTS))] if rng.random() < 0.6 else body_font
    char_px = int(p.px * rng.uniform(1.25, 1.55))
    fields = []
    for key in p.keys:
        _fill(p, rng, key, values[key], states[key], pen, hand, fill_font, char_px)
        fields.append(FieldTruth(name_of[key], states[key], _field_box(p, key, char_px),
                                 values[key] if states[key] != "empty" else ""))

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
                                   "pen": pen.name, "hand_speed": round(hand.speed, 2), "rows": len(rows), "row": mine})
    return Document(rgb, truth, pastes)
