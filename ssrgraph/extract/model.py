"""Plain records that extraction returns: entities, assertions, and one document's extraction.

Nothing here knows about RDF; :mod:`ssrgraph.graph.rdf` turns these into triples.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Entity", "Assertion", "Extraction", "slugify"]


def slugify(label: str) -> str:
    """A lower-case ASCII slug for an entity label, used as its stable id.

    >>> slugify("Ministry of Internal Affairs (Kyrgyzstan)")
    'ministry-of-internal-affairs-kyrgyzstan'
    >>> slugify("Public Association of Soldiers’ Mothers")
    'public-association-of-soldiers-mothers'
    """
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "unnamed"


@dataclass
class Entity:
    """A node of the graph: one canonical label, one class, the names a document used for it."""

    id: str
    label: str
    cls: str
    aliases: set[str] = field(default_factory=set)
    sectors: set[str] = field(default_factory=set)
    known: bool = False


@dataclass(frozen=True)
class Assertion:
    """One relation as one sentence of one document states it, with its qualifiers.

    ``start`` and ``end`` are character offsets of ``sentence`` in the
    document text: ``document.text[start:end] == sentence``.
    """

    subject: str
    relation: str
    object: str
    sentence: str
    start: int
    end: int
    polarity: str = "positive"
    modality: str = "asserted"
    time: str | None = None
    amount: float | None = None
    currency: str | None = None
    sectors: tuple[str, ...] = ()
    method: str = "rule"
    confidence: float = 0.8

    @property
    def is_fact(self) -> bool:
        """Positive and asserted: only these become plain triples."""
        return self.polarity == "positive" and self.modality == "asserted"


@dataclass
class Extraction:
    """What one document yields: the entities it names and the assertions it makes."""

    entities: dict[str, Entity]
    assertions: list[Assertion]
