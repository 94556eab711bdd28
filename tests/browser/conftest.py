"""Shared fixtures: the site under test, two Chromium sessions (script on and off), and the pages to visit."""

from __future__ import annotations

import pathlib
import re
import shutil

import pytest

from browser_session import reset, start_chromium
from page_types import SitePages, discover
from site_client import SiteClient, base_url_from_environment

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def client() -> SiteClient:
    return SiteClient(base_url_from_environment())


@pytest.fixture(scope="session")
def artifacts() -> pathlib.Path:
    """The repository's artifacts/ folder (git-ignored), kept by CI."""
    folder = ROOT / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def _chromium():
    driver = start_chromium(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def _chromium_without_script():
    driver = start_chromium(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture
def reader(_chromium):
    """Chromium with JavaScript on, as a first-time visitor: no cookies, screen media."""
    reset(_chromium)
    return _chromium


@pytest.fixture
def reader_without_script(_chromium_without_script):
    """Chromium with JavaScript turned off, as a first-time visitor."""
    reset(_chromium_without_script)
    return _chromium_without_script


@pytest.fixture(params=["script", "no-script"])
def any_reader(request):
    """Runs a test once with JavaScript on and once with it off."""
    name = "reader" if request.param == "script" else "reader_without_script"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def pages(_chromium, client) -> SitePages:
    reset(_chromium)
    return discover(_chromium, client)


def pytest_sessionstart(session):
    # Screenshots of failures belong to the run that made them.
    shutil.rmtree(ROOT / "artifacts" / "failures", ignore_errors=True)


# Skip reasons this suite accepts (a substring of the reason each names). None today: every route
# and feature the suite covers exists (mail is always configured by scripts/browser-tests), so a
# skip could only hide a regression such as a route answering 404. Add one only with its reason.
ALLOWED_SKIP_REASONS: tuple[str, ...] = ()


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    return str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Turns undocumented skips into failures; on a failure, saves what the browser showed to
    artifacts/failures/ for whoever reads the CI log."""
    report = yield
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if not any(allowed in reason for allowed in ALLOWED_SKIP_REASONS):
            report.outcome = "failed"
            report.longrepr = (
                f"{item.nodeid} skipped ({reason}); browser tests may skip only for a reason listed in "
                "ALLOWED_SKIP_REASONS in tests/browser/conftest.py"
            )
    if report.when == "call" and report.failed:
        for name in ("reader", "reader_without_script", "any_reader"):
            driver = item.funcargs.get(name) if hasattr(item, "funcargs") else None
            if driver is None:
                continue
            folder = ROOT / "artifacts" / "failures"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / (re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid) + ".png")
            try:
                driver.save_screenshot(str(target))
                report.sections.append(("browser", f"screenshot of {driver.current_url}: {target}"))
            except Exception as error:  # a dead browser must not hide the real failure
                report.sections.append(("browser", f"no screenshot: {error}"))
            break
    return report
