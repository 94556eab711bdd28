"""Author profiles in a real browser (issue 15, item 5): an editor adds two authors on
/newsroom/authors, credits both on a story from the editor's selects (no script needed), publishes
it, and the reader's story page links each name to the author's page. axe-core finds no violation
on the authors page or on an author page. The story goes to the trash at the end; the two profiles
stay (their names are unique to the run, so a second run adds its own)."""

from __future__ import annotations

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from axe_engine import RULE_TAGS, describe, run_axe
from page_types import _go, path_of
from test_newsroom_desk import delete_story, editor, file_story, press, type_into  # noqa: F401 (fixture)


def add_author(driver, client, name: str, bio: str) -> None:
    _go(driver, client, "/newsroom/authors")
    form = driver.find_element(By.ID, "author-new")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "bio").send_keys(bio)
    press(driver, "Add author")
    assert "Author added." in driver.page_source, f"no confirmation after adding {name}"


def assert_no_axe_violations(driver) -> None:
    result = run_axe(driver, RULE_TAGS)
    assert result["passes"] > 0, f"axe-core checked no rule on {driver.current_url}"
    assert not result["violations"], (
        f"axe-core found violations on {driver.current_url}:\n{describe(result['violations'])}"
    )


def test_an_editor_credits_two_authors_and_the_reader_page_links_both(editor, client):
    run = uuid.uuid4().hex[:6]
    first, second = f"Maren Holt {run}", f"Tomas Reyes {run}"
    add_author(editor, client, first, "Reports from the islands.")
    add_author(editor, client, second, "Covers the harbour board.")
    assert_no_axe_violations(editor)

    path = file_story(editor, client, f"Lighthouse keepers return {run}")
    Select(editor.find_element(By.NAME, "author_1")).select_by_visible_text(second)
    Select(editor.find_element(By.NAME, "author_2")).select_by_visible_text(first)
    type_into(editor, "seo_title", f"Keepers back at the lighthouse {run}")
    press(editor, "Save and publish now")
    assert "Saved and published." in editor.page_source, "no confirmation after Save and publish now"
    assert f"Keepers back at the lighthouse {run}" in editor.find_element(By.CLASS_NAME, "share-card").text

    live = editor.find_element(By.LINK_TEXT, "Live page").get_attribute("href")
    editor.get(live)
    byline = editor.find_element(By.CLASS_NAME, "byline")
    links = byline.find_elements(By.TAG_NAME, "a")
    assert [link.text for link in links] == [second, first], f"the byline reads {byline.text!r}"
    assert byline.text == f"By {second} and {first}"
    assert editor.title.startswith(f"Keepers back at the lighthouse {run}"), editor.title

    author_page = links[1].get_attribute("href")
    editor.get(author_page)
    assert path_of(editor.current_url).startswith("/author/maren-holt-")
    assert editor.find_element(By.TAG_NAME, "h1").text == first
    assert "Reports from the islands." in editor.page_source
    assert f"Lighthouse keepers return {run}" in editor.page_source
    assert_no_axe_violations(editor)

    delete_story(editor, client, path)
