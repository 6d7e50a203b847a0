"""Build the spaCy pipeline and run it over documents.

The default pipeline downloads nothing: ``spacy.blank("en")``, the
``ssr_sentences`` splitter below, spaCy's lookup lemmatizer (tables from
``spacy-lookups-data``), :mod:`ssrgraph.extract.entities`, the project's own
tagger and parser (:mod:`ssrgraph.extract.syntax`, package data) on the
sentences that name two entities, then :mod:`ssrgraph.extract.relations`.

>>> from ssrgraph.extract.documents import document_from_text
>>> nlp = build_pipeline()
>>> result = extract(document_from_text("Germany funds the Border Management Programme in Central Asia."), nlp)
>>> [(a.subject, a.relation, a.object) for a in result.assertions if a.relation == "funds"]
[('germany', 'funds', 'border-management-programme-in-central-asia')]
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ssrgraph.extract import entities as _entities  # noqa: F401  (registers ssr_entities)
from ssrgraph.extract import relations as _relations  # noqa: F401  (registers ssr_relations)
from ssrgraph.extract import syntax as _syntax  # noqa: F401  (registers ssr_syntax)
from ssrgraph.extract.documents import Document
from ssrgraph.extract.mentions import made_from, token_spaces, token_texts
from ssrgraph.extract.model import Extraction

__all__ = ["build_pipeline", "default_pipeline", "extract", "split_sentences"]

_FINAL = set(".!?")
_ABBREVIATION_CONTINUES = {"Army", "Department", "Embassy", "Agency", "Government", "Congress", "Senate",
                           "State", "Navy", "Air", "Central", "Forces", "Marine", "Marines", "Special",
                           "Military", "Ambassador", "Administration", "Treasury", "Mission"}


@Language.component("ssr_sentences", assigns=["token.is_sent_start"])
def split_sentences(doc: Doc) -> Doc:
    """Sentence boundaries for reports: punctuation, blank lines and headings.

    A line break ends a sentence unless the text runs on (the next line starts
    in lower case, or the line ends with a hyphen, a comma, "and", "of" or
    "the", as at page breaks); a blank line ends it unless the next line
    starts in lower case.
    An abbreviation such as "U.S." ends a sentence when a capitalised word that
    does not continue a name follows it.
    """
    texts = token_texts(doc)
    gaps = [" " if trailing else "" for trailing in token_spaces(doc)]
    spaces = doc.to_array(IS_SPACE).astype(bool).tolist()
    starts = [0] if texts else []
    for i in range(1, len(texts)):
        if spaces[i]:
            continue
        text = texts[i]
        gap = gaps[i - 1] + (texts[i - 1] if spaces[i - 1] else "")
        p = i - 2 if spaces[i - 1] and i >= 2 else i - 1
        prior = texts[p]
        if "\n" in gap:
            paragraph = gap.count("\n") >= 2
            runs_on = text[:1].islower() or (not paragraph and prior in ("-", ",", "–", "and", "of", "the"))
            start = not runs_on
        elif prior in _FINAL or (prior in ('"', "'", ")", "”", "’") and p >= 1 and texts[p - 1] in _FINAL):
            start = text[:1].isupper() or text[:1].isdigit() or text in ('"', "“", "'", "(")
        else:
            start = (len(prior) > 2 and prior.endswith(".") and prior.count(".") >= 2
                     and text[:1].isupper() and text not in _ABBREVIATION_CONTINUES)
        if start:
            starts.append(i)
    starts += [end for end in (_dateline_end(texts, gaps, s) for s in starts) if end]
    if texts:
        boundaries = numpy.zeros((len(texts), 1), dtype="int64")
        boundaries[1:2, 0] = -1
        boundaries[starts, 0] = 1
        doc.from_array([SENT_START], boundaries.astype("uint64"))
    return doc


_DASHES = {"-", "–", "—", "--"}


def _dateline_end(texts: list[str], gaps: list[str], start: int) -> int | None:
    """Where the sentence starts after a press release's dateline ("BISHKEK (Kyrgyzstan), 2 October 2023 -
    The ..."), or ``None``: a dateline is its own sentence, so that the parser does not make the place
    the subject of the news that follows it.

    A dateline is a run of up to fourteen capitalised words, numbers, commas, full stops and brackets, with
    a place in capitals or a number of its date in it, ending in a dash set off by spaces before a
    capitalised word.
    """
    dated = False
    for i in range(start, min(start + 15, len(texts) - 1)):
        text = texts[i]
        if text in _DASHES and i > start and gaps[i - 1] and gaps[i]:
            return i + 1 if dated and texts[i + 1][:1].isupper() else None
        if text.isdigit() or (text.isupper() and len(text) > 2):
            dated = True
        elif not (text[:1].isupper() or text in (",", ".", "(", ")")):
            return None
        if "\n" in gaps[i]:
            return None
    return None


def build_pipeline(model: str | None = None, *, actors: str | Path | None = None,
                   patterns: str | Path | None = None, parse: bool = True,
                   syntax: str | Path | None = None) -> Language:
    """The extraction pipeline, initialised and ready to call.

    With ``model`` (an installed spaCy pipeline's name or path) its tokenizer,
    tagger, parser and NER are kept and ssrgraph's components are added after
    them; without it, the pipeline starts from ``spacy.blank("en")`` and,
    unless ``parse`` is false, parses with the bundled syntax pipeline (or the
    trained one in the folder ``syntax``).
    ``actors`` and ``patterns`` replace the bundled ``actors.ttl`` and pattern
    folder. Malformed data files raise
    :class:`~ssrgraph.extract.knowledge.DataFileError`.
    """
    config = {"actors": str(actors or ""), "patterns": str(patterns or "")}
    if model:
        nlp = spacy.load(model, exclude=["lemmatizer"])
        nlp.add_pipe("lemmatizer", name="ssr_lemmatizer", config={"mode": "lookup"}, first=True)
        nlp.add_pipe("ssr_sentences", first=True)
        nlp.get_pipe("ssr_lemmatizer").initialize()
        for name in ("ssr_entities", "ssr_relations"):
            nlp.add_pipe(name, config=config).initialize(nlp=nlp)
        return nlp
    nlp = spacy.blank("en")
    nlp.add_pipe("ssr_sentences")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("ssr_entities", config=config)
    if parse:
        nlp.add_pipe("ssr_syntax", config={"pipeline": str(syntax or "")})
    nlp.add_pipe("ssr_relations", config=config)
    nlp.initialize()
    return nlp


@cache
def default_pipeline() -> Language:
    """The blank-English pipeline, built once per process."""
    return build_pipeline()


def extract(document: Document, nlp: Language | None = None) -> Extraction:
    """Run extraction over one document: its entities and assertions, as plain data."""
    nlp = nlp or default_pipeline()
    doc = nlp(made_from(nlp.make_doc(document.text), document.text))
    return Extraction(entities=dict(doc._.ssr_entities or {}), assertions=list(doc._.ssr_assertions or []))
