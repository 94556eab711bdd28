"""The development sets the extraction benchmark reads, and the fixed rule that splits each into a
"fit" part (the pages one may look at while changing the reader) and a "held-out" part (the pages
figures are reported on).

Sets (all under ../shared/data, read in place, never copied into the repository):

- zyte-dev     extraction/zyte-dev: html/<id>.html.gz and ground-truth.json {id: {articleBody, url}}
- dragnet-dev  extraction/dragnet-dev: the same layout; url is always null, and the HTML is the raw
               bytes as crawled (UTF-8, Windows-1252, UTF-16 with a byte-order mark, ...)
- scraped      scraped/cnn-*: a handful of CNN pages in each source's own layout; `prepare_scraped`
               writes them into the layout above in a temporary folder, so that `dateline extract
               --set` and the peers read every set the same way.

Split rule: a page is in the fit part when the first two bytes of SHA-256(page id), read as a
big-endian number, are below FIT_SHARE[set] * 65536. The id alone is hashed (not the set's name),
so a page that two sets share (the eight CNN pages of scraped/cnn-dragnet-2012 are also in
dragnet-dev, under the same id) falls in the same part in both.
"""

import gzip
import hashlib
import html
import json
import os
import re

DATA = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data"))

SETS = ["zyte-dev", "dragnet-dev", "scraped"]

# About half of zyte-dev and of the scraped pages to fit on; a smaller share of dragnet-dev, whose
# 1,379 pages leave plenty held out.
FIT_SHARE = {"zyte-dev": 0.5, "dragnet-dev": 0.3, "scraped": 0.5}


def part(set_name, page_id):
    """'fit' or 'held-out' for one page of one set."""
    digest = hashlib.sha256(page_id.encode("utf-8")).digest()
    return "fit" if int.from_bytes(digest[:2], "big") < FIT_SHARE[set_name] * 65536 else "held-out"


def set_dir(set_name, scratch):
    """The folder with html/ and ground-truth.json for `set_name`; the scraped set is written under `scratch`."""
    if set_name == "scraped":
        return prepare_scraped(os.path.join(DATA, "scraped"), os.path.join(scratch, "scraped"))
    return os.path.join(DATA, "extraction", set_name)


def decode_html(raw):
    """The page's text as a browser would decode it: byte-order mark, then strict UTF-8, then the
    charset the page declares, then Windows-1252. Used for the peers, which take text."""
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", raw[:4096], re.IGNORECASE)
    if declared:
        name = declared.group(1).decode("ascii", errors="ignore").lower()
        if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
            name = "cp1252"  # as browsers read them
        try:
            return raw.decode(name, errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


def read_truth(directory):
    with open(os.path.join(directory, "ground-truth.json"), encoding="utf-8") as handle:
        return json.load(handle)


def read_page(directory, page_id):
    with gzip.open(os.path.join(directory, "html", page_id + ".html.gz")) as handle:
        return handle.read()


def _html_to_text(markup):
    """Text of an expected-output HTML fragment: block ends become line breaks, tags go, entities are decoded."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)</(p|div|h[1-6]|li|blockquote|tr)>|<br\s*/?>", "\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def prepare_scraped(source, target):
    """Writes the scraped CNN pages as a set in `target`: pages with a full expected text get an
    `articleBody`; the two sources that publish only snippets (goose3's opening words,
    trafilatura's with/without lists) get `snippets` instead and are scored as checks."""
    os.makedirs(os.path.join(target, "html"), exist_ok=True)
    truth = {}

    def add(page_id, html_path, entry):
        with open(html_path, "rb") as handle:
            raw = handle.read()
        with open(os.path.join(target, "html", page_id + ".html.gz"), "wb") as handle:
            handle.write(gzip.compress(raw, mtime=0))
        truth[page_id] = entry

    folder = os.path.join(source, "cnn-2008")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".gold.json"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                gold = json.load(handle)
            stem = name[: -len(".gold.json")]
            add(
                "cnn2008-" + stem[:8],
                os.path.join(folder, stem + ".original.html"),
                {"articleBody": "\n".join(gold["headline"] + gold["fulltext"]), "url": gold.get("url")},
            )
    folder = os.path.join(source, "cnn-dragnet-2012")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".gold.txt"):
            stem = name[: -len(".gold.txt")]
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                gold = handle.read().strip()
            # The same id as in dragnet-dev, so the page falls in the same part of the split.
            add(stem, os.path.join(folder, stem + ".html"), {"articleBody": gold, "url": None})
    folder = os.path.join(source, "cnn-newspaper3k-2013")
    with open(os.path.join(folder, "cnn_article.expected_text.txt"), encoding="utf-8") as handle:
        add("newspaper3k-cnn", os.path.join(folder, "cnn_article.html"), {"articleBody": handle.read().strip(), "url": None})
    folder = os.path.join(source, "cnn-mozilla-readability-cnnmoney")
    with open(os.path.join(folder, "expected.html"), encoding="utf-8") as handle:
        add("readability-cnnmoney", os.path.join(folder, "source.html"), {"articleBody": _html_to_text(handle.read()), "url": None})
    folder = os.path.join(source, "cnn-goose3-2010")
    with open(os.path.join(folder, "test_cnn1.json"), encoding="utf-8") as handle:
        gold = json.load(handle)
    add(
        "goose3-cnn1",
        os.path.join(folder, "test_cnn1.html"),
        {"articleBody": None, "url": gold.get("url"), "snippets": {"with": [gold["expected"]["cleaned_text"].strip()], "without": []}},
    )
    folder = os.path.join(source, "cnn-trafilatura-2021")
    with open(os.path.join(folder, "edition.cnn.com-royal.snippets.json"), encoding="utf-8") as handle:
        (url, gold), = json.load(handle).items()
    add(
        "trafilatura-royal",
        os.path.join(folder, gold["file"]),
        {"articleBody": None, "url": url, "snippets": {"with": gold["with"], "without": gold["without"]}},
    )
    with open(os.path.join(target, "ground-truth.json"), "w", encoding="utf-8") as handle:
        json.dump(truth, handle, ensure_ascii=False, indent=1)
    return target


if __name__ == "__main__":
    # `sets.py SET SCRATCH` prints the set's folder (writing the scraped set under SCRATCH first).
    import sys

    print(set_dir(sys.argv[1], sys.argv[2]))
