"""Definite descriptions and pronouns resolved to a recent entity (a pass of ``ssr_entities``).

"the council" goes to the nearest earlier name with the same head noun
("the Central Asian Customs Liaison Council") within ``head_window``
sentences, else to the nearest mention of an agreeing class within
``window`` sentences; "the country" to the state the sentence is about;
"it" and "its" as :mod:`ssrgraph.extract.pronouns` says. The descriptions and
windows come from ``[coreference]`` in ``cues.toml``.
"""

from __future__ import annotations

from ssrgraph.extract.mentions import Mention, MentionIndex, is_capitalised, sentence_state
from ssrgraph.extract.pronouns import pronoun_antecedents

__all__ = ["Coreference"]


class Coreference:
    """The coreference pass of :class:`~ssrgraph.extract.entities.EntityLinker` (its tables come from there)."""

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
            if end < len(doc) and is_capitalised(doc[end]) and phrase.startswith("the "):
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
