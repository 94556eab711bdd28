"""Pictures of the story page for people to look at (CI keeps artifacts/)."""

import base64
import struct

from browser_session import wait_for_load


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def open_story(reader, client, pages):
    reader.get(client.url(pages.story))
    wait_for_load(reader)
    reader.execute_script("return document.fonts.ready.then(function () { return true; })")


def test_story_page_screenshot(reader, client, pages, artifacts):
    open_story(reader, client, pages)
    target = artifacts / "story.png"
    assert reader.save_screenshot(str(target)), "Chromium did not take the screenshot"
    data = target.read_bytes()
    width, height = png_size(data)
    assert [width, height] == reader.execute_script("return [innerWidth, innerHeight]"), "a partial screenshot"
    # A blank page compresses to almost nothing; a rendered story page does not.
    assert len(data) > 20_000, f"{target} is only {len(data)} bytes: the page probably rendered blank"


def test_whole_story_page_screenshot(reader, client, pages, artifacts):
    """The full length of the page, down to the story tools and the footer."""
    open_story(reader, client, pages)
    height = reader.execute_script("return document.documentElement.scrollHeight")
    shot = reader.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1},
        },
    )
    data = base64.b64decode(shot["data"])
    target = artifacts / "story-full.png"
    target.write_bytes(data)
    assert png_size(data)[1] == height, "the whole-page screenshot is cut short"
