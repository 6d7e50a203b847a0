"""Assertions the mentions' own structure states (a source of ``ssr_relations``).

A body of a state is part of that state, also through a possessive pronoun
that stands for the state ("Russia keeps its 201st Military Base"); a name that contains another
("OSCE Office in Dushanbe") is part of it, located in it or, for a
programme, implemented by it; a leading title ("President X") makes a
person lead their state; background facts of ``actors.ttl`` whose two ends
one sentence names hold there, a programme's owner only where the text
gives it (rule 7 of the annotation guide).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ssrgraph.extract.mentions import POSSESSIVES, sentence_state
from ssrgraph.extract.model import Assertion

__all__ = ["StructuralAssertions"]

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


class StructuralAssertions:
    """The structural source of :class:`~ssrgraph.extract.relations.RelationExtractor` (its tables come from there)."""

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
            elif m.kind == "discovered" and m.cls == "StateAgency" and m.start > sent.start and doc[
                    m.start - 1].lower_ in POSSESSIVES:
                states = [other for other in here if other.cls == "State" and other.end < m.start]
                if states:
                    add(m.entity, "partOf", states[-1].entity, "structure:possessive-of-state", 0.8)
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
