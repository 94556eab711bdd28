"""Scores every system's predictions with the benchmark metric and prints the comparison table.

Usage: report.py SET_DIR RESULTS_DIR — RESULTS_DIR holds dateline.json (+ dateline.seconds) and
<peer>.json files written by peers.py.
"""

import json
import os
import sys

from score import score

PEERS = ["trafilatura", "readability-lxml", "newspaper4k", "goose3", "justext", "html-text"]


def main():
    set_dir, results = sys.argv[1:3]
    with open(os.path.join(set_dir, "ground-truth.json"), encoding="utf-8") as handle:
        truth = {page_id: entry["articleBody"] for page_id, entry in json.load(handle).items()}
    rows = []
    with open(os.path.join(results, "dateline.json"), encoding="utf-8") as handle:
        dateline = {page_id: entry["articleBody"] for page_id, entry in json.load(handle).items()}
    with open(os.path.join(results, "dateline.seconds"), encoding="utf-8") as handle:
        dateline_seconds = float(handle.read().strip())
    rows.append(("dateline", dateline, dateline_seconds))
    for peer in PEERS:
        path = os.path.join(results, peer + ".json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            result = json.load(handle)
        rows.append((peer, result["predictions"], result["seconds"]))

    pages = len(truth)
    speeds = {name: pages / seconds if seconds > 0 else float("inf") for name, _, seconds in rows}
    reference = speeds.get("trafilatura")
    print(f"{pages} pages of {os.path.basename(os.path.normpath(set_dir))}; pages/s = pages per CPU-second on one core")
    print()
    print("| system | precision | recall | F1 | empty pages | pages/s | × trafilatura |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, predictions, _ in rows:
        precision, recall, f1, empty = score(predictions, truth)
        ratio = f"{speeds[name] / reference:.1f}" if reference else "–"
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {empty} | {speeds[name]:.1f} | {ratio} |")


if __name__ == "__main__":
    main()
