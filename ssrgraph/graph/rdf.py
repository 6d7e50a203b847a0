"""Turn one document's extraction (plain data) into the RDF of its named graph.

The named graph of a document holds:

* the document itself (``ssr:Document``: title, path, SHA-256, format, ingestion time);
* every entity the document names, with its class, its label and the names
  this document used for it (``skos:altLabel``), and ``schema:mentions``
  from the document;
* one ``ssr:Assertion`` per extracted assertion, reifying the statement with
  ``rdf:subject``/``rdf:predicate``/``rdf:object`` and all its qualifiers;
* the plain triple ``subject relation object`` for positive, asserted facts only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timezone
from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ssrgraph.extract.candidates import Candidate
from ssrgraph.extract.documents import Document
from ssrgraph.extract.model import Assertion, Extraction
from ssrgraph.ontology import ASSERTION, DOC, ID, SECTOR, SSR

__all__ = ["SCHEMA", "document_iri", "assertion_iri", "document_graph", "candidates_turtle"]

SCHEMA = Namespace("https://schema.org/")


def document_iri(sha256: str) -> URIRef:
    """The IRI of a document, which also names its graph: from its content hash."""
    return DOC[sha256[:16]]


def assertion_iri(document: Document, assertion: Assertion) -> URIRef:
    """A stable IRI for an assertion: the same statement in the same place always gets the same one."""
    key = f"{document.sha256}|{assertion.subject}|{assertion.relation}|{assertion.object}|{assertion.start}"
    return ASSERTION[hashlib.sha256(key.encode()).hexdigest()[:24]]


def document_graph(document: Document, extraction: Extraction, *,
                   names: Mapping[str, tuple[str, str]] | None = None,
                   ingested_at: datetime | None = None) -> Graph:
    """The RDF graph of one document.

    ``names`` maps entity ids already in the store to their (label, class), so
    that an entity keeps the label and class it was first given: the same
    name in two documents is one node with one label.
    """
    names = names or {}
    graph = Graph()
    doc = document_iri(document.sha256)
    graph.add((doc, RDF.type, SSR.Document))
    graph.add((doc, DCTERMS.title, Literal(document.title)))
    graph.add((doc, DCTERMS.format, Literal(document.format)))
    graph.add((doc, SSR.path, Literal(document.path)))
    graph.add((doc, SSR.sha256, Literal(document.sha256)))
    when = (ingested_at or datetime.now(timezone.utc)).replace(microsecond=0)
    graph.add((doc, SSR.ingestedAt, Literal(when.isoformat(), datatype=XSD.dateTime)))

    for entity in extraction.entities.values():
        node = ID[entity.id]
        label, cls = names.get(entity.id, (entity.label, entity.cls))
        graph.add((node, RDF.type, SSR[cls]))
        graph.add((node, RDFS.label, Literal(label, lang="en")))
        for alias in sorted(entity.aliases | ({entity.label} - {label})):
            graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        for sector in sorted(entity.sectors):
            graph.add((node, SSR.sector, SECTOR[sector]))
        graph.add((doc, SCHEMA.mentions, node))

    for assertion in extraction.assertions:
        node = assertion_iri(document, assertion)
        subject, obj, relation = ID[assertion.subject], ID[assertion.object], SSR[assertion.relation]
        graph.add((node, RDF.type, SSR.Assertion))
        graph.add((node, RDF.subject, subject))
        graph.add((node, RDF.predicate, relation))
        graph.add((node, RDF.object, obj))
        graph.add((node, PROV.wasDerivedFrom, doc))
        graph.add((node, SSR.sentence, Literal(assertion.sentence)))
        graph.add((node, SSR.startOffset, Literal(assertion.start, datatype=XSD.integer)))
        graph.add((node, SSR.endOffset, Literal(assertion.end, datatype=XSD.integer)))
        graph.add((node, SSR.polarity, SSR[assertion.polarity]))
        graph.add((node, SSR.modality, SSR[assertion.modality]))
        graph.add((node, SSR.method, Literal(assertion.method)))
        graph.add((node, SSR.confidence, Literal(Decimal(str(assertion.confidence)), datatype=XSD.decimal)))
        if assertion.time:
            graph.add((node, SSR.time, Literal(assertion.time)))
        if assertion.amount is not None:
            graph.add((node, SSR.amount, Literal(Decimal(str(assertion.amount)), datatype=XSD.decimal)))
        if assertion.currency:
            graph.add((node, SSR.currency, Literal(assertion.currency)))
        for sector in assertion.sectors:
            graph.add((node, SSR.sector, SECTOR[sector]))
        if assertion.is_fact:
            graph.add((subject, relation, obj))
    return graph


def candidates_turtle(candidates: list[Candidate]) -> str:
    """Candidates as Turtle in the shape of ``actors.ttl``, ready for an analyst to review and merge."""
    graph = Graph()
    graph.bind("ssr", SSR._NS)
    graph.bind("id", ID)
    graph.bind("skos", SKOS)
    for candidate in candidates:
        node = ID[candidate.id]
        graph.add((node, RDF.type, SSR[candidate.cls]))
        graph.add((node, RDFS.label, Literal(candidate.label, lang="en")))
        for alias in sorted(candidate.aliases - {candidate.label}):
            graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        graph.add((node, RDFS.comment, Literal(f"seen {candidate.count} times in {len(candidate.documents)} "
                                               f"document(s), e.g.: {candidate.example[:300]}")))
    return graph.serialize(format="turtle")
