"""Project the store's plain triples onto a networkx graph, keeping each edge's evidence.

Nodes are entity ids (``"kazakhstan"``) with ``label``, ``cls`` and
``sectors``. Each edge of the :class:`~networkx.MultiDiGraph` is one
relation between two entities (its key is the relation name) with
``relation``, ``evidence`` (how many assertions state it), ``documents``,
``assertions`` (assertion ids), ``sectors``, ``time`` (the first in sort
order when statements differ) and ``amount``.

rdflib's own converters (``rdflib.extras.external_graph_libs``) turn every
triple into an edge; here an edge must gather its reified assertions from
across the document graphs, so SPARQL queries do the projection.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from ssrgraph.graph.store import ENTITY_GRAPH, SparqlStore
from ssrgraph.ontology import ASSERTION, DOC, ID, RELATIONS, SECTOR, SSR

__all__ = ["project", "collapse", "region_members", "negative_assertions", "assertion_details"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _local(value: str, namespace) -> str:
    return value.removeprefix(str(namespace))


def project(store: SparqlStore, *, relations: Iterable[str] | None = None,
            classes: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The plain triples (positive, asserted facts) of ``store`` as a MultiDiGraph.

    ``relations`` keeps only those relations; ``classes`` keeps only nodes of
    those classes (and the edges between them). Nodes come from the entity
    index; each edge gathers the statements behind it from every document.
    Qualifiers are read in a query of their own rather than as optional parts
    of the statements' query, which Oxigraph would evaluate over the whole store.
    """
    keep_relations = set(relations or RELATIONS)
    keep_classes = set(classes) if classes else None
    graph = nx.MultiDiGraph()
    sectors: dict[str, set[str]] = {}
    for row in store.query(f"""
            SELECT DISTINCT ?e ?s WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e a ?c }} GRAPH ?g {{ ?e <{SSR.sector}> ?s }}
                                          FILTER (STRSTARTS(STR(?g), "{DOC}")) }}"""):
        sectors.setdefault(_local(row["e"].value, ID), set()).add(_local(row["s"].value, SECTOR))
    for row in store.query(f"SELECT ?e ?l ?c WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e <{_RDFS}label> ?l ; a ?c }} }}"):
        cls = _local(row["c"].value, SSR._NS)
        if keep_classes is not None and cls not in keep_classes:
            continue
        node = _local(row["e"].value, ID)
        graph.add_node(node, label=row["l"].value, cls=cls, sectors=sorted(sectors.get(node, ())))
    qualifiers: dict[str, dict[str, list[str]]] = {}
    for row in store.query(f"""
            SELECT ?a ?q ?v WHERE {{ GRAPH ?g {{
                VALUES ?q {{ <{SSR.time}> <{SSR.amount}> <{SSR.currency}> <{SSR.sector}> }}
                ?a ?q ?v ; <{SSR.polarity}> <{SSR.positive}> ; <{SSR.modality}> <{SSR.asserted}> }} }}"""):
        found = qualifiers.setdefault(row["a"].value, {})
        found.setdefault(_local(row["q"].value, SSR._NS), []).append(row["v"].value)
    values = " ".join(f"<{SSR[r]}>" for r in keep_relations)
    seen_documents: dict[tuple[str, str, str], set[str]] = {}
    for row in store.query(f"""
            SELECT ?s ?p ?o ?a ?g WHERE {{ GRAPH ?g {{
                VALUES ?p {{ {values} }}
                ?a <{_RDF}predicate> ?p ; <{_RDF}subject> ?s ; <{_RDF}object> ?o ;
                   <{SSR.polarity}> <{SSR.positive}> ; <{SSR.modality}> <{SSR.asserted}> . }}
                FILTER (STRSTARTS(STR(?g), "{DOC}")) }}"""):
        u, v = _local(row["s"].value, ID), _local(row["o"].value, ID)
        if u not in graph or v not in graph:
            continue
        relation = _local(row["p"].value, SSR._NS)
        if not graph.has_edge(u, v, key=relation):
            graph.add_edge(u, v, key=relation, relation=relation, evidence=0, documents=[], assertions=[],
                           sectors=[], time=None, amount=None, currency=None)
            seen_documents[u, v, relation] = set()
        data = graph.edges[u, v, relation]
        data["evidence"] += 1
        data["assertions"].append(_local(row["a"].value, ASSERTION))
        document = _local(row["g"].value, DOC)
        if document not in seen_documents[u, v, relation]:
            seen_documents[u, v, relation].add(document)
            data["documents"].append(document)
        found = qualifiers.get(row["a"].value, {})
        if found.get("sector"):
            data["sectors"] = sorted(set(data["sectors"]) | {_local(s, SECTOR) for s in found["sector"]})
        if found.get("time"):
            data["time"] = min(filter(None, (data["time"], found["time"][0])))
        if found.get("amount"):
            data["amount"] = (data["amount"] or 0) + float(found["amount"][0])
            data["currency"] = found["currency"][0] if found.get("currency") else None
    return graph


def collapse(graph: nx.MultiDiGraph, *, weight: str = "evidence") -> nx.DiGraph:
    """A weighted DiGraph: parallel edges merged, ``weight`` summed, relations listed.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="funds", relation="funds", evidence=2)
    'funds'
    >>> G.add_edge("a", "b", key="trains", relation="trains", evidence=1)
    'trains'
    >>> collapse(G).edges["a", "b"]
    {'weight': 3, 'relations': ['funds', 'trains']}
    """
    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if simple.has_edge(u, v):
            simple.edges[u, v]["weight"] += data.get(weight, 1)
            simple.edges[u, v]["relations"] = sorted(set(simple.edges[u, v]["relations"]) | {data["relation"]})
        else:
            simple.add_edge(u, v, weight=data.get(weight, 1), relations=[data["relation"]])
    return simple


def region_members(store: SparqlStore, region: str = "region-central-asia") -> list[str]:
    """The states of a region as ``actors.ttl`` lists them (Central Asia by default)."""
    rows = store.query(f"SELECT ?m WHERE {{ <{ID[region]}> <{SSR.regionMember}> ?m }} ORDER BY ?m")
    return [_local(row["m"].value, ID) for row in rows]


def assertion_details(store: SparqlStore, ids: Iterable[str]) -> dict[str, dict]:
    """Subject, relation, object, polarity, modality, sentence, source document, method and review of assertions.

    ``review`` is ``(status, analyst)`` for an assertion a decision touched
    (accepted, rejected, fixed, added), else ``None``.
    """
    ids = list(dict.fromkeys(ids))
    details: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        values = " ".join(f"<{ASSERTION[i]}>" for i in ids[start:start + 500])
        for row in store.query(f"""
                SELECT ?a ?s ?p ?o ?pol ?mod ?sentence ?doc ?title ?path ?time ?method ?status ?by WHERE {{ GRAPH ?g {{
                    VALUES ?a {{ {values} }}
                    ?a <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ; <{SSR.polarity}> ?pol ;
                       <{SSR.modality}> ?mod ; <{SSR.sentence}> ?sentence ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc .
                    OPTIONAL {{ ?a <{SSR.time}> ?time }} OPTIONAL {{ ?a <{SSR.method}> ?method }}
                    OPTIONAL {{ ?a <{SSR.reviewStatus}> ?status ; <{SSR.reviewedIn}> ?decision }}
                    ?doc <{SSR.path}> ?path . OPTIONAL {{ ?doc <http://purl.org/dc/terms/title> ?title }} }}
                    OPTIONAL {{ ?decision <http://www.w3.org/ns/prov#wasAssociatedWith>/<{_RDFS}label> ?by }} }}"""):
            details[_local(row["a"].value, ASSERTION)] = {
                "subject": _local(row["s"].value, ID), "relation": _local(row["p"].value, SSR._NS),
                "object": _local(row["o"].value, ID), "polarity": _local(row["pol"].value, SSR._NS),
                "modality": _local(row["mod"].value, SSR._NS), "sentence": row["sentence"].value,
                "document": _local(row["doc"].value, DOC), "path": row["path"].value,
                "title": row["title"].value if row["title"] is not None else "",
                "time": row["time"].value if row["time"] is not None else None,
                "method": row["method"].value if row["method"] is not None else "",
                "review": (row["status"].value, row["by"].value if row["by"] is not None else "")
                if row["status"] is not None else None,
            }
    return details


def negative_assertions(store: SparqlStore) -> list[dict]:
    """Every negative assertion, with its id, ends, relation, sectors and sentence."""
    rows = store.query(f"""
        SELECT ?a (GROUP_CONCAT(DISTINCT STR(?sector); separator=" ") AS ?sectors) WHERE {{ GRAPH ?g {{
            ?a <{SSR.polarity}> <{SSR.negative}> . OPTIONAL {{ ?a <{SSR.sector}> ?sector }} }} }} GROUP BY ?a""")
    sectors = {_local(r["a"].value, ASSERTION): sorted(_local(s, SECTOR) for s in r["sectors"].value.split())
               if r["sectors"] is not None and r["sectors"].value else [] for r in rows}
    details = assertion_details(store, sectors)
    return [{"id": a, **details[a], "sectors": sectors[a]} for a in sorted(sectors) if a in details]
