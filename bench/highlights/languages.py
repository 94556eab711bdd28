"""Loads languages.txt: short French, Spanish, German and Portuguese news stories written for
this bench, each with its sentences (the splitting reference) and highlights."""

import os

LANGUAGES = ["fr", "es", "de", "pt"]
PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "languages.txt")


def load(path=PATH):
    stories, current = [], None
    paragraph = []

    def close_paragraph():
        if paragraph:
            current["paragraphs"].append(list(paragraph))
            paragraph.clear()

    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if line.startswith("#") and current is None:
            continue
        if line.startswith("=== "):
            if current:
                close_paragraph()
            story_id, language = line[4:].split()
            current = {"id": story_id, "language": language, "highlights": [], "paragraphs": []}
            stories.append(current)
        elif current is None:
            continue
        elif line.startswith("> "):
            current["highlights"].append(line[2:])
        elif not line.strip():
            close_paragraph()
        else:
            paragraph.append(line.strip())
    if current:
        close_paragraph()
    for story in stories:
        story["sentences"] = [s for p in story["paragraphs"] for s in p]
        story["article"] = "\n\n".join(" ".join(p) for p in story["paragraphs"])
    return stories
