"""Builds a duplicate-grouping test set from the development data by controlled rewriting.

Each article body (ground truth of the extraction sets, read from ../shared/data and never
copied into the repository) becomes one original ninjs item; a share of them also get copies from
other "agencies" made by one rewriting each: trimmed (the last third of the paragraphs cut),
re-headlined (a new headline, same body), reordered (paragraphs shuffled), or all three at once.
Items are written to a scratch folder as ninjs files named so that every original is imported
before its copies. The truth (which files tell one story) is written beside them as truth.json.
"""

import json
import os
import random
import sys

KINDS = ["trimmed", "reheadlined", "reordered", "combined"]


def paragraphs(text):
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n")]
    return [p for p in parts if len(p.split()) >= 4]


def load(data_root, limit_per_set):
    bodies = []
    for name in ["zyte-dev", "dragnet-dev"]:
        path = os.path.join(data_root, "extraction", name, "ground-truth.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            truth = json.load(handle)
        count = 0
        for key in sorted(truth):
            body = paragraphs(truth[key].get("articleBody") or "")
            words = sum(len(p.split()) for p in body)
            if len(body) >= 3 and words >= 120:
                bodies.append((f"{name}:{key}", body))
                count += 1
                if count >= limit_per_set:
                    break
    return bodies


def ninjs(uri, source, headline, body):
    return {
        "uri": uri,
        "type": "text",
        "version": "1",
        "headlines": [{"role": "main", "value": headline}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": "\n\n".join(body)}],
        "infosources": [{"name": source}],
    }


def main():
    data_root, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 400
    rng = random.Random(17)
    bodies = load(data_root, limit)
    os.makedirs(out, exist_ok=True)
    truth = {}
    copies = []
    for index, (key, body) in enumerate(bodies):
        headline = " ".join(body[0].split()[:10])
        name = f"a-{index:05d}.json"
        truth[f"urn:bench:{index}:orig"] = index
        with open(os.path.join(out, name), "w", encoding="utf-8") as handle:
            json.dump(ninjs(f"urn:bench:{index}:orig", "Agency A", headline, body), handle)
        if rng.random() < 0.6:
            kind = rng.choice(KINDS)
            copy = list(body)
            new_headline = headline
            if kind in ("trimmed", "combined"):
                copy = copy[: max(2, (len(copy) * 2 + 2) // 3)]
            if kind in ("reordered", "combined"):
                rng.shuffle(copy)
            if kind in ("reheadlined", "combined"):
                new_headline = "Report: " + " ".join(reversed(headline.split()[:6]))
            copies.append((index, kind, new_headline, copy))
    for number, (index, kind, headline, body) in enumerate(copies):
        uri = f"urn:bench:{index}:{kind}"
        truth[uri] = index
        with open(os.path.join(out, f"b-{number:05d}.json"), "w", encoding="utf-8") as handle:
            json.dump(ninjs(uri, "Agency B", headline, body), handle)
    with open(os.path.join(out, "..", "truth.json"), "w", encoding="utf-8") as handle:
        json.dump({"groups": truth, "kinds": {f"urn:bench:{i}:{k}": k for i, k, _, _ in copies}}, handle)
    print(f"{len(bodies)} originals, {len(copies)} copies", file=sys.stderr)


if __name__ == "__main__":
    main()
