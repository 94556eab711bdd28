"""Every feed the pages advertise parses cleanly in feedparser and carries the same stories as its page."""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass

import feedparser
import pytest
from selenium.webdriver.common.by import By

from browser_session import wait_for_load
from page_types import path_of, require_route

FEED_TYPES = {"application/rss+xml": "rss", "application/atom+xml": "atom"}


@dataclass
class Feed:
    url: str  # as advertised
    kind: str  # "rss" or "atom"
    advertised_on: list[str]  # paths of the HTML pages that link to it
    content_type: str = ""
    status: int = 0
    parsed: feedparser.FeedParserDict | None = None

    @property
    def page(self) -> str:
        """Path of the HTML page the feed says it belongs to (RSS channel link, Atom rel=alternate)."""
        return path_of(self.parsed.feed.get("link", "")) if self.parsed else ""


def plain(text: str) -> str:
    """Text without markup, entities or runs of whitespace, for comparing a feed's text with a page's."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text or ""))).strip()


def on_this_site(url: str) -> str:
    """Path and query of a URL: the server under test knows its own address only as --public-url says."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def listing_pages(pages) -> list[str]:
    return ["/", *pages.sections, *pages.topics]


@pytest.fixture(scope="module")
def feeds(_chromium, client, pages) -> list[Feed]:
    """The feeds linked with <link rel="alternate"> from the front page, every section and the story's
    topics, each fetched and parsed once."""
    for route in ("/feeds/rss.xml", "/feeds/atom.xml"):
        require_route(client, route, "the front page's feed")
    found: dict[str, Feed] = {}
    for page in listing_pages(pages):
        _chromium.get(client.url(page))
        wait_for_load(_chromium)
        for link in _chromium.find_elements(By.CSS_SELECTOR, "head link[rel=alternate][type]"):
            kind = FEED_TYPES.get(link.get_attribute("type"))
            if kind:
                url = link.get_attribute("href")
                found.setdefault(url, Feed(url, kind, [])).advertised_on.append(page)
    for feed in found.values():
        fetched = client.get(on_this_site(feed.url))
        feed.status, feed.content_type = fetched.status, fetched.content_type
        if fetched.status == 200:
            feed.parsed = feedparser.parse(fetched.body)
    return list(found.values())


def test_every_listing_page_advertises_its_own_rss_and_atom_feeds(feeds, pages):
    for page in listing_pages(pages):
        own = sorted(feed.kind for feed in feeds if page in feed.advertised_on and feed.page == page)
        assert own == ["atom", "rss"], f"{page} advertises {own or 'none'} of its own feeds, not one RSS and one Atom"


def test_every_feed_parses_without_a_bozo_flag(feeds):
    assert feeds, "no page advertises a feed"
    problems = []
    for feed in feeds:
        # Served as plain XML, so a browser shows it styled (feed.css); readers go by the document.
        expected_type = "application/xml"
        if feed.status != 200:
            problems.append(f"{feed.url} (linked from {feed.advertised_on}) answered {feed.status}")
        elif not feed.content_type.startswith(expected_type):
            problems.append(f"{feed.url} is served as {feed.content_type!r}, not {expected_type}")
        elif feed.parsed.bozo:
            problems.append(f"feedparser flags {feed.url}: {feed.parsed.get('bozo_exception')!r}")
        elif not feed.parsed.version.startswith(feed.kind):
            problems.append(f"{feed.url} parsed as {feed.parsed.version!r}, not {feed.kind}")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def story_pages(_chromium, client):
    """Headline and highlights of a story page, read once per story."""
    cache: dict[str, tuple[str, list[str]]] = {}

    def read(path: str) -> tuple[str, list[str]]:
        if path not in cache:
            _chromium.get(client.url(path))
            wait_for_load(_chromium)
            headline = _chromium.find_element(By.CSS_SELECTOR, "h1").text.strip()
            highlights = [li.text.strip() for li in _chromium.find_elements(By.CSS_SELECTOR, ".highlights li")]
            cache[path] = (headline, highlights)
        return cache[path]

    return read


def newest_story_on(driver) -> str | None:
    """Path of the story with the latest publication time among those the page shows."""
    return driver.execute_script(
        "var best = null;"
        "document.querySelectorAll('main article').forEach(function (article) {"
        "  var time = article.querySelector('time[datetime]'), link = article.querySelector('a[href*=\"/story/\"]');"
        "  if (time && link && (!best || Date.parse(time.dateTime) > best[0]))"
        "    best = [Date.parse(time.dateTime), new URL(link.href).pathname];"
        "});"
        "return best && best[1];"
    )


def test_feed_items_match_the_stories_on_their_pages(feeds, client, reader, story_pages):
    readable = [feed for feed in feeds if feed.parsed is not None and not feed.parsed.bozo]
    assert readable, "no feed could be read"
    problems = []
    for feed in readable:
        entries = [(path_of(entry.get("link", "")), plain(entry.get("title", ""))) for entry in feed.parsed.entries]
        reader.get(client.url(feed.page))
        wait_for_load(reader)
        if feed.page == "/":
            # The front page groups stories by section, so only its newest story has a place to check:
            # it must lead the site's feed.
            newest = newest_story_on(reader)
            if not entries or entries[0][0] != newest:
                problems.append(f"{feed.url}: first item {entries[:1]}, but the newest story on / is {newest}")
        else:
            listed = [
                (path_of(a.get_attribute("href")), a.text.strip())
                for a in reader.find_elements(By.CSS_SELECTOR, ".story-list .summary-headline a")
            ]
            count = min(len(listed), len(entries))
            if count == 0:
                problems.append(f"{feed.page} lists {len(listed)} stories and {feed.url} has {len(entries)} items")
            elif entries[:count] != listed[:count]:
                problems.append(f"{feed.url}: items {entries[:count]}\n    differ from {feed.page}: {listed[:count]}")

        for entry, (path, title) in zip(feed.parsed.entries, entries):
            absolute = urllib.parse.urlsplit(entry.get("link", "")).scheme in ("http", "https")
            if not absolute or not path.startswith("/story/"):
                problems.append(f"{feed.url}: item {title!r} links to {entry.get('link')!r}, not to a story page")
                continue
            headline, highlights = story_pages(path)
            if title != headline:
                problems.append(f"{feed.url}: item title {title!r}, but the story's headline is {headline!r}")
            text = plain(" ".join([entry.get("summary", "")] + [c.get("value", "") for c in entry.get("content", [])]))
            missing = [highlight for highlight in highlights if highlight not in text]
            if missing:
                problems.append(f"{feed.url}: item {title!r} lacks the highlights {missing}")
    assert not problems, "feeds disagree with the site:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", ["/feeds/rss.xml", "/feeds/atom.xml"])
def test_a_feed_opened_in_the_browser_reads_as_a_page(path, _chromium, client, feeds):
    """Chromium shows the feed through its style sheet: the explanation, a large title and every
    story's headline, not the raw XML text (which Chromium shows for an unstyled or +xml feed)."""
    _chromium.get(client.url(path))
    wait_for_load(_chromium)
    seen = _chromium.execute_script(
        """
        const root = document.documentElement;
        const title = root.querySelector(':scope > title, channel > title');
        const items = [...root.querySelectorAll('item > title, entry > title')];
        return {
          contentType: document.contentType,
          rawText: document.body ? document.body.innerText.slice(0, 80) : '',
          explanation: getComputedStyle(root, '::before').content,
          titleSize: parseFloat(getComputedStyle(title).fontSize),
          shownItems: items.filter(e => e.getBoundingClientRect().height > 0).length,
          items: items.length,
          hiddenDescriptions: [...root.querySelectorAll('item > description, entry > content')]
            .every(e => getComputedStyle(e).display === 'none'),
        };
        """
    )
    assert seen["contentType"] == "application/xml", seen
    assert "<?xml" not in seen["rawText"], f"Chromium shows the raw XML: {seen['rawText']!r}"
    assert "feed reader" in seen["explanation"], seen["explanation"]
    assert seen["titleSize"] >= 24, f"the feed's title is {seen['titleSize']} px"
    assert seen["items"] > 0 and seen["shownItems"] == seen["items"], seen
    assert seen["hiddenDescriptions"], "escaped HTML of the entries shows as text"
