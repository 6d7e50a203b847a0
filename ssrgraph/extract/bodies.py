"""Generic bodies of a state and the state a text means (passes of ``ssr_entities``).

"the Border Troops", "the Ministry of Interior", "the national strategy":
a body from ``bodies.toml`` belongs to the state the text gives (an
adjective, a possessive, an "of" phrase), else to the one state in sight,
never to a giver named in passing ("financed by Finland"); with none, the
body is left out rather than guessed. A capital used as an actor ("Astana
addresses ...") stands for its government, and "Russian-led" names a state.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ssrgraph.extract.mentions import POSSESSIVES, Mention, MentionIndex, sentence_state, token_texts

__all__ = ["StateBodies", "state_body_label"]

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def state_body_label(body: str, state: str) -> str:
    """The canonical name of a body of a state, "Police (Kyrgyzstan)": whichever pass finds the body
    ("the Kyrgyz police", "the Police of Kyrgyzstan"), it gets this name and so one id."""
    return f"{body} ({state})"

_AUXILIARIES = {"has", "have", "had", "will", "would", "should", "could", "can", "may", "might", "must", "shall",
                "did", "does", "do", "not", "n't", "is", "are", "was", "were", "be", "been", "to", "also", "again",
                "already", "jointly", "generously", "largely", "mainly", "partly", "fully"}


class StateBodies:
    """The state-body passes of :class:`~ssrgraph.extract.entities.EntityLinker` (its tables come from there)."""

    def _demonym_compounds(self, doc: Doc) -> list[Mention]:
        """"Russian-led", "EU-funded": an adjective or name joined by a hyphen to a participle."""
        texts = token_texts(doc)
        return [Mention(i, i + 1, self.demonyms[texts[i]], "State", "demonym") for i in range(len(texts) - 2)
                if texts[i] in self.demonyms and texts[i + 1] == "-" and not doc[i].whitespace_]

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
        if i >= 0 and doc[i].lower_ in POSSESSIVES:
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
        by Finland"), unless the text gave the same body an owner in the three sentences before
        ("Kyrgyzstan's parliament ... the parliament") and the sentence does not name the state it found;
        with none, the body is left out rather than guessed."""
        found = []
        sent_of = {}
        for index, sent in enumerate(sentences):
            for t in range(sent.start, sent.end):
                sent_of[t] = index
        matches = sorted(self.bodies(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        stated: dict[str, tuple[str, int]] = {}
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
            named_here = owner is not None and any(m.entity == owner for m in index.within(sent.start, sent.end))
            if explicit and owner:
                stated[body["label"]] = owner, sent_of[start]
            elif body["label"] in stated and (owner is None or not named_here
                                              and sent_of[start] - stated[body["label"]][1] <= 3):
                owner, explicit = stated[body["label"]][0], True
            elif not named_here:
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
                plain = state_body_label(body["label"], state_label)
                label = f"{body['label']} of {state_label} ({year.group(1)})" if year else plain
                ident = self._entity(registry, label, cls, sectors=sectors)
                registry[ident].aliases.update({plain, f"{body['label']} of {state_label}"} - {label})
                if year:
                    registry[ident].aliases.add(f"{body['label']} ({year.group(1)})")
            else:
                label = state_body_label(body["label"], state_label)
                ident = self._entity(registry, label, cls, sectors=sectors)
            if start > 0 and doc[start - 1].text in self.demonyms and self.demonyms[doc[start - 1].text] == owner:
                start -= 1
            found.append(Mention(start, end, ident, cls, "body", owner=owner))
            taken.update(range(start, end))
        return found

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
