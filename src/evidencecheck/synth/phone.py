"""A phone's screen furniture, shared by every generated screenshot: sizes, the status bar, an app's
title bar and the home indicator. Screenshots carry these, so a model meets them on every kind."""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from .fonts import font

SCREENS = ((1080, 2340), (1080, 2400), (1170, 2532), (1242, 2688), (720, 1600), (1080, 1920), (1284, 2778))
"""Portrait screen sizes in pixels of common phones (a screenshot is saved at the full size)."""

CHAT_LINES = ["亲，您的快递显示已签收哦", "我没有收到包裹", "麻烦提供一下签收证明", "好的稍等", "快递员说放在驿站了",
              "请问什么时候发货", "已经帮您催促了", "这个商品有质量问题", "可以退货吗", "收到货了谢谢",
              "麻烦上传称重图片", "包裹里少了一件", "我们核实一下", "申请售后了"]


def screen_size(rng: np.random.Generator) -> tuple[int, int]:
    return SCREENS[rng.integers(len(SCREENS))]


def clock(rng: np.random.Generator) -> str:
    return f"{rng.integers(7, 24)}:{rng.integers(0, 60):02d}"


def status_bar(rng: np.random.Generator, d: ImageDraw.ImageDraw, W: int, ink) -> int:
    """Time on the left, signal, Wi-Fi and battery on the right, in ``ink``. Returns its height."""
    h = int(W * rng.uniform(0.085, 0.11))
    f = font("noto_sans_bold", int(h * 0.42))
    d.text((int(W * 0.07), h // 2), clock(rng), font=f, fill=ink, anchor="lm")
    x = W - int(W * 0.06)
    bw, bh = int(h * 0.5), int(h * 0.24)  # battery
    d.rounded_rectangle((x - bw, h / 2 - bh / 2, x, h / 2 + bh / 2), 4, outline=ink, width=2)
    level = rng.uniform(0.15, 1.0)
    d.rectangle((x - bw + 3, h / 2 - bh / 2 + 3, x - bw + 3 + (bw - 6) * level, h / 2 + bh / 2 - 3), fill=ink)
    x -= bw + int(h * 0.25)
    for i in range(4):  # signal bars
        x0, foot = x - (4 - i) * h * 0.11, h / 2 + h * 0.15
        d.rectangle((x0, foot - h * 0.1 - i * h * 0.07, x0 + h * 0.07, foot), fill=ink)
    if rng.random() < 0.6:
        d.text((x - h * 0.55, h / 2), ("5G", "4G", "WiFi")[rng.integers(3)], font=font("noto_sans", int(h * 0.3)),
               fill=ink, anchor="rm")
    return h


def title_bar(d: ImageDraw.ImageDraw, W: int, y: int, h: int, title: str, ink, more: str = "···") -> int:
    """An app's title bar at ``y``: back arrow, centred ``title``, a menu mark. Returns its bottom."""
    f = font("noto_sans_bold", int(h * 0.36))
    x0 = int(h * 0.35)
    d.line((x0 + h * 0.22, y + h * 0.3, x0, y + h * 0.5, x0 + h * 0.22, y + h * 0.7), fill=ink, width=max(3, h // 28))
    d.text((W / 2, y + h / 2), title, font=f, fill=ink, anchor="mm")
    d.text((W - x0, y + h / 2), more, font=f, fill=ink, anchor="rm")
    return y + h


def home_indicator(d: ImageDraw.ImageDraw, W: int, H: int, ink) -> None:
    d.rounded_rectangle((W * 0.35, H - W * 0.025, W * 0.65, H - W * 0.017), 5, fill=ink)
