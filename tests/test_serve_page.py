"""The merchant's page in a real browser (Debian's headless chromium) on a phone-sized screen:
a "not received" case uploaded, the cards as the CLI judges the same files, the language switched,
the one upload composed and downloaded.

Set EVIDENCECHECK_SCREENSHOTS=docs to write the page's screenshots where docs/web-page.md shows them."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from evidencecheck.serve.load import start_server, stop_server

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CASE_FILES = ["waybill_yto.jpg", "receipt_genuine.jpg", "receipt_fully_printed.jpg"]
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


@pytest.fixture(scope="module")
def server():
    proc, base = start_server(2)
    yield f"http://{base}"
    stop_server(proc)


def _wait(browser, script: str, timeout: float = 180):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout, poll_frequency=0.2).until(lambda b: b.execute_script(script))


def _screenshot(browser, path: Path) -> None:
    """The whole page, not only the screen."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": PHONE["width"], "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def test_a_merchant_checks_a_not_received_case_on_a_phone(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    shots = Path(os.environ.get("EVIDENCECHECK_SCREENSHOTS") or tmp_path)
    cli = subprocess.run([sys.executable, "-m", "evidencecheck.cli", "check", "--ticket", "not_received", "--json",
                          *(str(SAMPLES / n) for n in CASE_FILES)], capture_output=True, text=True, timeout=300)
    want = json.loads(cli.stdout)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.get(server)
    _wait(browser, "return document.body.dataset.ready")
    assert browser.find_element(By.TAG_NAME, "h1").text == "发货凭证检查"
    assert browser.find_element(By.ID, "ticket").get_attribute("value") == "not_received"
    opened = (datetime.now() - timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M")
    browser.execute_script("const o = document.getElementById('opened'); o.value = arguments[0];"
                           "o.dispatchEvent(new Event('input'));", opened)
    assert "距截止还剩 37 小时" in browser.find_element(By.ID, "deadline").text  # 48 h from 10 h ago
    browser.find_element(By.ID, "album").send_keys("\n".join(str(SAMPLES / n) for n in CASE_FILES))
    names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#photos .name")]
    assert names == CASE_FILES
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scroll"
    _screenshot(browser, shots / "serve-before.png")

    browser.find_element(By.ID, "check").click()
    _wait(browser, "return document.body.dataset.done")
    cards = browser.find_elements(By.CSS_SELECTOR, ".card")
    assert len(cards) == len(CASE_FILES)
    for card, image in zip(cards, want["images"]):
        assert card.get_attribute("data-verdict") == image["verdict"], image["path"]
        assert card.get_attribute("data-codes").split() == [f["code"] for f in image["findings"]], image["path"]
        assert browser.execute_script("return arguments[0].querySelector('img').naturalWidth > 0", card)
    assert browser.find_element(By.ID, "verdict").get_attribute("data-verdict") == want["verdict"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#todo li")) == len(want["todo"])
    assert "距截止还剩" in browser.find_element(By.ID, "case-deadline").text
    assert int(browser.execute_script("return document.body.dataset.firstCardMs")) > 0
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
    _screenshot(browser, shots / "serve-after.png")

    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Evidence check"
    failing = [f for i in want["images"] for f in i["findings"] if f["severity"] == "fail"]
    assert failing, "the case has a failing photo to explain"
    text = browser.find_element(By.ID, "cards").text
    assert failing[0]["message"] in text and failing[0]["message_zh"] in text, "English beside the Chinese"
    _screenshot(browser, shots / "serve-after-en.png")

    browser.find_element(By.ID, "compose").click()
    assert _wait(browser, "return document.getElementById('compose-status').dataset.result") == "downloaded"
    deadline = time.monotonic() + 60
    while not (downloads / "evidence-upload.jpg").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert (downloads / "evidence-upload.jpg").read_bytes()[:3] == b"\xff\xd8\xff"


def test_a_hostile_file_name_is_shown_as_text(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    odd = tmp_path / "<img src=x onerror=alert(1)>.jpg"
    odd.write_bytes(b"not a photo")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.get(server)
    _wait(browser, "return document.body.dataset.ready")
    browser.find_element(By.ID, "album").send_keys(str(odd))
    browser.find_element(By.ID, "check").click()
    _wait(browser, "return document.body.dataset.done")
    card = browser.find_element(By.CSS_SELECTOR, ".card")
    assert card.find_element(By.CSS_SELECTOR, ".name").text == odd.name
    assert card.get_attribute("data-codes") == "UNREADABLE_FILE"
    assert browser.find_elements(By.CSS_SELECTOR, "#cards img[src='x']") == [], "the name never became markup"
