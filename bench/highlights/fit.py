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

usage: fit.py FEATURES.jsonl DEV.jsonl [--write]
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
STOP = set(
    """a about after all also an and are as at be been but by can could did do for from had has have he her his
    i in into is it its more not of on one or our out over said says she so some than that the their them they
    this to up was we were what when which who will with would you told cnn""".split()
)


def terms(text):
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'.\-]*", text.lower())
    return {w.strip(".'").removesuffix("'s") for w in words if w not in STOP}


def choose(sentences, scores, limit):
    """Mirrors HighlightSuggester.choose: best scores first, near repeats skipped, story order."""
    pool = [i for i, s in enumerate(sentences) if s["eligible"]] or list(range(len(sentences)))
    ranked = sorted(pool, key=lambda i: (-scores[i], i))
    chosen, chosen_terms = [], []
    for i in ranked:
        if len(chosen) == COUNT:
            break
        t = terms(sentences[i]["text"])
        if any(min(len(t), len(o)) and len(t & o) / min(len(t), len(o)) > limit for o in chosen_terms):
            continue
        chosen.append(i)
        chosen_terms.append(t)
    return sorted(chosen)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    features_path, dev_path = sys.argv[1], sys.argv[2]
    write = "--write" in sys.argv
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
        x = np.array(xs)
        y = np.array(ys)
        reg = ridge * np.eye(x.shape[1])
        reg[0, 0] = 0
        return np.linalg.solve(x.T @ x + reg, x.T @ y)

    def evaluate(indices, weights, variant, limit):
        totals = np.zeros(3)
        for i in indices:
            sentences = feats[i]["sentences"]
            scores = [float(np.dot(weights, s["features"])) for s in sentences]
            chosen = choose(sentences, scores, limit)
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
                r = evaluate(check_part, weights, variant, limit)
                print(f"{kind:9} {variant:8} limit={limit}: R1 {r[0]:.2f} R2 {r[1]:.2f} RLsum {r[2]:.2f}", flush=True)
                key = r[0] + r[1]
                if best is None or key > best[0]:
                    best = (key, kind, variant, limit)
    _, kind, variant, limit = best
    print(f"chosen: label={kind} variant={variant} redundancy={limit}")
    weights = fit(even, kind, variant)
    fitted = evaluate(even, weights, variant, limit)
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
            "}\n",
            encoding="utf-8",
        )
        print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
