"""Newsletters end to end (issue 18, items 1-2): an editor adds a list on /newsroom/newsletters; a
reader with JavaScript off subscribes from the front page's footer form; the one confirmation
mail reaches a real SMTP server (aiosmtpd); opening its link and pressing the button subscribes;
the preference page shows the list; an RFC 8058 one-click POST (no cookie, no form token)
unsubscribes. axe-core finds no violation on the newsroom page or the reader pages on the way
(checked in the editor's browser, since axe needs script).
The list stays (its name is unique to the run)."""

from __future__ import annotations

import os
import pathlib
import urllib.request
import uuid

from selenium.webdriver.common.by import By

from axe_engine import RULE_TAGS, describe, run_axe
from browser_session import activate_and_wait_for_navigation, click, reset, wait_for_load
from page_types import _go, path_of, sign_in
from test_email import wait_for_message


def assert_no_axe_violations(driver) -> None:
    result = run_axe(driver, RULE_TAGS)
    assert result["passes"] > 0, f"axe-core checked no rule on {driver.current_url}"
    assert not result["violations"], (
        f"axe-core found violations on {driver.current_url}:\n{describe(result['violations'])}"
    )


def press(driver, label: str) -> None:
    button = driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))


def test_a_reader_subscribes_confirms_and_unsubscribes_with_one_click(_chromium, reader_without_script, client):
    run = uuid.uuid4().hex[:6]
    name = f"Harbour Briefing {run}"
    slug = f"harbour-briefing-{run}"

    editor = _chromium
    reset(editor)
    sign_in(editor, client)
    _go(editor, client, "/newsroom/newsletters")
    form = editor.find_element(By.ID, "newsletter-new")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "description").send_keys("The harbour's news each morning.")
    form.find_element(By.NAME, "from_address").send_keys("briefing@dateline.test")
    press(editor, "Add newsletter")
    assert "Newsletter added." in editor.page_source, "no confirmation after adding the newsletter"
    assert_no_axe_violations(editor)

    reader = reader_without_script
    reader.delete_all_cookies()
    address = f"reader-{run}@example.net"
    # The reader's browser may still hold the front page from an earlier test (it may keep it a
    # minute: max-age=60), from before any list existed; a real reader sees the form within that
    # minute, this one starts from an empty browser cache.
    reader.execute_cdp_cmd("Network.clearBrowserCache", {})
    _go(reader, client, "/")
    reader.find_element(By.ID, "signup-email").send_keys(address)
    activate_and_wait_for_navigation(
        reader, lambda: click(reader, reader.find_element(By.CSS_SELECTOR, ".newsletter-signup button"))
    )
    assert path_of(reader.current_url) == "/newsletters", reader.current_url
    box = reader.find_element(By.ID, f"newsletter-{slug}")
    assert box.is_selected(), "the front page's list is ticked when coming from the front page"
    assert reader.find_element(By.ID, "newsletter-email").get_attribute("value") == address
    press(reader, "Subscribe")
    assert path_of(reader.current_url) == "/newsletters/check-email", reader.current_url

    log = pathlib.Path(os.environ["DATELINE_TEST_MAIL_LOG"])
    message = wait_for_message(log, address)
    parsed = message["parsed"]
    assert [sender["address"] for sender in parsed["from"]] == ["briefing@dateline.test"]
    assert not parsed["defects"], parsed["defects"]
    body = parsed["body"].replace("=\n", "")
    links = [line.strip() for line in body.splitlines() if "/newsletters/confirm/" in line]
    assert len(links) == 1, body
    # axe needs script, so the pages are checked in the editor's browser (opening a link changes nothing).
    for path in ["/newsletters", "/newsletters/check-email", links[0]]:
        editor.get(client.url(path))
        wait_for_load(editor)
        assert_no_axe_violations(editor)
    reader.get(links[0])
    wait_for_load(reader)
    press(reader, "Confirm my subscription")
    assert "You are subscribed" in reader.find_element(By.TAG_NAME, "main").text

    settings = reader.find_element(By.LINK_TEXT, "Your newsletter settings").get_attribute("href")
    reader.get(settings)
    wait_for_load(reader)
    assert reader.find_element(By.ID, f"newsletter-{slug}").is_selected()
    editor.get(settings)
    wait_for_load(editor)
    assert_no_axe_violations(editor)

    # RFC 8058: the mail client posts "List-Unsubscribe=One-Click" with no cookie and no form token.
    one_click = settings.replace("/newsletters/preferences/", "/newsletters/unsubscribe/") + f"?list={slug}"
    request = urllib.request.Request(
        one_click,
        data=b"List-Unsubscribe=One-Click",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        assert response.status == 200
        assert "You are unsubscribed" in response.read().decode("utf-8")
    reader.get(settings)
    wait_for_load(reader)
    assert not reader.find_element(By.ID, f"newsletter-{slug}").is_selected()

