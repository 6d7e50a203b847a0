"""The SPARQL update that applies the analysts' decisions to the store as it is now.

Applying is idempotent: earlier effects are cleared, then every decision is
applied again. A rejected assertion stays, marked ``rejected``, and never
yields a plain triple; a fixed one is marked ``fixed`` beside the corrected
assertion (method ``analyst``); added facts are assertions with method
``analyst`` in their source document's graph or, without one, in the
analysts' own graph (``doc/analyst``); merges, renames, retypes and aliases
rewrite every document graph and the entity index. Decisions are keyed by
assertion id and document digest, so they survive re-extraction of an
unchanged document; one whose document changed or vanished, or whose entity
no document names any more, becomes an :class:`Orphan`, never dropped or
misapplied. Plain triples and the facts index of every graph a decision
touched are then recomputed from the assertions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ssrgraph.graph.decisions import ANALYST_DOCUMENT, REVIEWS, STATUS, Decision, Orphan
from ssrgraph.graph.rdf import literal
from ssrgraph.graph.store import ENTITY_GRAPH, FACT_GRAPH, SparqlStore
from ssrgraph.ontology import ASSERTION, DOC, ENTITY_CLASSES, ID, RELATIONS, SSR

__all__ = ["Plan", "plan_updates"]

_SCHEMA_MENTIONS = "<https://schema.org/mentions>"


@dataclass
class Plan:
    """The update's parts (run in order, in one transaction), the graphs it touches, the orphans."""

    parts: list[str] = field(default_factory=list)
    graphs: set[str] = field(default_factory=set)
    orphans: list[Orphan] = field(default_factory=list)


def plan_updates(store: SparqlStore, decisions: list[Decision]) -> Plan:
    """The SPARQL update that applies ``decisions`` to the store as it is, and the decisions it cannot apply."""
    plan = Plan()
    decisions = list({d.id: d for d in decisions}.values())
    names = store.entity_names()
    documents = {graph.removeprefix(str(DOC)): info for graph, info in store.documents().items()}
    plan.graphs |= {row["g"].value for row in store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?a <{SSR.reviewStatus}> ?s }} }}")}
    plan.parts += [
        f"DELETE {{ GRAPH ?g {{ ?a ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?a <{SSR.method}> \"analyst\" ; ?p ?o }} }}",
        f"""DELETE {{ GRAPH ?g {{ ?a <{SSR.reviewStatus}> ?s . ?a <{SSR.reviewedIn}> ?d }} }}
            WHERE {{ GRAPH ?g {{ ?a <{SSR.reviewStatus}> ?s OPTIONAL {{ ?a <{SSR.reviewedIn}> ?d }} }} }}""",
        f"DROP SILENT GRAPH <{ANALYST_DOCUMENT}>"]
    merged: dict[str, str] = {}
    for decision in decisions:
        if decision.action in ("merge", "rename", "retype", "alias"):
            _entity_decision(store, plan, decision, names, merged)
    latest = {d.target: d for d in decisions if d.action in REVIEWS}
    found = _assertions(store, list(latest))
    for target, decision in latest.items():
        row = found.get(target)
        if row is None:
            plan.orphans.append(Orphan(decision, _missing_reason(decision, documents)))
            continue
        _review(plan, decision, row, names, merged)
    additions = [d for d in decisions if d.action == "add"]
    analysts = []
    for decision in additions:
        if _add(plan, decision, names, merged, documents):
            analysts.append(decision)
    if analysts:
        _analyst_document(plan, analysts)
    _recompute_facts(plan)
    return plan


def _resolve(entity: str | None, merged: dict[str, str]) -> str | None:
    seen = set()
    while entity in merged and entity not in seen:
        seen.add(entity)
        entity = merged[entity]
    return entity


def _entity_decision(store: SparqlStore, plan: Plan, decision: Decision, names: dict, merged: dict) -> None:
    entity = _resolve(decision.entity, merged)
    if decision.action == "merge":
        into = _resolve(decision.into, merged)
        if into not in names:
            plan.orphans.append(Orphan(decision, f"no document names {decision.into} any more"))
            return
        merged[decision.entity] = into
        if entity in names and entity != into:
            _merge(store, plan, entity, into, names)
        return
    if entity not in names:
        plan.orphans.append(Orphan(decision, f"no document names {decision.entity} any more"))
        return
    node, label, cls = f"<{ID[entity]}>", *names[entity]
    scope = f'FILTER (?g = <{ENTITY_GRAPH}> || STRSTARTS(STR(?g), "{DOC}"))'
    if decision.action == "rename":
        new = literal(decision.label, lang="en")
        plan.parts.append(f"""DELETE {{ GRAPH ?g {{ {node} <{RDFS.label}> ?old }} }}
            INSERT {{ GRAPH ?g {{ {node} <{RDFS.label}> {new} . {node} <{SKOS.altLabel}> ?old }} }}
            WHERE {{ GRAPH ?g {{ {node} <{RDFS.label}> ?old }} FILTER (?old != {new}) {scope} }}""")
        names[entity] = (decision.label, cls)
    elif decision.action == "retype":
        new = f"<{SSR[decision.cls]}>"
        classes = " ".join(f"<{SSR[c]}>" for c in ENTITY_CLASSES)
        plan.parts.append(f"""DELETE {{ GRAPH ?g {{ {node} a ?old }} }} INSERT {{ GRAPH ?g {{ {node} a {new} }} }}
            WHERE {{ VALUES ?old {{ {classes} }} GRAPH ?g {{ {node} a ?old }} FILTER (?old != {new}) {scope} }}""")
        names[entity] = (label, decision.cls)
    else:
        plan.parts.append(f"INSERT DATA {{ GRAPH <{ENTITY_GRAPH}> {{ {node} <{SKOS.altLabel}> "
                          f"{literal(decision.label, lang='en')} }} }}")


def _merge(store: SparqlStore, plan: Plan, source: str, target: str, names: dict) -> None:
    """Rewrite ``source`` as ``target`` in every document graph and the entity index; keep its names as aliases."""
    old, new = f"<{ID[source]}>", f"<{ID[target]}>"
    label, cls = names[target]
    describe = f"{new} a <{SSR[cls]}> ; <{RDFS.label}> {literal(label, lang='en')}"
    documents = f'FILTER (STRSTARTS(STR(?g), "{DOC}"))'
    plan.graphs |= {row["g"].value for row in store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?d {_SCHEMA_MENTIONS} {old} }} }}")}
    plan.parts += [
        *(f"""DELETE {{ GRAPH ?g {{ ?a <{end}> {old} }} }} INSERT {{ GRAPH ?g {{ ?a <{end}> {new} }} }}
              WHERE {{ GRAPH ?g {{ ?a <{end}> {old} }} {documents} }}""" for end in (RDF.subject, RDF.object)),
        f"""DELETE {{ GRAPH ?g {{ ?d {_SCHEMA_MENTIONS} {old} }} }}
            INSERT {{ GRAPH ?g {{ ?d {_SCHEMA_MENTIONS} {new} . {describe} }} }}
            WHERE {{ GRAPH ?g {{ ?d {_SCHEMA_MENTIONS} {old} }} {documents} }}""",
        f"""DELETE {{ GRAPH ?g {{ {old} <{RDFS.label}> ?l }} }} INSERT {{ GRAPH ?g {{ {new} <{SKOS.altLabel}> ?l }} }}
            WHERE {{ GRAPH ?g {{ {old} <{RDFS.label}> ?l }} FILTER (STR(?l) != {literal(label)}) {documents} }}""",
        f"""DELETE {{ GRAPH ?g {{ {old} ?p ?o }} }} INSERT {{ GRAPH ?g {{ {new} ?p ?o }} }}
            WHERE {{ VALUES ?p {{ <{SKOS.altLabel}> <{SSR.sector}> }} GRAPH ?g {{ {old} ?p ?o }} {documents} }}""",
        f"DELETE {{ GRAPH ?g {{ {old} ?p ?o }} }} WHERE {{ GRAPH ?g {{ {old} ?p ?o }} {documents} }}",
        f"DELETE {{ GRAPH <{ENTITY_GRAPH}> {{ {old} ?p ?o }} }} WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ {old} ?p ?o }} }}",
        f"INSERT DATA {{ GRAPH <{ENTITY_GRAPH}> {{ {new} <{SKOS.altLabel}> {literal(names[source][0], lang='en')} }} }}",
    ]
    names.pop(source)


def _assertions(store: SparqlStore, ids: list[str]) -> dict[str, dict]:
    """What the store holds of these assertions: graph, ends, qualifiers, evidence."""
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 400):
        values = " ".join(f"<{ASSERTION[i]}>" for i in ids[start:start + 400])
        for row in store.query(f"""SELECT ?a ?g ?p ?o WHERE {{ VALUES ?a {{ {values} }} GRAPH ?g {{ ?a ?p ?o }}
                                   FILTER (STRSTARTS(STR(?g), "{DOC}")) }}"""):
            item = found.setdefault(row["a"].value.removeprefix(str(ASSERTION)), {"graph": row["g"].value, "triples": []})
            item["triples"].append((row["p"].value, row["o"]))
    return found


def _missing_reason(decision: Decision, documents: dict) -> str:
    info = documents.get(decision.document or "")
    if info is None:
        return "its document changed or was removed since the decision"
    return "the extractor no longer states it in its document"


def _review(plan: Plan, decision: Decision, row: dict, names: dict, merged: dict) -> None:
    graph, node = row["graph"], f"<{ASSERTION[decision.target]}>"
    plan.graphs.add(graph)
    lines = [f"{node} <{SSR.reviewStatus}> {literal(STATUS[decision.action])} .",
             f"{node} <{SSR.reviewedIn}> <{decision.iri}> ."]
    if decision.action == "fix":
        copy = f"<{ASSERTION['fix-' + decision.id]}>"
        override = {str(RDF.subject): ("subject", ID), str(RDF.predicate): ("relation", SSR._NS),
                    str(RDF.object): ("object", ID), str(SSR.polarity): ("polarity", SSR._NS),
                    str(SSR.modality): ("modality", SSR._NS)}
        for predicate, value in row["triples"]:
            if predicate in (str(SSR.method), str(SSR.confidence), str(SSR.reviewStatus), str(SSR.reviewedIn)):
                continue
            if predicate in override and getattr(decision, override[predicate][0]):
                name, namespace = override[predicate]
                new = getattr(decision, name)
                term = f"<{namespace}{_resolve(new, merged) if namespace is ID else new}>"
            elif predicate in (str(RDF.subject), str(RDF.object)):
                term = f"<{ID[_resolve(value.value.removeprefix(str(ID)), merged)]}>"
            else:
                term = _term(value)
            lines.append(f"{copy} <{predicate}> {term} .")
        lines += [f"{copy} <{SSR.method}> \"analyst\" .", f"{copy} <{SSR.confidence}> {literal('1.0', datatype=XSD.decimal)} .",
                  f"{copy} <{PROV.wasRevisionOf}> {node} .", f"{copy} <{SSR.reviewStatus}> {literal('accepted')} .",
                  f"{copy} <{SSR.reviewedIn}> <{decision.iri}> ."]
        lines += _mentions(graph, [_resolve(getattr(decision, end), merged) for end in ("subject", "object")
                                   if getattr(decision, end)], names)
    plan.parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{ {chr(10).join(lines)} }} }}")


def _mentions(graph: str, entities: list[str | None], names: dict) -> list[str]:
    """The graph's document mentions these entities, with the class and label the index gives them."""
    lines = []
    for entity in entities:
        if entity in names:
            label, cls = names[entity]
            node = f"<{ID[entity]}>"
            lines += [f"<{graph}> {_SCHEMA_MENTIONS} {node} .", f"{node} a <{SSR[cls]}> .",
                      f"{node} <{RDFS.label}> {literal(label, lang='en')} ."]
    return lines


def _add(plan: Plan, decision: Decision, names: dict, merged: dict, documents: dict) -> bool:
    """Plan an added fact; True when it goes to the analysts' own graph (it names no document)."""
    subject, obj = _resolve(decision.subject, merged), _resolve(decision.object, merged)
    for end, entity in (("subject", subject), ("object", obj)):
        if entity not in names:
            plan.orphans.append(Orphan(decision, f"no document names its {end} {entity} any more"))
            return False
    if decision.document:
        info = documents.get(decision.document)
        if info is None or (decision.digest and info["sha256"] != decision.digest):
            plan.orphans.append(Orphan(decision, "its document changed or was removed since the decision"))
            return False
        graph = str(DOC[decision.document])
    else:
        graph = str(ANALYST_DOCUMENT)
    sentence = decision.sentence or decision.note or f"Stated by {decision.by}."
    start, end = _offsets(sentence, info["path"]) if decision.document else (0, len(sentence))
    node = f"<{ASSERTION['analyst-' + decision.id]}>"
    lines = [f"{node} a <{SSR.Assertion}> .", f"{node} <{RDF.subject}> <{ID[subject]}> .",
             f"{node} <{RDF.predicate}> <{SSR[decision.relation]}> .", f"{node} <{RDF.object}> <{ID[obj]}> .",
             f"{node} <{PROV.wasDerivedFrom}> <{graph}> .", f"{node} <{SSR.sentence}> {literal(sentence)} .",
             f"{node} <{SSR.startOffset}> {literal(str(start), datatype=XSD.integer)} .",
             f"{node} <{SSR.endOffset}> {literal(str(end), datatype=XSD.integer)} .",
             f"{node} <{SSR.polarity}> <{SSR[decision.polarity or 'positive']}> .",
             f"{node} <{SSR.modality}> <{SSR[decision.modality or 'asserted']}> .",
             f"{node} <{SSR.method}> \"analyst\" .", f"{node} <{SSR.confidence}> {literal('1.0', datatype=XSD.decimal)} .",
             f"{node} <{SSR.reviewStatus}> {literal('added')} .", f"{node} <{SSR.reviewedIn}> <{decision.iri}> .",
             *_mentions(graph, [subject, obj], names)]
    if decision.time:
        lines.append(f"{node} <{SSR.time}> {literal(decision.time)} .")
    plan.graphs.add(graph)
    plan.parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{ {chr(10).join(lines)} }} }}")
    return not decision.document


def _offsets(sentence: str, path: str) -> tuple[int, int]:
    """Where the quoted sentence stands in its document's file, when the file is there to read; else 0..len."""
    try:
        from ssrgraph.extract.documents import read_document

        text = read_document(Path(path)).text
    except Exception:  # noqa: BLE001 - the file moved or cannot be read: keep the sentence without offsets
        return 0, len(sentence)
    at = text.find(sentence)
    return (at, at + len(sentence)) if at >= 0 else (0, len(sentence))


def _analyst_document(plan: Plan, decisions: list[Decision]) -> None:
    """The analysts' own graph is a document of its own: facts stated by the team rather than a text."""
    node = f"<{ANALYST_DOCUMENT}>"
    digest = hashlib.sha256(" ".join(sorted(d.id for d in decisions)).encode()).hexdigest()
    lines = [f"{node} a <{SSR.Document}> .", f"{node} <{DCTERMS.title}> {literal('Facts added by analysts')} .",
             f"{node} <{SSR.path}> {literal('analyst')} .", f"{node} <{DCTERMS.format}> {literal('curation')} .",
             f"{node} <{SSR.sha256}> {literal(digest)} .",
             f"{node} <{SSR.ingestedAt}> {literal(max(d.at for d in decisions), datatype=XSD.dateTime)} ."]
    plan.parts.append(f"INSERT DATA {{ GRAPH {node} {{ {chr(10).join(lines)} }} }}")


def _recompute_facts(plan: Plan) -> None:
    """Plain triples of every graph a decision touched, from its assertions: facts not rejected or fixed."""
    if not plan.graphs:
        return
    graphs = " ".join(f"<{g}>" for g in sorted(plan.graphs))
    relations = " ".join(f"<{SSR[r]}>" for r in RELATIONS)
    plan.parts += [
        f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {graphs} }} VALUES ?p {{ {relations} }} "
        f"GRAPH ?g {{ ?s ?p ?o }} }}",
        f"""INSERT {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{
                ?a <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o ;
                   <{SSR.polarity}> <{SSR.positive}> ; <{SSR.modality}> <{SSR.asserted}> .
                FILTER NOT EXISTS {{ ?a <{SSR.reviewStatus}> ?status FILTER (?status IN ("rejected", "fixed")) }} }} }}""",
        f"""DELETE {{ GRAPH <{FACT_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{FACT_GRAPH}> {{ ?s ?p ?o }}
                FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{DOC}")) }} }}""",
        f"INSERT {{ GRAPH <{FACT_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {graphs} }} "
        f"VALUES ?p {{ {relations} }} GRAPH ?g {{ ?s ?p ?o }} }}",
    ]


def _term(value) -> str:
    """A pyoxigraph term (from a query row) as N-Triples."""
    return str(value)
