"""Newsletter issues in a real browser (issue 18, items 3-4): an editor adds a list, publishes a
story, opens the list's issues page, previews the next issue, sends a test copy to themselves (it
reaches a real SMTP server, aiosmtpd, as multipart text and HTML with the RFC 8058 headers) and
sends the issue; the message passes the e-mail linter (email_lint.py); the web version and the archive render the story and pass axe-core, as does the
newsroom page. The story goes to the trash at the end; the list stays (its name is unique)."""

from __future__ import annotations

import datetime
import email
import email.policy
import os
import pathlib
import time
import uuid

from selenium.webdriver.common.by import By

import email_lint
from browser_session import reset, wait_for_load
from page_types import _go, path_of, sign_in
from test_email import read_messages
from test_newsletters import assert_no_axe_violations
from test_newsroom_desk import delete_story, file_story, press


def test_an_editor_previews_tests_and_sends_an_issue_whose_web_version_reads(_chromium, client):
    run = uuid.uuid4().hex[:6]
    name = f"Quay Briefing {run}"
    slug = f"quay-briefing-{run}"
    headline = f"Quay lights <restored> {run}"

    editor = _chromium
    reset(editor)
    sign_in(editor, client)
    _go(editor, client, "/newsroom/newsletters")
    form = editor.find_element(By.ID, "newsletter-new")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "slug").send_keys(slug)
    form.find_element(By.NAME, "from_address").send_keys("quay@dateline.test")
    # A send time hours away in the list's zone, so the server's schedule makes no issue of its own
    # while the test runs and "Send now" makes issue 1.
    hour = datetime.datetime.now(datetime.timezone.utc).hour
    for name_, value in (("send_time", "23:59"), ("time_zone", "Etc/GMT" if hour <= 20 else "Etc/GMT+12")):
        field = form.find_element(By.NAME, name_)
        field.clear()
        field.send_keys(value)
    press(editor, "Add newsletter")
    assert "Newsletter added." in editor.page_source

    story = file_story(editor, client, headline)
    press(editor, "Save and publish now")
    assert "Saved and published." in editor.page_source
    try:
        _go(editor, client, "/newsroom/newsletters")
        row = editor.find_element(By.XPATH, f"//li[h2/a[normalize-space()='{name}']]")
        issues = row.find_element(By.LINK_TEXT, "Issues, preview and sending").get_attribute("href")
        editor.get(issues)
        wait_for_load(editor)
        assert "The next issue would carry" in editor.page_source
        assert_no_axe_violations(editor)

        preview = editor.find_element(By.LINK_TEXT, "Preview the next issue").get_attribute("href")
        editor.get(preview)
        wait_for_load(editor)
        assert headline in editor.find_element(By.TAG_NAME, "body").text, "the preview lacks the new story"
        assert not editor.find_elements(By.TAG_NAME, "script")

        editor.get(issues)
        wait_for_load(editor)
        press(editor, "Send test to me")
        assert "A test copy of the next issue is on its way" in editor.page_source
        log = pathlib.Path(os.environ["DATELINE_TEST_MAIL_LOG"])
        record = _wait_for_copy(log, "editor@dateline.test", name)
        message = email.message_from_string(record["data"], policy=email.policy.default)
        assert message.get_content_type() == "multipart/alternative"
        assert message["Subject"].startswith(f"[Test] {name}")
        assert message["List-Unsubscribe"].startswith("<http") and "/newsletters/unsubscribe/" in message[
            "List-Unsubscribe"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Id"] == f"<{slug}.127.0.0.1>"
        parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
        assert headline in parts["text/plain"]
        assert headline.replace("<", "&lt;").replace(">", "&gt;") in parts["text/html"]
        assert "<script" not in parts["text/html"].lower()
        # What the common mail clients would drop or break (email_lint.py), and what a reader with
        # pictures blocked sees: the headline, the highlights' list and the unsubscribe link as text.
        html = parts["text/html"]
        assert email_lint.errors(html) == [], "\n".join(map(str, email_lint.errors(html)))
        warnings = [f for f in email_lint.lint(html) if f.level == "warning"]
        assert warnings == [], "\n".join(map(str, warnings))
        seen = email_lint.visible_text(html)
        assert headline in seen and "Unsubscribe" in seen, seen

        press(editor, "Send the issue now to every subscriber")
        assert "The issue was made and 0 messages were queued." in editor.page_source

        for path in [f"/newsletters/{slug}/1", f"/newsletters/{slug}"]:
            editor.get(client.url(path))
            wait_for_load(editor)
            assert path_of(editor.current_url) == path
            main = editor.find_element(By.TAG_NAME, "main").text
            assert (headline in main) if path.endswith("/1") else (name in main), main
            assert_no_axe_violations(editor)
    finally:
        delete_story(editor, client, story)


def _wait_for_copy(log: pathlib.Path, recipient: str, text: str, seconds: float = 45) -> dict:
    """The first message to `recipient` whose subject mentions `text` (earlier tests mail them too)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for record in read_messages(log):
            if recipient not in record["rcpt_tos"]:
                continue
            subject = email.message_from_string(record["data"], policy=email.policy.default)["Subject"] or ""
            if text in subject:
                return record
        time.sleep(0.2)
    raise AssertionError(f"no message to {recipient} about {text!r} reached the SMTP server within {seconds:.0f} s")
