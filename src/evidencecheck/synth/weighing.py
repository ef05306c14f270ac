"""Weighing photos (称重图): a parcel with its label on a scale, the display showing the weight."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ..carriers import CARRIERS
from .fonts import font
from .sevenseg import STYLES, UNIT_PLACES, display_text, render_display, shown_kg
from .surfaces import hand, sleeve, surface, wire_mesh
from .truth import Document, Truth, codes_for
from .waybill import make_waybill

KINDS = ("platform", "hanging", "counter", "handheld")
UNITS = ("kg", "kg", "kg", "g", "斤")
SQUAT_SHARE = 0.35
SQUAT_RANGE = (0.5, 0.9)
"""A share of displays is seen at a steep angle, its height foreshortened by a factor in this range
(cos 60 to cos 26 degrees): a phone held over a floor or hanging scale looks down on its face."""
UNIT_INSIDE_SHARE = 0.4
"""Share of displays that light their unit inside the panel (beside the digits or small in a
corner: luggage and kitchen scales); the others have it printed on the body after the panel."""
OBLIQUE_LEAN = (0.15, 0.45)
"""Half of those are also seen from one side in a turned picture: their squat digits lean this much
(x per unit of their height; the face's own 0-0.15 is up to 0.3 once squashed)."""


def _parcel(rng, w, h, label: np.ndarray, label_visible: bool = True) -> np.ndarray:
    """A brown box seen from above and a little in front, the waybill label on its top (or
    facing away)."""
    box = np.zeros((h, w, 3), np.uint8)
    top_h = int(h * 0.62)
    colour = np.float32([rng.uniform(170, 205), rng.uniform(125, 155), rng.uniform(80, 110)])
    box[:top_h] = colour
    box[top_h:] = colour * 0.72  # the front face is in shade
    tape_x = int(w * rng.uniform(0.4, 0.6))
    box[:, tape_x - w // 30: tape_x + w // 30] = np.clip(colour * 1.12, 0, 255)
    if not label_visible:
        return box
    lw = int(w * rng.uniform(0.42, 0.55))
    lh = int(lw * label.shape[0] / label.shape[1])
    lh = min(lh, top_h - 20)
    lw = int(lh * label.shape[1] / label.shape[0])
    lab = cv2.resize(label, (lw, lh), interpolation=cv2.INTER_AREA)
    x, y = int((w - lw) * rng.uniform(0.2, 0.8)), int((top_h - lh) * rng.uniform(0.2, 0.8))
    lab = cv2.warpAffine(lab, cv2.getRotationMatrix2D((lw / 2, lh / 2), rng.uniform(-8, 8), 1.0), (lw, lh),
                         borderMode=cv2.BORDER_REPLICATE)
    box[y:y + lh, x:x + lw] = lab
    return box


def _clutter(rng, img: Image.Image) -> None:
    """Things around a scale in a shop or a home: boxes, bags, tape, a wall edge, a wire trolley."""
    d = ImageDraw.Draw(img)
    W, H = img.size
    if rng.random() < 0.3:
        x0, y0 = rng.uniform(-0.2, 0.6) * W, rng.uniform(-0.2, 0.6) * H
        wire_mesh(rng, img, (int(x0), int(y0), int(x0 + rng.uniform(0.3, 0.9) * W), int(y0 + rng.uniform(0.2, 0.6) * H)))
    if rng.random() < 0.5:  # a wall meeting the floor
        y = int(H * rng.uniform(0.05, 0.35))
        d.rectangle((0, 0, W, y), fill=tuple(int(v) for v in rng.uniform(150, 235, 3)))
    for _ in range(int(rng.integers(0, 5))):
        x, y = rng.uniform(-0.1, 1.0) * W, rng.uniform(-0.1, 1.0) * H
        w, h = rng.uniform(0.08, 0.3) * W, rng.uniform(0.08, 0.3) * H
        col = tuple(int(v) for v in rng.uniform(40, 220, 3))
        (d.rectangle if rng.random() < 0.6 else d.ellipse)((x, y, x + w, y + h), fill=col)


def _controls(rng, d: ImageDraw.ImageDraw, head, y: int, ink) -> None:
    """A row of buttons under the display and the capacity line, as most scales have."""
    x0, x1 = head[0] + 30, head[2] - 30
    if y + 40 > head[3] or x1 - x0 < 120:
        return
    bw = (x1 - x0) / 3
    for i, name in enumerate(("TARE", "ON/OFF", ("UNIT", "HOLD", "PCS")[rng.integers(3)])):
        cx = x0 + bw * (i + 0.5)
        d.ellipse((cx - bw * 0.3, y, cx + bw * 0.3, y + min(40, bw * 0.3)), fill=(175, 175, 180), outline=(40, 40, 40))
        d.text((cx, y + min(40, bw * 0.3) + 4), name, font=font("noto_sans", 14), fill=ink, anchor="ma")
    if y + 90 < head[3]:
        cap = ("0~10kg: d=5g  10~50kg: d=10g", "Max 40kg  d=2g", "MAX 150kg e=50g", "称量 30kg 分度 1g")[rng.integers(4)]
        d.text(((head[0] + head[2]) / 2, y + 68), cap, font=font("noto_sans", 16), fill=ink, anchor="ma")


def _bag(rng, w, h) -> Image.Image:
    """A soft sack or shopping bag, as people hang from a handheld scale."""
    im = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    col = tuple(int(v) for v in rng.uniform(30, 230, 3)) + (255,)
    d.rounded_rectangle((int(w * 0.08), int(h * 0.12), int(w * 0.92), h - 1), int(w * 0.12), fill=col)
    d.polygon([(w * 0.3, h * 0.15), (w * 0.5, 0), (w * 0.7, h * 0.15)], fill=col)
    shade = tuple(int(v * 0.75) for v in col[:3]) + (255,)
    for i in range(3):
        x = w * rng.uniform(0.2, 0.8)
        d.line((x, h * 0.2, x + w * rng.uniform(-0.1, 0.1), h * 0.95), fill=shade, width=max(2, w // 60))
    return im


def make_weighing(rng: np.random.Generator, kind: str | None = None, carrier: str | None = None,
                  tracking: str | None = None, weight_kg: float | None = None) -> Document:
    """A scene 1600 x 1200 (landscape) or 1200 x 1600 with the display's box and value in its truth."""
    kind = kind or KINDS[rng.integers(len(KINDS))]
    carrier = carrier or list(CARRIERS)[rng.integers(len(CARRIERS))]
    label = make_waybill(rng, carrier, tracking)
    number = label.truth.tracking_number
    weight = float(weight_kg if weight_kg is not None else round(float(np.exp(rng.uniform(np.log(0.1), np.log(30)))), 3))
    unit = UNITS[rng.integers(len(UNITS))] if kind not in ("hanging", "handheld") else ("kg", "斤", "lb")[rng.integers(3)]
    text = display_text(rng, weight, unit)
    shown = round(shown_kg(text, unit), 4)
    style = list(STYLES)[rng.integers(len(STYLES))]

    W, H = (1600, 1200) if kind in ("platform", "counter") else (1200, 1600)
    if rng.random() < 0.75:  # a real floor or counter; else a plain one
        scene = surface(rng, W, H)
    else:
        floor = np.float32([rng.uniform(90, 200)] * 3) * np.float32([1, rng.uniform(0.95, 1.05), rng.uniform(0.9, 1.05)])
        scene = np.empty((H, W, 3), np.uint8)
        scene[:] = np.clip(floor, 0, 255)
    img = Image.fromarray(scene)
    _clutter(rng, img)
    d = ImageDraw.Draw(img)
    # Displays range from a large indicator close up to a few millimetres across the room.
    digit_h = int(np.exp(rng.uniform(np.log(18), np.log(110 if kind == "handheld" else 80))))
    label_visible = rng.random() < 0.7  # the label may face away from the camera
    if not label_visible:
        number = None
    positions = int(rng.integers(max(4, len(text) - 1), 7))
    squash, lean = 1.0, None
    if rng.random() < SQUAT_SHARE:  # the display tilted away from the camera (a scale seen from above): squat digits
        squash = float(rng.uniform(*SQUAT_RANGE))
        if rng.random() < 0.5:  # ... and from one side, with the phone turned: the digits lean further
            lean = float(rng.uniform(*OBLIQUE_LEAN)) * squash  # leans OBLIQUE_LEAN once squashed
    inside = rng.random() < UNIT_INSIDE_SHARE
    place = UNIT_PLACES[rng.integers(len(UNIT_PLACES))] if inside else None
    panel = render_display(rng, text, style, digit_h, positions=positions, lean=lean,
                           unit=unit if inside else None, unit_place=place or "right")
    if squash < 1.0:
        panel = cv2.resize(panel, (panel.shape[1], max(8, int(panel.shape[0] * squash))), interpolation=cv2.INTER_AREA)
    ph, pw = panel.shape[:2]
    unit_font = font("noto_sans_bold", max(18, digit_h // 2))
    # A unit printed on the body after the panel: the body is wide enough to hold it.
    body_w = pw if inside else pw + 8 + int(unit_font.getlength(unit)) + 12
    body_col = tuple(int(v) for v in rng.uniform(40, 230, 3)) if rng.random() < 0.5 else (60, 60, 65)

    if kind == "platform":
        plat = (int(W * 0.12), int(H * 0.45), int(W * 0.88), int(H * 0.93))
        d.rectangle(plat, fill=(150, 152, 158), outline=(90, 90, 95), width=6)
        d.rectangle((plat[0], plat[3] - 40, plat[2], plat[3]), fill=(80, 80, 85))
        parcel = _parcel(rng, int(W * 0.5), int(H * 0.5), label.rgb, label_visible)
        px, py = int(W * 0.25), int(H * 0.3)
        img.paste(Image.fromarray(parcel), (px, py))
        head = (int(W * 0.62), int(H * 0.05), int(W * 0.62) + body_w + 80, int(H * 0.05) + ph + 110)
    elif kind == "counter":
        plat = (int(W * 0.2), int(H * 0.55), int(W * 0.8), int(H * 0.95))
        d.rounded_rectangle(plat, 30, fill=body_col)
        d.rectangle((plat[0] + 40, plat[1] - 30, plat[2] - 40, plat[1]), fill=(185, 188, 192))
        parcel = _parcel(rng, int(W * 0.42), int(H * 0.38), label.rgb, label_visible)
        img.paste(Image.fromarray(parcel), (int(W * 0.29), int(H * 0.55) - parcel.shape[0] - 20))
        head = (plat[0] + 60, plat[3] - ph - 130, plat[0] + 60 + body_w + 80, plat[3] - 20)
    elif kind == "hanging":  # the scale's body high up, the parcel below on its hook
        head = (int(W * 0.5 - body_w / 2 - 60), int(H * 0.08), int(W * 0.5 + body_w / 2 + 60), int(H * 0.08) + ph + 170)
        d.line((W / 2, head[3], W / 2, head[3] + 120), fill=(120, 120, 120), width=12)
        parcel = _parcel(rng, int(W * 0.6), int(H * 0.42), label.rgb, label_visible)
        img.paste(Image.fromarray(parcel), (int(W * 0.2), head[3] + 120))
    else:  # handheld luggage scale held up in a hand, close to the camera; a bag or parcel below
        cx = int(W * rng.uniform(0.35, 0.65))
        top = int(H * rng.uniform(0.1, 0.35))
        head = (cx - body_w // 2 - 40, top, cx + body_w // 2 + 40, top + ph + 170)
        if rng.random() < 0.6:  # the hand behind the body, fingers showing round it
            hs = int((head[3] - head[1]) * rng.uniform(1.8, 3.0))
            hnd = hand(rng, hs).rotate(rng.uniform(-70, 70), expand=True)
            hx = cx - hnd.width // 2 + int(rng.uniform(-0.25, 0.25) * hnd.width)
            hy = (head[1] + head[3]) // 2 - hnd.height // 2 + int(rng.uniform(-0.1, 0.3) * hnd.height)
            wrist = (hx + hnd.width / 2, hy + hnd.height * 0.8)
            sleeve(rng, img, (wrist[0] + rng.uniform(-1, 1) * W, H * 1.1), wrist, hnd.width * 0.5)
            img.paste(hnd, (hx, hy), hnd)
        else:  # a strap from above
            d.line((cx, 0, cx, top), fill=tuple(int(v) for v in rng.uniform(20, 200, 3)), width=18)
        d.line((cx, head[3], cx, head[3] + 90), fill=(150, 150, 150), width=10)
        bag = _bag(rng, int(W * rng.uniform(0.4, 0.7)), int(H * rng.uniform(0.3, 0.45)))
        img.paste(bag, (cx - bag.width // 2, head[3] + 80), bag)
        number, label_visible = None, False  # a bag carries no waybill label here
    d.rounded_rectangle(head, 24, fill=body_col, outline=(30, 30, 30), width=4)
    dx, dy = head[0] + 40, head[1] + 40
    img.paste(Image.fromarray(panel), (dx, dy))
    ink = (235, 235, 235) if sum(body_col) < 380 else (25, 25, 25)
    if not inside:
        d.text((dx + pw + 8, dy + ph), unit, font=unit_font, fill=ink, anchor="ld")
    if kind == "handheld":
        _controls(rng, d, head, dy + ph + 20, ink)
    else:
        d.text((head[0] + 40, dy + ph + 20), ("电子秤", "ELECTRONIC SCALE", "计重秤", "快递秤")[rng.integers(4)],
               font=font("noto_sans", 26), fill=ink)

    must, must_not = codes_for([])
    truth = Truth("weighing_photo", kind, carrier, None, [], [], number, shown, (dx, dy, pw, ph), must, must_not,
                  {"display": style, "unit": unit, "shown": text, "digit_h": digit_h, "squash": round(squash, 3), "lean": lean,
                   "panel": [pw, ph],
                   "unit_place": place or "body", "label_visible": label_visible})
    return Document(np.asarray(img).copy(), truth)
