"""Known-answer tests for the analysis layer, on tiny named graphs and a fixture store."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from ssrgraph.graph import analysis
from ssrgraph.graph.build import build
from ssrgraph.graph.network import collapse, negative_assertions, project, region_members
from ssrgraph.graph.report import build_report, write_report
from ssrgraph.graph.store import GraphStore


def graph_of(edges, classes=None, sectors=None):
    G = nx.MultiDiGraph()
    for u, v, relation in edges:
        for node in (u, v):
            G.add_node(node, cls=(classes or {}).get(node, "State"), sectors=(sectors or {}).get(node, []))
        G.add_edge(u, v, key=relation, relation=relation, sectors=[], assertions=[f"{u}-{relation}-{v}"], evidence=1)
    return G


def test_star_centrality():
    G = graph_of([("hub", leaf, "assists") for leaf in "abcd"])
    scores = analysis.centrality(G)
    assert scores["hub"]["degree"] == pytest.approx(1.0)
    assert scores["a"]["degree"] == pytest.approx(0.25)
    assert scores["hub"]["betweenness"] == pytest.approx(0.0)
    assert sum(s["pagerank"] for s in scores.values()) == pytest.approx(1.0)
    assert scores["hub"]["eigenvector"] > scores["a"]["eigenvector"]


def test_path_betweenness():
    G = graph_of([("a", "b", "partnersWith"), ("b", "c", "partnersWith")])
    assert analysis.centrality(G)["b"]["betweenness"] == pytest.approx(0.5)


def test_brokerage_of_a_bridge():
    G = graph_of([("a1", "a2", "partnersWith"), ("a1", "broker", "partnersWith"), ("a2", "broker", "partnersWith"),
                  ("broker", "b1", "partnersWith"), ("broker", "b2", "partnersWith"), ("b1", "b2", "partnersWith")])
    holes = analysis.brokerage(G)
    assert holes["broker"]["effective_size"] == pytest.approx(4 - 2 * 2 / 4)
    assert holes["broker"]["constraint"] == pytest.approx(4 * (1 / 4 + 1 / 4 * 1 / 2) ** 2)
    assert holes["a1"]["constraint"] > holes["broker"]["constraint"]


def test_two_cliques_are_two_communities():
    left = [(u, v, "partnersWith") for u, v in [("a", "b"), ("a", "c"), ("b", "c")]]
    right = [(u, v, "partnersWith") for u, v in [("x", "y"), ("x", "z"), ("y", "z")]]
    found = analysis.communities(graph_of(left + right + [("c", "x", "assists")]))
    assert sorted(map(sorted, found)) == [["a", "b", "c"], ["x", "y", "z"]]


def test_collapse_merges_parallel_edges():
    G = graph_of([("eu", "kz", "funds"), ("eu", "kz", "trains")])
    assert collapse(G).edges["eu", "kz"] == {"weight": 2, "relations": ["funds", "trains"]}


def test_roles_and_state_of():
    G = graph_of([("eu", "police-kz", "trains"), ("police-kz", "kz", "partOf"), ("us", "kz", "funds")],
                 classes={"eu": "InternationalOrganisation", "police-kz": "StateAgency"})
    assert analysis.roles(G)["eu"] == {"donor": 1, "recipient": 0}
    assert analysis.roles(G)["police-kz"] == {"donor": 0, "recipient": 1}
    assert analysis.state_of(G, "police-kz") == "kz"


FIXTURE = {
    "a.txt": "Germany trains Tajik border guards. Japan funds the Border Management Programme in Central Asia.",
    "b.txt": "The Border Management Programme in Central Asia trains Kyrgyz police. "
             "The OSCE assists Kazakhstan. Japan did not fund the Kazakh parliament. "
             "The Kyrgyz parliament oversees the Kyrgyz police.",
}


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("analysis")
    for name, text in FIXTURE.items():
        (folder / name).write_text(text)
    path = folder / "store"
    with GraphStore(path) as store:
        build([folder], store, nlp=nlp)
    return path


def test_coverage_matrix_counted_by_hand(fixture_store):
    with GraphStore(fixture_store) as store:
        G = project(store)
        states = region_members(store)
    matrix = analysis.coverage(G)
    cells = {(state, sector): sorted(donors) for state, by in matrix.items() for sector, donors in by.items()}
    bomca = "border-management-programme-in-central-asia"
    assert cells == {
        ("tajikistan", "border-management"): ["germany"],
        ("kyrgyzstan", "border-management"): sorted([bomca, "japan"]),
        ("kyrgyzstan", "police"): sorted([bomca, "japan"]),
        ("kazakhstan", "unspecified"): ["organisation-for-security-and-cooperation-in-europe"],
    }
    gaps = analysis.coverage_gaps(matrix, states, ["police", "border-management"])
    assert gaps == [("kazakhstan", "police"), ("kazakhstan", "border-management"), ("tajikistan", "police"),
                    ("turkmenistan", "police"), ("turkmenistan", "border-management"),
                    ("uzbekistan", "police"), ("uzbekistan", "border-management")]
    assert analysis.donor_profiles(matrix)["japan"] == {"border-management": 1, "police": 1}


def test_oversight_gaps_and_negative_statements(fixture_store):
    with GraphStore(fixture_store) as store:
        G = project(store)
        negatives = negative_assertions(store)
    assert analysis.oversight_gaps(G) == ["border-guards-tajikistan"]
    assert [(n["subject"], n["relation"], n["object"]) for n in negatives] == [
        ("japan", "funds", "parliament-kazakhstan")]


def test_report_numbers_link_to_evidence(fixture_store, tmp_path):
    with GraphStore(fixture_store) as store:
        report = build_report(store)
    for fmt in ("html", "md"):
        target = write_report(report, tmp_path / fmt, fmt=fmt)
        text = target.read_text()
        assert (tmp_path / fmt / "coverage.png").stat().st_size > 1000
        links = set(re.findall(r"#(ev-\d+)", text))
        anchors = set(re.findall(r'id="(ev-\d+)"', text))
        assert links and links <= anchors
    html_text = (tmp_path / "html" / "report.html").read_text()
    assert "Germany trains Tajik border guards." in html_text
    assert "data:image/png;base64," in html_text
    assert report.coverage["tajikistan"]["border-management"][0] == 1
    assert ("uzbekistan", "police") in report.gaps


def test_report_escapes_document_text(tmp_path, nlp):
    (tmp_path / "evil.txt").write_text('The <script>alert(1)</script> Institute trains Kyrgyz police.')
    with GraphStore(tmp_path / "store") as store:
        build([tmp_path], store, nlp=nlp)
        report = build_report(store)
    html_text = write_report(report, tmp_path / "out").read_text()
    assert "<script>alert" not in html_text
    assert "&lt;script&gt;" in html_text


def test_report_command_on_the_sample_store(sample_store_path, tmp_path):
    from conftest import run_cli
    result = run_cli("report", "--store", str(sample_store_path), "-o", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r" / "report.html").exists() and (tmp_path / "r" / "centrality.png").exists()
