"""Persons, found by their titles, roles and what surrounds them (a pass of ``ssr_entities``).

A name after a title ("Ambassador X", "Dr X"), a name opening a sentence and
followed by a role (", Head of ..."; "is the director of"), or two or three
capitalised words that the context marks as a person (", who ...", "X said",
"its coordinator, X", ", a former customs official"); later, a person's
surname alone. The titles, roles and reporting verbs come from
``[persons]`` in ``names.toml``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ssrgraph.extract.mentions import Mention, is_capitalised, token_texts

__all__ = ["PersonNames"]


class PersonNames:
    """The person passes of :class:`~ssrgraph.extract.entities.EntityLinker` (its tables come from there)."""

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
                while k < sent.end and k - j < 3 and is_capitalised(doc[k]) and doc[k].is_alpha and doc[k].text not in self.not_start:
                    k += 1
                if k - j >= 1:
                    found.append(Mention(j, k, "", "Person", "person", title=title))
                continue
            if i == sent.start or (i > sent.start and texts[i - 1] in ("-", ":")):
                k = i
                while k < sent.end and k - i < 3 and is_capitalised(doc[k]) and doc[k].is_alpha and doc[k].text not in self.not_start:
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
                    and (i == sent.start or not is_capitalised(doc[i - 1]))
                    and self._person_in_context(doc, sent, i)):
                k = i + 1
                while k < sent.end and k - i < 3 and is_capitalised(doc[k]) and doc[k].is_alpha:
                    k += 1
                found.append(Mention(i, k, "", "Person", "person"))
        return found

    def _person_in_context(self, doc: Doc, sent: Span, i: int) -> bool:
        """Whether two or three capitalised words from ``i`` on are a person's name by what stands around
        them: "X, who ...", "X said", "its coordinator, X", "X, a former customs official"."""
        k = i
        while k < sent.end and k - i < 3 and is_capitalised(doc[k]) and doc[k].is_alpha and doc[k].text not in self.not_start:
            k += 1
        tokens = list(doc[i:k])
        if len(tokens) < 2 or k < sent.end and is_capitalised(doc[k]) or self._name_class(tokens) is not None:
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

    def _surnames(self, doc: Doc, mentions: list[Mention], registry) -> list[Mention]:
        names = {}
        for m in mentions:
            if m.cls == "Person" and m.end - m.start >= 2:
                names.setdefault(doc[m.end - 1].text, m.entity)
        return [Mention(i, i + 1, names[text], "Person", "person")
                for i, text in enumerate(token_texts(doc)) if text in names and text[:1].isupper()]
