"""Loads a story page with a lead photo in throttled headless Chromium, against the same page with the
original photo in a plain <img>, and prints their Largest Contentful Paint, Cumulative Layout Shift and
bytes side by side. Run by bench/pageweight/run, which starts the server and stores the photo."""

from __future__ import annotations

import argparse
import http.server
import json
import re
import shutil
import statistics
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "browser"))
from browser_session import start_chromium  # noqa: E402

# Lighthouse's mobile profile ("slow 4G" and a mid-range phone).
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_638_400 / 8, "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
SCREEN = {"width": 412, "height": 823, "deviceScaleFactor": 1.75, "mobile": True}

# Collects LCP and CLS from the page's own performance timeline; read once the page has settled.
OBSERVE = """
window.__bench = {lcp: 0, lcpElement: '', cls: 0};
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    window.__bench.lcp = entry.startTime;
    window.__bench.lcpElement = entry.element ? entry.element.tagName + (entry.url ? ' ' + entry.url : '') : '';
  }
}).observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(list => {
  // Every shift counts: nothing here is user input, and Chrome marks shifts soon after the phone
  // emulation's viewport change as "after input", which would hide them.
  for (const entry of list.getEntries()) window.__bench.cls += entry.value;
}).observe({type: 'layout-shift', buffered: true});
"""


def request(url: str, *, method: str = "GET", token: str | None = None, body: dict | None = None,
            headers: dict | None = None) -> tuple[dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.loads(response.read() or b"{}"), dict(response.headers)


def give_lead_photo(base: str, token: str, media: int) -> str:
    """Sets the newest story's lead image through the Admin API; returns the story page's path."""
    listing, _ = request(f"{base}/api/v1/stories")
    items = listing.get("stories") or listing.get("items") or listing.get("data") or []
    story_id = items[0]["id"]
    story, headers = request(f"{base}/api/v1/admin/stories/{story_id}", token=token)
    etag = headers.get("ETag") or headers.get("Etag")
    update = {
        "headline": story["headline"],
        "section": story["section"]["name"] if isinstance(story["section"], dict) else story["section"],
        "dateline": story["dateline"],
        "body": story["body"],
        "highlights": story["highlights"],
        "topics": [t["name"] if isinstance(t, dict) else t for t in story["topics"]],
        "lead_image": media,
    }
    if "byline" in story:
        update["byline"] = story["byline"]
    if "authors" in story:
        update.pop("byline", None)
        update["authors"] = [a["id"] for a in story["authors"]]
    updated, _ = request(f"{base}/api/v1/admin/stories/{story_id}", method="PUT", token=token, body=update,
                         headers={"If-Match": etag})
    if updated.get("lead_image") != media:
        raise SystemExit(f"pageweight: the story did not take lead image {media}: {updated.get('lead_image')!r}")
    return "/" + updated["url"].split("/", 3)[3]


def naive_copy(base: str, path: str, photo: Path, folder: Path) -> str:
    """The same page, its lead <picture> swapped for the original file in an <img>."""
    with urllib.request.urlopen(base + path, timeout=30) as response:
        html = response.read().decode()
    pictures = list(re.finditer(r"<picture\b.*?</picture>", html, flags=re.S))
    lead = next((m for m in pictures if 'fetchpriority="high"' in m.group(0)), None)
    if lead is None:
        raise SystemExit("pageweight: the story page has no lead <picture> with fetchpriority=high")
    alt = re.search(r'alt="([^"]*)"', lead.group(0))
    plain = f'<img src="/bench-original{photo.suffix.lower()}" alt="{alt.group(1) if alt else ""}">'
    html = html[: lead.start()] + plain + html[lead.end():]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench-naive.html").write_text(html)
    shutil.copyfile(photo, folder / f"bench-original{photo.suffix.lower()}")
    return "/bench-naive.html"


def serve_beside(base: str, folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serves the naive copy and the original photo, and passes every other request to Dateline, so
    both pages load their style sheets, scripts and icons the same way, from one origin each."""

    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # the bench prints its own table
            pass

        def do_GET(self):  # noqa: N802 - the name http.server calls
            local = folder / self.path.lstrip("/").split("?")[0]
            if self.path.startswith("/bench-") and local.is_file():
                body = local.read_bytes()
                kind = "text/html; charset=utf-8" if local.suffix == ".html" else "image/jpeg"
                status, headers = 200, {"Content-Type": kind}
            else:
                try:
                    with urllib.request.urlopen(base + self.path, timeout=30) as upstream:
                        status, body = upstream.status, upstream.read()
                        headers = {k: v for k, v in upstream.headers.items()
                                   if k.lower() in ("content-type", "cache-control", "etag")}
                except urllib.error.HTTPError as error:
                    status, body, headers = error.code, error.read(), {"Content-Type": "text/plain"}
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def load(url: str) -> dict:
    """One cold, throttled load; returns LCP (ms), CLS, bytes over the wire (all and images)."""
    driver = start_chromium()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", NETWORK)
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", SCREEN)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})
        driver.get(url)
        # Let late images and shifts arrive, then read what the page recorded.
        driver.execute_async_script("const done = arguments[0]; setTimeout(done, 3000);")
        observed = driver.execute_script("return window.__bench")
        entries = driver.execute_script(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".map(e => [e.name, e.initiatorType, e.encodedBodySize, e.transferSize])")
        total = image = 0
        for name, initiator, encoded, transfer in entries:
            size = max(encoded or 0, transfer or 0)
            total += size
            if initiator == "img" or re.search(r"\.(avif|webp|jpe?g|png|gif|heic)(\?|$)", name, re.I):
                image += size
        return {"lcp": observed["lcp"], "element": observed["lcpElement"], "cls": observed["cls"], "bytes": total,
                "image": image}
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--media", type=int, required=True)
    parser.add_argument("--photo", type=Path, required=True)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()

    path = give_lead_photo(args.base, args.token, args.media)
    folder = args.work / "naive"
    naive_path = naive_copy(args.base, path, args.photo, folder)
    server, naive_base = serve_beside(args.base, folder)
    try:
        variants = {
            "Dateline (renditions)": args.base + path,
            "original photo in <img>": naive_base + naive_path,
        }
        results: dict[str, list[dict]] = {name: [] for name in variants}
        for _ in range(args.loads):
            for name, url in variants.items():
                results[name].append(load(url))
    finally:
        server.shutdown()

    def median(name: str, key: str) -> float:
        return statistics.median(run[key] for run in results[name])

    names = list(variants)
    print(f"Story page {path} with lead photo {args.photo.name} ({args.photo.stat().st_size:,} bytes);")
    print(f"{args.loads} cold loads each, slow 4G (150 ms, 1.6 Mbit/s), CPU 4x slower, 412x823 @1.75x; medians.")
    print()
    print(f"| {'measure':<26} | {names[0]:>22} | {names[1]:>24} | {'ratio (b/a)':>11} |")
    print(f"|{'-' * 28}|{'-' * 24}:|{'-' * 26}:|{'-' * 13}:|")
    for key, label, unit in (("lcp", "Largest Contentful Paint", "ms"), ("cls", "Cumulative Layout Shift", ""),
                             ("bytes", "bytes transferred", "B"), ("image", "image bytes", "B")):
        a, b = median(names[0], key), median(names[1], key)
        ratio = f"{b / a:.2f}x" if a else "-"
        fmt = (lambda v: f"{v:.4f}") if key == "cls" else (lambda v: f"{v:,.0f} {unit}".strip())
        print(f"| {label:<26} | {fmt(a):>22} | {fmt(b):>24} | {ratio:>11} |")
    print()
    for name in names:
        print(f"LCP element, {name}: {results[name][0]['element'] or '(none)'}")


if __name__ == "__main__":
    main()
