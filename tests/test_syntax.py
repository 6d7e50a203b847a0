"""The tagger and parser ssrgraph trains itself and ships: loading, parses, lemmas, the recipe, the card."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc

from ssrgraph.extract.pipeline import split_sentences
from ssrgraph.extract.syntax import PIPELINE_DIR, load_syntax

ROOT = Path(__file__).resolve().parent.parent
TREEBANK = ROOT.parent / "shared" / "data" / "ud-english-ewt"
CARD = PIPELINE_DIR.parent / "MODEL_CARD.md"


@pytest.fixture(scope="module")
def syntax():
    return load_syntax()


def parse(syntax, text: str) -> list[tuple[str, str, str]]:
    """(word, label, head word) for one sentence parsed inside fixed boundaries, as the pipeline does."""
    words = syntax.make_doc(text)
    doc = Doc(syntax.vocab, words=[t.text for t in words], spaces=[bool(t.whitespace_) for t in words],
              sent_starts=[True] + [False] * (len(words) - 1))
    for _, component in syntax.pipeline:
        doc = component(doc)
    return [(t.text, t.dep_, t.head.text) for t in doc]


def test_the_shipped_pipeline_loads_with_the_network_cut(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network access attempted")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    nlp = load_syntax()
    assert nlp.pipe_names == ["tok2vec", "tagger", "morphologizer", "parser"]
    assert (PIPELINE_DIR / "training.json").is_file() and CARD.is_file()


def test_passive_agent(syntax):
    arcs = parse(syntax, "The training centre was funded by Norway.")
    assert ("centre", "nsubj:pass", "funded") in arcs
    assert ("Norway", "obl:agent", "funded") in arcs
    assert ("by", "case", "Norway") in arcs


def test_relative_clause(syntax):
    arcs = parse(syntax, "The academy, which the OSCE runs, was opened in Dushanbe.")
    assert ("runs", "acl:relcl", "academy") in arcs
    assert ("which", "obj", "runs") in arcs and ("OSCE", "nsubj", "runs") in arcs
    assert ("academy", "nsubj:pass", "opened") in arcs


def test_coordination_of_subjects_and_verbs(syntax):
    arcs = parse(syntax, "Germany and France fund the project and train the police.")
    assert ("Germany", "nsubj", "fund") in arcs and ("France", "conj", "Germany") in arcs
    assert ("train", "conj", "fund") in arcs and ("police", "obj", "train") in arcs


def test_participle_with_two_agents(syntax):
    arcs = parse(syntax, "It is a programme funded by the European Union and implemented by UNDP.")
    assert ("funded", "acl", "programme") in arcs and ("Union", "obl:agent", "funded") in arcs
    assert ("implemented", "conj", "funded") in arcs and ("UNDP", "obl:agent", "implemented") in arcs


def test_the_pipeline_parses_sentences_with_two_entities_and_lemmatises_by_pos(nlp):
    text = "Norway funds the training of Tajik border guards. The weather was fine today."
    doc = nlp(text)
    first, second = list(doc.sents)
    assert doc._.ssr_parsed == {first.start}
    by_word = {t.text: t for t in first}
    assert by_word["funds"].pos_ == "VERB" and by_word["funds"].lemma_ == "fund"
    assert by_word["training"].pos_ == "NOUN" and by_word["training"].lemma_ == "training"
    assert by_word["guards"].lemma_ == "guard" and by_word["funds"].dep_ == "ROOT"
    assert {t.dep_ for t in second[1:]} == {"dep"} and all(t.head.i == second.start for t in second)
    assert [s.start for s in doc.sents] == [s.start for s in split_sentences(nlp.make_doc(text)).sents]


def test_the_recipe_config_validates():
    done = subprocess.run([sys.executable, "-m", "spacy", "debug", "config", str(PIPELINE_DIR.parent / "config.cfg"),
                           "--paths.train", "train.spacy", "--paths.dev", "dev.spacy"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Config is valid" in done.stdout


FIGURE = re.compile(r"^  (\S.*?\S)\s{2,}([\d,.]+(?:/\d+)?)(?:\s{3}(.*))?$")


def figures(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in map(FIGURE.match, text.splitlines()) if m}


@pytest.mark.skipif(not (TREEBANK / "en_ewt-ud-test.conllu").is_file(), reason=f"no treebank at {TREEBANK}")
def test_the_model_card_quotes_every_benchmark_figure_in_its_format():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "syntax.py"), "--limit", "40",
                           "--treebank", str(TREEBANK)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    printed, quoted = figures(done.stdout), figures(CARD.read_text(encoding="utf-8"))
    assert len(printed) >= 18 and set(quoted) == set(printed)
    for name, value in printed.items():
        assert ("/" in value) == ("/" in quoted[name]) and ("." in value) == ("." in quoted[name]), name
