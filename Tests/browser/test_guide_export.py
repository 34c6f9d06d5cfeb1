"""The exported HTML guide in a real browser: a twenty-example collection from the seed library,
opened from disk in headless Chromium, kept as a screenshot and a printed A4 PDF in artifacts/guide/,
with no console errors and no network requests."""
import base64
import os
import pathlib
import subprocess
import tempfile

import pytest

from conftest import ROOT, chrome

BINARY = pathlib.Path(os.environ.get("CASEBOOK_BINARY", ROOT / ".build" / "debug" / "casebook"))
ARTEFACTS = ROOT / "artifacts" / "guide"


def casebook(library: pathlib.Path, *arguments: str) -> str:
    done = subprocess.run([str(BINARY), "--db", str(library), *arguments], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def guide() -> pathlib.Path:
    folder = pathlib.Path(tempfile.mkdtemp())
    library = folder / "guide.sqlite"
    casebook(library, "init")
    casebook(library, "collection", "create", "local-guide", "--title", "Our local guide to end-of-life care",
             "--introduction", "Twenty examples from across England, gathered for the partnership board.")
    casebook(library, "collection", "add", "local-guide", *[str(n) for n in range(1, 21)])
    output = folder / "guide.html"
    casebook(library, "export", "local-guide", "--format", "html", "--output", str(output))
    return output


def test_the_guide_renders_prints_and_stays_offline(guide):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    driver = chrome(javascript=True)
    try:
        driver.get(guide.as_uri())
        assert "Our local guide" in driver.title
        articles = driver.find_elements("css selector", "article")
        assert len(articles) >= 20, f"expected twenty examples, found {len(articles)}"
        driver.set_window_size(1280, 900)
        driver.save_screenshot(str(ARTEFACTS / "guide.png"))
        driver.set_window_size(390, 844)
        driver.save_screenshot(str(ARTEFACTS / "guide-phone.png"))
        pdf = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True})
        document = base64.b64decode(pdf["data"])
        (ARTEFACTS / "guide.pdf").write_bytes(document)
        assert document.startswith(b"%PDF")
        assert document.count(b"/Type /Page") - document.count(b"/Type /Pages") > 1
        requests = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert requests == [], f"the guide made requests: {requests}"
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == [], errors
    finally:
        driver.quit()
