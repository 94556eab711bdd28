"""Every kind of page the reader site serves, found on the running site rather than hard-coded.

Tests for accessibility and HTML validity run over this one catalogue, so a new page type is added here once.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass
from typing import Callable

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from browser_session import activate_and_wait_for_navigation, click, wait_for_load
from site_client import SiteClient


# The story page's controls, as a reader finds them.
ENLARGE_BUTTON = "form.font-form:has(input[name=change][value=enlarge]) button"
DECREASE_BUTTON = "form.font-form:has(input[name=change][value=decrease]) button"
SAVE_BUTTON = "form.save-form button[type=submit]"
PRINT_LINK = ".story-tools a[href$='/print']"
EMAIL_LINK = ".story-tools a[href$='/email']"


@dataclass(frozen=True)
class SitePages:
    """Paths of real pages on the site under test, found by following its own links."""

    sections: list[str]
    story: str
    story_headline: str
    other_story: str
    topics: list[str]

    @property
    def section(self) -> str:
        return self.sections[0]

    @property
    def topic(self) -> str:
        return self.topics[0]

    @property
    def print_view(self) -> str:
        return self.story + "/print"


def path_of(url: str) -> str:
    return urllib.parse.urlsplit(url).path


def discover(driver: WebDriver, client: SiteClient) -> SitePages:
    """Finds a story with every part of the story page (highlights, Don't Miss, topics, Next Article)."""
    driver.get(client.url("/"))
    wait_for_load(driver)
    sections = [path_of(a.get_attribute("href")) for a in driver.find_elements(By.CSS_SELECTOR, "nav.sections a")]
    sections = [p for p in sections if p.startswith("/section/")]
    stories = []
    for link in driver.find_elements(By.CSS_SELECTOR, "main a[href*='/story/']"):
        path = path_of(link.get_attribute("href"))
        if path not in stories:
            stories.append(path)
    assert sections, "the front page links to no section (is the demo archive loaded?)"
    assert len(stories) >= 2, "the front page links to fewer than two stories (is the demo archive loaded?)"
    for story in stories:
        driver.get(client.url(story))
        wait_for_load(driver)
        parts = {
            selector: driver.find_elements(By.CSS_SELECTOR, selector)
            for selector in (".highlights li", ".dont-miss a", ".all-about a", ".next-article a", "h1")
        }
        if all(parts.values()):
            topics = [path_of(a.get_attribute("href")) for a in parts[".all-about a"]]
            other = next(s for s in stories if s != story)
            return SitePages(sections, story, parts["h1"][0].text.strip(), other, topics)
    raise AssertionError(
        "no story linked from the front page has highlights, Don't Miss, topics and a Next Article link"
    )


def require_route(client: SiteClient, path: str, what: str) -> None:
    """Fails (never skips) when a route the site serves answers 404, so a lost route cannot pass as "not built yet"."""
    status = client.get(path).status
    if status == 404:
        pytest.fail(f"{what} ({path}) answers 404, but the site serves it; was the route removed or renamed?")


def search_word(pages: SitePages) -> str:
    """A word from the chosen story's headline, so the search has at least one result."""
    words = re.findall(r"[A-Za-z]{4,}", pages.story_headline)
    assert words, f"no searchable word in the headline {pages.story_headline!r}"
    return max(words, key=len)


def _go(driver: WebDriver, client: SiteClient, path: str) -> None:
    driver.get(client.url(path))
    wait_for_load(driver)


def _saved_with_story(driver: WebDriver, client: SiteClient, pages: SitePages) -> None:
    _go(driver, client, pages.story)
    button = driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON)
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))
    _go(driver, client, "/saved")
    links = driver.find_elements(By.CSS_SELECTOR, ".saved-list a[href*='/story/']")
    saved = [path_of(a.get_attribute("href")) for a in links]
    assert pages.story in saved, f"saving {pages.story} did not list it on /saved (found {saved})"


def _search(query: str) -> Callable[[WebDriver, SiteClient, SitePages], None]:
    def open_search(driver: WebDriver, client: SiteClient, pages: SitePages) -> None:
        require_route(client, "/search?q=news", "search")
        text = query or search_word(pages)
        _go(driver, client, "/search?" + urllib.parse.urlencode({"q": text}))
        if not query:
            found = [path_of(a.get_attribute("href")) for a in driver.find_elements(By.CSS_SELECTOR, "main a")]
            assert pages.story in found, f"searching for {text!r} did not find {pages.story}"

    return open_search


def fill_email_form(driver: WebDriver, name: str, email: str, recipients: str, note: str = "") -> None:
    """Types into the E-mail to a friend form as a reader would."""
    for field, value in (("mail-name", name), ("mail-email", email), ("mail-recipients", recipients), ("mail-note", note)):
        element = driver.find_element(By.ID, field)
        element.clear()
        if value:
            element.send_keys(value)


def _email_form(driver: WebDriver, client: SiteClient, pages: SitePages) -> None:
    _go(driver, client, pages.story)
    links = driver.find_elements(By.CSS_SELECTOR, EMAIL_LINK)
    assert links, "the story page has no E-mail to a friend link (is DATELINE_SMTP_URL given to serve?)"
    activate_and_wait_for_navigation(driver, lambda: click(driver, links[0]))


def _email_form_with_errors(driver: WebDriver, client: SiteClient, pages: SitePages) -> None:
    _email_form(driver, client, pages)
    fill_email_form(driver, "", "not an address", "a@example.com, b@example.com, c@example.com, d@example.com")
    button = driver.find_element(By.CSS_SELECTOR, ".mail-form button[type=submit]")
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))
    assert driver.find_elements(By.CSS_SELECTOR, ".field-error"), "the form showed no error next to its fields"


def _email_sent(driver: WebDriver, client: SiteClient, pages: SitePages) -> None:
    _email_form(driver, client, pages)
    fill_email_form(driver, "Page Types", "pages@example.com", "axe@example.com")
    button = driver.find_element(By.CSS_SELECTOR, ".mail-form button[type=submit]")
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))
    assert path_of(driver.current_url).endswith("/email/sent"), f"sending led to {driver.current_url}"


def newsroom_credentials() -> tuple[str, str]:
    email = os.environ.get("DATELINE_TEST_NEWSROOM_EMAIL", "")
    password = os.environ.get("DATELINE_TEST_NEWSROOM_PASSWORD", "")
    assert email and password, "scripts/browser-tests creates a newsroom account; run the suite through it"
    return email, password


def sign_in(driver: WebDriver, client: SiteClient) -> None:
    """Signs in to the newsroom with the account scripts/browser-tests made."""
    email, password = newsroom_credentials()
    _go(driver, client, "/newsroom/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    button = driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))
    assert not path_of(driver.current_url).endswith("/login"), "signing in to the newsroom failed"


def _newsroom(path: str) -> Callable[[WebDriver, SiteClient, SitePages], None]:
    def open_newsroom(driver: WebDriver, client: SiteClient, pages: SitePages) -> None:
        sign_in(driver, client)
        _go(driver, client, path)

    return open_newsroom


def _newsroom_first_story(suffix: str) -> Callable[[WebDriver, SiteClient, SitePages], None]:
    def open_story(driver: WebDriver, client: SiteClient, pages: SitePages) -> None:
        sign_in(driver, client)
        _go(driver, client, "/newsroom")
        links = [
            path_of(a.get_attribute("href"))
            for a in driver.find_elements(By.CSS_SELECTOR, "main a[href*='/newsroom/stories/']")
        ]
        ids = [link for link in links if re.fullmatch(r"/newsroom/stories/\d+", link)]
        assert ids, f"the newsroom story list links to no story (found {links[:5]})"
        _go(driver, client, ids[0] + suffix)

    return open_story


# name -> how a reader gets there in the browser (cookies already cleared).
PAGE_TYPES: dict[str, Callable[[WebDriver, SiteClient, SitePages], None]] = {
    "home": lambda d, c, p: _go(d, c, "/"),
    "section": lambda d, c, p: _go(d, c, p.section),
    "topic": lambda d, c, p: _go(d, c, p.topic),
    "story": lambda d, c, p: _go(d, c, p.story),
    "print-view": lambda d, c, p: _go(d, c, p.print_view),
    "saved-empty": lambda d, c, p: _go(d, c, "/saved"),
    "saved-with-story": _saved_with_story,
    "corrections": lambda d, c, p: _go(d, c, "/corrections"),
    "search-results": _search(""),
    "search-no-results": _search("qzxvjkwplm"),
    "not-found": lambda d, c, p: _go(d, c, "/story/no-such-story-anywhere"),
    "email-form": _email_form,
    "email-form-errors": _email_form_with_errors,
    "email-sent": _email_sent,
    "newsroom-login": lambda d, c, p: _go(d, c, "/newsroom/login"),
    "newsroom-stories": _newsroom("/newsroom"),
    "newsroom-dashboard": _newsroom("/newsroom/dashboard"),
    "newsroom-new-story": _newsroom("/newsroom/stories/new"),
    "newsroom-upload": _newsroom("/newsroom/stories/upload"),
    "newsroom-edit-story": _newsroom_first_story(""),
    "newsroom-preview": _newsroom_first_story("/preview"),
    "newsroom-revisions": _newsroom_first_story("/revisions"),
    "newsroom-users": _newsroom("/newsroom/users"),
    "newsroom-tokens": _newsroom("/newsroom/tokens"),
    "newsroom-trash": _newsroom("/newsroom/trash"),
    "newsroom-sections": _newsroom("/newsroom/sections"),
    "newsroom-topics": _newsroom("/newsroom/topics"),
    "newsroom-authors": _newsroom("/newsroom/authors"),
    "newsroom-wire": _newsroom("/newsroom/wire"),
    "newsroom-sources": _newsroom("/newsroom/sources"),
    "newsroom-forgot-password": lambda d, c, p: _go(d, c, "/newsroom/password/forgot"),
    "newsroom-two-factor": _newsroom("/newsroom/account/two-factor"),
    "newsroom-account-password": _newsroom("/newsroom/account/password"),
    "newsroom-media": _newsroom("/newsroom/media"),
    "newsroom-media-search": _newsroom("/newsroom/media?q=nothing-matches"),
    "newsroom-mail": _newsroom("/newsroom/mail"),
}
