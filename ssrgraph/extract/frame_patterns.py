"""Relation patterns over frames: which trigger, which roles are subject and object.

A frame pattern is a ``[[frame]]`` table of a relation's pattern file
(``patterns/README.md``)::

    [[frame]]
    trigger = ["fund", "finance", "sponsor"]
    pos = ["VERB"]
    subject = ["agent"]
    object = ["patient", "for"]

It matches every :class:`~ssrgraph.extract.frames.Frame` whose trigger lemma
is listed, and pairs each mention filling a subject role with each mention
filling an object role. Polarity and modality come from the frame's clause:
a negation, modal verb or hedge among the dependents of the trigger or of
the words that govern it (``fail to``, ``refuse to``, ``plan to``, ``it is
reported that``), not from anywhere in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

from ssrgraph.extract.frames import Frame
from ssrgraph.extract.knowledge import DataFileError
from ssrgraph.ontology import ENTITY_CLASSES

__all__ = ["FramePattern", "compile_frame_patterns", "clause_qualifiers"]

_ROLE = re.compile(r"^[a-z][a-z_]*$")
_QUALIFYING = {"aux", "aux:pass", "advmod", "det", "mark", "neg", "discourse", "cc:preconj"}
_KEYS = {"name", "trigger", "pos", "subject", "object", "modifiers", "case", "amount", "subject_class",
         "object_class", "confidence", "line"}


@dataclass(frozen=True)
class FramePattern:
    relation: str
    name: str
    triggers: frozenset[str]
    pos: frozenset[str]
    subject: tuple[str, ...]
    object: tuple[str, ...]
    modifiers: frozenset[str] = frozenset()
    case: frozenset[str] = frozenset()
    amount: str | None = None
    subject_class: frozenset[str] = frozenset()
    object_class: frozenset[str] = frozenset()
    confidence: float = 0.85

    def matches(self, frame: Frame, has_amount: bool) -> bool:
        """Whether the frame's trigger, part of speech, modifiers, case and the sentence's money fit."""
        if frame.lemma not in self.triggers or (self.pos and frame.pos not in self.pos):
            return False
        if self.modifiers and not any(c.lemma_.lower() in self.modifiers for c in frame.trigger.children):
            return False
        if self.case and frame.case not in self.case:
            return False
        return self.amount is None or (self.amount == "required") == has_amount

    def fillers(self, frame: Frame, side: str) -> list[tuple[Token, str]]:
        """(token, role) for each word filling the subject or object roles, in role order."""
        out, seen = [], set()
        for role in (self.subject if side == "subject" else self.object):
            for token in ([frame.trigger] if role == "self" else frame.roles.get(role, [])):
                if token.i not in seen:
                    seen.add(token.i)
                    out.append((token, role))
        return out


def _strings(path: Path, entry: dict, key: str, required: bool = False) -> list[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if (required and not value) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(path, f"frame pattern {entry['name']!r}: {key!r} must be a list of strings",
                            entry.get("line"))
    return value


def compile_frame_patterns(relation: str, entries: list[dict], path: Path) -> list[FramePattern]:
    """Check and compile the ``[[frame]]`` tables of one relation file; errors name the file and line."""
    compiled = []
    for entry in entries:
        unknown = set(entry) - _KEYS
        if unknown:
            raise DataFileError(path, f"frame pattern {entry['name']!r}: unknown key {sorted(unknown)[0]!r}",
                                entry.get("line"))
        roles = {side: _strings(path, entry, side, required=True) for side in ("subject", "object")}
        for role in roles["subject"] + roles["object"]:
            if not _ROLE.match(role):
                raise DataFileError(path, f"frame pattern {entry['name']!r}: {role!r} is not a role name",
                                    entry.get("line"))
        classes = {side: _strings(path, entry, f"{side}_class") for side in ("subject", "object")}
        for name in classes["subject"] + classes["object"]:
            if name not in ENTITY_CLASSES:
                raise DataFileError(path, f"frame pattern {entry['name']!r}: unknown class {name!r}",
                                    entry.get("line"))
        if entry.get("amount") not in (None, "required", "absent"):
            raise DataFileError(path, f"frame pattern {entry['name']!r}: amount must be 'required' or 'absent'",
                                entry.get("line"))
        compiled.append(FramePattern(
            relation=relation, name=entry["name"],
            triggers=frozenset(t.lower() for t in _strings(path, entry, "trigger", required=True)),
            pos=frozenset(_strings(path, entry, "pos")), subject=tuple(roles["subject"]),
            object=tuple(roles["object"]), modifiers=frozenset(_strings(path, entry, "modifiers")),
            case=frozenset(_strings(path, entry, "case")), amount=entry.get("amount"),
            subject_class=frozenset(classes["subject"]), object_class=frozenset(classes["object"]),
            confidence=float(entry.get("confidence", 0.85))))
    return compiled


def _governors(frame: Frame) -> list[Token]:
    """The clause words and the verbs above them through control and complement clauses."""
    out = list(frame.clause)
    token = frame.clause[-1] if frame.clause else frame.trigger
    while token.dep_ in ("xcomp", "ccomp") and token.head is not token:
        token = token.head
        if token not in out:
            out.append(token)
    return out


def _hyphenated(token: Token) -> str:
    """A word with the hyphenated prefix the tokenizer split off ("non-existent" for "existent")."""
    doc, start = token.doc, token.i
    while start >= 2 and doc[start - 1].text in ("-", "–") and not doc[start - 2].whitespace_ \
            and not doc[start - 1].whitespace_:
        start -= 2
    return doc[start:token.i + 1].text.lower().replace("–", "-")


def clause_qualifiers(frame: Frame, cues: dict[str, set[str]]) -> tuple[str, str]:
    """Polarity and modality from the frame's own clause.

    ``cues`` holds a word set per kind, ``negation``, ``hedge`` and
    ``prescription``; a cue counts as a dependent of the clause ("not",
    "may"), as a word governing the trigger ("fail to", "plan to") or as the
    word that opens a list of its arguments ("belongs to neither X nor Y").
    """
    governors = _governors(frame)
    children = [c for t in governors for c in t.children if c.dep_ in _QUALIFYING]
    dependents = {c.lower_ for c in children} | {c.lemma_.lower() for c in children}
    above = {t.lemma_.lower() for t in governors if t != frame.trigger} | {
        _hyphenated(t) for t in governors if t != frame.trigger}
    preconjunctions = {c.lower_ for fillers in frame.roles.values() for t in fillers for c in t.children
                       if c.dep_ == "cc:preconj"}
    words = dependents | above | preconjunctions
    negative = bool(words & cues["negation"])
    if words & cues["prescription"]:
        modality = "prescribed"
    elif words & cues["hedge"]:
        modality = "hedged"
    else:
        modality = "asserted"
    return ("negative" if negative else "positive"), modality
