"""A run writes nothing outside what it is asked to write and opens no network connection."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

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


SITE_HOOK = textwrap.dedent("""
    # Loaded by every Python process of the server (the server, the forkserver, the workers).
    import os, socket, sys
    _log = os.environ["EVIDENCECHECK_AUDIT_LOG"]
    _OUT = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
            "socket.sendto", "socket.sendmsg"}
    def _hook(event, args):
        if event not in _OUT:
            return
        if isinstance(args[0], socket.socket) and args[0].family == socket.AF_UNIX:
            return  # a Unix socket: multiprocessing's forkserver talking to its own workers
        if event == "socket.getaddrinfo" and args[0] in ("127.0.0.1", b"127.0.0.1"):
            return  # the address it listens on, given as a literal: no look-up
        with open(f"{_log}.{os.getpid()}", "a") as f:
            f.write(f"{event} {args!r:.200}\\n")
    sys.addaudithook(_hook)
""")


def test_the_server_reaches_nothing_outside_and_keeps_no_photo(tmp_path):
    from evidencecheck.serve.load import check_photos, request, start_server, stop_server

    import shutil
    import tempfile

    home, site = tmp_path / "home", tmp_path / "site"
    for d in (home, site):
        d.mkdir()
    # A short TMPDIR: the workers' fork server listens on a Unix socket under it, and under
    # pytest's tmp_path its bind once failed with "AF_UNIX path too long" (make test, pytest-103).
    tmp = Path(tempfile.mkdtemp(prefix="ec-"))
    (site / "sitecustomize.py").write_text(SITE_HOOK)
    env = {k: v for k, v in os.environ.items() if k not in ("ORT_DISABLE_TELEMETRY", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), TMPDIR=str(tmp), PYTHONPATH=str(site), EVIDENCECHECK_AUDIT_LOG=str(tmp_path / "audit"))
    photo = (Path(__file__).resolve().parents[1] / "samples" / "receipt_genuine.jpg").read_bytes()
    proc, base = start_server(1, env=env)
    try:
        host, port = base.split(":")
        for path in ("/", "/static/app.js", "/api/tickets"):
            assert request(host, int(port), "GET", path)[0] == 200
        status, report, _ = check_photos(base, [("receipt.jpg", photo)], "not_received")
        assert status == 200 and report["images"][0]["doc_type"] == "express_receipt"
    finally:
        stop_server(proc)
    reached = [line for log in tmp_path.glob("audit.*") for line in log.read_text().splitlines()]
    assert reached == [], reached
    assert [str(p.relative_to(home)) for p in home.rglob("*")] == [], "the server wrote into HOME"
    left = [str(p.relative_to(tmp)) for p in tmp.rglob("*")]
    shutil.rmtree(tmp)
    assert left == [], "a photo or file was left behind"
