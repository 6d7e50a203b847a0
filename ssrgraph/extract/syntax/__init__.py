"""ssrgraph's own tagger and dependency parser, and the ``ssr_syntax`` component that applies it.

The pipeline in ``pipeline/`` beside this file (tok2vec, tagger, morphologizer,
parser) was trained here from UD English EWT by :mod:`.train`; ``MODEL_CARD.md``
says on what, how, and how well. It ships as package data and loads with no
download.

``ssr_syntax`` runs after ``ssr_entities`` and parses only the sentences
that name at least ``min_mentions`` different entities (a relation needs two
ends), each inside the boundaries the report-aware splitter set: one
sentence, one tree. A name of several words or an acronym ("the United Nations
Office on Drugs and Crime", "BOMCA") is read by the parser as one proper noun
(``placeholder``), so that the words and "and" inside names do not mislead it;
its first capitalised run's last word carries the name's place in the tree
and the other words hang from it as ``flat``. Those sentences get UD tags, UPOS, morphology, heads and
labels, and lemmas of nouns, verbs, adjectives and adverbs from spaCy's rule
lemmatizer driven by the predicted UPOS and morphology; every other sentence
keeps its lookup lemmas and a flat placeholder
tree (every token attached to the first with the label ``dep``), and
``doc._.ssr_parsed`` lists which sentences were parsed, by start token.

>>> import spacy
>>> from ssrgraph.extract.pipeline import build_pipeline
>>> doc = build_pipeline()("The OSCE trained Kyrgyz police officers in Bishkek. It rained.")
>>> [(t.text, t.dep_, t.head.text) for t in doc[:3]]
[('The', 'det', 'OSCE'), ('OSCE', 'nsubj', 'trained'), ('trained', 'ROOT', 'trained')]
>>> sorted(doc._.ssr_parsed), doc[2].lemma_, doc[5].lemma_
([0], 'train', 'officer')
"""

from __future__ import annotations

from pathlib import Path

import numpy
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops
from threadpoolctl import ThreadpoolController

from ssrgraph.extract.dependencies import case_of
from ssrgraph.extract.mentions import by_sentence, token_spaces, token_texts

__all__ = ["PIPELINE_DIR", "load_syntax", "SyntaxParser"]

PIPELINE_DIR = Path(__file__).resolve().parent / "pipeline"
_ATTRS = [TAG, POS, MORPH, HEAD, DEP, LEMMA]
_ADJ = spacy.parts_of_speech.IDS["ADJ"]

if not Doc.has_extension("ssr_parsed"):
    Doc.set_extension("ssr_parsed", default=None)


def _signed(value: int) -> int:
    """A 64-bit hash as the signed integer the annotation arrays hold."""
    return int(numpy.uint64(value).astype(numpy.int64))


def _unsigned(value: int) -> int:
    """The hash behind a signed integer of the annotation arrays (the inverse of :func:`_signed`)."""
    return int(numpy.int64(value).astype(numpy.uint64))


def load_syntax(path: str | Path = PIPELINE_DIR, *, vocab=None) -> Language:
    """The trained tagger, morphologizer and parser, sharing ``vocab`` if given.

    Its layers multiply matrices with numpy's BLAS rather than thinc's default
    (blis): the same products, 4 times faster here (benchmarks/RESULTS.md), and
    the same analyses. The parser's own transition loop keeps blis. :class:`SyntaxParser`
    runs them on one thread: a second one gained nothing here and kept a core busy waiting."""
    path = Path(path)
    if not (path / "config.cfg").is_file():
        raise FileNotFoundError(f"{path}: no trained syntax pipeline here "
                                "(python -m ssrgraph.extract.syntax.train makes one)")
    with use_ops("numpy", use_blis=False):
        return spacy.load(path, vocab=vocab) if vocab is not None else spacy.load(path)


class SyntaxParser:
    """Tag and parse the sentences that can hold a relation (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "ssr_syntax", *, pipeline: str = "", min_mentions: int = 2,
                 batch_size: int = 64, placeholder: str = "Canada"):
        self.name = name
        self.path = Path(pipeline) if pipeline else PIPELINE_DIR
        self.min_mentions = min_mentions
        self.batch_size = batch_size
        self.syntax: Language | None = None
        self.dep_label = _signed(nlp.vocab.strings.add("dep"))
        self.root_label = _signed(nlp.vocab.strings.add("ROOT"))
        self.flat_label = _signed(nlp.vocab.strings.add("flat"))
        self.placeholder = placeholder

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the trained pipeline into the main pipeline's vocabulary, and the rule lemmatizer's tables."""
        self.syntax = load_syntax(self.path, vocab=nlp.vocab if nlp is not None else None)
        self.threads = ThreadpoolController()
        self.lemmatizer = EnglishLemmatizer(self.syntax.vocab, None, mode="rule")
        self.lemmatizer.initialize()
        self.lemmas: dict[tuple[int, int, int], int] = {}
        self.inflecting = {spacy.parts_of_speech.IDS[pos] for pos in ("NOUN", "VERB", "AUX", "ADJ", "ADV")}
        self.verb = spacy.parts_of_speech.IDS["VERB"]
        vocab = self.syntax.vocab
        self.name_tags = [_signed(vocab.strings.add("NNP")), spacy.parts_of_speech.IDS["PROPN"],
                          _signed(vocab.morphology.add({"Number": "Sing"}))]

    def _lemmas(self, sub: Doc, lookup: numpy.ndarray) -> numpy.ndarray:
        """Rule lemmas of a tagged sentence's inflecting words (nouns, verbs, adjectives, adverbs), cached
        by word, UPOS and morphology (spaCy caches only some); other words, and verb forms the rules leave
        as they are ("overseen"), keep their ``lookup`` lemmas.
        Hashes are held as int64, like the rest of the annotation array."""
        keys = sub.to_array([ORTH, POS, MORPH]).tolist()
        column = lookup.copy()
        for i, key in enumerate(map(tuple, keys)):
            if key[1] not in self.inflecting:
                continue
            lemma = self.lemmas.get(key)
            if lemma is None:
                text = self.lemmatizer.rule_lemmatize(sub[i])[0]
                if key[1] == self.verb and text == sub[i].lower_:
                    text = sub.vocab.strings[_unsigned(lookup[i])] or text
                lemma = self.lemmas[key] = _signed(sub.vocab.strings.add(text))
            column[i] = lemma
        return column

    def _chosen(self, doc: Doc, sentences) -> list[tuple]:
        """(sentence, its mentions) for the sentences to parse."""
        mentions = doc._.ssr_mentions
        if mentions is None:
            return [(sent, []) for sent in sentences]
        grouped = by_sentence(mentions, sentences)
        return [(sent, local) for sent, local in zip(sentences, grouped)
                if len({m.entity for m in local}) >= self.min_mentions]

    def _names(self, doc: Doc, sent, mentions) -> dict[int, tuple[int, int]]:
        """Names the parser should see as one word: start -> (end, root) for each of the sentence's
        ``mentions`` of several words or an acronym in capitals (pronouns, definite descriptions and
        adjectives stay words), with a noun of the name's kind after it ("the BOMCA programme")."""
        out = {}
        for m in mentions:
            if not (sent.start <= m.start and m.end <= sent.end) or m.kind in ("coref", "demonym", "body"):
                continue
            first = doc[m.start]
            if not first.text[:1].isupper() or (m.end - m.start == 1 and not first.is_upper):
                continue
            root = m.start
            while root + 1 < m.end and doc[root + 1].text[:1].isupper():
                root += 1
            out[m.start] = (m.phrase_end if m.phrase_end and m.phrase_end <= sent.end else m.end, root)
        return out

    def _sentence_doc(self, doc: Doc, sent, names: dict[int, tuple[int, int]], texts: list[str],
                      spaced: list[bool]) -> tuple[Doc, list[int]]:
        """The sentence as the parser reads it, each name folded into one proper noun (``placeholders``);
        and for each of its words the token of ``doc`` that carries its analysis (``texts`` and ``spaced``:
        the words of ``doc`` and whether a space follows each)."""
        words, spaces, carriers = [], [], []
        i = sent.start
        while i < sent.end:
            if i in names:
                end, root = names[i]
                words.append(self.placeholder)
                spaces.append(spaced[end - 1])
                carriers.append(root)
                i = end
            else:
                words.append(texts[i])
                spaces.append(spaced[i])
                carriers.append(i)
                i += 1
        return Doc(doc.vocab, words=words, spaces=spaces, sent_starts=[True] + [False] * (len(words) - 1)), carriers

    def __call__(self, doc: Doc) -> Doc:
        if self.syntax is None:
            raise ValueError("ssr_syntax is not initialised: call nlp.initialize() first")
        sentences = list(doc.sents)
        selected = self._chosen(doc, sentences)
        chosen = [sent for sent, _ in selected]
        names = [self._names(doc, sent, local) for sent, local in selected]
        texts, spaced = token_texts(doc), token_spaces(doc)
        readings = [self._sentence_doc(doc, sent, found, texts, spaced) for sent, found in zip(chosen, names)]
        parsed = [sub for sub, _ in readings]
        with self.threads.limit(limits=1, user_api="blas"):
            for _, component in self.syntax.pipeline:
                parsed = list(component.pipe(parsed, batch_size=self.batch_size))
        array = doc.to_array(_ATTRS).astype("int64")
        starts = numpy.array([sent.start for sent in sentences], dtype="int64")
        lengths = numpy.array([len(sent) for sent in sentences], dtype="int64")
        array[:, 3] = numpy.repeat(starts, lengths) - numpy.arange(len(doc))
        array[:, 4] = self.dep_label
        array[starts, 4] = self.root_label
        for sent, found, sub, (_, carriers) in zip(chosen, names, parsed, readings):
            carriers = numpy.array(carriers)
            lookup = array[carriers, 5]
            _passive_participles(sub, lookup)
            analysis = sub.to_array(_ATTRS).astype("int64")
            analysis[:, 5] = self._lemmas(sub, lookup)
            heads = carriers[numpy.arange(len(sub)) + analysis[:, 3]]
            words = numpy.ones(len(sub), dtype=bool)
            for start, (end, root) in found.items():
                array[start:end, :3] = self.name_tags
                array[start:end, 3] = root - numpy.arange(start, end)
                array[start:end, 4] = self.flat_label
                words[numpy.searchsorted(carriers, root)] = False
            array[carriers, 3] = heads - carriers
            array[carriers, 4] = analysis[:, 4]
            array[carriers[words], :3] = analysis[words, :3]
            array[carriers[words], 5] = analysis[words, 5]
        doc.from_array(_ATTRS, array.astype("uint64"))
        doc._.ssr_parsed = {sent.start for sent in chosen}
        return doc


def _passive_participles(sub: Doc, lookup: numpy.ndarray) -> None:
    """"Police are overseen by the Prosecutor's Office": the tagger takes a participle it rarely saw for an
    adjective with a copula; an inflected form (its ``lookup`` lemma differs) that governs a "by" agent is
    the passive verb (UPOS, tag and the labels of its copula and subject say so, and its lemma is then the
    verb's)."""
    tags = sub.to_array([POS, TAG])
    for i in numpy.flatnonzero((tags[:, 0] == _ADJ) & (tags[:, 1] == sub.vocab.strings["JJ"])).tolist():
        token = sub[i]
        if sub.vocab.strings[_unsigned(lookup[i])] == token.lower_:
            continue
        if any(c.dep_ == "obl:agent" or (c.dep_ in ("obl", "nmod") and case_of(c) == "by") for c in token.children):
            token.pos_, token.tag_ = "VERB", "VBN"
            token.set_morph("Tense=Past|VerbForm=Part")
            for child in token.children:
                if child.dep_ in ("cop", "nsubj"):
                    child.dep_ = "aux:pass" if child.dep_ == "cop" else "nsubj:pass"


@Language.factory("ssr_syntax", requires=["token.is_sent_start", "doc._.ssr_mentions"],
                  assigns=["token.tag", "token.pos", "token.morph", "token.dep", "token.head", "token.lemma",
                           "doc._.ssr_parsed"],
                  default_config={"pipeline": "", "min_mentions": 2, "batch_size": 64, "placeholder": "Canada"})
def make_syntax_parser(nlp: Language, name: str, pipeline: str, min_mentions: int, batch_size: int,
                       placeholder: str) -> SyntaxParser:
    """Factory for :class:`SyntaxParser`; the trained pipeline loads at ``nlp.initialize()``."""
    return SyntaxParser(nlp, name, pipeline=pipeline, min_mentions=min_mentions, batch_size=batch_size,
                        placeholder=placeholder)
