"""Names with a year or a number: exercises, operations and strategies the gazetteer cannot list.

"Operation Kanal-2008", "Rubezh-2019", "Zapad 2021", "Steppe Eagle 2019",
"Vision 2030": a capitalised name joined to a year (one token with a
hyphen, or the next word) is the name of something dated. What it is comes
from ``[numbered]`` in ``names.toml``: the head word before it ("Operation",
"Exercise", "Strategy") or, for a bare name and year, the class of dated
names (exercises: ``Event``) when a cue before it says a dated thing is
meant ("took part in", "hosted", "the exercise"). Months (``months``, in
lower case) are never names ("in May 2021").
"""

from __future__ import annotations

import re
from collections.abc import Container

from spacy.tokens import Doc, Span

from ssrgraph.extract.mentions import token_texts

__all__ = ["numbered_names"]

_HYPHEN_YEAR = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)*-(?:19|20)\d\d$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _capitalised(text: str) -> bool:
    return text[:1].isupper() and text[1:].islower() and text.isalpha()


def numbered_names(doc: Doc, sent: Span, covered: Container[int], table: dict,
                   months: Container[str]) -> list[tuple[int, int, str]]:
    """(start, end, class) of the dated names in ``sent`` that no other mention covers."""
    heads = table.get("heads", {})
    before_heads = {key.lower(): value for key, value in heads.items()}
    cues = set(table.get("cues", []))
    bare = table.get("bare_class", "Event")
    found = []
    texts = token_texts(doc)
    for i in range(sent.start, sent.end):
        text = texts[i]
        if not text[-1:].isdigit():
            continue
        hyphenated = bool(_HYPHEN_YEAR.match(text))
        if hyphenated:
            start, end = i, i + 1
        elif _YEAR.match(text) and i - 1 > sent.start and _capitalised(doc[i - 1].text) \
                and doc[i - 1].lower_ not in months:
            start, end = i - 1, i + 1
        else:
            continue
        while start - 1 > sent.start and _capitalised(doc[start - 1].text) and doc[start - 1].lower_ not in months:
            start -= 1
        if any(j in covered for j in range(start, end)):
            continue
        previous = doc[start - 1].lower_ if start > sent.start else ""
        after_the = doc[start - 2].lower_ if previous == "the" and start - 1 > sent.start else ""
        if doc[start].text in heads and end - start > 1:
            cls = heads[doc[start].text]
        elif previous in before_heads:
            cls = before_heads[previous]
        elif hyphenated or previous in cues or after_the in cues:
            cls = bare
        else:
            continue
        found.append((start, end, cls))
    return found
