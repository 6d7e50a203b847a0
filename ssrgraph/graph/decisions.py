"""Analysts' decisions as data: what a decision says, how it is written to and read from the curation graph.

A decision accepts, rejects or fixes one extracted assertion, adds a fact,
or merges, renames, retypes or adds an alias to an entity. Decisions live in
the store's curation graph (``graph/curation``) as PROV-O activities: who
made them (``prov:wasAssociatedWith`` an agent), when (``prov:endedAtTime``)
and why (``rdfs:comment``). They are never edited in place: a later
decision about the same assertion supersedes an earlier one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from rdflib.namespace import PROV, RDF, RDFS, XSD

from ssrgraph.graph.rdf import literal
from ssrgraph.graph.store import SparqlStore
from ssrgraph.ontology import AGENT, ASSERTION, CURATION, DOC, GRAPH, ID, SSR

__all__ = ["ACTIONS", "ANALYST_DOCUMENT", "CURATION_GRAPH", "MODALITIES", "POLARITIES", "REVIEWS", "STATUS",
           "CurationError", "Decision", "Orphan", "load_decisions", "merged_ids", "now"]

CURATION_GRAPH = GRAPH["curation"]
ANALYST_DOCUMENT = DOC["analyst"]
ACTIONS = ("accept", "reject", "fix", "add", "merge", "rename", "retype", "alias")
REVIEWS = ("accept", "reject", "fix")
STATUS = {"accept": "accepted", "reject": "rejected", "fix": "fixed", "add": "added"}
POLARITIES = ("positive", "negative")
MODALITIES = ("asserted", "hedged", "prescribed")

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
                 f"{node} <{SSR.action}> {literal(self.action)} .", f"{node} <{PROV.wasAssociatedWith}> {agent} .",
                 f"{node} <{PROV.endedAtTime}> {literal(self.at, datatype=XSD.dateTime)} .",
                 f"{agent} <{RDF.type}> <{PROV.Agent}> .", f"{agent} <{RDFS.label}> {literal(self.by)} ."]
        for name, (predicate, kind) in _FIELDS.items():
            value = getattr(self, name)
            if not value:
                continue
            if kind == "en":
                term = literal(value, lang="en")
            elif kind is None:
                term = literal(value)
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


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.strip().lower()).strip("-") or "analyst"
