#!/usr/bin/env python3
"""Fits Dateline's highlight scorer on the odd-numbered lines (1, 3, 5, …) of the CNN development set.

Reads the per-sentence features that `dateline highlights --jsonl IN --out OUT --features`
writes (the features are computed by the product itself, so the fit and the product never
disagree on them), labels each sentence by its ROUGE overlap with the story's real highlights,
fits a ridge regression (labels centred per story), chooses between label kinds (greedy-oracle
membership or per-sentence ROUGE), trimming on or off and the redundancy limit by a second split
*inside* the fitting lines (fit on lines 1, 5, 9, …, check on 3, 7, 11, …), and writes the weights as Swift source to
Sources/DatelineText/FittedHighlightWeights.swift. The even-numbered lines (2, 4, 6, …) are
never scored here: `run` reports on them as the held-out split.

The editors' signal (`dateline highlights --signal --database DB --out SIGNAL.jsonl`: what
editors kept, removed and wrote of the suggested highlights) can join the fit as extra stories:
`--signal SIGNAL.jsonl SIGNAL_FEATURES.jsonl`, the second file being the product's features for the
records' articles (`run --fit --signal SIGNAL.jsonl` makes it). In a record's story a sentence is
labelled 1 when the editor kept it or wrote a highlight from it (most of its terms in one added
highlight), 0 otherwise — removed suggestions are the explicit negatives. These stories are fitted
beside the dev set's fitting lines, never scored: the held-out split stays the dev set's even lines.

usage: fit.py FEATURES.jsonl DEV.jsonl [--signal SIGNAL.jsonl SIGNAL_FEATURES.jsonl] [--write]
"""

import json
import re
import sys
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent.parent / "Sources" / "DatelineText" / "FittedHighlightWeights.swift"
COUNT = 3
# Redundancy-aware set selection: the weights of overlap with the sentences already chosen tried.
DIVERSITY = (0.0, 0.05, 0.1)
STOP = set(
    """a about after all also an and are as at be been but by can could did do for from had has have he her his
    i in into is it its more not of on one or our out over said says she so some than that the their them they
    this to up was we were what when which who will with would you told cnn""".split()
)


def terms(text):
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'.\-]*", text.lower())
    return {w.strip(".'").removesuffix("'s") for w in words if w not in STOP}


def choose(sentences, scores, limit, diversity=0.0):
    """Mirrors HighlightSuggester.choose: one pick at a time, the best score less `diversity` times
    the overlap with the picks before, never a near repeat (overlap over `limit`); story order."""
    pool = [i for i, s in enumerate(sentences) if s["eligible"]] or list(range(len(sentences)))
    term_sets = {i: terms(sentences[i]["text"]) for i in pool}
    chosen = []
    while len(chosen) < COUNT:
        best = None
        for i in pool:
            if i in chosen:
                continue
            t = term_sets[i]
            overlap = max(
                [len(t & term_sets[j]) / min(len(t), len(term_sets[j])) for j in chosen if min(len(t), len(term_sets[j]))]
                or [0.0]
            )
            if overlap > limit:
                continue
            value = scores[i] - diversity * overlap
            if best is None or value > best[0]:
                best = (value, i)
        if best is None:
            break
        chosen.append(best[1])
    return sorted(chosen)


def signal_stories(records_path, features_path):
    """The editors' records as (sentences, labels) pairs, one per story whose editor kept or wrote a highlight."""
    records = [json.loads(line) for line in open(records_path, encoding="utf-8") if line.strip()]
    feats = [json.loads(line) for line in open(features_path, encoding="utf-8") if line.strip()]
    by_id = {str(f["id"]): f["sentences"] for f in feats}
    stories = []
    for record in records:
        if record.get("kind") != "highlights":
            continue
        sentences = by_id.get(str(record["story_id"]))
        if not sentences:
            continue
        kept = {" ".join(k.split()) for k in record.get("kept", [])}
        added = [terms(a) for a in record.get("added", [])]
        labels = []
        for s in sentences:
            t = terms(s["text"])
            wrote_from = any(t and a and len(t & a) / min(len(t), len(a)) >= 0.6 for a in added)
            labels.append(1.0 if " ".join(s["text"].split()) in kept or wrote_from else 0.0)
        if any(labels):
            stories.append((sentences, labels))
    return stories


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    features_path, dev_path = sys.argv[1], sys.argv[2]
    write = "--write" in sys.argv
    extra = []
    if "--signal" in sys.argv:
        at = sys.argv.index("--signal")
        extra = signal_stories(sys.argv[at + 1], sys.argv[at + 2])
        print(f"editors' signal: {len(extra)} stories with a kept or written highlight join the fit")
    dev = [json.loads(line) for line in open(dev_path, encoding="utf-8")]
    feats = [json.loads(line) for line in open(features_path, encoding="utf-8")]
    assert len(dev) == len(feats), "features and development set differ in length"
    even = [i for i in range(len(dev)) if i % 2 == 0]  # zero-based, so the file's lines 1, 3, 5, …
    fit_part = [i for i in even if i % 4 == 0]
    check_part = [i for i in even if i % 4 == 2]

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    def precision_label(i, variant):
        """Each sentence's ROUGE-1 precision plus ROUGE-2 F1 against the real highlights."""
        reference = "\n".join(dev[i]["highlights"])
        out = []
        for s in feats[i]["sentences"]:
            sc = scorer.score(reference, s[variant])
            out.append(sc["rouge1"].precision + sc["rouge2"].fmeasure)
        return out

    def oracle_label(i, variant):
        """1 for the sentences a greedy ROUGE-1 + ROUGE-2 oracle picks among the first 40, else 0."""
        reference = "\n".join(dev[i]["highlights"])
        sentences = feats[i]["sentences"]
        pool = [k for k, s in enumerate(sentences[:40]) if s["eligible"]]
        chosen, best = [], 0.0
        while len(chosen) < COUNT:
            pick = None
            for k in pool:
                if k in chosen:
                    continue
                sc = scorer.score(reference, "\n".join(sentences[j][variant] for j in sorted(chosen + [k])))
                value = sc["rouge1"].fmeasure + sc["rouge2"].fmeasure
                if value > best:
                    best, pick = value, k
            if pick is None:
                break
            chosen.append(pick)
        return [1.0 if k in chosen else 0.0 for k in range(len(sentences))]

    labels = {}
    for kind, make in (("oracle", oracle_label), ("precision", precision_label)):
        for variant in ("text", "trimmed"):
            labels[kind, variant] = {i: make(i, variant) for i in even}
            print(f"labelled: {kind} {variant}", flush=True)

    def fit(indices, kind, variant, ridge=1.0):
        xs, ys = [], []
        for i in indices:
            sentences = feats[i]["sentences"]
            ids = [k for k, s in enumerate(sentences) if s["eligible"]]
            if not ids:
                continue
            # Centred per story: the scorer only has to rank a story's sentences against each other.
            y = np.array([labels[kind, variant][i][k] for k in ids])
            xs.extend(sentences[k]["features"] for k in ids)
            ys.extend(y - y.mean())
        for sentences, story_labels in extra:
            ids = [k for k, s in enumerate(sentences) if s["eligible"]]
            if not ids:
                continue
            y = np.array([story_labels[k] for k in ids])
            xs.extend(sentences[k]["features"] for k in ids)
            ys.extend(y - y.mean())
        x = np.array(xs)
        y = np.array(ys)
        reg = ridge * np.eye(x.shape[1])
        reg[0, 0] = 0
        return np.linalg.solve(x.T @ x + reg, x.T @ y)

    def evaluate(indices, weights, variant, limit, diversity=0.0):
        totals = np.zeros(3)
        for i in indices:
            sentences = feats[i]["sentences"]
            scores = [float(np.dot(weights, s["features"])) for s in sentences]
            chosen = choose(sentences, scores, limit, diversity)
            prediction = "\n".join(sentences[k][variant] for k in chosen)
            sc = scorer.score("\n".join(dev[i]["highlights"]), prediction)
            totals += [sc["rouge1"].fmeasure, sc["rouge2"].fmeasure, sc["rougeLsum"].fmeasure]
        return totals / len(indices) * 100

    lead = np.zeros(3)
    for i in check_part:
        sentences = feats[i]["sentences"]
        sc = scorer.score("\n".join(dev[i]["highlights"]), "\n".join(s["text"] for s in sentences[:3]))
        lead += [sc["rouge1"].fmeasure, sc["rouge2"].fmeasure, sc["rougeLsum"].fmeasure]
    lead = lead / len(check_part) * 100
    print(f"Lead-3 on the checking part: R1 {lead[0]:.2f} R2 {lead[1]:.2f} RLsum {lead[2]:.2f}")
    best = None
    for kind in ("oracle", "precision"):
        for variant in ("text", "trimmed"):
            weights = fit(fit_part, kind, variant)
            for limit in (0.5, 0.7):
                for diversity in DIVERSITY:
                    r = evaluate(check_part, weights, variant, limit, diversity)
                    print(
                        f"{kind:9} {variant:8} limit={limit} diversity={diversity}: "
                        f"R1 {r[0]:.2f} R2 {r[1]:.2f} RLsum {r[2]:.2f}",
                        flush=True,
                    )
                    key = r[0] + r[1]
                    if best is None or key > best[0]:
                        best = (key, kind, variant, limit, diversity)
    _, kind, variant, limit, diversity = best
    print(f"chosen: label={kind} variant={variant} redundancy={limit} diversity={diversity}")
    weights = fit(even, kind, variant)
    fitted = evaluate(even, weights, variant, limit, diversity)
    print(f"on the lines it was fitted to: R1 {fitted[0]:.2f} R2 {fitted[1]:.2f} RLsum {fitted[2]:.2f}")
    if write:
        names = feats[0].get("feature_names")
        body = ",\n".join(f"        {w!r}" for w in weights.tolist())
        comment = f"  // {', '.join(names)}" if names else ""
        TARGET.write_text(
            "// Written by bench/highlights/fit.py: do not edit by hand; run the script again instead.\n\n"
            "/// Highlight scorer parameters fitted on the odd-numbered lines (1, 3, 5, …) of the CNN development stories.\n"
            "enum FittedHighlightWeights {\n"
            f"    /// One weight per feature, in the order of `HighlightFeatures.names`.{comment}\n"
            "    static let weights: [Double] = [\n"
            f"{body},\n"
            "    ]\n"
            "    /// Whether the fit found that clause trimming helps.\n"
            f"    static let trimsClauses = {'true' if variant == 'trimmed' else 'false'}\n"
            "    /// The redundancy limit the fit chose.\n"
            f"    static let redundancyLimit = {limit}\n"
            "    /// The score a sentence loses per share of its terms already chosen, as the fit chose it.\n"
            f"    static let diversityWeight = {diversity}\n"
            "}\n",
            encoding="utf-8",
        )
        print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
