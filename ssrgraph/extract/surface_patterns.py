"""Surface relation patterns: each sentence reduced to lemmas and entity mentions, matched by regex.

A ``[[pattern]]`` in ``patterns/<relation>.toml`` (syntax in
``patterns/README.md``) is compiled to a regular expression over a
sentence written as "lemma lemma @3:State lemma ...", one unit per word or
mention. They serve sentences without a parse, and pairs the parse relates
in no way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ssrgraph.extract.knowledge import DataFileError, Knowledge, PATTERN_DIR

__all__ = ["CompiledPattern", "PatternIndex", "compile_pattern", "compile_patterns", "lemma_key", "DROP",
           "COORDINATION"]

DROP = {"the", "a", "an", "'", '"', "‘", "’", "“", "”", "*", "`"}
_GAP_WORD = r"(?:[^@\s,;:()][^\s]* )"
_MENTION = r"@\d+:[A-Za-z]+ "
COORDINATION = re.compile(r"(?:^| )(?:and|or|nor|as well as|along with|together with|plus) ")
_CLASS_NAMES = {"State", "StateAgency", "InternationalOrganisation", "NonStateOrganisation", "Person",
                "Programme", "Policy", "Event", "Place"}


@dataclass(frozen=True)
class CompiledPattern:
    relation: str
    name: str
    regex: re.Pattern
    classes: dict[str, frozenset[str] | None]
    confidence: float
    required: tuple[frozenset[str], ...]
    starts_with_mention: bool
    starts_with_list: bool
    not_after: frozenset[str] = frozenset()
    """Words the pattern's first mention may not follow ("by": in "organised by UNODC in Almaty" the
    place is where the organising happened, not where UNODC is)."""

    def may_match(self, words: set[str]) -> bool:
        """A cheap test before the regex: every required word of the pattern is in the sentence."""
        return all(forms & words for forms in self.required)


class PatternIndex:
    """The patterns in their file order, found by the words they need: a sentence is tried only against
    the patterns whose first required word it holds (a few of several hundred), and those needing none."""

    def __init__(self, patterns: list[CompiledPattern]):
        self.patterns = patterns
        self.by_word: dict[str, list[int]] = {}
        self.always: list[int] = []
        for index, pattern in enumerate(patterns):
            if not pattern.required:
                self.always.append(index)
            for form in (pattern.required[0] if pattern.required else ()):
                self.by_word.setdefault(form, []).append(index)

    def candidates(self, words: set[str]) -> list[CompiledPattern]:
        """The patterns every required word of which is in ``words``, in file order."""
        found = set(self.always)
        for word in words:
            found.update(self.by_word.get(word, ()))
        return [self.patterns[i] for i in sorted(found) if self.patterns[i].may_match(words)]


def lemma_key(token, lookup=None) -> str:
    """A token as surface patterns see it: its lemma in lower case (from the ``lookup`` table when given,
    so that surface patterns read the same words whether or not the sentence was tagged)."""
    text = token.text.replace("’", "'")
    if text.lower() == "'s":
        return "'s"
    lemma = lookup.get(token.text, token.text) if lookup is not None else token.lemma_ or token.text
    lemma = lemma.lower().replace("’", "'")
    if lemma in DROP and token.lower_ not in DROP:
        return token.lower_
    return lemma


def compile_pattern(match: str, *, list_suffixes: tuple[str, ...] = (), separators: tuple[str, ...] = (",", "and", "or"),
                    lemmatise=lambda word: word) -> tuple[re.Pattern, dict]:
    """Compile a pattern string (``patterns/README.md``) into a regex over encoded sentences.

    >>> regex, classes, required = compile_pattern("X fund Y")
    >>> bool(regex.match("@0:State fund @1:Programme "))
    True
    """
    suffix = "(?:(?:" + "|".join(re.escape(s) for s in list_suffixes) + ") )?" if list_suffixes else ""
    modifier = r"(?:" + _MENTION + r"- [a-z]+ )?"
    item = modifier + _MENTION + suffix + r"(?:'s (?:[a-z]+ ){0,2}" + _MENTION + suffix + ")?"
    sep = "(?:(?:" + "|".join(re.escape(s) for s in sorted(separators, key=len, reverse=True)) + r") ){1,2}"
    parts, classes, required = [], {}, []
    for element in match.split():
        optional = element.endswith("?") and len(element) > 1
        element = element[:-1] if optional else element
        role, _, limit = element.partition(":")
        if role in ("X", "Y", "X1", "Y1"):
            single, role = role.endswith("1"), role[0]
            if role in classes:
                raise ValueError(f"{role} appears twice")
            names = frozenset(limit.split("|")) if limit else None
            if names and not names <= _CLASS_NAMES:
                raise ValueError(f"unknown class in {element!r}; expected some of {sorted(_CLASS_NAMES)}")
            classes[role] = names
            regex = f"(?P<{role}>{_MENTION})" if single else f"(?P<{role}>{item}(?:{sep}{item})*)"
        elif element.startswith("!") and len(element) > 1:
            alternatives = [re.escape(a.replace("_", " ")) + " " for a in element[1:].split("|")]
            regex = "(?!" + "|".join(alternatives) + ")"
        elif element == "~":
            regex = _GAP_WORD + "{0,5}"
        elif element == "...":
            regex = r"(?:[^@\s;:][^\s]* ){0,8}?"
        elif element == "*...":
            regex = r"(?:(?![;:] )[^\s]+ ){0,10}?"
        else:
            forms = {form for a in element.split("|") for form in (a.replace("_", " "), lemmatise(a.replace("_", " ")))}
            regex = "(?:" + "|".join(re.escape(f) + " " for f in sorted(forms, key=len, reverse=True)) + ")"
            if not optional:
                required.append(frozenset(f.split()[0] for f in forms))
        parts.append(f"(?:{regex})?" if optional else regex)
    if set(classes) != {"X", "Y"}:
        raise ValueError("a pattern needs both X and Y")
    return re.compile("".join(parts)), classes, required


def compile_patterns(knowledge: Knowledge, directory: Path = PATTERN_DIR,
                     lemmatise=lambda words: words.lower()) -> list[CompiledPattern]:
    """Compile every relation pattern of ``knowledge``; a malformed one raises
    :class:`DataFileError` naming its file (in ``directory``) and line."""
    lists = knowledge.cues.get("lists", {})
    separators = tuple(lists.get("separators", (",", "and", "or")))
    suffixes = tuple({form for word in lists.get("item_suffixes", ()) for form in (word, lemmatise(word))})
    compiled = []
    for relation, entries in knowledge.patterns.items():
        for entry in entries:
            try:
                regex, classes, required = compile_pattern(entry["match"], list_suffixes=suffixes,
                                                           separators=separators, lemmatise=lemmatise)
            except (ValueError, re.error) as error:
                raise DataFileError(Path(directory) / f"{relation}.toml",
                                    f"pattern {entry['name']!r} ({entry['match']!r}): {error}",
                                    entry.get("line")) from error
            first = entry["match"].split()[0].split(":")[0]
            compiled.append(CompiledPattern(relation, entry["name"], regex, classes,
                                            float(entry.get("confidence", 0.8)), tuple(required),
                                            first in ("X", "Y", "X1", "Y1"), first in ("X", "Y"),
                                            frozenset(lemmatise(w) for w in entry.get("not_after", []))))
    return compiled
