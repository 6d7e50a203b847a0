"""Acronyms a text defines, and every later use of them (a pass of ``ssr_entities``).

"Public Advisory Council (PAC)", "BICC (Bonn International Centre for
Conflict Studies)" and "the KPF, the Kestrel Peace Fund, ..." define an
acronym, found the Schwartz-Hearst way (the letters of the short form, in
order, from the end of the long form); each other use of the acronym, or
its plural, is then a mention of the same entity.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ssrgraph.extract.mentions import Mention, is_capitalised, token_texts

__all__ = ["ACRONYM", "AcronymNames"]

ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&\-]*[A-Z0-9][s]?$")
"""A word that may be an acronym: capital first, a capital or digit last ("OSCE", "UNODC", "G5", "NGOs")."""


def _schwartz_hearst(short: str, words: list[str]) -> int | None:
    """Index of the first word of the shortest long form of ``short`` ending with ``words``."""
    letters = [c.lower() for c in short.rstrip("s") if c.isalnum()]
    if len(letters) < 2 or not words:
        return None
    long_text = " ".join(words).lower()
    s, l = len(letters) - 1, len(long_text) - 1
    while s >= 0:
        c = letters[s]
        while l >= 0 and (long_text[l] != c or (s == 0 and l > 0 and long_text[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        s -= 1
        l -= 1
    start_char = l + 1
    count = long_text[:start_char].count(" ")
    first = words[count] if count < len(words) else ""
    if not first or first[0].lower() != letters[0]:
        return None
    return count if len(words) - count <= len(letters) + 5 else None


class AcronymNames:
    """The acronym pass of :class:`~ssrgraph.extract.entities.EntityLinker` (its tables come from there)."""

    def _acronyms(self, doc: Doc, mentions: list[Mention], registry) -> list[Mention]:
        """Acronym definitions in brackets, either way round, or an acronym with its full name in apposition
        ("the KPF, the Kestrel Peace Fund, ..."); then every other use of the acronym."""
        defined: dict[str, tuple[str, str]] = {}
        texts = token_texts(doc)
        for sent in doc.sents:
            for i in range(sent.start + 1, sent.end - 2):
                if texts[i] != "(" or texts[i + 2] != ")":
                    continue
                short = texts[i + 1]
                if not ACRONYM.match(short) or sum(c.isupper() for c in short) < 2:
                    continue
                before = next((m for m in mentions if m.end == i and m.kind != "coref"), None)
                if before is not None:
                    defined.setdefault(short, (before.entity, before.cls))
                    registry[before.entity].aliases.add(short)
                    continue
                window = [t for t in doc[max(sent.start, i - len(short) - 5):i]]
                first = _schwartz_hearst(short, [t.text for t in window])
                if first is None:
                    continue
                tokens = window[first:]
                if not all(is_capitalised(t) or t.lower_ in self.connectors or t.text == "-" for t in tokens):
                    continue
                cls = self._name_class(tokens)
                if cls is None:
                    continue
                label = doc[tokens[0].i:tokens[-1].i + 1].text
                ident = self._entity(registry, label, cls, alias=short)
                defined.setdefault(short, (ident, cls))
                mentions.append(Mention(tokens[0].i, tokens[-1].i + 1, ident, cls, "acronym"))
            for i in range(sent.start, sent.end - 3):
                short = texts[i]
                if texts[i + 1] != "(" or not ACRONYM.match(short) or sum(c.isupper() for c in short) < 2:
                    continue
                close = next((j for j in range(i + 2, min(i + 16, sent.end)) if texts[j] == ")"), None)
                if close is None or close - i < 4:
                    continue
                tokens = list(doc[i + 2:close])
                if _schwartz_hearst(short, [t.text for t in tokens]) != 0:
                    continue
                inside = next((m for m in mentions if m.start == i + 2 and m.end == close and m.kind != "coref"), None)
                if inside is not None:
                    ident, cls = inside.entity, inside.cls
                    registry[ident].aliases.add(short)
                else:
                    cls = self._name_class(tokens)
                    if cls is None or not all(is_capitalised(t) or t.lower_ in self.connectors or t.text == "-" for t in tokens):
                        continue
                    ident = self._entity(registry, doc[i + 2:close].text, cls, alias=short)
                    mentions.append(Mention(i + 2, close, ident, cls, "acronym"))
                defined.setdefault(short, (ident, cls))
            for i in range(sent.start, sent.end - 3):
                short = texts[i]
                if texts[i + 1] != "," or not ACRONYM.match(short) or sum(c.isupper() for c in short) < 2:
                    continue
                start = i + 3 if doc[i + 2].lower_ == "the" else i + 2
                named = next((m for m in mentions if m.start == start and m.kind != "coref"), None)
                if named is not None and _schwartz_hearst(short, [t.text for t in doc[named.start:named.end]]) == 0:
                    registry[named.entity].aliases.add(short)
                    defined.setdefault(short, (named.entity, named.cls))
        found = []
        for position, text in enumerate(texts):
            key = text if text in defined else text[:-1] if text.endswith("s") and text[:-1] in defined else None
            if key is not None:
                ident, cls = defined[key]
                found.append(Mention(position, position + 1, ident, cls, "acronym"))
        return found
