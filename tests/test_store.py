"""The store built from the bundled corpus: evidence, validation, idempotence, updates, exports."""

from __future__ import annotations

import io

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from ssrgraph.extract.documents import read_document
from ssrgraph.graph.build import build
from ssrgraph.graph.rdf import document_iri
from ssrgraph.graph.store import EXPORT_FORMATS, GraphStore, StoreError
from ssrgraph.graph.validate import validate_graph
from ssrgraph.ontology import RELATIONS, SSR

from conftest import CORPUS


def test_every_plain_triple_has_evidence_that_slices_the_text(sample_store_path):
    with GraphStore(sample_store_path) as store:
        texts = {str(document_iri(d.sha256)): d.text for d in map(read_document, CORPUS.glob("*.txt"))}
        checked = 0
        for name in store.document_graph_names():
            graph = store.dataset.graph(name)
            for relation in RELATIONS:
                for s, _, o in graph.triples((None, SSR[relation], None)):
                    rows = list(store.query(f"""
                        SELECT ?sentence ?start ?end WHERE {{ GRAPH <{name}> {{
                            ?a <{RDF.subject}> <{s}> ; <{RDF.predicate}> <{SSR[relation]}> ; <{RDF.object}> <{o}> ;
                               <{SSR.sentence}> ?sentence ; <{SSR.startOffset}> ?start ; <{SSR.endOffset}> ?end }} }}"""))
                    assert any(texts[str(name)][int(r["start"].value):int(r["end"].value)] == r["sentence"].value
                               for r in rows), (s, relation, o)
                    checked += 1
        assert checked > 50


def test_sample_store_validates(sample_store_path):
    with GraphStore(sample_store_path) as store:
        result = validate_graph(store.union_of_documents())
    assert result.conforms, result.text[:2000]


def test_building_twice_keeps_the_same_quads(tmp_path, nlp):
    with GraphStore(tmp_path / "store") as store:
        build([CORPUS], store, nlp=nlp)
        first = store.count_quads()
        report = build([CORPUS], store, nlp=nlp)
        assert store.count_quads() == first
        assert len(report.unchanged) == 5 and not report.added


def test_changed_document_replaces_its_graph_and_prune_drops_removed(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Germany funds the OSCE Academy in Bishkek.")
    (corpus / "b.txt").write_text("Japan trains Tajik border guards.")
    with GraphStore(tmp_path / "store") as store:
        build([corpus], store, nlp=nlp)
        (corpus / "a.txt").write_text("Norway funds the OSCE Academy in Bishkek.")
        report = build([corpus], store, nlp=nlp)
        assert report.replaced == [str(corpus / "a.txt")] and report.unchanged == [str(corpus / "b.txt")]
        union = store.union_of_documents()
        funders = {str(s).rsplit("/", 1)[1] for s, _, _ in union.triples((None, SSR.funds, None))}
        assert funders == {"norway"}
        assert "norway" in store.entity_names() and "germany" not in store.entity_names()
        (corpus / "b.txt").unlink()
        report = build([corpus], store, nlp=nlp, prune=True)
        assert report.pruned == [str(corpus / "b.txt")]
        assert len(store.documents()) == 1
        names = store.entity_names()
    assert "japan" not in names
    with GraphStore(tmp_path / "fresh") as fresh:
        build([corpus], fresh, nlp=nlp)
        assert fresh.entity_names() == names


def test_skipped_inputs_are_reported_and_the_rest_is_built(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Finland funds UNDP.")
    (corpus / "empty.txt").write_text("")
    with GraphStore(tmp_path / "store") as store:
        report = build([corpus, tmp_path / "missing.txt"], store, nlp=nlp)
    assert [path for path, _ in report.skipped] == [str(corpus / "empty.txt"), str(tmp_path / "missing.txt")]
    assert report.added == [str(corpus / "good.txt")] and not report.ok


def test_same_content_under_two_paths_is_one_document(tmp_path, nlp):
    (tmp_path / "one.txt").write_text("Finland funds UNDP.")
    (tmp_path / "two.txt").write_text("Finland funds UNDP.")
    with GraphStore(tmp_path / "store") as store:
        report = build([tmp_path], store, nlp=nlp)
        assert len(store.documents()) == 1
    assert any("same content" in w for w in report.warnings)


def test_the_facts_index_holds_exactly_the_documents_plain_facts(sample_store_path):
    relations = " ".join(f"<{SSR[r]}>" for r in RELATIONS)
    with GraphStore(sample_store_path, read_only=True) as store:
        indexed = {tuple(map(str, row)) for row in store.query(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <https://w3id.org/ssrgraph/graph/facts> {{ ?s ?p ?o }} }}")}
        stated = {tuple(map(str, row)) for row in store.query(
            f"""SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {relations} }} GRAPH ?g {{ ?s ?p ?o }}
                FILTER (STRSTARTS(STR(?g), "https://w3id.org/ssrgraph/doc/")) }}""")}
    assert indexed and indexed == stated


def test_vocabulary_lives_in_graphs_of_its_own(sample_store_path):
    with GraphStore(sample_store_path) as store:
        names = {g.value for g in store.ox.named_graphs()}
    for graph in ("ontology", "shapes", "sectors", "actors"):
        assert f"https://w3id.org/ssrgraph/graph/{graph}" in names


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_exports_parse_back(sample_store_path, fmt):
    buffer = io.BytesIO()
    with GraphStore(sample_store_path) as store:
        count = store.export(buffer, fmt)
    rdflib_format = {"trig": "trig", "nq": "nquads", "ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    if fmt in ("trig", "nq", "jsonld"):
        parsed = Dataset()
        parsed.parse(data=buffer.getvalue(), format=rdflib_format)
        assert sum(len(g) for g in parsed.graphs()) == count
    else:
        assert len(Graph().parse(data=buffer.getvalue(), format=rdflib_format)) == count


def test_a_locked_or_missing_store_is_a_clear_error(tmp_path, sample_store_path):
    with pytest.raises(StoreError, match="no store here"):
        GraphStore(tmp_path / "absent", create=False)
    with GraphStore(sample_store_path):
        with pytest.raises(StoreError, match="cannot open the store"):
            GraphStore(sample_store_path)


def test_entity_keeps_its_first_label_across_documents(tmp_path, nlp):
    (tmp_path / "a.txt").write_text("The Caspian Border Institute trains Kazakh border guards.")
    (tmp_path / "b.txt").write_text("Later the Caspian Border institute trained Kyrgyz police.")
    with GraphStore(tmp_path / "store") as store:
        build([tmp_path], store, nlp=nlp)
        labels = set(store.union_of_documents().objects(URIRef("https://w3id.org/ssrgraph/id/caspian-border-institute"),
                                                         URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert len(labels) == 1


def test_parallel_extraction_gives_the_same_graph(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(8):
        (corpus / f"d{number}.txt").write_text(f"Report {number}. Germany trains Tajik border guards. "
                                               f"Japan funds UNDP. The Kyrgyz police joined the OSCE Academy.")
    with GraphStore(tmp_path / "one") as store:
        build([corpus], store, nlp=nlp)
        one = store.count_quads()
        facts_one = sorted(map(str, store.union_of_documents().triples((None, None, None))))
    with GraphStore(tmp_path / "two") as store:
        report = build([corpus], store, workers=2)
        assert len(report.added) == 8
        facts_two = sorted(map(str, store.union_of_documents().triples((None, None, None))))
        assert store.count_quads() == one
    strip = lambda rows: [r for r in rows if "ingestedAt" not in r]  # noqa: E731
    assert strip(facts_one) == strip(facts_two)
