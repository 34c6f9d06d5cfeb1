"""The exported HTML guide in a real browser: a twenty-example collection from the seed library,
opened from disk in headless Chromium, kept as a screenshot and a printed A4 PDF in artifacts/guide/,
with no console errors and no network requests; and a four-example guide printed to numbered A4 pages,
rendered to PNG in artifacts/print/."""
import base64
import os
import pathlib
import re
import subprocess
import tempfile

import pytest
from selenium.webdriver.common.print_page_options import PrintOptions

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


def print_to_pdf(page: pathlib.Path, pdf: pathlib.Path) -> list:
    """Prints a page to A4 as a person would from the browser; returns its pages as PNG files beside the PDF."""
    driver = chrome(javascript=False)
    try:
        driver.get(page.as_uri())
        options = PrintOptions()
        options.page_width, options.page_height = 21.0, 29.7
        pdf.write_bytes(base64.b64decode(driver.print_page(options)))
    finally:
        driver.quit()
    for old in pdf.parent.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(f"{pdf.stem}-*.png"))


def test_a_short_collection_prints_on_few_numbered_pages():
    """Four examples as a published guide, printed to A4: a cover without a number and with the local contact,
    then numbered pages, contents numbered as the foundations are; the short form fits on a few pages. The
    pages are kept as PNG in artifacts/print/."""
    folder = pathlib.Path(tempfile.mkdtemp())
    library = folder / "print.sqlite"
    casebook(library, "init")
    casebook(library, "collection", "create", "board-pack", "--title", "Board pack: four examples",
             "--description", "Four examples for the partnership board.",
             "--introduction", "Read one example before the meeting.", "--contact", "Palliative care team, Example ICB")
    casebook(library, "collection", "add", "board-pack", "1", "2", "3", "4")
    casebook(library, "collection", "publish", "board-pack")
    printed = ROOT / "artifacts" / "print"
    printed.mkdir(parents=True, exist_ok=True)
    counts = {}
    for form, flags in (("board-pack", []), ("board-pack-short", ["--short"])):
        output = folder / f"{form}.html"
        casebook(library, "export", "board-pack", "--format", "html", *flags, "--output", str(output))
        pages = print_to_pdf(output, printed / f"{form}.pdf")
        counts[form] = len(pages)
        text = subprocess.run(["pdftotext", "-layout", str(printed / f"{form}.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        sheets = text.split("\f")
        assert "Page" not in sheets[0], "the cover has no page number"
        assert "Palliative care team, Example ICB" in sheets[0], "the cover carries the local contact"
        assert f"Page 2 of {len(pages)}" in sheets[1], sheets[1][-400:]
        assert "4. Involving, supporting and caring" in text, "contents numbered as the foundations are"
    # The seed examples' bodies run to about a page each, and each chapter opens with its foundation's
    # description and questions; no page is forced apart but the cover.
    assert counts["board-pack"] <= 7, counts
    assert 2 <= counts["board-pack-short"] < counts["board-pack"], counts
    html = (folder / "board-pack.html").read_text()
    numbered = re.findall(r'<li value="(\d+)"><a href="#foundation-[^"]+">([^<]+)</a>', html)
    assert numbered, "the contents are numbered"
    for number, name in numbered:
        assert f"Foundation {number}: {name}" in html, f"contents number {number} matches the chapter"
