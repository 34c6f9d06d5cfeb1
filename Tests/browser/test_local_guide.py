"""A team's local guide, the whole journey in a real browser, with axe-core, the console and other-origin
requests checked on every page and a screenshot of each: make a guide, rate all ten foundations, answer
prompts, add three examples from search with notes, add actions, save an edition, change two ratings and
mark an action done, save a second edition, compare, open the read-only link, and print the HTML export to
A4 PDF, checked page by page. Then the same forms without JavaScript: an error keeps every field."""
import base64
import pathlib
import subprocess
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support.ui import Select

from conftest import ROOT
from pages import check_page, check_plain_page, foreign_requests
from test_pages import error_links, fill, follow, go, press, tick

TITLE = "Fellmoor partnership: where we are in 2026"
RATINGS = ["emerging", "developing", "not-started", "established", "emerging",
           "developing", "embedded", "emerging", "developing", "not-started"]
ARTEFACTS = ROOT / "artifacts" / "local-guide"


def rate(driver, rating):
    tick(driver, "rating" if rating == "not-started" else f"rating-{rating}")


def open_foundation(driver, number):
    follow(driver, driver.find_element(By.XPATH, f"//table//a[starts-with(normalize-space(.), '{number}. ')]"))


def test_a_team_makes_rates_grows_saves_compares_shares_and_prints_its_guide(browser, base_url, screenshots):
    driver = browser
    go(driver, base_url, "/")
    follow(driver, driver.find_element(By.LINK_TEXT, "Make a local guide"))
    check_page(driver, base_url, screenshots, "guide-1-new")
    # 1. create a guide
    fill(driver, "title", TITLE)
    fill(driver, "area", "Fellmoor ICB")
    Select(driver.find_element(By.ID, "region")).select_by_value("north-west")
    tick(driver, "organisation-types")
    fill(driver, "meeting-date", "2026-11-30")
    fill(driver, "contact-name", "A. Person")
    fill(driver, "contact-email", "lead@example.org")
    press(driver, "Make the guide")
    check_page(driver, base_url, screenshots, "guide-1-created")
    edit_link = driver.find_element(By.ID, "edit-link").text
    share_link = driver.find_element(By.ID, "share-link").text
    assert edit_link.startswith(base_url + "/guides/edit/") and share_link.startswith(base_url + "/guides/view/")
    follow(driver, driver.find_element(By.LINK_TEXT, "Go to the guide"))
    assert driver.find_element(By.TAG_NAME, "h1").text == TITLE
    check_page(driver, base_url, screenshots, "guide-2-overview")
    # 2 and 3. rate all ten foundations, answering the first two prompts of the first three
    open_foundation(driver, 1)
    for number, rating in enumerate(RATINGS, start=1):
        assert driver.find_element(By.TAG_NAME, "h1").text
        check_page(driver, base_url, screenshots, f"guide-3-foundation-{number}")
        rate(driver, rating)
        if number <= 3:
            fill(driver, "answer-0", f"Our answer to the first question of foundation {number}.")
            fill(driver, "answer-1", f"What gets in the way for us, foundation {number}.")
        buttons = driver.find_elements(By.CSS_SELECTOR, "button[value=next]")
        follow(driver, buttons[0] if buttons else driver.find_element(By.CSS_SELECTOR, "button[value=overview]"))
    assert "Your changes are saved." in driver.page_source
    ratings = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-of-type(1)")]
    assert ratings == ["Emerging", "Developing", "Not started", "Established", "Emerging",
                       "Developing", "Embedded", "Emerging", "Developing", "Not started"], ratings
    assert "2 of 4 questions answered" in driver.page_source
    # 4. add three examples from search, each with a note
    go(driver, base_url, "/search?q=care")
    check_page(driver, base_url, screenshots, "guide-4-search")
    chosen = []
    for index in range(3):
        go(driver, base_url, "/search?q=care")
        link = driver.find_elements(By.XPATH, "//a[starts-with(normalize-space(.), 'Add to my guide')]")[index]
        chosen.append(link.find_element(By.XPATH, "ancestor::article//h3").text)
        follow(driver, link)
        check_page(driver, base_url, screenshots, f"guide-4-add-{index + 1}")
        Select(driver.find_element(By.ID, "foundation")).select_by_value("shared-records")
        fill(driver, "note", f"What we would adapt from example {index + 1}.")
        press(driver, "Add to my guide")
        assert "The example is added" in driver.page_source
    check_page(driver, base_url, screenshots, "guide-4-added")
    for title in chosen:
        assert title in driver.page_source
    assert driver.find_element(By.ID, "example-2-note").get_attribute("value") == "What we would adapt from example 3."
    # 5. add actions
    fill(driver, "action-0-what", "Agree a shared ReSPECT process")
    fill(driver, "action-0-owner", "J. Smith")
    fill(driver, "action-0-due", "2027-03")
    fill(driver, "action-1-what", "Ask the GP federation about EPaCCS")
    press(driver, "Save")
    assert "2 actions" in driver.page_source.replace("0 of 2 actions done", "2 actions")
    # 6. save an edition
    follow(driver, driver.find_element(By.LINK_TEXT, "Save an edition, compare editions and see progress"))
    check_page(driver, base_url, screenshots, "guide-6-editions")
    fill(driver, "label", "November meeting")
    press(driver, "Save this edition")
    assert "Edition 1 is saved" in driver.page_source
    # 7. change two ratings and mark an action done
    base = edit_link[len(base_url):]
    go(driver, base_url, base + "/foundations/personalised-care-planning")
    rate(driver, "developing")
    press(driver, "Save")
    go(driver, base_url, base + "/foundations/shared-records")
    rate(driver, "established")
    tick(driver, "action-0-done")
    press(driver, "Save")
    assert "1 of 2 actions done" in driver.page_source
    # 8. save a second edition
    go(driver, base_url, base + "/editions")
    fill(driver, "label", "March meeting")
    press(driver, "Save this edition")
    assert "Edition 2 is saved" in driver.page_source
    assert driver.find_element(By.CSS_SELECTOR, "figure.chart svg title").get_attribute("textContent").startswith("Ratings")
    check_page(driver, base_url, screenshots, "guide-8-editions")
    # 9. compare
    assert Select(driver.find_element(By.ID, "from")).first_selected_option.text == "Edition 1"
    assert Select(driver.find_element(By.ID, "to")).first_selected_option.text == "Edition 2"
    press(driver, "Compare")
    check_page(driver, base_url, screenshots, "guide-9-compare")
    rows = {row.find_element(By.TAG_NAME, "th").text: [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in driver.find_elements(By.CSS_SELECTOR, "table.compare tbody tr")}
    assert rows["Shared records"][:3] == ["Developing", "Established", "Up 1"], rows["Shared records"]
    assert rows["Shared records"][4] == "Agree a shared ReSPECT process"
    assert rows["Personalised care planning"][:3] == ["Emerging", "Developing", "Up 1"]
    go(driver, base_url, base + "/gaps")
    check_page(driver, base_url, screenshots, "guide-9-gaps")
    levels = [tag.text for tag in driver.find_elements(By.CSS_SELECTOR, ".gap .tag")]
    assert levels[:2] == ["Not started", "Not started"] and levels[-1] == "Embedded", levels
    assert driver.find_elements(By.XPATH, "//a[starts-with(normalize-space(.), 'Add to my guide')]"), "each gap suggests examples"
    # 10. the share link, read only
    driver.get(share_link)
    check_page(driver, base_url, screenshots, "guide-10-shared")
    assert driver.find_element(By.TAG_NAME, "h1").text == TITLE
    assert driver.find_elements(By.CSS_SELECTOR, "main form, main textarea, main input") == []
    assert "What we would adapt: What we would adapt from example 1." in driver.page_source
    assert "Your local contact is:" in driver.page_source
    # 11. print the HTML export to PDF: no request to another origin, then each printed page checked
    follow(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Printable page (HTML)"))
    assert driver.find_element(By.TAG_NAME, "h1").text == TITLE
    assert foreign_requests(driver, base_url) == []
    requests = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert requests == [], f"the export loaded {requests}"
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTEFACTS / "local-guide.pdf"
    pdf.write_bytes(base64.b64decode(driver.print_page(options)))
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                                  check=True).stdout.splitlines() if line.startswith("Pages:")))
    texts = [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout.split()) for n in range(1, pages + 1)]
    assert TITLE in texts[0] and "Your local contact is:" in texts[0]
    assert all(text.strip() for text in texts), "a printed page is blank"
    for number in range(1, 11):
        assert any(f"{number}. " in text and "Our rating:" in text for text in texts), f"foundation {number} is not printed"
    assert any("What we would adapt: What we would adapt from example 2." in text for text in texts)
    assert "CC BY 4.0" in texts[-1]
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTEFACTS / "page")], check=True)


def test_the_guide_forms_work_and_keep_every_field_without_javascript(plain_browser, base_url, screenshots):
    driver = plain_browser
    go(driver, base_url, "/guides/new")
    check_plain_page(driver, base_url, screenshots, "guide-new")
    fill(driver, "title", "x")
    fill(driver, "area", "Kept area")
    fill(driver, "contact-email", "not an address")
    press(driver, "Make the guide")
    assert error_links(driver) == ["title", "contact-email"]
    assert driver.find_element(By.ID, "area").get_attribute("value") == "Kept area"
    assert driver.find_element(By.ID, "contact-email").get_attribute("value") == "not an address"
    check_plain_page(driver, base_url, screenshots, "guide-new-errors")
    fill(driver, "title", "No script partnership")
    fill(driver, "contact-email", "lead@example.org")
    press(driver, "Make the guide")
    follow(driver, driver.find_element(By.LINK_TEXT, "Go to the guide"))
    follow(driver, driver.find_element(By.XPATH, "//table//a[starts-with(normalize-space(.), '6. ')]"))
    tick(driver, "rating-developing")
    fill(driver, "answer-2", "A long answer we do not want to lose.")
    fill(driver, "notes", "Notes kept too.")
    fill(driver, "action-0-what", "Publish the out-of-hours rota")
    fill(driver, "action-0-due", "March")
    press(driver, "Save")
    assert error_links(driver) == ["action-0-due"]
    assert driver.find_element(By.ID, "answer-2").get_attribute("value") == "A long answer we do not want to lose."
    assert driver.find_element(By.ID, "notes").get_attribute("value") == "Notes kept too."
    assert driver.find_element(By.ID, "rating-developing").is_selected()
    assert driver.find_element(By.ID, "action-0-what").get_attribute("value") == "Publish the out-of-hours rota"
    check_plain_page(driver, base_url, screenshots, "guide-foundation-errors")
    fill(driver, "action-0-due", "2027-03")
    press(driver, "Save")
    assert "Your changes are saved." in driver.page_source
    assert "0 of 1 actions done" in driver.page_source
