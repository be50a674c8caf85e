"""The policy explorer in a real headless browser: Debian's chromium driven by Playwright, against one
real ``solara run`` server for the module.

The comparison page loads; two policies chosen with the keyboard and Run draw both, and the sentence
names both; a slider moved with the arrow keys changes the result; a teaching session fills both
scenarios and shows its question and prompts; a good roster uploads and a bad one shows its line and
column, and nothing runs; Step, Step a year, Play and Reset drive the month page; the figure fits a
1024 x 768 projector; no test sees a console or page error. Screenshots at 1280 x 800 and 1024 x 768
go to test-artifacts/, with the Run timings (timings.txt). With UPDATE_DOCS_SCREENSHOTS=1 the two
screenshots of docs/teaching.md are written to docs/ as well.
"""

from __future__ import annotations

import os
import re
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
DOCS = {"compare-1280x800.png": "explorer-compare.png", "session-1024x768.png": "explorer-session.png"}
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

BAD_ROSTER = "name,kind,nurses,doctors,ahps,managers,support\nA,clinical,10,2,2,1,3\nB,ward,10,2,2,1,3\n"
WAIT = 60_000  # ms


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    port = free_port()
    solara = Path(sys.executable).parent / "solara"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "timings.txt").unlink(missing_ok=True)
    log = open(ARTIFACTS / "solara.log", "w")
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


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    """A new browser session on the comparison page; fails the test on any console or page error."""
    errors: list[str] = []
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(app_url, timeout=120_000)
    tab.get_by_role("button", name="Run comparison").wait_for(timeout=120_000)
    yield tab
    tab.close()
    assert errors == [], errors


def shot(page, name: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / name))
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS") and name in DOCS:
        shutil.copy(ARTIFACTS / name, ROOT / "docs" / DOCS[name])


UNNAMED_CONTROLS = """() => Array.from(document.querySelectorAll('input, button, [role=slider], a[href]'))
  .filter(e => e.type !== 'hidden' && e.getClientRects().length > 0)
  .filter(e => !((e.getAttribute('aria-label') || '').trim() || (e.labels && e.labels.length)
    || (e.textContent || '').trim() || e.getAttribute('aria-labelledby')))
  .map(e => e.outerHTML.slice(0, 120))"""


def choose(page, label: str, option: str) -> None:
    """Open a drop-down list from the keyboard and pick an option."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_role("option", name=option, exact=True).click()


def run(page, expected: str) -> float:
    """Press Run; wait until the sentence under the plots names ``expected``; the seconds it took."""
    started = time.perf_counter()
    page.get_by_role("button", name="Run comparison").click()
    page.locator("li.lead-sentence", has_text=expected).wait_for(timeout=WAIT)
    page.locator("img.explorer-figure").wait_for(timeout=WAIT)
    seconds = time.perf_counter() - started
    with open(ARTIFACTS / "timings.txt", "a") as out:
        out.write(f"Run to sentence and figure ({expected}): {seconds:.2f} s\n")
    return seconds


def test_two_policies_run_side_by_side_and_a_slider_changes_the_result(page):
    choose(page, "Scenario B: policy", "equal share")
    run(page, "equal share against silos")
    headline = page.locator("li.lead-sentence").inner_text()
    assert headline.startswith("Improvement delivered") and "95 % CI" in headline
    figure = page.locator("img.explorer-figure").get_attribute("src")
    assert "A: silos" in page.locator("img.explorer-figure").get_attribute("alt")
    shot(page, "compare-1280x800.png", 1280, 800)

    page.set_viewport_size({"width": 1024, "height": 768})
    box = page.locator("img.explorer-figure").bounding_box()
    assert box["y"] + box["height"] <= 768 and box["x"] + box["width"] <= 1024  # no scrolling on a projector
    page.screenshot(path=str(ARTIFACTS / "compare-1024x768.png"))

    page.get_by_role("button", name="Scenario B: change its settings").click()
    page.get_by_role("button", name="Scenario A: change its settings").click()
    assert page.evaluate(UNNAMED_CONTROLS) == []  # every control a screen reader can name, both panels open
    slider = page.get_by_role("slider", name="Scenario B: Leadership support per unit per month")
    slider.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "e => e.getAttribute('aria-valuetext') === '0.50 support units / unit / month'",
        arg=slider.element_handle(),
        timeout=WAIT,
    )
    page.get_by_text("Settings changed since: press Run.").wait_for(timeout=WAIT)
    run(page, "equal share, attention budget 0.5 against silos, attention budget 0.3")
    assert page.locator("li.lead-sentence").inner_text() != headline
    sync_api.expect(page.locator("img.explorer-figure")).not_to_have_attribute("src", figure, timeout=WAIT)


def test_a_teaching_session_fills_both_scenarios_and_shows_its_question_and_prompts(page):
    choose(page, "Teaching session", "The Matthew effect")
    page.get_by_role("heading", name=re.compile("^When attention goes to the units")).wait_for(timeout=WAIT)
    page.get_by_text("Which units in your organisation win leadership attention").wait_for()
    page.get_by_role("heading", name="Scenario A: silos").wait_for()
    page.get_by_role("heading", name="Scenario B: equal share").wait_for()
    sync_api.expect(page.locator(".explorer-side")).to_contain_text("small: 12 units")
    run(page, "equal share against silos")
    shot(page, "session-1024x768.png", 1024, 768)


def test_a_good_roster_runs_and_a_bad_one_shows_its_line_and_column_and_nothing_runs(page, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_ROSTER)
    upload = page.get_by_label("Your own organisation: upload a roster (CSV)")
    upload.set_input_files(str(bad))
    refusal = "bad.csv, line 3, column 'kind': 'ward' must be 'clinical' or 'non-clinical'"  # as load_roster says it
    page.get_by_text(re.compile("^" + re.escape(refusal))).wait_for(timeout=WAIT)  # the file as uploaded, no path
    sync_api.expect(page.get_by_role("button", name="Run comparison")).to_be_disabled(timeout=WAIT)
    upload.set_input_files(str(ROOT / "examples" / "roster_example.csv"))
    page.get_by_text("Your organisation: roster_example.csv: 18 units from your roster.").wait_for(timeout=WAIT)
    sync_api.expect(page.get_by_role("button", name="Run comparison")).to_be_enabled(timeout=WAIT)
    run(page, "active nurturing against silos")
    sync_api.expect(page.locator(".status")).to_contain_text("on roster_example.csv: 18 units from your roster")


def test_the_month_page_steps_plays_and_resets(page):
    page.get_by_role("link", name="Month by month").click()
    page.get_by_role("heading", name="Month 0 of 120").wait_for(timeout=WAIT)
    before = page.locator("img.explorer-figure").get_attribute("src")
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_role("heading", name="Month 1 of 120").wait_for(timeout=WAIT)
    sync_api.expect(page.locator("img.explorer-figure")).not_to_have_attribute("src", before, timeout=WAIT)
    page.get_by_role("button", name="Step a year").click()
    page.get_by_role("heading", name="Month 13 of 120").wait_for(timeout=WAIT)
    page.get_by_role("button", name="Play").click()
    page.get_by_role("heading", name=re.compile(r"^Month (1[5-9]|[2-9]\d) of 120$")).wait_for(timeout=WAIT)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=WAIT)
    sync_api.expect(page.locator(".key")).to_contain_text("colour the attention received this month")
    shot(page, "month-1280x800.png", 1280, 800)
    page.get_by_role("button", name="Reset").click()
    page.get_by_role("heading", name="Month 0 of 120").wait_for(timeout=WAIT)
