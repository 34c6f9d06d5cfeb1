"""Moderation at scale, in headless Chromium with JavaScript off, on a library of 300 examples: a moderator
signs in, opens the new submissions, sees a phone number highlighted, is stopped from approving without
confirming, redacts the number, sees the change marked, approves, builds a collection of five examples by
searching, reorders it, edits its contact, previews and publishes it. axe-core checks every page and
screenshots go to artifacts/screenshots/. Runs after test_pages.py, on the same library."""
import json
import os
import subprocess
import urllib.request

from selenium.webdriver.common.by import By

from conftest import ROOT
from pages import check_page, check_plain_page
from test_pages import error_links, fill, follow, go, press, sign_in, tick

BINARY = os.environ.get("CASEBOOK_BINARY", str(ROOT / ".build" / "debug" / "casebook"))
PHONE = "07700 900123"
TITLE = "Evening phone line for carers in Thornbury Vale"
FLAGGED = f"Carers ring the hospice team on {PHONE} in the evening for advice and a visit."
REDACTED = "Carers ring the hospice team in the evening for advice and a visit."


def example(title: str, summary: str) -> dict:
    return {"title": title, "summary": summary, "foundations": ["24-7-access"],
            "organisation": {"name": "Thornbury Vale Hospice", "type": "hospice"}, "region": "south-west"}


def read(base_url: str, path: str) -> str:
    with urllib.request.urlopen(base_url + path) as response:
        return response.read().decode()


def fill_library_to_300(base_url: str) -> None:
    published = json.loads(read(base_url, "/api/v1/examples?limit=1"))["total"]
    lines = [example(f"Quarrybank example {n}: evening support for carers" if n <= 6 else f"Library example {n} of shared care",
                     f"What team {n} tried locally and what it learnt from it.") for n in range(1, 301 - published)]
    subprocess.run([BINARY, "import", "-"], input="\n".join(json.dumps(line) for line in lines) + "\n",
                   text=True, capture_output=True, check=True, env=os.environ)
    assert json.loads(read(base_url, "/api/v1/examples?limit=1"))["total"] == 300


def submit_by_api(base_url: str, title: str) -> None:
    body = json.dumps(example(title, "A plain account of a small local change that helped people.")).encode()
    request = urllib.request.Request(base_url + "/api/v1/submissions", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 201


def audit(browser, auditor, base_url, screenshots, name):
    """The page the browser without JavaScript shows now: its screenshot, and axe-core on the same address
    in a browser with JavaScript (axe needs it to run), signed in as the same moderator."""
    check_plain_page(browser, base_url, screenshots, name)
    auditor.get(browser.current_url)
    check_page(auditor, base_url, screenshots, name)


def test_a_moderator_works_the_queue_redacts_approves_and_publishes_a_guide(plain_browser, browser, base_url, moderator_token, screenshots):
    auditor, browser = browser, plain_browser
    fill_library_to_300(base_url)

    # The submitter is warned before the form accepts a phone number.
    go(browser, base_url, "/submit")
    fill(browser, "title", TITLE)
    fill(browser, "summary", FLAGGED)
    tick(browser, "foundations")
    fill(browser, "organisation-name", "Thornbury Vale Hospice")
    press(browser, "Send for moderation")
    warning = browser.find_element(By.ID, "identifier-warning").text
    assert "looks like a phone number; remove it, or confirm it is not about a patient" in warning
    check_plain_page(browser, base_url, screenshots, "scale-submit-warning")
    go(auditor, base_url, "/submit")
    for field, text in (("title", TITLE), ("summary", FLAGGED), ("organisation-name", "Thornbury Vale Hospice")):
        fill(auditor, field, text)
    tick(auditor, "foundations")
    press(auditor, "Send for moderation")
    assert auditor.find_element(By.ID, "identifier-warning")
    check_page(auditor, base_url, screenshots, "scale-submit-warning")
    tick(browser, "identifiers-checked")
    press(browser, "Send for moderation")
    assert "Example sent" in browser.page_source
    for number in range(1, 5):
        submit_by_api(base_url, f"Small change number {number} at Thornbury Vale")

    # 1–2. Sign in and open "new": the five submissions, the flagged one marked.
    sign_in(browser, base_url, moderator_token)
    sign_in(auditor, base_url, moderator_token)
    follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "New"))
    assert browser.find_element(By.CSS_SELECTOR, ".tabs a[aria-current=page]").text.startswith("New (5)")
    cards = browser.find_elements(By.CSS_SELECTOR, "main .card")
    assert len(cards) == 5
    flagged = [card for card in cards if TITLE in card.text]
    assert len(flagged) == 1 and "Flagged: 1 thing to check" in flagged[0].text
    audit(browser, auditor, base_url, screenshots, "scale-queue-new")

    # 3. The phone number is highlighted where it occurs.
    follow(browser, browser.find_element(By.LINK_TEXT, TITLE))
    review = browser.current_url
    marks = browser.find_elements(By.CSS_SELECTOR, ".review-text mark.flagged")
    assert [mark.text for mark in marks] == [f"Flagged, phone number: {PHONE}"] or PHONE in marks[0].text
    audit(browser, auditor, base_url, screenshots, "scale-review-flagged")

    # 4. Approving without confirming the flags is stopped.
    tick(browser, "action")
    press(browser, "Record decision")
    assert error_links(browser) == ["acknowledge"]
    check_plain_page(browser, base_url, screenshots, "scale-review-not-confirmed")
    auditor.get(review)
    tick(auditor, "action")
    press(auditor, "Record decision")
    assert error_links(auditor) == ["acknowledge"]
    check_page(auditor, base_url, screenshots, "scale-review-not-confirmed", error_page=True)

    # 5–6. Redact the number; the change is marked word by word.
    browser.find_element(By.CSS_SELECTOR, "#edit summary").click()
    fill(browser, "edit-summary", REDACTED)
    fill(browser, "edit-note", "removed a phone number")
    press(browser, "Save the edited text")
    removed = browser.find_element(By.CSS_SELECTOR, "#changes del").text
    assert PHONE in removed and "Removed" in browser.find_element(By.CSS_SELECTOR, "#changes del .visually-hidden").get_attribute("textContent")
    assert "Screening found nothing to check." in browser.page_source
    audit(browser, auditor, base_url, screenshots, "scale-review-changes")

    # 7. Approve: nothing is flagged any more.
    tick(browser, "action")
    press(browser, "Record decision")
    assert "is recorded" in browser.page_source
    example_id = review.rstrip("/").rsplit("/", 1)[1]

    # 8. A collection of five, built by searching; the slug comes from the title.
    go(browser, base_url, "/moderate/collections")
    fill(browser, "collection-title", "Quarrybank evening support")
    press(browser, "Create collection")
    assert browser.current_url.endswith("/moderate/collections/quarrybank-evening-support")
    fill(browser, "q", "Quarrybank")
    press(browser, "Search")
    for _ in range(5):
        follow(browser, browser.find_element(By.XPATH, "//ul[@aria-label='Search results']//button[starts-with(normalize-space(.), 'Add')]"))
        assert "is added to the collection" in browser.page_source
    assert len(browser.find_elements(By.XPATH, "//ul[@aria-label='Search results']//strong[.='Already in the collection']")) == 5
    audit(browser, auditor, base_url, screenshots, "scale-curation-search")
    titles = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#examples + table tbody td:nth-child(2)")]
    assert len(titles) == 5

    # 9. Reorder: the first goes down one place.
    follow(browser, browser.find_element(By.XPATH, "//tbody/tr[1]//button[starts-with(normalize-space(.), 'Down')]"))
    reordered = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#examples + table tbody td:nth-child(2)")]
    assert reordered == [titles[1], titles[0]] + titles[2:]

    # 10. Edit the local contact.
    fill(browser, "edit-contact", "Ask the Quarrybank evening team at the hospice.")
    press(browser, "Save title, description and contact")
    assert "are saved" in browser.page_source
    audit(browser, auditor, base_url, screenshots, "scale-curation-edited")

    # 11. Preview the guide before publishing.
    slug_page = browser.current_url.split("?")[0]
    follow(browser, browser.find_element(By.LINK_TEXT, "Preview the guide as it will be published"))
    preview = browser.page_source
    assert "Quarrybank evening team" in preview
    assert preview.index(reordered[0]) < preview.index(reordered[1])
    audit(browser, auditor, base_url, screenshots, "scale-curation-preview")

    # 12. Publish.
    browser.get(slug_page)
    press(browser, "Publish collection")
    assert "The collection is published." in browser.page_source
    assert read(base_url, "/collections/quarrybank-evening-support").count("Quarrybank example") == 5

    # Read anonymously: the published page no longer holds the redacted number.
    page = read(base_url, f"/examples/{example_id}")
    assert REDACTED in page and PHONE not in page
    assert PHONE not in read(base_url, f"/api/v1/examples/{example_id}")


def test_signed_in_the_navigation_fits_two_lines_on_a_phone(browser, base_url, moderator_token):
    sign_in(browser, base_url, moderator_token)
    browser.set_window_size(375, 800)
    try:
        go(browser, base_url, "/moderate")
        tops = browser.execute_script("return [...document.querySelectorAll('.site-nav a')].map(a => Math.round(a.getBoundingClientRect().top))")
        assert len(tops) == 6 and len(set(tops)) <= 2, tops
    finally:
        browser.set_window_size(1280, 900)
