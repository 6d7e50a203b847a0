"""Places the data libraries miss, found by how texts write places.

"in Cholpon-Ata, Kyrgyzstan" (a name between a preposition and a comma
before a state, which is where it lies), "the town of Naryn", "Batken province": a capitalised
name (words may be joined by hyphens) in one of these frames is a place.
The words come from ``[places]`` in ``names.toml``.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span

__all__ = ["contextual_places"]


def _name_word(text: str) -> bool:
    return text[:1].isupper() and text.replace("'", "").isalpha() and not text.isupper()


def _name_at(doc: Doc, start: int, limit: int) -> int:
    """The end of a capitalised name starting at ``start`` ("Cholpon - Ata", "Jalal - Abad"), or ``start``."""
    end = start
    while end < limit and _name_word(doc[end].text):
        end += 1
        if end + 1 < limit and doc[end].text == "-" and not doc[end - 1].whitespace_ and _name_word(doc[end + 1].text):
            end += 1
    return end


def contextual_places(doc: Doc, sent: Span, covered: Container[int], states: Container[int],
                      table: dict) -> list[tuple[int, int, int | None]]:
    """(start, end, start of the state it lies in or None) of the places ``sent`` writes as places;
    ``states`` are the token starts of state names."""
    prepositions = set(table.get("prepositions", []))
    before = [phrase.split() for phrase in table.get("before", [])]
    after = set(table.get("after", []))
    found = []
    i = sent.start
    while i < sent.end:
        end = _name_at(doc, i, sent.end)
        if end == i or any(j in covered for j in range(i, end)):
            i = max(end, i + 1)
            continue
        previous = doc[i - 1].lower_ if i > sent.start else ""
        introduced = any(i - len(words) >= sent.start and [t.lower_ for t in doc[i - len(words):i]] == words
                         for words in before)
        followed_by_state = end + 1 < sent.end and doc[end].text == "," and end + 1 in states
        kind_after = end < sent.end and doc[end].lower_ in after
        if introduced or kind_after or (previous in prepositions and followed_by_state):
            found.append((i, end, end + 1 if followed_by_state else None))
        i = end
    return found
