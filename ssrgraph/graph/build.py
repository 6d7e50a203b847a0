"""Build the store from documents: read, extract, convert to RDF, write one named graph per document.

Only what changed is done again: a document whose content (SHA-256) is
already stored is skipped; a file whose content changed replaces its old
graph; with ``prune``, documents no longer among the inputs are dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from spacy.language import Language

from ssrgraph.extract.documents import DEFAULT_MAX_BYTES, DocumentError, find_documents, read_document
from ssrgraph.extract.pipeline import default_pipeline, extract
from ssrgraph.graph.rdf import document_graph, document_iri
from ssrgraph.graph.store import GraphStore

__all__ = ["BuildReport", "build"]


@dataclass
class BuildReport:
    """What one build did, document by document."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    assertions: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """True when no input was skipped."""
        return not self.skipped


def build(paths: Iterable[str | Path], store: GraphStore, *, nlp: Language | None = None,
          prune: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
          progress: Callable[[str], None] | None = None, actors: str | Path | None = None) -> BuildReport:
    """Build or update ``store`` from the documents under ``paths``; see the module docstring.

    ``actors`` names the known-actors file the pipeline uses, stored as the actors graph.
    """
    report = BuildReport()
    store.install_vocabulary(actors=actors)
    stored = store.documents()
    by_path = {info["path"]: URIRef(graph) for graph, info in stored.items()}
    seen: dict[str, str] = {}
    for path in find_documents(paths):
        if progress:
            progress(str(path))
        try:
            document = read_document(path, max_bytes=max_bytes)
        except DocumentError as error:
            report.skipped.append((error.path, error.reason))
            continue
        report.warnings.extend(document.warnings)
        name = document_iri(document.sha256)
        if document.sha256 in seen:
            report.warnings.append(f"{path}: same content as {seen[document.sha256]}; kept as one document")
            continue
        seen[document.sha256] = str(path)
        if str(name) in stored:
            report.unchanged.append(str(path))
            continue
        extraction = extract(document, nlp or default_pipeline())
        names = store.entity_names(extraction.entities)
        graphs = {name: document_graph(document, extraction, names=names)}
        old = by_path.get(document.path)
        if old is not None and old != name:
            graphs[old] = None
            report.replaced.append(str(path))
        else:
            report.added.append(str(path))
        store.replace_graphs(graphs)
        report.assertions.update(a.relation for a in extraction.assertions)
    if prune:
        kept = {str(document_iri(sha)) for sha in seen}
        gone = {URIRef(g): None for g in stored if g not in kept}
        store.replace_graphs(gone)
        report.pruned = sorted(stored[str(g)]["path"] for g in gone)
    return report

