"""Casebook's web pages in a real headless Chromium: search, submit, moderate, curate and publish, with
axe-core on every page, no console errors, no request to another origin, and every page without JavaScript.

Tests run in file order and share one library: the submission made through the form is moderated in the
browser and then found from the home page. Screenshots go to artifacts/screenshots/.
"""
import io
import json
import os
import re
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
import zipfile

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select, WebDriverWait

from pages import check_page, check_plain_page

TITLE = "Night sitting service with Wyvernfield volunteers"
STATE: dict[str, str] = {}


def go(driver, base_url, path):
    driver.get(base_url + path)


def fill(driver, field_id, text):
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def tick(driver, field_id):
    element = driver.find_element(By.ID, field_id)
    if not element.is_selected():
        element.click()


def left(page):
    """A wait condition: the old page has gone. Chromium sometimes reports a node of the old page as
    "does not belong to the document" rather than stale while the new page loads; both mean gone."""
    def gone(_driver):
        try:
            return staleness_of(page)(_driver)
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return gone


def press(driver, label):
    """Presses a form's button and waits for the page it leads to."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.XPATH, f"//button[normalize-space(.)='{label}']").click()
    WebDriverWait(driver, 10).until(left(page))


def follow(driver, link):
    """Follows a link and waits for the page it leads to."""
    page = driver.find_element(By.TAG_NAME, "html")
    link.click()
    WebDriverWait(driver, 10).until(left(page))


def error_links(driver):
    return [a.get_attribute("href").split("#")[-1] for a in driver.find_elements(By.CSS_SELECTOR, ".error-summary a")]


def sign_in(driver, base_url, token):
    go(driver, base_url, "/moderate/sign-in")
    fill(driver, "token", token)
    press(driver, "Sign in")
    assert driver.current_url.endswith("/moderate")


PUBLIC_PAGES = [
    ("home", "/"),
    ("search", "/search?q=advance+care+planning"),
    ("search-suggestion", "/search?q=bereavment+suport"),
    ("search-filtered", "/search?q=care&foundation=personalised-care-planning&offset=0"),
    ("search-page-2", "/search?offset=10"),
    ("example", "/examples/1"),
    ("foundations", "/foundations"),
    ("foundation", "/foundations/personalised-care-planning"),
    ("coverage", "/coverage"),
    ("collections-empty", "/collections"),
    ("submit", "/submit"),
    ("sign-in", "/moderate/sign-in"),
]


@pytest.mark.parametrize("name,path", PUBLIC_PAGES)
def test_public_page(browser, base_url, screenshots, name, path):
    go(browser, base_url, path)
    check_page(browser, base_url, screenshots, name)


def test_not_found_is_an_html_page(browser, base_url, screenshots):
    go(browser, base_url, "/examples/999999")
    assert "Page not found" in browser.find_element(By.TAG_NAME, "h1").text
    check_page(browser, base_url, screenshots, "not-found", error_page=True)


def test_search_from_the_home_page_with_suggestion_snippets_filters_and_paging(browser, base_url, screenshots):
    go(browser, base_url, "/")
    fill(browser, "q", "bereavment")
    press(browser, "Search")
    assert "/search?q=bereavment" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, ".inset a").text == "bereavement"
    assert browser.find_elements(By.CSS_SELECTOR, ".result mark")
    first_filter = browser.find_element(By.CSS_SELECTOR, ".filters input[type=checkbox]")
    first_filter.click()
    press(browser, "Apply filters")
    assert re.search(r"[?&]foundation=", browser.current_url)
    check_page(browser, base_url, screenshots, "search-after-filter")
    go(browser, base_url, "/search")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "a[rel=next]"))
    assert "offset=10" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "a[rel=prev]")


def test_sort_by_newest_and_similar_examples(browser, base_url, screenshots):
    go(browser, base_url, "/search?q=care")
    sort = browser.find_element(By.CSS_SELECTOR, "nav.sort")
    assert sort.find_element(By.CSS_SELECTOR, "[aria-current]").text == "Best match"
    follow(browser, sort.find_element(By.LINK_TEXT, "Newest"))
    assert "sort=newest" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "nav.sort [aria-current]").text == "Newest"
    check_page(browser, base_url, screenshots, "search-newest")
    nxt = browser.find_elements(By.CSS_SELECTOR, "a[rel=next]")
    if nxt:
        assert "sort=newest" in nxt[0].get_attribute("href")
    first = browser.find_element(By.CSS_SELECTOR, ".result a")
    href = first.get_attribute("href")
    follow(browser, first)
    similar = browser.find_elements(By.CSS_SELECTOR, ".similar li a")
    assert browser.find_element(By.ID, "similar-heading").text == "Similar examples"
    assert 0 < len(similar) <= 5
    assert href not in [a.get_attribute("href") for a in similar]
    check_page(browser, base_url, screenshots, "example-similar")
    follow(browser, similar[0])
    assert "/examples/" in browser.current_url


def test_submission_errors_are_summarised_named_and_keep_the_input(browser, base_url, screenshots):
    go(browser, base_url, "/submit")
    fill(browser, "title", "Hi")
    fill(browser, "contact-email", "not an address")
    fill(browser, "keywords", "night sitting, <script>alert(1)</script>")
    press(browser, "Send for moderation")
    assert browser.title.startswith("Error:")
    assert error_links(browser) == ["title", "summary", "foundations", "organisation-name", "contact-email"]
    assert browser.find_element(By.ID, "title").get_attribute("value") == "Hi"
    assert browser.find_element(By.ID, "keywords").get_attribute("value") == "night sitting, <script>alert(1)</script>"
    title_error = browser.find_element(By.ID, "title-error").text
    assert "Enter a title in 3 to 200 characters (you entered 2)" in title_error
    assert "Title" not in title_error, "the inline error does not repeat the label"
    assert "Enter an email address, such as name@example.org" in browser.find_element(By.ID, "contact-email-error").text
    assert "Enter a summary" in browser.find_element(By.ID, "summary-error").text
    assert "Select at least one foundation" in browser.find_element(By.ID, "foundations-error").text
    check_page(browser, base_url, screenshots, "submit-errors", error_page=True)
    browser.find_element(By.CSS_SELECTOR, ".error-summary a[href='#summary']").click()
    assert browser.switch_to.active_element.get_attribute("id") == "summary"


def start_a_submission_with_three_mistakes(driver, base_url):
    """The whole form filled in as a team would, but with a two-letter title, a month without its year
    and a mistyped contact address."""
    go(driver, base_url, "/submit")
    fill(driver, "title", "Hi")
    fill(driver, "summary", "Trained volunteers sit with people overnight in their last days so that carers can sleep.")
    fill(driver, "sections-context", "Carers told us they had not slept properly for weeks.")
    fill(driver, "sections-what-we-did", "We recruited twelve volunteers.\n\n- nights\n- weekends")
    fill(driver, "sections-learning", "Volunteers needed a named nurse to call at night.")
    tick(driver, "foundations")
    tick(driver, "ambitions-3")
    tick(driver, "outcome-measures-2")
    fill(driver, "organisation-name", "Riverside Hospice")
    Select(driver.find_element(By.ID, "started")).select_by_visible_text("April")
    fill(driver, "keywords", "night sitting, carers")
    tick(driver, "licence-2")
    fill(driver, "contact-email", "sam at riverside")
    press(driver, "Preview")


def correct_the_mistakes(driver):
    fill(driver, "title", TITLE)
    fill(driver, "started-year", "2023")
    fill(driver, "contact-email", "sam@example.org")
    press(driver, "Preview")


def test_a_submission_is_previewed_sent_moderated_and_found_on_the_home_page(browser, plain_browser, base_url, moderator_token, screenshots):
    """Without JavaScript: the new form with three mistakes named in plain words, a preview, sending;
    then a moderator asks for changes, the submitter revises, the example is published with its sections,
    licence and outcome measures. The JavaScript browser takes the same steps for axe-core."""
    for driver in (plain_browser, browser):
        start_a_submission_with_three_mistakes(driver, base_url)
        assert driver.title.startswith("Error:")
        assert error_links(driver) == ["title", "started", "contact-email"]
        summary = driver.find_element(By.CSS_SELECTOR, ".error-summary").text.splitlines()
        assert summary[1:] == [
            "Enter a title in 3 to 200 characters (you entered 2)",
            "Enter the month and year the work started, such as April 2023",
            "Enter an email address, such as name@example.org",
        ], summary
        assert driver.find_element(By.ID, "sections-what-we-did").get_attribute("value").startswith("We recruited twelve")
        assert driver.find_element(By.ID, "outcome-measures-2").is_selected()
        if driver is browser:
            check_page(browser, base_url, screenshots, "submit-three-mistakes", error_page=True)
        else:
            check_plain_page(plain_browser, base_url, screenshots, "submit-three-mistakes")
        correct_the_mistakes(driver)
        assert driver.title.startswith("Preview:")
        preview = driver.find_element(By.CSS_SELECTOR, ".preview-frame")
        assert preview.find_element(By.TAG_NAME, "h3").text == TITLE
        assert [h.text for h in preview.find_elements(By.TAG_NAME, "h4")] == ["Context", "What we did", "What we learnt"]
        assert "Integrated Palliative care Outcome Scale (IPOS)" in preview.text
        assert "April 2023" in preview.text and "CC BY-NC 4.0" in preview.text
        assert "sam@example.org" not in preview.text, "a private contact is not shown"
    check_page(browser, base_url, screenshots, "submit-preview")
    check_plain_page(plain_browser, base_url, screenshots, "submit-preview")
    details = plain_browser.find_element(By.CSS_SELECTOR, "fieldset details")
    details.find_element(By.TAG_NAME, "summary").click()
    assert "Planning ahead together with the person" in details.text, "the foundations' descriptions are behind details"
    press(plain_browser, "Send for moderation")
    assert "Example sent" in plain_browser.page_source, plain_browser.find_element(By.TAG_NAME, "main").text[:600]
    private = plain_browser.find_element(By.CSS_SELECTOR, ".private-link a").get_attribute("href")
    assert re.search(r"/submissions/\d+/[A-Za-z0-9_-]{20,}$", private)
    STATE["private"], STATE["id"] = private, re.search(r"/submissions/(\d+)/", private).group(1)
    check_plain_page(plain_browser, base_url, screenshots, "submission-sent")
    browser.get(private)
    check_page(browser, base_url, screenshots, "submission-sent")

    sign_in(browser, base_url, moderator_token)
    assert TITLE in browser.page_source
    check_page(browser, base_url, screenshots, "moderation-queue")
    follow(browser, browser.find_element(By.LINK_TEXT, TITLE))
    check_page(browser, base_url, screenshots, "moderation-review")
    tick(browser, "action-request-changes")
    press(browser, "Record decision")
    assert error_links(browser) == ["note"]
    check_page(browser, base_url, screenshots, "moderation-review-error", error_page=True)
    tick(browser, "action-request-changes")
    fill(browser, "note", "Please say how many families used the service.")
    press(browser, "Record decision")
    assert f"decision on example {STATE['id']} is recorded" in browser.page_source

    browser.get(private)
    assert "Changes requested" in browser.page_source
    note = browser.find_element(By.CSS_SELECTOR, ".note .result-meta").text
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d · Changes requested by a moderator", note), note
    assert "how many families" in browser.page_source
    assert browser.find_element(By.ID, "title").get_attribute("value") == TITLE
    check_page(browser, base_url, screenshots, "submission-changes-requested")
    fill(browser, "summary", "Trained volunteers sat with 40 families overnight in their last days so that carers could sleep.")
    press(browser, "Send the changes")
    assert "Submitted" in browser.find_element(By.CSS_SELECTOR, ".status").text

    go(browser, base_url, f"/moderate/examples/{STATE['id']}")
    tick(browser, "action")
    press(browser, "Record decision")
    browser.get(private)
    assert "Published" in browser.find_element(By.CSS_SELECTOR, ".status").text

    go(browser, base_url, "/")
    fill(browser, "q", "Wyvernfield")
    press(browser, "Search")
    assert browser.find_element(By.CSS_SELECTOR, ".result h3 a").text == TITLE
    follow(browser, browser.find_element(By.LINK_TEXT, TITLE))
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE
    assert [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".prose h2")] == ["Context", "What we did", "What we learnt"]
    facts = {row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
             for row in browser.find_elements(By.CSS_SELECTOR, "table.facts tr")}
    assert facts["Outcome measures"] == "Integrated Palliative care Outcome Scale (IPOS)", facts
    assert facts["Licence"] == "Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)", facts
    assert facts["Started"] == "April 2023", facts
    check_page(browser, base_url, screenshots, "example-new")


def test_a_second_team_says_we_tried_this_too_and_a_moderator_approves_it(browser, plain_browser, base_url, screenshots):
    """Without JavaScript, another team reports trying the new example (two mistakes first, named in plain
    words), a moderator approves the report from its queue section, and the example page shows it."""
    go(plain_browser, base_url, f"/examples/{STATE['id']}")
    assert "Have you tried this too?" in plain_browser.page_source
    plain_browser.find_element(By.CSS_SELECTOR, "details.adoption-form summary").click()
    fill(plain_browser, "adoption-what-we-adapted", "short")
    press(plain_browser, "Send for moderation")
    assert error_links(plain_browser) == ["adoption-organisation-name", "adoption-what-we-adapted"]
    summary = plain_browser.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert "Enter the name of your organisation" in summary, summary
    assert "Write what you adapted in 10 to 5,000 characters" in summary, summary
    assert plain_browser.find_element(By.ID, "adoption-what-we-adapted").get_attribute("value") == "short"
    check_plain_page(plain_browser, base_url, screenshots, "example-adoption-error")
    fill(plain_browser, "adoption-organisation-name", "Fellside Carers Trust")
    fill(plain_browser, "adoption-what-we-adapted", "We used the same rota with six volunteers and a weekly supervision call.")
    press(plain_browser, "Send for moderation")
    assert "tried=1" in plain_browser.current_url
    assert "A moderator will check your report" in plain_browser.page_source
    assert "Fellside Carers Trust" not in plain_browser.find_element(By.CSS_SELECTOR, ".adoptions").text

    go(browser, base_url, "/moderate?section=adoptions")
    assert "Fellside Carers Trust tried" in browser.page_source
    check_page(browser, base_url, screenshots, "moderation-adoptions")
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "form.adoption-decision button[value=approve]").click()
    WebDriverWait(browser, 10).until(left(page))
    assert "is recorded" in browser.page_source

    go(plain_browser, base_url, f"/examples/{STATE['id']}")
    assert plain_browser.find_element(By.ID, "adoptions-heading").text == "Tried in 1 other place"
    assert "Fellside Carers Trust" in plain_browser.find_element(By.CSS_SELECTOR, ".adoption-list").text
    check_plain_page(plain_browser, base_url, screenshots, "example-adopted")
    go(browser, base_url, f"/examples/{STATE['id']}")
    check_page(browser, base_url, screenshots, "example-adopted")
    browser.find_element(By.CSS_SELECTOR, "details.adoption-form summary").click()
    press(browser, "Send for moderation")
    assert browser.find_element(By.CSS_SELECTOR, "details.adoption-form").get_attribute("open") is not None
    check_page(browser, base_url, screenshots, "example-adoption-error", error_page=True)


def test_write_to_a_team_ask_for_updates_and_answer_a_review_reminder(browser, plain_browser, base_url, screenshots):
    """Without JavaScript: a reader writes to a team whose address is private (a mistake first), asks for
    email updates of a search, and a contact answers a review reminder through its links; axe on each page."""
    found = json.loads(urllib.request.urlopen(base_url + "/api/v1/examples?q=digital+end+of+life+care+lead", timeout=10).read())
    example = found["results"][0]["id"]
    go(plain_browser, base_url, f"/examples/{example}")
    assert "Write to the team" in plain_browser.page_source
    assert "eolc.digital@example.org" not in plain_browser.page_source
    plain_browser.find_element(By.CSS_SELECTOR, "section.contact-team details summary").click()
    fill(plain_browser, "contact-name", "Sam Reader")
    fill(plain_browser, "contact-email", "sam-at-example")
    fill(plain_browser, "contact-message", "Could we see the template you used for the shared record?")
    press(plain_browser, "Send the message")
    assert error_links(plain_browser) == ["contact-email"]
    assert "Enter your email address in the form name@example.org" in plain_browser.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert "template you used" in plain_browser.find_element(By.ID, "contact-message").get_attribute("value")
    check_plain_page(plain_browser, base_url, screenshots, "example-contact-error")
    fill(plain_browser, "contact-email", "sam@example.net")
    press(plain_browser, "Send the message")
    assert "written=1" in plain_browser.current_url
    assert "Your message is on its way" in plain_browser.page_source
    go(browser, base_url, f"/examples/{example}?written=1")
    check_page(browser, base_url, screenshots, "example-contact-sent")

    go(plain_browser, base_url, "/search?q=dementia")
    follow(plain_browser, plain_browser.find_element(By.LINK_TEXT, "Get email updates of new examples for this search"))
    assert "matching \u201cdementia\u201d" in plain_browser.page_source
    go(browser, base_url, "/alerts/new?q=dementia")
    check_page(browser, base_url, screenshots, "alert-request")
    fill(plain_browser, "email", "reader@example.net")
    press(plain_browser, "Send me updates")
    assert "We have sent a link to reader@example.net" in plain_browser.page_source
    check_plain_page(plain_browser, base_url, screenshots, "alert-sent")

    binary = os.environ.get("CASEBOOK_BINARY", ".build/debug/casebook")
    subprocess.run([binary, "reviews", "run", "--public-url", base_url], check=True, capture_output=True)
    with sqlite3.connect(os.environ["CASEBOOK_DB"]) as db:
        body = db.execute("SELECT body FROM mail_message WHERE kind = 'review-reminder' ORDER BY id LIMIT 1").fetchone()[0]
    links = [word for word in body.split() if word.startswith(base_url + "/reviews/")]
    assert [link.rsplit("/", 1)[1] for link in links] == ["running", "changed", "stopped"], links
    go(browser, base_url, links[0][len(base_url):])
    assert browser.find_element(By.TAG_NAME, "h1").text == "Thank you: still running"
    check_page(browser, base_url, screenshots, "review-running")
    go(plain_browser, base_url, links[1][len(base_url):])
    fill(plain_browser, "note", "We now cover two districts and added a weekend rota.")
    press(plain_browser, "Send to the moderators")
    assert "Your note is with the moderators" in plain_browser.page_source
    go(browser, base_url, links[1][len(base_url):])
    check_page(browser, base_url, screenshots, "review-changed")


def test_curate_and_publish_a_collection(browser, base_url, screenshots):
    go(browser, base_url, "/moderate/collections")
    fill(browser, "collection-title", "Night-time support")
    fill(browser, "collection-slug", "Not A Slug!")
    press(browser, "Create collection")
    assert error_links(browser) == ["collection-slug"]
    check_page(browser, base_url, screenshots, "curation-list-error", error_page=True)
    fill(browser, "collection-slug", "night-time-support")
    fill(browser, "collection-introduction", "Examples of **support at night** for carers.")
    press(browser, "Create collection")
    assert browser.current_url.endswith("/moderate/collections/night-time-support")
    for example in (STATE["id"], "1"):
        fill(browser, "example", example)
        press(browser, "Add to collection")
    fill(browser, "example", "999999")
    press(browser, "Add to collection")
    assert error_links(browser) == ["example"]
    check_page(browser, base_url, screenshots, "curation-collection", error_page=True)
    press(browser, "Publish collection")
    assert "The collection is published." in browser.page_source

    go(browser, base_url, "/collections")
    follow(browser, browser.find_element(By.LINK_TEXT, "Night-time support"))
    assert TITLE in browser.page_source
    check_page(browser, base_url, screenshots, "collection")
    downloads = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href*='/export?format=']")]
    assert [d.rsplit("=", 1)[1] for d in downloads] == ["html", "docx", "markdown", "json", "csv"]
    for url in downloads:
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
            body = response.read()
        if url.endswith("=docx"):  # a zip: the text is inside, in word/document.xml
            body = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml")
        assert TITLE.encode() in body
    go(browser, base_url, "/collections")
    check_page(browser, base_url, screenshots, "collections")


def test_forms_without_the_csrf_token_are_refused(base_url):
    request = urllib.request.Request(base_url + "/submit", data=b"title=Forged", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403
    assert refused.value.headers["Content-Type"].startswith("text/html")


def test_sign_out_ends_the_session(browser, base_url):
    go(browser, base_url, "/moderate")
    press(browser, "Sign out")
    go(browser, base_url, "/moderate")
    assert browser.current_url.endswith("/moderate/sign-in")


def test_every_page_works_without_javascript(plain_browser, base_url, moderator_token, screenshots):
    browser = plain_browser
    for name, path in PUBLIC_PAGES + [("example-new", f"/examples/{STATE['id']}"), ("collection", "/collections/night-time-support")]:
        go(browser, base_url, path)
        check_plain_page(browser, base_url, screenshots, name)
    go(browser, base_url, "/")
    fill(browser, "q", "Wyvernfield")
    press(browser, "Search")
    assert browser.find_element(By.CSS_SELECTOR, ".result h3 a").text == TITLE
    go(browser, base_url, "/submit")
    fill(browser, "title", "No script")
    press(browser, "Send for moderation")
    assert "summary" in error_links(browser)
    assert browser.find_element(By.ID, "title").get_attribute("value") == "No script"
    check_plain_page(browser, base_url, screenshots, "submit-errors")
    browser.get(STATE["private"])
    check_plain_page(browser, base_url, screenshots, "submission")
    sign_in(browser, base_url, moderator_token)
    for name, path in [("moderation-queue", "/moderate"), ("moderation-review", f"/moderate/examples/{STATE['id']}"),
                       ("curation-list", "/moderate/collections"), ("curation-collection", "/moderate/collections/night-time-support")]:
        go(browser, base_url, path)
        check_plain_page(browser, base_url, screenshots, name)
    press(browser, "Publish collection")
    assert "The collection is published." in browser.page_source
    press(browser, "Sign out")
    assert browser.current_url == base_url + "/"
