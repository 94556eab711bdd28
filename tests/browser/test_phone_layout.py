"""On a phone (390 x 844, and the narrowest common screen, 320 px): the masthead is compact, so a
story's headline ends in the top quarter of the screen and its text starts on the first screen; the
masthead's controls are big enough for a thumb; nothing is wider than the screen."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from browser_session import wait_for_load
from page_types import sign_in


@pytest.fixture
def phone(reader):
    def use(width: int, height: int = 844):
        reader.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
        )
        return reader

    yield use
    reader.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_headline_ends_in_the_top_quarter_and_the_text_starts_on_the_first_screen(phone, client, pages):
    driver = phone(390)
    driver.get(client.url(pages.story))
    wait_for_load(driver)
    headline_bottom, text_top = driver.execute_script(
        "return [document.querySelector('.story h1').getBoundingClientRect().bottom,"
        " document.querySelector('.story-body p').getBoundingClientRect().top]"
    )
    assert headline_bottom <= 844 / 4, f"the headline ends {headline_bottom:.0f} px down, below the top quarter"
    assert text_top < 844, f"the story text starts {text_top:.0f} px down, below the first screen"


def test_masthead_controls_are_big_enough_for_a_thumb(phone, client, pages):
    driver = phone(390)
    driver.get(client.url(pages.story))
    wait_for_load(driver)
    small = []
    for selector in (".brand", ".masthead-search input", ".search-button", ".saved-link", ".sections a",
                     ".font-controls button"):
        for element in driver.find_elements(By.CSS_SELECTOR, selector):
            height = element.rect["height"]
            if element.is_displayed() and height < 44:
                small.append(f"{selector} {element.text!r}: {height:.0f} px")
    assert not small, "controls under 44 px tall on a phone:\n" + "\n".join(small)


@pytest.mark.parametrize("path_of_page", ["/", "story", "/search?q=city", "/saved"])
def test_nothing_is_wider_than_a_320_px_screen(phone, client, pages, path_of_page):
    driver = phone(320, 640)
    driver.get(client.url(pages.story if path_of_page == "story" else path_of_page))
    wait_for_load(driver)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 320, f"{path_of_page} is {width} px wide on a 320 px screen"


def test_the_newsroom_story_list_fits_a_phone(phone, client):
    """The desk list keeps headline, status and time on a phone; section and author wait in the
    editor. The page itself never scrolls sideways."""
    driver = phone(390)
    sign_in(driver, client)
    driver.get(client.url("/newsroom"))
    wait_for_load(driver)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"the story list is {width} px wide on a 390 px screen"
    shown = [header.text for header in driver.find_elements(By.CSS_SELECTOR, ".story-table th") if header.is_displayed()]
    assert shown == ["Headline", "Status", "Changed"], shown
    first = driver.find_element(By.CSS_SELECTOR, ".story-table td a")
    assert first.is_displayed() and first.rect["width"] >= 150, f"the headline column is {first.rect['width']} px wide"
