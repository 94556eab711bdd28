"""Starting Debian's Chromium through its chromedriver, and the small waits and probes the tests share."""

from __future__ import annotations

import os
from typing import Callable

from selenium import webdriver
from selenium.common.exceptions import (
    JavascriptException,
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("DATELINE_CHROMEDRIVER", "/usr/bin/chromedriver")

# Should Selenium Manager ever be consulted, it must not try to download a browser or driver.
os.environ.setdefault("SE_OFFLINE", "true")

# Long enough for a slow CI machine, short enough that a hang fails the run instead of stalling it.
WAIT_SECONDS = 15


def start_chromium(javascript: bool = True) -> WebDriver:
    """A headless Chromium; with javascript=False pages run no script at all (as for a reader who turned it off)."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            raise RuntimeError(f"{path} is missing: install Debian's chromium and chromium-driver (scripts/setup does)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(argument)
    if not javascript:
        options.add_argument("--blink-settings=scriptEnabled=false")
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    # An explicit driver path keeps Selenium Manager from trying to download a browser or driver.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def reset(driver: WebDriver) -> None:
    """Forgets cookies and media emulation so each test starts as a first-time reader on a screen."""
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def wait_until(
    driver: WebDriver, condition: Callable[[WebDriver], object], message: str, seconds: float = WAIT_SECONDS
):
    # A page in the middle of loading can briefly lack what a condition looks at; keep polling through that.
    ignored = (AssertionError, JavascriptException, NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, seconds, poll_frequency=0.05, ignored_exceptions=ignored).until(condition, message)


def wait_for_load(driver: WebDriver) -> None:
    wait_until(
        driver, lambda d: d.execute_script("return document.readyState") == "complete", "page did not finish loading"
    )


def activate_and_wait_for_navigation(driver: WebDriver, activate: Callable[[], None]) -> None:
    """Runs an action that submits a form or follows a link, and waits until the next page has loaded.

    A marker set on the current window disappears with it; that is steadier than watching an element go
    stale, which chromedriver sometimes reports as a generic error while the old document is torn down.
    """
    driver.execute_script("window.datelineBeforeNavigation = true")
    activate()
    WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.05, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return window.datelineBeforeNavigation !== true && document.readyState === 'complete'"
        ),
        "the page did not navigate",
    )


def click(driver: WebDriver, element: WebElement) -> None:
    """Clicks like a reader who scrolled to the element first. The site scrolls smoothly, so without an
    instant scroll the click could land while the element is still moving into view."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def press(driver: WebDriver, *keys: str) -> None:
    """Sends keys to whatever has focus, as a keyboard would."""
    ActionChains(driver).send_keys(*keys).perform()


def active_element_matches(driver: WebDriver, selector: str) -> bool:
    script = "return !!document.activeElement && document.activeElement.matches(arguments[0])"
    return bool(driver.execute_script(script, selector))


def tab_to(driver: WebDriver, selector: str, limit: int = 150, backwards: bool = False) -> WebElement:
    """Presses Tab (or Shift+Tab) until the focused element matches selector; fails if it never does."""
    for _ in range(limit):
        if backwards:
            ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            press(driver, Keys.TAB)
        if active_element_matches(driver, selector):
            return driver.switch_to.active_element
    raise AssertionError(f"{selector} was not reached with {limit} presses of {'Shift+' if backwards else ''}Tab")


def font_size_px(driver: WebDriver, selector: str = ".story-body") -> float:
    """The computed font size of the first element matching selector, in CSS pixels."""
    value = driver.execute_script(
        "var e = document.querySelector(arguments[0]); return e ? getComputedStyle(e).fontSize : null", selector
    )
    assert value, f"no element matches {selector} on {driver.current_url}"
    assert value.endswith("px"), f"unexpected computed font size {value!r}"
    return float(value[:-2])


# Whether an element takes no space because it, or one of its ancestors, has display: none.
_IS_HIDDEN = """
for (var node = arguments[0]; node; node = node.parentElement) {
  if (getComputedStyle(node).display === 'none') return true;
}
return false;
"""


def hidden_by_display_none(driver: WebDriver, element: WebElement) -> bool:
    return bool(driver.execute_script(_IS_HIDDEN, element))


def shown_furniture(driver: WebDriver, selectors: list[str]) -> list[str]:
    """The selectors among those given that match at least one element still laid out on the page."""
    shown = []
    for selector in selectors:
        for element in driver.find_elements(By.CSS_SELECTOR, selector):
            if not hidden_by_display_none(driver, element):
                shown.append(selector)
                break
    return shown
