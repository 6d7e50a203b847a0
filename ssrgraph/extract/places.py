"""Places the data libraries miss, found by how texts write places.

"in Cholpon-Ata, Kyrgyzstan" (a name between a preposition and a comma
before a state, which is where it lies), "the town of Naryn", "Batken province": a capitalised
name (words may be joined by hyphens) in one of these frames is a place.
The words come from ``[places]`` in ``names.toml``.
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span

from ssrgraph.extract.mentions import token_spaces, token_texts

__all__ = ["contextual_places"]


def _name_word(text: str) -> bool:
    return text[:1].isupper() and text.replace("'", "").isalpha() and not text.isupper()


def _name_at(texts: list[str], spaced: list[bool], start: int, limit: int) -> int:
    """The end of a capitalised name starting at ``start`` ("Cholpon - Ata", "Jalal - Abad"), or ``start``
    (``texts``: the sentence's words, ``spaced``: whether each is followed by a space; indexed from 0)."""
    end = start
    while end < limit and _name_word(texts[end]):
        end += 1
        if end + 1 < limit and texts[end] == "-" and not spaced[end - 1] and _name_word(texts[end + 1]):
            end += 1
    return end


def contextual_places(doc: Doc, sent: Span, covered: Container[int], states: Container[int],
                      table: dict) -> list[tuple[int, int, int | None]]:
    """(start, end, start of the state it lies in or None) of the places ``sent`` writes as places;
    ``states`` are the token starts of state names."""
    prepositions = set(table.get("prepositions", []))
    before = {tuple(phrase.split()) for phrase in table.get("before", [])}
    lengths = sorted({len(words) for words in before})
    after = set(table.get("after", []))
    texts = token_texts(doc)[sent.start:sent.end]
    lowers = [t.lower() for t in texts]
    spaced = token_spaces(doc)[sent.start:sent.end]
    offset = sent.start
    found = []
    i, limit = 0, len(texts)
    while i < limit:
        if not texts[i][:1].isupper():
            i += 1
            continue
        end = _name_at(texts, spaced, i, limit)
        if end == i or any(j + offset in covered for j in range(i, end)):
            i = max(end, i + 1)
            continue
        previous = lowers[i - 1] if i > 0 else ""
        introduced = any(i >= n and tuple(lowers[i - n:i]) in before for n in lengths)
        followed_by_state = end + 1 < limit and texts[end] == "," and end + 1 + offset in states
        kind_after = end < limit and lowers[end] in after
        if introduced or kind_after or (previous in prepositions and followed_by_state):
            found.append((i + offset, end + offset, end + 1 + offset if followed_by_state else None))
        i = end
    return found
