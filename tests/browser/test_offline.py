"""Saved stories can be read offline: with JavaScript on, a service worker keeps each saved story's page
and its files; with the connection gone the saved story still opens, a story that was never saved does
not, and a story removed from the list is gone from the device too.

The browser reaches the site through a small TCP relay that the test can cut: DevTools' offline switch
applies to the page but not to the service worker's own requests, so it would not show whether the worker
answers from its cache or from the network."""

from __future__ import annotations

import socket
import threading
import urllib.parse

from selenium.webdriver.common.by import By

from browser_session import activate_and_wait_for_navigation, click, start_chromium, wait_for_load, wait_until
from page_types import SAVE_BUTTON, path_of



class Relay:
    """Forwards TCP connections from a local port to the site; `cut()` refuses and drops them all."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.online = True
        self.connections: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            if not self.online:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.online = False
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass
        self.connections.clear()

    def restore(self) -> None:
        self.online = True

    def stop(self) -> None:
        self.stopped = True
        self.cut()
        self.listener.close()


def cached(driver, path: str) -> bool:
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.open('dateline-saved-v1').then(c => c.match(arguments[0])).then(hit => done(!!hit), () => done(false));",
        path,
    )


def test_a_saved_story_opens_without_a_connection_and_leaves_when_unsaved(client, pages):
    site = urllib.parse.urlsplit(client.base_url)
    relay = Relay((site.hostname, site.port))
    base = f"http://127.0.0.1:{relay.port}"

    def url(path: str) -> str:
        return base + path

    driver = start_chromium()
    try:
        driver.get(url(pages.story))
        wait_for_load(driver)
        activate_and_wait_for_navigation(driver, lambda: click(driver, driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON)))
        driver.get(url("/saved"))
        wait_for_load(driver)
        wait_until(driver, lambda d: cached(d, pages.story), "the saved story was not kept for offline reading", 20)
        wait_until(
            driver,
            lambda d: any(mark.is_displayed() for mark in d.find_elements(By.CSS_SELECTOR, ".offline-mark")),
            "the saved page does not say the story is available offline",
        )
        assert "Available offline" in driver.find_element(By.CSS_SELECTOR, ".saved-list .story-date").text

        relay.cut()
        driver.get(url(pages.story))
        wait_for_load(driver)
        assert driver.find_element(By.CSS_SELECTOR, ".story h1").text == pages.story_headline
        styled = driver.execute_script("return getComputedStyle(document.querySelector('.brand')).color")
        assert styled != "rgb(0, 0, 0)", "the offline copy came without its style sheet"
        driver.get(url(pages.other_story))
        wait_for_load(driver)
        assert "You are offline" in driver.find_element(By.TAG_NAME, "h1").text
        assert pages.story_headline in driver.find_element(By.TAG_NAME, "main").text, "the note lists the saved story"

        relay.restore()
        driver.get(url(pages.story))
        wait_for_load(driver)
        activate_and_wait_for_navigation(driver, lambda: click(driver, driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON)))
        assert driver.find_element(By.CSS_SELECTOR, SAVE_BUTTON).text.strip() == "Save"
        driver.get(url("/saved"))
        wait_for_load(driver)
        wait_until(driver, lambda d: not cached(d, pages.story), "the unsaved story stayed on the device", 20)

        relay.cut()
        driver.get(url(pages.story))
        wait_for_load(driver)
        assert "You are offline" in driver.find_element(By.TAG_NAME, "h1").text
        assert path_of(driver.current_url) == pages.story
    finally:
        driver.quit()
        relay.stop()
