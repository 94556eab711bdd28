"""Transformed copies of the dev stories, made at bench time (nothing is stored in the repository).

Each variant rewrites one CNN story the way copy really arrives in a newsroom. The bench cuts the
clean story into sentences first (its regex splitter, after removing the "(CNN)" dateline), so
every variant knows where the story's first three sentences are: `lead3` is those three sentences
in the variant's own form, the "Lead-3 with the sentence ends given" baseline.

All randomness is seeded by the story id, so every run makes the same copies.
"""

import hashlib
import random
import re

PLACES = ["WASHINGTON", "NEW YORK", "LOS ANGELES", "LONDON", "ATLANTA", "CHICAGO", "PARIS", "BEIJING",
          "MIAMI", "HOUSTON", "DENVER", "SEATTLE"]
SECTIONS = {"us": "US", "world": "WORLD", "politics": "POL", "health": "HEALTH", "tech": "TECH",
            "entertainment": "ENT", "sport": "SPT", "travel": "TRAVEL", "living": "LIFE", "opinions": "OPED"}


def rng_for(story, variant):
    digest = hashlib.sha256(f"{story['id']}:{variant}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def headline_of(story):
    """A headline made from the URL's last path part ("california-six-way-kidney-donation")."""
    parts = [p for p in story.get("url", "").split("/") if p and p != "index.html"]
    words = (parts[-1] if parts else "story").replace(".html", "").split("-")
    return " ".join(w.capitalize() for w in words if w)


def section_of(story):
    match = re.search(r"/\d{4}/\d\d/\d\d/([a-z]+)/", story.get("url", ""))
    return SECTIONS.get(match.group(1), "US") if match else "US"


# --- the transformations --------------------------------------------------------------------


def lowercase(story, sentences, rng):
    return story["article"].lower(), [s.lower() for s in sentences[:3]]


PTB_QUOTE = re.compile(r'"')


def ptb_tokens(text):
    """Penn Treebank style as the CNN/DailyMail research files have it, lower-cased."""
    out, quote_open = [], False
    # Separate quotes first, alternating `` and ''.
    pieces = []
    for char in text:
        if char in "\"\u201c\u201d":
            opening = char == "\u201c" or (char == '"' and not quote_open)
            quote_open = opening
            pieces.append(" `` " if opening else " '' ")
        else:
            pieces.append(char)
    text = "".join(pieces)
    text = re.sub(r"([,;:?!%$#&])", r" \1 ", text)
    text = re.sub(r"\.\.\.", " ... ", text)
    text = re.sub(r"(\w)\.(\s|$)", r"\1 .\2", text)  # a sentence-final or abbreviation-final period
    text = re.sub(r"([\w\.])\.(\s*$)", r"\1 .\2", text)
    text = re.sub(r"(?i)(\w)(n't)\b", r"\1 \2", text)
    text = re.sub(r"(?i)(\w)('s|'re|'ve|'ll|'d|'m)\b", r"\1 \2", text)
    text = re.sub(r"(\w)\u2019s\b", r"\1 's", text)
    text = text.replace("(", " -lrb- ").replace(")", " -rrb- ").replace("[", " -lsb- ").replace("]", " -rsb- ")
    text = re.sub(r" -- ", " -- ", text)
    return re.sub(r"[ \t]+", " ", text).strip().lower()


def tokenised(story, sentences, rng):
    return ptb_tokens(story["article"]), [ptb_tokens(s) for s in sentences[:3]]


def wire_slug(story, sentences, rng):
    head = headline_of(story).split()
    slug_words = "-".join(w for w in head[:3] if len(w) > 2) or "Story"
    section = section_of(story)
    place = rng.choice(PLACES)
    number = f"{rng.randint(1, 2399):04d}"
    form = rng.randrange(4)
    if form == 0:
        top = f"BC-{section}--{slug_words},{number}\n"
    elif form == 1:
        top = f"BC-{section}-{slug_words}, {rng.choice(['1st', '2nd', '3rd'])} Ld-Writethru,{number}\n"
    elif form == 2:
        top = f"AM-{slug_words}\nURGENT\n"
    else:
        top = f"BC-{section}--{slug_words},{number}\nBy {rng.choice(['MARIA LOPEZ', 'JOHN T. REED', 'ANA PARK'])}\nAssociated Press\n"
    dateline = rng.choice([f"{place} (AP) \u2014 ", f"{place} (AP) -- ", f"{place}, {rng.choice(['Calif.', 'Ga.', 'England'])} (Reuters) - ", f"{place} \u2014 "])
    body = " ".join(sentences)
    return top + dateline + body, sentences[:3]


def _strip_end(sentence):
    return re.sub(r"[.!?]+(?=[\"'\u201d\u2019)]*$)", "", sentence.rstrip())


def no_periods_lines(story, sentences, rng):
    """Sentence-final . ! ? removed, one sentence a line (captions, teleprompter feeds)."""
    plain = [_strip_end(s) for s in sentences]
    return "\n".join(plain), plain[:3]


def no_periods_run(story, sentences, rng):
    """Sentence-final . ! ? removed and the sentences run together (speech-to-text transcripts)."""
    plain = [_strip_end(s) for s in sentences]
    return " ".join(plain), plain[:3]


NAMED = {"'": ["&rsquo;", "&#8217;", "&#39;"], '"': ["&quot;", "&ldquo;"], "&": ["&amp;"],
         "\u2014": ["&mdash;"], "\u2013": ["&ndash;"], "\u00e9": ["&eacute;"], "\u00e1": ["&aacute;"],
         "\u00f1": ["&ntilde;"], "\u00fc": ["&uuml;"], "\u2019": ["&rsquo;", "&#x2019;"],
         "\u201c": ["&ldquo;", "&#8220;"], "\u201d": ["&rdquo;", "&#8221;"]}


def entity_text(text, rng, style):
    out = []
    quote_open = False
    for char in text:
        if char == '"':
            quote_open = not quote_open
            out.append(("&ldquo;" if quote_open else "&rdquo;") if style == 0 else "&quot;")
        elif char in NAMED:
            choices = NAMED[char]
            out.append(choices[min(style, len(choices) - 1)])
        elif char == "-" and out and out[-1] == "-":
            out[-1] = "&mdash;"
        else:
            out.append(char)
    text = "".join(out)
    # Feeds that hard-space after a sentence.
    return re.sub(r"\. (?=[A-Z])", lambda m: ". " if rng.random() < 0.7 else ".&nbsp;", text)


def entities(story, sentences, rng):
    style = rng.randrange(3)
    body = entity_text("(CNN) " + " ".join(sentences), rng, style)
    return body, [entity_text(s, rng, style) for s in sentences[:3]]


CAPITAL_RUN = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)+)\b")


def paragraphs_of(sentences, rng):
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= rng.choice([1, 2, 3]):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def markdown_sentence(sentence, rng, footnotes):
    match = CAPITAL_RUN.search(sentence[1:])
    if match and rng.random() < 0.5:
        name = match.group(1)
        slug = name.lower().replace(" ", "-")
        sentence = sentence.replace(name, f"[{name}](https://example.com/topics/{slug})", 1)
    elif match and rng.random() < 0.4:
        sentence = sentence.replace(match.group(1), f"**{match.group(1)}**", 1)
    words = sentence.split(" ")
    if len(words) > 6 and rng.random() < 0.3:
        i = rng.randrange(1, len(words) - 1)
        if re.fullmatch(r"[a-z]+", words[i]):
            words[i] = f"_{words[i]}_"
            sentence = " ".join(words)
    if rng.random() < 0.1:
        footnotes[0] += 1
        sentence += f"[{footnotes[0]}]"
    return sentence


def markdown(story, sentences, rng):
    footnotes = [0]
    marked = [markdown_sentence(s, rng, footnotes) for s in sentences]
    paragraphs = paragraphs_of(marked, rng)
    lines = [f"# {headline_of(story)}", ""]
    for number, paragraph in enumerate(paragraphs):
        if number == 3 and len(paragraphs) > 6:
            lines += ["## " + rng.choice(["What happened next", "Background", "The reaction"]), ""]
        if number == 2 and rng.random() < 0.3:
            lines += [f"![A photo of the scene](https://example.com/images/{story['id'][:8]}.jpg)", ""]
        lines += [" ".join(paragraph), ""]
    return "\n".join(lines), marked[:3]


def html_sentence(sentence, rng, footnotes):
    sentence = sentence.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    match = CAPITAL_RUN.search(sentence[1:])
    if match and rng.random() < 0.5:
        name = match.group(1)
        sentence = sentence.replace(name, f'<a href="https://example.com/topics/{name.lower().replace(" ", "-")}">{name}</a>', 1)
    elif match and rng.random() < 0.3:
        sentence = sentence.replace(match.group(1), f"<strong>{match.group(1)}</strong>", 1)
    words = sentence.split(" ")
    if len(words) > 6 and rng.random() < 0.3:
        i = rng.randrange(1, len(words) - 1)
        if re.fullmatch(r"[a-z]+", words[i]):
            words[i] = f"<em>{words[i]}</em>"
            sentence = " ".join(words)
    sentence = sentence.replace("'", "&rsquo;") if rng.random() < 0.5 else sentence
    if rng.random() < 0.08:
        footnotes[0] += 1
        sentence += f'<sup><a href="#fn{footnotes[0]}">[{footnotes[0]}]</a></sup>'
    return sentence


def html(story, sentences, rng):
    footnotes = [0]
    marked = [html_sentence(s, rng, footnotes) for s in sentences]
    parts = ['<article class="story">', f"<h1>{headline_of(story)}</h1>",
             '<div class="byline">By <a href="/profiles/staff">CNN Staff</a></div>']
    for number, paragraph in enumerate(paragraphs_of(marked, rng)):
        if number == 2:
            parts.append('<figure><img src="/photo.jpg" alt="Scene"><figcaption>The scene on Tuesday</figcaption></figure>')
        if number == 4:
            parts.append("<script>window.ads = window.ads || []; ads.push({slot: 'mid'});</script>")
        parts.append("<p>" + " ".join(paragraph) + "</p>")
    parts.append("</article>")
    return "\n  ".join(parts), marked[:3]


VARIANTS = {
    "lowercase": lowercase,
    "tokenised (PTB, lower case)": tokenised,
    "wire slug + dateline": wire_slug,
    "no sentence punctuation, a line each": no_periods_lines,
    "no sentence punctuation, run together": no_periods_run,
    "HTML entities": entities,
    "Markdown": markdown,
    "HTML": html,
}


def make(name, story, sentences):
    """(article text, the first three sentences in the variant's form) for one story."""
    return VARIANTS[name](story, sentences, rng_for(story, name))
