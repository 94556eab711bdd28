"""Accounts in a real browser (issue 15, item 7): an invitation and a password reset mailed through a real
SMTP server (aiosmtpd), each link working once, and a two-factor sign-in with a code this test computes
from the secret the page shows (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import pathlib
import re
import struct
import time
import urllib.parse
import uuid

import pytest
import zxingcpp
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser_session import activate_and_wait_for_navigation, click, start_chromium
from page_types import _go, path_of, sign_in
from test_email import read_messages

PASSWORD = "a passphrase of my own"


def totp(secret_base32: str, at: float, digits: int = 6) -> str:
    """RFC 6238 with HMAC-SHA1 and 30-second steps, written from the RFC, independently of the server."""
    secret = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    counter = struct.pack(">Q", int(at // 30))
    mac = hmac.new(secret, counter, hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def test_totp_matches_the_rfc_vectors():
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, 59, 8) == "94287082"
    assert totp(secret, 1111111109, 8) == "07081804"
    assert totp(secret, 2000000000, 8) == "69279037"


def press(driver, label: str) -> None:
    button = driver.find_element(By.XPATH, f"//main//button[normalize-space()='{label}']")
    activate_and_wait_for_navigation(driver, lambda: click(driver, button))


def fill(driver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def mailed_path(recipient: str, prefix: str, seconds: float = 45) -> str:
    """The newsroom path of the `prefix` link in a message to `recipient` that reached the SMTP server."""
    log = pathlib.Path(os.environ["DATELINE_TEST_MAIL_LOG"])
    pattern = re.compile(r"https?://[^\s/]+(" + re.escape(prefix) + r"[A-Za-z0-9_-]{43})")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in read_messages(log):
            if recipient in message["rcpt_tos"]:
                found = pattern.search((message["parsed"]["body"] or "").replace("=\n", ""))
                if found:
                    return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no message with a {prefix} link to {recipient} reached the SMTP server in {seconds:.0f} s")


@pytest.fixture
def fresh(client):
    driver = start_chromium(javascript=True)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def admin(client):
    driver = start_chromium(javascript=True)
    try:
        sign_in(driver, client)
        yield driver
    finally:
        driver.quit()


def invite(admin, client, email: str, name: str) -> str:
    """Invites `email` from the accounts page; returns the path of the mailed link."""
    _go(admin, client, "/newsroom/users")
    fill(admin, "invite-name", name)
    fill(admin, "invite-email", email)
    Select(admin.find_element(By.ID, "invite-role")).select_by_value("writer")
    press(admin, "Send the invitation")
    assert f"Invitation sent to {email}." in admin.page_source, "the invitation was not confirmed"
    return mailed_path(email, "/newsroom/invitations/")


def join(driver, client, path: str) -> None:
    _go(driver, client, path)
    fill(driver, "password", PASSWORD)
    fill(driver, "password_confirmation", PASSWORD)
    press(driver, "Create my account")
    assert path_of(driver.current_url) == "/newsroom", f"accepting the invitation led to {driver.current_url}"


def sign_in_as(driver, client, email: str, password: str) -> None:
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _go(driver, client, "/newsroom/login")
    fill(driver, "email", email)
    fill(driver, "password", password)
    press(driver, "Sign in")


def test_an_invitation_arrives_by_mail_and_its_link_works_once(admin, fresh, client):
    email = f"invitee-{uuid.uuid4().hex[:10]}@example.net"
    path = invite(admin, client, email, "Ivy Invitee")
    join(fresh, client, path)
    assert "Ivy Invitee (Writer)" in fresh.find_element(By.CSS_SELECTOR, "header").text
    fresh.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _go(fresh, client, path)
    assert "This invitation has been used" in fresh.find_element(By.CSS_SELECTOR, "main").text
    _go(admin, client, "/newsroom/users")
    assert email in admin.find_element(By.CSS_SELECTOR, "main").text


def test_a_password_reset_arrives_by_mail_and_its_link_works_once(admin, fresh, client):
    email = f"forgetful-{uuid.uuid4().hex[:10]}@example.net"
    join(fresh, client, invite(admin, client, email, "Fran Forgetful"))
    fresh.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _go(fresh, client, "/newsroom/login")
    activate_and_wait_for_navigation(
        fresh, lambda: click(fresh, fresh.find_element(By.LINK_TEXT, "Forgot your password?"))
    )
    fill(fresh, "email", email)
    press(fresh, "Send the link")
    assert "If an account exists for that address" in fresh.find_element(By.CSS_SELECTOR, "main").text
    path = mailed_path(email, "/newsroom/password/reset/")
    _go(fresh, client, path)
    new_password = "my brand new passphrase"
    fill(fresh, "password", new_password)
    fill(fresh, "password_confirmation", new_password)
    press(fresh, "Set the new password")
    assert "Your password is changed" in fresh.find_element(By.CSS_SELECTOR, "main").text
    _go(fresh, client, path)
    assert "This link no longer works" in fresh.find_element(By.CSS_SELECTOR, "main").text
    sign_in_as(fresh, client, email, PASSWORD)
    assert path_of(fresh.current_url) == "/newsroom/login", "the old password still worked"
    sign_in_as(fresh, client, email, new_password)
    assert path_of(fresh.current_url) == "/newsroom", f"the new password did not sign in: {fresh.current_url}"


def test_two_factor_sign_in_with_a_code_computed_from_the_shown_secret(admin, fresh, client):
    email = f"careful-{uuid.uuid4().hex[:10]}@example.net"
    join(fresh, client, invite(admin, client, email, "Cary Careful"))
    _go(fresh, client, "/newsroom/account/two-factor")
    press(fresh, "Set up two-factor sign-in")
    uri = fresh.find_element(By.ID, "totp-uri").get_attribute("value")
    assert uri.startswith("otpauth://totp/")
    # The QR code, as the screen shows it, read by an independent decoder (zxing-cpp), as a phone's
    # authenticator app would: looking for QR codes only (asked for every format, the decoder has
    # read a stray one-dimensional "barcode" such as "8562" out of the QR code's modules).
    shot = Image.open(io.BytesIO(fresh.find_element(By.CSS_SELECTOR, "#totp-qr svg").screenshot_as_png))
    scanned = [
        result.text
        for result in zxingcpp.read_barcodes(shot.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    ]
    assert scanned == [uri], f"the QR code reads {scanned!r}, the link is {uri!r}"
    secret = urllib.parse.parse_qs(urllib.parse.urlsplit(scanned[0]).query)["secret"][0]
    assert secret == fresh.find_element(By.ID, "totp-secret").get_attribute("value")
    fill(fresh, "code", totp(secret, time.time()))
    press(fresh, "Turn on two-factor sign-in")
    codes = [item.text for item in fresh.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
    assert len(codes) == 10, f"expected 10 recovery codes, saw {codes}"

    sign_in_as(fresh, client, email, PASSWORD)
    assert path_of(fresh.current_url) == "/newsroom/login/code", f"the password alone led to {fresh.current_url}"
    # The code that turned it on may be the current one, and a code works once: the next step's is
    # within the accepted window and has not been used.
    fill(fresh, "code", totp(secret, time.time() + 30))
    press(fresh, "Sign in")
    assert path_of(fresh.current_url) == "/newsroom", f"the code did not sign in: {fresh.current_url}"
    assert "Cary Careful" in fresh.find_element(By.CSS_SELECTOR, "header").text

    # A recovery code works once.
    sign_in_as(fresh, client, email, PASSWORD)
    fill(fresh, "code", codes[0])
    press(fresh, "Sign in")
    assert path_of(fresh.current_url) == "/newsroom", "a recovery code did not sign in"
    sign_in_as(fresh, client, email, PASSWORD)
    fill(fresh, "code", codes[0])
    press(fresh, "Sign in")
    assert "That code is not right" in fresh.find_element(By.CSS_SELECTOR, "main").text
