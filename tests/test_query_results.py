"""``ssrgraph query`` speaks the W3C results formats, and refuses updates as read-only.

The CLI's JSON, CSV and TSV are read back with rdflib's own SPARQL results
parsers and compared term by term with the endpoint's answer to the same
query, on a real store holding every kind of term.
"""

from __future__ import annotations

import io
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from ssrgraph.graph.sparql import READ_ONLY
from ssrgraph.graph.store import GraphStore

from conftest import run_cli
from test_endpoint import running_server

FIXTURE = Path(__file__).parent / "fixtures" / "terms.trig"
PREFIXES = ("PREFIX ssr: <https://w3id.org/ssrgraph/ontology#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
SELECT = PREFIXES + """SELECT ?entity ?name ?grant ?amount ?year ?comment WHERE {
  GRAPH <https://w3id.org/ssrgraph/doc/terms> {
    { ?entity skos:altLabel ?name } UNION
    { ?grant ssr:amount ?amount ; ssr:year ?year ; rdfs:comment ?comment ; ssr:funds ?entity } } }
  ORDER BY ?name"""
ASK = PREFIXES + "ASK { ?x ssr:funds ?y }"
UPDATES = {
    "INSERT": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
    "DELETE": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "LOAD": "LOAD <http://example.org/data.ttl>",
    "CLEAR": "CLEAR ALL",
    "DROP": "DROP GRAPH <https://w3id.org/ssrgraph/doc/terms>",
    "CREATE": "CREATE GRAPH <urn:new>",
    "COPY": "COPY DEFAULT TO <urn:copy>",
    "MOVE": "MOVE <https://w3id.org/ssrgraph/doc/terms> TO <urn:moved>",
    "ADD": "ADD <https://w3id.org/ssrgraph/doc/terms> TO <urn:added>",
}


@pytest.fixture(scope="module")
def terms_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("terms") / "store"
    with GraphStore(path) as store:
        store.load_file(FIXTURE)
    return path


@pytest.fixture(scope="module")
def endpoint_answers(terms_store):
    """The endpoint's SELECT JSON and ASK JSON for the same queries (the CLI runs are over before it opens)."""
    with running_server(terms_store) as (url, _):
        def fetch(query: str) -> bytes:
            request = urllib.request.Request(url + "/sparql?query=" + urllib.parse.quote(query),
                                             headers={"Accept": "application/sparql-results+json"})
            return urllib.request.urlopen(request, timeout=30).read()
        yield fetch(SELECT), fetch(ASK)


def cli(store: Path, query: str, fmt: str) -> str:
    done = run_cli("query", query, "--store", str(store), "--format", fmt)
    assert done.returncode == 0, done.stderr
    return done.stdout


def parsed(text: str | bytes, fmt: str) -> Result:
    data = text.encode() if isinstance(text, str) else text
    return Result.parse(io.BytesIO(data), format=fmt)


def rows(result: Result) -> list[tuple]:
    """Rows with blank nodes replaced by a marker (labels are local to each answer)."""
    return [tuple("bnode" if isinstance(term, BNode) else term for term in row) for row in result]


def test_select_json_types_every_term_like_the_endpoint(terms_store, endpoint_answers):
    select_json, _ = endpoint_answers
    ours, theirs = parsed(cli(terms_store, SELECT, "json"), "json"), parsed(select_json, "json")
    assert [str(v) for v in ours.vars] == [str(v) for v in theirs.vars]
    assert rows(ours) == rows(theirs)
    by_name = {row.name: row for row in ours if row.name is not None}
    kyrgyz = by_name[Literal("Кыргызстан", lang="ky")]
    assert kyrgyz.entity == URIRef("https://w3id.org/ssrgraph/id/kyrgyzstan")
    grant = next(row for row in ours if row.grant is not None)
    assert isinstance(grant.grant, BNode)
    assert grant.amount == Literal("180000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))
    assert grant.year.datatype == URIRef("http://www.w3.org/2001/XMLSchema#gYear")
    assert grant.comment == Literal('a "quoted"\ttab') and grant.comment.datatype is None


def test_ask_json_matches_the_endpoint(terms_store, endpoint_answers):
    _, ask_json = endpoint_answers
    assert parsed(cli(terms_store, ASK, "json"), "json").askAnswer is True
    assert parsed(ask_json, "json").askAnswer is True


def test_tsv_keeps_the_terms_and_csv_the_values(terms_store):
    json_rows = rows(parsed(cli(terms_store, SELECT, "json"), "json"))
    tsv = cli(terms_store, SELECT, "tsv")
    assert tsv.splitlines()[0] == "?entity\t?name\t?grant\t?amount\t?year\t?comment"
    assert rows(parsed(tsv, "tsv")) == json_rows
    command = [str(Path(sys.executable).parent / "ssrgraph"), "query", SELECT, "--store", str(terms_store), "-f", "csv"]
    csv_text = subprocess.run(command, capture_output=True, check=True, timeout=300).stdout.decode("utf-8")
    assert csv_text.startswith("entity,name,grant,amount,year,comment\r\n") and "\r\n" in csv_text[40:]
    csv_rows = [tuple(None if term is None else str(term) for term in row) for row in parsed(csv_text, "csv")]
    expected = [tuple(None if term is None else ("bnode" if term == "bnode" else str(term)) for term in row)
                for row in json_rows]
    assert [tuple("bnode" if (v or "").startswith("_:") else v for v in row) for row in csv_rows] == expected


@pytest.mark.parametrize("form", sorted(UPDATES))
def test_every_update_form_is_refused_as_read_only(terms_store, form):
    with GraphStore(terms_store) as store:
        before = store.count_quads()
    done = run_cli("query", "PREFIX ex: <urn:ex#>\n# an update\n" + UPDATES[form], "--store", str(terms_store))
    assert done.returncode == 2
    assert READ_ONLY in done.stderr and "expected" not in done.stderr
    with GraphStore(terms_store) as store:
        assert store.count_quads() == before
