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

Every assertion carries its sentence and offsets, polarity and modality from
the cue words of ``cues.toml``, time, amount and sectors.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ssrgraph.extract.mentions import (Mention, by_sentence, document_text, is_reference, section_states,
                                       sentence_state)
from ssrgraph.extract.frame_patterns import clause_qualifiers, compile_frame_patterns
from ssrgraph.extract.frames import FrameBuilder
from ssrgraph.extract.knowledge import DataFileError, Knowledge, PATTERN_DIR, load_knowledge
from ssrgraph.extract.model import Assertion
from ssrgraph.ontology import DATA_FILES, domain_and_range

__all__ = ["compile_pattern", "compile_patterns", "RelationExtractor", "find_time", "find_amount"]

_DROP = {"the", "a", "an", "'", '"', "‘", "’", "“", "”", "*", "`"}
_GAP_WORD = r"(?:[^@\s,;:()][^\s]* )"
_MENTION = r"@\d+:[A-Za-z]+ "
_COORDINATION = re.compile(r"(?:^| )(?:and|or|nor|as well as|along with|together with|plus) ")
_POSSESSIVES = {"its", "their"}
_FUNCTION_WORDS = {"be", "to", "of", "from", "for", "a", "an", "the", "-"}
_CLASS_NAMES = {"State", "StateAgency", "InternationalOrganisation", "NonStateOrganisation", "Person",
                "Programme", "Policy", "Event", "Place"}


@dataclass(frozen=True)
class CompiledPattern:
    relation: str
    name: str
    regex: re.Pattern
    classes: dict[str, frozenset[str] | None]
    confidence: float
    required: tuple[frozenset[str], ...]
    starts_with_mention: bool
    starts_with_list: bool

    def may_match(self, words: set[str]) -> bool:
        """A cheap test before the regex: every required word of the pattern is in the sentence."""
        return all(forms & words for forms in self.required)


def _lemma_key(token, lookup=None) -> str:
    """A token as surface patterns see it: its lemma in lower case (from the ``lookup`` table when given,
    so that surface patterns read the same words whether or not the sentence was tagged)."""
    text = token.text.replace("’", "'")
    if text.lower() == "'s":
        return "'s"
    lemma = lookup.get(token.text, token.text) if lookup is not None else token.lemma_ or token.text
    lemma = lemma.lower().replace("’", "'")
    if lemma in _DROP and token.lower_ not in _DROP:
        return token.lower_
    return lemma


def compile_pattern(match: str, *, list_suffixes: tuple[str, ...] = (), separators: tuple[str, ...] = (",", "and", "or"),
                    lemmatise=lambda word: word) -> tuple[re.Pattern, dict]:
    """Compile a pattern string (``patterns/README.md``) into a regex over encoded sentences.

    >>> regex, classes, required = compile_pattern("X fund Y")
    >>> bool(regex.match("@0:State fund @1:Programme "))
    True
    """
    suffix = "(?:(?:" + "|".join(re.escape(s) for s in list_suffixes) + ") )?" if list_suffixes else ""
    modifier = r"(?:" + _MENTION + r"- [a-z]+ )?"
    item = modifier + _MENTION + suffix + r"(?:'s (?:[a-z]+ ){0,2}" + _MENTION + suffix + ")?"
    sep = "(?:(?:" + "|".join(re.escape(s) for s in sorted(separators, key=len, reverse=True)) + r") ){1,2}"
    parts, classes, required = [], {}, []
    for element in match.split():
        optional = element.endswith("?") and len(element) > 1
        element = element[:-1] if optional else element
        role, _, limit = element.partition(":")
        if role in ("X", "Y", "X1", "Y1"):
            single, role = role.endswith("1"), role[0]
            if role in classes:
                raise ValueError(f"{role} appears twice")
            names = frozenset(limit.split("|")) if limit else None
            if names and not names <= _CLASS_NAMES:
                raise ValueError(f"unknown class in {element!r}; expected some of {sorted(_CLASS_NAMES)}")
            classes[role] = names
            regex = f"(?P<{role}>{_MENTION})" if single else f"(?P<{role}>{item}(?:{sep}{item})*)"
        elif element.startswith("!") and len(element) > 1:
            alternatives = [re.escape(a.replace("_", " ")) + " " for a in element[1:].split("|")]
            regex = "(?!" + "|".join(alternatives) + ")"
        elif element == "~":
            regex = _GAP_WORD + "{0,5}"
        elif element == "...":
            regex = r"(?:[^@\s;:][^\s]* ){0,8}?"
        elif element == "*...":
            regex = r"(?:(?![;:] )[^\s]+ ){0,10}?"
        else:
            forms = {form for a in element.split("|") for form in (a.replace("_", " "), lemmatise(a.replace("_", " ")))}
            regex = "(?:" + "|".join(re.escape(f) + " " for f in sorted(forms, key=len, reverse=True)) + ")"
            if not optional:
                required.append(frozenset(f.split()[0] for f in forms))
        parts.append(f"(?:{regex})?" if optional else regex)
    if set(classes) != {"X", "Y"}:
        raise ValueError("a pattern needs both X and Y")
    return re.compile("".join(parts)), classes, required


_PERIOD = re.compile(r"\b(19\d\d|20\d\d)\s*[-–/]\s*(19\d\d|20\d\d|\d\d)\b")
_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid)[- ])?(?:[A-Z][a-z]+\s+)?(19\d\d|20\d\d)\b", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(19\d\d|20\d\d)\s+and\s+(19\d\d|20\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_CURRENCY = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "us$": "USD", "usd": "USD",
             "dollars": "USD", "dollar": "USD", "£": "GBP", "gbp": "GBP", "pounds": "GBP", "chf": "CHF",
             "yen": "JPY", "jpy": "JPY", "rub": "RUB", "roubles": "RUB", "rubles": "RUB"}
_SCALE = {"million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3}
_MONEY_BEFORE = re.compile(r"(€|\$|£|US\$|EUR|USD|GBP|CHF|JPY|RUB)\s?(\d[\d,]*(?:\.\d+)?)(?:\s*[-–]\s*\d[\d,]*(?:\.\d+)?)?\s*(million|billion|thousand|mn|bn|m)?\b", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*[-–]\s*\d[\d,]*(?:\.\d+)?)?\s*(million|billion|thousand)?\s*(euros?|dollars|EUR|USD|GBP|CHF|pounds|roubles|rubles)\b", re.IGNORECASE)


def find_time(text: str) -> str | None:
    """The year or period a sentence gives, in normal form.

    >>> find_time("trained 1,500 officers since 2006 in Dushanbe")
    'since 2006'
    >>> find_time("President Bakiyev (2005-2010) disbanded it")
    '2005-2010'
    >>> find_time("In October 2011, the doctrine was adopted")
    '2011'
    """
    if match := _BETWEEN.search(text):
        return f"{match.group(1)}-{match.group(2)}"
    if match := _PERIOD.search(text):
        end = match.group(2)
        end = match.group(1)[:2] + end if len(end) == 2 else end
        return f"{match.group(1)}-{end}"
    if match := _SINCE.search(text):
        return f"since {match.group(1)}"
    if match := _YEAR.search(text):
        return match.group(1)
    return None


def find_amount(text: str) -> tuple[float, str] | None:
    """A sum of money in a sentence, as (value, ISO currency); a range gives its lower end.

    >>> find_amount("a grant of EUR 33 million to BOMCA")
    (33000000.0, 'EUR')
    >>> find_amount("USD 1.5 billion")
    (1500000000.0, 'USD')
    >>> find_amount("some 200,000 dollars")
    (200000.0, 'USD')
    """
    if match := _MONEY_BEFORE.search(text):
        symbol, number, scale = match.groups()
    elif match := _MONEY_AFTER.search(text):
        number, scale, symbol = match.groups()
    else:
        return None
    value = float(number.replace(",", "")) * _SCALE.get((scale or "").lower(), 1)
    return value, _CURRENCY.get(symbol.lower(), symbol.upper())


def compile_patterns(knowledge: Knowledge, directory: Path = PATTERN_DIR,
                     lemmatise=lambda words: words.lower()) -> list[CompiledPattern]:
    """Compile every relation pattern of ``knowledge``; a malformed one raises
    :class:`DataFileError` naming its file (in ``directory``) and line."""
    lists = knowledge.cues.get("lists", {})
    separators = tuple(lists.get("separators", (",", "and", "or")))
    suffixes = tuple({form for word in lists.get("item_suffixes", ()) for form in (word, lemmatise(word))})
    compiled = []
    for relation, entries in knowledge.patterns.items():
        for entry in entries:
            try:
                regex, classes, required = compile_pattern(entry["match"], list_suffixes=suffixes,
                                                           separators=separators, lemmatise=lemmatise)
            except (ValueError, re.error) as error:
                raise DataFileError(Path(directory) / f"{relation}.toml",
                                    f"pattern {entry['name']!r} ({entry['match']!r}): {error}",
                                    entry.get("line")) from error
            first = entry["match"].split()[0].split(":")[0]
            compiled.append(CompiledPattern(relation, entry["name"], regex, classes,
                                            float(entry.get("confidence", 0.8)), tuple(required),
                                            first in ("X", "Y", "X1", "Y1"), first in ("X", "Y")))
    return compiled


class RelationExtractor:
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
            return " ".join(_lemma_key(t) for t in lemmatizer(nlp.make_doc(words)))

        self.patterns = compile_patterns(k, self.sources[0], lemmatise)
        lookups = getattr(lemmatizer, "lookups", None)
        self.lookup = lookups.get_table("lemma_lookup") if lookups and lookups.has_table("lemma_lookup") else None
        self.keys: dict[str, str] = {}
        self.frame_patterns: dict[str, list] = {}
        for relation, entries in k.frame_patterns.items():
            for pattern in compile_frame_patterns(relation, entries, self.sources[0] / f"{relation}.toml"):
                for trigger in pattern.triggers:
                    self.frame_patterns.setdefault(trigger, []).append(pattern)
        self.frame_builder = FrameBuilder(dict(k.frames["light_verbs"]), set(k.frames["proxies"]),
                                          set(k.frames["listing_verbs"]), set(k.frames.get("with_givers", [])))
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
        self.sector_regex = {sector: re.compile(r"\b(?:" + "|".join(re.escape(t) for t in triggers) + r")\b")
                             for sector, triggers in k.sector_triggers.items() if triggers}
        return self

    # --------------------------------------------------------------- encoding

    def _encode(self, sent: Span, mentions: list[Mention]) -> tuple[str, list[int], list[Mention | None], list[str]]:
        """A sentence as 'lemma lemma @3:State lemma ...', with each unit's string offset.

        A bracketed acronym right after the name it abbreviates ("NATO" in
        "the North Atlantic Treaty Organisation (NATO)") is folded into that
        mention, so that patterns see one name.
        """
        by_start = {m.start: m for m in mentions if sent.start <= m.start < sent.end}
        pieces, offsets, units, keys = [], [], [], []
        position = 0
        i = sent.start
        doc = sent.doc
        while i < sent.end:
            mention = by_start.get(i)
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
                    key = _lemma_key(token)
                else:
                    key = self.keys.get(text)
                    if key is None:
                        key = self.keys[text] = _lemma_key(token, self.lookup)
                if text == "May" and _next_to_number(doc, i):
                    key = "<month>"
                i += 1
                if key in _DROP or not key.strip():
                    continue
                piece = key.replace(" ", "_") + " "
                units.append(None)
                keys.append(key)
            offsets.append(position)
            pieces.append(piece)
            position += len(piece)
        return "".join(pieces), offsets, units, keys

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
        assertion per triple (a pronoun or definite description costs a quarter)."""
        if not self._allowed(relation, subject, obj):
            return
        known = self.knowledge.actors.get(obj.entity)
        if relation == "implements" and known and subject.entity in known.part_of:
            return
        key = (subject.entity, relation, obj.entity)
        confidence = confidence * (0.75 if "coref" in (subject.kind, obj.kind) else 1)
        if key not in found or found[key].confidence < confidence:
            found[key] = self._assertion(doc, sent, *key, polarity, modality, method, round(confidence, 3), entities)

    def _allowed(self, relation: str, subject: Mention, obj: Mention) -> bool:
        domain, range_ = self.domain_range[relation]
        return subject.entity != obj.entity and subject.cls in domain and obj.cls in range_

    # ------------------------------------------------------------ assertions

    def _assertion(self, doc: Doc, sent: Span, subject: str, relation: str, obj: str, polarity: str,
                   modality: str, method: str, confidence: float, entities) -> Assertion:
        start, end = _trimmed(sent, document_text(doc))
        text = document_text(doc)[start:end]
        lowered = text.lower()
        sectors = {s for s, regex in self.sector_regex.items() if regex.search(lowered)}
        for ident in (subject, obj):
            if ident in entities:
                sectors |= entities[ident].sectors
        amount = find_amount(text) if relation == "funds" else None
        return Assertion(subject=subject, relation=relation, object=obj, sentence=text, start=start, end=end,
                         polarity=polarity, modality=modality, time=find_time(text),
                         amount=amount[0] if amount else None, currency=amount[1] if amount else None,
                         sectors=tuple(sorted(sectors)), method=method, confidence=confidence)

    def _pattern_assertions(self, doc, sent, mentions, entities) -> list[Assertion]:
        if sum(sent.start <= m.start < sent.end for m in mentions) < 2:
            return []
        string, offsets, units, keys = self._encode(sent, mentions)
        found = {}
        if sum(unit is not None for unit in units) < 2:
            return []
        words = set(keys)
        cue_positions = [i for i, key in enumerate(keys) if key in self.cue_starts]
        mention_starts = [i for i, unit in enumerate(units) if unit is not None]
        list_starts = [i for i in mention_starts
                       if not (i >= 2 and keys[i - 1] in self.separators and units[i - 2] is not None)]
        for pattern in self.patterns:
            if not pattern.may_match(words):
                continue
            starts = (list_starts if pattern.starts_with_list else mention_starts if pattern.starts_with_mention
                      else range(len(offsets)))
            for unit_index in starts:
                match = pattern.regex.match(string, offsets[unit_index])
                if match is None:
                    continue
                roles = {}
                for role in ("X", "Y"):
                    group = match.group(role)
                    ids = [int(n) for n in re.findall(r"@(\d+):[A-Za-z]+ (?!- |'s )", group)]
                    if len(ids) > 1:
                        ids = [n for n in ids if not (n + 1 < len(keys) and keys[n + 1] == "-")]
                    if len(ids) > 1 and not _COORDINATION.search(group):
                        ids = ids[-1:] if role == "X" and match.start("X") < match.start("Y") else ids[:1]
                    allowed = pattern.classes[role]
                    roles[role] = [units[n] for n in ids if allowed is None or units[n].cls in allowed]
                lo = unit_index - self.scope_before
                hi = bisect_left(offsets, match.end())
                polarity, modality = self._cue(keys, cue_positions, lo, hi)
                for subject in roles["X"]:
                    for obj in roles["Y"]:
                        self._keep(found, doc, sent, entities, pattern.relation, subject, obj, polarity, modality,
                                   f"pattern:{pattern.name}", pattern.confidence)
        return list(found.values())

    def _mentions(self, fillers, at: dict[int, Mention], earlier: list[Mention], classes: frozenset[str]
                  ) -> list[tuple[Mention, str]]:
        """The mention each role filler names: itself, the owners a proxy noun stands for, or, for a
        possessive pronoun ("its", "their"), an entity of a class the relation accepts: the nearest
        named before it in its sentence, else the first of the sentence before (``earlier``: the
        mentions of both, in text order)."""
        out = []
        for token, role in fillers:
            for candidate in self.frame_builder.stand_ins(token):
                if candidate.i in at:
                    out.append((at[candidate.i], role))
                    if candidate is token:
                        break
                elif candidate.lower_ in _POSSESSIVES:
                    fits = [m for m in earlier if m.end <= candidate.i and m.cls in classes and m.kind != "coref"]
                    here = [m for m in fits if m.start >= candidate.sent.start]
                    prior = here[-1] if here else (fits[0] if fits else None)
                    if prior is not None:
                        out.append((Mention(candidate.i, candidate.i + 1, prior.entity, prior.cls, "coref"), role))
        return out

    def _frame_assertions(self, doc, sent, mentions, entities, earlier: list[Mention]) -> list[Assertion]:
        """Assertions from frame patterns over the parse of one sentence (``earlier``: the mentions of it
        and of the sentence before, for possessive pronouns)."""
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        if len({m.entity for m in at.values()}) < 2:
            return []
        has_amount = find_amount(sent.text) is not None
        found: dict[tuple, Assertion] = {}
        for frame in self.frame_builder.frames(sent, self.frame_patterns):
            for pattern in self.frame_patterns.get(frame.lemma, ()):
                if not pattern.matches(frame, has_amount):
                    continue
                domain, range_ = self.domain_range[pattern.relation]
                subjects = self._mentions(pattern.fillers(frame, "subject"), at, earlier,
                                          pattern.subject_class or frozenset(domain))
                objects = self._mentions(pattern.fillers(frame, "object"), at, earlier,
                                         pattern.object_class or frozenset(range_))
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

    def _structural(self, doc, sent, index, mentions, local, sentences, sections, entities) -> list[Assertion]:
        """Assertions that the mentions' own structure states (see module docstring); ``local`` are the sentence's."""
        here = [m for m in local if m.kind != "coref"]
        named = {m.entity: m for m in here}
        actors = self.knowledge.actors
        out = []

        def add(subject, relation, obj, method, confidence=0.9):
            s_cls = entities[subject].cls if subject in entities else None
            o_cls = entities[obj].cls if obj in entities else None
            domain, range_ = self.domain_range[relation]
            if subject != obj and s_cls in domain and o_cls in range_:
                out.append(self._assertion(doc, sent, subject, relation, obj, "positive", "asserted",
                                           method, confidence, entities))

        for m in here:
            if m.owner and m.kind in ("body", "discovered") and m.cls == "Place":
                add(m.entity, "locatedIn", m.owner, "structure:place-in-state")
            elif m.owner and m.kind in ("body", "discovered"):
                add(m.entity, "partOf", m.owner, "structure:body-of-state")
            for inner in (m.inner if m.kind != "known" else []):
                inner_cls = entities[inner].cls if inner in entities else None
                text = doc[m.start:m.end].text
                inner_label = entities[inner].label if inner in entities else ""
                located = re.search(r"\bin\s+(?:the\s+)?" + re.escape(inner_label.split(" (")[0]), text) or any(
                    re.search(r"\bin\s+(?:the\s+)?" + re.escape(a), text) for a in entities[inner].aliases)
                if inner_cls in ("Place", "State") and (located or m.cls == "Event"):
                    add(m.entity, "locatedIn", inner, "structure:name-in-place")
                elif m.cls == "Programme" and inner_cls in ("StateAgency", "NonStateOrganisation"):
                    add(inner, "implements", m.entity, "structure:programme-of-actor")
                else:
                    add(m.entity, "partOf", inner, "structure:name-contains-whole")
            if m.cls == "Person" and m.title in self.leading_titles:
                owner = None
                before = doc[max(sent.start, m.start - 3):m.start]
                for token in before:
                    owner = self.demonyms.get(token.text) or owner
                owner = owner or sentence_state(doc, index, mentions, sentences, sections)
                if owner:
                    add(m.entity, "leads", owner, "structure:leading-title", 0.85)
            known = actors.get(m.entity)
            if known is not None:
                for whole in known.part_of:
                    if whole in m.inner or (whole in named and (m.cls not in _OWNED_ONLY_WHEN_SAID
                                                                or _owned_by(doc, m, named[whole]))):
                        add(m.entity, "partOf", whole, "structure:known-part-of")
                for place in known.located_in:
                    if place in named or place in m.inner:
                        add(m.entity, "locatedIn", place, "structure:known-location")
        return out

    def __call__(self, doc: Doc) -> Doc:
        if self.knowledge is None:
            raise ValueError("ssr_relations is not initialised: call nlp.initialize() first")
        mentions = doc._.ssr_mentions or []
        entities = doc._.ssr_entities or {}
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
            from_parse = self._frame_assertions(doc, sent, local, entities, earlier) if sent.start in parsed else []
            from_surface = self._pattern_assertions(doc, sent, local, entities) if self.mode != "parse" else []
            for assertion in (self._structural(doc, sent, index, mentions, local, sentences, sections, entities)
                              + _combine(from_parse, from_surface, self.mode)):
                key = (assertion.subject, assertion.relation, assertion.object, assertion.start)
                if key not in assertions or _rank(assertion) > _rank(assertions[key]):
                    assertions[key] = assertion
        doc._.ssr_assertions = list(assertions.values())
        return doc


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


def _next_to_number(doc: Doc, i: int) -> bool:
    """Whether a token stands beside a number, as a month name does ("18 May", "May 2015")."""
    return (i > 0 and doc[i - 1].like_num) or (i + 1 < len(doc) and doc[i + 1].like_num)


def _rank(assertion: Assertion) -> tuple:
    """Prefer structural evidence, then non-facts over facts (a cue outranks its absence), then confidence."""
    return (assertion.method.startswith("structure"), not assertion.is_fact, assertion.confidence)


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


_OWNED_ONLY_WHEN_SAID = {"Programme", "Event", "Policy"}
_KIND_WORDS = {"programme", "program", "project", "initiative", "mission", "scheme", "component", "exercise"}
"""Parts whose known whole counts only where the sentence gives it them ("the EU's BOMCA"): a programme
named beside its owner is often funded, run or joined by it instead ("the EU should fund BOMCA")."""


def _owned_by(doc: Doc, part, whole) -> bool:
    """Whether the text gives the part to the whole: "the EU's BOMCA", "NATO's IPAP", "BOMCA of the EU",
    "the EU programme BOMCA" (rule 7 of the annotation guide), rather than naming both in one sentence."""
    if whole.end <= part.start <= whole.end + 3:
        between = [t.lower_ for t in doc[whole.end:part.start]]
        return not between or between[0] in ("'s", "’s", "'") or set(between) <= _KIND_WORDS
    if part.end <= whole.start <= part.end + 2:
        return [t.lower_ for t in doc[part.end:whole.start]] in (["of"], ["of", "the"])
    return False
