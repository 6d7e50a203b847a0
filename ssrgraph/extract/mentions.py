"""Mentions, the unit the name passes produce, and the helpers every pass shares.

A :class:`Mention` is a span of tokens naming an entity, with how it was
found (``kind``). :class:`MentionIndex` answers "which mentions start in, or
overlap, these tokens" in logarithmic time, so that no pass rescans every
mention of a document for each phrase (quadratic in the document's length);
:func:`by_sentence` groups mentions per sentence once. The remaining
helpers read a document the way all passes need it: its text and words
computed once, reference lines told apart from prose, and the state a
sentence or section is about.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.attrs import IDX, LENGTH, SPACY
from spacy.tokens import Doc, Span

__all__ = ["Mention", "MentionIndex", "by_sentence", "made_from", "document_text", "token_texts", "token_spaces",
           "is_reference", "is_capitalised", "name_word_at", "resolve_overlaps", "sentence_state", "section_states", "YEAR_TOKEN",
           "POSSESSIVES"]

YEAR_TOKEN = re.compile(r"^(19|20)\d\d([-–](19|20)?\d\d)?$")
"""A year or a span of years as one token ("2019", "2019-2021", "2019–22")."""

POSSESSIVES = {"its", "their"}
"""Possessive pronouns that stand for an organisation or a state ("its members", "their border troops")."""

_PRIORITY = {"known": 0, "acronym": 1, "person": 2, "body": 2, "discovered": 3, "short": 3, "demonym": 4,
             "coref": 5}


@dataclass
class Mention:
    """A span of tokens naming an entity; ``kind`` says how it was found."""

    start: int
    end: int
    entity: str
    cls: str
    kind: str
    owner: str | None = None
    title: str | None = None
    inner: list[str] = field(default_factory=list)

    @property
    def state(self) -> str | None:
        """The state this mention names, directly or through its capital (``seat``)."""
        return self.entity if self.cls == "State" else self.seat

    seat: str | None = None
    metonymy: bool = False
    phrase_end: int | None = None
    """Where the noun phrase the name heads ends, when a word of its kind follows it ("the Partnership for
    Peace programme"): the parser reads the whole phrase as one name."""

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end


def is_capitalised(token) -> bool:
    """Whether a word starts with a capital letter ("Kazakhstan", "EU-funded", "OSCE's")."""
    text = token.text
    return text[:1].isupper() and (text[0].isalpha() or any(c.isalpha() for c in text))


def name_word_at(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a capitalised word in mid-sentence, as the words of a name are ("Military" in
    "the 201st Military Base"); sentence openings and tokens outside the Doc are not."""
    return 0 < i < len(doc) and not doc[i].is_sent_start and doc[i].text[:1].isupper() and doc[i].is_alpha


_FOOTNOTE = re.compile(r"^\s*(?:\d{1,3}|\[\d{1,3}\])\s+(?!(?:January|February|March|April|May|June|July|August|"
                       r"September|October|November|December)\b)[A-Z]")


def made_from(doc: Doc, text: str) -> Doc:
    """Record the text ``doc`` was tokenised from, so that :func:`document_text` need not rebuild it."""
    doc.user_data["ssr_text"] = text
    return doc


def document_text(doc: Doc) -> str:
    """The Doc's text, computed once (spaCy rebuilds ``Doc.text`` from its tokens on every access)."""
    if "ssr_text" not in doc.user_data:
        doc.user_data["ssr_text"] = doc.text
    return doc.user_data["ssr_text"]


def token_texts(doc: Doc) -> list[str]:
    """The Doc's words as strings, listed once and cut from its text (a loop reading ``doc[i].text``
    builds a Token and a str each time)."""
    if "ssr_texts" not in doc.user_data:
        text, spans = document_text(doc), doc.to_array([IDX, LENGTH]).tolist()
        doc.user_data["ssr_texts"] = [text[start:start + length] for start, length in spans]
    return doc.user_data["ssr_texts"]


def token_spaces(doc: Doc) -> list[bool]:
    """Whether a space follows each of the Doc's words, listed once (read from the Doc's arrays, not its tokens)."""
    if "ssr_spaces" not in doc.user_data:
        doc.user_data["ssr_spaces"] = doc.to_array(SPACY).astype(bool).tolist()
    return doc.user_data["ssr_spaces"]


def is_reference(sent: Span, text: str) -> bool:
    """Whether a sentence sits in a footnote or reference line: these state no relations.

    A footnote line starts with its number and a capital ("12 J. Smith, ..."); a
    short sentence holding a web address is a reference too.
    """
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    line_end = text.find("\n", line_start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return bool(_FOOTNOTE.match(line)) or (len(sent) < 12 and "http" in text[sent.start_char:sent.end_char])


class MentionIndex:
    """Mentions sorted by start, for range and overlap lookups in logarithmic time.

    The passes that look around a phrase for mentions would otherwise rescan
    every mention of the document for each phrase, which is quadratic in the
    length of the document.
    """

    def __init__(self, mentions: Iterable[Mention]):
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.longest = max((m.end - m.start for m in self.mentions), default=0)

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions starting in [start, end), in text order."""
        return self.mentions[bisect_left(self.starts, start):bisect_left(self.starts, end)]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions sharing a token with [start, end)."""
        return [m for m in self.within(start - self.longest, end) if m.end > start]


def by_sentence(mentions: list[Mention], sentences: list[Span]) -> list[list[Mention]]:
    """The mentions starting in each sentence, grouped in one pass, so per-sentence work never rescans the document."""
    starts = [sent.start for sent in sentences]
    groups: list[list[Mention]] = [[] for _ in sentences]
    for m in sorted(mentions, key=lambda m: m.start):
        index = bisect_right(starts, m.start) - 1
        if index >= 0:
            groups[index].append(m)
    return groups


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest, most trusted mention wherever mentions overlap."""
    ranked = sorted(mentions, key=lambda m: (-(m.end - m.start), _PRIORITY[m.kind], m.start))
    taken: set[int] = set()
    kept: list[Mention] = []
    for m in ranked:
        span = range(m.start, m.end)
        if not taken.intersection(span):
            kept.append(m)
            taken.update(span)
    return sorted(kept, key=lambda m: m.start)


def sentence_state(doc: Doc, sent_index: int, mentions: MentionIndex | list[Mention], sentences: list[Span],
                   section_states: list[str | None], window: int = 2) -> str | None:
    """The one state a sentence is about: named in it, else in the ``window`` before, else its section's."""
    text = document_text(doc)
    index = mentions if isinstance(mentions, MentionIndex) else MentionIndex(mentions)
    for back in range(window + 1):
        i = sent_index - back
        if i < 0:
            break
        sent = sentences[i]
        if back and is_reference(sent, text):
            continue
        if back and "\n\n" in text[sent.start_char + len(sent.text.rstrip()):sentences[i + 1].start_char]:
            break
        states = {m.state for m in index.within(sent.start, sent.end) if m.state and m.kind != "coref"}
        if len(states) == 1:
            return states.pop()
        if len(states) > 1:
            return None
    return section_states[sent_index]


def section_states(doc: Doc, sentences: list[Span], mentions: list[Mention]) -> list[str | None]:
    """For each sentence, the state named by the last heading above it (a short line without a full stop)."""
    current = None
    states = []
    index = MentionIndex(mentions)
    for sent in sentences:
        if len(sent) > 8:
            states.append(current)
            continue
        text = sent.text.strip()
        if text and text[-1] not in ".!?:;,":
            named = {m.entity for m in index.within(sent.start, sent.end) if m.cls == "State"}
            current = named.pop() if len(named) == 1 else None
        states.append(current)
    return states
