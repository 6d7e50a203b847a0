"""Analysts' decisions about the graph, kept as data in the store and applied on every build.

A decision accepts, rejects or fixes one extracted assertion, adds a fact,
or merges, renames, retypes or adds an alias to an entity. Decisions live
in the curation graph (``graph/curation``) as PROV-O activities: who made
them (``prov:wasAssociatedWith`` an agent), when (``prov:endedAtTime``) and
why (``rdfs:comment``). They are never edited in place: a later decision
about the same assertion supersedes an earlier one, and the whole record
exports to Turtle (``curation-shapes.ttl`` checks it) for a team to version.

Applying is idempotent and runs after every build and every ``curate``:
earlier effects are cleared, then each decision is applied again to what
the store holds now. A rejected assertion stays, marked ``rejected``, and
never yields a plain triple; a fixed one is marked ``fixed`` beside the
corrected assertion (method ``analyst``); added facts are assertions with
method ``analyst`` in their source document's graph or, without one, in the
analysts' own graph (``doc/analyst``). Decisions are keyed by assertion id
and document digest, so they survive re-extraction of an unchanged document;
one whose document changed or vanished, or whose entity no document names
any more, is returned as an :class:`Orphan`, never dropped or misapplied.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ssrgraph.graph.store import ENTITY_GRAPH, FACT_GRAPH, SparqlStore
from ssrgraph.ontology import AGENT, ASSERTION, CURATION, DOC, ENTITY_CLASSES, GRAPH, ID, RELATIONS, SSR

__all__ = ["ACTIONS", "ANALYST_DOCUMENT", "CURATION_GRAPH", "CurationError", "Decision", "Orphan",
           "apply_curation", "record", "load_decisions", "find_orphans", "merged_ids", "now",
           "export_decisions", "read_decisions"]

CURATION_GRAPH = GRAPH["curation"]
ANALYST_DOCUMENT = DOC["analyst"]
ACTIONS = ("accept", "reject", "fix", "add", "merge", "rename", "retype", "alias")
REVIEWS = ("accept", "reject", "fix")
STATUS = {"accept": "accepted", "reject": "rejected", "fix": "fixed", "add": "added"}
POLARITIES = ("positive", "negative")
MODALITIES = ("asserted", "hedged", "prescribed")

_SCHEMA_MENTIONS = "<https://schema.org/mentions>"
_FIELDS = {  # Decision field -> (predicate, how its value is written)
    "target": (SSR.target, ASSERTION), "document": (PROV.used, DOC), "digest": (SSR.documentDigest, None),
    "subject": (SSR.newSubject, ID), "relation": (SSR.newRelation, SSR._NS), "object": (SSR.newObject, ID),
    "polarity": (SSR.newPolarity, SSR._NS), "modality": (SSR.newModality, SSR._NS),
    "sentence": (SSR.quotedSentence, None), "time": (SSR.statedTime, None), "entity": (SSR.about, ID),
    "into": (SSR.mergedInto, ID), "label": (SSR.newLabel, "en"), "cls": (SSR.newClass, SSR._NS),
    "note": (RDFS.comment, None),
}


class CurationError(ValueError):
    """A decision cannot be taken as given; the message names the file, line and column or the value."""


def now() -> str:
    """The current time as the xsd:dateTime a decision records (UTC, whole seconds)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Decision:
    """One analyst decision; which fields it uses depends on its ``action`` (see the module docstring)."""

    action: str
    by: str
    at: str
    note: str = ""
    target: str | None = None
    document: str | None = None
    digest: str | None = None
    subject: str | None = None
    relation: str | None = None
    object: str | None = None
    polarity: str | None = None
    modality: str | None = None
    sentence: str | None = None
    time: str | None = None
    entity: str | None = None
    into: str | None = None
    label: str | None = None
    cls: str | None = None
    key: str | None = field(default=None, compare=False)
    """The id a stored decision already has (its IRI's last part); new decisions get theirs from their content."""

    @property
    def id(self) -> str:
        """A stable id: the same decision recorded twice is one decision."""
        if self.key:
            return self.key
        content = {k: v for k, v in asdict(self).items() if k != "key"}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:24]

    @property
    def iri(self) -> str:
        return str(CURATION[self.id])

    def describe(self) -> str:
        """One line for lists and messages."""
        what = {"accept": self.target, "reject": self.target, "fix": self.target,
                "add": f"{self.subject} {self.relation} {self.object}", "merge": f"{self.entity} into {self.into}",
                "rename": f"{self.entity} as {self.label!r}", "retype": f"{self.entity} as {self.cls}",
                "alias": f"{self.entity} also {self.label!r}"}[self.action]
        return f"{self.action} {what} (by {self.by}, {self.at})"

    def ntriples(self) -> str:
        """The decision and its analyst as N-Triples for the curation graph."""
        node, agent = f"<{self.iri}>", f"<{AGENT[_slug(self.by)]}>"
        lines = [f"{node} <{RDF.type}> <{SSR.Decision}> .", f"{node} <{RDF.type}> <{PROV.Activity}> .",
                 f"{node} <{SSR.action}> {_lit(self.action)} .", f"{node} <{PROV.wasAssociatedWith}> {agent} .",
                 f"{node} <{PROV.endedAtTime}> {_lit(self.at, datatype=XSD.dateTime)} .",
                 f"{agent} <{RDF.type}> <{PROV.Agent}> .", f"{agent} <{RDFS.label}> {_lit(self.by)} ."]
        for name, (predicate, kind) in _FIELDS.items():
            value = getattr(self, name)
            if not value:
                continue
            if kind == "en":
                term = _lit(value, lang="en")
            elif kind is None:
                term = _lit(value)
            else:
                term = f"<{kind}{value}>"
            lines.append(f"{node} <{predicate}> {term} .")
        return "\n".join(lines)


@dataclass(frozen=True)
class Orphan:
    """A decision that could not be applied to the store as it is now, and why."""

    decision: Decision
    reason: str

    def __str__(self) -> str:
        return f"{self.decision.describe()}: {self.reason}"


@dataclass
class _Plan:
    parts: list[str] = field(default_factory=list)
    graphs: set[str] = field(default_factory=set)
    orphans: list[Orphan] = field(default_factory=list)


def record(store: SparqlStore, decisions: list[Decision]) -> list[Orphan]:
    """Add ``decisions`` to the curation graph and apply them all, in one transaction; returns the orphans."""
    everything = sorted(load_decisions(store) + decisions, key=lambda d: (d.at, d.id))
    body = "\n".join(d.ntriples() for d in decisions)
    plan = _plan(store, everything)
    store.update(" ;\n".join([f"INSERT DATA {{ GRAPH <{CURATION_GRAPH}> {{ {body} }} }}", *plan.parts]))
    return plan.orphans


def apply_curation(store: SparqlStore) -> list[Orphan]:
    """Apply every recorded decision to the store as it is now (after a build), in one transaction."""
    decisions = load_decisions(store)
    if not decisions:
        return []
    plan = _plan(store, decisions)
    store.update(" ;\n".join(plan.parts))
    return plan.orphans


def find_orphans(store: SparqlStore, decisions: list[Decision] | None = None) -> list[Orphan]:
    """The decisions that cannot be applied to the store as it is now (nothing is written)."""
    return _plan(store, load_decisions(store) if decisions is None else decisions).orphans


def load_decisions(store: SparqlStore) -> list[Decision]:
    """Every decision in the curation graph, oldest first."""
    rows = store.query(f"""
        SELECT ?d ?p ?o ?by WHERE {{ GRAPH <{CURATION_GRAPH}> {{
            ?d a <{SSR.Decision}> ; ?p ?o ; <{PROV.wasAssociatedWith}> ?agent . ?agent <{RDFS.label}> ?by }} }}""")
    by_predicate = {str(predicate): name for name, (predicate, _) in _FIELDS.items()}
    found: dict[str, dict] = {}
    for row in rows:
        values = found.setdefault(row["d"].value, {"by": row["by"].value})
        predicate, value = row["p"].value, row["o"].value
        if predicate == str(SSR.action):
            values["action"] = value
        elif predicate == str(PROV.endedAtTime):
            values["at"] = value
        elif predicate in by_predicate:
            name = by_predicate[predicate]
            kind = _FIELDS[name][1]
            values[name] = value.removeprefix(str(kind)) if kind not in (None, "en") else value
    decisions = [Decision(**values, key=iri.removeprefix(str(CURATION))) for iri, values in found.items()
                 if "action" in values and "at" in values]
    return sorted(decisions, key=lambda d: (d.at, d.id))


def merged_ids(store: SparqlStore) -> dict[str, str]:
    """Entity ids merged away -> the id they became (chains followed), so both ids answer queries."""
    into = {d.entity: d.into for d in load_decisions(store) if d.action == "merge"}
    resolved = {}
    for source in into:
        target, seen = into[source], {source}
        while target in into and target not in seen:
            seen.add(target)
            target = into[target]
        resolved[source] = target
    return resolved


# ------------------------------------------------------------------ planning


def _plan(store: SparqlStore, decisions: list[Decision]) -> _Plan:
    """The SPARQL update that applies ``decisions`` to the store as it is, and the decisions it cannot apply."""
    plan = _Plan()
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


def _entity_decision(store: SparqlStore, plan: _Plan, decision: Decision, names: dict, merged: dict) -> None:
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
        new = _lit(decision.label, lang="en")
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
                          f"{_lit(decision.label, lang='en')} }} }}")


def _merge(store: SparqlStore, plan: _Plan, source: str, target: str, names: dict) -> None:
    """Rewrite ``source`` as ``target`` in every document graph and the entity index; keep its names as aliases."""
    old, new = f"<{ID[source]}>", f"<{ID[target]}>"
    label, cls = names[target]
    describe = f"{new} a <{SSR[cls]}> ; <{RDFS.label}> {_lit(label, lang='en')}"
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
            WHERE {{ GRAPH ?g {{ {old} <{RDFS.label}> ?l }} FILTER (STR(?l) != {_lit(label)}) {documents} }}""",
        f"""DELETE {{ GRAPH ?g {{ {old} ?p ?o }} }} INSERT {{ GRAPH ?g {{ {new} ?p ?o }} }}
            WHERE {{ VALUES ?p {{ <{SKOS.altLabel}> <{SSR.sector}> }} GRAPH ?g {{ {old} ?p ?o }} {documents} }}""",
        f"DELETE {{ GRAPH ?g {{ {old} ?p ?o }} }} WHERE {{ GRAPH ?g {{ {old} ?p ?o }} {documents} }}",
        f"DELETE {{ GRAPH <{ENTITY_GRAPH}> {{ {old} ?p ?o }} }} WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ {old} ?p ?o }} }}",
        f"INSERT DATA {{ GRAPH <{ENTITY_GRAPH}> {{ {new} <{SKOS.altLabel}> {_lit(names[source][0], lang='en')} }} }}",
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


def _review(plan: _Plan, decision: Decision, row: dict, names: dict, merged: dict) -> None:
    graph, node = row["graph"], f"<{ASSERTION[decision.target]}>"
    plan.graphs.add(graph)
    lines = [f"{node} <{SSR.reviewStatus}> {_lit(STATUS[decision.action])} .",
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
        lines += [f"{copy} <{SSR.method}> \"analyst\" .", f"{copy} <{SSR.confidence}> {_lit('1.0', XSD.decimal)} .",
                  f"{copy} <{PROV.wasRevisionOf}> {node} .", f"{copy} <{SSR.reviewStatus}> {_lit('accepted')} .",
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
                      f"{node} <{RDFS.label}> {_lit(label, lang='en')} ."]
    return lines


def _add(plan: _Plan, decision: Decision, names: dict, merged: dict, documents: dict) -> bool:
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
             f"{node} <{PROV.wasDerivedFrom}> <{graph}> .", f"{node} <{SSR.sentence}> {_lit(sentence)} .",
             f"{node} <{SSR.startOffset}> {_lit(str(start), XSD.integer)} .",
             f"{node} <{SSR.endOffset}> {_lit(str(end), XSD.integer)} .",
             f"{node} <{SSR.polarity}> <{SSR[decision.polarity or 'positive']}> .",
             f"{node} <{SSR.modality}> <{SSR[decision.modality or 'asserted']}> .",
             f"{node} <{SSR.method}> \"analyst\" .", f"{node} <{SSR.confidence}> {_lit('1.0', XSD.decimal)} .",
             f"{node} <{SSR.reviewStatus}> {_lit('added')} .", f"{node} <{SSR.reviewedIn}> <{decision.iri}> .",
             *_mentions(graph, [subject, obj], names)]
    if decision.time:
        lines.append(f"{node} <{SSR.time}> {_lit(decision.time)} .")
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


def _analyst_document(plan: _Plan, decisions: list[Decision]) -> None:
    """The analysts' own graph is a document of its own: facts stated by the team rather than a text."""
    node = f"<{ANALYST_DOCUMENT}>"
    digest = hashlib.sha256(" ".join(sorted(d.id for d in decisions)).encode()).hexdigest()
    lines = [f"{node} a <{SSR.Document}> .", f"{node} <{DCTERMS.title}> {_lit('Facts added by analysts')} .",
             f"{node} <{SSR.path}> {_lit('analyst')} .", f"{node} <{DCTERMS.format}> {_lit('curation')} .",
             f"{node} <{SSR.sha256}> {_lit(digest)} .",
             f"{node} <{SSR.ingestedAt}> {_lit(max(d.at for d in decisions), XSD.dateTime)} ."]
    plan.parts.append(f"INSERT DATA {{ GRAPH {node} {{ {chr(10).join(lines)} }} }}")


def _recompute_facts(plan: _Plan) -> None:
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


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.strip().lower()).strip("-") or "analyst"


def _lit(value: str, datatype: str | None = None, *, lang: str | None = None) -> str:
    return Literal(value, lang=lang, datatype=datatype).n3()


def _term(value) -> str:
    """A pyoxigraph term (from a query row) as N-Triples."""
    return str(value)


# ------------------------------------------------------------------ the curation file


def export_decisions(store: SparqlStore, target: str | Path) -> int:
    """Write the curation graph as Turtle, statements sorted so that the file diffs well; returns decisions."""
    import pyoxigraph as ox

    quads = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{CURATION_GRAPH}> {{ ?s ?p ?o }} }}")
    triples = sorted((ox.Triple(row["s"], row["p"], row["o"]) for row in quads), key=str)
    ox.serialize(triples, str(target), ox.RdfFormat.TURTLE,
                 prefixes={"ssr": str(SSR._NS), "prov": str(PROV), "rdfs": str(RDFS), "xsd": str(XSD),
                           "id": str(ID), "assertion": str(ASSERTION), "doc": str(DOC), "agent": str(AGENT),
                           "curation": str(CURATION)})
    return len(load_decisions(store))


def read_decisions(path: str | Path) -> list[Decision]:
    """The decisions of a curation file, checked against ``curation-shapes.ttl`` first.

    Raises :class:`CurationError` naming the file and, for a syntax error,
    the line and column; for a file that does not conform, what SHACL found.
    """
    import pyoxigraph as ox
    import pyshacl
    from rdflib import Graph

    from ssrgraph.ontology import CURATION_SHAPES

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        parsed = list(ox.parse(input=text, format=ox.RdfFormat.TURTLE))
    except (OSError, UnicodeDecodeError) as error:
        raise CurationError(f"{path}: cannot read ({error})") from None
    except SyntaxError as error:
        raise CurationError(f"{path}: {error}") from None
    data = Graph().parse(data=text, format="turtle")
    shapes = Graph().parse(CURATION_SHAPES, format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
    if not conforms:
        raise CurationError(f"{path}: does not conform to the curation shapes:\n{report}")
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(CURATION_GRAPH))) for t in parsed)
    return load_decisions(_Scratch(scratch))


class _Scratch:
    """An in-memory pyoxigraph store read the way :func:`load_decisions` reads a store."""

    def __init__(self, store):
        self.store = store

    def query(self, sparql: str):
        return self.store.query(sparql)
