"""The ``ssr_entities`` spaCy component: find entity mentions and link them to entities.

Mentions come from, in order of trust:

1. known names from ``actors.ttl`` (acronyms in capitals match with their case);
2. acronyms defined in the text, either way round ("Public Advisory Council
   (PAC)", "BICC (Bonn International ...)"), Schwartz-Hearst style;
3. unknown names, discovered from capitalised runs by their head noun
   (``names.toml``), persons by titles and role nouns, states and places
   from the data libraries of :mod:`ssrgraph.extract.gazetteers`;
4. generic bodies of a state (``bodies.toml``), owned through an adjective, a
   possessive, an "of" phrase or the one state in sight;
5. definite descriptions and pronouns pointing back to a recent entity.

The result is ``doc._.ssr_mentions`` (sorted, non-overlapping) and
``doc._.ssr_entities`` (id -> :class:`~ssrgraph.extract.model.Entity`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ssrgraph.extract import gazetteers
from ssrgraph.extract.knowledge import PATTERN_DIR, Knowledge, load_knowledge
from ssrgraph.ontology import DATA_FILES
from ssrgraph.extract.model import Entity, slugify
from ssrgraph.extract.numbered import numbered_names
from ssrgraph.extract.places import contextual_places
from ssrgraph.extract.pronouns import pronoun_antecedents

__all__ = ["Mention", "EntityLinker", "sentence_state", "section_states", "is_reference", "document_text",
           "token_texts"]

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_YEAR_TOKEN = re.compile(r"^(19|20)\d\d([-–](19|20)?\d\d)?$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&\-]*[A-Z0-9][s]?$")
_PRIORITY = {"known": 0, "acronym": 1, "person": 2, "body": 2, "discovered": 3, "short": 3, "demonym": 4,
             "coref": 5}

if not Doc.has_extension("ssr_mentions"):
    Doc.set_extension("ssr_mentions", default=None)
    Doc.set_extension("ssr_entities", default=None)


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

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end


def _is_cap(token) -> bool:
    """Whether a word starts with a capital letter ("Kazakhstan", "EU-funded", "OSCE's")."""
    text = token.text
    return text[:1].isupper() and (text[0].isalpha() or any(c.isalpha() for c in text))


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


_FOOTNOTE = re.compile(r"^\s*(?:\d{1,3}|\[\d{1,3}\])\s+(?!(?:January|February|March|April|May|June|July|August|"
                       r"September|October|November|December)\b)[A-Z]")


def document_text(doc: Doc) -> str:
    """The Doc's text, computed once (spaCy rebuilds ``Doc.text`` from its tokens on every access)."""
    if "ssr_text" not in doc.user_data:
        doc.user_data["ssr_text"] = doc.text
    return doc.user_data["ssr_text"]


def token_texts(doc: Doc) -> list[str]:
    """The Doc's words as strings, listed once (a loop reading ``doc[i].text`` builds a Token and a str each time)."""
    if "ssr_texts" not in doc.user_data:
        doc.user_data["ssr_texts"] = [t.text for t in doc]
    return doc.user_data["ssr_texts"]


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


class EntityLinker:
    """Find and link entity mentions; see the module docstring for the order of evidence."""

    def __init__(self, nlp: Language, name: str = "ssr_entities", *, actors: str = "", patterns: str = ""):
        self.name = name
        self.sources = (Path(patterns) if patterns else PATTERN_DIR, Path(actors) if actors else DATA_FILES["actors"])
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.knowledge: Knowledge | None = None

    def initialize(self, get_examples=None, *, nlp=None):
        """Load names from the data files and build the phrase matchers."""
        self.knowledge = load_knowledge(*self.sources)
        k = self.knowledge
        self.exact = PhraseMatcher(self.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(self.vocab, attr="LOWER")
        self.bodies = PhraseMatcher(self.vocab, attr="LOWER")
        self.descriptions = PhraseMatcher(self.vocab, attr="LOWER")
        tokenizer = self.make_doc
        self.demonyms: dict[str, str] = {}
        self.seats: dict[str, str] = {}
        for actor in k.actors.values():
            for name in (actor.label, *actor.aliases):
                target = self.exact if _ACRONYM.match(name) and name.upper() == name else self.caseless
                target.add(actor.id, [tokenizer(name)])
            for demonym in actor.demonyms:
                self.demonyms[demonym] = actor.id
            if actor.seat_of:
                self.seats[actor.id] = actor.seat_of
        self.topic_nouns = set(k.body_topics)
        self.body_givers = set(k.body_givers)
        self.body_phrases = {phrase for body in k.bodies for phrase in body["phrases"]}
        for number, body in enumerate(k.bodies):
            self.bodies.add(str(number), [tokenizer(p) for p in body["phrases"]])
        events = k.names.get("events", {})
        self.event_nouns = PhraseMatcher(self.vocab, attr="LOWER")
        self.event_nouns.add("event", [tokenizer(noun) for noun in events.get("nouns", [])])
        self.event_modifiers_not = set(events.get("modifiers_not", []))
        self.months = {m.lower() for m in events.get("months", [])}
        for phrase in k.cues.get("coreference", {}).get("descriptions", {}):
            self.descriptions.add(phrase, [tokenizer(phrase)])
        names = k.names
        self.heads: dict[str, str] = names["heads"]
        self.located_heads = set(names.get("located_heads", []))
        self.phrase_heads: dict[str, str] = names.get("phrase_heads", {})
        self.connectors = set(names["connectors"])
        self.prepositions = set(names.get("prepositions", []))
        self.not_start = set(names.get("not_name_start", []))
        self.titles = sorted(names["persons"]["titles"], key=len, reverse=True)
        self.title_starts = {t.split()[0] for t in self.titles}
        self.leading_titles = set(names["persons"].get("leading_titles", []))
        self.roles = set(names["persons"].get("roles", []))
        self.reporting = set(names["persons"].get("reporting_verbs", []))
        self.kinds = {key.lower(): cls for key, cls in names.get("kinds", {}).items()}
        self.numbered = names.get("numbered", {})
        self.known_names = {(name.lower(), actor.cls): actor.id for actor in k.actors.values()
                            for name in (actor.label, *actor.aliases)}
        self.locatives = {"in", "at", "near", "from", "outside", "around", "to", "of", "via", "town", "city",
                          "village", "capital"}
        index = load_lookups("en", ["lemma_index"]).get_table("lemma_index")
        self.dictionary = {word for pos in ("noun", "verb", "adj", "adv") for word in index.get(pos, [])}
        self.name_words = {word.lower() for actor in k.actors.values()
                           for name in (actor.label, *actor.aliases, *actor.demonyms) for word in name.split()}
        return self

    # ------------------------------------------------------------------ helpers

    def _entity(self, registry: dict[str, Entity], label: str, cls: str, alias: str | None = None,
                sectors=()) -> str:
        ident = slugify(label)
        known = self.knowledge.actors.get(ident)
        if known is not None and known.cls == cls:
            return self._known(registry, ident, alias)
        entity = registry.setdefault(ident, Entity(ident, label, cls))
        if alias and alias != entity.label:
            entity.aliases.add(alias)
        entity.sectors.update(sectors)
        return ident

    def _known(self, registry: dict[str, Entity], ident: str, alias: str | None = None) -> str:
        actor = self.knowledge.actors[ident]
        entity = registry.get(ident)
        if entity is None:
            entity = registry[ident] = Entity(ident, actor.label, actor.cls, set(actor.aliases),
                                              set(actor.sectors), known=True)
        if alias and alias != entity.label:
            entity.aliases.add(alias)
        return ident

    def _head_index(self, tokens: list) -> int:
        """Position of a name's head: the last capitalised word before the first preposition."""
        head = 0
        for index, token in enumerate(tokens):
            if token.lower_ in self.prepositions:
                break
            if token.text[:1].isupper():
                head = index
        return head

    def _name_class(self, tokens: list) -> str | None:
        """Class of a capitalised name from its head noun (the last capital word before a preposition)."""
        text = " ".join(t.text for t in tokens)
        for phrase, cls in self.phrase_heads.items():
            if phrase in text:
                return cls
        head = None
        for token in tokens:
            if token.lower_ in self.prepositions:
                break
            if token.text[:1].isupper():
                head = token.text
        if head is None:
            return None
        return self.heads.get(head) or self.heads.get(head.capitalize())

    # ------------------------------------------------------------------ passes

    def _known_mentions(self, doc: Doc) -> list[Mention]:
        found = []
        for matcher, caseless in ((self.exact, False), (self.caseless, True)):
            for match_id, start, end in matcher(doc):
                ident = self.vocab.strings[match_id]
                if caseless and not doc[start].text[:1].isupper() and not doc[start].is_digit:
                    continue
                if any("\n" in t.whitespace_ for t in doc[start:end - 1]):
                    continue
                found.append(Mention(start, end, ident, self.knowledge.actors[ident].cls, "known"))
        return found

    def _runs(self, doc: Doc, sent: Span, known: list[Mention]) -> list[tuple[int, int]]:
        """Maximal runs of capitalised words (with connectors inside) in a sentence, as (start, end).

        A hyphenated modifier opening a run ("Russian-led", "EU-funded") is not
        part of the name, and "and" after a head noun or before "the" ends one
        name and starts another ("the X Institute and the Y Foundation",
        "Aldervane and the Swiss Agency ..."); "in" before a known state or
        place (``known``: the sentence's known mentions) ends one too.
        """
        place_starts = {m.start for m in known if m.kind == "known" and m.cls in ("State", "Place")}
        runs = []
        i = sent.start
        while i < sent.end:
            token = doc[i]
            if (i + 2 < sent.end and doc[i + 1].text == "-" and not token.whitespace_
                    and doc[i + 2].text[:1].islower()):
                i += 3
                continue
            if not _is_cap(token) or token.text in self.not_start and not (
                    i + 1 < sent.end and _is_cap(doc[i + 1]) and token.text not in ("The", "A", "An", "In", "On")):
                i += 1
                continue
            j = i + 1
            last_cap = i
            while j < sent.end and "\n" not in doc[j - 1].whitespace_:
                t = doc[j]
                if _is_cap(t) or (_YEAR_TOKEN.match(t.text) and doc[j - 1].lower_ in ("for", "of")):
                    last_cap = j
                elif t.lower_ == "and" and (doc[j - 1].text in self.heads or (
                        j + 1 < sent.end and doc[j + 1].lower_ == "the")):
                    break
                elif t.lower_ == "in" and j + 1 < sent.end and j + 1 in place_starts and not (
                        doc[j - 1].text in self.located_heads):
                    break
                elif t.lower_ in self.connectors:
                    pass
                elif t.text == "-" and not doc[j - 1].whitespace_ and not t.whitespace_:
                    pass
                elif t.lower_ in ("'s", "’s") and j + 1 < sent.end and _is_cap(doc[j + 1]) and _is_cap(doc[j - 1]):
                    pass
                elif doc[j - 1].text == "-" and not doc[j - 1].whitespace_ and (t.is_alpha or t.is_digit):
                    last_cap = j
                else:
                    break
                j += 1
            runs.append((i, last_cap + 1))
            i = max(last_cap + 1, i + 1)
        return runs

    def _discover(self, doc: Doc, sent: Span, runs: list[tuple[int, int]], taken: list[Mention],
                  registry) -> list[Mention]:
        """Names not in the gazetteer among a sentence's capitalised ``runs``; ``taken`` are its known mentions."""
        found = []
        for start, end in runs:
            if start == sent.start and start + 1 < end and doc[start + 1].lower_ in ("the", "a", "an"):
                start += 2
            while start < end and doc[start].text in self.not_start:
                start += 1
            owner = None
            if start < end and doc[start].text in self.demonyms and end - start > 1:
                owner = self.demonyms[doc[start].text]
            if end - start < 2:
                continue
            if owner and doc[start + 1:end].text.lower() in self.body_phrases:
                continue
            tokens = list(doc[start:end])
            cls = self._name_class(tokens)
            if cls is None or all(t.is_upper or not t.is_alpha for t in tokens):
                continue
            first = next((m for m in taken if m.kind == "known" and m.start <= start < m.end), None)
            if first is not None and (first.start < start or self._head_index(tokens) < first.end - start
                                      or first.end >= end or not _is_cap(doc[first.end])):
                continue
            inner = [m for m in taken if m.kind == "known" and start <= m.start and m.end <= end and not m.metonymy
                     and not (m.end == end and m.end - m.start == 1 and not doc[m.start].is_upper)]
            inner_ios = [m for m in inner if m.cls == "InternationalOrganisation"]
            inner_states = [m for m in inner if m.cls == "State"]
            reclass = self.knowledge.names.get("reclassify", {})
            if inner_ios and cls in reclass.get("inside_international_organisation", []):
                cls = "InternationalOrganisation"
            elif (inner_states or owner) and cls in reclass.get("inside_state", []):
                cls = "StateAgency"
            label = doc[start:end].text
            ident = self._entity(registry, label, cls)
            found.append(Mention(start, end, ident, cls, "discovered", owner=owner,
                                 inner=[m.entity for m in inner]))
        return found

    def _introduced_names(self, doc: Doc, sent: Span, taken: list[Mention], registry) -> list[Mention]:
        """Names introduced by their kind, with no head noun of their own: "the public foundation
        Kelechek", "the Kyrgyz NGO \"Adilet\"", or a quoted title ("the project \"Strengthening Regional
        Capacity for Peace in Central Asia\"") (``[kinds]`` in ``names.toml``). A quoted title is one
        name even where it holds other names ("the project \"Safer Borders for Tajikistan\"")."""
        covered = {i for m in taken for i in range(m.start, m.end)}
        found = []
        texts = token_texts(doc)
        for i in range(sent.start + 1, sent.end):
            quoted = texts[i] in ('"', "“", "'", "‘")
            start = i + 1 if quoted else i
            if start >= sent.end or (start in covered and not quoted) or not texts[start][:1].isupper() \
                    or not _is_cap(doc[start]) \
                    or doc[start].text in self.not_start:
                continue
            kind = next((self.kinds[key] for key in (f"{doc[i - 2].lower_} {doc[i - 1].lower_}" if i >= 2 else "",
                                                      doc[i - 1].lower_) if key in self.kinds), None)
            if kind is None:
                continue
            if start > i:
                end = next((j for j in range(start, min(start + 20, sent.end))
                            if doc[j].text in ('"', "”", "'", "’")), None)
                if end is None or end == start or i in covered or end in covered:
                    continue
            else:
                end = start
                while end < sent.end and end - start < 4 and _is_cap(doc[end]) and end not in covered:
                    end += 1
                if any(t.lower_ in self.dictionary for t in doc[start:end]) and end - start == 1:
                    continue
            ident = self._entity(registry, doc[start:end].text, kind)
            found.append(Mention(start, end, ident, kind, "discovered"))
            covered.update(range(start, end))
        return found

    def _numbered_names(self, doc: Doc, sent: Span, taken: list[Mention], registry) -> list[Mention]:
        """Exercises, operations and strategies named with a year (:mod:`.numbered`)."""
        covered = {i for m in taken for i in range(m.start, m.end)}
        found = []
        for start, end, cls in numbered_names(doc, sent, covered, self.numbered, self.months):
            found.append(Mention(start, end, self._entity(registry, doc[start:end].text, cls), cls, "discovered"))
        return found

    def _contextual_places(self, doc: Doc, sent: Span, taken: list[Mention], registry) -> list[Mention]:
        """Places written as places ("in Cholpon-Ata, Kyrgyzstan", "the town of Naryn"): :mod:`.places`."""
        covered = {i for m in taken for i in range(m.start, m.end)}
        states = {m.start: m.entity for m in taken if m.cls == "State"}
        table = self.knowledge.names.get("places", {})
        return [Mention(start, end, self._entity(registry, doc[start:end].text, "Place"), "Place", "discovered",
                        owner=states.get(state)) for start, end, state in contextual_places(doc, sent, covered, states, table)]

    def _library_names(self, doc: Doc, sent: Span, runs: list[tuple[int, int]], taken: list[Mention],
                       registry) -> list[Mention]:
        """States and places the gazetteer lacks, from the data libraries (:mod:`.gazetteers`).

        A name that is also an English word ("Reading", "Nice") counts only
        where a place is expected: after "in", "at", "from" ..., or before
        "-based".
        """
        states, places = gazetteers.states(), gazetteers.places()
        covered = {i for m in taken for i in range(m.start, m.end)}
        found = []
        for start, end in self._library_spans(doc, sent, runs, places):
            text = doc[start:end].text
            if covered.intersection(range(start, end)) or (text not in states and text not in places):
                continue
            common = end - start == 1 and doc[start].lower_ in self.dictionary
            before = doc[start - 1].lower_ if start > 0 else ""
            based = end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].lower_ in ("based",
                                                                                                 "headquartered")
            if common and before not in self.locatives and not based:
                continue
            if text in states:
                ident = self._library_entity(registry, states[text], "State", text)
            else:
                ident = self._library_entity(registry, places[text][0], "Place", text)
            found.append(Mention(start, end, ident, registry[ident].cls, "discovered"))
        return found

    def _library_spans(self, doc: Doc, sent: Span, runs: list[tuple[int, int]], places) -> list[tuple[int, int]]:
        """Where a state or place may be named: each run of capitalised words, and its pieces between
        lower-case connectors ("from Vienna to Ljubljana"), and a word before "-based" ("Khorugh-based")."""
        spans = []
        for start, end in runs:
            while start < end and doc[start].text in ("The", "A", "An") and doc[start:end].text not in places:
                start += 1
            spans.append((start, end))
            piece = start
            for i in range(start, end + 1):
                if i == end or doc[i].text[:1].islower():
                    if piece < i and (piece, i) != (start, end):
                        spans.append((piece, i))
                    piece = i + 1
        lowered = document_text(doc)[sent.start_char:sent.end_char].lower()
        if "based" in lowered or "headquartered" in lowered:
            for token in sent[:-2]:
                if _is_cap(token) and doc[token.i + 1].text in ("-", "–") and doc[token.i + 2].lower_ in (
                        "based", "headquartered"):
                    spans.append((token.i, token.i + 1))
        return [(start, end) for start, end in spans if start < end]

    def _library_entity(self, registry: dict[str, Entity], label: str, cls: str, surface: str) -> str:
        """The known actor of that name and class if there is one, else a new entity."""
        for name in (surface, label):
            ident = self.known_names.get((name.lower(), cls))
            if ident:
                return self._known(registry, ident, surface)
        return self._entity(registry, label, cls, alias=surface)

    def _model_names(self, doc: Doc, taken: list[Mention], registry) -> list[Mention]:
        """Names a trained pipeline's NER found (``doc.ents``), typed by head noun or by ``[model_labels]``."""
        labels = self.knowledge.names.get("model_labels", {})
        found = []
        for ent in doc.ents:
            cls = self._name_class(list(ent)) or labels.get(ent.label_)
            if cls is None or any(m.start < ent.end and ent.start < m.end for m in taken):
                continue
            ident = self._entity(registry, ent.text, cls)
            found.append(Mention(ent.start, ent.end, ident, cls, "discovered"))
        return found

    def _persons(self, doc: Doc, sent: Span, registry) -> list[Mention]:
        found = []
        texts = token_texts(doc)
        for i in range(sent.start, sent.end):
            text = texts[i]
            title = None
            if text in self.title_starts:
                title = next((t for t in self.titles if doc[i:i + len(t.split())].text == t), None)
            if title:
                j = i + len(title.split())
                k = j
                while k < sent.end and k - j < 3 and _is_cap(doc[k]) and doc[k].is_alpha and doc[k].text not in self.not_start:
                    k += 1
                if k - j >= 1:
                    found.append(Mention(j, k, "", "Person", "person", title=title))
                continue
            if i == sent.start or (i > sent.start and texts[i - 1] in ("-", ":")):
                k = i
                while k < sent.end and k - i < 3 and _is_cap(doc[k]) and doc[k].is_alpha and doc[k].text not in self.not_start:
                    k += 1
                if k - i >= 2:
                    rest = doc[k:min(k + 8, sent.end)]
                    words = [t.lower_ for t in rest if t.is_alpha]
                    starts_role = (rest.text.startswith(",") and any(w in self.roles for w in words[:5])) or (
                        words[:1] in (["is"], ["was"]) and any(w in self.roles for w in words[1:6]))
                    if starts_role and self._name_class(list(doc[i:k])) is None:
                        found.append(Mention(i, k, "", "Person", "person"))
                        continue
            if (i + 1 < sent.end and text[:1].isupper() and texts[i + 1][:1].isupper()
                    and (i == sent.start or not _is_cap(doc[i - 1]))
                    and self._person_in_context(doc, sent, i)):
                k = i + 1
                while k < sent.end and k - i < 3 and _is_cap(doc[k]) and doc[k].is_alpha:
                    k += 1
                found.append(Mention(i, k, "", "Person", "person"))
        return found

    def _person_in_context(self, doc: Doc, sent: Span, i: int) -> bool:
        """Whether two or three capitalised words from ``i`` on are a person's name by what stands around
        them: "X, who ...", "X said", "its coordinator, X", "X, a former customs official"."""
        k = i
        while k < sent.end and k - i < 3 and _is_cap(doc[k]) and doc[k].is_alpha and doc[k].text not in self.not_start:
            k += 1
        tokens = list(doc[i:k])
        if len(tokens) < 2 or k < sent.end and _is_cap(doc[k]) or self._name_class(tokens) is not None:
            return False
        if all(t.lower_ in self.dictionary or t.lower_ in self.name_words for t in tokens):
            return False
        after = [t.lower_ for t in doc[k:min(k + 7, sent.end)]]
        before = [t.lower_ for t in doc[max(sent.start, i - 3):i]]
        if after[:2] == [",", "who"] or (after[:1] and after[0] in self.reporting) or (
                after[:2] and after[0] == "," and after[1] in self.reporting):
            return True
        if before[-1:] == [","] and len(before) >= 2 and before[-2] in self.roles:
            return True
        return after[:1] == [","] and len(after) > 2 and after[1] in ("a", "an", "the") and any(
            w in self.roles for w in after[2:])

    def _acronyms(self, doc: Doc, mentions: list[Mention], registry) -> list[Mention]:
        """Acronym definitions in brackets, either way round, or an acronym with its full name in apposition
        ("the KPF, the Kestrel Peace Fund, ..."); then every other use of the acronym."""
        defined: dict[str, tuple[str, str]] = {}
        texts = [t.text for t in doc]
        for sent in doc.sents:
            for i in range(sent.start + 1, sent.end - 2):
                if texts[i] != "(" or texts[i + 2] != ")":
                    continue
                short = texts[i + 1]
                if not _ACRONYM.match(short) or sum(c.isupper() for c in short) < 2:
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
                if not all(_is_cap(t) or t.lower_ in self.connectors or t.text == "-" for t in tokens):
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
                if texts[i + 1] != "(" or not _ACRONYM.match(short) or sum(c.isupper() for c in short) < 2:
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
                    if cls is None or not all(_is_cap(t) or t.lower_ in self.connectors or t.text == "-" for t in tokens):
                        continue
                    ident = self._entity(registry, doc[i + 2:close].text, cls, alias=short)
                    mentions.append(Mention(i + 2, close, ident, cls, "acronym"))
                defined.setdefault(short, (ident, cls))
            for i in range(sent.start, sent.end - 3):
                short = texts[i]
                if texts[i + 1] != "," or not _ACRONYM.match(short) or sum(c.isupper() for c in short) < 2:
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

    def _demonym_compounds(self, doc: Doc) -> list[Mention]:
        """"Russian-led", "EU-funded": an adjective or name joined by a hyphen to a participle."""
        found = []
        for token in doc[:-2]:
            if token.text in self.demonyms and doc[token.i + 1].text == "-" and not token.whitespace_:
                ident = self.demonyms[token.text]
                found.append(Mention(token.i, token.i + 1, ident, "State", "demonym"))
        return found

    def _owner(self, doc: Doc, start: int, end: int, mentions: MentionIndex, sent_index, sentences, sections,
               candidates: MentionIndex) -> tuple[str | None, bool]:
        """The state a body phrase belongs to, and whether the text said so explicitly; ``candidates``
        are the mentions that may own a body the text does not attach (no givers named in passing)."""
        i = start - 1
        while i >= 0 and doc[i].lower_ in ("the", "a", "an", "new", "current"):
            i -= 1
        if i >= 0 and doc[i].text in self.demonyms:
            return self.demonyms[doc[i].text], True
        if i >= 0 and doc[i].lower_ in ("'s", "’s", "'"):
            owner = next((m for m in mentions.overlapping(i - 1, i) if m.end == i), None)
            if owner is not None and owner.cls == "State":
                return owner.entity, True
            if i >= 1 and doc[i - 1].lower_ in ("country", "state", "nation"):
                return sentence_state(doc, sent_index, mentions, sentences, sections), True
            return None, True
        if i >= 0 and doc[i].lower_ in ("its", "their"):
            return sentence_state(doc, sent_index, mentions, sentences, sections), True
        if end + 1 < len(doc) and doc[end].lower_ in ("of", "in"):
            j = end + 1
            while j < len(doc) and doc[j].lower_ == "the":
                j += 1
            after = next(iter(mentions.within(j, j + 1)), None)
            if after is not None and after.cls == "State":
                return after.entity, True
        return sentence_state(doc, sent_index, candidates, sentences, sections), False

    def _given_by(self, doc: Doc, m: Mention) -> bool:
        """A state named as a giver in passing: "financed by Finland", "with support from Japan", or the
        subject of a giving verb ("Finland financed the project", "Japan has also provided")."""
        i = m.start - 1
        while i >= 0 and doc[i].lower_ in ("the", "government", "of"):
            i -= 1
        if i >= 0 and doc[i].lower_ in ("by", "from", "via"):
            return True
        j = m.end
        while j < len(doc) and j < m.end + 4 and doc[j].lower_ in _AUXILIARIES:
            j += 1
        return m.cls == "State" and j < len(doc) and doc[j].lemma_.lower() in self.body_givers

    def _bodies(self, doc, mentions, sentences, sections, registry) -> list[Mention]:
        """Generic bodies of a state. The owner is the one the text gives ("the Tajik Border Troops"),
        else the one state the sentence or the two before name (not a giver named in passing: "financed
        by Finland"), else the one the text gave the same body earlier; with none, the body is left out
        rather than guessed."""
        found = []
        sent_of = {}
        for index, sent in enumerate(sentences):
            for t in range(sent.start, sent.end):
                sent_of[t] = index
        matches = sorted(self.bodies(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        stated: dict[str, str] = {}
        index = MentionIndex(mentions)
        candidates = MentionIndex(m for m in mentions if not self._given_by(doc, m))
        taken: set[int] = set()
        for match_id, start, end in matches:
            if taken.intersection(range(start, end)) or any(
                    not (m.kind == "discovered" and m.start == start and m.end == end)
                    for m in index.overlapping(start, end)):
                continue
            body = self.knowledge.bodies[int(self.vocab.strings[match_id])]
            phrase = doc[start:end].text.lower()
            owner, explicit = self._owner(doc, start, end, index, sent_of[start], sentences, sections, candidates)
            if phrase in body.get("phrase_owners", {}):
                owner, explicit = body["phrase_owners"][phrase], True
            sent = sentences[sent_of[start]]
            if (not explicit and end < len(doc) and doc[end].lemma_.lower() in self.topic_nouns
                    and not any(m.state for m in index.within(sent.start, sent.end))):
                continue
            if explicit and owner:
                stated.setdefault(body["label"], owner)
            elif owner is None and body["label"] in stated:
                owner, explicit = stated[body["label"]], True
            else:
                earlier = [m for m in found if m.owner and registry[m.entity].label.startswith(body["label"] + " (")
                           and sent_of[m.start] >= sent_of[start] - 2]
                if earlier:
                    owner, explicit = earlier[-1].owner, True
            if owner is None or self.knowledge.actors.get(owner) is None:
                continue
            needs = body.get("needs_owner", False) or phrase in body.get("needs_owner_for", [])
            if needs and not explicit and not (phrase in body.get("needs_owner_for", [])
                                               and start > 0 and doc[start - 1].lower_ == "the"):
                continue
            cls = body.get("class", "StateAgency")
            state_label = self.knowledge.actors[owner].label
            sectors = [body["sector"]] if body.get("sector") else []
            if cls == "State":
                ident = self._known(registry, owner)
            elif cls == "Policy":
                year = _YEAR.search(sentences[sent_of[start]].text)
                plain = f"{body['label']} ({state_label})"
                label = f"{body['label']} of {state_label} ({year.group(1)})" if year else plain
                ident = self._entity(registry, label, cls, sectors=sectors)
                registry[ident].aliases.update({plain, f"{body['label']} of {state_label}"} - {label})
                if year:
                    registry[ident].aliases.add(f"{body['label']} ({year.group(1)})")
            else:
                label = f"{body['label']} ({state_label})"
                ident = self._entity(registry, label, cls, sectors=sectors)
            if start > 0 and doc[start - 1].text in self.demonyms and self.demonyms[doc[start - 1].text] == owner:
                start -= 1
            found.append(Mention(start, end, ident, cls, "body", owner=owner))
            taken.update(range(start, end))
        return found

    def _named_in(self, ident: str, words: str) -> bool:
        """Whether a known entity's name, alias or adjective appears as whole words in ``words``."""
        actor = self.knowledge.actors[ident]
        return any(re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", words)
                   for name in (actor.label, *actor.aliases, *actor.demonyms))

    def _seats(self, doc: Doc, mentions: list[Mention], registry) -> None:
        """A capital used as an actor ("Astana addresses ...") stands for its government.

        After a locative word ("in Astana", "Almaty, Astana"), before
        "-based" ("a Dushanbe-based centre") or in capitals as a news item's
        dateline ("DUSHANBE, 11 March") it stays a place; either way it tells
        which state the sentence is about.
        """
        locative = {"in", "at", "near", "from", "to", "outside", "around", "of", ",", "(", "between", "via"}
        placed = {"based", "headquartered", "located", "registered", "born", "area", "region"}
        for m in mentions:
            seated = self.seats.get(m.entity) if m.kind == "known" else None
            if seated is None:
                continue
            cls = self.knowledge.actors[seated].cls
            m.seat = seated if cls == "State" else None
            where = m.end + 1 < len(doc) and doc[m.end].text in ("-", "–") and doc[m.end + 1].lower_ in placed
            dateline = doc[m.start].is_upper and len(doc[m.start]) > 3
            if not where and not dateline and (m.start == 0 or doc[m.start - 1].lower_ not in locative):
                self._known(registry, seated, doc[m.start:m.end].text)
                m.entity, m.cls, m.seat, m.metonymy = seated, cls, None, True

    def _events(self, doc: Doc, mentions, sentences, sections, registry) -> list[Mention]:
        """Dated occurrences written in lower case; see ``[events]`` in ``names.toml``."""
        sentence_of = {}
        for index, sent in enumerate(sentences):
            sentence_of.update(dict.fromkeys(range(sent.start, sent.end), index))
        by_start = {m.start: m for m in mentions}
        found = []
        for _, start, end in sorted(self.event_nouns(doc), key=lambda m: (m[1], -m[2])):
            if any(m.start < end and start < m.end for m in mentions + found):
                continue
            index = sentence_of.get(start)
            if index is None or is_reference(sentences[index], document_text(doc)):
                continue
            sent = sentences[index]
            first = start
            while (first > sent.start and start - first < 2 and doc[first - 1].is_lower
                   and doc[first - 1].lower_ not in self.event_modifiers_not and not doc[first - 1].is_punct):
                first -= 1
            if first > sent.start and doc[first - 1].text == "-":
                first -= 2 if first - 2 >= sent.start and doc[first - 2].is_lower else 1
                first = max(first, sent.start)
            date, span_start = None, first
            if first > sent.start and _YEAR_TOKEN.match(doc[first - 1].text):
                span_start = first - 1
                date = doc[first - 1].text
                if span_start > sent.start and doc[span_start - 1].lower_ in self.months:
                    span_start -= 1
                    date = f"{doc[span_start].text.capitalize()} {date}"
            after = doc[end:min(end + 4, sent.end)]
            if date is None:
                for k, token in enumerate(after):
                    if _YEAR_TOKEN.match(token.text) and (k == 0 or after[k - 1].lower_ in ("(", "in")):
                        date = token.text.replace("–", "-")
                        i = token.i
                        if i + 2 < len(doc) and doc[i + 1].text in ("-", "–") and _YEAR_TOKEN.match(doc[i + 2].text):
                            date = f"{date}-{doc[i + 2].text}"
                        break
            if date is None:
                continue
            place = None
            for j in range(end, min(end + 4, sent.end)):
                if doc[j].lower_ == "in":
                    k = j + 1
                    while k < sent.end and doc[k].is_lower and k - j <= 2:
                        k += 1
                    target = by_start.get(k)
                    if target is not None and target.cls in ("State", "Place"):
                        place = target.entity
                    break
            place = place or sentence_state(doc, index, mentions, sentences, sections)
            if place is None or place not in self.knowledge.actors:
                continue
            phrase = doc[first:end].text
            actor = self.knowledge.actors[place]
            label = f"{phrase[0].upper()}{phrase[1:]} in {actor.label} ({date})"
            ident = self._entity(registry, label, "Event")
            names = {f"{date} {phrase}", f"{phrase} ({date})", f"{phrase} in {actor.label}",
                     f"{phrase} ({actor.label}, {date})", f"{phrase} in {actor.label} ({date})"}
            if date[-4:].isdigit():
                names.add(f"{date[-4:]} {phrase}")
            for demonym in actor.demonyms[:1]:
                names |= {f"{demonym} {phrase}", f"{demonym} {phrase} ({date})"}
            registry[ident].aliases.update(names - {label})
            found.append(Mention(span_start, end, ident, "Event", "discovered", inner=[place]))
            self._known(registry, place)
        return found

    def _surnames(self, doc: Doc, mentions: list[Mention], registry) -> list[Mention]:
        names = {}
        for m in mentions:
            if m.cls == "Person" and m.end - m.start >= 2:
                names.setdefault(doc[m.end - 1].text, m.entity)
        found = []
        for token in doc:
            if token.text in names and token.text[:1].isupper():
                found.append(Mention(token.i, token.i + 1, names[token.text], "Person", "person"))
        return found

    def _short_names(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A name's distinctive first word used alone ("Aldervane" for "the Aldervane Foundation").

        The word must be no English dictionary word, no part of a known
        actor's names, and the first word of one entity's name only.
        """
        owners: dict[str, set[str]] = {}
        for m in mentions:
            if m.kind in ("known", "discovered", "acronym") and m.cls != "Person" and (
                    m.end - m.start >= 2 or m.kind == "discovered"):
                word = doc[m.start]
                if word.is_alpha and word.is_title and len(word) >= 4:
                    owners.setdefault(word.text, set()).add(m.entity)
        classes = {m.entity: m.cls for m in mentions}
        short = {word: next(iter(ids)) for word, ids in owners.items() if len(ids) == 1
                 and word.lower() not in self.dictionary and word.lower() not in self.name_words
                 and word not in self.not_start}
        taken = {i for m in mentions for i in range(m.start, m.end)}
        return [Mention(token.i, token.i + 1, short[token.text], classes[short[token.text]], "short")
                for token in doc if token.text in short and token.i not in taken]

    def _kind_after(self, doc: Doc, end: int) -> str | None:
        """The class a description right after a name gives it (", an NGO based in Osh", ", a
        Vienna-based intergovernmental organisation"), or ``None``."""
        i = end
        if i < len(doc) and doc[i].text == "(":
            i = next((j + 1 for j in range(i, min(i + 8, len(doc))) if doc[j].text == ")"), i)
        if not (i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("a", "an", "the")):
            return None
        words = []
        for token in doc[i + 2:i + 8]:
            if token.text in (",", ".", ";", ":", "(", ")") or token.lower_ in ("that", "which", "who", "of", "in"):
                break
            words.append(token.lower_)
        for n in range(len(words), 0, -1):
            for size in (2, 1):
                key = " ".join(words[max(0, n - size):n])
                if key in self.kinds:
                    return self.kinds[key]
        return None

    def _retype_by_context(self, doc: Doc, mentions: list[Mention], registry) -> None:
        """Unknown names take the class their description gives (``[kinds]`` in ``names.toml``); the
        gazetteer's classes stand."""
        for m in mentions:
            if m.kind not in ("discovered", "acronym") or m.entity in self.knowledge.actors:
                continue
            cls = self._kind_after(doc, m.end)
            if cls and m.entity in registry and registry[m.entity].cls != cls:
                registry[m.entity].cls = cls
                for other in mentions:
                    if other.entity == m.entity:
                        other.cls = cls

    def _coreference(self, doc, mentions, sentences, sections) -> list[Mention]:
        """Definite descriptions and personal pronouns, resolved by class agreement in a short window.

        A description whose head noun an earlier name shares ("the council" after "the Central Asian
        Customs Liaison Council") goes to the nearest such name within ``head_window`` sentences;
        otherwise to the nearest mention of an agreeing class within ``window`` sentences.
        """
        table = self.knowledge.cues.get("coreference", {})
        window = table.get("window", 2)
        descriptions = table.get("descriptions", {})
        sentence_of = {}
        for index, sent in enumerate(sentences):
            sentence_of.update(dict.fromkeys(range(sent.start, sent.end), index))
        found = []
        named_mentions = MentionIndex(mentions)
        for match_id, start, end in self.descriptions(doc):
            index = sentence_of.get(start)
            if index is None or sentence_of.get(end - 1) != index:
                continue
            earliest = sentences[max(0, index - window)].start
            phrase = self.vocab.strings[match_id]
            if named_mentions.overlapping(start, end):
                continue
            if end < len(doc) and _is_cap(doc[end]) and phrase.startswith("the "):
                continue
            classes = descriptions[phrase]
            if classes == ["State"]:
                state = sentence_state(doc, index, named_mentions, sentences, sections, window)
                if state:
                    found.append(Mention(start, end, state, "State", "coref"))
                continue
            head = phrase.split()[-1]
            farthest = sentences[max(0, index - table.get("head_window", 8))].start
            named = [m for m in named_mentions.within(farthest, start) if m.cls in classes and m.kind != "coref"
                     and head in doc[m.start:m.end].text.lower().split()]
            prior = named or [m for m in named_mentions.within(earliest, start) if m.cls in classes
                              and m.kind != "coref"]
            if prior:
                last = prior[-1]
                found.append(Mention(start, end, last.entity, last.cls, "coref"))
        resolved = mentions + found
        for i, antecedent in pronoun_antecedents(doc, sentences, resolved, self.knowledge.cues.get("pronouns", {})):
            if not any(m.start <= i < m.end for m in found):
                found.append(Mention(i, i + 1, antecedent.entity, antecedent.cls, "coref"))
        return found

    # ------------------------------------------------------------------ main

    def __call__(self, doc: Doc) -> Doc:
        if self.knowledge is None:
            raise ValueError("ssr_entities is not initialised: call nlp.initialize() first")
        registry: dict[str, Entity] = {}
        sentences = list(doc.sents)
        mentions = self._known_mentions(doc)
        for m in mentions:
            self._known(registry, m.entity, doc[m.start:m.end].text)
        text = document_text(doc)
        prose = [sent for sent in sentences if not is_reference(sent, text)]
        prose_set = {(sent.start, sent.end) for sent in prose}
        known_tokens = {i for m in mentions if m.kind == "known" for i in range(m.start, m.end)}
        for sent in prose:
            for m in self._persons(doc, sent, registry):
                if known_tokens.intersection(range(m.start, m.end)):
                    continue
                m.entity = self._entity(registry, doc[m.start:m.end].text, "Person")
                mentions.append(m)
        for m in mentions:
            if m.kind == "known":
                words = " " + doc[m.start:m.end].text + " "
                actor = self.knowledge.actors[m.entity]
                m.inner = [ref for ref in (*actor.part_of, *actor.located_in) if self._named_in(ref, words)]
            if m.kind == "known" and m.cls == "Person" and m.start >= 1:
                title = next((t for t in self.titles if doc[max(0, m.start - len(t.split())):m.start].text == t), None)
                m.title = title
        known = by_sentence([m for m in mentions if m.kind == "known"], sentences)
        persons = by_sentence([m for m in mentions if m.kind == "person"], sentences)
        for index, sent in enumerate(sentences):
            if (sent.start, sent.end) in prose_set:
                runs = self._runs(doc, sent, known[index])
                discovered = self._discover(doc, sent, runs, known[index], registry)
                discovered += self._introduced_names(doc, sent, known[index] + discovered, registry)
                discovered += self._numbered_names(doc, sent, known[index] + discovered, registry)
                discovered += self._contextual_places(doc, sent, known[index] + discovered, registry)
                mentions.extend(discovered)
                mentions.extend(self._library_names(doc, sent, runs, known[index] + discovered + persons[index],
                                                    registry))
        mentions.extend(self._demonym_compounds(doc))
        mentions = _resolve(mentions)
        mentions = _resolve(mentions + self._model_names(doc, mentions, registry))
        self._seats(doc, mentions, registry)
        mentions = _resolve(mentions + self._acronyms(doc, mentions, registry))
        mentions = _resolve(mentions + self._surnames(doc, mentions, registry))
        self._retype_by_context(doc, mentions, registry)
        mentions = _resolve(mentions + self._short_names(doc, mentions))
        sections = section_states(doc, sentences, mentions)
        mentions = _resolve(mentions + self._bodies(doc, mentions, sentences, sections, registry))
        mentions = _resolve(mentions + self._events(doc, mentions, sentences, sections, registry))
        mentions = _resolve(mentions + self._coreference(doc, mentions, sentences, sections))
        for m in mentions:
            surface = doc[m.start:m.end].text
            entity = registry.get(m.entity)
            if entity is None:
                continue
            if surface == entity.label:
                continue
            if m.kind in ("known", "acronym", "discovered", "person") or (
                    m.kind == "body" and (len(surface.split()) > 1 or not surface.islower())):
                entity.aliases.add(surface)
        used = {m.entity for m in mentions} | {i for m in mentions for i in m.inner}
        for m in mentions:
            if m.owner:
                used.add(m.owner)
                self._known(registry, m.owner)
        for ident in list(used):
            if ident in self.knowledge.actors:
                self._known(registry, ident)
        doc._.ssr_mentions = mentions
        doc._.ssr_entities = {k: v for k, v in registry.items() if k in used}
        return doc


_AUXILIARIES = {"has", "have", "had", "will", "would", "should", "could", "can", "may", "might", "must", "shall",
                "did", "does", "do", "not", "n't", "is", "are", "was", "were", "be", "been", "to", "also", "again",
                "already", "jointly", "generously", "largely", "mainly", "partly", "fully"}
"""Words between a giver and its verb ("Finland has also financed", "the Netherlands did not fund")."""


def _resolve(mentions: list[Mention]) -> list[Mention]:
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


def section_states(doc: Doc, sentences: list[Span], mentions: list[Mention]) -> list[str | None]:
    """For each sentence, the state named by the last heading above it (a short line without a full stop)."""
    current = None
    states = []
    for sent in sentences:
        text = sent.text.strip()
        if len(sent) <= 8 and text and text[-1] not in ".!?:;,":
            named = {m.entity for m in mentions if m.cls == "State" and sent.start <= m.start < sent.end}
            current = named.pop() if len(named) == 1 else None
        states.append(current)
    return states


@Language.factory("ssr_entities", requires=["token.is_sent_start", "token.lemma"],
                  assigns=["doc._.ssr_mentions", "doc._.ssr_entities"],
                  default_config={"actors": "", "patterns": ""})
def make_entity_linker(nlp: Language, name: str, actors: str, patterns: str) -> EntityLinker:
    """Factory for :class:`EntityLinker`; its names are loaded at ``nlp.initialize()``."""
    return EntityLinker(nlp, name, actors=actors, patterns=patterns)
