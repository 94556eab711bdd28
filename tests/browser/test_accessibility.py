"""axe-core finds no WCAG 2.1 A or AA violation (nor any best-practice one) on any page type, in a real Chromium."""

import pytest
from selenium.webdriver.common.by import By

from axe_engine import RULE_TAGS, WCAG_TAGS, describe, run_axe
from browser_session import click
from page_types import ENLARGE_BUTTON, PAGE_TYPES


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_type_has_no_wcag_violations(page_type, reader, client, pages):
    PAGE_TYPES[page_type](reader, client, pages)
    result = run_axe(reader, RULE_TAGS)
    # A run that checked nothing would also report no violations.
    assert result["passes"] > 0, f"axe-core {result['version']} checked no rule on {reader.current_url}"
    assert not result["violations"], (
        f"axe-core {result['version']} found {len(result['violations'])} violation(s) of WCAG 2.1 A/AA or best "
        f"practice on {page_type} ({reader.current_url}):\n{describe(result['violations'])}"
    )


@pytest.mark.parametrize("page_type", ["story", "home"])
def test_page_has_no_violations_with_largest_text_on_a_phone(page_type, reader, client, pages):
    """Text at the largest step on a narrow screen must still reflow without clipping or overlap."""
    reader.set_window_size(390, 844)
    try:
        PAGE_TYPES["story"](reader, client, pages)
        enlarge = reader.find_element(By.CSS_SELECTOR, ENLARGE_BUTTON)
        for _ in range(12):
            if not enlarge.is_enabled():
                break
            click(reader, enlarge)
        assert not enlarge.is_enabled(), "Enlarge never reached the largest text size"
        PAGE_TYPES[page_type](reader, client, pages)
        result = run_axe(reader, RULE_TAGS)
        assert not result["violations"], (
            f"axe-core found violations on {page_type} at the largest text size, 390px wide:\n"
            f"{describe(result['violations'])}"
        )
    finally:
        reader.set_window_size(1280, 1000)


def test_axe_reports_a_real_violation(reader, client):
    """The checks above would catch a real mistake: axe-core must flag an image without a text alternative."""
    reader.get(client.url("/"))
    reader.execute_script(
        "var img = document.createElement('img'); img.src = '/static/icons/favicon.svg';"
        "document.getElementById('main').appendChild(img);"
    )
    ids = [violation["id"] for violation in run_axe(reader, WCAG_TAGS)["violations"]]
    assert "image-alt" in ids, f"axe-core missed an image without alt text (reported {ids})"


@pytest.mark.parametrize(
    "page_type",
    [
        "story", "home", "search-results", "saved-with-story", "topic",
        "newsroom-stories", "newsroom-edit-story", "newsroom-revisions", "newsroom-media", "newsroom-upload",
    ],
)
def test_dark_screens_get_a_dark_page_with_no_violations(page_type, reader, client, pages):
    """With the system set to dark, reader and newsroom pages turn dark, and axe (colour contrast included)
    still finds nothing."""
    if page_type not in PAGE_TYPES:
        pytest.fail(f"no page type {page_type}")
    reader.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"media": "", "features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    try:
        PAGE_TYPES[page_type](reader, client, pages)
        # The ground is main's own background, or the body's where main has none (the newsroom's).
        ground = reader.execute_script(
            "const rgb = e => getComputedStyle(e).backgroundColor.match(/[\\d.]+/g).map(Number);"
            "let c = rgb(document.querySelector('main'));"
            "if (c.length === 4 && c[3] === 0) c = rgb(document.body);"
            "return (c[0] + c[1] + c[2]) / 3;"
        )
        assert ground < 64, f"the page's ground is not dark in dark mode (mean channel {ground})"
        result = run_axe(reader, RULE_TAGS)
        assert result["passes"] > 0
        assert not result["violations"], (
            f"axe-core found violations on {page_type} in dark mode:\n{describe(result['violations'])}"
        )
    finally:
        reader.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
