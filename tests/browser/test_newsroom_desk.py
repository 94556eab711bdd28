"""The newsroom desk in a real browser: no edit is lost to a workflow button, and two people saving
the same story both keep their words (issue 15). Each test files a story of its own and deletes it
at the end, through the confirmation page, so the rest of the suite sees the demo archive as it was."""

from __future__ import annotations

import re
import uuid

import pytest
from selenium.webdriver.common.by import By

from browser_session import activate_and_wait_for_navigation, click, reset, start_chromium
from page_types import _go, path_of, sign_in


def press(driver, label: str) -> None:
    button = driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))


def type_into(driver, name: str, text: str) -> None:
    field = driver.find_element(By.NAME, name)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", field)
    field.send_keys(text)


def file_story(driver, client, headline: str) -> str:
    """Files a new draft through the editor and returns its newsroom path."""
    _go(driver, client, "/newsroom/stories/new")
    type_into(driver, "headline", headline)
    type_into(driver, "section", "World")
    type_into(driver, "body", "The first paragraph, as filed.")
    press(driver, "Save")
    path = path_of(driver.current_url)
    assert re.fullmatch(r"/newsroom/stories/\d+", path), f"saving a new story led to {driver.current_url}"
    return path


def delete_story(driver, client, path: str) -> None:
    _go(driver, client, path)
    press(driver, "Delete story and its history…")
    assert "It cannot be undone." in driver.page_source, "delete did not ask for confirmation"
    press(driver, "Yes, delete it for good")
    _go(driver, client, path)
    assert "There is no story" in driver.page_source, "the story was not deleted"


@pytest.fixture
def editor(_chromium, client):
    reset(_chromium)
    sign_in(_chromium, client)
    return _chromium


@pytest.fixture
def second_editor(client):
    driver = start_chromium(javascript=True)
    try:
        sign_in(driver, client)
        yield driver
    finally:
        driver.quit()


def test_an_edit_made_before_publish_now_is_published_with_the_story(editor, client):
    headline = f"Ferry timetable {uuid.uuid4().hex[:6]}"
    path = file_story(editor, client, headline)
    type_into(editor, "body", " A sentence added just before publishing.")
    press(editor, "Save and publish now")
    assert "Saved and published." in editor.page_source, "no confirmation after Save and publish now"
    live = editor.find_element(By.LINK_TEXT, "Live page").get_attribute("href")
    editor.get(live)
    assert headline in editor.page_source
    assert "A sentence added just before publishing." in editor.page_source, "the edit was lost on publishing"
    delete_story(editor, client, path)


def test_two_editors_saving_one_story_both_keep_their_words(editor, second_editor, client):
    path = file_story(editor, client, f"Harbour wall {uuid.uuid4().hex[:6]}")
    _go(second_editor, client, path)
    type_into(editor, "body", " Ann's careful rewrite.")
    press(editor, "Save")
    type_into(second_editor, "body", " Bob's late addition.")
    press(second_editor, "Save")
    page = second_editor.page_source
    assert "Someone else saved this story while you were editing" in page, "the second save overwrote the first"
    mine = second_editor.find_element(By.NAME, "body").get_attribute("value")
    theirs = second_editor.find_element(By.ID, "theirs-body").get_attribute("value")
    assert "Bob's late addition." in mine, "the second editor's text is not in their form"
    assert "Ann's careful rewrite." in theirs, "the first editor's text is not shown beside it"
    press(second_editor, "Save")
    assert "Saved." in second_editor.page_source, "saving again after the conflict did not go through"
    delete_story(editor, client, path)
