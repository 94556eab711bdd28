"""Scores the wire queue's duplicate grouping against the truth build_set.py wrote.

Reads `dateline wire list --json` lines on standard input. Two items are predicted to tell one
story when they share a group (an item's duplicate_of, else its own id); pairwise precision and
recall are reported over all pairs, with recall per kind of rewriting.
"""

import itertools
import json
import sys
from collections import defaultdict


def main():
    truth = json.load(open(sys.argv[1], encoding="utf-8"))
    groups, kinds = truth["groups"], truth["kinds"]
    items = [json.loads(line) for line in sys.stdin if line.strip()]
    predicted = {}
    for item in items:
        predicted[item["guid"]] = item["duplicate_of"] if item["duplicate_of"] is not None else item["id"]
    guids = [g for g in predicted if g in groups]
    true_pairs, found_pairs = set(), set()
    for a, b in itertools.combinations(sorted(guids), 2):
        if groups[a] == groups[b]:
            true_pairs.add((a, b))
        if predicted[a] == predicted[b]:
            found_pairs.add((a, b))
    hits = true_pairs & found_pairs
    precision = len(hits) / len(found_pairs) if found_pairs else 1.0
    recall = len(hits) / len(true_pairs) if true_pairs else 1.0
    print(f"items {len(guids)}  true pairs {len(true_pairs)}  predicted pairs {len(found_pairs)}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    by_kind = defaultdict(lambda: [0, 0])
    for a, b in true_pairs:
        kind = kinds.get(a) or kinds.get(b)
        by_kind[kind][1] += 1
        if (a, b) in hits:
            by_kind[kind][0] += 1
    for kind in sorted(by_kind):
        found, total = by_kind[kind]
        print(f"  recall {kind:12s} {found}/{total} = {found / total:.3f}")


if __name__ == "__main__":
    main()
