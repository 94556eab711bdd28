#!/usr/bin/env python3
"""Story Highlights: Dateline against Lead-3 and sumy's LexRank, TextRank, LSA and Luhn.

Scores every system on the same CNN stories in one run, with the settings the data README
fixes: rouge-score's RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True), target =
reference highlights joined with "\\n", prediction = chosen sentences joined with "\\n", mean F1
x 100. Speed is stories per second on one core: this process pins itself (and so the dateline
process it starts) to CPU 0 where the OS allows it. Dateline's time is the whole `dateline
highlights --jsonl` run (process start and JSON included); the peers' time is parsing plus
summarizing inside this process.

sumy's own tokenizer needs NLTK's punkt data, which cannot be downloaded here, so the peers and
Lead-3 share the small regular-expression sentence splitter below (sumy's Snowball stemmer and
stop-word list need no downloads). Every peer gets the article with its leading "(CNN)"
dateline removed; Dateline gets the raw article and removes it itself.

Dateline's scorer was fitted by fit.py on the odd-numbered lines of the file (1, 3, 5, ...,
counting from 1); the even-numbered lines (2, 4, 6, ...) are the held-out split, reported on
their own below the table.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
from rouge_score import rouge_scorer
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

DATELINE = re.compile(r"^[^()\n]{0,80}?\((?:CNN|AP|Reuters|[A-Z][\w .]{0,30})\)\s*(?:--)?\s*")
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gov", "sen", "rep", "st", "gen", "lt", "col", "capt", "sgt", "jan", "feb",
                 "aug", "sept", "oct", "nov", "dec", "no", "vs", "jr", "sr", "inc", "corp", "co", "u.s", "u.n", "u.k"}
BOUNDARY = re.compile(r"(?<=[.!?])[\"'\u201d]?\s+(?=[\"'\u201c]?[A-Z0-9])")
WORD = re.compile(r"[A-Za-z0-9]+(?:['.\-][A-Za-z0-9]+)*")


def split_sentences(text):
    """Regex sentence splitter standing in for NLTK punkt: cuts after . ! ? before a capital."""
    pieces, start = [], 0
    for match in BOUNDARY.finditer(text):
        end = match.start()
        tail = text[start:end].rstrip("\"'\u201d")
        last = tail.rsplit(None, 1)[-1].lower().rstrip(".") if tail.strip() else ""
        if last in ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        pieces.append(text[start:match.end()].strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


class OfflineTokenizer:
    """The two methods sumy's parsers call on a tokenizer, with no NLTK data needed."""

    language = "english"

    def to_sentences(self, paragraph):
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence):
        return tuple(WORD.findall(sentence))


def peers():
    stemmer = Stemmer("english")
    stop_words = get_stop_words("english")
    made = {}
    for name, cls in (("LexRank", LexRankSummarizer), ("TextRank", TextRankSummarizer), ("LSA", LsaSummarizer),
                      ("Luhn", LuhnSummarizer)):
        summarizer = cls(stemmer)
        summarizer.stop_words = stop_words
        made[name] = summarizer
    return made


def score(scorer, references, predictions, indices):
    totals = np.zeros(3)
    for i in indices:
        s = scorer.score("\n".join(references[i]), "\n".join(predictions[i]))
        totals += [s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeLsum"].fmeasure]
    return totals / len(indices) * 100


def run_dateline(binary, data_path, count):
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "out.jsonl")
        started = time.perf_counter()
        done = subprocess.run([binary, "highlights", "--jsonl", data_path, "--out", out],
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"dateline failed ({done.returncode}):\n{done.stderr}")
        rows = [json.loads(line) for line in open(out, encoding="utf-8")]
    by_id = {row["id"]: row["highlights"] for row in rows}
    return by_id, count / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True, help="the dateline executable")
    parser.add_argument("--data", required=True, help="cnn-2015-validation-1000.jsonl")
    parser.add_argument("--build", default="release", help="how the binary was built (printed with the table)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N stories (0: all)")
    args = parser.parse_args()

    pinned = "not pinned"
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {0})
            pinned = "pinned to CPU 0"
        except OSError:
            pass

    stories = [json.loads(line) for line in open(args.data, encoding="utf-8")]
    data_path = args.data
    if args.limit:
        stories = stories[: args.limit]
        handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
        handle.write("".join(json.dumps(s) + "\n" for s in stories))
        handle.close()
        data_path = handle.name
    references = [s["highlights"] for s in stories]
    articles = [DATELINE.sub("", s["article"], count=1) for s in stories]
    everything = list(range(len(stories)))
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    results = {}
    by_id, speed = run_dateline(args.binary, data_path, len(stories))
    results["Dateline"] = ([by_id.get(s["id"], []) for s in stories], speed)

    started = time.perf_counter()
    lead = [split_sentences(a)[:3] for a in articles]
    results["Lead-3"] = (lead, len(stories) / (time.perf_counter() - started))

    tokenizer = OfflineTokenizer()
    for name, summarizer in peers().items():
        started = time.perf_counter()
        predictions = []
        for article in articles:
            document = PlaintextParser.from_string(article, tokenizer).document
            predictions.append([str(sentence) for sentence in summarizer(document, 3)])
        results[name] = (predictions, len(stories) / (time.perf_counter() - started))
        print(f"  {name} done", file=sys.stderr, flush=True)

    print(f"Story Highlights on {len(stories)} CNN stories (2015), ROUGE F1 x 100; speed {pinned}; "
          f"dateline built {args.build}")
    print()
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | stories/s (1 core) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    lexrank_speed = results["LexRank"][1]
    for name, (predictions, speed) in results.items():
        r = score(scorer, references, predictions, everything)
        print(f"| {name} | {r[0]:.2f} | {r[1]:.2f} | {r[2]:.2f} | {speed:,.1f} |")
    print()
    print(f"Dateline speed / LexRank speed: {results['Dateline'][1] / lexrank_speed:.1f}x")
    print()
    held_out = [i for i in everything if i % 2 == 1]
    fitted = [i for i in everything if i % 2 == 0]
    print("Held-out split (Dateline's scorer was fitted on the odd-numbered lines of the file only):")
    print()
    print("| system | split | stories | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name in ("Dateline", "Lead-3", "LexRank"):
        for label, indices in (("held-out (even lines, unseen)", held_out), ("fitted (odd lines)", fitted)):
            r = score(scorer, references, results[name][0], indices)
            print(f"| {name} | {label} | {len(indices)} | {r[0]:.2f} | {r[1]:.2f} | {r[2]:.2f} |")


if __name__ == "__main__":
    main()
