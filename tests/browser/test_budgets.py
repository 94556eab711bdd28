"""Page budgets: every reader page type, loaded at phone size with the network and CPU throttled through
the Chrome DevTools Protocol (Lighthouse's mobile profile), must keep to:

- Cumulative Layout Shift at most 0.001,
- at most 50 KB of JavaScript and 30 KB of CSS, gzip-compressed,
- no request to any host but the site's own,
- no axe violation.

Largest Contentful Paint is measured and printed beside them (budget 2.5 s) but does not fail the run: it
is a wall-clock time, and the suite never asserts on wall-clock time on a shared machine. The table is
printed at the end and written to artifacts/budgets.md. A drill shows the check is live: a test-only
script that pushes the page down after it has painted must fail the CLS budget."""

from __future__ import annotations

import gzip
import sys
import urllib.parse
from pathlib import Path

import pytest

from axe_engine import RULE_TAGS, describe, run_axe
from page_types import PAGE_TYPES

NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_638_400 / 8, "uploadThroughput": 750_000 / 8}
PHONE = {"width": 412, "height": 823, "deviceScaleFactor": 1.75, "mobile": True}
CLS_BUDGET = 0.001
LCP_BUDGET_MS = 2500
JS_BUDGET = 50 * 1024
CSS_BUDGET = 30 * 1024

READER_PAGES = [name for name in PAGE_TYPES if not name.startswith("newsroom-")]

OBSERVE = """
window.__budget = {lcp: 0, cls: 0, shifted: []};
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__budget.lcp = e.startTime; })
  .observe({type: 'largest-contentful-paint', buffered: true});
// Every shift counts: nothing here is user input, and Chrome marks shifts soon after the phone
// emulation's viewport change as "after input", which would hide them.
new PerformanceObserver(l => {
  for (const e of l.getEntries()) {
    window.__budget.cls += e.value;
    for (const s of e.sources || []) {
      const n = s.node;
      window.__budget.shifted.push(n ? (n.nodeName + (n.className ? '.' + n.className : '') + ' ' + (n.textContent || '').trim().slice(0, 40)) : '?');
    }
  }
})
  .observe({type: 'layout-shift', buffered: true});
"""

# The drill's test-only switch: once the page has painted, a banner appears above everything.
LATE_BANNER = """
addEventListener('load', () => setTimeout(() => {
  // Well after load (Chrome leaves out shifts within half a second of a viewport change, which the
  // phone emulation is), with scroll anchoring off so the browser cannot hide the shift by scrolling.
  document.documentElement.style.overflowAnchor = 'none';
  const banner = document.createElement('div');
  banner.id = 'late-banner';
  banner.style.height = '120px';
  banner.textContent = 'A late banner';
  document.querySelector('main').prepend(banner);
}, 800));
"""

_table: list[tuple[str, dict]] = []
_compressed: dict[str, int] = {}


def compressed_size(client, url: str) -> int:
    if url not in _compressed:
        _compressed[url] = len(gzip.compress(client.get(url).body, compresslevel=6))
    return _compressed[url]


def measure(driver, client, pages, page_type: str, extra_script: str | None = None) -> dict:
    scripts = []
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", NETWORK)
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        for source in [OBSERVE] + ([extra_script] if extra_script else []):
            scripts.append(driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source}))
        PAGE_TYPES[page_type](driver, client, pages)
        driver.execute_async_script("const done = arguments[0]; setTimeout(done, 2000);")
        seen = driver.execute_script("return window.__budget")
        seen["banner"] = driver.execute_script("return !!document.getElementById('late-banner')")
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => [e.name, e.initiatorType])"
        )
    finally:
        for script in scripts:
            driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    site = urllib.parse.urlsplit(client.base_url)[:2]
    foreign = sorted({name for name, _ in resources if urllib.parse.urlsplit(name)[:2] != site
                      and not name.startswith("data:")})
    js = sorted({name for name, kind in resources if kind == "script" or name.split("?")[0].endswith(".js")})
    css = sorted({name for name, kind in resources if name.split("?")[0].endswith(".css")})
    return {
        "cls": seen["cls"] if seen else None,
        "lcp": seen["lcp"] if seen else None,
        "js": sum(compressed_size(client, u) for u in js if u not in foreign),
        "css": sum(compressed_size(client, u) for u in css if u not in foreign),
        "foreign": foreign,
        "banner": seen.get("banner") if seen else False,
        "shifted": seen.get("shifted", []) if seen else [],
    }


@pytest.fixture(scope="module", autouse=True)
def budget_table():
    yield
    if not _table:
        return
    lines = [
        "| page type | CLS (≤ 0.001) | LCP ms (2500, not gated) | JS gz KB (≤ 50) | CSS gz KB (≤ 30) | other hosts |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, figures in _table:
        lines.append(
            f"| {name} | {figures['cls']:.4f} | {figures['lcp']:.0f} | {figures['js'] / 1024:.1f} "
            f"| {figures['css'] / 1024:.1f} | {len(figures['foreign'])} |"
        )
    text = "\n".join(lines)
    artifacts = Path(__file__).resolve().parents[2] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "budgets.md").write_text(text + "\n")
    print("\n\nPage budgets at 412x823, slow 4G, CPU 4x slower:\n" + text, file=sys.__stdout__)


@pytest.mark.parametrize("page_type", READER_PAGES)
def test_page_type_keeps_to_its_budgets(page_type, reader, client, pages):
    figures = measure(reader, client, pages, page_type)
    assert figures["cls"] is not None, f"{page_type}: the page recorded no layout-shift figures"
    _table.append((page_type, figures))
    problems = []
    if figures["cls"] > CLS_BUDGET:
        problems.append(f"CLS {figures['cls']:.4f} > {CLS_BUDGET} (moved: {figures['shifted']})")
    if figures["js"] > JS_BUDGET:
        problems.append(f"JavaScript {figures['js']} B gzip > {JS_BUDGET}")
    if figures["css"] > CSS_BUDGET:
        problems.append(f"CSS {figures['css']} B gzip > {CSS_BUDGET}")
    if figures["foreign"]:
        problems.append(f"requests to other hosts: {figures['foreign']}")
    result = run_axe(reader, RULE_TAGS)
    if result["violations"]:
        problems.append("axe: " + describe(result["violations"]))
    assert not problems, f"{page_type} breaks its budgets: " + "; ".join(problems)


def test_the_budget_check_catches_a_late_layout_shift(reader, client, pages):
    figures = measure(reader, client, pages, "story", extra_script=LATE_BANNER)
    assert figures["banner"], "the drill's banner never appeared"
    assert figures["cls"] > CLS_BUDGET, f"a late 120 px banner gave CLS {figures['cls']}: the check is not live"
