"""The CJK fonts the generator renders with (Debian packages, installed by `make`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from ..errors import MissingDependencyError

PRINT_FONTS = {
    "noto_sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "noto_sans_bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "noto_serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "wqy_microhei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "wqy_zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "ar_pl_uming": "/usr/share/fonts/truetype/arphic/uming.ttc",
    "ar_pl_ukai": "/usr/share/fonts/truetype/arphic/ukai.ttc",  # Kai: looks handwritten, is print
}
"""Font name -> file. Debian packages: fonts-noto-cjk, fonts-wqy-*, fonts-arphic-*."""

INSTALL_HINT = "apt-get install fonts-noto-cjk fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-uming"


@lru_cache(maxsize=256)
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """The font ``name`` (a key of :data:`PRINT_FONTS`) at ``size`` pixels."""
    path = PRINT_FONTS[name]
    if not Path(path).is_file():
        raise MissingDependencyError(f"font {name} ({path}) is not installed: {INSTALL_HINT}")
    return ImageFont.truetype(path, size)


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels in ``fnt`` (Chinese breaks anywhere)."""
    lines, cur = [], ""
    for ch in text:
        if cur and fnt.getlength(cur + ch) > width:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur] if cur else lines
