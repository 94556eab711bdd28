#!/usr/bin/env python3
"""Fits the entity kind model (Sources/DatelineText/FittedEntityWeights.swift) on the dev split.

1. `dateline highlights --jsonl DEV --out F --entity-features` writes, for every document of
   conll2003-docs-train.jsonl (the dev split), every capitalised name the engine groups, with its
   forms and the features the product reads of it (a hidden flag of the command).
2. Each name is labelled with the annotators' kind of its forms (PER, LOC, ORG, MISC; the kind most
   of its forms carry), or NONE when no form of it is an annotated name.
3. A multinomial logistic regression (softmax, L2 penalty, plain gradient descent in numpy) is
   fitted on features seen in at least MIN_COUNT names; documents 1, 5, 9, ... are kept apart to
   choose the penalty, then the chosen penalty is refitted on every dev document.
4. `--write` writes the weights as Swift source, so the product ships them.

conll2003-docs-testa.jsonl (the held-out split) is never read here.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

import numpy as np

CLASSES = ["PER", "LOC", "ORG", "MISC", "NONE"]
MIN_COUNT = 3
TARGET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources", "DatelineText",
                      "FittedEntityWeights.swift")


def normal(name):
    return " ".join(unicodedata.normalize("NFC", name).split())


def candidates(binary, docs):
    with tempfile.TemporaryDirectory() as folder:
        source, out = os.path.join(folder, "in.jsonl"), os.path.join(folder, "out.jsonl")
        with open(source, "w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps({"id": doc["id"], "article": doc["text"]}) + "\n")
        done = subprocess.run([binary, "highlights", "--jsonl", source, "--out", out, "--entity-features"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"dateline failed ({done.returncode}):\n{done.stderr}")
        return {row["id"]: row["candidates"] for row in map(json.loads, open(out, encoding="utf-8"))}


def label(forms, doc):
    kinds = collections.Counter()
    for kind in CLASSES[:4]:
        names = {normal(name) for name in doc["entities"].get(kind, [])}
        kinds[kind] += sum(normal(form) in names for form in forms)
    kind, count = kinds.most_common(1)[0]
    return kind if count else "NONE"


def fit(rows, labels, features, penalty, steps=400, rate=0.5):
    x = np.zeros((len(rows), len(features)))
    index = {name: column for column, name in enumerate(features)}
    for row, names in enumerate(rows):
        for name in names:
            if name in index:
                x[row, index[name]] = 1.0
    y = np.zeros((len(rows), len(CLASSES)))
    y[np.arange(len(rows)), [CLASSES.index(kind) for kind in labels]] = 1.0
    w = np.zeros((len(features), len(CLASSES)))
    for _ in range(steps):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        gradient = x.T @ (p - y) / len(rows) + penalty * w
        w -= rate * gradient
    return w


def predict(w, features, names):
    index = {name: column for column, name in enumerate(features)}
    scores = np.zeros(len(CLASSES))
    for name in names:
        if name in index:
            scores += w[index[name]]
    return CLASSES[int(np.argmax(scores))]


def document_f1(docs, cands, w, features):
    """The bench's own measure (all PER/LOC/ORG forms of every name) on these documents."""
    tp = fp = fn = 0
    for doc in docs:
        found = {kind: set() for kind in CLASSES[:3]}
        for candidate in cands[doc["id"]]:
            kind = predict(w, features, candidate["features"])
            if kind in found:
                found[kind].update(normal(form) for form in candidate["forms"])
        for kind in CLASSES[:3]:
            truth = {normal(name) for name in doc["entities"].get(kind, [])}
            tp += len(found[kind] & truth)
            fp += len(found[kind] - truth)
            fn += len(truth - found[kind])
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return 2 * p * r / max(1e-9, p + r)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--penalty", type=float, help="skip the search and use this penalty")
    arguments = parser.parse_args()

    docs = [json.loads(line) for line in open(os.path.join(arguments.data, "conll2003-docs-train.jsonl"),
                                                encoding="utf-8")]
    cands = candidates(arguments.binary, docs)
    rows, labels, owners = [], [], []
    for position, doc in enumerate(docs):
        for candidate in cands.get(doc["id"], []):
            rows.append(candidate["features"])
            labels.append(label(candidate["forms"], doc))
            owners.append(position)
    counts = collections.Counter(name for names in rows for name in set(names))
    features = sorted(name for name, count in counts.items() if count >= MIN_COUNT)
    print(f"{len(docs)} dev documents, {len(rows)} names, {len(features)} features; labels "
          f"{dict(collections.Counter(labels))}", file=sys.stderr)

    check = {position for position in range(len(docs)) if position % 4 == 0}
    train = [i for i, owner in enumerate(owners) if owner not in check]
    best = (0.0, arguments.penalty) if arguments.penalty else None
    for penalty in [arguments.penalty] if arguments.penalty else (0.0003, 0.001, 0.003, 0.01):
        if arguments.penalty:
            break
        w = fit([rows[i] for i in train], [labels[i] for i in train], features, penalty)
        score = document_f1([docs[p] for p in sorted(check)], cands, w, features)
        print(f"penalty {penalty}: check-part F1 {100 * score:.1f}", file=sys.stderr)
        if best is None or score > best[0]:
            best = (score, penalty)
    w = fit(rows, labels, features, best[1])
    print(f"chosen penalty {best[1]}; dev F1 refitted on all dev documents "
          f"{100 * document_f1(docs, cands, w, features):.1f}", file=sys.stderr)

    if arguments.write:
        lines = ["// Written by bench/topics/fit.py: do not edit by hand; run the script again instead.", "",
                 f"/// Entity kind weights fitted on the {len(docs)} dev documents of CoNLL-2003 "
                 "(conll2003-docs-train.jsonl),",
                 f"/// L2 penalty {best[1]}; classes in the order of `EntityKindModel.classes` "
                 "(PER, LOC, ORG, MISC, none).",
                 "enum FittedEntityWeights {",
                 "    /// Feature name → one weight per class of `EntityKindModel.classes`.",
                 "    static let weights: [String: [Double]] = {",
                 "        var table: [String: [Double]] = [:]",
                 "        for (row, name) in names.enumerated() {",
                 "            table[name] = Array(values[(row * 5)..<(row * 5 + 5)])",
                 "        }",
                 "        return table",
                 "    }()",
                 "",
                 "    private static let names: [String] = ["]
        for name in features:
            lines.append(f"        {json.dumps(name, ensure_ascii=False)},")
        lines += ["    ]", "", "    private static let values: [Double] = ["]
        for column, name in enumerate(features):
            values = ", ".join(f"{value:.4f}" for value in w[column])
            lines.append(f"        {values},")
        lines += ["    ]", "}", ""]
        with open(TARGET, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
        print(f"wrote {os.path.normpath(TARGET)}", file=sys.stderr)


if __name__ == "__main__":
    main()
