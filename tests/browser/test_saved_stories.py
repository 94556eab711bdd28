"""Save puts a story on the reader's saved list; Remove takes it off — with and without JavaScript."""

from selenium.webdriver.common.by import By

from browser_session import activate_and_wait_for_navigation, click, wait_for_load
from page_types import SAVE_BUTTON, path_of


def saved_entries(driver):
    return [
        (path_of(a.get_attribute("href")), a.text.strip())
        for a in driver.find_elements(By.CSS_SELECTOR, ".saved-list .summary-headline a")
    ]


def test_save_lists_the_story_and_remove_takes_it_off(any_reader, client, pages):
    driver = any_reader
    driver.get(client.url("/saved"))
    wait_for_load(driver)
    assert saved_entries(driver) == [], "a new reader already has saved stories"
    assert driver.find_elements(By.CSS_SELECTOR, ".empty-state")

    driver.get(client.url(pages.story))
    wait_for_load(driver)
    save = driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON)
    assert save.text.strip() == "Save"
    activate_and_wait_for_navigation(driver, lambda: click(driver, save))
    assert path_of(driver.current_url) == pages.story, f"Save sent the reader to {driver.current_url}"
    assert "Remove" in driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON).text
    assert "(1)" in driver.find_element(By.CSS_SELECTOR, ".saved-link").text, "the masthead does not count the save"

    driver.get(client.url(pages.other_story))
    wait_for_load(driver)
    activate_and_wait_for_navigation(driver, lambda: click(driver, driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON)))

    driver.get(client.url("/saved"))
    wait_for_load(driver)
    entries = saved_entries(driver)
    assert [path for path, _ in entries] == [pages.other_story, pages.story], f"saved list is {entries}"
    assert entries[1][1] == pages.story_headline

    # Remove the first-saved story from the saved page itself.
    remove = next(
        article.find_element(By.CSS_SELECTOR, ".remove-form button")
        for article in driver.find_elements(By.CSS_SELECTOR, ".saved-list article")
        if path_of(article.find_element(By.CSS_SELECTOR, ".summary-headline a").get_attribute("href")) == pages.story
    )
    activate_and_wait_for_navigation(driver, lambda: click(driver, remove))
    assert path_of(driver.current_url) == "/saved"
    assert [path for path, _ in saved_entries(driver)] == [pages.other_story]

    # And the other from its story page.
    driver.get(client.url(pages.other_story))
    wait_for_load(driver)
    activate_and_wait_for_navigation(driver, lambda: click(driver, driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON)))
    assert driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON).text.strip() == "Save"
    driver.get(client.url("/saved"))
    wait_for_load(driver)
    assert saved_entries(driver) == []
