"""Search forgives typos: misspellings made here from the demo stories' own headline words still find
the story on the first page of results (directly, or through "Showing stories for …"), and the search box
suggests words as the reader types when JavaScript is on."""

from __future__ import annotations

import json
import re
import urllib.parse

from selenium.webdriver.common.by import By

from browser_session import wait_for_load, wait_until

# The share of misspelled searches whose story must be on the first page. Measured on the demo archive
# when this was written: see the printed figure (README "Figures").
REQUIRED_SHARE = 0.9


def all_stories(client) -> list[dict]:
    stories, path = [], "/api/v1/stories?per_page=100"
    while path:
        answer = json.loads(client.get(path).text)
        stories += answer["stories"]
        path = answer.get("next")
    return stories


def misspellings(word: str) -> list[str]:
    """Three typical slips, placed by the word's letters so every run makes the same set: a letter left
    out, two neighbours swapped, and one letter hit as its neighbour on the keyboard."""
    keyboard = "qwertyuiopasdfghjklzxcvbnm"
    n = len(word)
    left_out = word[: n // 2] + word[n // 2 + 1 :]
    i = max(1, n // 3)
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    j = (2 * n) // 3
    letter = word[j].lower()
    neighbour = keyboard[(keyboard.index(letter) + 1) % len(keyboard)] if letter in keyboard else letter
    hit = word[:j] + neighbour + word[j + 1 :]
    return [m for m in (left_out, swapped, hit) if m.lower() != word.lower()]


def test_misspelled_headline_words_still_find_their_story(client):
    stories = all_stories(client)
    assert len(stories) >= 10, f"the demo archive has only {len(stories)} stories"
    tried, found, missed = 0, 0, []
    for story in stories:
        words = [w for w in re.findall(r"[^\W\d_]{6,}", story["headline"])]
        if not words:
            continue
        word = max(words, key=len)
        path = urllib.parse.urlsplit(story["url"]).path
        for typo in misspellings(word):
            tried += 1
            page = client.get("/search?q=" + urllib.parse.quote(typo)).text
            results = page.split('class="story-list search-results"', 1)
            if len(results) == 2 and f'href="{path}"' in results[1]:
                found += 1
            else:
                missed.append(f"{typo!r} (for {word!r}) did not find {path}")
    share = found / tried
    print(f"\ntypo search: {found} of {tried} misspelled headline words found their story on page 1 ({share:.0%})")
    assert tried >= 30
    assert share >= REQUIRED_SHARE, f"only {share:.0%} found:\n" + "\n".join(missed)


def test_the_search_box_suggests_words_as_you_type(reader, client):
    reader.get(client.url("/"))
    wait_for_load(reader)
    box = reader.find_element(By.ID, "masthead-search-text")
    box.send_keys("Lisb")
    wait_until(
        reader,
        lambda d: d.execute_script(
            "const l = document.getElementById('search-suggestions'); return l && l.options.length > 0"
        ),
        "no suggestions appeared for 'Lisb'",
    )
    offered = reader.execute_script(
        "return [...document.getElementById('search-suggestions').options].map(o => o.value)"
    )
    assert box.get_attribute("list") == "search-suggestions"
    assert "Lisbon" in offered, offered
