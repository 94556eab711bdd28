"""Story images in a real Chromium (issue 14): a demo story with a drawn lead picture and a figure in its
body shows the lead image under the headline, eagerly and first (fetchpriority=high), body figures lazily,
every image with width and height set so nothing moves as pictures arrive; axe finds nothing wrong; the
print view keeps the lead image; listings show thumbnails."""

from __future__ import annotations

import json

import pytest

from axe_engine import RULE_TAGS, describe, run_axe
from browser_session import wait_until
from page_types import _go

# Every <img> on the page with what the layout needs before it loads, and what the browser made of it.
_IMAGES = """
return Array.from(document.querySelectorAll('img')).map(function (img) {
  return {src: img.currentSrc || img.src, width: img.getAttribute('width'), height: img.getAttribute('height'),
          loading: img.getAttribute('loading'), priority: img.getAttribute('fetchpriority'),
          alt: img.getAttribute('alt'), complete: img.complete, natural: img.naturalWidth,
          lead: !!img.closest('.lead-image'), figure: !!img.closest('.story-figure'),
          thumb: !!img.closest('.summary-thumb')};
});
"""

# The layout shifts the page has had, as the browser counted them (not caused by the reader's input).
_SHIFTS = """
var done = arguments[arguments.length - 1];
var total = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { if (!e.hadRecentInput) { total += e.value; } });
}).observe({type: 'layout-shift', buffered: true});
setTimeout(function () { done(total); }, 300);
"""


@pytest.fixture(scope="module")
def illustrated(client) -> tuple[str, int]:
    """The reader path of a demo story with a lead image and a body figure, and its lead image id."""
    stories = json.loads(client.get("/api/v1/stories?per_page=50").text)["stories"]
    with_lead = [s for s in stories if s.get("lead_image")]
    assert with_lead, "the demo archive has no story with a lead image"
    figured = [s for s in with_lead if any("media:" in block for block in s["body"])]
    story = (figured or with_lead)[0]
    return "/story/" + story["slug"], story["lead_image"]


def test_story_page_with_images_has_no_violations_and_no_layout_shift(reader, client, illustrated):
    path, lead_id = illustrated
    _go(reader, client, path)
    images = reader.execute_script(_IMAGES)
    leads = [i for i in images if i["lead"]]
    assert len(leads) == 1, f"expected one lead image on {path}, found {images}"
    lead = leads[0]
    assert f"/media/{lead_id}-" in lead["src"]
    assert lead["priority"] == "high" and lead["loading"] != "lazy", lead
    wait_until(reader, lambda d: d.execute_script(_IMAGES)[images.index(lead)]["natural"] > 0, "the lead image never loaded")
    for image in images:
        assert image["width"] and image["height"], f"an image without width/height (layout shift): {image}"
        assert image["alt"] is not None, f"an image without alt: {image}"
    for image in images:
        if image["figure"]:
            assert image["loading"] == "lazy", image
    shift = reader.execute_async_script(_SHIFTS)
    assert shift < 0.01, f"the story page shifted by {shift} while its images loaded"
    result = run_axe(reader, RULE_TAGS)
    assert result["passes"] > 0
    assert not result["violations"], (
        f"axe-core found violations on a story page with images ({reader.current_url}):\n"
        f"{describe(result['violations'])}"
    )


def test_print_view_keeps_the_lead_image(reader, client, illustrated):
    path, lead_id = illustrated
    _go(reader, client, path + "/print")
    images = reader.execute_script(_IMAGES)
    assert any(i["lead"] and f"/media/{lead_id}-" in i["src"] for i in images), images
    assert "media:" not in reader.find_element("tag name", "main").text


def test_front_page_thumbnails_are_small_lazy_and_sized(reader, client):
    _go(reader, client, "/")
    thumbs = [i for i in reader.execute_script(_IMAGES) if i["thumb"]]
    assert thumbs, "the front page shows no thumbnail"
    for thumb in thumbs:
        assert thumb["loading"] == "lazy" and thumb["width"] and thumb["height"], thumb
    result = run_axe(reader, RULE_TAGS)
    assert not result["violations"], describe(result["violations"])
