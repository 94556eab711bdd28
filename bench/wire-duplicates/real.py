"""Real re-publications in the development data: does the wire queue group them, and only them?

The extraction development sets hold, by chance, a few stories that two sites (or one site twice)
published: an AP or Reuters story carried by two outlets, a page captured twice, a trimmed and a
longer version of one agency story. This finds every candidate pair without Dateline (word
5-gram containment of the shorter body in the longer, at least 0.2), checks them against the
judgements in real-pairs.json (written here by reading each pair: the same story, or not), and
scores what the wire queue grouped after every body was imported as its own ninjs item from its
own "agency".

The items' bodies are either the sets' gold texts or what Dateline's extractor read from each
page (`dateline extract --set`), which is what a followed source puts in the queue; the
candidates and judgements always come from the gold texts, so they do not depend on Dateline.

  python3 real.py build DATA_DIR OUT_DIR [EXTRACTED_DIR]   items (gold, or EXTRACTED_DIR/<set>.json
                                                           bodies) and candidates.json
  python3 real.py score CANDIDATES JUDGEMENTS WIRE.sqlite
"""

import itertools
import json
import os
import re
import sqlite3
import sys
from collections import defaultdict

SETS = ["zyte-dev", "dragnet-dev"]
MINIMUM_WORDS = 80
CANDIDATE_CONTAINMENT = 0.2


def paragraphs(text):
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n")]
    return [p for p in parts if p]


def load(data_root, extracted=None):
    bodies = {}
    for name in SETS:
        path = os.path.join(data_root, "extraction", name, "ground-truth.json")
        if extracted:
            path = os.path.join(extracted, f"{name}.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            truth = json.load(handle)
        for key in sorted(truth):
            body = paragraphs(truth[key].get("articleBody") or "")
            if len(re.findall(r"\w+", " ".join(body))) >= MINIMUM_WORDS:
                bodies[f"{name}:{key}"] = (body, truth[key].get("url"))
    return bodies


def shingles(text, size=5):
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def candidates(bodies):
    """Pairs whose shorter body shares at least CANDIDATE_CONTAINMENT of its 5-grams with the longer."""
    sets = {key: shingles(" ".join(body)) for key, (body, _) in bodies.items()}
    holders = defaultdict(set)
    for key, grams in sets.items():
        for gram in grams:
            holders[gram].add(key)
    shared = defaultdict(int)
    for keys in holders.values():
        # A 5-gram in twenty or more bodies is boilerplate, not evidence of one story.
        if 1 < len(keys) < 20:
            for pair in itertools.combinations(sorted(keys), 2):
                shared[pair] += 1
    found = {}
    for (a, b), count in shared.items():
        containment = count / min(len(sets[a]), len(sets[b]))
        if containment >= CANDIDATE_CONTAINMENT:
            found[f"{a} {b}"] = round(containment, 3)
    return found


def build(data_root, out, extracted=None):
    gold = load(data_root)
    # The same pages either way: those whose gold text is long enough to judge.
    bodies = gold if not extracted else {k: v for k, v in load(data_root, extracted).items() if k in gold}
    items = os.path.join(out, "items")
    os.makedirs(items, exist_ok=True)
    for index, (key, (body, url)) in enumerate(sorted(bodies.items())):
        item = {
            "uri": f"urn:real:{key}",
            "type": "text",
            "version": "1",
            "headlines": [{"role": "main", "value": " ".join(body[0].split()[:12])}],
            "bodies": [{"role": "main", "contenttype": "text/plain", "value": "\n\n".join(body)}],
            "infosources": [{"name": f"agency {key}"}],
        }
        with open(os.path.join(items, f"{index:05d}.json"), "w", encoding="utf-8") as handle:
            json.dump(item, handle)
    with open(os.path.join(out, "candidates.json"), "w", encoding="utf-8") as handle:
        json.dump(candidates(gold), handle)
    print(f"{len(bodies)} bodies of at least {MINIMUM_WORDS} words", file=sys.stderr)


def score(candidates_path, judgements_path, database):
    found = json.load(open(candidates_path, encoding="utf-8"))
    judged = json.load(open(judgements_path, encoding="utf-8"))["pairs"]
    # Read from the scratch database: `wire list` shows at most 1,000 items.
    connection = sqlite3.connect(database)
    group = {}
    for item_id, guid, duplicate_of in connection.execute("SELECT id, guid, duplicate_of FROM wire_items"):
        group[guid.removeprefix("urn:real:")] = duplicate_of if duplicate_of is not None else item_id
    predicted = set()
    members = defaultdict(list)
    for key, root in group.items():
        members[root].append(key)
    for keys in members.values():
        for a, b in itertools.combinations(sorted(keys), 2):
            predicted.add(f"{a} {b}")
    unjudged = sorted(set(found) - set(judged))
    if unjudged:
        print("candidate pairs without a judgement (add them to real-pairs.json):")
        for pair in unjudged:
            print(f"  {pair} ({found[pair]})")
    same = [pair for pair, entry in judged.items() if entry["verdict"] == "same"]
    different = [pair for pair, entry in judged.items() if entry["verdict"] == "different"]
    unsure = [pair for pair, entry in judged.items() if entry["verdict"] == "related"]
    grouped_same = [pair for pair in same if pair in predicted]
    grouped_different = [pair for pair in different if pair in predicted]
    outside = sorted(predicted - set(judged))
    true_positives = len(grouped_same)
    false_positives = len(grouped_different) + len(outside)
    precision = true_positives / (true_positives + false_positives) if true_positives + false_positives else 1.0
    recall = true_positives / len(same) if same else 1.0
    print(f"items {len(group)}  candidate pairs {len(found)}  judged: {len(same)} same story, "
          f"{len(different)} different stories, {len(unsure)} related (one contains the other's story)")
    print(f"grouped pairs {len(predicted)}: {true_positives} same story, {len(grouped_different)} judged "
          f"different, {len(outside)} outside the candidates")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for pair in same:
        mark = "grouped" if pair in predicted else "MISSED"
        print(f"  same      {mark:8s} {pair} ({found.get(pair, '–')}): {judged[pair]['note']}")
    for pair in unsure:
        mark = "grouped" if pair in predicted else "apart"
        print(f"  related   {mark:8s} {pair} ({found.get(pair, '–')}): {judged[pair]['note']}")
    for pair in grouped_different + outside:
        print(f"  WRONGLY grouped {pair} ({found.get(pair, '–')})")


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) == 5 else None)
    elif len(sys.argv) == 5 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
