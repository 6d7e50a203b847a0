"""Names the gazetteer lacks, found in the text itself (passes of ``ssr_entities``).

A run of capitalised words (with connectors such as "of" and "for" inside)
is a name of the class its head noun gives (``[heads]`` in ``names.toml``:
"... Institute" is a non-state organisation, "... Ministry" a state agency),
or the word of its kind after it ("the Border Management in Northern
Afghanistan project"); a capitalised word no head noun types is left out
with its preposition ("Officers of the Kyrgyz State Committee ...");
names introduced by their kind ("the public foundation Kelechek"), names
with a year ("Exercise Steppe Eagle 2021", :mod:`.numbered`), places written
as places (:mod:`.places`), states and places from the data libraries
(:mod:`.gazetteers`), a trained pipeline's entities where it has them, and
a name's distinctive first word used alone. A description right after a
name (", an NGO based in Osh") retypes it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ssrgraph.extract import gazetteers
from ssrgraph.extract.bodies import state_body_label
from ssrgraph.extract.mentions import YEAR_TOKEN, Mention, document_text, is_capitalised, token_texts
from ssrgraph.extract.model import Entity
from ssrgraph.extract.numbered import numbered_names
from ssrgraph.extract.places import contextual_places

__all__ = ["DiscoveredNames"]

_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
"""An ordinal that opens a name ("the 201st Military Base", "the 5th Border Detachment")."""


class DiscoveredNames:
    """The name-discovery passes of :class:`~ssrgraph.extract.entities.EntityLinker` (its tables come from there)."""

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
        """Class of a capitalised name from its head noun: the last capital word before a preposition, or
        the last word of a name without an article that this does not type ("Rule of Law Programme")."""
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
        cls = self.heads.get(head) or self.heads.get(head.capitalize())
        if cls is None and not any(t.lower_ == "the" for t in tokens):
            cls = self.heads.get(tokens[-1].text)
        return cls

    def _runs(self, doc: Doc, sent: Span, known: list[Mention]) -> list[tuple[int, int]]:
        """Maximal runs of capitalised words (with connectors inside) in a sentence, as (start, end).

        A hyphenated modifier opening a run ("Russian-led", "EU-funded") is not
        part of the name, and "and" after a head noun or before "the" ends one
        name and starts another ("the X Institute and the Y Foundation",
        "Aldervane and the Swiss Agency ..."), as does "and" after "of" and a known
        state ("the Ministry of Justice of Kyrgyzstan and Penal Reform
        International"); "in" before a known state or place (``known``: the
        sentence's known mentions) ends one too.
        """
        place_starts = {m.start for m in known if m.kind == "known" and m.cls in ("State", "Place")}
        owner_ends = {m.end for m in known if m.kind == "known" and m.cls == "State" and m.start > 0
                      and doc[m.start - 1].lower_ == "of"}
        runs = []
        texts = token_texts(doc)
        i = sent.start
        while i < sent.end:
            if not (texts[i][:1].isupper() or texts[i][:1].isdigit()) or self._headline_verb(doc[i]):
                i += 1
                continue
            token = doc[i]
            if (i + 2 < sent.end and doc[i + 1].text == "-" and not token.whitespace_
                    and doc[i + 2].text[:1].islower()):
                i += 3
                continue
            ordinal = (_ORDINAL.match(token.text) and i + 1 < sent.end and is_capitalised(doc[i + 1])
                       and doc[i + 1].text not in self.not_start)
            if not ordinal and not is_capitalised(token) or token.text in self.not_start and not (
                    i + 1 < sent.end and is_capitalised(doc[i + 1]) and token.text not in ("The", "A", "An", "In", "On")):
                i += 1
                continue
            j = i + 1
            last_cap = i
            while j < sent.end:
                t = doc[j]
                if self._headline_verb(t):
                    break
                if is_capitalised(t) or (YEAR_TOKEN.match(t.text) and doc[j - 1].lower_ in ("for", "of")):
                    last_cap = j
                elif t.lower_ == "and" and (doc[j - 1].text in self.heads or j in owner_ends or (
                        j + 1 < sent.end and doc[j + 1].lower_ == "the")):
                    break
                elif t.lower_ == "in" and j + 1 < sent.end and j + 1 in place_starts and not (
                        doc[j - 1].text in self.located_heads):
                    break
                elif t.lower_ in self.connectors:
                    pass
                elif t.text == "-" and not doc[j - 1].whitespace_ and not t.whitespace_:
                    pass
                elif t.lower_ in ("'s", "’s") and j + 1 < sent.end and is_capitalised(doc[j + 1]) and is_capitalised(doc[j - 1]):
                    pass
                elif doc[j - 1].text == "-" and not doc[j - 1].whitespace_ and (t.is_alpha or t.is_digit):
                    last_cap = j
                else:
                    break
                j += 1
            runs.append((i, last_cap + 1))
            i = max(last_cap + 1, i + 1)
        return runs

    def _headline_verb(self, token) -> bool:
        """Whether a word is an inflected headline verb ("Donates", "Trained"; ``headline_verbs`` in
        ``names.toml``), which no name holds."""
        return token.lower_ in self.headline_verbs

    def _discover(self, doc: Doc, sent: Span, runs: list[tuple[int, int]], taken: list[Mention],
                  registry) -> list[Mention]:
        """Names not in the gazetteer among a sentence's capitalised ``runs``; ``taken`` are its known mentions."""
        found = []
        for start, end in runs:
            start = self._named_part(doc, start, end)
            if start == sent.start and start + 1 < end and doc[start + 1].lower_ in ("the", "a", "an"):
                start += 2
            while start < end and doc[start].text in self.not_start:
                start += 1
            owner = None
            if start < end and doc[start].text in self.demonyms and end - start > 1:
                owner = self.demonyms[doc[start].text]
            possessor = next((m for m in reversed(taken) if m.kind == "known" and start <= m.start
                              and m.end + 1 < end and doc[m.end].lower_ in ("'s", "’s")), None)
            owning_state = None
            if possessor is not None:
                start = possessor.end + 1
                if possessor.cls == "State":
                    owner = owning_state = possessor.entity
            if end - start < 2:
                continue
            if owner and doc[start + 1:end].text.lower() in self.body_phrases:
                continue
            tokens = list(doc[start:end])
            cls = self._name_class(tokens) or self._kind_noun_after(doc, end)
            if cls is None or all(t.is_upper or not t.is_alpha for t in tokens):
                continue
            first = next((m for m in taken if m.kind == "known" and m.start <= start < m.end), None)
            if first is not None and (first.start < start or self._head_index(tokens) < first.end - start
                                      or first.end >= end or not is_capitalised(doc[first.end])):
                continue
            inner = [m for m in taken if m.kind == "known" and start <= m.start and m.end <= end and not m.metonymy
                     and not (m.end == end and m.end - m.start == 1 and not doc[m.start].is_upper
                              and is_capitalised(doc[m.start - 1]))]
            inner_ios = [m for m in inner if m.cls == "InternationalOrganisation"]
            inner_states = [m for m in inner if m.cls == "State"]
            reclass = self.knowledge.names.get("reclassify", {})
            if inner_ios and cls in reclass.get("inside_international_organisation", []):
                cls = "InternationalOrganisation"
            elif (inner_states or owner) and cls in reclass.get("inside_state", []):
                cls = "StateAgency"
            label = doc[start:end].text
            ident = self._state_body(registry, doc, start, end, cls, owning_state, inner_states)
            if ident is None:
                ident = self._entity(registry, label, cls)
            found.append(Mention(start, end, ident, cls, "discovered", owner=owner,
                                 inner=[m.entity for m in inner]))
        return found

    def _state_body(self, registry, doc: Doc, start: int, end: int, cls: str, owning_state: str | None,
                    inner_states: list[Mention]) -> str | None:
        """One entity for a state's body however the text names it.

        "China's Ministry of Public Security" (``owning_state`` is China) is the "Ministry of Public Security
        of China"; "the Ministry of Defence of Kazakhstan" is the body that "Kazakhstan's Ministry of
        Defence" gives (``bodies.toml``); a known actor keeps its own id. None for any other name.
        """
        if owning_state is not None:
            body, state = doc[start:end].text, owning_state
        else:
            last = inner_states[-1] if inner_states else None
            if last is None or last.end != end:
                return None
            before = last.start - (2 if doc[last.start - 1].lower_ == "the" else 1)
            if before <= start or doc[before].lower_ != "of":
                return None
            body, state = doc[start:before].text, last.entity
        state_label = self.knowledge.actors[state].label
        known = self.known_names.get((f"{body} of {state_label}".lower(), cls))
        if known is not None:
            return self._known(registry, known, doc[start:end].text)
        canonical = self.body_labels.get(body.lower())
        if canonical is not None and cls == "StateAgency":
            return self._entity(registry, state_body_label(canonical, state_label), cls, alias=doc[start:end].text)
        if owning_state is not None:
            return self._entity(registry, f"{body} of {state_label}", cls, alias=body)
        return None

    def _kind_noun_after(self, doc: Doc, end: int) -> str | None:
        """The class a word of its kind right after a name gives it ("the Border Management in Northern
        Afghanistan project"), unless a name follows that word ("the EU Border Management project
        BOMCA": BOMCA is the project)."""
        if end >= len(doc) or doc[end].lower_ not in self.kinds:
            return None
        if end + 1 < len(doc) and is_capitalised(doc[end + 1]):
            return None
        return self.kinds[doc[end].lower_]

    def _mark_kind_phrases(self, doc: Doc, mentions: list[Mention]) -> None:
        """Mark names followed by a noun of their own kind ("the BOMCA programme", ``[kinds]`` in
        ``names.toml``), which the noun phrase is about (``Mention.phrase_end``)."""
        starts = {m.start for m in mentions}
        for m in mentions:
            if m.end < len(doc) and m.end not in starts and self.kinds.get(doc[m.end].lower_) == m.cls:
                m.phrase_end = m.end + 1

    def _named_part(self, doc: Doc, start: int, end: int) -> int:
        """Where the name in a run starts: after a capitalised word no head noun types and its preposition
        ("Officers of the Kyrgyz State Committee for National Security", "Head of the OSCE Office"), when
        what follows is a name of its own; else ``start``. Without an article after the preposition, a run
        that ends in a head noun is one name ("Rule of Law Programme", "Science for Peace and Security
        Programme")."""
        if self._name_class(list(doc[start:end])) is not None:
            return start
        for i in range(start + 1, end - 1):
            if doc[i].lower_ in self.prepositions:
                if doc[i + 1].lower_ != "the" and self.heads.get(doc[end - 1].text):
                    return start
                j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
                if j < end and is_capitalised(doc[j]) and self._name_class(list(doc[j:end])) is not None:
                    return j
                return start
        return start

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
                    or not is_capitalised(doc[start]) \
                    or doc[start].text in self.not_start or self._headline_verb(doc[start]):
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
                while end < sent.end and end - start < 4 and is_capitalised(doc[end]) and end not in covered:
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
                if is_capitalised(token) and doc[token.i + 1].text in ("-", "–") and doc[token.i + 2].lower_ in (
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
