""""It" and "its" resolved to the actor or programme a sentence is about.

An "it" that opens a sentence ("It was implemented by CIPA", "Its
headquarters are in Beijing") stands for the first name of the sentence
before, where the subject usually stands; so does one after an
introductory phrase ("Under the rules, it oversees ..."); one that opens a
coordinated clause ("Kazakhstan is not a member, but it has taken part
...") stands for the first name of its own sentence. Expletive "it" ("it is important to", "it
was agreed that") and names of persons and places are never antecedents;
"its" before a word only organisations have ("its headquarters", "its
members") stands for an organisation or programme. A definite description
already resolved ("the organisation") counts as the name it stands for.
The words and patterns come from ``[pronouns]`` in ``cues.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span

from ssrgraph.extract.mentions import by_sentence, token_texts

__all__ = ["pronoun_antecedents"]


def pronoun_antecedents(doc: Doc, sentences: list[Span], mentions: list, table: dict) -> list[tuple[int, object]]:
    """(token index of the pronoun, the mention it stands for) for every resolvable "it"/"its"."""
    pronouns = set(table.get("words", ["it", "its"]))
    openers = set(table.get("clause_openers", []))
    introductions = set(table.get("introductions", []))
    classes = set(table.get("classes", []))
    expletive = re.compile(table.get("expletive", r"^$"), re.IGNORECASE)
    starts = [s.start for s in sentences]
    organisation_nouns = set(table.get("organisation_nouns", []))
    organisation_classes = set(table.get("organisation_classes", []))
    grouped = by_sentence([m for m in mentions if m.cls in classes], sentences)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for i, text in enumerate(token_texts(doc)):
        if text.lower() not in pronouns or i in covered:
            continue
        index = bisect_right(starts, i) - 1
        if index < 0:
            continue
        sent, token = sentences[index], doc[i]
        rest = doc[token.i + 1:min(token.i + 6, sent.end)].text
        if token.lower_ == "it" and expletive.search(rest):
            continue
        before = doc[token.i - 1] if token.i > sent.start else None
        wanted = (organisation_classes if token.lower_ == "its" and token.i + 1 < sent.end
                  and doc[token.i + 1].lower_ in organisation_nouns else classes)
        groups = {k: [m for m in grouped[k] if m.cls in wanted] for k in (index - 1, index) if k >= 0}
        opens_sentence = token.i == starts[index] or all(t.is_punct for t in doc[starts[index]:token.i]) or (
            doc[starts[index]].lower_ in introductions and before is not None and before.text == ","
            and not any(t.text == "," for t in doc[starts[index]:token.i - 1]))
        if opens_sentence and index > 0 and groups[index - 1]:
            found.append((token.i, groups[index - 1][0]))
        elif before is not None and before.lower_ in openers:
            earlier = [m for m in groups[index] if m.end <= token.i]
            if earlier:
                found.append((token.i, earlier[0]))
            elif index > 0 and groups[index - 1]:
                found.append((token.i, groups[index - 1][0]))
    return found
