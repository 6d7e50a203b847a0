"""Counts over the store: documents, entities by class, edges by relation, assertions by polarity and modality."""

from __future__ import annotations

from ssrgraph.graph.store import SparqlStore
from ssrgraph.ontology import DOC, SSR

__all__ = ["store_stats"]

_LOCAL = f'STRAFTER(STR(?x), "{SSR._NS}")'


def _counts(store: SparqlStore, where: str) -> dict[str, int]:
    rows = store.query(f"""
        SELECT ?name (COUNT(*) AS ?n) WHERE {{
            {{ SELECT DISTINCT ?x ?item WHERE {{ GRAPH ?g {{ {where} }}
               FILTER (STRSTARTS(STR(?g), "{DOC}")) }} }}
            BIND ({_LOCAL} AS ?name)
        }} GROUP BY ?name ORDER BY DESC(?n) ?name""")
    return {row["name"].value: int(row["n"].value) for row in rows}


def store_stats(store: SparqlStore) -> dict[str, object]:
    """Counts over the document graphs of a store (distinct entities and plain edges).

    Returns a dict with ``documents``, ``quads``, ``entities`` (class -> n),
    ``edges`` (relation -> n distinct plain triples), ``assertions`` (relation
    -> n) and ``qualities`` ("polarity/modality" -> n).
    """
    entities = _counts(store, f"?item a ?x . FILTER (?x != {SSR.Assertion.n3()} && ?x != {SSR.Document.n3()})")
    edges = _counts(store, f"?s ?x ?o . BIND (CONCAT(STR(?s), ' ', STR(?o)) AS ?item) "
                           f"FILTER (STRSTARTS(STR(?x), '{SSR._NS}') && ?x IN ("
                           + ", ".join(SSR[r].n3() for r in ("funds", "trains", "assists", "memberOf", "oversees",
                                                              "implements", "partnersWith", "participatesIn",
                                                              "partOf", "leads", "adopts", "locatedIn")) + "))")
    assertions = _counts(store, f"?item a {SSR.Assertion.n3()} ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?x")
    rows = store.query(f"""
        SELECT ?p ?m (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?g {{
            ?a a {SSR.Assertion.n3()} ; {SSR.polarity.n3()} ?p ; {SSR.modality.n3()} ?m }} }}
        GROUP BY ?p ?m""")
    qualities = {f'{row["p"].value.removeprefix(str(SSR._NS))}/{row["m"].value.removeprefix(str(SSR._NS))}':
                 int(row["n"].value) for row in rows}
    return {
        "documents": len(store.document_graph_names()),
        "quads": store.count_quads(),
        "entities": entities,
        "edges": edges,
        "assertions": assertions,
        "qualities": dict(sorted(qualities.items())),
    }
