"""The analysts' review loop over a store: record decisions, apply them on every build, move them as files.

See ``decisions`` for what a decision is and ``curation_updates`` for how it
is applied. This module is what the CLI and the build call.
"""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import PROV, RDFS, XSD

from ssrgraph.graph.curation_updates import plan_updates
from ssrgraph.graph.decisions import (ACTIONS, ANALYST_DOCUMENT, CURATION_GRAPH, MODALITIES, POLARITIES,
                                      CurationError, Decision, Orphan, load_decisions, merged_ids, now)
from ssrgraph.graph.store import SparqlStore
from ssrgraph.ontology import AGENT, ASSERTION, CURATION, DOC, ID, SSR

__all__ = ["ACTIONS", "ANALYST_DOCUMENT", "CURATION_GRAPH", "MODALITIES", "POLARITIES", "CurationError",
           "Decision", "Orphan", "apply_curation", "record", "load_decisions", "find_orphans", "merged_ids", "now",
           "export_decisions", "read_decisions"]


def record(store: SparqlStore, decisions: list[Decision]) -> list[Orphan]:
    """Add ``decisions`` to the curation graph and apply them all, in one transaction; returns the orphans."""
    everything = sorted(load_decisions(store) + decisions, key=lambda d: (d.at, d.id))
    body = "\n".join(d.ntriples() for d in decisions)
    plan = plan_updates(store, everything)
    store.update(" ;\n".join([f"INSERT DATA {{ GRAPH <{CURATION_GRAPH}> {{ {body} }} }}", *plan.parts]))
    return plan.orphans


def apply_curation(store: SparqlStore) -> list[Orphan]:
    """Apply every recorded decision to the store as it is now (after a build), in one transaction."""
    decisions = load_decisions(store)
    if not decisions:
        return []
    plan = plan_updates(store, decisions)
    store.update(" ;\n".join(plan.parts))
    return plan.orphans


def find_orphans(store: SparqlStore, decisions: list[Decision] | None = None) -> list[Orphan]:
    """The decisions that cannot be applied to the store as it is now (nothing is written)."""
    return plan_updates(store, load_decisions(store) if decisions is None else decisions).orphans


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
    return load_decisions(scratch)
