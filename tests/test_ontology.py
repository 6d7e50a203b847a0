"""Upkeep of the vocabulary files: every term labelled and defined, every IRI used declared."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ssrgraph.ontology import (ACTOR_CLASSES, DATA_FILES, ENTITY_CLASSES, RELATIONS, SSR, data_graph,
                               domain_and_range, is_symmetric)
from ssrgraph.extract.knowledge import load_actors

NS = str(SSR._NS)


def declared() -> set[URIRef]:
    graph = data_graph("ontology")
    return {s for s in graph.subjects(RDF.type, None) if str(s).startswith(NS)}


def test_every_term_has_label_and_definition():
    graph = data_graph("ontology")
    for term in declared():
        assert graph.value(term, RDFS.label) is not None, term
        assert graph.value(term, SKOS.definition) is not None, term


def test_namespace_module_and_ttl_declare_the_same_terms():
    in_module = {SSR[name] for name in SSR.__annotations__}
    assert in_module == declared()


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        SSR.fundz  # noqa: B018


def test_nine_classes_and_twelve_relations_are_declared():
    graph = data_graph("ontology")
    for name in ENTITY_CLASSES:
        assert (SSR[name], RDF.type, OWL.Class) in graph
    for name in RELATIONS:
        assert (SSR[name], RDF.type, OWL.ObjectProperty) in graph
    assert is_symmetric("partnersWith") and not is_symmetric("funds")


@pytest.mark.parametrize("name", ["shapes", "sectors", "actors"])
def test_every_ssr_iri_used_in_data_files_is_declared(name):
    graph = data_graph(name)
    used = {term for triple in graph for term in triple if isinstance(term, URIRef) and str(term).startswith(NS)}
    assert used - declared() == set()


def test_domain_and_range_follow_the_contract():
    table = domain_and_range()
    assert table["memberOf"] == (frozenset(ACTOR_CLASSES), frozenset({"InternationalOrganisation"}))
    assert table["adopts"][1] == frozenset({"Policy"})
    assert table["locatedIn"] == (frozenset(ENTITY_CLASSES), frozenset({"Place", "State"}))


def test_shapes_restate_the_ontology_domain_and_range():
    shapes = DATA_FILES["shapes"].read_text()
    for relation, (domain, range_) in domain_and_range().items():
        block = re.search(rf"shapes:{relation}Assertion a sh:NodeShape ;(.*?) \.\n", shapes, re.S).group(1)
        subject = set(re.findall(r"ssr:(\w+) \]", re.search(r"rdf:subject ; sh:or \((.*?)\) \]", block).group(1)))
        obj = set(re.findall(r"ssr:(\w+) \]", re.search(r"rdf:object ; sh:or \((.*?)\) \]", block).group(1)))
        assert (subject, obj) == (set(domain), set(range_)), relation


def test_sector_scheme_has_fifteen_concepts_with_triggers():
    graph = data_graph("sectors")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 15
    for concept in concepts:
        assert graph.value(concept, SKOS.prefLabel) is not None
        assert list(graph.objects(concept, SSR.trigger)), concept


def test_known_actors_are_well_formed():
    actors, regions = load_actors()
    assert {a.cls for a in actors.values()} == set(ENTITY_CLASSES)
    assert regions["region-central-asia"] == ("kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan")
    assert "Kazakh" in actors["kazakhstan"].demonyms
    assert actors["astana"].seat_of == "kazakhstan"
    assert "european-union" in actors["border-management-programme-in-central-asia"].part_of


def test_every_file_parses_as_turtle():
    for path in DATA_FILES.values():
        assert len(Graph().parse(path, format="turtle")) > 10
