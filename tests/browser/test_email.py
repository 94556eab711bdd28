"""E-mail to a friend, end to end: a reader fills the form in Chromium and the message reaches a real SMTP
server (aiosmtpd); a message accepted while the SMTP server is down is delivered once it comes back."""

from __future__ import annotations

import json
import os
import pathlib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

import pytest
from selenium.webdriver.common.by import By

from browser_session import activate_and_wait_for_navigation, click, wait_for_load
from page_types import EMAIL_LINK, fill_email_form, path_of
from site_client import SiteClient

ROOT = pathlib.Path(__file__).resolve().parents[2]


def read_messages(log: pathlib.Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def wait_for_message(log: pathlib.Path, recipient: str, seconds: float = 45) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in read_messages(log):
            if recipient in message["rcpt_tos"]:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no message to {recipient} reached the SMTP server within {seconds:.0f} s")


def send_through_browser(driver, client: SiteClient, story: str, recipients: str, note: str = "") -> None:
    driver.get(client.url(story))
    wait_for_load(driver)
    activate_and_wait_for_navigation(driver, lambda: click(driver, driver.find_element(By.CSS_SELECTOR, EMAIL_LINK)))
    fill_email_form(driver, "Rosa Quill", "rosa@example.com", recipients, note)
    button = driver.find_element(By.CSS_SELECTOR, ".mail-form button[type=submit]")
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))
    assert path_of(driver.current_url) == story + "/email/sent", f"sending led to {driver.current_url}"
    assert "on its way" in driver.find_element(By.CSS_SELECTOR, "main").text


def test_a_reader_sends_a_story_and_it_arrives(any_reader, client, pages):
    log = pathlib.Path(os.environ["DATELINE_TEST_MAIL_LOG"])
    friend = f"friend-{int(time.time() * 1000)}@example.net"
    send_through_browser(any_reader, client, pages.story, friend, note="Read this one.")
    message = wait_for_message(log, friend)
    parsed = message["parsed"]
    assert message["mail_from"] == "news@dateline.test", "the envelope sender must be the site's own address"
    assert parsed["from"] == [{"name": "Dateline", "address": "news@dateline.test"}]
    assert parsed["to"] == [{"name": "", "address": friend}]
    assert parsed["headers"]["Reply-To"] == ["Rosa Quill <rosa@example.com>"]
    assert parsed["headers"]["Subject"] == [f"Rosa Quill sent you a story: {pages.story_headline}"]
    assert not parsed["defects"], parsed["defects"]
    body = parsed["body"]
    assert pages.story_headline in body
    assert client.url(pages.story) in body.replace("=\n", "")
    assert "> Read this one." in body
    assert "Story Highlights" in body


def test_header_injection_is_refused_next_to_the_field(reader, client, pages):
    log = pathlib.Path(os.environ["DATELINE_TEST_MAIL_LOG"])
    before = len(read_messages(log))
    reader.get(client.url(pages.story + "/email"))
    wait_for_load(reader)
    # A browser's text field cannot hold a line break, so set the value as a forged form would.
    fill_email_form(reader, "x", "rosa@example.com", "victim@example.net")
    reader.execute_script(
        "document.getElementById('mail-name').value = 'Rosa\\r\\nBcc: victim@example.org';"
        "document.getElementById('mail-recipients').value = 'victim@example.net\\r\\nBcc: other@example.org';"
    )
    button = reader.find_element(By.CSS_SELECTOR, ".mail-form button[type=submit]")
    activate_and_wait_for_navigation(reader, lambda: click(reader, button))
    errors = [e.text for e in reader.find_elements(By.CSS_SELECTOR, ".field-error")]
    assert len(errors) == 2, f"expected errors by the name and recipients fields, got {errors}"
    time.sleep(1.5)
    assert len(read_messages(log)) == before, "a refused form still sent mail"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_line(path: pathlib.Path, prefix: str, process: subprocess.Popen, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            for line in path.read_text().splitlines():
                if line.startswith(prefix):
                    return line
        if process.poll() is not None:
            raise AssertionError(f"process exited early:\n{path.read_text() if path.exists() else ''}")
        time.sleep(0.1)
    raise AssertionError(f"no line starting {prefix!r} in {path} within {seconds:.0f} s")


def test_mail_survives_the_smtp_server_being_down(reader):
    """The site takes the form while nothing listens on the SMTP port; the message waits in the database,
    is retried, and arrives once a server starts on that port."""
    binary = os.environ.get("DATELINE_BINARY")
    assert binary, "DATELINE_BINARY is set by scripts/browser-tests"
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="dateline-mail-down-") as folder:
        folder = pathlib.Path(folder)
        database = folder / "site.sqlite"
        server_log = folder / "serve.log"
        with open(server_log, "w") as output:
            serve = subprocess.Popen(
                [binary, "serve", "--database", str(database), "--port", "0",
                 "--smtp-url", f"smtp://127.0.0.1:{port}?from=news@dateline.test", "--mail-retry-delay", "1"],
                stdout=output, stderr=subprocess.STDOUT)
        smtp = None
        try:
            line = wait_for_line(server_log, "Dateline is serving", serve)
            site = SiteClient(line.rsplit(" at ", 1)[1].strip())
            reader.get(site.url("/"))
            wait_for_load(reader)
            story = path_of(reader.find_element(By.CSS_SELECTOR, "main a[href*='/story/']").get_attribute("href"))
            friend = "patient-friend@example.net"
            send_through_browser(reader, site, story, friend)

            # Nothing listens yet: the message must be waiting in the outbox with a failed attempt.
            deadline = time.monotonic() + 30
            row = None
            while time.monotonic() < deadline:
                with sqlite3.connect(database) as db:
                    row = db.execute("SELECT state, attempts, last_error FROM mail_outbox").fetchone()
                if row and row[1] >= 1 and row[2]:
                    break
                time.sleep(0.2)
            assert row is not None and row[0] == "pending" and row[1] >= 1 and row[2], f"outbox row: {row}"

            mail_log = folder / "mail.jsonl"
            smtp = subprocess.Popen(
                [sys.executable, str(ROOT / "scripts" / "smtp-test-server"), "--output", str(mail_log),
                 "--port", str(port), "--parent-pid", str(os.getpid()), "--lifetime", "300"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            assert smtp.stdout.readline().strip() == str(port), "the SMTP server did not start on the chosen port"
            message = wait_for_message(mail_log, friend, seconds=60)
            assert message["parsed"]["to"] == [{"name": "", "address": friend}]
            with sqlite3.connect(database) as db:
                states = db.execute("SELECT state FROM mail_outbox").fetchall()
            assert states == [("sent",)], f"outbox after delivery: {states}"
        finally:
            for process in (serve, smtp):
                if process is not None and process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()
