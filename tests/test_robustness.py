"""Bad input, interrupted builds and hostile text: one clear error, nothing lost, no one's code run."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrgraph.extract.documents import DocumentError, document_from_text, read_document
from ssrgraph.extract.pipeline import extract
from ssrgraph.graph.build import build
from ssrgraph.graph.rdf import document_graph
from ssrgraph.graph.store import PENDING_GRAPH, GraphStore
from ssrgraph.ontology import SSR
from ssrgraph.graph.validate import validate_graph

from browser import probe
from conftest import CORPUS, ROOT, run_cli

PATTERNS = ROOT / "ssrgraph" / "extract" / "patterns"


# ------------------------------------------------------------- data files

def test_malformed_actors_file_names_file_and_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "actors.ttl"
    bad.write_text('@prefix ssr: <https://w3id.org/ssrgraph/ontology#> .\n@prefix id: <https://w3id.org/ssrgraph/id/> .\n'
                   'id:x a ssr:State ;\n    rdfs:label "X"@en .\n')
    result = run_cli("build", str(CORPUS), "--actors", str(bad), "--store", str(tmp_path / "store"))
    assert result.returncode == 2
    assert f"{bad}, line 4: not valid Turtle" in result.stderr and 'Prefix "rdfs:" not bound' in result.stderr
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("content,message", [
    ('relation = "funds"\n[[pattern]\nmatch = "X fund Y"\n', "line 2: not valid TOML"),
    ('relation = "funds"\n[[pattern]]\nmatch = "X fund Y:Nation"\n', "line 3: pattern 'funds:1'"),
    ('relation = "funds"\n[[pattern]]\nmatch = "X fund"\n', "a pattern needs both X and Y"),
    ('relation = "trains"\n[[pattern]]\nmatch = "X fund Y"\n', "expected relation = 'funds'"),
])
def test_malformed_pattern_file_keeps_the_store_as_it_was(tmp_path, sample_store_path, content, message):
    patterns = tmp_path / "patterns"
    shutil.copytree(PATTERNS, patterns)
    (patterns / "funds.toml").write_text(content)
    store = tmp_path / "store"
    shutil.copytree(sample_store_path, store)
    with GraphStore(store) as graph_store:
        before = graph_store.count_quads()
    result = run_cli("build", str(tmp_path / "nothing-here"), "--patterns", str(patterns), "--store", str(store))
    assert result.returncode == 2 and str(patterns / "funds.toml") in result.stderr and message in result.stderr
    with GraphStore(store) as graph_store:
        assert graph_store.count_quads() == before


# ------------------------------------------------------------- documents

def test_encrypted_pdf_and_unusual_file_names(tmp_path):
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    locked = tmp_path / "locked report.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(DocumentError, match="needs a password"):
        read_document(locked)
    named = tmp_path / "Отчёт über Таджикистан.txt"
    named.write_text("Germany trains Tajik border guards.", encoding="utf-8")
    assert read_document(named).text.startswith("Germany")


def test_mixed_encoding_falls_back_with_a_warning(tmp_path):
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("Germany trains Tajik police. ".encode() + "Prévu à Douchanbé.".encode("cp1252"))
    document = read_document(mixed)
    assert "Germany trains Tajik police." in document.text and document.warnings


# ------------------------------------------------------ interrupted builds

def test_a_build_killed_midway_leaves_whole_documents_and_the_next_build_completes(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentences = ["Germany trains Tajik border guards.", "Japan funds the OSCE Academy in Bishkek.",
                 "The EU assists Kyrgyzstan.", "Kazakhstan is a member of the CSTO.", "Turkey trains Uzbek police."]
    for number in range(150):
        text = " ".join(sentences[(number + k) % 5] for k in range(5)) + f" Report {number} ends here."
        (corpus / f"doc{number:03}.txt").write_text(text * 20)
    clean = tmp_path / "clean"
    with GraphStore(clean) as store:
        build([corpus], store, nlp=nlp)
        expected = {g: store.ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
                    for g in store.document_graph_names()}
        expected = {str(g): int(next(iter(rows))["n"].value) for g, rows in expected.items()}
        total = store.count_quads()
    store_path = tmp_path / "store"
    process = subprocess.Popen([str(Path(sys.executable).parent / "ssrgraph"), "build", str(corpus),
                                "--store", str(store_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(8)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with GraphStore(store_path) as store:
        names = store.document_graph_names()
        assert len(names) < 150, "the build finished before it was killed: give it more to do"
        for name in names:
            count = int(next(iter(store.ox.query(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")))["n"].value)
            assert count == expected[str(name)] - 0, name
        report = build([corpus], store, nlp=nlp)
        assert len(report.unchanged) == len(names) and len(report.added) == 150 - len(names)
        assert store.count_quads() == total


def test_a_graph_a_stopped_build_left_pending_is_dropped_when_the_store_next_opens(tmp_path, nlp):
    """A build stopped after bulk-loading a document's statements but before writing its record leaves the
    graph listed as pending: the next opening for writing drops it and keeps every stored document."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Germany trains Tajik border guards. Japan funds the OSCE Academy in Bishkek.")
    (corpus / "b.txt").write_text("The EU assists Kyrgyzstan. Kazakhstan is a member of the CSTO.")
    unfinished = "https://w3id.org/ssrgraph/doc/00000000unfinished"
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store, nlp=nlp)
        stored = store.document_graph_names()
        total = store.count_quads()
        store.update(f"INSERT DATA {{ GRAPH <{PENDING_GRAPH}> {{ <{unfinished}> a <{SSR.Document}> }} }}")
        store.ox.bulk_load(input=f"GRAPH <{unfinished}> {{ <https://w3id.org/ssrgraph/id/russia> "
                                 f"<{SSR.leads}> <https://w3id.org/ssrgraph/id/kazakhstan> . }}",
                           format=ox.RdfFormat.TRIG)
        assert len(store.document_graph_names()) == len(stored) + 1
    with GraphStore(tmp_path / "store") as store:
        assert store.document_graph_names() == stored
        assert store.count_quads() == total
        assert len(store.documents()) == 2
        assert not store.drop_unfinished()
        assert build([corpus], store, nlp=nlp).unchanged == sorted(str(p) for p in corpus.iterdir())


# ----------------------------------------------------------- hostile text

HOSTILE = ('Germany trains Kyrgyz police <script>alert(1)</script> in Osh. '
           'Japan funds the OSCE <img src=x onerror=alert(2)> in Bishkek. '
           'Turkey assists Kyrgyzstan, see javascript:alert(3) and "><svg onload=alert(4)>.')


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "evil.txt").write_text(HOSTILE)
    with GraphStore(folder / "store") as store:
        build([folder], store, nlp=nlp)
    return folder / "store"


def test_view_of_hostile_text_runs_no_script(hostile_store, tmp_path):
    page = tmp_path / "view.html"
    assert run_cli("view", "--store", str(hostile_store), "-o", str(page)).returncode == 0
    text = page.read_text()
    assert "<script>alert" not in text and "<img src=x" not in text and "<svg onload" not in text
    counts = probe(page)
    assert counts["alerts"] == 0 and counts["nodes"] > 0 and counts["painted"] > 0


def test_report_shows_hostile_text_literally(hostile_store, tmp_path):
    assert run_cli("report", "--store", str(hostile_store), "-o", str(tmp_path / "r")).returncode == 0
    page = (tmp_path / "r" / "report.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    markdown = run_cli("report", "--store", str(hostile_store), "-o", str(tmp_path / "m"), "--format", "md")
    assert markdown.returncode == 0
    assert "<script>" not in (tmp_path / "m" / "report.md").read_text()


# ---------------------------------------------------------------- fuzzing

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WORDS = st.sampled_from(["Germany", "trains", "funds", "the", "Kyrgyz", "police", "OSCE", "did", "not", "(", ")",
                         "EU-funded", "President", "Nazarbayev", "in", "2009", ",", ".", "\n\n", "’s", "—",
                         "Ministry", "of", "Security", "should", "U.S.", "€5", "million", "<b>", "**", "#"])


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_reader(tmp_path, data):
    path = tmp_path / "random.txt"
    path.write_bytes(data)
    try:
        document = read_document(path)
    except DocumentError as error:
        assert str(path) in str(error)
    else:
        assert document.text.strip()


@SETTINGS
@given(st.one_of(st.text(max_size=300), st.lists(WORDS, min_size=1, max_size=60).map(" ".join)))
def test_random_text_extracts_to_valid_offsets_and_shapes(nlp, text):
    try:
        document = document_from_text(text)
    except DocumentError:
        return
    result = extract(document, nlp)
    for assertion in result.assertions:
        assert document.text[assertion.start:assertion.end] == assertion.sentence
    graph = document_graph(document, result)
    verdict = validate_graph(graph)
    assert verdict.conforms, verdict.text[:1500]
