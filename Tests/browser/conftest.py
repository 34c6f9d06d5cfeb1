"""Fixtures for the browser tests: headless Chromium through chromedriver, with and without JavaScript.

The runner (run.sh) starts a built `casebook serve` on a free loopback port with a temporary library and
passes its address and a moderator's token in CASEBOOK_URL and CASEBOOK_TOKEN.
"""
import os
import pathlib

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = pathlib.Path(os.environ.get("CASEBOOK_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))


def chrome(javascript: bool) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--disable-extensions", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-default-apps"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="session")
def base_url() -> str:
    return os.environ["CASEBOOK_URL"].rstrip("/")


@pytest.fixture(scope="session")
def moderator_token() -> str:
    return os.environ["CASEBOOK_TOKEN"]


@pytest.fixture(scope="session")
def screenshots() -> pathlib.Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser():
    driver = chrome(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def plain_browser():
    """A browser with JavaScript turned off, as some managed NHS laptops are."""
    driver = chrome(javascript=False)
    yield driver
    driver.quit()
