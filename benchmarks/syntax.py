"""Tagger and parser benchmark: prints figures, asserts nothing.

    python benchmarks/syntax.py [--treebank ../shared/data/ud-english-ewt] [--pipeline DIR] [--limit N] [--card]

On the EWT test split (gold tokens) it prints UPOS, XPOS, UAS and LAS in two
settings: each sentence parsed inside its gold boundaries (how ssrgraph
uses the parser: the report-aware splitter sets the boundaries first), and
ten-sentence documents that the parser segments itself, with its sentence
F-score beside that of ssrgraph's splitter on the same text. Attachment
scores count every token, punctuation included (and, as ``spacy evaluate``
counts them, without it); labels must match in full (``nmod:poss`` is not
``nmod``). On the sample corpus it counts how many of
the dev gold's evidence sentences each splitter returns whole. Then speed,
one process, same text, same run: the tagger and parser alone against
spaCy's tokenizer alone, and the whole extraction (in a process that has
read a document before, as a build's workers have, and on its first
pass), and one sentence naming 1,500, 3,000 and 6,000 actors (a list
of participants: the cost must stay linear); the model's size on disk; and
its training time from ``training.json``.

Every figure is one line ``  name  value  target``; the model card quotes
them in this format (``--card`` writes them into it).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training.converters import conllu_to_docs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ssrgraph.extract.pipeline import build_pipeline, split_sentences  # noqa: E402
from ssrgraph.extract.syntax import PIPELINE_DIR, load_syntax  # noqa: E402

TARGETS = {"UPOS": ">= 0.94", "UAS": ">= 0.85", "LAS": ">= 0.82", "tagger+parser words/s": ">= 8,000",
           "extraction words/s": ">= 12,000", "training minutes": "<= 60"}


def line(name: str, value: str) -> None:
    """One figure, in the format the model card quotes."""
    target = TARGETS.get(name.split(" (")[0], "")
    print(f"  {name:<48} {value:>12}   {target}")


def read_split(path: Path, sentences_per_doc: int, limit: int | None) -> list[Doc]:
    """Gold documents of a CoNLL-U file, ``sentences_per_doc`` sentences each."""
    text = path.read_text(encoding="utf-8")
    if limit:
        text = "\n\n".join(text.split("\n\n")[:limit]) + "\n\n"
    return list(conllu_to_docs(text, n_sents=sentences_per_doc, no_print=True))


def attachment(gold_docs: list[Doc], predicted: list[Doc], *, punctuation: bool = True) -> dict[str, float]:
    """UPOS, XPOS, UAS and LAS over every token (or, as ``spacy evaluate`` counts, without punctuation)."""
    tokens = upos = xpos = uas = las = 0
    for gold, pred in zip(gold_docs, predicted):
        for g, p in zip(gold, pred):
            if not punctuation and g.dep_.lower() in ("punct", "p"):
                continue
            tokens += 1
            upos += g.pos_ == p.pos_
            xpos += g.tag_ == p.tag_
            if g.head.i == p.head.i:
                uas += 1
                las += g.dep_.lower() == p.dep_.lower()
    return {"UPOS": upos / tokens, "XPOS": xpos / tokens, "UAS": uas / tokens, "LAS": las / tokens}


def sentence_f(gold_docs: list[Doc], predicted: list[Doc]) -> float:
    """F-score of predicted sentence spans against the gold ones."""
    found = expected = right = 0
    for gold, pred in zip(gold_docs, predicted):
        g = {(s.start, s.end) for s in gold.sents}
        p = {(s.start, s.end) for s in pred.sents}
        found, expected, right = found + len(p), expected + len(g), right + len(g & p)
    precision, recall = right / max(found, 1), right / max(expected, 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def parse(syntax, docs: list[Doc]) -> list[Doc]:
    for _, component in syntax.pipeline:
        docs = list(component.pipe(docs, batch_size=64))
    return docs


def blank_copy(vocab, gold: Doc, *, one_sentence: bool) -> Doc:
    """The gold words with no annotation; with ``one_sentence``, their boundaries fixed as one sentence."""
    starts = [True] + [False] * (len(gold) - 1) if one_sentence else None
    return Doc(vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold], sent_starts=starts)


def ewt(syntax, treebank: Path, limit: int | None) -> None:
    test = treebank / "en_ewt-ud-test.conllu"
    sentences = read_split(test, 1, limit)
    predicted = parse(syntax, [blank_copy(syntax.vocab, d, one_sentence=True) for d in sentences])
    print(f"EWT test split ({len(sentences)} sentences, {sum(len(d) for d in sentences)} tokens), gold sentences:")
    for name, value in attachment(sentences, predicted).items():
        line(name, f"{value:.3f}")
    without = attachment(sentences, predicted, punctuation=False)
    line("UAS (without punctuation)", f"{without['UAS']:.3f}")
    line("LAS (without punctuation)", f"{without['LAS']:.3f}")
    documents = read_split(test, 10, limit)
    predicted = parse(syntax, [blank_copy(syntax.vocab, d, one_sentence=False) for d in documents])
    print(f"EWT test split as {len(documents)} ten-sentence documents, sentences found by the parser:")
    for name, value in attachment(documents, predicted).items():
        line(f"{name} (parser's sentences)", f"{value:.3f}")
    line("sentence F, parser", f"{sentence_f(documents, predicted):.3f}")
    splitter = [split_sentences(blank_copy(syntax.vocab, d, one_sentence=False)) for d in documents]
    line("sentence F, report-aware splitter", f"{sentence_f(documents, splitter):.3f}")


def evidence_kept(syntax) -> None:
    """How many gold evidence sentences of the sample corpus each splitter returns whole."""
    gold = ROOT.parent / "shared" / "gold" / "dev"
    if not (gold / "relations.jsonl").is_file():
        print(f"sample corpus: {gold} not found; evidence figures skipped")
        return
    evidence = {}
    for row in map(json.loads, (gold / "relations.jsonl").read_text(encoding="utf-8").splitlines()):
        evidence.setdefault(row["doc"], set()).add(" ".join(row["evidence"].split()))
    counts = {"report-aware splitter": 0, "parser": 0}
    total = sum(len(v) for v in evidence.values())
    for name, wanted in evidence.items():
        text = (gold / "docs" / name).read_text(encoding="utf-8")
        ours = {" ".join(s.text.split()) for s in split_sentences(syntax.make_doc(text)).sents}
        theirs = {" ".join(s.text.split()) for s in parse(syntax, [syntax.make_doc(text)])[0].sents}
        counts["report-aware splitter"] += len(wanted & ours)
        counts["parser"] += len(wanted & theirs)
    print(f"Sample corpus: the dev gold's {total} evidence sentences returned whole")
    for name, count in counts.items():
        line(f"evidence sentences whole, {name}", f"{count}/{total}")


def speed(syntax, pipeline_dir: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    words = sum(len(text.split()) for text in texts)
    repeats = max(1, 100_000 // words)
    tokenizer = syntax.tokenizer
    started = time.perf_counter()
    for _ in range(repeats):
        docs = [tokenizer(text) for text in texts]
    tokenizer_rate = words * repeats / (time.perf_counter() - started)
    started = time.perf_counter()
    parse(syntax, docs)
    syntax_rate = words / (time.perf_counter() - started)
    nlp = build_pipeline(syntax=pipeline_dir)
    started = time.perf_counter()
    parsed = sum(len(nlp(text)._.ssr_parsed) for text in texts)
    cold_rate = words / (time.perf_counter() - started)
    started = time.perf_counter()
    for text in texts:
        nlp(text)
    extraction_rate = words / (time.perf_counter() - started)
    sentences = sum(len(list(split_sentences(tokenizer(text)).sents)) for text in texts)
    print(f"Speed on the sample corpus ({words} words, one process):")
    line("tokenizer alone words/s", f"{tokenizer_rate:,.0f}")
    line("tagger+parser words/s", f"{syntax_rate:,.0f}")
    line("tagger+parser / tokenizer", f"{syntax_rate / tokenizer_rate:.3f}")
    line("extraction words/s", f"{extraction_rate:,.0f}")
    line("extraction words/s, first pass", f"{cold_rate:,.0f}")
    line("sentences parsed by extraction", f"{parsed}/{sentences}")
    states = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "Russia"]
    for count in (1500, 3000, 6000):
        text = "Officials from " + ", ".join(states * (count // len(states))) + " attended the meeting, which the OSCE funded."
        started = time.perf_counter()
        nlp(text)
        line(f"one sentence naming {count:,} actors, seconds", f"{time.perf_counter() - started:.2f}")


def model(pipeline_dir: Path) -> None:
    size = sum(p.stat().st_size for p in pipeline_dir.rglob("*") if p.is_file())
    record = pipeline_dir / "training.json"
    print("Model:")
    line("size on disk MB", f"{size / 1e6:.1f}")
    if record.is_file():
        line("training minutes", f"{json.loads(record.read_text())['training_seconds'] / 60:.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--treebank", type=Path, default=ROOT.parent / "shared" / "data" / "ud-english-ewt")
    parser.add_argument("--pipeline", type=Path, default=PIPELINE_DIR, help="a trained syntax pipeline folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N test sentences")
    parser.add_argument("--card", action="store_true", help="also write the figures into the model card")
    args = parser.parse_args(argv)
    syntax = load_syntax(args.pipeline)
    printed = io.StringIO()
    with contextlib.redirect_stdout(_Tee(sys.stdout, printed)):
        shown = args.pipeline.resolve()
        print(f"spaCy {spacy.__version__}; pipeline {shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown}")
        ewt(syntax, args.treebank, args.limit)
        evidence_kept(syntax)
        speed(syntax, args.pipeline)
        model(args.pipeline)
    if args.card:
        card = args.pipeline.parent / "MODEL_CARD.md"
        head, _, rest = card.read_text(encoding="utf-8").partition("```\n")
        _, _, tail = rest.partition("```\n")
        card.write_text(f"{head}```\n{printed.getvalue()}```\n{tail}", encoding="utf-8")
        print(f"figures written into {card}")


class _Tee(io.TextIOBase):
    """Write to several streams at once (the terminal and the card's copy)."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)


if __name__ == "__main__":
    main()
