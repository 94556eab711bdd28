"""Upload a page with its picture (issue 14, item 6): a writer uploads a saved HTML page and ticks
"Also bring in the page's lead picture"; the picture the page names is fetched from a web server
(here a real one on loopback, which the test server is allowed to reach with
--fetch-private-addresses) into the media library with the page's caption, credit and alt text, and
becomes the draft's lead image. The draft goes to the trash at the end, as the desk tests do."""

from __future__ import annotations

import http.server
import io
import re
import threading
import uuid

import pytest
from PIL import Image
from selenium.webdriver.common.by import By

from browser_session import activate_and_wait_for_navigation, click, reset
from page_types import _go, path_of, sign_in
from test_newsroom_desk import delete_story


def _photo() -> bytes:
    picture = Image.new("RGB", (960, 640), (30, 90, 140))
    for x in range(480, 960):
        for y in range(0, 640, 4):
            picture.putpixel((x, y), (220, 200, 60))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture
def picture_server():
    """A web server on loopback with one photo; yields (base address, list of paths asked for)."""
    photo = _photo()
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            asked.append(self.path)
            if self.path != "/photos/pier.jpg":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(photo)))
            self.end_headers()
            self.wfile.write(photo)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def _page(headline: str, image: str) -> str:
    return f"""<!DOCTYPE html><html><head><title>{headline}</title></head><body>
<nav>Home | World | Decrease font | Enlarge font</nav>
<article><h1>{headline}</h1>
<figure><img src="{image}" alt="The rebuilt pier at low tide, with fishing boats alongside">
<figcaption>The pier on its first morning back in use. <span class="photo-credit">Ann Arden/Harbour News</span></figcaption></figure>
<p>KILMORY, Norland (HN) -- The town's pier reopened on Monday after eleven months of repairs, and the first
fishing boats tied up alongside it before dawn, their crews cheered by a small crowd on the quay.</p>
<p>The council spent four million crowns on new piles and decking after winter storms tore away a third of the
old structure, the harbour master said, and the work finished a month ahead of the date first given.</p>
<p>Skippers said the reopening would save them a two-hour detour to the mainland to land their catch.</p>
</article><footer>E-mail to a friend | Print</footer></body></html>"""


def test_an_uploaded_page_keeps_its_picture_as_the_lead_image(_chromium, client, picture_server, tmp_path, artifacts):
    base, asked = picture_server
    driver = _chromium
    reset(driver)
    sign_in(driver, client)
    headline = f"Kilmory pier reopens {uuid.uuid4().hex[:6]}"
    page = tmp_path / "pier.html"
    page.write_text(_page(headline, f"{base}/photos/pier.jpg"), encoding="utf-8")

    _go(driver, client, "/newsroom/stories/upload")
    box = driver.find_element(By.ID, "picture")
    assert not box.is_selected(), "fetching the page's picture must be asked for, not the default"
    driver.find_element(By.ID, "page").send_keys(str(page))
    click(driver, box)
    button = driver.find_element(By.CSS_SELECTOR, "main form.upload-form button[type=submit]")
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))

    path = path_of(driver.current_url)
    assert re.fullmatch(r"/newsroom/stories/\d+", path), f"the upload led to {driver.current_url}"
    source = driver.page_source
    assert "with the page's picture as its lead image" in source, "no notice that the picture came in"
    assert "/photos/pier.jpg" in asked, f"the picture was not fetched; the server was asked for {asked}"
    # The editor names the lead image by its alt text, taken from the page.
    assert "Now: The rebuilt pier at low tide" in source, "the draft's lead image is not the page's picture"
    assert "From the uploaded page" in source, "the activity log does not say where the story came from"
    driver.save_screenshot(str(artifacts / "upload-with-picture.png"))

    # The library holds it with the page's words.
    _go(driver, client, "/newsroom/media?q=pier.jpg")
    library = driver.page_source
    assert "Ann Arden/Harbour News" in library, "the page's credit was not kept"
    delete_story(driver, client, path)
