"""What the HTML view's side panel and filters need, read from the store as plain data.

The drawn graph holds only ids, classes and sizes; everything an analyst
reads on a click (aliases, documents, every statement with its sentence and
qualifiers, negative, hedged and prescribed ones included) travels in one
JSON blob beside it, built here. Statements are kept for edges between
nodes of the view only, so a focused view carries only its own evidence.

A large store states the same fact in thousands of documents; the page
then keeps the first ``per_edge`` statements of each edge and kind (in
document order) and the first ``per_entity`` documents of each entity, and
says how many more the store holds (``omitted``, ``documentCount``), so
that the file stays small enough for a browser. The document and year
filters act on the statements the page holds.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ssrgraph.graph.curation import CURATION_GRAPH
from ssrgraph.graph.store import ENTITY_GRAPH, SparqlStore
from ssrgraph.ontology import ASSERTION, DOC, ID, SECTOR, SSR

__all__ = ["view_data", "statement_kind", "years"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PROV = "http://www.w3.org/ns/prov#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def years(time: str | None) -> tuple[int | None, int | None]:
    """The first and last year a time qualifier covers; ``None`` for an open or missing end.

    >>> years("2015-2017"), years("since 2006"), years("2010"), years(None)
    ((2015, 2017), (2006, None), (2010, 2010), (None, None))
    """
    found = [int(y) for y in _YEAR.findall(time or "")]
    if not found:
        return None, None
    if time.lstrip().lower().startswith(("since", "from")) and len(found) == 1:
        return found[0], None
    return min(found), max(found)


def _local(value: str, namespace) -> str:
    return value.removeprefix(str(namespace))


def view_data(store: SparqlStore, nodes: Collection[str], *, per_edge: int = 25, per_entity: int = 50) -> dict:
    """Entities (label, class, aliases, sectors, documents), documents and statements of a view's nodes.

    Each statement is a dict with the assertion ``id``, ends ``s``/``o``,
    relation ``p``, ``polarity``, ``modality``, ``sentence``, ``document``,
    ``time`` with its ``years``, ``amount``/``currency``, ``sectors``,
    ``method`` and ``confidence``; statements come sorted by document and
    offset, so the panel reads them in the order the texts give them. At
    most ``per_edge`` statements of each edge and kind are kept, and
    ``omitted`` counts the rest by "subject relation object kind"; each
    entity lists at most ``per_entity`` documents of its ``documentCount``.
    """
    wanted = set(nodes)
    entities = {node: {"aliases": set(), "sectors": set(), "documents": set()} for node in wanted}
    for row in store.query(f"""
            SELECT ?e ?l ?c WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l ;
                                                                a ?c }} }}"""):
        node = _local(row["e"].value, ID)
        if node in wanted:
            entities[node].update(label=row["l"].value, cls=_local(row["c"].value, SSR._NS))
    for row in store.query(f"""
            SELECT ?g ?e ?alias ?sector WHERE {{ GRAPH ?g {{ ?d <https://schema.org/mentions> ?e .
                OPTIONAL {{ ?e <{_SKOS}altLabel> ?alias }} OPTIONAL {{ ?e <{SSR.sector}> ?sector }} }} }}"""):
        node = _local(row["e"].value, ID)
        if node in wanted:
            entities[node]["documents"].add(_local(row["g"].value, DOC))
            if row["alias"] is not None:
                entities[node]["aliases"].add(row["alias"].value)
            if row["sector"] is not None:
                entities[node]["sectors"].add(_local(row["sector"].value, SECTOR))
    for row in store.query(f"SELECT ?e ?alias WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e <{_SKOS}altLabel> ?alias }} }}"):
        node = _local(row["e"].value, ID)
        if node in wanted:
            entities[node]["aliases"].add(row["alias"].value)
    documents = {}
    for row in store.query(f"""
            SELECT ?d ?path ?title WHERE {{ GRAPH ?d {{ ?d a <{SSR.Document}> ; <{SSR.path}> ?path .
                                                       OPTIONAL {{ ?d <http://purl.org/dc/terms/title> ?title }} }} }}"""):
        path = row["path"].value
        documents[_local(row["d"].value, DOC)] = {"title": row["title"].value if row["title"] else path, "path": path}
    statements, omitted = _capped(_statements(store, wanted), per_edge)
    for entity in entities.values():
        entity["aliases"] = sorted(entity["aliases"] - {entity.get("label")})
        entity["sectors"] = sorted(entity["sectors"])
        entity["documentCount"] = len(entity["documents"])
        entity["documents"] = sorted(entity["documents"],
                                     key=lambda d: documents.get(d, {}).get("title", d))[:per_entity]
    listed = {d for entity in entities.values() for d in entity["documents"]} | {st["document"] for st in statements}
    documents = {d: info for d, info in documents.items() if d in listed}
    return {"entities": entities, "documents": documents, "statements": statements, "omitted": omitted}


def statement_kind(statement: dict) -> str:
    """``fact``, ``negative``, ``hedged`` or ``prescribed`` (negation wins over modality).

    >>> statement_kind({"polarity": "negative", "modality": "hedged"})
    'negative'
    """
    if statement["polarity"] == "negative":
        return "negative"
    return "fact" if statement["modality"] == "asserted" else statement["modality"]


def _capped(statements: list[dict], per_edge: int) -> tuple[list[dict], dict[str, int]]:
    """The first ``per_edge`` statements of each edge and kind, and how many of each were left out."""
    kept, seen, omitted = [], {}, {}
    for statement in statements:
        key = f"{statement['s']} {statement['p']} {statement['o']} {statement_kind(statement)}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= per_edge:
            kept.append(statement)
        else:
            omitted[key] = omitted.get(key, 0) + 1
    return kept, omitted


def _review(row, reviewers: dict[str, tuple[str, str]]) -> dict | None:
    """Who decided what about a statement (accepted, rejected, fixed, added), when; ``None`` if unreviewed."""
    if row["status"] is None:
        return None
    by, at = reviewers.get(row["decision"].value, ("", ""))
    return {"decision": row["status"].value, "by": by, "at": at}


def _statements(store: SparqlStore, wanted: set[str]) -> list[dict]:
    extra: dict[str, dict] = {}
    for row in store.query(f"""
            SELECT ?a ?q ?v WHERE {{ GRAPH ?g {{
                VALUES ?q {{ <{SSR.time}> <{SSR.amount}> <{SSR.currency}> <{SSR.sector}> }} ?a ?q ?v }}
                FILTER (STRSTARTS(STR(?g), "{DOC}")) }}"""):
        found = extra.setdefault(_local(row["a"].value, ASSERTION), {"sectors": []})
        qualifier = _local(row["q"].value, SSR._NS)
        if qualifier == "sector":
            found["sectors"].append(_local(row["v"].value, SECTOR))
        else:
            found[qualifier] = row["v"].value
    reviewers = {row["d"].value: (row["by"].value, row["at"].value) for row in store.query(f"""
            SELECT ?d ?by ?at WHERE {{ GRAPH <{CURATION_GRAPH}> {{ ?d <{_PROV}wasAssociatedWith> ?agent ;
                <{_PROV}endedAtTime> ?at . ?agent <http://www.w3.org/2000/01/rdf-schema#label> ?by }} }}""")}
    statements = []
    for row in store.query(f"""
            SELECT ?a ?s ?p ?o ?pol ?mod ?sentence ?doc ?start ?method ?conf ?status ?decision WHERE {{ GRAPH ?g {{
                ?a <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ; <{SSR.polarity}> ?pol ;
                   <{SSR.modality}> ?mod ; <{SSR.sentence}> ?sentence ; <{_PROV}wasDerivedFrom> ?doc ;
                   <{SSR.startOffset}> ?start ; <{SSR.method}> ?method ; <{SSR.confidence}> ?conf .
                OPTIONAL {{ ?a <{SSR.reviewStatus}> ?status ; <{SSR.reviewedIn}> ?decision }} }}
                FILTER (STRSTARTS(STR(?g), "{DOC}")) }}"""):
        s, o = _local(row["s"].value, ID), _local(row["o"].value, ID)
        if s not in wanted or o not in wanted:
            continue
        assertion = _local(row["a"].value, ASSERTION)
        found = extra.get(assertion, {"sectors": []})
        statements.append({
            "id": assertion, "s": s, "p": _local(row["p"].value, SSR._NS), "o": o,
            "polarity": _local(row["pol"].value, SSR._NS), "modality": _local(row["mod"].value, SSR._NS),
            "sentence": " ".join(row["sentence"].value.split()), "document": _local(row["doc"].value, DOC),
            "start": int(row["start"].value), "time": found.get("time"), "years": years(found.get("time")),
            "amount": float(found["amount"]) if "amount" in found else None, "currency": found.get("currency"),
            "sectors": sorted(set(found["sectors"])), "method": row["method"].value,
            "confidence": float(row["conf"].value), "review": _review(row, reviewers),
        })
    statements.sort(key=lambda st: (st["document"], st["start"], st["id"]))
    return statements
