"""The development mail catcher (issue 18, item 6): a server started with --mail-catcher and no SMTP URL, as
./scripts/run starts it, keeps "E-mail to a friend" in its database; an editor reads the message at
/newsroom/mail, and both catcher pages pass axe-core."""

from __future__ import annotations

import os
import pathlib
import subprocess
import tempfile
import time

from selenium.webdriver.common.by import By

from axe_engine import RULE_TAGS, describe, run_axe
from browser_session import wait_for_load
from page_types import path_of
from site_client import SiteClient
from test_accounts import sign_in_as
from test_email import send_through_browser, wait_for_line

EDITOR = "catcher-editor@dateline.test"
PASSWORD = "a catcher passphrase"


def assert_accessible(driver) -> None:
    result = run_axe(driver, RULE_TAGS)
    assert result["passes"] > 0, f"axe-core checked no rule on {driver.current_url}"
    assert not result["violations"], (
        f"axe-core found violations on {driver.current_url}:\n{describe(result['violations'])}"
    )


def test_a_shared_story_is_caught_and_readable_in_the_newsroom(reader):
    binary = os.environ.get("DATELINE_BINARY")
    assert binary, "DATELINE_BINARY is set by scripts/browser-tests"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DATELINE_")}
    with tempfile.TemporaryDirectory(prefix="dateline-mail-catcher-") as folder:
        folder = pathlib.Path(folder)
        database = folder / "site.sqlite"
        subprocess.run(
            [binary, "users", "add", "--database", str(database), "--email", EDITOR, "--name", "Catcher Editor",
             "--role", "editor", "--bcrypt-cost", "4"],
            input=PASSWORD + "\n", text=True, check=True, capture_output=True, env=environment, timeout=120)
        server_log = folder / "serve.log"
        with open(server_log, "w") as output:
            serve = subprocess.Popen(
                [binary, "serve", "--database", str(database), "--port", "0", "--mail-catcher"],
                stdout=output, stderr=subprocess.STDOUT, env=environment)
        try:
            line = wait_for_line(server_log, "Dateline is serving", serve)
            site = SiteClient(line.rsplit(" at ", 1)[1].strip())
            assert "mail catcher on" in server_log.read_text()
            reader.get(site.url("/"))
            wait_for_load(reader)
            story = path_of(reader.find_element(By.CSS_SELECTOR, "main a[href*='/story/']").get_attribute("href"))
            reader.get(site.url(story))
            wait_for_load(reader)
            headline = reader.find_element(By.CSS_SELECTOR, "main h1").text
            friend = f"caught-{int(time.time() * 1000)}@example.net"
            send_through_browser(reader, site, story, friend, note="Caught, not sent.")

            sign_in_as(reader, site, EDITOR, PASSWORD)
            assert path_of(reader.current_url) == "/newsroom", f"signing in led to {reader.current_url}"
            # The queue hands the message to the catcher in the background; wait for it, with a deadline.
            deadline = time.monotonic() + 45
            rows = []
            while time.monotonic() < deadline:
                reader.get(site.url("/newsroom/mail"))
                wait_for_load(reader)
                rows = [row for row in reader.find_elements(By.CSS_SELECTOR, ".mail-table tbody tr") if friend in row.text]
                if rows:
                    break
                time.sleep(0.5)
            assert rows, f"no caught message to {friend} at /newsroom/mail within 45 s"
            assert "The mail catcher is on" in reader.find_element(By.CSS_SELECTOR, "main").text
            assert_accessible(reader)

            link = rows[0].find_element(By.CSS_SELECTOR, "a")
            assert "Rosa Quill sent you a story" in link.text
            reader.get(link.get_attribute("href"))
            wait_for_load(reader)
            main = reader.find_element(By.CSS_SELECTOR, "main").text
            assert friend in main
            assert "> Caught, not sent." in reader.find_element(By.CSS_SELECTOR, "pre.mail-text").text
            assert headline in main, f"the story's headline is not in the caught message:\n{main}"
            assert_accessible(reader)
        finally:
            if serve.poll() is None:
                serve.terminate()
                try:
                    serve.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    serve.kill()
