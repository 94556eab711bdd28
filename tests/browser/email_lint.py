"""An HTML e-mail linter: what the common mail clients drop, ignore or break, checked in a message.

No HTML e-mail linter can be installed on these machines (the ones that exist — caniemail's data
behind doiuse-email, email-lint — are npm packages, and the npm registry is out of reach; PyPI has
none), so this one is written here. Its rules are the client-support facts that caniemail.com
records for the clients most readers use — Gmail (web and apps), Outlook for Windows (Word's
renderer), Apple Mail and Yahoo — reduced to what a newsletter template can get wrong:

- errors: something a reader would lose or a client would refuse (scripts, forms, embedded frames,
  SVG or WebP pictures, CSS layout that Outlook and Gmail drop, CSS background images, relative or
  script links, a picture without alternative text or width, a message Gmail clips);
- warnings: something that degrades but still reads (a <style> block, rounded corners, max-width on
  a block that Outlook for Windows ignores).

`lint(html)` returns the findings; `errors(html)` only the errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Gmail shows "[Message clipped]" and hides the rest of a message whose HTML passes about 102 KB.
GMAIL_CLIP_BYTES = 102 * 1024


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.level} [{self.rule}] {self.message}"


# Elements a mail client strips or will not run.
REFUSED_ELEMENTS = {
    "script": "no mail client runs scripts, and some reject messages that carry them",
    "noscript": "scripts never run in mail, so its content is shown or dropped unpredictably",
    "form": "Gmail and Outlook disable or strip forms",
    "input": "Gmail and Outlook disable or strip form fields",
    "button": "Gmail and Outlook disable or strip form controls",
    "select": "Gmail and Outlook disable or strip form controls",
    "textarea": "Gmail and Outlook disable or strip form controls",
    "iframe": "every major client strips embedded frames",
    "frame": "every major client strips frames",
    "object": "plug-in content is stripped by every major client",
    "embed": "plug-in content is stripped by every major client",
    "video": "Gmail and Outlook for Windows show no video",
    "audio": "Gmail and Outlook for Windows play no audio",
    "svg": "Gmail and Outlook for Windows show no inline SVG",
    "canvas": "drawing needs scripts, which never run in mail",
    "base": "clients ignore or strip <base>, so links relative to it break",
    "link": "Gmail and Outlook load no external style sheets",
}

# CSS declarations (property, value pattern) that the big clients drop, and why.
REFUSED_CSS = [
    ("display", re.compile(r"^(inline-)?(flex|grid)$"), "Outlook for Windows ignores flex and grid layout"),
    ("position", re.compile(r"^(absolute|fixed|relative|sticky)$"), "Gmail strips positioning; Outlook ignores it"),
    ("background-image", re.compile(r"url\("), "Outlook for Windows shows no CSS background images"),
    ("background", re.compile(r"url\("), "Outlook for Windows shows no CSS background images"),
    ("transform", re.compile(r"."), "Gmail and Outlook ignore transforms"),
    ("animation", re.compile(r"."), "Gmail and Outlook ignore animation"),
    ("content", re.compile(r"."), "generated content needs pseudo-elements, which inline styles cannot carry"),
]
REFUSED_CSS_VALUES = [
    (re.compile(r"\bvar\("), "Gmail and Outlook for Windows do not support CSS custom properties (var())"),
    (re.compile(r"\bcalc\("), "Outlook for Windows does not support calc()"),
]
DEGRADED_CSS = [
    ("border-radius", re.compile(r"."), "Outlook for Windows draws square corners"),
    ("box-shadow", re.compile(r"."), "Outlook for Windows and Gmail's apps draw no shadows"),
    ("float", re.compile(r"^(left|right)$"), "Outlook for Windows ignores float on most elements"),
]
# Picture formats a common client cannot show.
REFUSED_PICTURES = re.compile(r"\.(svg|webp|avif|heic)(\?|#|$)", re.IGNORECASE)


def _declarations(style: str) -> list[tuple[str, str]]:
    pairs = []
    for part in style.split(";"):
        if ":" not in part:
            continue
        name, value = part.split(":", 1)
        pairs.append((name.strip().lower(), value.strip().lower()))
    return pairs


class _Linter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self.stack: list[str] = []
        self.saw_charset = False
        self.saw_title = False
        self.html_lang = None
        self.visible_text: list[str] = []

    def _add(self, level: str, rule: str, message: str) -> None:
        self.findings.append(Finding(level, self.getpos()[0], rule, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag in REFUSED_ELEMENTS:
            self._add("error", f"element-{tag}", f"<{tag}>: {REFUSED_ELEMENTS[tag]}")
        if tag == "html":
            self.html_lang = attributes.get("lang", "").strip() or None
        if tag == "meta" and ("charset" in attributes or attributes.get("http-equiv", "").lower() == "content-type"):
            self.saw_charset = True
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self._add("error", "meta-refresh", "a refreshing <meta> is stripped, or flagged as spam")
        if tag == "style":
            self._add("warning", "style-element", "Gmail drops <style> for accounts it does not host; inline styles carry")
        for name, value in attributes.items():
            if name.startswith("on"):
                self._add("error", "event-handler", f"{name}= on <{tag}>: scripts never run, and filters flag them")
        self._check_style(tag, attributes.get("style", ""))
        if tag == "a":
            self._check_link(attributes.get("href"))
        if tag == "img":
            self._check_picture(attributes)
        if tag == "table" and attributes.get("role") != "presentation":
            self._add("warning", "layout-table", "a layout table without role=\"presentation\" is read as data by screen readers")
        if tag not in ("img", "br", "hr", "meta", "link", "input", "base", "col", "source", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "title" in self.stack and data.strip():
            self.saw_title = True
        if not {"head", "style", "script", "title"} & set(self.stack):
            self.visible_text.append(data)

    def _check_style(self, tag: str, style: str) -> None:
        for name, value in _declarations(style):
            for prop, pattern, why in REFUSED_CSS:
                if name == prop and pattern.search(value):
                    self._add("error", f"css-{prop}", f"{name}: {value} on <{tag}>: {why}")
            for pattern, why in REFUSED_CSS_VALUES:
                if pattern.search(value):
                    self._add("error", "css-function", f"{name}: {value} on <{tag}>: {why}")
            for prop, pattern, why in DEGRADED_CSS:
                if name == prop and pattern.search(value):
                    self._add("warning", f"css-{prop}", f"{name}: {value} on <{tag}>: {why}")
            if name == "max-width" and tag in ("div", "p", "section", "article"):
                self._add("warning", "css-max-width", f"max-width on <{tag}>: Outlook for Windows ignores it; "
                          "a table with a width attribute keeps the column narrow there")

    def _check_link(self, href: str | None) -> None:
        if href is None or not href.strip():
            self._add("error", "link-empty", "a link without an address")
            return
        address = href.strip().lower()
        if address.startswith("javascript:") or address.startswith("data:") or address.startswith("vbscript:"):
            self._add("error", "link-script", f"link to {href[:60]!r}: mail clients refuse script and data links")
        elif not address.startswith(("https://", "http://", "mailto:", "#")):
            self._add("error", "link-relative", f"relative link {href[:60]!r}: a message has no base address to resolve it")

    def _check_picture(self, attributes: dict[str, str]) -> None:
        source = attributes.get("src", "").strip()
        if "alt" not in attributes:
            self._add("error", "img-alt", f"picture {source[:60]!r} without alt: clients that block pictures show nothing in its place")
        if not attributes.get("width", "").strip().isdigit():
            self._add("error", "img-width", f"picture {source[:60]!r} without a width attribute: Outlook for Windows shows it at full size")
        if not source.lower().startswith(("https://", "http://", "cid:")):
            self._add("error", "img-src", f"picture source {source[:60]!r}: a message needs an absolute address or an attachment")
        if REFUSED_PICTURES.search(source):
            self._add("error", "img-format", f"picture {source[:60]!r}: Outlook for Windows (and Gmail, for SVG) cannot show this format")


def lint(html: str) -> list[Finding]:
    linter = _Linter()
    linter.feed(html)
    linter.close()
    findings = list(linter.findings)
    if linter.html_lang is None:
        findings.append(Finding("error", 1, "html-lang", "<html> without lang: screen readers guess the language"))
    if not linter.saw_charset:
        findings.append(Finding("error", 1, "charset", "no <meta charset>: clients may show accented letters as noise"))
    if not linter.saw_title:
        findings.append(Finding("warning", 1, "title", "no <title>: the web view and some clients show a blank title"))
    size = len(html.encode("utf-8"))
    if size > GMAIL_CLIP_BYTES:
        findings.append(Finding("error", 1, "size", f"{size} bytes of HTML: Gmail clips messages over {GMAIL_CLIP_BYTES}"))
    if not " ".join(linter.visible_text).split():
        findings.append(Finding("error", 1, "no-text", "no text outside pictures: a reader with pictures blocked sees nothing"))
    return findings


def errors(html: str) -> list[Finding]:
    return [finding for finding in lint(html) if finding.level == "error"]


def visible_text(html: str) -> str:
    """The message's text as a reader with pictures blocked sees it (no alt text, no head)."""
    linter = _Linter()
    linter.feed(html)
    linter.close()
    return re.sub(r"\s+", " ", " ".join(linter.visible_text)).strip()
