"""The RDF store: one named graph per document, in an on-disk Oxigraph database or a SPARQL server.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder, GraphStore(folder) as store:
...     store.install_vocabulary()
...     len(store.documents())
0

Writes that change a document (its named graph replaced, or dropped) run as
one SPARQL update, which Oxigraph applies as one transaction. New documents
in a local store are bulk-loaded, listed in a pending graph until their
records (``<graph> a ssr:Document``) are written in one transaction: a build
killed mid-way leaves whole documents only, since the graphs it left pending
are dropped when the store next opens for writing (a reader that opened the
store during the build may see such a graph's statements, but not as a
document).
The vocabulary (ontology, shapes, sectors, actors) lives in graphs of its own.

Two index graphs follow the document graphs, written in the same
transaction as the documents they index (or their records). Document graphs repeat the entities
they name and the facts they state (each is a self-contained record of one
document), so questions that need only names or facts read the indexes
instead, at a cost that does not grow with the number of documents:

* the entities graph: each entity any document names, once, with the class
  and label it was first given;
* the facts graph: each plain triple (a positive, asserted fact) that at
  least one document states, once.

:class:`SparqlStore` holds what both kinds of store do through SPARQL;
:class:`GraphStore` is the local Oxigraph database and
:class:`~ssrgraph.graph.remote.RemoteGraphStore` a SPARQL 1.1 server.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from ssrgraph.graph.rdf import document_record
from ssrgraph.ontology import DATA_FILES, DOC, GRAPH, ID, RELATIONS, SSR

__all__ = ["SparqlStore", "GraphStore", "StoreError", "DEFAULT_STORE", "STORE_ENV", "store_path",
           "open_store", "VOCABULARY_GRAPHS", "ENTITY_GRAPH", "FACT_GRAPH", "PENDING_GRAPH", "EXPORT_FORMATS",
           "RDF_FILE_FORMATS"]

DEFAULT_STORE = "ssrgraph-store"
STORE_ENV = "SSRGRAPH_STORE"
VOCABULARY_GRAPHS = {name: GRAPH[name] for name in DATA_FILES}
ENTITY_GRAPH = GRAPH["entities"]
FACT_GRAPH = GRAPH["facts"]
PENDING_GRAPH = GRAPH["pending"]
EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
}
RDF_FILE_FORMATS = {f".{suffix}": rdf_format for suffix, rdf_format in EXPORT_FORMATS.items()}
_RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_MENTIONS = "<https://schema.org/mentions>"
_RELATIONS = " ".join(f"<{SSR[r]}>" for r in RELATIONS)


class StoreError(Exception):
    """The store cannot be opened or written; the message says which folder or URL and why."""


def store_path(given: str | os.PathLike | None = None) -> Path:
    """The store folder: the one given, else ``$SSRGRAPH_STORE``, else ``./ssrgraph-store``."""
    return Path(given or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def open_store(location: str | os.PathLike | None = None, *, url: str | None = None, create: bool = True,
               read_only: bool = False) -> "SparqlStore":
    """The store at a SPARQL server's ``url`` when one is given, else the local store folder ``location``."""
    if url:
        from ssrgraph.graph.remote import RemoteGraphStore

        return RemoteGraphStore(url)
    return GraphStore(location, create=create, read_only=read_only)


def _term(node) -> str:
    return node.n3()


class SparqlStore(ABC):
    """What every store does through SPARQL: documents, the index graphs, writes as one update.

    Subclasses run the queries and updates (:meth:`query`, :meth:`update`)
    and provide the few operations that have a faster path of their own.
    Use a store as a context manager.
    """

    location: str

    def __enter__(self) -> "SparqlStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Release what the store holds open."""

    @abstractmethod
    def query(self, sparql: str):
        """Run a SPARQL query over all graphs (the default graph is their union); pyoxigraph results."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""

    # ------------------------------------------------------------- writing

    def replace_graphs(self, graphs: dict[URIRef, str | None],
                       entities: dict[str, tuple[str, str]] | None = None) -> None:
        """Replace named graphs by N-Triples text (or, with ``None``, drop them), all in one transaction.

        The graphs' facts join the facts index, and ``entities`` (id ->
        (label, class)) the entity index, in the same transaction; when a graph
        is dropped, entities and facts no document holds any more leave them.
        """
        parts = []
        for name, body in graphs.items():
            parts.append(f"DROP SILENT GRAPH {_term(name)}")
            if body:
                parts.append(f"INSERT DATA {{ {_graph_block(_term(name), body)} }}")
        parts += _index_updates(graphs, entities)
        if any(graph is None for graph in graphs.values()):
            parts.append(f"""DELETE {{ GRAPH {_term(ENTITY_GRAPH)} {{ ?e ?p ?o }} }}
                WHERE {{ GRAPH {_term(ENTITY_GRAPH)} {{ ?e ?p ?o }}
                         FILTER NOT EXISTS {{ GRAPH ?g {{ ?d {_MENTIONS} ?e }} }} }}""")
            parts.append(f"""DELETE {{ GRAPH {_term(FACT_GRAPH)} {{ ?s ?p ?o }} }}
                WHERE {{ GRAPH {_term(FACT_GRAPH)} {{ ?s ?p ?o }}
                         FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{DOC}")) }} }}""")
        if parts:
            self.update(" ;\n".join(parts))

    def complete_indexes(self) -> None:
        """Add to the entity and facts indexes what the document graphs hold and they lack (after loading a file)."""
        self.update(f"""
            INSERT {{ GRAPH {_term(ENTITY_GRAPH)} {{ ?e a ?c ; {_RDFS_LABEL} ?l }} }}
            WHERE {{ SELECT ?e (IRI(MIN(STR(?cls))) AS ?c) (MIN(?label) AS ?l) WHERE {{
                GRAPH ?g {{ ?d {_MENTIONS} ?e . ?e {_RDFS_LABEL} ?label ; a ?cls }}
                FILTER NOT EXISTS {{ GRAPH {_term(ENTITY_GRAPH)} {{ ?e {_RDFS_LABEL} ?known }} }}
            }} GROUP BY ?e }} ;
            {_facts_insert()}""")

    def install_vocabulary(self, *, actors: str | os.PathLike | None = None) -> None:
        """Store the ontology, shapes, sector scheme and known actors in graphs of their own."""
        files = {**DATA_FILES, **({"actors": Path(actors)} if actors else {})}
        self.put_graphs({VOCABULARY_GRAPHS[name]: Path(path) for name, path in files.items()})

    def put_graphs(self, files: dict[URIRef, Path]) -> None:
        """Replace each named graph by the content of a Turtle file, in one transaction."""
        graphs = {}
        for name, path in files.items():
            graph = Graph()
            graph.parse(path, format="turtle")
            graphs[name] = graph.serialize(format="nt")
        self.replace_graphs(graphs)

    def load_file(self, path: str | os.PathLike) -> None:
        """Load an RDF file (TriG, N-Quads, Turtle, N-Triples, JSON-LD by suffix) in one transaction.

        Triples of a triple format go to the default graph. A malformed file
        raises :class:`StoreError` with the file, line and column; nothing is written.
        """
        rdf_format = _file_format(path)
        try:
            quads = list(ox.parse(path=str(path), format=rdf_format))
        except SyntaxError as error:
            raise StoreError(f"{path}: {error}") from None
        except OSError as error:
            raise StoreError(f"{path}: cannot read ({error})") from None
        groups: dict[str | None, list[str]] = {}
        for quad in quads:
            graph = getattr(quad, "graph_name", ox.DefaultGraph())
            name = None if isinstance(graph, ox.DefaultGraph) else str(graph)
            groups.setdefault(name, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
        parts = [f"INSERT DATA {{ {_graph_block(name, chr(10).join(lines))} }}" for name, lines in groups.items()]
        if parts:
            self.update(" ;\n".join(parts))
        self.complete_indexes()

    # ------------------------------------------------------------- reading

    def documents(self) -> dict[str, dict[str, str]]:
        """Documents in the store: graph IRI -> {sha256, path, title}."""
        rows = self.query(f"""
            SELECT ?g ?sha ?path ?title WHERE {{ GRAPH ?g {{
                ?g a {_term(SSR.Document)} ; {_term(SSR.sha256)} ?sha ; {_term(SSR.path)} ?path .
                OPTIONAL {{ ?g <http://purl.org/dc/terms/title> ?title }} }} }}""")
        return {row["g"].value: {"sha256": row["sha"].value, "path": row["path"].value,
                                 "title": row["title"].value if row["title"] else ""} for row in rows}

    def entity_names(self, ids: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """Label and class in the entity index for these entity ids (all of them with ``None``)."""
        if ids is not None:
            ids = list(ids)
            if not ids:
                return {}
        values = f"VALUES ?e {{ {' '.join(_term(ID[i]) for i in ids)} }}" if ids is not None else ""
        rows = self.query(f"""
            SELECT ?e ?l ?c WHERE {{ {values}
                GRAPH {_term(ENTITY_GRAPH)} {{ ?e {_RDFS_LABEL} ?l ; a ?c }} }}""")
        return {row["e"].value.removeprefix(str(ID)): (row["l"].value, row["c"].value.removeprefix(str(SSR._NS)))
                for row in rows}

    def document_graph_names(self) -> list[URIRef]:
        """Names of the documents' graphs."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a {_term(SSR.Document)} }} }}")
        return sorted(URIRef(row["g"].value) for row in rows if row["g"].value.startswith(str(DOC)))

    def count_quads(self) -> int:
        """All quads in the store, vocabulary included."""
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def graph_quads(self, names: list[URIRef]) -> Iterable[ox.Quad]:
        """The quads of these named graphs, as pyoxigraph terms."""
        if not names:
            return []
        rows = self.query(f"""SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {' '.join(_term(n) for n in names)} }}
                                  GRAPH ?g {{ ?s ?p ?o }} }}""")
        return [ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows]

    def union_of_documents(self) -> Graph:
        """An in-memory rdflib graph holding every document graph's triples (for validation and analysis)."""
        graph = Graph()
        for quad in self.graph_quads(self.document_graph_names()):
            graph.add((_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)))
        return graph

    def export(self, target, fmt: str, *, background: bool = False) -> int:
        """Serialise the document graphs (and, with ``background``, the vocabulary) with Oxigraph.

        Dataset formats (trig, nq, jsonld) keep the named graphs; triple formats
        (ttl, nt) write their union. Returns the number of statements written.
        """
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
        names = self.document_graph_names()
        if background:
            names += list(VOCABULARY_GRAPHS.values())
        quads = list(self.graph_quads(names))
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            items = quads
        else:
            unique = {(q.subject, q.predicate, q.object): None for q in quads}
            items = [ox.Triple(*triple) for triple in unique]
        prefixes = {"ssr": str(SSR._NS), "id": str(ID),
                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#"}
        if fmt in ("trig", "ttl"):
            ox.serialize(items, target, rdf_format, prefixes=prefixes)
        else:
            ox.serialize(items, target, rdf_format)
        return len(items)


class GraphStore(SparqlStore):
    """An on-disk Oxigraph dataset of named graphs.

    ``dataset`` is an rdflib :class:`~rdflib.Dataset` over the Oxigraph store,
    for anything rdflib offers; SPARQL runs in Oxigraph (pass queries as strings).
    """

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True, read_only: bool = False):
        self.path = store_path(path)
        self.location = str(self.path.resolve())
        self.read_only = read_only
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no store here (run 'ssrgraph build' first)")
        try:
            if read_only:
                self.ox = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(self.path))
        except OSError as error:
            raise StoreError(f"{self.path}: cannot open the store ({error}); "
                             "is another ssrgraph process using it?") from error
        if not read_only:
            self.drop_unfinished()
        self.dataset = Dataset(store=OxigraphStore(store=self.ox))

    def close(self) -> None:
        """Flush writes and release the store's lock."""
        if getattr(self, "ox", None) is not None:
            if not self.read_only:
                self.ox.flush()
            self.dataset.close()
            self.ox = None

    def query(self, sparql: str):
        return self.ox.query(sparql, use_default_graph_as_union=True)

    def update(self, sparql: str) -> None:
        self.ox.update(sparql)

    def replace_graphs(self, graphs: dict[URIRef, str | None],
                       entities: dict[str, tuple[str, str]] | None = None) -> None:
        """As :meth:`SparqlStore.replace_graphs`; new documents are written in three steps.

        A build mostly adds new documents. Their statements go through
        Oxigraph's bulk loader, which costs half the CPU of a transaction and
        does not slow down as the store grows (a transaction looks up every
        statement it adds), but is not atomic. So the documents are first
        listed in the pending graph (one transaction); then their statements
        are bulk-loaded, except each one's record (``<graph> a ssr:Document``,
        which makes it a stored document); then one transaction writes the
        records and the index entries and empties the pending graph. Graphs a
        stopped build left pending are dropped when the store next opens for
        writing (:meth:`drop_unfinished`).
        """
        if any(body is None or self.ox.contains_named_graph(ox.NamedNode(str(name))) for name, body in graphs.items()):
            super().replace_graphs(graphs, entities)
            return
        new = {name: body for name, body in graphs.items() if body}
        records = {name: record for name, body in new.items()
                   if str(name).startswith(str(DOC)) and (record := document_record(name)) + "\n" in body}
        if records:
            self.update(f"INSERT DATA {{ GRAPH {_term(PENDING_GRAPH)} {{ {' '.join(records.values())} }} }}")
            self.ox.bulk_load(input="\n".join(_graph_block(_term(name), new[name].replace(records[name] + "\n", "", 1))
                                              for name in records), format=ox.RdfFormat.TRIG)
        last = [_graph_block(_term(name), records.get(name, body)) for name, body in new.items()]
        parts = [f"INSERT DATA {{ {' '.join(last)} }}"] if last else []
        parts += _index_updates(graphs, entities)
        if records:
            parts.append(f"DROP SILENT GRAPH {_term(PENDING_GRAPH)}")
        if parts:
            self.update(" ;\n".join(parts))

    def drop_unfinished(self) -> list[URIRef]:
        """Drop the graphs a stopped build was bulk-loading (listed in the pending graph); return their names."""
        pending = [URIRef(quad.subject.value)
                   for quad in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(PENDING_GRAPH)))]
        if pending:
            self.update(" ;\n".join([f"DROP SILENT GRAPH {_term(name)}" for name in pending]
                                    + [f"DROP SILENT GRAPH {_term(PENDING_GRAPH)}"]))
        return pending

    def load_file(self, path: str | os.PathLike) -> None:
        rdf_format = _file_format(path)
        try:
            self.ox.load(path=str(path), format=rdf_format,
                         to_graph=ox.DefaultGraph() if not rdf_format.supports_datasets else None)
        except SyntaxError as error:
            raise StoreError(f"{path}: {error}") from None
        except OSError as error:
            raise StoreError(f"{path}: cannot read ({error})") from None
        self.complete_indexes()

    def document_graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.ox.named_graphs() if g.value.startswith(str(DOC)))

    def count_quads(self) -> int:
        return len(self.ox)

    def graph_quads(self, names: list[URIRef]) -> Iterable[ox.Quad]:
        return [q for name in names for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))]


def _file_format(path: str | os.PathLike) -> ox.RdfFormat:
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FILE_FORMATS:
        raise StoreError(f"{path}: unknown RDF file type {suffix!r}; expected one of {', '.join(RDF_FILE_FORMATS)}")
    return RDF_FILE_FORMATS[suffix]


def _index_updates(graphs: dict[URIRef, str | None], entities: dict[str, tuple[str, str]] | None) -> list[str]:
    """SPARQL update operations adding these entities and the graphs' facts to the indexes (the facts
    are read by the store from the graphs just written, not searched for in their text)."""
    operations = []
    if entities:
        body = "\n".join(f"{_term(ID[e])} a {_term(SSR[cls])} ; {_RDFS_LABEL} {_term(Literal(label, lang='en'))} ."
                         for e, (label, cls) in entities.items())
        operations.append(f"INSERT DATA {{ {_graph_block(_term(ENTITY_GRAPH), body)} }}")
    documents = [name for name, body in graphs.items() if body and str(name).startswith(str(DOC))]
    if documents:
        operations.append(_facts_insert(documents))
    return operations


def _facts_insert(documents: list[URIRef] | None = None) -> str:
    """The SPARQL operation copying the plain facts of these document graphs (default: all) into the facts index."""
    graphs = (f"VALUES ?g {{ {' '.join(_term(name) for name in documents)} }}" if documents is not None
              else f'FILTER (STRSTARTS(STR(?g), "{DOC}"))')
    return f"""INSERT {{ GRAPH {_term(FACT_GRAPH)} {{ ?s ?p ?o }} }}
            WHERE {{ VALUES ?p {{ {_RELATIONS} }} GRAPH ?g {{ ?s ?p ?o }} {graphs} }}"""


def _graph_block(name: str | None, body: str) -> str:
    """Statements as a TriG/SPARQL block of the graph named ``name`` (``<iri>``; ``None``: the default graph)."""
    return body if name is None else f"GRAPH {name} {{\n{body}\n}}"


def _from_ox(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
