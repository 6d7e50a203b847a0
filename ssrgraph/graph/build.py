"""Build the store from documents: read, extract, convert to RDF, write one named graph per document.

Only what changed is done again: a document whose content (SHA-256) is
already stored is skipped; a file whose content changed replaces its old
graph; with ``prune``, documents no longer among the inputs are dropped.
Every build ends by applying the analysts' decisions (``curation``) again.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from spacy.language import Language

from ssrgraph.extract.documents import DEFAULT_MAX_BYTES, Document, DocumentError, find_documents, read_document
from ssrgraph.extract.model import Extraction
from ssrgraph.extract.pipeline import build_pipeline, default_pipeline, extract
from ssrgraph.graph.curation import ANALYST_DOCUMENT, Orphan, apply_curation
from ssrgraph.graph.rdf import document_iri, document_ntriples
from ssrgraph.graph.store import SparqlStore

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
    orphans: list[Orphan] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input was skipped."""
        return not self.skipped


def build(paths: Iterable[str | Path], store: SparqlStore, *, nlp: Language | None = None,
          prune: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
          progress: Callable[[str], None] | None = None, actors: str | Path | None = None,
          workers: int = 1, pipeline_options: dict | None = None) -> BuildReport:
    """Build or update ``store`` from the documents under ``paths``; see the module docstring.

    A first pass hashes the files' bytes to find what changed, so an
    unchanged corpus costs one read of each file and no extraction. Changed
    documents then stream through extraction (in up to ``workers``
    processes, each with its own pipeline built from ``pipeline_options``,
    the keyword arguments of :func:`~ssrgraph.extract.pipeline.build_pipeline`;
    without them, ``nlp`` or the default pipeline) and are written in input
    order as soon as their turn comes, so memory stays flat and the result
    does not depend on timing. ``actors`` names the known-actors file the
    pipeline uses, stored as the actors graph.
    """
    report = BuildReport()
    store.install_vocabulary(actors=actors)
    stored = {graph: info for graph, info in store.documents().items() if graph != str(ANALYST_DOCUMENT)}
    by_path = {info["path"]: URIRef(graph) for graph, info in stored.items()}
    seen: dict[str, str] = {}
    changed: list[Path] = []
    for path in find_documents(paths):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.stat().st_size <= max_bytes else None
        except OSError:
            digest = None
        if digest is not None and digest in seen:
            report.warnings.append(f"{path}: same content as {seen[digest]}; kept as one document")
        elif digest is not None and str(document_iri(digest)) in stored:
            seen[digest] = str(path)
            report.unchanged.append(str(path))
        else:
            if digest is not None:
                seen[digest] = str(path)
            changed.append(path)
            continue
        if progress:
            progress(str(path))

    def documents() -> Iterator[Document]:
        for path in changed:
            if progress:
                progress(str(path))
            try:
                document = read_document(path, max_bytes=max_bytes)
            except DocumentError as error:
                report.skipped.append((error.path, error.reason))
                continue
            report.warnings.extend(document.warnings)
            yield document

    workers = max(1, min(workers, len(changed) // 4 or 1))
    if workers > 1:
        extractions = _extract_in_processes(documents(), workers, pipeline_options or {})
    elif changed:
        pipeline = nlp or _pipeline(pipeline_options)
        extractions = ((document, extract(document, pipeline)) for document in documents())
    else:
        extractions = iter(())
    names = store.entity_names()
    if stored and not names:
        store.complete_indexes()
        names = store.entity_names()
    batch = _Batch(store)
    for document, extraction in extractions:
        name = document_iri(document.sha256)
        text = document_ntriples(document, extraction, names=names)
        new = {e.id: (e.label, e.cls) for e in extraction.entities.values() if e.id not in names}
        names.update(new)
        old = by_path.get(document.path)
        if old is not None and old != name:
            batch.flush()
            store.replace_graphs({name: text, old: None}, entities=new)
            names = store.entity_names()
            report.replaced.append(document.path)
        else:
            batch.add(name, text, new)
            report.added.append(document.path)
        report.assertions.update(a.relation for a in extraction.assertions)
    batch.flush()
    if prune:
        replaced = {str(by_path[path]) for path in report.replaced}
        kept = {str(document_iri(sha)) for sha in seen} | replaced
        gone = {URIRef(g): None for g in stored if g not in kept}
        store.replace_graphs(gone)
        report.pruned = sorted(stored[str(g)]["path"] for g in gone)
    report.orphans = apply_curation(store)
    return report


class _Batch:
    """New documents written together, whole documents per transaction, about ``size`` triples at a time.

    One write per document costs more in transactions than in triples; a
    batch of whole documents keeps the all-or-nothing guarantee per document.
    Batches are large because each one the store bulk-loads starts a RocksDB
    compaction that rewrites what is already stored: on the 1000x benchmark
    (5.2M statements) compaction cost 276 CPU-s with 20,000-line batches and
    115 CPU-s with 250,000-line ones (about 50 MB of text in memory).
    """

    def __init__(self, store: SparqlStore, size: int = 250_000):
        self.store, self.size = store, size
        self.graphs: dict[URIRef, str] = {}
        self.entities: dict[str, tuple[str, str]] = {}
        self.lines = 0

    def add(self, name: URIRef, text: str, entities: dict[str, tuple[str, str]]) -> None:
        self.graphs[name] = text
        self.entities.update(entities)
        self.lines += text.count("\n")
        if self.lines >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.graphs:
            self.store.replace_graphs(self.graphs, entities=self.entities)
        self.graphs, self.entities, self.lines = {}, {}, 0


_worker_pipeline: Language | None = None


def _pipeline(options: dict | None) -> Language:
    """A pipeline built with these options, or the shared default one."""
    return build_pipeline(**options) if options else default_pipeline()


def _start_worker(options: dict) -> None:
    """Build the worker's pipeline, then exempt it from garbage collection: its tables live as long as the
    worker, and the collector would otherwise walk them again and again."""
    global _worker_pipeline
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _worker_pipeline = _pipeline(options)
    gc.freeze()


def _exit_with_parent(parent: int) -> None:
    """End this worker once the build that started it is gone (killed builds leave no idle workers behind)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _extract_in_worker(document: Document) -> Extraction:
    return extract(document, _worker_pipeline)


def _extract_in_processes(documents: Iterator[Document], workers: int, options: dict, *,
                          ahead: int = 16, ahead_chars: int = 16_000_000) -> Iterator[tuple[Document, Extraction]]:
    """Extract in a pool of processes that return plain assertions (not spaCy Docs), in input order.

    Results are yielded in input order, so a worker that finishes early must
    have more work queued or it idles behind a long document: up to ``ahead``
    documents per worker are in flight, as long as their texts together stay
    under ``ahead_chars`` characters (at least two per worker always), so a
    large corpus never sits in memory at once.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(options,)) as pool:
        in_flight: deque = deque()
        chars = 0
        for document in documents:
            in_flight.append((document, pool.submit(_extract_in_worker, document)))
            chars += len(document.text)
            while len(in_flight) >= ahead * workers or (chars > ahead_chars and len(in_flight) >= 2 * workers):
                done, future = in_flight.popleft()
                chars -= len(done.text)
                yield done, future.result()
        while in_flight:
            done, future = in_flight.popleft()
            yield done, future.result()
