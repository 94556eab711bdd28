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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import languages  # noqa: E402  (the hand-written non-English fixtures)
import variants  # noqa: E402  (the transformed copies of the dev stories)

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


def run_dateline(binary, data_path, count, features=False, runs=1):
    """Runs `dateline highlights --jsonl` over the file; returns the highlights by id and stories/s.

    With runs > 1 the process runs once untimed first (so the 190 MB binary is read from disk
    before the clock starts, as the peers' Python modules are imported before theirs), then `runs`
    times timed, and the median time counts: one noisy run on a shared machine does not decide."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "out.jsonl")
        command = [binary, "highlights", "--jsonl", data_path, "--out", out] + (["--features"] if features else [])
        times = []
        for attempt in range(runs + 1 if runs > 1 else 1):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            elapsed = time.perf_counter() - started
            if done.returncode != 0:
                sys.exit(f"dateline failed ({done.returncode}):\n{done.stderr}")
            if runs == 1 or attempt > 0:
                times.append(elapsed)
        elapsed = sorted(times)[len(times) // 2]
        rows = [json.loads(line) for line in open(out, encoding="utf-8")]
    if features:
        return {row["id"]: [s["text"] for s in row["sentences"]] for row in rows}, count / elapsed
    by_id = {row["id"]: row["highlights"] for row in rows}
    return by_id, count / elapsed


def write_jsonl(rows):
    handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
    handle.write("".join(json.dumps(row) + "\n" for row in rows))
    handle.close()
    return handle.name


def lexrank_on(articles):
    tokenizer = OfflineTokenizer()
    summarizer = peers()["LexRank"]
    predictions = []
    for article in articles:
        document = PlaintextParser.from_string(article, tokenizer).document
        predictions.append([str(sentence) for sentence in summarizer(document, 3)])
    return predictions


MARKUP = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|</?[a-zA-Z][^>\n]*>|&#?\w+;|\*\*|__|\[\d+\]|-lrb-|-rrb-|``|''")


def markup_share(predictions):
    """The share of stories whose chosen sentences carry markup, entities, footnote marks or corpus tokens."""
    marked = sum(1 for chosen in predictions if any(MARKUP.search(sentence) for sentence in chosen))
    return marked / max(len(predictions), 1) * 100


def variant_section(args, stories, references, held_out, scorer):
    """Dateline, Lead-3 and LexRank on transformed copies of the held-out stories."""
    names = [name for name in variants.VARIANTS if not args.variant or args.variant in name]
    rows, made = [], {}
    for name_index, name in enumerate(names):
        for i in held_out:
            story = stories[i]
            clean = DATELINE.sub("", story["article"], count=1)
            article, lead3 = variants.make(name, story, split_sentences(clean))
            made[(name, i)] = (article, lead3)
            rows.append({"id": f"{name_index}:{i}", "article": article})
    path = write_jsonl(rows)
    try:
        by_id, speed = run_dateline(args.binary, path, len(rows))
    finally:
        os.unlink(path)
    clean_lead = [split_sentences(DATELINE.sub("", s["article"], count=1))[:3] for s in stories]
    base = score(scorer, references, clean_lead, held_out)
    print(f"Transformed copies of the {len(held_out)} held-out stories (made by bench/highlights/variants.py at "
          f"run time), ROUGE F1 x 100 against the stories' own highlights; dateline ran {speed:,.1f} stories/s "
          f"over all of them. \"Lead-3 (ends given)\" is the story's first three sentences as the copy writes "
          f"them (the bench knows where they end); \"Lead-3 (splitter)\" and LexRank cut the copy with the "
          f"bench's regex splitter. Lead-3 on the clean stories: {base[0]:.2f} / {base[1]:.2f} / {base[2]:.2f}. "
          f"\"marked\" is the share of stories whose output carries markup, entities, footnote marks or "
          f"corpus tokens.")
    print()
    print("| copy | system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | R-1 vs Lead-3 (ends given) | marked % |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name_index, name in enumerate(names):
        systems = {
            "Dateline": [by_id.get(f"{name_index}:{i}", []) for i in held_out],
            "Lead-3 (ends given)": [made[(name, i)][1] for i in held_out],
            "Lead-3 (splitter)": [split_sentences(DATELINE.sub("", made[(name, i)][0], count=1))[:3]
                                  for i in held_out],
            "LexRank": lexrank_on([DATELINE.sub("", made[(name, i)][0], count=1) for i in held_out]),
        }
        subset_refs = [references[i] for i in held_out]
        positions = list(range(len(held_out)))
        lead = score(scorer, subset_refs, systems["Lead-3 (ends given)"], positions)
        for system, predictions in systems.items():
            r = score(scorer, subset_refs, predictions, positions)
            print(f"| {name} | {system} | {r[0]:.2f} | {r[1]:.2f} | {r[2]:.2f} | {r[0] - lead[0]:+.2f} | "
                  f"{markup_share(predictions):.0f} |")
        print(f"  {name} done", file=sys.stderr, flush=True)


class WordTokenizer:
    """rouge-score's tokenizer keeps a-z and 0-9 only; for French, Spanish, German and Portuguese
    every letter counts, and there is no English stemmer."""

    def tokenize(self, text):
        return re.findall(r"\w+", text.lower())


def language_section(args, scorer_unused):
    """The hand-written non-English fixtures: sentence splitting and highlights against Lead-3."""
    fixtures = languages.load()
    rows = [{"id": f["id"], "article": f["article"]} for f in fixtures]
    path = write_jsonl(rows)
    try:
        split_by_id, _ = run_dateline(args.binary, path, len(rows), features=True)
        chosen_by_id, _ = run_dateline(args.binary, path, len(rows))
    finally:
        os.unlink(path)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], tokenizer=WordTokenizer())
    print(f"Non-English stories written for this bench (bench/highlights/languages.txt, {len(fixtures)} stories); "
          "sentence F1 counts a sentence right when its text matches the reference sentence exactly; ROUGE F1 x 100 "
          "against the highlights written with each story, with a Unicode word tokenizer and no stemming.")
    print()
    print("| language | stories | system | sentences exactly right (F1) | stories split right | ROUGE-1 | ROUGE-2 | "
          "ROUGE-Lsum | highlights that are whole sentences |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for language in languages.LANGUAGES:
        subset = [f for f in fixtures if f["language"] == language]
        refs = [f["highlights"] for f in subset]
        systems = {
            "Dateline": ([split_by_id.get(f["id"], []) for f in subset], [chosen_by_id.get(f["id"], []) for f in subset]),
            "Lead-3 (regex splitter)": ([split_sentences(f["article"]) for f in subset],
                                        [split_sentences(f["article"])[:3] for f in subset]),
            "Lead-3 (ends given)": ([f["sentences"] for f in subset], [f["sentences"][:3] for f in subset]),
        }
        for system, (splits, chosen) in systems.items():
            right = found = true = exact = 0
            whole = total = 0
            for fixture, split in zip(subset, splits):
                truth = fixture["sentences"]
                matched = len(set(split) & set(truth))
                right += matched
                found += len(split)
                true += len(truth)
                exact += split == truth
            for fixture, picks in zip(subset, chosen):
                for pick in picks:
                    total += 1
                    whole += pick in fixture["sentences"]
            precision, recall = right / max(found, 1), right / max(true, 1)
            f1 = 2 * precision * recall / max(precision + recall, 1e-9)
            r = score(scorer, refs, chosen, list(range(len(subset))))
            print(f"| {language} | {len(subset)} | {system} | {f1 * 100:.1f} | {exact}/{len(subset)} | {r[0]:.2f} | "
                  f"{r[1]:.2f} | {r[2]:.2f} | {whole}/{total} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True, help="the dateline executable")
    parser.add_argument("--data", required=True, help="cnn-2015-validation-1000.jsonl")
    parser.add_argument("--build", default="release", help="how the binary was built (printed with the table)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N stories (0: all)")
    parser.add_argument("--only", default="main,variants,languages",
                        help="comma-separated sections to run: main, variants, languages")
    parser.add_argument("--variant", default="", help="only the transformed copies whose name contains this")
    args = parser.parse_args()
    sections = set(args.only.split(","))

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
        data_path = write_jsonl(stories)
    references = [s["highlights"] for s in stories]
    articles = [DATELINE.sub("", s["article"], count=1) for s in stories]
    everything = list(range(len(stories)))
    held_out = [i for i in everything if i % 2 == 1]
    fitted = [i for i in everything if i % 2 == 0]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    if "main" in sections:
        main_section(args, stories, references, articles, everything, held_out, fitted, scorer, data_path, pinned)
        print()
    if "variants" in sections:
        variant_section(args, stories, references, held_out, scorer)
        print()
    if "languages" in sections:
        language_section(args, scorer)


def main_section(args, stories, references, articles, everything, held_out, fitted, scorer, data_path, pinned):
    results = {}
    by_id, speed = run_dateline(args.binary, data_path, len(stories), runs=3)
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
