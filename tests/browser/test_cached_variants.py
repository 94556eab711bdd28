"""Personal pages from the page cache: a reader's text size picks one of a few cached copies and their saved
stories are filled into it as it leaves, so neither forces a render (README "Caching for every reader").
Checked with JavaScript off, where the page itself must be right, and through the cache counters in /metrics."""

import re

from selenium.webdriver.common.by import By

from browser_session import activate_and_wait_for_navigation, click, font_size_px, wait_for_load


def cache_counts(client) -> tuple[int, int]:
    text = client.get("/metrics").text
    def count(result: str) -> int:
        match = re.search(r'^dateline_page_cache_lookups\{result="' + result + r'"\} ([0-9.e+]+)$', text, re.M)
        assert match, f"/metrics has no page-cache {result} count"
        return int(float(match.group(1)))
    return count("hit"), count("miss")


def test_text_size_and_saved_state_come_from_the_cache_without_script(reader_without_script, client, pages):
    driver = reader_without_script
    driver.get(client.url(pages.story))
    wait_for_load(driver)
    normal = font_size_px(driver)

    driver.add_cookie({"name": "dateline_font", "value": "2", "path": "/"})
    driver.add_cookie({"name": "_ga", "value": "GA1.2.99.1", "path": "/"})
    # Both story pages in the enlarged copy are in the cache before the counts are taken.
    for path in (pages.story, pages.other_story):
        client.get(path, cookies=[{"name": "dateline_font", "value": "2"}])
    hits, misses = cache_counts(client)

    driver.get(client.url(pages.story))
    wait_for_load(driver)
    assert "font-step-2" in driver.find_element(By.TAG_NAME, "html").get_attribute("class")
    assert font_size_px(driver) > normal, "the text-size cookie did not enlarge the story"
    after_hits, after_misses = cache_counts(client)
    assert after_misses == misses, "the enlarged page was rendered, not taken from the cache"
    assert after_hits > hits, "the enlarged page was not answered from the cache"

    # Save without JavaScript: the form posts, the reader comes back to the same cached copy with
    # their saved state filled in.
    save = driver.find_element(By.CSS_SELECTOR, "form.save-form button[type=submit]")
    assert "Save" in save.text
    activate_and_wait_for_navigation(driver, lambda: click(driver, save))
    assert driver.current_url.endswith(pages.story)
    button = driver.find_element(By.CSS_SELECTOR, "form.save-form button[type=submit]")
    assert "Remove from saved" in button.text
    assert driver.find_element(By.CSS_SELECTOR, ".saved-link .saved-count").text == "(1)"
    assert font_size_px(driver) > normal, "saving lost the text size"

    driver.get(client.url(pages.other_story))
    wait_for_load(driver)
    other = driver.find_element(By.CSS_SELECTOR, "form.save-form button[type=submit]")
    assert "Remove" not in other.text, "another story shows as saved"
    assert driver.find_element(By.CSS_SELECTOR, ".saved-link .saved-count").text == "(1)"
    final_hits, final_misses = cache_counts(client)
    assert final_misses == misses, "a saved reader's story page was rendered, not taken from the cache"
    assert final_hits >= after_hits + 2

    # Remove again: the story page is back to Save, and the list is empty.
    driver.get(client.url(pages.story))
    wait_for_load(driver)
    remove = driver.find_element(By.CSS_SELECTOR, "form.save-form button[type=submit]")
    activate_and_wait_for_navigation(driver, lambda: click(driver, remove))
    assert "Save" == driver.find_element(By.CSS_SELECTOR, "form.save-form button[type=submit]").text.strip()
    assert not driver.find_elements(By.CSS_SELECTOR, ".saved-link .saved-count")
