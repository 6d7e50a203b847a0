"""The ssrgraph command end to end, run as a real process."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
from rdflib import Dataset

from ssrgraph.ontology import SSR

from conftest import CORPUS, ROOT, run_cli


def test_build_export_validate_stats_on_the_bundled_corpus(tmp_path):
    store = tmp_path / "store"
    built = run_cli("build", "--store", str(store), cwd=ROOT)
    assert built.returncode == 0, built.stderr
    assert "Assertions extracted in this build" in built.stdout and f"store: {store}" in built.stdout
    assert "5 documents in the store" in built.stdout

    stats = json.loads(run_cli("stats", "--store", str(store), "--json").stdout)
    assert stats["documents"] == 5 and stats["edges"]["partOf"] > 10 and stats["entities"]["State"] > 10

    exported = run_cli("export", "--store", str(store), "--format", "trig", "-o", str(tmp_path / "g.trig"))
    assert exported.returncode == 0, exported.stderr
    dataset = Dataset()
    dataset.parse(tmp_path / "g.trig", format="trig")
    assert len(list(dataset.graphs())) >= 5

    validated = run_cli("validate", "--store", str(store))
    assert validated.returncode == 0 and "conforms" in validated.stdout


def test_validate_exits_1_on_a_broken_assertion(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("Germany funds the OSCE. Japan trains Tajik border guards.")
    store = tmp_path / "store"
    assert run_cli("build", str(corpus), "--store", str(store)).returncode == 0
    database = ox.Store(str(store))
    database.update(f"DELETE {{ GRAPH ?g {{ ?a <{SSR.sentence}> ?s }} }} WHERE {{ GRAPH ?g {{ ?a <{SSR.sentence}> ?s }} }}")
    del database
    result = run_cli("validate", "--store", str(store))
    assert result.returncode == 1
    assert "Constraint Violation" in result.stdout and "sentence" in result.stdout


def test_skipped_input_is_named_and_exits_3_and_strict_writes_nothing(tmp_path):
    corpus = tmp_path / "my corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "empty report.txt").write_text("")
    store = tmp_path / "store"
    strict = run_cli("build", str(corpus), "--store", str(store), "--strict")
    assert strict.returncode == 3 and "empty report.txt: empty file" in strict.stderr
    assert not store.exists()
    lenient = run_cli("build", str(corpus), "--store", str(store))
    assert lenient.returncode == 3 and "empty report.txt: empty file" in lenient.stderr
    assert json.loads(run_cli("stats", "--store", str(store), "--json").stdout)["documents"] == 5


def test_store_from_environment_and_clear_errors(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Note\n\nFinland funds **UNDP**.")
    env = {"SSRGRAPH_STORE": str(tmp_path / "env-store")}
    assert run_cli("build", str(corpus), env=env).returncode == 0
    assert (tmp_path / "env-store").is_dir()
    missing = run_cli("stats", "--store", str(tmp_path / "nothing"))
    assert missing.returncode == 4 and "no store here" in missing.stderr
    bad_format = run_cli("export", "--store", str(tmp_path / "env-store"), "--format", "xml", "-o", str(tmp_path / "x"))
    assert bad_format.returncode == 2 and "unknown format" in bad_format.stderr


def write_gold(folder, entities, relations):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entities.jsonl").write_text("\n".join(json.dumps(e) for e in entities))
    (folder / "relations.jsonl").write_text("\n".join(json.dumps(r) for r in relations))


def test_evaluate_scores_a_small_gold_set_and_lists_errors(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Norway funds UNDP. Sweden did not fund UNICEF. Japan trains the Kyrgyz police.")
    entities = [{"id": i, "label": l, "type": t, "aliases": a} for i, l, t, a in [
        ("norway", "Norway", "State", []), ("undp", "UNDP", "InternationalOrganisation", []),
        ("sweden", "Sweden", "State", []), ("unicef", "UNICEF", "InternationalOrganisation", []),
        ("japan", "Japan", "State", []), ("police-kg", "Police (Kyrgyzstan)", "StateAgency", []),
        ("kyrgyzstan", "Kyrgyzstan", "State", []), ("germany", "Germany", "State", [])]]
    fact = {"doc": "a.txt", "polarity": "positive", "modality": "asserted", "time": None, "amount": None}
    relations = [
        {**fact, "subject": "norway", "predicate": "funds", "object": "undp", "evidence": "Norway funds UNDP."},
        {**fact, "subject": "sweden", "predicate": "funds", "object": "unicef", "polarity": "negative", "evidence": "x"},
        {**fact, "subject": "germany", "predicate": "trains", "object": "police-kg", "evidence": "missing"},
        {**fact, "subject": "police-kg", "predicate": "partOf", "object": "kyrgyzstan", "evidence": "x"},
    ]
    write_gold(tmp_path / "gold", entities, relations)
    result = run_cli("evaluate", "--gold", str(tmp_path / "gold"), "--docs", str(docs), "--json")
    assert result.returncode == 0, result.stderr
    score = json.loads(result.stdout)
    assert score["per_relation"]["funds"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert score["per_relation"]["trains"]["fp"] == 1 and score["per_relation"]["trains"]["fn"] == 1
    assert score["non_facts_as_facts"] == []
    assert score["precision"] == 0.667 and score["recall"] == 0.667
    table = run_cli("evaluate", "--gold", str(tmp_path / "gold"), "--docs", str(docs))
    assert "False negatives (1" in table.stdout and "germany trains police-kg" in table.stdout


def test_candidates_lists_unknown_names_and_writes_turtle(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("The Aral Sea Security Institute advised Uzbekistan. "
                                "Later the Aral Sea Security Institute trained Uzbek police.")
    result = run_cli("candidates", str(docs), "--turtle", str(tmp_path / "new.ttl"), env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "Aral Sea Security Institute" in result.stdout
    from rdflib import Graph, URIRef
    graph = Graph().parse(tmp_path / "new.ttl", format="turtle")
    node = URIRef("https://w3id.org/ssrgraph/id/aral-sea-security-institute")
    assert (node, None, URIRef("https://w3id.org/ssrgraph/ontology#NonStateOrganisation")) in graph


def test_network_exports_open_in_networkx_and_kumu_layout(sample_store_path, tmp_path):
    import csv
    import networkx as nx
    stats = json.loads(run_cli("stats", "--store", str(sample_store_path), "--json").stdout)
    edges = sum(stats["edges"].values())
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        target = tmp_path / f"g.{fmt}"
        assert run_cli("export", "--store", str(sample_store_path), "-f", fmt, "-o", str(target)).returncode == 0
        graph = reader(target)
        assert graph.number_of_edges() == edges
        assert graph.nodes["kazakhstan"]["label"] == "Kazakhstan" and graph.nodes["kazakhstan"]["cls"] == "State"
    assert run_cli("export", "--store", str(sample_store_path), "-f", "csv", "-o", str(tmp_path / "csv")).returncode == 0
    with open(tmp_path / "csv" / "edges.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == edges and {"source", "target", "relation", "evidence"} <= set(rows[0])
    assert run_cli("export", "--store", str(sample_store_path), "-f", "kumu", "-o", str(tmp_path / "kumu")).returncode == 0
    with open(tmp_path / "kumu" / "elements.csv") as handle:
        elements = list(csv.DictReader(handle))
    with open(tmp_path / "kumu" / "connections.csv") as handle:
        connections = list(csv.DictReader(handle))
    labels = {e["Label"] for e in elements}
    assert len(connections) == edges and all(c["From"] in labels and c["To"] in labels for c in connections)
