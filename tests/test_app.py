"""The interactive app in a real headless browser: Debian's chromium driven by Playwright.

The page loads; Step advances the model and changes a plot; choosing another policy and pressing
Reset takes effect; the browser console shows no errors. A screenshot is written to
test-artifacts/app.png.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
#: Under CI (CI=true) a missing browser or Playwright is a failure, never a skip.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

try:
    from playwright import sync_api
except ImportError as error:  # a broken install must not pass quietly under CI
    if IN_CI:
        raise ImportError(f"CI needs Playwright (pip install -e '.[dev]'): {error}") from error
    pytest.skip(f"needs Playwright: {error}", allow_module_level=True)
if not CHROMIUM:
    if IN_CI:
        raise RuntimeError("CI needs Debian's chromium on PATH (.ci/run installs it: apt-get install chromium)")
    pytest.skip("needs Debian's chromium (apt-get install chromium; .ci/run installs it)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    port = free_port()
    solara = Path(sys.executable).parent / "solara"
    log = open(ARTIFACTS.mkdir(exist_ok=True) or ARTIFACTS / "solara.log", "w")
    server = subprocess.Popen(
        [
            str(solara),
            "run",
            "teaching/app.py",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-open",
            "--production",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(url, timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start within 120 s; see test-artifacts/solara.log")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def plot_images(page) -> list[str]:
    return [page.locator("img").nth(i).get_attribute("src") for i in range(page.locator("img").count())]


def test_app_steps_resets_and_switches_policy_without_console_errors(app_url):
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(app_url, timeout=120_000)
        page.wait_for_selector("text=Policy: silos · month 0", timeout=120_000)
        page.wait_for_function("document.querySelectorAll('img').length >= 4", timeout=60_000)
        before = plot_images(page)

        page.get_by_role("button", name="Step").click()
        page.wait_for_selector("text=Policy: silos · month 1", timeout=60_000)
        page.wait_for_function("(first) => document.querySelector('img').src !== first", arg=before[0], timeout=60_000)
        after = plot_images(page)
        assert after[0] != before[0]  # the capability plot was redrawn with the new month

        page.locator(".v-select").first.click()
        page.get_by_role("option", name="active_nurturing").click()
        page.get_by_role("button", name="Reset").click()
        page.wait_for_selector("text=Policy: active nurturing · month 0", timeout=60_000)
        page.get_by_role("button", name="Step").click()
        page.wait_for_selector("text=Policy: active nurturing · month 1", timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "app.png"), full_page=True)
        browser.close()
    assert errors == [], errors
    assert (ARTIFACTS / "app.png").stat().st_size > 10_000
