"""SHACL validation of the built graph with pySHACL.

The data validated is the union of the document graphs; the shapes are
``ontology/shapes.ttl``. Each document graph carries the class and label of
every entity it names, so the union is self-contained.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph

from ssrgraph.ontology import data_graph

__all__ = ["ValidationResult", "validate_graph"]


@dataclass(frozen=True)
class ValidationResult:
    """Whether the graph conforms, and pySHACL's report as text and as a graph."""

    conforms: bool
    text: str
    report: Graph


def validate_graph(graph: Graph) -> ValidationResult:
    """Validate an RDF graph against the project's shapes."""
    conforms, report, text = shacl_validate(graph, shacl_graph=data_graph("shapes"), inference="none",
                                            advanced=True, allow_warnings=False)
    return ValidationResult(bool(conforms), str(text), report)
