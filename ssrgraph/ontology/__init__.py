"""The ssrgraph vocabulary: its namespace, defined once, and loaders for its data files.

The ontology itself lives in Turtle files beside this module (``ssr.ttl``,
``shapes.ttl``, ``sectors.ttl``, ``actors.ttl``); this module only names them
and the namespaces, so every other module imports terms from here:

>>> from ssrgraph.ontology import SSR
>>> str(SSR.funds)
'https://w3id.org/ssrgraph/ontology#funds'
>>> SSR.fundz  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AttributeError: term 'fundz' not in namespace ...
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, DefinedNamespace

__all__ = [
    "SSR", "ID", "SECTOR", "DOC", "ASSERTION", "GRAPH", "CURATION", "AGENT",
    "ENTITY_CLASSES", "ACTOR_CLASSES", "RELATIONS", "DATA_FILES", "CURATION_SHAPES",
    "data_graph", "domain_and_range", "is_symmetric",
]

ONTOLOGY_DIR = Path(__file__).parent

DATA_FILES = {
    "ontology": ONTOLOGY_DIR / "ssr.ttl",
    "shapes": ONTOLOGY_DIR / "shapes.ttl",
    "sectors": ONTOLOGY_DIR / "sectors.ttl",
    "actors": ONTOLOGY_DIR / "actors.ttl",
}
CURATION_SHAPES = ONTOLOGY_DIR / "curation-shapes.ttl"
"""SHACL shapes a curation file must satisfy before it is imported (not stored with the vocabulary)."""


class SSR(DefinedNamespace):
    """Terms of the ssrgraph ontology (``ssr.ttl``)."""

    _NS = Namespace("https://w3id.org/ssrgraph/ontology#")
    _fail = True

    # classes
    Entity: URIRef
    Actor: URIRef
    State: URIRef
    StateAgency: URIRef
    InternationalOrganisation: URIRef
    NonStateOrganisation: URIRef
    Person: URIRef
    Programme: URIRef
    Policy: URIRef
    Event: URIRef
    Place: URIRef
    Region: URIRef
    Assertion: URIRef
    Document: URIRef
    Polarity: URIRef
    Modality: URIRef
    # individuals
    positive: URIRef
    negative: URIRef
    asserted: URIRef
    hedged: URIRef
    prescribed: URIRef
    # relations
    funds: URIRef
    trains: URIRef
    assists: URIRef
    memberOf: URIRef
    oversees: URIRef
    implements: URIRef
    partnersWith: URIRef
    participatesIn: URIRef
    partOf: URIRef
    leads: URIRef
    adopts: URIRef
    locatedIn: URIRef
    # descriptive properties
    sector: URIRef
    regionMember: URIRef
    trigger: URIRef
    demonym: URIRef
    seatOf: URIRef
    # assertion qualifiers
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    polarity: URIRef
    modality: URIRef
    time: URIRef
    amount: URIRef
    currency: URIRef
    method: URIRef
    confidence: URIRef
    # document metadata
    path: URIRef
    sha256: URIRef
    ingestedAt: URIRef
    # analysts' review (curation)
    Decision: URIRef
    action: URIRef
    target: URIRef
    about: URIRef
    mergedInto: URIRef
    newSubject: URIRef
    newRelation: URIRef
    newObject: URIRef
    newPolarity: URIRef
    newModality: URIRef
    newLabel: URIRef
    newClass: URIRef
    reviewStatus: URIRef
    reviewedIn: URIRef
    documentDigest: URIRef
    quotedSentence: URIRef
    statedTime: URIRef


ID = Namespace("https://w3id.org/ssrgraph/id/")
SECTOR = Namespace("https://w3id.org/ssrgraph/sector/")
DOC = Namespace("https://w3id.org/ssrgraph/doc/")
ASSERTION = Namespace("https://w3id.org/ssrgraph/assertion/")
GRAPH = Namespace("https://w3id.org/ssrgraph/graph/")
CURATION = Namespace("https://w3id.org/ssrgraph/curation/")
AGENT = Namespace("https://w3id.org/ssrgraph/agent/")

ENTITY_CLASSES = (
    "State", "StateAgency", "InternationalOrganisation", "NonStateOrganisation",
    "Person", "Programme", "Policy", "Event", "Place",
)
ACTOR_CLASSES = ENTITY_CLASSES[:5]
RELATIONS = (
    "funds", "trains", "assists", "memberOf", "oversees", "implements",
    "partnersWith", "participatesIn", "partOf", "leads", "adopts", "locatedIn",
)


@cache
def data_graph(name: str) -> Graph:
    """Parse one of the vocabulary files (``ontology``, ``shapes``, ``sectors``, ``actors``).

    The graph is cached: treat it as read-only.
    """
    graph = Graph()
    graph.parse(DATA_FILES[name], format="turtle")
    return graph


def _class_names(graph: Graph, node) -> frozenset[str]:
    """Expand a class expression (a class or an ``owl:unionOf`` list) to concrete class names."""
    union = graph.value(node, OWL.unionOf)
    members = Collection(graph, union) if union is not None else [node]
    names: set[str] = set()
    for member in members:
        local = str(member).removeprefix(str(SSR._NS))
        if local == "Actor":
            names.update(ACTOR_CLASSES)
        elif local == "Entity":
            names.update(ENTITY_CLASSES)
        else:
            names.add(local)
    return frozenset(names)


@cache
def domain_and_range() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Allowed subject and object classes of each relation, read from ``ssr.ttl``.

    >>> sorted(domain_and_range()["memberOf"][1])
    ['InternationalOrganisation']
    """
    graph = data_graph("ontology")
    table = {}
    for name in RELATIONS:
        prop = SSR[name]
        table[name] = (
            _class_names(graph, graph.value(prop, RDFS.domain)),
            _class_names(graph, graph.value(prop, RDFS.range)),
        )
    return table


def is_symmetric(relation: str) -> bool:
    """Whether ``ssr.ttl`` declares the relation symmetric (``partnersWith``)."""
    return (SSR[relation], RDF.type, OWL.SymmetricProperty) in data_graph("ontology")
