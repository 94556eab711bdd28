#!/usr/bin/env python3
"""Writes a synthetic archive of story pages in the scraped-text layout `dateline import` reads.

Every name, place and sentence is assembled here from invented syllables and sentence patterns,
seeded, so the same arguments always give the same archive. Pages are spread over folders of
1,000 so no directory grows too large.

    generate.py OUT_DIR [--stories 100000] [--seed 2026]
"""

import argparse
import os
import random

SECTIONS = ["World", "U.S.", "Politics", "Business", "Technology", "Health", "Sports", "Entertainment", "Travel", "Science"]
ONSETS = ["b", "br", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "r", "s", "st", "t", "tr", "v", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"]
CODAS = ["", "n", "r", "s", "l", "th", "nd", "sk", "m", "v"]
NOUNS = ["council", "port authority", "union", "ministry", "court", "hospital board", "rail company", "university",
         "water agency", "museum", "orchestra", "football club", "airline", "bank", "weather service", "school board"]
VERBS = ["approved", "rejected", "delayed", "announced", "opened", "closed", "expanded", "reviewed", "funded", "suspended"]
THINGS = ["a new bridge", "the harbour plan", "a bus network", "the annual budget", "a solar farm", "the old library",
          "a flood barrier", "the night train", "a vaccine programme", "the city marathon", "a fishing quota",
          "the tram extension", "a housing scheme", "the river clean-up", "a wind park", "the summer festival"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def word(rng, syllables):
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)).capitalize()


def person(rng):
    return f"{word(rng, rng.randint(1, 2))} {word(rng, rng.randint(2, 3))}"


def sentence(rng, place, people, organisation):
    pattern = rng.randrange(6)
    number = rng.randint(2, 900)
    if pattern == 0:
        return f"The {organisation} of {place} {rng.choice(VERBS)} {rng.choice(THINGS)} on {rng.choice(DAYS)}, officials said."
    if pattern == 1:
        return (f"\"We have waited {number} days for this,\" said {rng.choice(people)}, who has followed "
                f"{rng.choice(THINGS)} since it was first proposed.")
    if pattern == 2:
        return f"About {number} people gathered outside the {rng.choice(NOUNS)} building in {place} as the decision was read out."
    if pattern == 3:
        return (f"{rng.choice(people)} said {rng.choice(THINGS)} would cost {number} million crowns and take "
                f"{rng.randint(2, 9)} years to finish.")
    if pattern == 4:
        return f"Critics of the {organisation} said {rng.choice(THINGS)} had been {rng.choice(VERBS)} without enough debate."
    return f"A spokesperson for the {rng.choice(NOUNS)} said a final report would follow within {rng.randint(2, 12)} weeks."


def story(rng, index):
    place = word(rng, rng.randint(2, 3))
    country = word(rng, 2) + "ia"
    organisation = rng.choice(NOUNS)
    people = [person(rng) for _ in range(3)]
    thing = rng.choice(THINGS)
    verb = rng.choice(VERBS)
    headline = f"{place} {organisation} {verb} {thing} (No. {index})"
    paragraphs = []
    for _ in range(rng.randint(8, 14)):
        paragraphs.append(" ".join(sentence(rng, place, people, organisation) for _ in range(rng.randint(2, 3))))
    highlights = [
        f"{place} {organisation} {verb} {thing}",
        f"{people[0]} says the decision changes daily life in {place}",
        f"Work is due to start within {rng.randint(2, 18)} months",
    ]
    lines = ["Skip to main content", "", headline, "", "  \u2022 Story Highlights"]
    lines += [f"  \u2022 {h}" for h in highlights]
    lines += [f"  \u2022 Next Article in {rng.choice(SECTIONS)} \u00bb", "Decrease font Decrease font", "Enlarge font Enlarge font", ""]
    lines += [f"By {person(rng)}", ""]
    first = f"{place.upper()}, {country} (Dateline) -- " + paragraphs[0]
    lines += [first, ""]
    for paragraph in paragraphs[1:]:
        lines += [paragraph, ""]
    lines += [f"All About {place} \u2022 {people[0]} \u2022 {country}", "", "  \u2022 E-mail", "  \u2022 Save"]
    return rng.choice(SECTIONS), "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    for index in range(1, arguments.stories + 1):
        _, text = story(rng, index)
        folder = os.path.join(arguments.out, f"{(index - 1) // 1000:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{index:06d}.txt"), "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
