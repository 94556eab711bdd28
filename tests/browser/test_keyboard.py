"""Everything on the story page a reader can do with a mouse, they can do with a keyboard alone."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_session import (
    active_element_matches,
    activate_and_wait_for_navigation,
    font_size_px,
    press,
    tab_to,
    wait_for_load,
    wait_until,
)
from page_types import DECREASE_BUTTON, ENLARGE_BUTTON, PRINT_LINK, SAVE_BUTTON, path_of


def open_fresh(driver, url):
    driver.get(url)
    wait_for_load(driver)
    # Start from the top of the document, where a keyboard user's first Tab begins.
    driver.execute_script("if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0)")


@pytest.mark.parametrize("page", ["/", "story", "/saved"])
def test_first_tab_reaches_the_skip_link_and_it_moves_focus_to_main(page, any_reader, client, pages):
    driver = any_reader
    open_fresh(driver, client.url(pages.story if page == "story" else page))
    press(driver, Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.get_attribute("class") and "skip-link" in focused.get_attribute("class"), (
        f"the first Tab focused {focused.tag_name}.{focused.get_attribute('class')}, not the skip link"
    )
    assert focused.is_displayed() and focused.rect["y"] >= 0, "the focused skip link is not visible on screen"
    press(driver, Keys.ENTER)
    wait_until(
        driver,
        lambda d: d.execute_script("return document.activeElement && document.activeElement.id") == "main",
        "activating the skip link did not move focus to <main>",
    )
    # The next Tab continues from the main content onwards, not back in the masthead.
    press(driver, Keys.TAB)
    assert driver.execute_script(
        "var main = document.getElementById('main'), focused = document.activeElement;"
        "return main.contains(focused) || !!(main.compareDocumentPosition(focused) & Node.DOCUMENT_POSITION_FOLLOWING)"
    ), "after the skip link, Tab went back before the main content"


def test_font_buttons_work_with_enter_and_space(any_reader, client, pages):
    driver = any_reader
    open_fresh(driver, client.url(pages.story))
    original = font_size_px(driver)

    tab_to(driver, ENLARGE_BUTTON)
    press(driver, Keys.ENTER)
    wait_until(driver, lambda d: font_size_px(d) > original, "Enter on Enlarge did not enlarge the text")
    wait_for_load(driver)
    enlarged = font_size_px(driver)

    # With the script the page stays and focus stays on Enlarge, right after Decrease; without it the
    # form reloads the page and focus starts again from the top.
    if active_element_matches(driver, ENLARGE_BUTTON):
        tab_to(driver, DECREASE_BUTTON, backwards=True)
    else:
        tab_to(driver, DECREASE_BUTTON)
    press(driver, Keys.SPACE)
    wait_until(driver, lambda d: font_size_px(d) < enlarged, "Space on Decrease did not reduce the text")
    wait_for_load(driver)
    assert font_size_px(driver) == pytest.approx(original)


def test_save_and_print_work_from_the_keyboard(any_reader, client, pages):
    driver = any_reader
    open_fresh(driver, client.url(pages.story))
    tab_to(driver, SAVE_BUTTON)
    activate_and_wait_for_navigation(driver, lambda: press(driver, Keys.ENTER))
    assert path_of(driver.current_url) == pages.story, f"Save sent the reader to {driver.current_url}"
    assert "Remove" in driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON).text, "the story does not show as saved"

    open_fresh(driver, client.url("/saved"))
    tab_to(driver, ".saved-list .remove-form button")
    activate_and_wait_for_navigation(driver, lambda: press(driver, Keys.SPACE))
    assert not driver.find_elements(By.CSS_SELECTOR, ".saved-list"), "Space on Remove left the story saved"

    open_fresh(driver, client.url(pages.story))
    tab_to(driver, PRINT_LINK)
    activate_and_wait_for_navigation(driver, lambda: press(driver, Keys.ENTER))
    assert path_of(driver.current_url) == pages.print_view
