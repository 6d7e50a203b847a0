"""The SPARQL endpoint, started for real on 127.0.0.1 and queried with SPARQLWrapper."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

PREFIX = "PREFIX ssr: <https://w3id.org/ssrgraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(store: Path, *options: str):
    """``ssrgraph serve`` on a free port of 127.0.0.1; yields (url, process) once it answers."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "ssrgraph"), "serve", "--store", str(store), "--port", str(port),
               *options]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None:
                pytest.fail(f"server exited: {server.stderr.read()}")
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("server did not start within 60 s")
    try:
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def endpoint(sample_store_path):
    with running_server(sample_store_path, "--max-rows", "3", "--timeout", "5") as running:
        yield running


def client(url: str, query: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url + "/sparql")
    sparql.setQuery(query)
    sparql.setTimeout(30)
    return sparql


def test_select_with_sparqlwrapper(endpoint):
    url, _ = endpoint
    sparql = client(url, PREFIX + "SELECT DISTINCT ?m ?o WHERE { ?a ssr:memberOf ?b . ?a rdfs:label ?m . ?b rdfs:label ?o } ORDER BY ?o")
    sparql.setReturnFormat(JSON)
    rows = sparql.queryAndConvert()["results"]["bindings"]
    assert [(r["m"]["value"], r["o"]["value"]) for r in rows] == [
        ("Kazakhstan", "Collective Security Treaty Organization"), ("Germany", "North Atlantic Treaty Organization"),
        ("Kazakhstan", "Shanghai Cooperation Organisation")]


def test_result_cap_and_csv(endpoint):
    url, _ = endpoint
    sparql = client(url, "SELECT ?s WHERE { ?s ?p ?o }")
    sparql.setReturnFormat(CSV)
    response = sparql.query()
    lines = response.convert().decode().splitlines()
    assert lines[0] == "s" and len(lines) == 4
    assert response.info()["x-ssrgraph-truncated"] == "true"


def test_ask_and_xml_default(endpoint):
    url, _ = endpoint
    sparql = client(url, PREFIX + "ASK { ?s ssr:memberOf ?o }")
    sparql.setReturnFormat(JSON)
    assert sparql.queryAndConvert()["boolean"] is True


def test_updates_load_and_service_are_refused(endpoint):
    url, _ = endpoint
    update = client(url, PREFIX + "INSERT DATA { GRAPH <urn:x> { <urn:a> ssr:funds <urn:b> } }")
    update.setMethod(POST)
    update.setRequestMethod("postdirectly")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as refused_update:
        update.query()
    assert "403" in str(refused_update.value) or "Unauthorized" in type(refused_update.value).__name__
    for body in (b"update=LOAD%20%3Chttp%3A%2F%2Fexample.org%2Fx%3E",):
        request = urllib.request.Request(url + "/sparql", data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
    service = client(url, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    service.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        service.query()
    check = client(url, PREFIX + "ASK { ?s ssr:funds <urn:b> }")
    check.setReturnFormat(JSON)
    assert check.queryAndConvert()["boolean"] is False


def test_malformed_query_is_a_400_with_position(endpoint):
    url, _ = endpoint
    with pytest.raises(urllib.error.HTTPError) as bad:
        urllib.request.urlopen(url + "/sparql?query=" + urllib.parse.quote("SELECT ?x WHERE { ?x ?y }"), timeout=10)
    assert bad.value.code == 400 and "1:26" in bad.value.read().decode()


def test_query_page_and_banner(endpoint):
    url, server = endpoint
    page = urllib.request.urlopen(url + "/", timeout=10).read().decode()
    assert "<textarea" in page and "/sparql" in page or "sparql?query=" in page


def test_a_query_past_the_time_limit_is_stopped_and_the_endpoint_recovers(sample_store_path):
    with running_server(sample_store_path, "--timeout", "1") as (url, server):
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as stopped:
            urllib.request.urlopen(url + "/sparql?query=" + urllib.parse.quote(slow), timeout=60)
        assert stopped.value.code == 503 and time.monotonic() - started < 30
        quick = client(url, PREFIX + "ASK { ?s ssr:memberOf ?o }")
        quick.setReturnFormat(JSON)
        assert quick.queryAndConvert()["boolean"] is True
    assert "bound to 127.0.0.1 (this machine only)" in server.stderr.read()
