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
"""Evidence wording in random order: the stuff of pages whose words, not whose kind, are measured
(quality calibration, OCR timing). Not a page of any kind a merchant uploads."""

PROSE = [
    # what a merchant photographs by mistake instead of evidence: manuals, notices, letters, articles
    "使用前请仔细阅读本说明书，并妥善保管以备日后查阅。", "本产品适用于家庭及办公室环境，请勿在潮湿处使用。",
    "首次使用时请先充电四小时，指示灯变绿表示电量已满。", "清洁时请先断开电源，用柔软的干布轻轻擦拭表面。",
    "如出现异常声音或气味，请立即停止使用并联系售后服务。", "本产品保修期为一年，人为损坏不在保修范围之内。",
    "各位业主：因管道检修，本周六上午八点至十二点停水。", "请大家提前做好储水准备，给您带来不便敬请谅解。",
    "物业服务中心", "关于春节放假安排的通知", "根据国家有关规定，结合公司实际情况，现将放假安排通知如下。",
    "放假期间请各部门做好安全检查工作，关好门窗，切断电源。", "会议纪要", "会议时间：上午九点三十分",
    "参会人员：市场部、财务部、技术部全体同事。", "会议讨论了下季度的工作计划和预算安排。",
    "春天到了，公园里的桃花和樱花陆续开放，吸引了许多游客。", "周末的早晨，街道两旁的小店早早地打开了门。",
    "这家面馆开了二十多年，每天中午都坐满了附近的上班族。", "他把旧书整理好，捐给了社区的图书角。",
    "天气预报说明天有小雨，气温将下降五到八度。", "孩子们在操场上跑来跑去，笑声传得很远。",
    "配料：小麦粉、白砂糖、植物油、鸡蛋、食用盐。", "贮存条件：请置于阴凉干燥处，避免阳光直射。",
    "保质期十二个月，生产日期见包装背面。", "做法：将土豆切块，与牛肉一起小火慢炖四十分钟。",
    "退换货须知：商品不影响二次销售的情况下支持七天无理由退换。", "定制商品、贴身衣物及已拆封的食品不支持退换。",
    "感谢您选购我们的产品，祝您生活愉快！", "尊敬的客户，您好！", "此致敬礼", "以上内容请相互转告。",
    "第一章 总则", "第二条 本办法适用于公司全体员工。", "员工应当遵守劳动纪律，按时上下班。",
    "报名时间：即日起至本月三十日止，名额有限，额满即止。", "活动地点：市民中心二楼多功能厅。",
    "学生应按时完成作业，遇到问题及时向老师请教。", "家长会定于下周三下午两点在各班教室召开。",
    "Please read these instructions carefully before use.", "Keep away from children and direct sunlight.",
    "Thank you for your purchase. We hope you enjoy it.", "Meeting notes: budget review and next quarter plan.",
]
"""Sentences of ordinary printed pages, written for this generator: a printed page that is not
evidence says other things than a waybill or a proof does. The first generator filled these pages
with evidence words, and taught the kind model that a page saying 收件人 and 寄件人 with no
barcode is not a waybill: the tune split's blank EMS and ZTO paper forms, read near perfectly, were
called other (0.63, 0.66); trained without those pages, both were waybills."""


@dataclass(frozen=True)
class Page:
    """A rendered page: RGB pixels (uint8) and the text of each line, top to bottom."""

    pixels: np.ndarray
    lines: list[str]


def _joined(rng: np.random.Generator, max_chars: int, part) -> str:
    """Parts drawn by ``part(rng)`` joined until the line is filled, at most ``max_chars`` long."""
    parts: list[str] = []
    while sum(len(p) for p in parts) < max_chars * 0.6:
        parts.append(part(rng))
    return "".join(parts)[:max_chars]


def _evidence_part(rng: np.random.Generator) -> str:
    r = rng.random()
    if r < 0.7:
        return PHRASES[rng.integers(len(PHRASES))]
    if r < 0.85:
        return "".join(str(d) for d in rng.integers(0, 10, rng.integers(4, 14)))
    return f"{rng.integers(2023, 2027)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"


def random_line(rng: np.random.Generator, max_chars: int) -> str:
    """A line of plausible evidence text: phrases, digits and dates, at most ``max_chars`` long."""
    return _joined(rng, max_chars, _evidence_part)


def prose_line(rng: np.random.Generator, max_chars: int) -> str:
    """A line of an ordinary printed page (:data:`PROSE`), at most ``max_chars`` long."""
    return _joined(rng, max_chars, lambda r: PROSE[r.integers(len(PROSE))])


def render_page(rng: np.random.Generator, width: int = 1240, height: int = 1754,
                font_name: str = "noto_sans", text_px: int = 34, line=random_line) -> Page:
    """A white page (default A4 at 150 dpi) with black lines of ``text_px``-pixel text, each
    made by ``line(rng, max_chars)``."""
    img = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    f = font(font_name, text_px)
    margin = width // 10
    chars_per_line = max(4, int((width - 2 * margin) / (text_px * 1.02)))
    lines = []
    y = margin
    while y + text_px * 1.8 < height - margin:
        text = line(rng, int(chars_per_line * rng.uniform(0.5, 1.0)))
        draw.text((margin, y), text, font=f, fill=(20, 20, 20))
        lines.append(text)
        y += int(text_px * rng.uniform(1.6, 2.2))
    return Page(np.asarray(img).copy(), lines)
