"""Scores every system's predictions on every set with the benchmark metric, per part of the split
(sets.py), and prints the tables.

Usage: report.py RESULTS_DIR SET [SET ...] — RESULTS_DIR/<set>/ holds dir.txt (the set's folder),
dateline.json + dateline.seconds, and <peer>.json files written by peers.py. Also writes
RESULTS_DIR/<set>/pages.tsv: each page's part and each system's page F1, for looking at losses.
"""

import json
import os
import sys

from score import page_scores, score, shingles
from sets import part, read_truth

PEERS = ["trafilatura", "readability-lxml", "newspaper4k", "goose3", "justext", "html-text"]
PARTS = ["held-out", "fit"]


def load_systems(results):
    rows = []
    with open(os.path.join(results, "dateline.json"), encoding="utf-8") as handle:
        dateline = {page_id: entry["articleBody"] for page_id, entry in json.load(handle).items()}
    with open(os.path.join(results, "dateline.seconds"), encoding="utf-8") as handle:
        rows.append(("dateline", dateline, float(handle.read().strip() or 0)))
    for peer in PEERS:
        path = os.path.join(results, peer + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                result = json.load(handle)
            rows.append((peer, result["predictions"], result["seconds"]))
    return rows


def snippet_checks(predictions, entries):
    """(passed, total) over the pages that publish only snippets: each `with` snippet must be in the
    output and each `without` snippet must not."""
    passed = total = 0
    for page_id, entry in entries.items():
        text = " ".join((predictions.get(page_id) or "").split())
        for snippet in entry["snippets"]["with"]:
            total += 1
            passed += " ".join(snippet.split()) in text
        for snippet in entry["snippets"]["without"]:
            total += 1
            passed += " ".join(snippet.split()) not in text
    return passed, total


def f1_cell(predictions, truth):
    if not truth:
        return ["–"] * 4
    precision, recall, f1, empty = score(predictions, truth)
    return [f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}", str(empty)]


def report_set(results, set_name, pooled):
    folder = os.path.join(results, set_name)
    with open(os.path.join(folder, "dir.txt"), encoding="utf-8") as handle:
        set_dir = handle.read().strip()
    entries = read_truth(set_dir)
    truth = {page_id: entry["articleBody"] for page_id, entry in entries.items() if entry.get("articleBody") is not None}
    snippets = {page_id: entry for page_id, entry in entries.items() if entry.get("snippets")}
    parts = {name: {page_id: text for page_id, text in truth.items() if part(set_name, page_id) == name} for name in PARTS}
    rows = load_systems(folder)
    speeds = {name: len(entries) / seconds if seconds > 0 else float("inf") for name, _, seconds in rows}
    reference = speeds.get("trafilatura")

    print(f"### {set_name}: {len(truth)} pages scored ({len(parts['fit'])} fit, {len(parts['held-out'])} held-out)")
    print()
    header = "| system | held-out P | held-out R | held-out F1 | held-out empty | fit P | fit R | fit F1 | fit empty | all F1 | all empty | pages/s | × trafilatura |"
    if snippets:
        header += " snippet checks |"
    print(header)
    print("|" + " --- |" + " ---: |" * (header.count("|") - 2))
    for name, predictions, _ in rows:
        cells = [name] + f1_cell(predictions, parts["held-out"]) + f1_cell(predictions, parts["fit"])
        _, _, f1, empty = score(predictions, truth)
        cells += [f"{f1:.3f}", str(empty), f"{speeds[name]:.1f}", f"{speeds[name] / reference:.1f}" if reference else "–"]
        if snippets:
            passed, total = snippet_checks(predictions, snippets)
            cells.append(f"{passed}/{total}")
        print("| " + " | ".join(cells) + " |")
        for name_part in PARTS:
            for page_id, text in parts[name_part].items():
                pooled.setdefault((name, name_part), {})[f"{set_name}/{page_id}"] = (predictions.get(page_id, ""), text)
    print()

    with open(os.path.join(folder, "pages.tsv"), "w", encoding="utf-8") as handle:
        handle.write("page\tpart\ttrue_shingles\t" + "\t".join(name for name, _, _ in rows) + "\n")
        for page_id, text in sorted(truth.items()):
            cells = [page_id, part(set_name, page_id), str(sum(shingles(text).values()))]
            for _, predictions, _ in rows:
                precision, recall = page_scores(predictions.get(page_id, ""), text)
                precision, recall = precision or 0.0, recall or 0.0
                cells.append(f"{2 * precision * recall / (precision + recall) if precision + recall else 0.0:.3f}")
            handle.write("\t".join(cells) + "\n")


def main():
    results, set_names = sys.argv[1], sys.argv[2:]
    pooled = {}
    print("pages/s = pages per CPU-second of the extraction calls on one core; P/R/F1 = the benchmark's shingle metric;")
    print("empty = pages whose output has no 4-token shingle (counted, and costing recall)")
    print()
    for set_name in set_names:
        report_set(results, set_name, pooled)
    if len(set_names) > 1:
        print("### every set together (each page weighs the same)")
        print()
        print("| system | held-out P | held-out R | held-out F1 | held-out empty | fit P | fit R | fit F1 | fit empty |")
        print("| --- |" + " ---: |" * 8)
        for name in dict.fromkeys(name for name, _ in pooled):
            cells = [name]
            for name_part in PARTS:
                pages = pooled.get((name, name_part), {})
                cells += f1_cell({k: v[0] for k, v in pages.items()}, {k: v[1] for k, v in pages.items()})
            print("| " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
