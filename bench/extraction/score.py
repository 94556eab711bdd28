"""The Zyte article-extraction benchmark's metric, written from its description in
../shared/data/README.md: 4-token shingles of `\\w+` tokens, per-page precision and recall,
averaged over pages, F1 of the averages."""

import re
from collections import Counter

TOKEN = re.compile(r"\w+")


def shingles(text, size=4):
    """The multiset of `size`-token shingles of `text` (case-sensitive)."""
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_scores(predicted, truth):
    """(precision or None, recall or None) of one page; None where the page has nothing to average."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    if not pred and not true:
        return 1.0, 1.0
    precision = tp / (tp + fp) if pred else None
    recall = tp / (tp + fn) if true else None
    return precision, recall


def score(predictions, truth):
    """Averaged precision, recall, F1 and the number of pages with an empty prediction."""
    precisions, recalls, empty = [], [], 0
    for page_id, expected in truth.items():
        predicted = predictions.get(page_id, "")
        if not shingles(predicted):
            empty += 1
        precision, recall = page_scores(predicted, expected)
        if precision is not None:
            precisions.append(precision)
        if recall is not None:
            recalls.append(recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, empty
