"""The ``ssr_entities`` spaCy component: find entity mentions and link them to entities.

Mentions come from, in order of trust (each pass in a module of its own):

1. known names from ``actors.ttl`` (acronyms in capitals match with their case): here;
2. acronyms defined in the text, either way round ("Public Advisory Council
   (PAC)", "BICC (Bonn International ...)"), Schwartz-Hearst style: :mod:`.acronyms`;
3. unknown names, discovered from capitalised runs by their head noun
   (``names.toml``), by their kind, with a year, as places, and from the
   data libraries of :mod:`.gazetteers`: :mod:`.discovery`; persons by
   titles, roles and context: :mod:`.persons`;
4. generic bodies of a state (``bodies.toml``), owned through an adjective, a
   possessive, an "of" phrase or the one state in sight: :mod:`.bodies`;
   dated events written in lower case: :mod:`.events`;
5. definite descriptions and pronouns pointing back to a recent entity:
   :mod:`.coreference`.

The result is ``doc._.ssr_mentions`` (sorted, non-overlapping) and
``doc._.ssr_entities`` (id -> :class:`~ssrgraph.extract.model.Entity`).
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ssrgraph.extract.acronyms import ACRONYM, AcronymNames
from ssrgraph.extract.bodies import StateBodies
from ssrgraph.extract.coreference import Coreference
from ssrgraph.extract.discovery import DiscoveredNames
from ssrgraph.extract.events import EventNames
from ssrgraph.extract.knowledge import PATTERN_DIR, Knowledge, load_knowledge
from ssrgraph.extract.mentions import (Mention, by_sentence, document_text, is_reference, resolve_overlaps,
                                       section_states)
from ssrgraph.extract.model import Entity, slugify
from ssrgraph.extract.persons import PersonNames
from ssrgraph.ontology import DATA_FILES

__all__ = ["EntityLinker"]

if not Doc.has_extension("ssr_mentions"):
    Doc.set_extension("ssr_mentions", default=None)
    Doc.set_extension("ssr_entities", default=None)


class EntityLinker(DiscoveredNames, PersonNames, AcronymNames, StateBodies, EventNames, Coreference):
    """Find and link entity mentions; see the module docstring for the order of evidence.

    Each kind of evidence is a pass defined in a module of its own (the
    base classes); this class loads the tables they share, runs them in
    order and keeps, wherever mentions overlap, the longest and most trusted.
    """

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
                target = self.exact if ACRONYM.match(name) and name.upper() == name else self.caseless
                target.add(actor.id, [tokenizer(name)])
            for demonym in actor.demonyms:
                self.demonyms[demonym] = actor.id
            if actor.seat_of:
                self.seats[actor.id] = actor.seat_of
        self.topic_nouns = set(k.body_topics)
        self.body_givers = set(k.body_givers)
        self.body_phrases = {phrase for body in k.bodies for phrase in body["phrases"]}
        self.body_labels = {phrase: body["label"] for body in k.bodies
                            if body.get("class", "StateAgency") == "StateAgency" for phrase in body["phrases"]}
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
        self.headline_verbs = set(names.get("headline_verb_forms", [])) | {
            verb + ending for verb in names.get("headline_verbs", []) for ending in ("s", "es", "d", "ed")} | {
            verb[:-1] + ending for verb in names.get("headline_verbs", []) if verb.endswith("y")
            for ending in ("ies", "ied")}
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

    # ------------------------------------------------------------------ entities

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
            entity = registry[ident] = Entity(ident, actor.label, actor.cls, set(), set(actor.sectors), known=True)
        if alias and alias != entity.label:
            entity.aliases.add(alias)
        return ident

    def _known_mentions(self, doc: Doc) -> list[Mention]:
        found = []
        for matcher, caseless in ((self.exact, False), (self.caseless, True)):
            for match_id, start, end in matcher(doc):
                ident = self.vocab.strings[match_id]
                if caseless and not doc[start].text[:1].isupper() and not doc[start].is_digit:
                    continue
                found.append(Mention(start, end, ident, self.knowledge.actors[ident].cls, "known"))
        return found

    def _named_in(self, ident: str, words: str) -> bool:
        """Whether a known entity's name, alias or adjective appears as whole words in ``words``."""
        actor = self.knowledge.actors[ident]
        return any(re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", words)
                   for name in (actor.label, *actor.aliases, *actor.demonyms))

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
        mentions = resolve_overlaps(mentions)
        mentions = resolve_overlaps(mentions + self._model_names(doc, mentions, registry))
        self._seats(doc, mentions, registry)
        mentions = resolve_overlaps(mentions + self._acronyms(doc, mentions, registry))
        mentions = resolve_overlaps(mentions + self._surnames(doc, mentions, registry))
        self._retype_by_context(doc, mentions, registry)
        mentions = resolve_overlaps(mentions + self._short_names(doc, mentions))
        sections = section_states(doc, sentences, mentions)
        mentions = resolve_overlaps(mentions + self._bodies(doc, mentions, sentences, sections, registry))
        mentions = resolve_overlaps(mentions + self._events(doc, mentions, sentences, sections, registry))
        mentions = resolve_overlaps(mentions + self._coreference(doc, mentions, sentences, sections))
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
        self._mark_kind_phrases(doc, mentions)
        doc._.ssr_mentions = mentions
        doc._.ssr_entities = {k: v for k, v in registry.items() if k in used}
        return doc


@Language.factory("ssr_entities", requires=["token.is_sent_start", "token.lemma"],
                  assigns=["doc._.ssr_mentions", "doc._.ssr_entities"],
                  default_config={"actors": "", "patterns": ""})
def make_entity_linker(nlp: Language, name: str, actors: str, patterns: str) -> EntityLinker:
    """Factory for :class:`EntityLinker`; its names are loaded at ``nlp.initialize()``."""
    return EntityLinker(nlp, name, actors=actors, patterns=patterns)
