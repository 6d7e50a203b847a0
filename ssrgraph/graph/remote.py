"""A store on a SPARQL 1.1 server, so that a team can build into and query one shared graph.

Queries go through the SPARQL 1.1 Protocol, document writes through SPARQL
Update (one request per batch of whole documents, which the server applies
as one transaction), and the vocabulary graphs through the Graph Store HTTP
Protocol (one ``PUT`` per graph). Everything else is the shared
:class:`~ssrgraph.graph.store.SparqlStore` logic, so a remote store answers
exactly as a local one.

The server must take its default graph to be the union of the named graphs,
as the local store does: ``oxigraph serve --union-default-graph``, or
Fuseki's ``tdb2:unionDefaultGraph true``. By default the endpoints are the
ones ``oxigraph serve`` offers under its address: ``/query``, ``/update``
and ``/store``.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from ssrgraph.graph.store import SparqlStore, StoreError

__all__ = ["RemoteGraphStore"]

_RESULTS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
            "application/sparql-results+xml": ox.QueryResultsFormat.XML,
            "text/tab-separated-values": ox.QueryResultsFormat.TSV}
_GRAPHS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}


class RemoteGraphStore(SparqlStore):
    """The store at a SPARQL 1.1 server's ``url`` (checked with one query on opening).

    ``query_url``, ``update_url`` and ``graph_store_url`` name the endpoints
    when they are not ``url`` + ``/query``, ``/update`` and ``/store``.
    A server that cannot be reached or refuses a write raises
    :class:`~ssrgraph.graph.store.StoreError` naming the URL and the reply.
    """

    def __init__(self, url: str, *, query_url: str | None = None, update_url: str | None = None,
                 graph_store_url: str | None = None, timeout: float = 300.0):
        base = url.rstrip("/")
        if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
            raise StoreError(f"{url}: a store URL must start with http:// or https://")
        self.location = base
        self.query_url = query_url or f"{base}/query"
        self.update_url = update_url or f"{base}/update"
        self.graph_store_url = graph_store_url or f"{base}/store"
        self.timeout = timeout
        try:
            self.query("ASK { }")
        except SyntaxError as error:
            raise StoreError(f"{self.query_url}: not a SPARQL endpoint ({error})") from None

    def _send(self, url: str, body: bytes, content_type: str, *, method: str = "POST",
              accept: str = "*/*") -> tuple[str, bytes]:
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"Content-Type": content_type, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            reply = error.read().decode("utf-8", "replace").strip()
            if error.code == 400 and content_type == "application/sparql-query":
                raise SyntaxError(reply) from None
            raise StoreError(f"{url}: the server answered {error.code} {error.reason}: {reply[:500]}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"{url}: cannot reach the SPARQL server ({reason})") from None

    def query(self, sparql: str):
        """Run a query on the server: solutions or a boolean, or the triples of CONSTRUCT/DESCRIBE."""
        kind, body = self._send(self.query_url, sparql.encode("utf-8"), "application/sparql-query",
                                accept="application/sparql-results+json, application/n-triples;q=0.9")
        if kind in _RESULTS:
            return ox.parse_query_results(body, _RESULTS[kind])
        if kind in _GRAPHS:
            return list(ox.parse(body, _GRAPHS[kind]))
        raise StoreError(f"{self.query_url}: unexpected answer of type {kind}")

    def update(self, sparql: str) -> None:
        self._send(self.update_url, sparql.encode("utf-8"), "application/sparql-update")

    def put_graphs(self, files: dict[URIRef, Path]) -> None:
        """Replace each named graph by a Turtle file with one Graph Store Protocol ``PUT`` (atomic per graph)."""
        for name, path in files.items():
            target = f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': str(name)})}"
            self._send(target, Path(path).read_bytes(), "text/turtle", method="PUT")
