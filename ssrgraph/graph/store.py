"""The on-disk RDF store: an Oxigraph database under rdflib's API, one named graph per document.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder, GraphStore(folder) as store:
...     store.install_vocabulary()
...     len(store.documents())
0

Writes that change a document (its named graph replaced, or dropped) run as
one SPARQL update, which Oxigraph applies as one transaction: a reader never
sees half a document, and a build killed mid-way leaves whole documents only.
The vocabulary (ontology, shapes, sectors, actors) lives in graphs of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from ssrgraph.ontology import DATA_FILES, DOC, GRAPH, ID, SSR

__all__ = ["GraphStore", "StoreError", "DEFAULT_STORE", "STORE_ENV", "store_path",
           "VOCABULARY_GRAPHS", "EXPORT_FORMATS"]

DEFAULT_STORE = "ssrgraph-store"
STORE_ENV = "SSRGRAPH_STORE"
VOCABULARY_GRAPHS = {name: GRAPH[name] for name in DATA_FILES}
EXPORT_FORMATS = {
    "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
}


class StoreError(Exception):
    """The store cannot be opened or written; the message says which folder and why."""


def store_path(given: str | os.PathLike | None = None) -> Path:
    """The store folder: the one given, else ``$SSRGRAPH_STORE``, else ``./ssrgraph-store``."""
    return Path(given or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _term(node) -> str:
    return node.n3()


class GraphStore:
    """An on-disk dataset of named graphs; use as a context manager.

    ``dataset`` is an rdflib :class:`~rdflib.Dataset` over the Oxigraph store,
    for anything rdflib offers; SPARQL runs in Oxigraph (pass queries as strings).
    """

    def __init__(self, path: str | os.PathLike | None = None, *, create: bool = True, read_only: bool = False):
        self.path = store_path(path)
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
        self.dataset = Dataset(store=OxigraphStore(store=self.ox))

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Flush writes and release the store's lock."""
        if getattr(self, "ox", None) is not None:
            if not self.read_only:
                self.ox.flush()
            self.dataset.close()
            self.ox = None

    # ------------------------------------------------------------- writing

    def replace_graphs(self, graphs: dict[URIRef, Graph | None]) -> None:
        """Replace (or, with ``None``, drop) named graphs, all in one transaction."""
        parts = []
        for name, graph in graphs.items():
            parts.append(f"DROP SILENT GRAPH {_term(name)}")
            if graph is not None and len(graph):
                body = "\n".join(f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in graph)
                parts.append(f"INSERT DATA {{ GRAPH {_term(name)} {{\n{body}\n}} }}")
        if parts:
            self.ox.update(" ;\n".join(parts))

    def load_file(self, path: str | os.PathLike) -> None:
        """Load an RDF file (TriG, N-Quads, Turtle, N-Triples, JSON-LD by suffix) in one transaction.

        A malformed file raises :class:`StoreError` with the file, line and column; nothing is written.
        """
        formats = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
                   ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
        suffix = Path(path).suffix.lower()
        if suffix not in formats:
            raise StoreError(f"{path}: unknown RDF file type {suffix!r}; expected one of {', '.join(formats)}")
        try:
            self.ox.load(path=str(path), format=formats[suffix],
                         to_graph=ox.DefaultGraph() if not formats[suffix].supports_datasets else None)
        except SyntaxError as error:
            raise StoreError(f"{path}: {error}") from None
        except OSError as error:
            raise StoreError(f"{path}: cannot read ({error})") from None

    def install_vocabulary(self, *, actors: str | os.PathLike | None = None) -> None:
        """Store the ontology, shapes, sector scheme and known actors in graphs of their own."""
        graphs = {}
        for name, path in {**DATA_FILES, **({"actors": Path(actors)} if actors else {})}.items():
            graph = Graph()
            graph.parse(path, format="turtle")
            graphs[VOCABULARY_GRAPHS[name]] = graph
        self.replace_graphs(graphs)

    # ------------------------------------------------------------- reading

    def query(self, sparql: str):
        """Run a SPARQL query in Oxigraph over all graphs (the default graph is their union)."""
        return self.ox.query(sparql, use_default_graph_as_union=True)

    def documents(self) -> dict[str, dict[str, str]]:
        """Documents in the store: graph IRI -> {sha256, path, title}."""
        rows = self.ox.query(f"""
            SELECT ?g ?sha ?path ?title WHERE {{ GRAPH ?g {{
                ?g a {_term(SSR.Document)} ; {_term(SSR.sha256)} ?sha ; {_term(SSR.path)} ?path .
                OPTIONAL {{ ?g <http://purl.org/dc/terms/title> ?title }} }} }}""")
        return {row["g"].value: {"sha256": row["sha"].value, "path": row["path"].value,
                                 "title": row["title"].value if row["title"] else ""} for row in rows}

    def entity_names(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Label and class already stored (in document graphs) for these entity ids."""
        ids = list(ids)
        if not ids:
            return {}
        values = " ".join(_term(ID[i]) for i in ids)
        rows = self.ox.query(f"""
            SELECT ?e (MIN(STR(?label)) AS ?l) (MIN(STR(?cls)) AS ?c) WHERE {{
                VALUES ?e {{ {values} }}
                GRAPH ?g {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label ; a ?cls }}
                FILTER (STRSTARTS(STR(?g), "{DOC}"))
            }} GROUP BY ?e""")
        names = {}
        for row in rows:
            if row["l"] is not None:
                names[row["e"].value.removeprefix(str(ID))] = (row["l"].value,
                                                               row["c"].value.removeprefix(str(SSR._NS)))
        return names

    def document_graph_names(self) -> list[URIRef]:
        """Names of the documents' graphs (every named graph in the document namespace)."""
        return sorted(URIRef(g.value) for g in self.ox.named_graphs() if g.value.startswith(str(DOC)))

    def count_quads(self) -> int:
        """All quads in the store, vocabulary included."""
        return len(self.ox)

    def union_of_documents(self) -> Graph:
        """An in-memory rdflib graph holding every document graph's triples (for validation and analysis)."""
        graph = Graph()
        for name in self.document_graph_names():
            for quad in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
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
        quads = [q for name in names for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(name)))]
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            items = quads
        else:
            unique = {(q.subject, q.predicate, q.object): None for q in quads}
            items = [ox.Triple(*triple) for triple in unique]
        prefixes = {"ssr": str(SSR._NS), "id": "https://w3id.org/ssrgraph/id/",
                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#"}
        if fmt in ("trig", "ttl"):
            ox.serialize(items, target, rdf_format, prefixes=prefixes)
        else:
            ox.serialize(items, target, rdf_format)
        return len(items)


def _from_ox(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
