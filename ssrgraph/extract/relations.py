"""The ``ssr_relations`` spaCy component: relation assertions with their qualifiers.

Three sources of assertions:

* **frame patterns** (``[[frame]]`` in ``patterns/<relation>.toml``), matched
  on the predicate-argument frames of each parsed sentence
  (:mod:`ssrgraph.extract.frames`, :mod:`ssrgraph.extract.frame_patterns`),
  with polarity and modality from the trigger's own clause;
* **surface patterns** (``[[pattern]]``, syntax in ``patterns/README.md``),
  matched on each sentence reduced to lemmas and entity mentions, with cue
  words in a window: for sentences without a parse, and where the parse
  yields nothing;
* **structure** the mentions themselves show: a body of a state is part of
  that state; a name that contains another ("OSCE Office in Dushanbe") is
  part of it or located in it; a leading title makes a person lead their
  state; background facts of ``actors.ttl`` whose two ends one sentence names.

The surface patterns are compiled in :mod:`.surface_patterns`, the
structure is read in :mod:`.structure`. Every assertion carries its sentence
and offsets, polarity and modality from the cue words of ``cues.toml``, time
and amount (:mod:`.qualifiers`) and sectors.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from ssrgraph.extract.frame_patterns import clause_qualifiers, compile_frame_patterns
from ssrgraph.extract.frames import FrameBuilder
from ssrgraph.extract.knowledge import Knowledge, PATTERN_DIR, load_knowledge
from ssrgraph.extract.mentions import (POSSESSIVES, Mention, by_sentence, document_text, is_reference,
                                       name_word_at, section_states)
from ssrgraph.extract.model import Assertion
from ssrgraph.extract.qualifiers import find_amount, find_time
from ssrgraph.extract.structure import StructuralAssertions
from ssrgraph.extract.surface_patterns import COORDINATION, DROP, PatternIndex, compile_patterns, lemma_key
from ssrgraph.ontology import DATA_FILES, domain_and_range, is_symmetric

__all__ = ["RelationExtractor"]

_FUNCTION_WORDS = {"be", "to", "of", "from", "for", "a", "an", "the", "-"}
_NAMES = {"known", "discovered", "acronym", "person"}
"""Mentions whose words are a name: a word inside a name of several words triggers no frame ("NATO's
Partnership for Peace programme" is no partnership of NATO's)."""


class RelationExtractor(StructuralAssertions):
    """Turn mentions into :class:`~ssrgraph.extract.model.Assertion` records (``doc._.ssr_assertions``)."""

    def __init__(self, nlp: Language, name: str = "ssr_relations", *, actors: str = "", patterns: str = "",
                 mode: str = "fallback"):
        self.name = name
        self.mode = mode
        self.sources = (Path(patterns) if patterns else PATTERN_DIR, Path(actors) if actors else DATA_FILES["actors"])
        self.knowledge: Knowledge | None = None

    def initialize(self, get_examples=None, *, nlp=None):
        """Compile the relation patterns and cue lists from the data files."""
        self.knowledge = k = load_knowledge(*self.sources)
        lemmatizer = nlp.get_pipe("lemmatizer") if nlp is not None and "lemmatizer" in nlp.pipe_names else None

        def lemmatise(words: str) -> str:
            if lemmatizer is None:
                return words.lower()
            return " ".join(lemma_key(t) for t in lemmatizer(nlp.make_doc(words)))

        self.patterns = PatternIndex(compile_patterns(k, self.sources[0], lemmatise))
        lookups = getattr(lemmatizer, "lookups", None)
        self.lookup = lookups.get_table("lemma_lookup") if lookups and lookups.has_table("lemma_lookup") else None
        self.keys: dict[str, str] = {}
        self.frame_patterns: dict[str, list] = {}
        for relation, entries in k.frame_patterns.items():
            for pattern in compile_frame_patterns(relation, entries, self.sources[0] / f"{relation}.toml"):
                for trigger in pattern.triggers:
                    self.frame_patterns.setdefault(trigger, []).append(pattern)
        self.frame_builder = FrameBuilder.from_data(k.frames)
        self.kinds = {key.lower(): cls for key, cls in k.names.get("kinds", {}).items()}
        self.leading_titles = set(k.names["persons"].get("leading_titles", []))
        self.demonyms = {demonym: actor.id for actor in k.actors.values() for demonym in actor.demonyms}
        self.cues = {kind: sorted({tuple(form.split()) for c in k.cues[kind]["cues"] for form in (c, lemmatise(c))})
                     for kind in ("negation", "hedge", "prescription")}
        self.cues["negation_after"] = sorted({tuple(form.split()) for c in k.cues["negation"].get("after", [])
                                              for form in (c, lemmatise(c))})
        self.scope_after = int(k.cues.get("scope_after", 5))
        self.clause_cues = {kind: {next((w for w in cue if w not in _FUNCTION_WORDS), None)
                                   for cue in self.cues[kind]} - {None}
                            for kind in ("negation", "hedge", "prescription")}
        self.cue_starts = {cue[0] for cues in self.cues.values() for cue in cues}
        self.scope_before = int(k.cues.get("scope_before", 4))
        self.separators = set(k.cues.get("lists", {}).get("separators", (",", "and", "or")))
        self.domain_range = domain_and_range()
        self.symmetric = {relation for relation in self.domain_range if is_symmetric(relation)}
        self.sector_regex = {sector: re.compile(r"\b(?:" + "|".join(re.escape(t) for t in triggers) + r")\b")
                             for sector, triggers in k.sector_triggers.items() if triggers}
        self.sector_cue = re.compile(r"\b(?=(?:" + "|".join(re.escape(t) for triggers in k.sector_triggers.values()
                                                           for t in triggers) + r")\b)")
        return self

    # --------------------------------------------------------------- encoding

    def _encode(self, sent: Span, mentions: list[Mention]
                ) -> tuple[str, list[int], list[Mention | None], list[str], list[int]]:
        """A sentence as 'lemma lemma @3:State lemma ...', with each unit's string offset and first token.

        A bracketed acronym right after the name it abbreviates ("NATO" in
        "the North Atlantic Treaty Organisation (NATO)") is folded into that
        mention, so that patterns see one name.
        """
        by_start = {m.start: m for m in mentions if sent.start <= m.start < sent.end}
        pieces, offsets, units, keys, firsts = [], [], [], [], []
        position = 0
        i = sent.start
        doc = sent.doc
        while i < sent.end:
            mention = by_start.get(i)
            first = i
            if mention is not None:
                piece = f"@{len(units)}:{mention.cls} "
                units.append(mention)
                keys.append("@")
                i = mention.end
                inner = by_start.get(i + 1)
                if (i + 1 < sent.end and doc[i].text == "(" and inner is not None and inner.entity == mention.entity
                        and inner.end < sent.end and doc[inner.end].text == ")"):
                    i = inner.end + 1
            else:
                token = doc[i]
                text = token.text
                if self.lookup is None:
                    key = lemma_key(token)
                else:
                    key = self.keys.get(text)
                    if key is None:
                        key = self.keys[text] = lemma_key(token, self.lookup)
                if text == "May" and _next_to_number(doc, i):
                    key = "<month>"
                elif i > sent.start and _inside_name(doc, i):
                    key = text
                i += 1
                if key in DROP or not key.strip():
                    continue
                piece = key.replace(" ", "_") + " "
                units.append(None)
                keys.append(key)
            offsets.append(position)
            firsts.append(first)
            pieces.append(piece)
            position += len(piece)
        return "".join(pieces), offsets, units, keys, firsts

    def _cue(self, keys: list[str], cue_positions: list[int], lo: int, hi: int) -> tuple[str, str]:
        """Polarity and modality from cue words in ``keys[lo:hi]`` (``cue_positions``: where cue words start)."""
        inside = cue_positions[bisect_left(cue_positions, max(0, lo)):bisect_left(cue_positions, hi)]
        after = cue_positions[bisect_left(cue_positions, hi):bisect_left(cue_positions, hi + self.scope_after)]

        def has(kind, positions=inside, end=hi):
            return any(tuple(keys[i:min(i + len(c), end)]) == c for i in positions for c in self.cues[kind]
                       if c[0] == keys[i])
        polarity = ("negative" if has("negation") or has("negation_after", after, hi + self.scope_after)
                    else "positive")
        modality = "prescribed" if has("prescription") else "hedged" if has("hedge") else "asserted"
        return polarity, modality

    def _keep(self, found: dict, doc, sent, entities, relation: str, subject: Mention, obj: Mention,
              polarity: str, modality: str, method: str, confidence: float) -> None:
        """Record one matched pair in ``found`` if it fits the relation, keeping the most confident
        assertion per triple (a pronoun or definite description costs a quarter), and a symmetric
        relation ("A and B signed a memorandum") once per pair."""
        if not self._allowed(relation, subject, obj):
            return
        known = self.knowledge.actors.get(obj.entity)
        if relation == "implements" and known and subject.entity in known.part_of:
            return
        if relation in self.symmetric and (obj.entity, relation, subject.entity) in found:
            return
        key = (subject.entity, relation, obj.entity)
        confidence = confidence * (0.75 if "coref" in (subject.kind, obj.kind) else 1)
        if key not in found or found[key].confidence < confidence:
            found[key] = self._assertion(doc, sent, *key, polarity, modality, method, round(confidence, 3), entities)

    def _allowed(self, relation: str, subject: Mention, obj: Mention) -> bool:
        """Whether the pair fits the relation's domain and range; a body is not "located in" the state
        it belongs to ("the border service in Tajikistan" says whose service it is)."""
        domain, range_ = self.domain_range[relation]
        if relation == "locatedIn" and subject.owner is not None and subject.owner == obj.entity:
            return False
        return subject.entity != obj.entity and subject.cls in domain and obj.cls in range_

    # ------------------------------------------------------------ assertions

    def _sentence(self, doc: Doc, sent: Span) -> _Sentence:
        """What every assertion of ``sent`` shares (its text and offsets, sectors, time, amount), read
        once per sentence however many pairs it yields. One scan finds where any sector's cue starts;
        each sector's own pattern is then tried only there."""
        if sent.start not in self._sentences:
            start, end = _trimmed(sent, document_text(doc))
            text = document_text(doc)[start:end]
            lowered = text.lower()
            cues = [match.start() for match in self.sector_cue.finditer(lowered)]
            sectors = frozenset(sector for sector, regex in self.sector_regex.items()
                                if any(regex.match(lowered, at) for at in cues))
            self._sentences[sent.start] = _Sentence(text, start, end, sectors, find_time(text), find_amount(text))
        return self._sentences[sent.start]

    def _assertion(self, doc: Doc, sent: Span, subject: str, relation: str, obj: str, polarity: str,
                   modality: str, method: str, confidence: float, entities) -> Assertion:
        shared = self._sentence(doc, sent)
        sectors = set(shared.sectors)
        for ident in (subject, obj):
            if ident in entities:
                sectors |= entities[ident].sectors
        amount = shared.amount if relation == "funds" else None
        return Assertion(subject=subject, relation=relation, object=obj, sentence=shared.text, start=shared.start,
                         end=shared.end, polarity=polarity, modality=modality, time=shared.time,
                         amount=amount[0] if amount else None, currency=amount[1] if amount else None,
                         sectors=tuple(sorted(sectors)), method=method, confidence=confidence)

    def _pattern_assertions(self, doc, sent, mentions, entities, read: set[tuple[str, int]]) -> list[Assertion]:
        """Assertions from the surface patterns of one sentence. A match is dropped where a word inside it
        is a trigger the parse read for the same relation with both of its ends in core roles (``read``:
        relation and trigger position), whatever those ends name: "the course was delivered by experts from
        the Police and was funded by Germany" funds the course, not the Police."""
        if sum(sent.start <= m.start < sent.end for m in mentions) < 2:
            return []
        string, offsets, units, keys, firsts = self._encode(sent, mentions)
        found = {}
        if sum(unit is not None for unit in units) < 2:
            return []
        words = set(keys)
        cue_positions = [i for i, key in enumerate(keys) if key in self.cue_starts]
        mention_starts = [i for i, unit in enumerate(units) if unit is not None]
        list_starts = [i for i in mention_starts
                       if not (i >= 2 and keys[i - 1] in self.separators and units[i - 2] is not None)]
        for pattern in self.patterns.candidates(words):
            starts = (list_starts if pattern.starts_with_list else mention_starts if pattern.starts_with_mention
                      else range(len(offsets)))
            for unit_index in starts:
                if pattern.not_after and unit_index and keys[unit_index - 1] in pattern.not_after:
                    continue
                match = pattern.regex.match(string, offsets[unit_index])
                if match is None:
                    continue
                roles = {}
                for role in ("X", "Y"):
                    group = match.group(role)
                    ids = [int(n) for n in re.findall(r"@(\d+):[A-Za-z]+ (?!- |'s )", group)]
                    if len(ids) > 1:
                        ids = [n for n in ids if not (n + 1 < len(keys) and keys[n + 1] == "-")]
                    if len(ids) > 1 and not COORDINATION.search(group):
                        ids = ids[-1:] if role == "X" and match.start("X") < match.start("Y") else ids[:1]
                    allowed = pattern.classes[role]
                    roles[role] = [units[n] for n in ids if allowed is None or units[n].cls in allowed]
                hi = bisect_left(offsets, match.end())
                if read and any((pattern.relation, firsts[n]) in read
                                for n in range(unit_index, hi) if units[n] is None):
                    continue
                lo = unit_index - self.scope_before
                polarity, modality = self._cue(keys, cue_positions, lo, hi)
                for subject in roles["X"]:
                    for obj in roles["Y"]:
                        self._keep(found, doc, sent, entities, pattern.relation, subject, obj, polarity, modality,
                                   f"pattern:{pattern.name}", pattern.confidence)
        return list(found.values())

    def _mentions(self, fillers, at: dict[int, Mention], earlier: list[Mention], classes: frozenset[str]
                  ) -> list[tuple[Mention, str]]:
        """The mention each role filler names: itself, the name of its own kind before a kind noun ("the
        Rubezh-2024 exercise", ``[kinds]`` in ``names.toml``), the owners a proxy noun stands for, or, for a
        possessive pronoun ("its", "their"), an entity of a class the relation accepts: the nearest
        named before it in its sentence, else the first of the sentence before (``earlier``: the
        mentions of both, in text order)."""
        out = []
        for token, role in fillers:
            kind = self.kinds.get(token.lemma_.lower()) if token.pos_ == "NOUN" else None
            if kind is not None:
                named = {at[c.i].entity: at[c.i] for c in token.children
                         if c.dep_ in ("compound", "flat") and c.i in at}
                out.extend((m, role) for m in named.values() if m.cls == kind)
            for candidate in self.frame_builder.stand_ins(token):
                if candidate.i in at:
                    out.append((at[candidate.i], role))
                    if candidate is token:
                        break
                elif candidate.lower_ in POSSESSIVES:
                    fits = [m for m in earlier if m.end <= candidate.i and m.cls in classes and m.kind != "coref"]
                    here = [m for m in fits if m.start >= candidate.sent.start]
                    prior = here[-1] if here else (fits[0] if fits else None)
                    if prior is not None:
                        out.append((Mention(candidate.i, candidate.i + 1, prior.entity, prior.cls, "coref"), role))
        return out

    def _frame_assertions(self, doc, sent, mentions, entities, earlier: list[Mention], read: set[tuple[str, int]]
                          ) -> list[Assertion]:
        """Assertions from frame patterns over the parse of one sentence (``earlier``: the mentions of it
        and of the sentence before, for possessive pronouns). Adds to ``read`` each relation and trigger
        position whose pattern found both ends in the parse in core roles (subject, object, indirect
        object), named or not."""
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        if len({m.entity for m in at.values()}) < 2:
            return []
        has_amount = self._sentence(doc, sent).amount is not None
        found: dict[tuple, Assertion] = {}
        for frame in self.frame_builder.frames(sent, self.frame_patterns):
            named = at.get(frame.trigger.i)
            if named is not None and named.end - named.start > 1 and named.kind in _NAMES:
                continue
            for pattern in self.frame_patterns.get(frame.lemma, ()):
                if not pattern.matches(frame, has_amount):
                    continue
                domain, range_ = self.domain_range[pattern.relation]
                subject_fillers, object_fillers = pattern.fillers(frame, "subject"), pattern.fillers(frame, "object")
                if {r for _, r in subject_fillers} & _CORE_ROLES and {r for _, r in object_fillers} & _CORE_ROLES:
                    read.add((pattern.relation, frame.trigger.i))
                subjects = self._mentions(subject_fillers, at, earlier, pattern.subject_class or frozenset(domain))
                objects = self._mentions(object_fillers, at, earlier, pattern.object_class or frozenset(range_))
                if not subjects or not objects:
                    continue
                polarity, modality = clause_qualifiers(frame, self.clause_cues)
                for subject, s_role in subjects:
                    for obj, o_role in objects:
                        if (pattern.subject_class and subject.cls not in pattern.subject_class) or (
                                pattern.object_class and obj.cls not in pattern.object_class):
                            continue
                        self._keep(found, doc, sent, entities, pattern.relation, subject, obj, polarity, modality,
                                   f"frame:{pattern.name}:{s_role}>{o_role}", pattern.confidence)
        return list(found.values())

    def __call__(self, doc: Doc) -> Doc:
        if self.knowledge is None:
            raise ValueError("ssr_relations is not initialised: call nlp.initialize() first")
        mentions = doc._.ssr_mentions or []
        entities = doc._.ssr_entities or {}
        self._sentences: dict[int, _Sentence] = {}
        sentences = list(doc.sents)
        sections = section_states(doc, sentences, mentions)
        text = document_text(doc)
        assertions: dict[tuple, Assertion] = {}
        grouped = by_sentence(mentions, sentences)
        parsed = doc._.ssr_parsed or set()
        for index, sent in enumerate(sentences):
            if is_reference(sent, text):
                continue
            local = grouped[index]
            earlier = (grouped[index - 1] if index else []) + local
            read: set[tuple[str, int]] = set()
            from_parse = (self._frame_assertions(doc, sent, local, entities, earlier, read)
                          if sent.start in parsed else [])
            from_surface = (self._pattern_assertions(doc, sent, local, entities, read if self.mode == "fallback"
                                                     else set()) if self.mode != "parse" else [])
            for assertion in (self._structural(doc, sent, index, mentions, local, sentences, sections, entities)
                              + _combine(from_parse, from_surface, self.mode)):
                key = (assertion.subject, assertion.relation, assertion.object, assertion.start)
                if key not in assertions or _rank(assertion) > _rank(assertions[key]):
                    assertions[key] = assertion
        doc._.ssr_assertions = list(assertions.values())
        return doc


_CORE_ROLES = {"agent", "patient", "iobj"}
"""Roles the parse fills with a verb's own arguments rather than with an adjunct it may have misattached."""


def _combine(from_parse: list[Assertion], from_surface: list[Assertion], mode: str) -> list[Assertion]:
    """The parse's assertions, then the surface patterns' as ``mode`` says.

    ``union``: both, but where both state the same triple the parse's
    (qualified by its own clause) is kept; ``fallback``: surface ones only
    for pairs of entities the parse related in no way, and not for a
    relation whose subject or object the parse gave for the same other end
    ("Russia keeps a base in Tajikistan and leads the CSTO": the parse says
    who leads the CSTO); ``parse``: the parse's alone.
    """
    if mode == "union":
        stated = {(a.subject, a.relation, a.object) for a in from_parse}
        return from_parse + [a for a in from_surface if (a.subject, a.relation, a.object) not in stated]
    if mode == "fallback":
        paired = {frozenset((a.subject, a.object)) for a in from_parse}
        slots = {(a.relation, "object", a.object) for a in from_parse} | {
            (a.relation, "subject", a.subject) for a in from_parse}
        return from_parse + [a for a in from_surface if frozenset((a.subject, a.object)) not in paired
                             and (a.relation, "object", a.object) not in slots
                             and (a.relation, "subject", a.subject) not in slots]
    return from_parse


def _inside_name(doc: Doc, i: int) -> bool:
    """Whether a capitalised word stands beside another in mid-sentence, as the words of a name do ("the
    201st Military Base"): it is then kept as written, so that no pattern reads it as its lemma ("base")."""
    if not doc[i].text[:1].isupper() or doc[i].is_upper:
        return False
    return name_word_at(doc, i - 1) or name_word_at(doc, i + 1)


def _next_to_number(doc: Doc, i: int) -> bool:
    """Whether a token stands beside a number, as a month name does ("18 May", "May 2015")."""
    return (i > 0 and doc[i - 1].like_num) or (i + 1 < len(doc) and doc[i + 1].like_num)


def _rank(assertion: Assertion) -> tuple:
    """Prefer structural evidence, then non-facts over facts (a cue outranks its absence), then confidence."""
    return (assertion.method.startswith("structure"), not assertion.is_fact, assertion.confidence)


class _Sentence(NamedTuple):
    """The parts of an assertion that come from its sentence alone."""

    text: str
    start: int
    end: int
    sectors: frozenset[str]
    time: str | None
    amount: tuple | None


def _trimmed(sent: Span, text: str) -> tuple[int, int]:
    """Character offsets of a sentence without its surrounding white space."""
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


if not Doc.has_extension("ssr_assertions"):
    Doc.set_extension("ssr_assertions", default=None)


@Language.factory("ssr_relations", requires=["doc._.ssr_mentions", "doc._.ssr_entities"],
                  assigns=["doc._.ssr_assertions"],
                  default_config={"actors": "", "patterns": "", "mode": "fallback"})
def make_relation_extractor(nlp: Language, name: str, actors: str, patterns: str, mode: str) -> RelationExtractor:
    """Factory for :class:`RelationExtractor`; patterns are compiled at ``nlp.initialize()``."""
    return RelationExtractor(nlp, name, actors=actors, patterns=patterns, mode=mode)


