"""Every saved query against a hand-made fixture graph, checked row by row (manifest style), and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssrgraph.graph.sparql import QueryError, bind, run_query, saved_queries
from ssrgraph.graph.store import GraphStore, StoreError

from conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "queries-expected.json").read_text())


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("queries") / "store"
    with GraphStore(path) as store:
        store.load_file(FIXTURES / "queries.trig")
    return path


def test_every_saved_query_has_an_expected_answer():
    assert set(saved_queries()) == set(EXPECTED)
    for saved in saved_queries().values():
        assert saved.title and saved.description, saved.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query_answer(fixture_store, name):
    expected = EXPECTED[name]
    with GraphStore(fixture_store) as store:
        result = run_query(store, bind(saved_queries()[name].text, expected["bind"]), name=name)
    assert result.rows == expected["rows"]


def test_malformed_query_reports_the_position(fixture_store):
    with GraphStore(fixture_store) as store, pytest.raises(QueryError, match=r"error at 1:26"):
        run_query(store, "SELECT ?x WHERE { ?x ?y }")


def test_malformed_rdf_file_reports_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "unclosed .\n')
    with GraphStore(tmp_path / "store") as store:
        with pytest.raises(StoreError, match=r"bad\.ttl.*2"):
            store.load_file(bad)
        assert store.count_quads() == 0


def test_query_command_formats_and_errors(fixture_store, tmp_path):
    listed = run_cli("query", "--list", env={"COLUMNS": "200"})
    assert "who-funds-whom" in listed.stdout and "Who funds whom" in listed.stdout
    as_csv = run_cli("query", "memberships", "--store", str(fixture_store), "--format", "csv")
    assert as_csv.stdout.splitlines() == ["member,organisation", "Kazakhstan,CSTO", "Kyrgyzstan,CSTO"]
    as_json = json.loads(run_cli("query", "who-funds-whom", "--store", str(fixture_store), "-f", "json").stdout)
    assert as_json["results"]["bindings"][0]["amount"]["value"] == "2000000"
    rq = tmp_path / "ask.rq"
    rq.write_text("PREFIX ssr: <https://w3id.org/ssrgraph/ontology#> ASK { ?s ssr:funds ?o }")
    assert run_cli("query", str(rq), "--store", str(fixture_store)).stdout.strip() == "true"
    bound = run_cli("query", "edge-evidence", "--store", str(fixture_store), "--bind", "subject=russia",
                    "--bind", "object=police-kg", "-f", "tsv")
    assert bound.stdout.splitlines()[1].startswith('"trains"\t"positive"\t"asserted"\t"2012"')
    broken = run_cli("query", "SELECT ?x WHERE { ?x ?y }", "--store", str(fixture_store))
    assert broken.returncode == 2 and "error at 1:26" in broken.stderr
    unknown = run_cli("query", "no-such-question", "--store", str(fixture_store))
    assert unknown.returncode == 2 and "no saved query" in unknown.stderr
