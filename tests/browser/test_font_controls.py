"""Enlarge and Decrease change the story text size, and the choice follows the reader — with and without
JavaScript (the buttons are forms that work on their own; the script only makes them instant)."""

import pytest
from selenium.webdriver.common.by import By

from browser_session import activate_and_wait_for_navigation, click, font_size_px, wait_for_load, wait_until
from page_types import DECREASE_BUTTON, ENLARGE_BUTTON


def click_font_button(driver, selector, with_script):
    before = font_size_px(driver)
    button = driver.find_element(By.CSS_SELECTOR, selector)
    assert button.is_enabled(), f"{selector} is disabled on {driver.current_url}"
    if with_script:
        # The script changes the size in place: the same document (and this marker in it) stays.
        driver.execute_script("window.datelineTestMarker = true")
        click(driver, button)
    else:
        activate_and_wait_for_navigation(driver, lambda: click(driver, button))
    wait_until(driver, lambda d: font_size_px(d) != before, f"clicking {selector} did not change the text size")
    if with_script:
        assert driver.execute_script("return window.datelineTestMarker === true"), (
            f"with JavaScript on, {selector} reloaded the page instead of changing the size in place"
        )
    return font_size_px(driver)


@pytest.mark.parametrize("with_script", [True, False], ids=["script", "no-script"])
def test_font_controls_change_and_remember_the_text_size(with_script, request, client, pages):
    driver = request.getfixturevalue("reader" if with_script else "reader_without_script")
    driver.get(client.url(pages.story))
    wait_for_load(driver)
    original = font_size_px(driver)

    enlarged = click_font_button(driver, ENLARGE_BUTTON, with_script)
    assert enlarged > original, f"Enlarge made the story text {enlarged}px, not larger than {original}px"
    if not with_script:
        assert driver.current_url.endswith(pages.story), f"the font form sent the reader to {driver.current_url}"

    driver.refresh()
    wait_for_load(driver)
    assert font_size_px(driver) == pytest.approx(enlarged), "the enlarged text size was lost on reload"

    driver.get(client.url(pages.other_story))
    wait_for_load(driver)
    assert font_size_px(driver) == pytest.approx(enlarged), "another story did not keep the enlarged text size"
    driver.get(client.url("/"))
    wait_for_load(driver)
    front_page_size = font_size_px(driver, "body")

    driver.get(client.url(pages.story))
    wait_for_load(driver)
    reduced = click_font_button(driver, DECREASE_BUTTON, with_script)
    assert reduced < enlarged, f"Decrease left the story text at {reduced}px (was {enlarged}px)"
    assert reduced == pytest.approx(original), "Decrease after one Enlarge did not return to the original size"

    driver.get(client.url("/"))
    wait_for_load(driver)
    assert font_size_px(driver, "body") < front_page_size, "the front page text did not follow Decrease"


def test_enlarge_stops_at_the_largest_size(reader_without_script, client, pages):
    driver = reader_without_script
    driver.get(client.url(pages.story))
    wait_for_load(driver)
    sizes = [font_size_px(driver)]
    for _ in range(12):
        if not driver.find_element(By.CSS_SELECTOR, ENLARGE_BUTTON).is_enabled():
            break
        sizes.append(click_font_button(driver, ENLARGE_BUTTON, with_script=False))
    assert not driver.find_element(By.CSS_SELECTOR, ENLARGE_BUTTON).is_enabled(), "Enlarge never reached a largest size"
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes), f"sizes did not grow at each step: {sizes}"
    assert driver.find_element(By.CSS_SELECTOR, DECREASE_BUTTON).is_enabled()


def test_script_is_really_off_in_the_no_script_browser(reader, reader_without_script, client, pages):
    """The no-script runs prove something only if the page's script truly did not run there."""
    reader.get(client.url(pages.print_view))
    wait_for_load(reader)
    reader_without_script.get(client.url(pages.print_view))
    wait_for_load(reader_without_script)
    # reader.js reveals the print view's "Print this page" button; with no script it stays hidden.
    assert reader.find_element(By.CSS_SELECTOR, "[data-print]").is_displayed()
    assert not reader_without_script.find_element(By.CSS_SELECTOR, "[data-print]").is_displayed()


def test_text_size_changes_what_is_read_not_the_masthead(reader_without_script, client, pages):
    """Enlarge is for the story: the site's name, the search box, the section strip and the footer keep
    their size."""
    driver = reader_without_script
    driver.get(client.url(pages.story))
    wait_for_load(driver)
    chrome = [".brand", ".masthead-search input", ".sections a", ".site-footer"]
    before = {selector: font_size_px(driver, selector) for selector in chrome}
    story_before = font_size_px(driver)
    for _ in range(2):
        click_font_button(driver, ENLARGE_BUTTON, with_script=False)
    assert font_size_px(driver) > story_before * 1.2, "two Enlarge steps hardly changed the story text"
    after = {selector: font_size_px(driver, selector) for selector in chrome}
    assert after == pytest.approx(before), f"the page's furniture changed size with the story: {before} -> {after}"
    click_font_button(driver, DECREASE_BUTTON, with_script=False)
    click_font_button(driver, DECREASE_BUTTON, with_script=False)
