"""The server measured as merchants use it, on loopback: many requests at once (none may be lost
or answered with another request's photos), and the time to the first card for one photo.

Used by ``evidencecheck bench-serve`` and the tests; the standard library's HTTP client only.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

Photo = tuple[str, bytes]  # (file name, bytes)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int, args: tuple[str, ...] = (), env: dict | None = None,
                 wait_s: float = 180.0) -> tuple[subprocess.Popen, str]:
    """``evidencecheck serve`` on a free loopback port, once its workers have loaded their models;
    returns the process and the base URL. Raises RuntimeError when it does not come up."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "evidencecheck.cli", "serve", "--port", str(port),
                             "--workers", str(workers), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            status, body = request("127.0.0.1", port, "GET", "/healthz")
            if status == 200 and json.loads(body)["workers"] == workers:
                return proc, f"127.0.0.1:{port}"
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"the server did not answer within {wait_s:g} s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def multipart(photos: list[Photo], fields: dict[str, str]) -> tuple[bytes, str]:
    """The form body and its content type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, data in photos:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n")
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def request(host: str, port: int, method: str, path: str, body: bytes | None = None,
            content_type: str | None = None, timeout: float = 600) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body, {"Content-Type": content_type} if content_type else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def check_photos(base: str, photos: list[Photo], ticket: str = "") -> tuple[int, dict | None, float]:
    """POST /api/check: status, the report (None unless 200) and the seconds it took."""
    host, port = base.split(":")
    body, ctype = multipart(photos, {"ticket": ticket})
    t0 = time.perf_counter()
    status, data = request(host, int(port), "POST", "/api/check", body, ctype)
    return status, json.loads(data) if status == 200 else None, time.perf_counter() - t0


def first_card_s(base: str, photo: Photo, ticket: str = "") -> float:
    """Seconds from sending one photo to /api/check/events to its card's event arriving: what the
    page waits for before it draws the first card."""
    host, port = base.split(":")
    body, ctype = multipart([photo], {"ticket": ticket})
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    try:
        t0 = time.perf_counter()
        conn.request("POST", "/api/check/events", body, {"Content-Type": ctype})
        response = conn.getresponse()
        for line in response:
            if json.loads(line).get("event") == "image":
                return time.perf_counter() - t0
        raise RuntimeError(f"no card came back (HTTP {response.status})")
    finally:
        conn.close()


def time_first_card(base: str, path: Path, n: int, quality: int = 92) -> dict:
    """:func:`first_card_s` of the photo at ``path`` saved at JPEG ``quality`` as a phone camera
    saves it (3-4 MB at 12 MP), ``n`` times."""
    img = cv2.imread(str(path))
    data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()
    each = [first_card_s(base, (path.name, data)) for _ in range(n)]
    return {"n": n, "each_s": each, "median_s": float(np.median(each)), "megapixels": img.shape[0] * img.shape[1] / 1e6,
            "mb": len(data) / 1e6}


def headless_chromium():
    """A selenium driver of Debian's headless chromium (packages chromium, chromium-driver)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def first_card_in_browser(base: str, path: Path, n: int, quality: int = 92) -> list[float]:
    """Seconds from pressing 检查 to the first card in the page, as Debian's headless chromium on a
    390 x 844 screen shows it (the page's own clock: ``data-first-card-ms``), ``n`` times, for the
    photo at ``path`` saved at JPEG ``quality``. Needs selenium (extra ``dev``) and chromium."""
    import tempfile

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser = headless_chromium()
    each = []
    try:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        with tempfile.TemporaryDirectory() as tmp:
            photo = Path(tmp) / "IMG_0001.jpg"
            photo.write_bytes(cv2.imencode(".jpg", cv2.imread(str(path)), [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes())
            for _ in range(n):
                browser.get(f"http://{base}/")
                WebDriverWait(browser, 60).until(lambda b: b.execute_script("return document.body.dataset.ready"))
                browser.find_element(By.ID, "album").send_keys(str(photo))
                browser.find_element(By.ID, "check").click()
                WebDriverWait(browser, 300, 0.05).until(lambda b: b.execute_script("return document.body.dataset.firstCardMs"))
                each.append(int(browser.execute_script("return document.body.dataset.firstCardMs")) / 1000)
                WebDriverWait(browser, 300).until(lambda b: b.execute_script("return document.body.dataset.done"))
    finally:
        browser.quit()
    return each


def distinct_copies(sources: list[Path], n: int) -> list[tuple[Photo, int]]:
    """``n`` photos made from ``sources`` in turn, each different in bytes (a few corner pixels
    carry its number) and so in SHA-256: a response holding another request's photo shows."""
    decoded = [cv2.imread(str(p)) for p in sources]
    out = []
    for i in range(n):
        k = i % len(sources)
        img = decoded[k].copy()
        for bit in range(16):  # the number in 16 grey cells in the top-left corner
            img[:4, 4 * bit:4 * bit + 4] = 255 if (i >> bit) & 1 else 0
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 92])
        out.append(((f"{i:03d}_{sources[k].name}", buf.tobytes()), k))
    return out


@dataclass
class LoadResult:
    requests: int
    photos_per_request: int
    workers: int
    seconds: float
    latencies_s: list[float]
    failed: list[str] = field(default_factory=list)  # requests lost: no 200, or not one row per photo
    mixed: list[str] = field(default_factory=list)  # a response holding a photo it was not sent

    def summary(self) -> dict:
        lat = np.array(self.latencies_s) if self.latencies_s else np.array([np.nan])
        return {"requests": self.requests, "photos_per_request": self.photos_per_request, "workers": self.workers,
                "seconds": round(self.seconds, 2), "p50_s": round(float(np.percentile(lat, 50)), 2),
                "p95_s": round(float(np.percentile(lat, 95)), 2), "max_s": round(float(lat.max()), 2),
                "photos_per_s": round(self.requests * self.photos_per_request / self.seconds, 2),
                "lost": len(self.failed), "mixed_up": len(self.mixed)}


def run_load(base: str, sources: list[Path], requests: int, photos_per_request: int, workers: int) -> LoadResult:
    """``requests`` requests of ``photos_per_request`` distinct photos each, all sent at once."""
    photos = distinct_copies(sources, requests * photos_per_request)
    sets = [[p for p, _ in photos[r * photos_per_request:(r + 1) * photos_per_request]] for r in range(requests)]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(requests) as ex:
        answers = list(ex.map(lambda s: check_photos(base, s), sets))
    result = LoadResult(requests, photos_per_request, workers, time.perf_counter() - t0, [])
    for r, (sent, (status, report, seconds)) in enumerate(zip(sets, answers)):
        result.latencies_s.append(seconds)
        if status != 200 or report is None or len(report["images"]) != len(sent):
            result.failed.append(f"request {r}: HTTP {status}")
            continue
        want = [(name, hashlib.sha256(data).hexdigest()) for name, data in sent]
        got = [(img["path"], img["sha256"]) for img in report["images"]]
        if got != want:
            result.mixed.append(f"request {r}: sent {want}, answered {got}")
    return result


def format_load(summary: dict, first_card: dict | None) -> str:
    s = summary
    lines = [f"load: {s['requests']} requests of {s['photos_per_request']} photos at once, {s['workers']} workers: "
             f"{s['seconds']} s, {s['photos_per_s']} photos/s; latency p50 {s['p50_s']} s, p95 {s['p95_s']} s, "
             f"max {s['max_s']} s; lost {s['lost']}, mixed up {s['mixed_up']}"]
    if first_card:
        lines.append(f"first card: one {first_card['megapixels']:.0f} MP photo ({first_card['mb']:.1f} MB), request to its "
                     f"card's event: median {first_card['median_s']:.2f} s over {first_card['n']} "
                     f"(each: {', '.join(f'{v:.2f}' for v in first_card['each_s'])})")
        if first_card.get("browser_s"):
            b = first_card["browser_s"]
            lines.append(f"first card in the page (chromium, 390 x 844): pressing 检查 to the card drawn: median "
                         f"{float(np.median(b)):.2f} s over {len(b)} (each: {', '.join(f'{v:.2f}' for v in b)})")
    return "\n".join(lines)
