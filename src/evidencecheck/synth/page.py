"""Plain printed pages of Chinese text: the raw material for quality calibration and timing.

The document generators of the later issues (receipts, waybills) build on the same helpers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from .fonts import font

PHRASES = [
    "快递签收证明", "兹证明运单号", "的快件已于", "年", "月", "日由收件人本人签收", "签收人", "派件网点",
    "经办人", "证明单位", "业务专用章", "特此证明", "收件人地址", "寄件人", "联系电话", "重量", "件数",
    "物品名称", "服装", "日用品", "电子产品", "上海市浦东新区", "广东省深圳市南山区", "浙江省杭州市余杭区",
    "北京市朝阳区", "江苏省南京市", "请妥善保管本证明", "如有疑问请联系客服", "售后工单", "买家", "商家",
    "顺丰速运", "中通快递", "圆通速递", "申通快递", "韵达快递", "极兔速递", "中国邮政", "京东物流", "德邦快递",
]


@dataclass(frozen=True)
class Page:
    """A rendered page: RGB pixels (uint8) and the text of each line, top to bottom."""

    pixels: np.ndarray
    lines: list[str]


def random_line(rng: np.random.Generator, max_chars: int) -> str:
    """A line of plausible evidence text: phrases, digits and dates, at most ``max_chars`` long."""
    parts: list[str] = []
    while sum(len(p) for p in parts) < max_chars * 0.6:
        r = rng.random()
        if r < 0.7:
            parts.append(PHRASES[rng.integers(len(PHRASES))])
        elif r < 0.85:
            parts.append("".join(str(d) for d in rng.integers(0, 10, rng.integers(4, 14))))
        else:
            parts.append(f"{rng.integers(2023, 2027)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}")
    return "".join(parts)[:max_chars]


def render_page(rng: np.random.Generator, width: int = 1240, height: int = 1754,
                font_name: str = "noto_sans", text_px: int = 34) -> Page:
    """A white page (default A4 at 150 dpi) with black lines of ``text_px``-pixel text."""
    img = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    f = font(font_name, text_px)
    margin = width // 10
    chars_per_line = max(4, int((width - 2 * margin) / (text_px * 1.02)))
    lines = []
    y = margin
    while y + text_px * 1.8 < height - margin:
        text = random_line(rng, int(chars_per_line * rng.uniform(0.5, 1.0)))
        draw.text((margin, y), text, font=f, fill=(20, 20, 20))
        lines.append(text)
        y += int(text_px * rng.uniform(1.6, 2.2))
    return Page(np.asarray(img).copy(), lines)
