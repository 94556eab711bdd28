"""Lists the pages of one part where a system loses most F1, with what it missed and what it added.

Usage: losses.py RESULTS_DIR SET [--part fit] [--system dateline] [--top 20] [--show ID]

Only the fit part is meant to be looked at while changing the reader; the held-out part is for
reporting. RESULTS_DIR is a folder kept with DATELINE_BENCH_RESULTS.
"""

import argparse
import json
import os
import signal

from score import TOKEN, page_scores, shingles
from sets import part, read_truth


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("set_name")
    parser.add_argument("--part", default="fit")
    parser.add_argument("--system", default="dateline")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--show")
    args = parser.parse_args()
    folder = os.path.join(args.results, args.set_name)
    with open(os.path.join(folder, "dir.txt"), encoding="utf-8") as handle:
        truth = {k: v["articleBody"] for k, v in read_truth(handle.read().strip()).items() if v.get("articleBody") is not None}
    path = os.path.join(folder, args.system + ".json")
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    predictions = data["predictions"] if "predictions" in data else {k: v["articleBody"] for k, v in data.items()}
    other = {}
    if args.system != "trafilatura" and os.path.exists(os.path.join(folder, "trafilatura.json")):
        with open(os.path.join(folder, "trafilatura.json"), encoding="utf-8") as handle:
            other = json.load(handle)["predictions"]

    def f1(pred, true):
        p, r = page_scores(pred, true)
        p, r = p or 0.0, r or 0.0
        return (2 * p * r / (p + r) if p + r else 0.0), p, r

    if args.show:
        pred, true = predictions.get(args.show, ""), truth[args.show]
        print("F1 %.3f P %.3f R %.3f" % f1(pred, true))
        ps, ts = shingles(pred), shingles(true)
        print("--- missed (in truth, not predicted):")
        for line in true.split("\n"):
            tokens = TOKEN.findall(line)
            grams = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
            if grams and sum(g in ps for g in grams) < len(grams) / 2:
                print("  -", line[:200])
        print("--- added (predicted, not in truth):")
        for line in pred.split("\n"):
            tokens = TOKEN.findall(line)
            grams = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
            if grams and sum(g in ts for g in grams) < len(grams) / 2:
                print("  +", line[:200])
        return
    rows = []
    for page_id, true in truth.items():
        if part(args.set_name, page_id) != args.part:
            continue
        score, p, r = f1(predictions.get(page_id, ""), true)
        theirs = f1(other.get(page_id, ""), true)[0] if other else float("nan")
        rows.append((score, p, r, theirs, page_id, not shingles(predictions.get(page_id, ""))))
    rows.sort()
    print(f"{len(rows)} {args.part} pages of {args.set_name}; worst {args.top} for {args.system}")
    print("F1     P      R      traf   page")
    for score, p, r, theirs, page_id, empty in rows[: args.top]:
        print(f"{score:.3f}  {p:.3f}  {r:.3f}  {theirs:.3f}  {page_id}{'  EMPTY' if empty else ''}")


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    main()
