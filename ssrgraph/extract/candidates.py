"""Names that look like actors but are not yet in ``actors.ttl``: for an analyst to review.

>>> from ssrgraph.extract.documents import document_from_text
>>> found = find_candidates([document_from_text("The Caspian Policy Institute met UNDP.")])
>>> [(c.label, c.cls, c.count) for c in found]
[('Caspian Policy Institute', 'NonStateOrganisation', 1)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language

from ssrgraph.extract.documents import Document
from ssrgraph.extract.pipeline import default_pipeline

__all__ = ["Candidate", "find_candidates"]


@dataclass
class Candidate:
    """An unknown name: its id, label, guessed class, how often and where it was seen."""

    id: str
    label: str
    cls: str
    count: int = 0
    documents: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    example: str = ""


def find_candidates(documents: Iterable[Document], nlp: Language | None = None) -> list[Candidate]:
    """Unknown names found in ``documents``, most frequent first.

    Generic bodies of states ("Police (Kyrgyzstan)") and dated events built
    from lower-case phrases are left out: they are names ssrgraph composes,
    not names to add to the gazetteer.
    """
    nlp = nlp or default_pipeline()
    found: dict[str, Candidate] = {}
    for document in documents:
        doc = nlp(document.text)
        entities = doc._.ssr_entities
        for mention in doc._.ssr_mentions:
            entity = entities.get(mention.entity)
            if entity is None or entity.known or mention.kind not in ("discovered", "acronym", "person"):
                continue
            if mention.cls == "Event" and not doc[mention.start].text[:1].isupper():
                continue
            candidate = found.setdefault(entity.id, Candidate(entity.id, entity.label, entity.cls))
            candidate.count += 1
            candidate.documents.add(document.path)
            candidate.aliases |= entity.aliases
            if not candidate.example:
                candidate.example = " ".join(doc[mention.start].sent.text.split())
    return sorted(found.values(), key=lambda c: (-c.count, c.label))
