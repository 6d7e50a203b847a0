"""Each shape tested in pairs: a snippet that conforms and one that fails."""

from __future__ import annotations

import pytest
from rdflib import Graph

from ssrgraph.graph.validate import validate_graph
from ssrgraph.ontology import RELATIONS, domain_and_range

PREFIXES = """
@prefix ssr: <https://w3id.org/ssrgraph/ontology#> .
@prefix id: <https://w3id.org/ssrgraph/id/> .
@prefix doc: <https://w3id.org/ssrgraph/doc/> .
@prefix a: <https://w3id.org/ssrgraph/assertion/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""

ENTITIES = """
id:finland a ssr:State ; rdfs:label "Finland"@en .
id:bomca a ssr:Programme ; rdfs:label "BOMCA"@en .
id:csto a ssr:InternationalOrganisation ; rdfs:label "CSTO"@en .
id:doctrine a ssr:Policy ; rdfs:label "Military Doctrine"@en .
doc:d1 a ssr:Document ; ssr:sha256 "%s" ; ssr:path "d1.txt" ;
    ssr:ingestedAt "2026-01-01T00:00:00"^^xsd:dateTime .
""" % ("a" * 64)

ASSERTION = """
a:x a ssr:Assertion ; rdf:subject id:finland ; rdf:predicate ssr:funds ; rdf:object id:bomca ;
    prov:wasDerivedFrom doc:d1 ; ssr:sentence "Finland funds BOMCA." ;
    ssr:startOffset 0 ; ssr:endOffset 20 ; ssr:polarity ssr:positive ; ssr:modality ssr:asserted ;
    ssr:method "test" ; ssr:confidence 0.9 .
"""

CASES = {
    # name: (conforming snippet, failing snippet)
    "entity has one label": (
        "id:finland ssr:funds id:bomca .",
        'id:finland ssr:funds id:bomca . id:bomca rdfs:label "Border Management Programme"@en .'),
    "entity has one of the nine classes": (
        "id:finland ssr:funds id:bomca .",
        "id:finland ssr:funds id:bomca . id:bomca a ssr:Policy ."),
    "entity has a class at all": (
        "id:finland ssr:funds id:bomca .",
        'id:finland ssr:funds id:nobody . id:nobody rdfs:label "Nobody"@en .'),
    "relation range": (
        "id:finland ssr:memberOf id:csto .",
        "id:finland ssr:memberOf id:bomca ."),
    "relation domain": (
        "id:finland ssr:adopts id:doctrine .",
        "id:bomca ssr:adopts id:doctrine ."),
    "assertion complete": (
        ASSERTION,
        ASSERTION.replace('ssr:sentence "Finland funds BOMCA." ;', "")),
    "assertion relation among the twelve": (
        ASSERTION,
        ASSERTION.replace("rdf:predicate ssr:funds", "rdf:predicate ssr:sector")),
    "assertion offsets run forward": (
        ASSERTION,
        ASSERTION.replace("ssr:startOffset 0", "ssr:startOffset 30")),
    "assertion polarity": (
        ASSERTION,
        ASSERTION.replace("ssr:polarity ssr:positive", "ssr:polarity ssr:asserted")),
    "assertion ends fit the relation": (
        ASSERTION,
        ASSERTION.replace("rdf:object id:bomca", "rdf:object id:doctrine")),
    "document digest": (
        "",
        'doc:d1 ssr:sha256 "not-a-digest" .'),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_shape_pair(name):
    good, bad = CASES[name]
    conforming = Graph().parse(data=PREFIXES + ENTITIES + good, format="turtle")
    failing = Graph().parse(data=PREFIXES + ENTITIES + bad, format="turtle")
    assert validate_graph(conforming).conforms, validate_graph(conforming).text
    result = validate_graph(failing)
    assert not result.conforms
    assert "Constraint Violation" in result.text



ALL_CLASSES = ["State", "StateAgency", "InternationalOrganisation", "NonStateOrganisation", "Person",
               "Programme", "Policy", "Event", "Place"]
DOCUMENT = ('doc:d1 a ssr:Document ; ssr:sha256 "%s" ; ssr:path "d1.txt" ; '
            'ssr:ingestedAt "2026-01-01T00:00:00"^^xsd:dateTime .\n' % ("a" * 64))


def _cases(relation: str) -> dict[str, tuple[str, str]]:
    """A (subject class, object class) pair the relation allows, and pairs outside its domain or range."""
    domain, range_ = domain_and_range()[relation]
    good_subject, good_object = sorted(domain)[0], sorted(range_)[0]
    cases = {"conforms": (good_subject, good_object)}
    outside_domain = [c for c in ALL_CLASSES if c not in domain]
    if outside_domain:
        cases["subject outside the domain"] = (outside_domain[0], good_object)
    cases["object outside the range"] = (good_subject, next(c for c in ALL_CLASSES if c not in range_))
    return cases


@pytest.mark.parametrize("relation", RELATIONS)
def test_domain_and_range_shapes_of_every_relation(relation):
    for case, (subject_class, object_class) in _cases(relation).items():
        entities = (f'id:s a ssr:{subject_class} ; rdfs:label "s"@en .\n'
                    f'id:o a ssr:{object_class} ; rdfs:label "o"@en .\n')
        assertion = (ASSERTION.replace("id:finland", "id:s").replace("id:bomca", "id:o")
                     .replace("ssr:funds", f"ssr:{relation}"))
        for statement in (f"id:s ssr:{relation} id:o .\n", assertion):
            graph = Graph().parse(data=PREFIXES + DOCUMENT + entities + statement, format="turtle")
            assert validate_graph(graph).conforms == (case == "conforms"), (relation, case, statement[:30])
