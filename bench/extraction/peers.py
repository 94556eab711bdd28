"""Runs one extraction peer over the benchmark pages and writes its predictions and timing.

Usage: peers.py SYSTEM SET_DIR OUT.json — OUT gets {"predictions": {id: text}, "seconds": s, "pages": n}
where `seconds` is the CPU time of the extraction calls alone (pages are read and inflated before the clock starts).
"""

import json
import sys
import time
import warnings

from sets import decode_html, read_page, read_truth

warnings.filterwarnings("ignore")


def make_extractor(system):
    if system == "trafilatura":
        import trafilatura

        return lambda html, url: trafilatura.extract(html, include_comments=False) or ""
    if system == "readability-lxml":
        import html_text
        from readability import Document

        return lambda html, url: html_text.extract_text(Document(html).summary(html_partial=True))
    if system == "newspaper4k":
        import newspaper

        def run(html, url):
            article = newspaper.Article(url or "http://example.invalid/", fetch_images=False)
            article.download(input_html=html)
            article.parse()
            return article.text or ""

        return run
    if system == "goose3":
        from goose3 import Goose

        goose = Goose({"enable_image_fetching": False})
        return lambda html, url: goose.extract(raw_html=html).cleaned_text or ""
    if system == "justext":
        import justext

        stoplist = justext.get_stoplist("English")

        def run(html, url):
            paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
            return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

        return run
    if system == "html-text":
        import html_text

        return lambda html, url: html_text.extract_text(html)
    raise SystemExit(f"unknown system {system}")


def main():
    system, set_dir, out_path = sys.argv[1:4]
    truth = read_truth(set_dir)
    # Decoded before the clock starts (BOM, UTF-8, the declared charset, Windows-1252), as Dateline's
    # reading of the files is left out of its own time too.
    pages = {page_id: decode_html(read_page(set_dir, page_id)) for page_id in sorted(truth)}
    extract = make_extractor(system)
    # One untimed extraction first, as Dateline does: one-time setup (patterns compiled on first
    # use, lazily built tables) is left out like the imports.
    for page_id, html in list(pages.items())[:1]:
        try:
            extract(html, truth[page_id].get("url") or "")
        except Exception:  # reported when the page is extracted for real
            pass
    predictions, seconds = {}, 0.0
    for page_id, html in pages.items():
        start = time.process_time()
        try:
            text = extract(html, truth[page_id].get("url") or "")
        except Exception as error:  # a peer's failure on one page is its empty output, as for Dateline
            print(f"{system}: {page_id}: {error}", file=sys.stderr)
            text = ""
        seconds += time.process_time() - start
        predictions[page_id] = text
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump({"predictions": predictions, "seconds": seconds, "pages": len(pages)}, handle)


if __name__ == "__main__":
    main()
