"""Printing shows the story and nothing else: the print view, and the story page itself printed."""

import pytest
from selenium.webdriver.common.by import By

from browser_session import shown_furniture, wait_for_load
from page_types import PRINT_LINK, path_of

# Page furniture: what a reader uses on screen but does not want on paper.
FURNITURE = [
    ".skip-link",
    ".masthead",
    "nav.sections",
    ".font-controls",
    ".font-form",
    ".dont-miss",
    ".next-article",
    ".save-form",
    ".story-tools",
    ".site-footer",
]
# What the paper must keep.
STORY_PARTS = ["h1", ".highlights li", ".story-body p"]


def assert_story_parts_shown(driver):
    missing = [selector for selector in STORY_PARTS if not shown_furniture(driver, [selector])]
    assert not missing, f"the printed story lacks {missing} on {driver.current_url}"


def test_print_link_opens_the_print_view(reader, client, pages):
    reader.get(client.url(pages.story))
    wait_for_load(reader)
    link = reader.find_element(By.CSS_SELECTOR, PRINT_LINK)
    assert path_of(link.get_attribute("href")) == pages.print_view


def test_print_view_hides_page_furniture(any_reader, client, pages):
    driver = any_reader
    driver.get(client.url(pages.print_view))
    wait_for_load(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text.strip() == pages.story_headline
    shown = shown_furniture(driver, FURNITURE)
    assert not shown, f"the print view shows page furniture: {shown}"
    assert_story_parts_shown(driver)
    # The reader can find the story online from the paper.
    assert pages.story in driver.find_element(By.CSS_SELECTOR, ".print-url").text


def test_print_view_hides_its_own_buttons_on_paper(reader, client, pages):
    reader.get(client.url(pages.print_view))
    wait_for_load(reader)
    assert shown_furniture(reader, [".print-actions"]) == [".print-actions"], "the print view has no way back on screen"
    reader.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert shown_furniture(reader, [".print-actions"]) == [], "the print view's own buttons would be printed"


@pytest.mark.parametrize("page", ["story", "home"])
def test_printing_a_page_hides_its_furniture(page, reader, client, pages):
    reader.get(client.url(pages.story if page == "story" else "/"))
    wait_for_load(reader)
    on_screen = shown_furniture(reader, FURNITURE)
    # The check below proves something only for furniture that is on the screen to begin with.
    expected_on_screen = FURNITURE if page == "story" else [".skip-link", ".masthead", "nav.sections", ".site-footer"]
    assert set(expected_on_screen) - {".skip-link"} <= set(on_screen), f"furniture missing on screen: {on_screen}"

    reader.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert reader.execute_script("return matchMedia('print').matches"), "print media emulation did not take effect"
    shown = shown_furniture(reader, FURNITURE)
    assert not shown, f"printing {reader.current_url} would include page furniture: {shown}"
    if page == "story":
        assert_story_parts_shown(reader)
