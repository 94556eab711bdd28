"""Plain HTTP access to the running site, for what a browser would hide: raw HTML and feeds."""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class Fetched:
    """One HTTP response, read in full."""

    url: str
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class SiteClient:
    """Fetches pages of the site under test (never any other host), optionally with a browser's cookies."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._origin = urllib.parse.urlsplit(self.base_url)[:2]

    def url(self, path_or_url: str) -> str:
        return urllib.parse.urljoin(self.base_url + "/", path_or_url)

    def get(self, path_or_url: str, cookies: list[dict] | None = None, timeout: float = 20) -> Fetched:
        url = self.url(path_or_url)
        if urllib.parse.urlsplit(url)[:2] != self._origin:
            raise AssertionError(f"refusing to fetch {url}: it is not on the site under test ({self.base_url})")
        request = urllib.request.Request(url)
        if cookies:
            request.add_header("Cookie", "; ".join(f"{c['name']}={c['value']}" for c in cookies))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Fetched(url, response.status, response.headers.get("Content-Type", ""), response.read())
        except urllib.error.HTTPError as error:
            return Fetched(url, error.code, error.headers.get("Content-Type", ""), error.read())


def base_url_from_environment() -> str:
    """The address scripts/browser-tests started the server on."""
    url = os.environ.get("DATELINE_BASE_URL", "").strip()
    if not url:
        raise RuntimeError(
            "DATELINE_BASE_URL is not set: run the suite with scripts/browser-tests, which starts "
            "`dateline serve` and sets it, or set it to a running Dateline site such as http://127.0.0.1:8080"
        )
    return url.rstrip("/")
