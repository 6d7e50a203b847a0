"""A read-only SPARQL 1.1 Protocol endpoint over the store (Starlette app, served by uvicorn).

``GET /`` is a query page; ``GET`` or ``POST /sparql`` answers queries in
SPARQL JSON, XML, CSV or TSV results (or Turtle/N-Triples for CONSTRUCT and
DESCRIBE). Updates (``update=`` or ``application/sparql-update``) are refused
with 403; ``SERVICE`` (federated calls out of the machine) with 400, as are
malformed queries, whose message gives the line and column. Each query runs
with a time limit (503 past it) and answers at most ``max_rows`` rows (the
``X-SSRGraph-Truncated`` header says when rows were cut).

Queries run in a worker process that holds the store open read-only: a query
past its time limit is stopped by ending that process (Oxigraph queries
cannot be cancelled from inside), and a fresh worker takes its place.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from ssrgraph.graph import results
from ssrgraph.graph.store import GraphStore

__all__ = ["create_app"]

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')


def _choose(accept: str, kind: str) -> str:
    accept = accept.lower()
    if kind == "graph":
        return "application/n-triples" if "n-triples" in accept else "text/turtle"
    for media in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"):
        if media in accept:
            return media
    if "application/json" in accept:
        return "application/sparql-results+json"
    if "xml" in accept:
        return "application/sparql-results+xml"
    return "application/sparql-results+json"


def _execute(store: GraphStore, query: str, accept: str, max_rows: int) -> tuple[bytes, str, bool]:
    result = store.query(query)
    if isinstance(result, (bool, ox.QueryBoolean)):
        value = bool(result)
        media = _choose(accept, "boolean")
        if media == "application/sparql-results+xml":
            return results.boolean_xml(value).encode(), media, False
        if media in ("text/csv", "text/tab-separated-values"):
            return (b"true\n" if value else b"false\n"), media, False
        return json.dumps(results.boolean_json(value)).encode(), "application/sparql-results+json", False
    if isinstance(result, ox.QueryTriples):
        media = _choose(accept, "graph")
        triples = []
        for triple in result:
            triples.append(triple)
            if len(triples) >= max_rows:
                break
        rdf_format = ox.RdfFormat.N_TRIPLES if media == "application/n-triples" else ox.RdfFormat.TURTLE
        return ox.serialize(triples, format=rdf_format), media, len(triples) >= max_rows
    variables = [v.value for v in result.variables]
    rows, truncated = [], False
    for solution in result:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append({v: solution[v] for v in variables if solution[v] is not None})
    media = _choose(accept, "select")
    if media == "application/sparql-results+xml":
        return results.to_xml(variables, rows).encode(), media, truncated
    if media == "text/csv":
        return results.to_csv(variables, rows).encode(), media, truncated
    if media == "text/tab-separated-values":
        return results.to_tsv(variables, rows).encode(), media, truncated
    return json.dumps(results.to_json(variables, rows)).encode(), "application/sparql-results+json", truncated


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ssrgraph SPARQL</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}textarea{width:100%;height:12em;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
#error{color:#a00;white-space:pre-wrap}</style></head><body>
<h1>ssrgraph SPARQL endpoint</h1>
<p>Read-only. Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol). The default graph is the union of all graphs.</p>
<form id="form"><textarea id="query" name="query">PREFIX ssr: &lt;https://w3id.org/ssrgraph/ontology#&gt;
PREFIX rdfs: &lt;http://www.w3.org/2000/01/rdf-schema#&gt;
SELECT ?funder ?recipient WHERE { ?f ssr:funds ?r . ?f rdfs:label ?funder . ?r rdfs:label ?recipient } LIMIT 50</textarea>
<button type="submit">Run</button></form><div id="error"></div><table id="results"></table>
<script>
document.getElementById('form').addEventListener('submit', function (event) {
  event.preventDefault();
  var table = document.getElementById('results'), error = document.getElementById('error');
  table.textContent = ''; error.textContent = '';
  fetch('sparql?query=' + encodeURIComponent(document.getElementById('query').value),
        {headers: {'Accept': 'application/sparql-results+json'}})
    .then(function (r) { return r.ok ? r.json() : r.text().then(function (t) { throw new Error(t); }); })
    .then(function (data) {
      if (data.boolean !== undefined) { error.textContent = String(data.boolean); return; }
      var head = table.insertRow();
      data.head.vars.forEach(function (v) { var th = document.createElement('th'); th.textContent = v; head.appendChild(th); });
      data.results.bindings.forEach(function (b) {
        var row = table.insertRow();
        data.head.vars.forEach(function (v) { row.insertCell().textContent = b[v] ? b[v].value : ''; });
      });
    })
    .catch(function (e) { error.textContent = e.message; });
});
</script></body></html>"""


def _worker(path: str, connection) -> None:
    """Worker process: answer (query, accept, max_rows) requests from the pipe until it closes."""
    store = GraphStore(path, create=False, read_only=True)
    connection.send(("ready", None))
    while True:
        try:
            query, accept, max_rows = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("ok", _execute(store, query, accept, max_rows)))
        except SyntaxError as error:
            connection.send(("syntax", str(error)))
        except (OSError, ValueError, RuntimeError) as error:
            connection.send(("error", str(error)))


class QueryRunner:
    """One worker process running queries against a store folder, replaced when a query overruns."""

    def __init__(self, path: str):
        self.path = path
        self.context = multiprocessing.get_context("spawn")
        self.process = None
        self._start()

    def _start(self) -> None:
        self.connection, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(self.path, child), daemon=True)
        self.process.start()
        child.close()
        if not self.connection.poll(120) or self.connection.recv()[0] != "ready":
            raise RuntimeError(f"the query worker for {self.path} did not start")

    def run(self, query: str, accept: str, max_rows: int, timeout: float):
        """The answer, or :class:`TimeoutError` (the worker is then ended and replaced)."""
        self.connection.send((query, accept, max_rows))
        if not self.connection.poll(timeout):
            self.process.kill()
            self.process.join()
            self._start()
            raise TimeoutError
        status, value = self.connection.recv()
        if status == "syntax":
            raise SyntaxError(value)
        if status == "error":
            raise ValueError(value)
        return value

    def close(self) -> None:
        self.connection.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


def create_app(store_path: str, *, timeout: float = 10.0, max_rows: int = 10000) -> Starlette:
    """The endpoint application over the store folder ``store_path`` (opened read-only by a worker)."""
    runner = QueryRunner(store_path)
    lock = asyncio.Lock()
    executor = ThreadPoolExecutor(max_workers=1)

    async def page(request: Request) -> Response:
        return HTMLResponse(_PAGE)

    async def sparql(request: Request) -> Response:
        query = request.query_params.get("query")
        if "update" in request.query_params:
            return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
        if request.method == "POST":
            content_type = request.headers.get("content-type", "").split(";")[0].strip()
            if content_type == "application/sparql-update":
                return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
            if content_type == "application/sparql-query":
                query = (await request.body()).decode("utf-8", "replace")
            elif content_type == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8", "replace"))
                if "update" in form:
                    return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
                query = form.get("query", [None])[0]
            else:
                return PlainTextResponse(f"unsupported content type {content_type!r}", status_code=415)
        if not query:
            return PlainTextResponse("missing 'query' parameter", status_code=400)
        if _SERVICE.search(_STRINGS.sub(" ", query)):
            return PlainTextResponse("SERVICE (federated queries) is not allowed on this endpoint", status_code=400)
        accept = request.headers.get("accept", "")
        loop = asyncio.get_running_loop()
        try:
            async with lock:
                body, media, truncated = await loop.run_in_executor(
                    executor, runner.run, query, accept, max_rows, timeout)
        except SyntaxError as error:
            return PlainTextResponse(f"malformed query: {error}", status_code=400)
        except TimeoutError:
            return PlainTextResponse(f"query took longer than {timeout:g} s and was stopped", status_code=503)
        except (OSError, ValueError, RuntimeError) as error:
            return PlainTextResponse(f"query failed: {error}", status_code=400)
        headers = {"X-SSRGraph-Truncated": "true"} if truncated else {}
        return Response(body, media_type=media, headers=headers)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        runner.close()
        executor.shutdown(wait=False)

    return Starlette(routes=[Route("/", page), Route("/sparql", sparql, methods=["GET", "POST"])], lifespan=lifespan)
