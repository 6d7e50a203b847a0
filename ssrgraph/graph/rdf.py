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
from functools import cache, lru_cache

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ssrgraph.extract.candidates import Candidate
from ssrgraph.extract.documents import Document
from ssrgraph.extract.model import Assertion, Extraction
from ssrgraph.ontology import ASSERTION, DOC, ID, SECTOR, SSR

__all__ = ["SCHEMA", "document_iri", "assertion_iri", "document_record", "document_ntriples", "document_graph", "candidates_turtle",
           "literal"]

SCHEMA = Namespace("https://schema.org/")


def document_iri(sha256: str) -> URIRef:
    """The IRI of a document, which also names its graph: from its content hash."""
    return DOC[sha256[:16]]


def document_record(graph: str) -> str:
    """The N-Triples line that makes the named graph ``graph`` a document: ``<graph> a ssr:Document``."""
    return f"<{graph}> {_A} {_term(SSR, 'Document')} ."


def assertion_iri(document: Document, assertion: Assertion) -> URIRef:
    """A stable IRI for an assertion: the same statement in the same place always gets the same one."""
    key = f"{document.sha256}|{assertion.subject}|{assertion.relation}|{assertion.object}|{assertion.start}"
    return ASSERTION[hashlib.sha256(key.encode()).hexdigest()[:24]]


def document_ntriples(document: Document, extraction: Extraction, *,
                      names: Mapping[str, tuple[str, str]] | None = None,
                      ingested_at: datetime | None = None) -> str:
    """The RDF of one document's named graph, as N-Triples text.

    Written directly as text because a large build writes millions of
    triples and building rdflib terms for them cost more than extraction;
    :func:`document_graph` parses it back when an rdflib graph is wanted.
    ``names`` maps entity ids already in the store to their (label, class),
    so that an entity keeps the label and class it was first given: the same
    name in two documents is one node with one label.

    >>> from ssrgraph.extract.documents import document_from_text
    >>> from ssrgraph.extract.model import Entity
    >>> doc = document_from_text("Finland.")
    >>> text = document_ntriples(doc, Extraction({"finland": Entity("finland", "Finland", "State")}, []))
    >>> '<https://w3id.org/ssrgraph/id/finland> <http://www.w3.org/2000/01/rdf-schema#label> "Finland"@en .' in text
    True
    """
    names = names or {}
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} .")

    doc = f"<{document_iri(document.sha256)}>"
    lines.append(document_record(document_iri(document.sha256)))
    add(doc, _term(DCTERMS, "title"), literal(document.title))
    add(doc, _term(DCTERMS, "format"), literal(document.format))
    add(doc, _term(SSR, "path"), literal(document.path))
    add(doc, _term(SSR, "sha256"), literal(document.sha256))
    when = (ingested_at or datetime.now(timezone.utc)).replace(microsecond=0)
    add(doc, _term(SSR, "ingestedAt"), literal(when.isoformat(), datatype=XSD.dateTime))

    for entity in extraction.entities.values():
        node = _entity_iri(entity.id)
        label, cls = names.get(entity.id, (entity.label, entity.cls))
        add(node, _A, _term(SSR, cls))
        add(node, _term(RDFS, "label"), literal(label, lang="en"))
        for alias in sorted(entity.aliases | ({entity.label} - {label})):
            add(node, _term(SKOS, "altLabel"), literal(alias, lang="en"))
        for sector in sorted(entity.sectors):
            add(node, _term(SSR, "sector"), _term(SECTOR, sector))
        add(doc, _term(SCHEMA, "mentions"), node)

    sentences: dict[str, str] = {}
    for assertion in extraction.assertions:
        node = _iri(assertion_iri(document, assertion))
        subject, obj = _entity_iri(assertion.subject), _entity_iri(assertion.object)
        relation = _term(SSR, assertion.relation)
        if assertion.sentence not in sentences:
            sentences[assertion.sentence] = literal(assertion.sentence)
        add(node, _A, _term(SSR, "Assertion"))
        add(node, _term(RDF, "subject"), subject)
        add(node, _term(RDF, "predicate"), relation)
        add(node, _term(RDF, "object"), obj)
        add(node, _term(PROV, "wasDerivedFrom"), doc)
        add(node, _term(SSR, "sentence"), sentences[assertion.sentence])
        add(node, _term(SSR, "startOffset"), literal(str(assertion.start), datatype=_INTEGER))
        add(node, _term(SSR, "endOffset"), literal(str(assertion.end), datatype=_INTEGER))
        add(node, _term(SSR, "polarity"), _term(SSR, assertion.polarity))
        add(node, _term(SSR, "modality"), _term(SSR, assertion.modality))
        add(node, _term(SSR, "method"), literal(assertion.method))
        add(node, _term(SSR, "confidence"), _decimal(assertion.confidence))
        if assertion.time:
            add(node, _term(SSR, "time"), literal(assertion.time))
        if assertion.amount is not None:
            add(node, _term(SSR, "amount"), _decimal(assertion.amount))
        if assertion.currency:
            add(node, _term(SSR, "currency"), literal(assertion.currency))
        for sector in assertion.sectors:
            add(node, _term(SSR, "sector"), _term(SECTOR, sector))
        if assertion.is_fact:
            add(subject, relation, obj)
    return "\n".join(dict.fromkeys(lines)) + "\n"


def document_graph(document: Document, extraction: Extraction, *,
                   names: Mapping[str, tuple[str, str]] | None = None,
                   ingested_at: datetime | None = None) -> Graph:
    """The RDF graph of one document as an rdflib graph (see :func:`document_ntriples`)."""
    graph = Graph()
    graph.parse(data=document_ntriples(document, extraction, names=names, ingested_at=ingested_at), format="nt")
    return graph


_A = f"<{RDF.type}>"
_INTEGER, _DECIMAL = str(XSD.integer), str(XSD.decimal)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _iri(term: str) -> str:
    return f"<{term}>"


@lru_cache(maxsize=1 << 16)
def _entity_iri(entity_id: str) -> str:
    """An entity's IRI in N-Triples (an entity recurs across many documents: made once, not per mention)."""
    return _iri(ID[entity_id])


@cache
def _term(namespace, name: str) -> str:
    """A vocabulary term in N-Triples, looked up once: rdflib checks every lookup in a closed namespace,
    which costs more than writing the triple."""
    return _iri(namespace[name])


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal (also valid in Turtle, TriG and SPARQL)."""
    text = f'"{value.translate(_ESCAPES)}"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{datatype}>" if datatype else text


def _decimal(value: float) -> str:
    return literal(format(Decimal(str(value)), "f"), datatype=_DECIMAL)


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
