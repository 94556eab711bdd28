"""Runs axe-core inside the page Selenium is showing.

The axe-core used is the current one bundled with PyPI's axe-playwright-python; its file is injected with
execute_script, so no Playwright browser is involved (axe-selenium-python bundles a 2018 axe-core).
"""

from __future__ import annotations

import functools
import importlib.util
import pathlib

from selenium.webdriver.remote.webdriver import WebDriver

# WCAG 2.1 level A and AA, the standard the reader site promises, plus axe's best-practice rules
# (landmarks, one main, heading order), which it also meets.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RULE_TAGS = WCAG_TAGS + ["best-practice"]

_RUN = """
var tags = arguments[0];
var done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(function (result) {
    done({
      version: axe.version,
      passes: result.passes.length,
      violations: result.violations.map(function (v) {
        return {
          id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
          nodes: v.nodes.map(function (n) {
            return {target: n.target, html: n.html, summary: n.failureSummary};
          })
        };
      })
    });
  })
  .catch(function (error) { done({error: String(error)}); });
"""


@functools.cache
def axe_source() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise RuntimeError("axe-playwright-python is not installed: run scripts/ensure-python-tools")
    path = pathlib.Path(spec.origin).with_name("axe.min.js")
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: the installed axe-playwright-python no longer ships axe.min.js there")
    return path.read_text(encoding="utf-8")


def run_axe(driver: WebDriver, tags: list[str] = WCAG_TAGS) -> dict:
    """Injects axe-core (once per page) and returns its violations for the given rule tags."""
    if not driver.execute_script("return typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script(_RUN, tags)
    if "error" in result:
        raise AssertionError(f"axe-core failed on {driver.current_url}: {result['error']}")
    return result


def describe(violations: list[dict]) -> str:
    """A report a person can fix from: each rule, why it failed, and every offending element."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:300]}")
            for summary_line in (node.get("summary") or "").splitlines():
                lines.append(f"       {summary_line}")
    return "\n".join(lines)
