"""Project the store's plain triples onto a networkx graph, keeping each edge's evidence.

Nodes are entity ids (``"kazakhstan"``) with ``label``, ``cls`` and
``sectors``. Each edge of the :class:`~networkx.MultiDiGraph` is one
relation between two entities (its key is the relation name) with
``relation``, ``evidence`` (how many assertions state it), ``documents``,
``assertions`` (assertion ids), ``sectors``, ``time`` and ``amount``.

rdflib's own converters (``rdflib.extras.external_graph_libs``) turn every
triple into an edge; here an edge must gather its reified assertions from
across the document graphs, so one SPARQL query does the projection.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from ssrgraph.graph.store import SparqlStore
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
    those classes (and the edges between them).
    """
    keep_relations = set(relations or RELATIONS)
    keep_classes = set(classes) if classes else None
    graph = nx.MultiDiGraph()
    for row in store.query(f"""
            SELECT ?e (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?cls) (GROUP_CONCAT(DISTINCT STR(?s); separator=" ") AS ?sectors)
            WHERE {{ GRAPH ?g {{ ?e a ?c ; <{_RDFS}label> ?l . OPTIONAL {{ ?e <{SSR.sector}> ?s }} }}
                     FILTER (STRSTARTS(STR(?g), "{DOC}") && STRSTARTS(STR(?e), "{ID}")) }} GROUP BY ?e"""):
        cls = _local(row["cls"].value, SSR._NS)
        if keep_classes is not None and cls not in keep_classes:
            continue
        sectors = sorted({_local(s, SECTOR) for s in row["sectors"].value.split()}) if row["sectors"] else []
        graph.add_node(_local(row["e"].value, ID), label=row["label"].value, cls=cls, sectors=sectors)
    values = " ".join(f"<{SSR[r]}>" for r in keep_relations)
    for row in store.query(f"""
            SELECT ?s ?p ?o ?a ?g ?time ?amount ?currency (GROUP_CONCAT(DISTINCT STR(?sector); separator=" ") AS ?sectors)
            WHERE {{ GRAPH ?g {{
                VALUES ?p {{ {values} }}
                ?s ?p ?o .
                ?a <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ;
                   <{SSR.polarity}> <{SSR.positive}> ; <{SSR.modality}> <{SSR.asserted}> .
                OPTIONAL {{ ?a <{SSR.time}> ?time }} OPTIONAL {{ ?a <{SSR.amount}> ?amount }}
                OPTIONAL {{ ?a <{SSR.currency}> ?currency }} OPTIONAL {{ ?a <{SSR.sector}> ?sector }} }}
                FILTER (STRSTARTS(STR(?g), "{DOC}")) }}
            GROUP BY ?s ?p ?o ?a ?g ?time ?amount ?currency"""):
        u, v = _local(row["s"].value, ID), _local(row["o"].value, ID)
        if u not in graph or v not in graph:
            continue
        relation = _local(row["p"].value, SSR._NS)
        if not graph.has_edge(u, v, key=relation):
            graph.add_edge(u, v, key=relation, relation=relation, evidence=0, documents=[], assertions=[],
                           sectors=[], time=None, amount=None, currency=None)
        data = graph.edges[u, v, relation]
        data["evidence"] += 1
        data["assertions"].append(_local(row["a"].value, ASSERTION))
        document = _local(row["g"].value, DOC)
        if document not in data["documents"]:
            data["documents"].append(document)
        if row["sectors"] is not None and row["sectors"].value:
            data["sectors"] = sorted(set(data["sectors"]) | {_local(s, SECTOR) for s in row["sectors"].value.split()})
        if row["time"] is not None and data["time"] is None:
            data["time"] = row["time"].value
        if row["amount"] is not None:
            data["amount"] = (data["amount"] or 0) + float(row["amount"].value)
            data["currency"] = row["currency"].value if row["currency"] is not None else None
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
    """Subject, relation, object, polarity, modality, sentence and source document of assertions."""
    ids = list(dict.fromkeys(ids))
    details: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        values = " ".join(f"<{ASSERTION[i]}>" for i in ids[start:start + 500])
        for row in store.query(f"""
                SELECT ?a ?s ?p ?o ?pol ?mod ?sentence ?doc ?title ?path ?time WHERE {{ GRAPH ?g {{
                    VALUES ?a {{ {values} }}
                    ?a <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ; <{SSR.polarity}> ?pol ;
                       <{SSR.modality}> ?mod ; <{SSR.sentence}> ?sentence ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc .
                    OPTIONAL {{ ?a <{SSR.time}> ?time }}
                    ?doc <{SSR.path}> ?path . OPTIONAL {{ ?doc <http://purl.org/dc/terms/title> ?title }} }} }}"""):
            details[_local(row["a"].value, ASSERTION)] = {
                "subject": _local(row["s"].value, ID), "relation": _local(row["p"].value, SSR._NS),
                "object": _local(row["o"].value, ID), "polarity": _local(row["pol"].value, SSR._NS),
                "modality": _local(row["mod"].value, SSR._NS), "sentence": row["sentence"].value,
                "document": _local(row["doc"].value, DOC), "path": row["path"].value,
                "title": row["title"].value if row["title"] is not None else "",
                "time": row["time"].value if row["time"] is not None else None,
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
