"""What every page visit checks: accessibility (axe-core), the console, requests to other origins, screenshots."""
import base64
import importlib.util
import os
import pathlib
from urllib.parse import urljoin, urlsplit

from selenium.webdriver.common.by import By


def axe_source() -> str:
    """axe-core 4.x, read from the axe-playwright-python wheel (or CASEBOOK_AXE), so it runs offline."""
    path = os.environ.get("CASEBOOK_AXE")
    if not path:
        spec = importlib.util.find_spec("axe_playwright_python")
        path = pathlib.Path(spec.origin).parent / "axe.min.js"
    return pathlib.Path(path).read_text(encoding="utf-8")


AXE = axe_source()
SERIOUS = {"serious", "critical"}


def console_errors(driver, allow_status_error: bool = False) -> list[str]:
    """Console messages at SEVERE level, leaving out the failed load of a page that is meant to be an error page."""
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    if allow_status_error:
        errors = [m for m in errors if "the server responded with a status of 4" not in m]
    return errors


def accessibility_violations(driver) -> list[str]:
    """Serious and critical axe-core violations of WCAG 2.0–2.2 A and AA and best practice."""
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.html)})))).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    return [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in result if v["impact"] in SERIOUS]


def foreign_requests(driver, base_url: str) -> list[str]:
    """Every resource the page loaded, or names to load, from another origin."""
    origin = urlsplit(base_url)[:2]
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)"
                                   ".concat(performance.getEntriesByType('navigation').map(e => e.name));")
    return [url for url in loaded + referenced_resources(driver) if urlsplit(url)[:2] != origin]


def referenced_resources(driver) -> list[str]:
    """The absolute addresses of everything the page's markup would fetch (not links a person may follow)."""
    elements = driver.find_elements(By.CSS_SELECTOR, "[src], link[href], object[data], [srcset]")
    urls = []
    for element in elements:
        for attribute in ("src", "href", "data"):
            value = element.get_attribute(attribute)
            if value:
                urls.append(urljoin(driver.current_url, value))
    forms = [form.get_attribute("action") for form in driver.find_elements(By.TAG_NAME, "form")]
    return urls + [urljoin(driver.current_url, action) for action in forms if action]


def screenshot(driver, directory: pathlib.Path, name: str) -> pathlib.Path:
    """A full-page PNG, taken through the DevTools protocol so it works with JavaScript off too."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1},
    })
    path = directory / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def check_page(driver, base_url: str, directory: pathlib.Path, name: str, error_page: bool = False) -> None:
    """Checks the page the browser shows now; `error_page` allows the console's note of a 4xx status."""
    assert driver.find_element(By.TAG_NAME, "h1").text.strip(), f"{name}: no h1"
    screenshot(driver, directory, name)
    errors = console_errors(driver, allow_status_error=error_page)
    assert errors == [], f"{name}: console errors {errors}"
    foreign = foreign_requests(driver, base_url)
    assert foreign == [], f"{name}: requests to another origin {foreign}"
    assert accessibility_violations(driver) == [], f"{name}: accessibility violations"
    duplicated = driver.execute_script(
        "const seen = {}; for (const e of document.querySelectorAll('[id]')) seen[e.id] = (seen[e.id] || 0) + 1;"
        " return Object.keys(seen).filter(k => seen[k] > 1);")
    assert duplicated == [], f"{name}: ids used more than once {duplicated}"


def check_plain_page(driver, base_url: str, directory: pathlib.Path, name: str) -> None:
    """Checks a page in the browser without JavaScript: it shows, and names nothing from another origin."""
    assert driver.find_element(By.TAG_NAME, "h1").text.strip(), f"{name}: no h1 without JavaScript"
    origin = urlsplit(base_url)[:2]
    assert [u for u in referenced_resources(driver) if urlsplit(u)[:2] != origin] == [], f"{name}: foreign resources"
    screenshot(driver, directory, f"nojs-{name}")
