"""A run writes nothing outside what it is asked to write and opens no network connection."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from evidencecheck.ocr.rapid import available as rapid_available

SCRIPT = textwrap.dedent("""
    import sys
    events = []
    # Anything that reaches out: a connection, a name look-up, a datagram. (urllib3, imported by
    # rapidocr's download helper, binds a socket to ::1 port 0 to probe for IPv6: local, no traffic.)
    REACHING_OUT = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                    "socket.sendto", "socket.sendmsg"}
    def hook(event, args):
        if event in REACHING_OUT:
            events.append((event, repr(args)[:200]))
    sys.addaudithook(hook)
    import numpy as np
    from PIL import Image
    import evidencecheck
    from evidencecheck.ocr import get_engine
    img = np.full((120, 400, 3), 255, np.uint8)
    img[50:60, 20:380] = 0
    Image.fromarray(img).save(sys.argv[1])
    evidencecheck.check([sys.argv[1]])
    for name in sys.argv[2:]:
        get_engine(name).read_page(img)
    print("socket events:", events)
    assert not events, events
""")


@pytest.mark.parametrize("engine", ["tesseract"] + (["rapidocr"] if rapid_available() else []))
def test_run_under_fresh_home_leaves_it_empty_and_opens_no_socket(tmp_path, engine):
    home = tmp_path / "home"
    home.mkdir()
    image = tmp_path / "work" / "img.png"
    image.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ORT_DISABLE_TELEMETRY", "XDG_CACHE_HOME")}
    env["HOME"] = str(home)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(image), engine], env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    left = [str(p.relative_to(home)) for p in home.rglob("*")]
    assert left == [], f"the run wrote into HOME: {left}"
    assert sorted(p.name for p in image.parent.iterdir()) == ["img.png"]
