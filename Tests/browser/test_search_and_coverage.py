"""The search page and the coverage grid as a commissioner uses them, in headless Chromium 1280 and 390
pixels wide, with axe-core on every page and again with JavaScript off: filter by one region and still see
the other regions with their counts, remove the tag, go to page 3 by its number, open an example and come
back to the same page, see a search with no results offer to drop its filter, and filter the coverage grid
to one region to see that region's counts and totals. The navigation keeps to one line on a phone, signed
in or not. Screenshots go to artifacts/screenshots/ (`search-390.png`, `coverage-north-west-390.png`, …).
Runs after the other browser tests, on the same library, and adds 40 examples of its own."""
import json
import os
import subprocess
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import ROOT
from pages import check_page, check_plain_page
from test_pages import follow, go, press, sign_in, tick

BINARY = os.environ.get("CASEBOOK_BINARY", str(ROOT / ".build" / "debug" / "casebook"))
WORD = "kestrelmoor"
REGIONS = ["north-west", "london", "wales", "south-west"]
KINDS = ["hospice", "care-home"]
COUNT = 40
SIZES = {1280: 900, 390: 844}


def read_json(base_url: str, path: str) -> dict:
    with urllib.request.urlopen(base_url + path) as response:
        return json.loads(response.read().decode())


@pytest.fixture(scope="module", autouse=True)
def kestrelmoor_examples(base_url):
    """Forty published examples about one made-up place, spread over four regions and two kinds of organisation."""
    if read_json(base_url, f"/api/v1/examples?q={WORD}&limit=1")["total"] < COUNT:
        lines = [{"title": f"Kestrelmoor evening sitting service, team {n}",
                  "summary": f"How team {n} in Kestrelmoor sat with people at night so that carers could rest.",
                  "foundations": ["24-7-access", "involving-those-important"], "ambitions": ["comfort-and-wellbeing"],
                  "organisation": {"name": f"Kestrelmoor team {n}", "type": KINDS[n % 2]}, "region": REGIONS[n % 4]}
                 for n in range(COUNT)]
        subprocess.run([BINARY, "import", "-"], input="\n".join(json.dumps(line) for line in lines) + "\n",
                       text=True, capture_output=True, check=True, env=os.environ)
    assert read_json(base_url, f"/api/v1/examples?q={WORD}&limit=1")["total"] == COUNT


def check(driver, javascript, base_url, screenshots, name):
    if javascript:
        check_page(driver, base_url, screenshots, name)
    else:
        check_plain_page(driver, base_url, screenshots, name)


def parameters(driver) -> dict:
    return parse_qs(urlsplit(driver.current_url).query, keep_blank_values=True)


def show_filters(driver):
    """Opens the filters' disclosure if it was closed (it stands open until a visitor closes it)."""
    checkbox = driver.find_element(By.ID, "region-north-west")
    if not checkbox.is_displayed():
        driver.find_element(By.CSS_SELECTOR, ".filters-summary").click()
    assert checkbox.is_displayed()


def nav_on_one_line(driver) -> bool:
    return driver.execute_script(
        "const links = [...document.querySelectorAll('.site-nav a')].filter(a => a.getClientRects().length > 0);"
        "const list = document.querySelector('.site-nav ul');"
        "return new Set(links.map(a => Math.round(a.getBoundingClientRect().top))).size === 1"
        " && list.scrollWidth <= list.clientWidth;")


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request):
    return request.param


@pytest.fixture
def driver(javascript, browser, plain_browser):
    return browser if javascript else plain_browser


@pytest.mark.parametrize("width", SIZES)
def test_filter_by_region_keep_the_others_remove_the_tag_and_page_by_number(driver, javascript, width, base_url, screenshots):
    driver.set_window_size(width, SIZES[width])
    try:
        go(driver, base_url, f"/search?q={WORD}")
        heading = driver.find_element(By.ID, "results-heading")
        assert heading.text == f"{COUNT} examples found"
        if width == 390:
            assert heading.location["y"] < 700, "results come first on a phone"
            results = driver.find_elements(By.CSS_SELECTOR, ".result")
            assert results[-1].location["y"] < driver.find_element(By.CSS_SELECTOR, ".filters").location["y"], "the filters come after the results"
            assert driver.find_element(By.CSS_SELECTOR, ".filters-jump a").get_attribute("href").endswith("#filters")
        else:
            assert driver.find_element(By.CSS_SELECTOR, ".filters").location["y"] < heading.location["y"] + 100, "filters beside the results"
        check(driver, javascript, base_url, screenshots, f"search-{width}")

        # 1. Filter by one region.
        show_filters(driver)
        tick(driver, "region-north-west")
        press(driver, "Apply filters")
        assert parameters(driver)["region"] == ["north-west"]
        assert driver.find_element(By.ID, "results-heading").text == f"{COUNT // 4} examples found"

        # 2. The other regions still show, with their counts.
        labels = {label.get_attribute("for"): label.get_attribute("textContent").strip()
                  for label in driver.find_elements(By.CSS_SELECTOR, "label[for^='region-']")}
        for region in REGIONS:
            assert labels[f"region-{region}"].endswith(f"({COUNT // 4})"), labels
        tag = driver.find_element(By.CSS_SELECTOR, ".applied-tag")
        assert "Region: North West" in tag.get_attribute("textContent")
        check(driver, javascript, base_url, screenshots, f"search-filtered-{width}")

        # 3. Remove the tag: a plain link to the same search without it.
        follow(driver, tag)
        assert "region" not in parameters(driver)
        assert parameters(driver)["q"] == [WORD]
        assert not driver.find_elements(By.CSS_SELECTOR, ".applied-tag")

        # 4. Page 3, by its number.
        page_three = driver.find_element(By.XPATH, "//nav[@class='pagination']//a[normalize-space(.)='Page 3']")
        follow(driver, page_three)
        assert parameters(driver)["offset"] == ["20"]
        current = driver.find_element(By.CSS_SELECTOR, ".pagination [aria-current='page']")
        assert current.get_attribute("textContent").strip() == "Page 3"
        results_page = driver.current_url
        titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".result h3 a")]
        check(driver, javascript, base_url, screenshots, f"search-page-3-{width}")

        # 5. Open an example and come back to the same page of the same search.
        follow(driver, driver.find_element(By.CSS_SELECTOR, ".result h3 a"))
        back = driver.find_element(By.CSS_SELECTOR, ".back a")
        assert back.text.strip().endswith("Back to search results")
        check(driver, javascript, base_url, screenshots, f"example-from-search-{width}")
        follow(driver, back)
        assert parameters(driver) == parse_qs(urlsplit(results_page).query, keep_blank_values=True)
        assert [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".result h3 a")] == titles
    finally:
        driver.set_window_size(1280, 900)


@pytest.mark.parametrize("width", SIZES)
def test_no_results_offer_to_drop_the_filter_and_the_coverage_grid_of_one_region(driver, javascript, width, base_url, screenshots):
    driver.set_window_size(width, SIZES[width])
    try:
        # 6. A search with no results offers to drop its filter, with the count that would give.
        go(driver, base_url, f"/search?q={WORD}&region=scotland")
        assert driver.find_element(By.ID, "results-heading").text == "0 examples found"
        drop = driver.find_element(By.XPATH, "//ul[contains(@class,'no-results-drops')]//a[normalize-space(.)='Without Region: Scotland']")
        assert f"({COUNT} examples)" in drop.find_element(By.XPATH, "..").text
        assert driver.find_element(By.LINK_TEXT, "Submit an example")
        check(driver, javascript, base_url, screenshots, f"search-no-results-{width}")
        follow(driver, drop)
        assert driver.find_element(By.ID, "results-heading").text == f"{COUNT} examples found"

        # 7. The coverage grid of one region: its counts and totals.
        go(driver, base_url, "/coverage")
        check(driver, javascript, base_url, screenshots, f"coverage-{width}")
        Select(driver.find_element(By.ID, "coverage-region")).select_by_value("north-west")
        press(driver, "Show gaps")
        assert parameters(driver)["region"] == ["north-west"]
        expected = read_json(base_url, "/api/v1/stats/coverage?region=north-west")
        assert "in North West" in driver.find_element(By.ID, "coverage-caption").text
        grand = driver.find_element(By.CSS_SELECTOR, ".coverage tfoot td:last-child")
        assert grand.get_attribute("textContent").strip() == str(expected["totals"]["examples"])
        row = driver.find_element(By.XPATH, "//table[contains(@class,'coverage')]//tbody/tr[th//a[@href='/foundations/24-7-access']]")
        cells = [cell.get_attribute("textContent").strip() for cell in row.find_elements(By.CSS_SELECTOR, "td")]
        counts = [expected["coverage"]["24-7-access"][key] for key in
                  ["seen-as-an-individual", "fair-access-to-care", "comfort-and-wellbeing", "care-is-coordinated",
                   "staff-prepared-to-care", "community-prepared-to-help"]]
        assert [cell.split(" ")[0] for cell in cells[:-1]] == [str(n) for n in counts]
        assert cells[-1] == str(expected["totals"]["foundation"]["24-7-access"])
        assert expected["coverage"]["24-7-access"]["comfort-and-wellbeing"] >= COUNT // 4
        if width == 390:
            ambitions = driver.execute_script(
                "return [...document.querySelectorAll('.coverage tbody tr:first-child td')]"
                ".filter(td => { const r = td.getBoundingClientRect(); return r.width > 0 && r.right <= window.innerWidth; }).length;")
            assert ambitions == 7, "every ambition and the total show on a phone"
        check(driver, javascript, base_url, screenshots, f"coverage-north-west-{width}")
    finally:
        driver.set_window_size(1280, 900)


def test_the_navigation_keeps_to_one_line_on_a_phone_signed_in_or_not(browser, base_url, moderator_token):
    browser.delete_all_cookies()
    browser.set_window_size(390, 844)
    try:
        go(browser, base_url, "/search")
        assert nav_on_one_line(browser)
        sign_in(browser, base_url, moderator_token)
        assert len(browser.find_elements(By.CSS_SELECTOR, ".site-nav a")) == 6
        assert nav_on_one_line(browser)
        assert browser.find_element(By.CSS_SELECTOR, ".header-moderation").is_displayed(), "moderation is a link in the header on a phone"
    finally:
        browser.set_window_size(1280, 900)
