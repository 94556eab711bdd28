"""The newsroom desk in a real browser: no edit is lost to a workflow button, two people saving the
same story both keep their words, delete goes to a trash that gives the story back, autosave keeps
typed words, and two people on two server instances see each other on a story (issue 15). Each test
files a story of its own and moves it to the trash at the end, through the confirmation page, so the
rest of the suite sees the demo archive as it was."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import threading
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

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
    press(driver, "Move to trash…")
    assert "restore it from the Trash page" in driver.page_source, "delete did not ask for confirmation"
    press(driver, "Yes, move it to the trash")
    assert "to the trash." in driver.page_source, "no confirmation after moving the story to the trash"
    _go(driver, client, path)
    assert "is in the trash" in driver.page_source, "the story was not moved to the trash"


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


def test_delete_goes_to_the_trash_and_restore_brings_the_story_back(editor, client):
    headline = f"Lifeboat day {uuid.uuid4().hex[:6]}"
    path = file_story(editor, client, headline)
    press(editor, "Save and publish now")
    live = path_of(editor.find_element(By.LINK_TEXT, "Live page").get_attribute("href"))
    delete_story(editor, client, path)
    assert client.get(live).status == 404, "a story in the trash is still on the site"
    _go(editor, client, "/newsroom/trash")
    assert headline in editor.page_source, "the trash page does not list the deleted story"
    button = editor.find_element(By.CSS_SELECTOR, f"form[action$='{path.rsplit('/', 1)[1]}/restore'] button")
    activate_and_wait_for_navigation(editor, lambda: click(editor, button))
    assert f"Restored “{headline}” as unpublished." in editor.page_source, "no confirmation after restoring"
    _go(editor, client, path)
    assert headline in editor.find_element(By.NAME, "headline").get_attribute("value")
    assert "moved it to the trash" in editor.page_source and "restored it from the trash" in editor.page_source
    delete_story(editor, client, path)


def test_autosave_keeps_typed_words_without_pressing_save(editor, client):
    path = file_story(editor, client, f"Slipway {uuid.uuid4().hex[:6]}")
    type_into(editor, "body", " Words typed and never saved by hand.")
    status = editor.find_element(By.ID, "autosave-status")
    WebDriverWait(editor, 45).until(lambda _: "Autosaved at" in status.text, "the draft was not autosaved in 45 s")
    # A fresh page (no unsaved-change warning: the words are stored) shows them.
    _go(editor, client, path)
    body = editor.find_element(By.NAME, "body").get_attribute("value")
    assert "Words typed and never saved by hand." in body, "the autosaved words are not in the stored draft"
    _go(editor, client, path + "/revisions")
    assert "autosaved" in editor.page_source, "the revision history does not mark the autosave"
    delete_story(editor, client, path)


def _start_second_instance(database: str) -> tuple[subprocess.Popen, str]:
    """Starts another `dateline serve` on the same database; its output is drained by a thread (so a
    full pipe can never stall it) and its address awaited for at most 60 s."""
    process = subprocess.Popen(
        [os.environ["DATELINE_BINARY"], "serve", "--database", database, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    found: queue.Queue[str] = queue.Queue()

    def drain() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            match = re.search(r"Dateline is serving .* at (http://\S+)", line)
            if match:
                found.put(match.group(1).rstrip("/"))

    threading.Thread(target=drain, daemon=True).start()
    try:
        return process, found.get(timeout=60)
    except queue.Empty:
        process.kill()
        raise AssertionError("the second dateline instance did not report its address within 60 s") from None


def test_two_people_on_two_instances_see_each_other_on_a_story(editor, client):
    database = os.environ.get("DATELINE_TEST_DATABASE", "")
    assert database, "scripts/browser-tests names the database; run the suite through it"
    email = f"desk-{uuid.uuid4().hex[:8]}@dateline.test"
    password = "presence-" + uuid.uuid4().hex
    added = subprocess.run(
        [os.environ["DATELINE_BINARY"], "users", "add", "--database", database, "--email", email,
         "--name", "Second Desk", "--role", "editor", "--bcrypt-cost", "4"],
        input=password + "\n", text=True, capture_output=True, timeout=60,
    )
    assert added.returncode == 0, added.stderr
    path = file_story(editor, client, f"Tide mill {uuid.uuid4().hex[:6]}")
    process, other_url = _start_second_instance(database)
    other = start_chromium(javascript=True)
    try:
        other.get(other_url + "/newsroom/login")
        other.find_element(By.ID, "email").send_keys(email)
        other.find_element(By.ID, "password").send_keys(password)
        button = other.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
        activate_and_wait_for_navigation(other, lambda: click(other, button))
        other.get(other_url + path)
        notice = other.find_element(By.ID, "presence").text
        assert "Browser Editor also has this story open." in notice, f"instance two did not show instance one's editor: {notice!r}"
        # Instance one learns of the second person on its next heartbeat (every 20 s).
        presence = editor.find_element(By.ID, "presence")
        WebDriverWait(editor, 45).until(
            lambda _: "Second Desk also has this story open." in presence.text,
            "instance one's editor page did not show the person on instance two within 45 s",
        )
    finally:
        other.quit()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    delete_story(editor, client, path)
