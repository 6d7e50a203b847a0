"""Dated occurrences written in lower case: "the 2010 riots in Osh" (a pass of ``ssr_entities``).

An event noun from ``[events]`` in ``names.toml`` with a year before or
just after it, placed by an "in" phrase or by the state the sentence is
about, becomes an event entity labelled with its place and date.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ssrgraph.extract.mentions import YEAR_TOKEN, Mention, MentionIndex, document_text, is_reference, sentence_state

__all__ = ["EventNames"]


class EventNames:
    """The event pass of :class:`~ssrgraph.extract.entities.EntityLinker` (its tables come from there)."""

    def _events(self, doc: Doc, mentions, sentences, sections, registry) -> list[Mention]:
        """Dated occurrences written in lower case; see ``[events]`` in ``names.toml``."""
        sentence_of = {}
        for index, sent in enumerate(sentences):
            sentence_of.update(dict.fromkeys(range(sent.start, sent.end), index))
        by_start = {m.start: m for m in mentions}
        index_of = MentionIndex(mentions)
        taken: set[int] = set()
        found = []
        for _, start, end in sorted(self.event_nouns(doc), key=lambda m: (m[1], -m[2])):
            if index_of.overlapping(start, end) or taken.intersection(range(start, end)):
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
            if first > sent.start and YEAR_TOKEN.match(doc[first - 1].text):
                span_start = first - 1
                date = doc[first - 1].text
                if span_start > sent.start and doc[span_start - 1].lower_ in self.months:
                    span_start -= 1
                    date = f"{doc[span_start].text.capitalize()} {date}"
            after = doc[end:min(end + 4, sent.end)]
            if date is None:
                for k, token in enumerate(after):
                    if YEAR_TOKEN.match(token.text) and (k == 0 or after[k - 1].lower_ in ("(", "in")):
                        date = token.text.replace("–", "-")
                        i = token.i
                        if i + 2 < len(doc) and doc[i + 1].text in ("-", "–") and YEAR_TOKEN.match(doc[i + 2].text):
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
            place = place or sentence_state(doc, index, index_of, sentences, sections)
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
            taken.update(range(span_start, end))
            self._known(registry, place)
        return found
