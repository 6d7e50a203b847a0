"""Reading a dependency parse: cases, coordination, voice, relatives, and the parser's usual slips.

Helpers of :mod:`ssrgraph.extract.frames` over spaCy tokens with UD labels:
the preposition that marks a nominal (also where the parser hung it as a
clause ``mark`` or made a multiword preposition the nominal's head), the
words coordinated with a word, whether a word heads a clause or a passive,
and where a relative clause left its pronoun's preposition.
"""

from __future__ import annotations

from spacy.tokens import Token

from ssrgraph.extract.mentions import name_word_at

__all__ = ["CLAUSE_ON_NOUN", "MARKED_PREPOSITIONS", "MODIFIERS", "PASSIVE_SUBJECT", "RELATIVE", "SUBJECT",
           "attachment", "case_of", "conjuncts", "fronted_relative", "inside_name", "is_passive", "listed",
           "name_before_comma", "noun_before", "object_relative", "stranded_preposition", "verbal"]

RELATIVE = {"which", "who", "whom", "that", "whose"}
SUBJECT = {"nsubj", "csubj"}
PASSIVE_SUBJECT = {"nsubj:pass", "csubj:pass"}
MODIFIERS = {"obl", "nmod", "obl:tmod", "obl:npmod", "nmod:npmod", "obl:unmarked", "nmod:unmarked"}
CLAUSE_ON_NOUN = {"acl:relcl", "advcl:relcl", "acl", "nmod", "appos"}


def listed(token: Token) -> bool:
    """A word coordinated with its head, or a name after a comma beside another ("China, Russia":
    parsers call it either)."""
    return token.dep_ == "conj" or (token.dep_ == "appos" and token.pos_ == "PROPN" and token.head.pos_ == "PROPN"
                                    and token.i > 0 and token.doc[token.i - 1].text == ",")


def conjuncts(token: Token) -> list[Token]:
    """The words coordinated with ``token`` after it ("A, B and C": B and C for A)."""
    out, stack = [], [c for c in token.children if listed(c)]
    while stack:
        item = stack.pop(0)
        out.append(item)
        stack.extend(c for c in item.children if listed(c))
    return out


MARKED_PREPOSITIONS = {"with", "without", "through", "via", "under"}
"""Prepositions the parser sometimes labels ``mark``, as if a clause followed ("With the support of X, Y
opened ...", "X, with funding from Y, organised ...")."""


PREPOSITION_HEADS = {"thanks", "due", "owing"}
"""Words the parser takes for the head of a phrase they only introduce, with "to" ("thanks to funding
from X": "funding" hangs on "thanks")."""


def attachment(token: Token) -> tuple[str, Token]:
    """The dependency label and head of a nominal, past the words of a multiword preposition the parser
    made its head: "With the support of X, Y opened ..." (``support`` hung as ``fixed`` on "With") and
    "Thanks to funding from X, Y trained ..." are obliques of the verb."""
    head = token.head
    if token.dep_ == "fixed" and head.lower_ in MARKED_PREPOSITIONS and head.dep_ in ("mark", "case"):
        return "obl", head.head
    if head.lower_ in PREPOSITION_HEADS and head != token and any(
            c.lower_ == "to" and c.dep_ in ("mark", "case") for c in token.children):
        return head.dep_ if head.dep_ != "obl:unmarked" else "obl", head.head
    return token.dep_, head


def case_of(token: Token) -> str | None:
    """The preposition that marks a nominal ("in" for "in Dushanbe", "as_part_of" for multiword ones),
    also where the parser hung it as ``mark`` on the nominal or, right before its phrase, on its head,
    or made it the nominal's head (see :func:`attachment`)."""
    if token.dep_ == "fixed" and token.head.lower_ in MARKED_PREPOSITIONS:
        return token.head.lower_
    if token.head.lower_ in PREPOSITION_HEADS and any(c.lower_ == "to" and c.dep_ in ("mark", "case")
                                                       for c in token.children):
        return f"{token.head.lower_}_to"
    for child in token.children:
        if child.dep_ == "case" and child.i < token.i:
            words = [child.lower_] + [c.lower_ for c in child.children if c.dep_ == "fixed"]
            return "_".join(words)
    for child in token.children:
        if child.dep_ == "mark" and child.i < token.i and child.lower_ in MARKED_PREPOSITIONS:
            return child.lower_
    before = token.left_edge.i - 1
    if before >= 0 and token.pos_ in ("NOUN", "PROPN"):
        word = token.doc[before]
        if word.dep_ == "mark" and word.head == token.head and word.lower_ in MARKED_PREPOSITIONS:
            return word.lower_
    return None


def object_relative(verb: Token) -> bool:
    """A relative clause whose pronoun is not its subject ("which the General Assembly recognised"): a verb
    coordinated with it after a comma is the main clause's, with the antecedent for subject ("Turkmenistan,
    which the Assembly recognised as neutral, belongs to neither ...")."""
    return verb.dep_ == "acl:relcl" and any(c.lower_ in RELATIVE and c.dep_ in ("obj", "obl") for c in verb.children)


def fronted_relative(trigger: Token) -> Token | None:
    """The relative pronoun the parser made a second subject ("which Tajikistan is a member of"), or the
    subject with the real one hung on it ("which Kazakhstan, Russia and Armenia belong to"): it is the
    object, of the preposition left at the end of the clause if there is one (:func:`stranded_preposition`)."""
    subjects = [c for c in trigger.children if c.dep_ in SUBJECT]
    pronoun = next((c for c in subjects if c.lower_ in ("which", "whom", "that")), None)
    if pronoun is None:
        return None
    return pronoun if len(subjects) > 1 or any(c.dep_ in SUBJECT for c in pronoun.children) else None


def stranded_preposition(trigger: Token) -> str | None:
    """A preposition that ends a relative clause without its noun ("which X is a member of", "which X
    belongs to"), hung on the clause's head."""
    for child in trigger.children:
        if child.i > trigger.i and child.pos_ == "ADP" and not any(child.children) and child.dep_ in (
                "case", "obl", "nmod", "compound:prt"):
            return child.lower_
    return None


def noun_before(token: Token) -> Token:
    """The noun a relative pronoun follows ("BOMCA, which ..."), for a relative clause the parser hung
    on a verb; ``token`` itself when there is none."""
    for i in range(token.i - 1, token.sent.start - 1, -1):
        word = token.doc[i]
        if word.pos_ in ("NOUN", "PROPN"):
            return word
        if word.pos_ not in ("PUNCT", "DET", "ADP", "ADJ", "NUM"):
            break
    return token


def name_before_comma(token: Token) -> Token | None:
    """The name an apposition the parser missed describes: "CIPA, an NGO based in Osh" hung "NGO" elsewhere,
    but the description starts right after a comma that follows a name."""
    start = token.left_edge.i
    if token.doc[start].text == ",":
        start += 1
    if start < token.sent.start + 2 or token.doc[start].pos_ != "DET" or token.doc[start - 1].text != ",":
        return None
    before = token.doc[start - 2]
    if before.text == ")":
        opening = next((t for t in reversed(token.doc[token.sent.start:start - 2]) if t.text == "("), None)
        before = token.doc[opening.i - 1] if opening is not None and opening.i > token.sent.start else before
    return before if before.pos_ == "PROPN" else None


def inside_name(token: Token) -> bool:
    """A capitalised noun right after another capitalised word ("the 201st Military Base", "a Programme
    Office"): the head of a name the gazetteer does not know, not a common noun to trigger a frame."""
    if not token.text[:1].isupper() or token.i == token.sent.start:
        return False
    return name_word_at(token.doc, token.i - 1)


def verbal(token: Token) -> bool:
    """Whether a word heads a clause: a verb, or a word tagged as a noun that the parse gives a
    relative or complement clause, an infinitive's "to", an auxiliary or an object (not a predicate noun,
    nor the noun a light verb carries: "receive training from")."""
    if token.pos_ == "VERB":
        return True
    if token.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "cop" for c in token.children):
        return False
    return token.dep_ in ("acl:relcl", "advcl:relcl", "ccomp") or any(
        c.dep_ in ("aux", "aux:pass", "nsubj:pass", "obj") or (c.dep_ == "mark" and token.dep_ == "xcomp")
        for c in token.children)


def is_passive(token: Token) -> bool:
    return token.tag_ == "VBN" and (token.dep_ in ("acl", "amod") or any(
        c.dep_ in ("aux:pass", "nsubj:pass", "csubj:pass", "obl:agent") for c in token.children))
