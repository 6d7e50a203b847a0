"""Predicate-argument frames: the dependency parse normalised so that one pattern covers many forms.

A :class:`Frame` is a trigger word (verb, noun or adjective) with its
arguments by *role*, whatever the word order or voice:

- ``agent`` (the doer) and ``patient`` (what is done to): the subject and
  object of an active verb; the ``by`` phrase and the subject of a passive;
  the noun a participle modifies ("a programme funded by X": patient
  programme, agent X); the antecedent of a relative pronoun ("X, which the EU
  funds"); the noun before a hyphenated participle ("EU-funded": agent EU);
  the subject of a copula or the noun an apposition explains ("X is a member
  of Y", "X, a member of Y": agent X of the noun frame ``member``);
- ``iobj``, ``poss`` ("the EU's support"), ``compound`` ("NATO membership");
- one role per preposition (``to``, ``from``, ``of``, ``in`` ...), from the
  ``case`` word of an oblique or nominal modifier.

Coordination is shared both ways: coordinated arguments fill the same role
("Germany and France fund ..." gives two agents) and coordinated verbs
share their subject ("Russia keeps a base ... and leads the CSTO"); a name
coordinated with a common noun trigger counts as coordinated with that
trigger's last prepositional object ("a member of the CSTO and the SCO",
however the parser attached "SCO"). A light verb hands its subject and
prepositions to the noun it carries, governing or modifying it ("X provided
support to Y", "support that has been provided by X": the frame
``support``; with ``receive`` the subject becomes the recipient). The light
verbs, listing verbs ("its members include X") and proxy nouns ("the
presidents of six states", "90 GSIN staff") are data, in
``patterns/frames.toml``; a proxy keeps its place in the frame, and
:meth:`FrameBuilder.stand_ins` gives the owners a caller may use when the
noun itself names no entity.

The subject of a verb used without an object that names what changes
("the College opened in Dushanbe", ``unaccusatives`` in ``frames.toml``) is
its patient, as the object of the same verb would be ("X opened the College
in Dushanbe").

Some parses are repaired on the way: a subject hung as an apposition on the
last noun of a fronted phrase ("With support from Norway, the Centre
conducted ..."), multiword prepositions the parser made heads ("With the
support of X", "Thanks to funding from X"), a "to" phrase hung on the object
of a verb of giving (``transfer_verbs``), a relative pronoun taken for a
second subject ("which Tajikistan is a member of", "to which Uzbekistan
belongs"), a copula's subject after its predicate ("The main donors of X are
A and B") and a verb coordinated with an object relative clause ("X, which the
Assembly recognised ..., belongs to ...").

Two more roles serve nouns: ``self`` is the trigger itself ("the Centre in
Osh"), ``clause`` the subject of the clause a noun phrase modifies ("X sent
troops as part of Y", "X was set up with support from Y").

Each frame also lists its *clause*: the trigger and the words whose own
dependents (negation, modal verbs, hedges) qualify it: the verbs that
control it ("plans to fund"), carry it ("provided no support") or take it
as subject ("assistance to X is almost non-existent").
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ssrgraph.extract.dependencies import (CLAUSE_ON_NOUN, MARKED_PREPOSITIONS, MODIFIERS, PASSIVE_SUBJECT,
                                           RELATIVE, SUBJECT, attachment, case_of, conjuncts, inside_name,
                                           fronted_relative, is_passive, name_before_comma, noun_before,
                                           object_relative, stranded_preposition, verbal)

__all__ = ["Frame", "FrameBuilder"]

_TRIGGER_POS = {"VERB", "NOUN", "ADJ", "PROPN", "AUX"}


@dataclass
class Frame:
    """A trigger and its arguments by role (argument head tokens, coordination expanded)."""

    trigger: Token
    roles: dict[str, list[Token]] = field(default_factory=dict)
    clause: list[Token] = field(default_factory=list)
    case: str | None = None

    @property
    def lemma(self) -> str:
        return self.trigger.lemma_.lower()

    @property
    def pos(self) -> str:
        """The trigger's part of speech, a verb wherever the parse gives it a clause of its own even if the
        tagger called it a noun ("which the EU funds": a relative clause, so "funds" is a verb)."""
        return "VERB" if verbal(self.trigger) else self.trigger.pos_

    def add(self, role: str, token: Token) -> None:
        fillers = self.roles.setdefault(role, [])
        if token not in fillers and token != self.trigger:
            fillers.append(token)

    def fill(self, role: str, tokens: list[Token]) -> None:
        """Give the role these fillers unless it has its own."""
        if tokens and not self.roles.get(role):
            for token in tokens:
                self.add(role, token)


class FrameBuilder:
    """Build the frames of a parsed sentence (see the module docstring)."""

    def __init__(self, light_verbs: dict[str, str], proxies: set[str], listing_verbs: set[str],
                 with_givers: set[str] = frozenset(), targets: set[str] = frozenset(),
                 unaccusatives: set[str] = frozenset(), transfer_verbs: set[str] = frozenset()):
        self.light_verbs = light_verbs
        self.proxies = proxies
        self.listing_verbs = listing_verbs
        self.with_givers = with_givers
        self.targets = targets
        self.unaccusatives = unaccusatives
        self.transfer_verbs = transfer_verbs

    @classmethod
    def from_data(cls, data: Mapping) -> "FrameBuilder":
        """A builder from the tables of ``frames.toml``."""
        return cls(dict(data["light_verbs"]), set(data["proxies"]), set(data["listing_verbs"]),
                   *(set(data.get(key, [])) for key in ("with_givers", "targets", "unaccusatives", "transfer_verbs")))

    def _resolve(self, token: Token) -> Token:
        """The word that names what an argument refers to.

        A relative pronoun stands for its antecedent (the noun its clause
        modifies, or the noun right before it where the parser hung the clause
        on a verb); a predicate noun ("X is an alliance") and an apposition
        ("X, an alliance") for X.
        """
        if token.lower_ in RELATIVE:
            clause = next((a for a in token.ancestors if a.dep_ in CLAUSE_ON_NOUN), None)
            if clause is not None and clause.head.pos_ in ("NOUN", "PROPN"):
                token = clause.head
            elif clause is not None or token.lower_ in ("which", "whom"):
                token = noun_before(token)
        if token.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "cop" for c in token.children):
            token = next((c for c in token.children if c.dep_ == "nsubj"), token)
        elif token.dep_ == "appos" and token.pos_ == "NOUN":
            token = token.head
        elif token.pos_ == "NOUN" and (named := name_before_comma(token)) is not None:
            token = named
        return token

    def stand_ins(self, token: Token) -> list[Token]:
        """``token``, the names in apposition to it ("a newer body, the CACLC, ...", "the PSOF, a
        programme funded by ..."), and, for a proxy noun, the owners it stands for ("the presidents of six
        states", "troops from Russia", "90 GSIN staff", "its eighth phase"), for a target noun, what its
        "of" phrase names ("the reform of the border service"): where ``token`` names no entity, one of
        these may."""
        out = [token]
        if token.pos_ == "NOUN":
            out.extend(c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN")
            if token.dep_ == "appos" and token.head.pos_ == "PROPN":
                out.append(token.head)
        lemma = token.lemma_.lower()
        if lemma in self.proxies and token.pos_ in ("NOUN", "PROPN"):
            for child in token.children:
                if child.dep_ in ("nmod:poss", "compound") or (child.dep_ == "nmod"
                                                                and case_of(child) in ("of", "from")):
                    out.extend([self._resolve(child), *map(self._resolve, conjuncts(child))])
        elif lemma in self.targets and token.pos_ == "NOUN":
            for child in token.children:
                if child.dep_ == "nmod" and case_of(child) == "of":
                    out.extend([self._resolve(child), *map(self._resolve, conjuncts(child))])
        return out

    def _argument(self, frame: Frame, role: str, token: Token, *, resolve: bool = True) -> None:
        """``token`` and the words coordinated with it fill ``role``, each as what it refers to unless
        ``resolve`` is false (a word already known to be the argument itself)."""
        for item in (token, *conjuncts(token)):
            frame.add(role, self._resolve(item) if resolve else item)

    def _own_roles(self, frame: Frame) -> None:
        trigger = frame.trigger
        passive = is_passive(trigger)
        last_case = None
        fronted = fronted_relative(trigger)
        for child in trigger.children:
            dep = child.dep_
            if child == fronted:
                self._argument(frame, stranded_preposition(trigger) or "patient", child)
                for hidden in child.children:
                    if hidden.dep_ in SUBJECT:
                        self._argument(frame, "agent", hidden)
            elif dep in SUBJECT and (case := case_of(child)) and case not in MARKED_PREPOSITIONS:
                self._fronted_phrase_as_subject(frame, child, case, "patient" if passive else "agent")
            elif dep in SUBJECT and case is None and not passive:
                self._argument(frame, "agent", child)
            elif dep in PASSIVE_SUBJECT or (dep in SUBJECT and passive):
                self._argument(frame, "patient", child)
            elif dep == "obj":
                self._argument(frame, "patient", child)
            elif dep == "iobj":
                self._argument(frame, "iobj", child)
            elif dep == "obl:agent" or (dep == "obl" and passive and case_of(child) == "by"):
                self._argument(frame, "agent", child)
            elif dep == "nmod:poss":
                self._argument(frame, "poss", child)
            elif child.i + 2 == trigger.i and trigger.doc[child.i + 1].text in ("-", "–") and dep != "punct":
                self._argument(frame, "agent" if trigger.tag_ in ("VBN", "VBG") else "compound", child)
            elif dep == "compound" and child.i < trigger.i and verbal(trigger):
                self._misattached_subject(frame, child)
            elif dep in ("compound", "npadvmod", "obl:npmod", "nmod:npmod") and child.i < trigger.i:
                self._argument(frame, "compound", child)
            elif dep in MODIFIERS and (case := case_of(child)):
                self._argument(frame, case, child)
                last_case = case
            elif dep == "conj" and child.pos_ == "PROPN" and trigger.pos_ == "NOUN" and last_case:
                self._argument(frame, last_case, child)
        if trigger.pos_ == "VERB" and trigger.lemma_.lower() in self.transfer_verbs and "to" not in frame.roles:
            self._recipient_on_object(frame)
        if trigger.pos_ == "VERB" and "agent" not in frame.roles and not passive:
            self._subject_after_fronted_phrase(frame)

    def _subject_after_fronted_phrase(self, frame: Frame) -> None:
        """"With support from Norway, the Geneva Centre conducted ...": the parser hung the subject that
        follows a fronted phrase's comma on that phrase's last noun, as an apposition; a verb with no
        subject of its own takes the apposition that ends right before it (or before its auxiliaries)."""
        trigger, doc = frame.trigger, frame.trigger.doc
        for child in trigger.children:
            if child.i > trigger.i or child.dep_ not in MODIFIERS | {"advcl", "advmod"}:
                continue
            for token in child.subtree:
                between = doc[token.right_edge.i + 1:trigger.i]
                if (token.dep_ == "appos" and token.pos_ in ("NOUN", "PROPN") and token.left_edge.i > 0
                        and "," in (doc[token.left_edge.i].text, doc[token.left_edge.i - 1].text)
                        and all(t.head == trigger and t.dep_ in ("aux", "advmod") for t in between)):
                    self._argument(frame, "agent", token, resolve=False)
                    return

    def _fronted_phrase_as_subject(self, frame: Frame, phrase: Token, case: str, role: str) -> None:
        """"In Uzbekistan, the Customs Committee and the Border Troops take part ...": the parser made the
        fronted phrase the subject and hung the real subjects on it (apposition, conjuncts); the phrase
        keeps its preposition's role and the words hung on it fill ``role``."""
        frame.add(case, self._resolve(phrase))
        for child in phrase.children:
            if child.dep_ in ("appos", "conj") and child.pos_ in ("NOUN", "PROPN"):
                frame.add(role, self._resolve(child))

    def _recipient_on_object(self, frame: Frame) -> None:
        """"Russia supplies weapons to the Armed Forces" with "to" hung on "weapons": what a verb of giving
        hands over goes to the "to" phrase of its object."""
        for child in frame.trigger.children:
            if child.dep_ == "obj":
                for phrase in child.children:
                    if phrase.dep_ == "nmod" and case_of(phrase) == "to":
                        self._argument(frame, "to", phrase)

    def _misattached_subject(self, frame: Frame, child: Token) -> None:
        """A noun the parser hung before a verb as ``compound`` (which UD verbs never take) is its subject;
        a relative pronoun it had made the subject then stands for the object ("X, which the EU funds")."""
        pronoun = frame.roles.pop("agent", [])
        self._argument(frame, "agent", child)
        for token in pronoun:
            frame.add("patient", token)

    def _verb_context(self, frame: Frame) -> None:
        """Roles a verb takes from its place in the tree: participles, relatives, shared subjects,
        control, apposition."""
        trigger, head, dep = frame.trigger, frame.trigger.head, frame.trigger.dep_
        if dep in ("acl", "amod") and trigger.pos_ in ("VERB", "ADJ") and trigger.tag_ in ("VBN", "VBG"):
            frame.fill("patient" if trigger.tag_ == "VBN" else "agent", [self._resolve(head)])
        elif dep in ("acl:relcl", "advcl:relcl") and not any(head in f for f in frame.roles.values()):
            role = "patient" if not frame.roles.get("patient") and not is_passive(trigger) else "agent"
            frame.fill(role, [self._resolve(head)])
        elif dep == "conj" and head.pos_ in ("VERB", "AUX") and trigger.pos_ == "VERB":
            if not any(c.dep_ in SUBJECT | PASSIVE_SUBJECT for c in trigger.children):
                shared = self.frame(head)
                subject = shared.roles.get("patient" if is_passive(head) else "agent", [])
                if object_relative(head) and trigger.doc[trigger.i - 1].text == ",":
                    subject = [self._resolve(head.head)]
                frame.fill("patient" if is_passive(trigger) else "agent", subject)
                frame.clause.extend(t for t in shared.clause if t not in frame.clause)
        elif (dep == "conj" and head.pos_ in ("NOUN", "PROPN") and trigger.pos_ == "VERB"
              and not any(c.dep_ in SUBJECT | PASSIVE_SUBJECT | {"cop"} for c in trigger.children)
              and not any(c.dep_ == "cop" for c in head.children)):
            # "The Jogorku Kenesh, Kyrgyzstan's parliament, oversees ...": the parser made the apposition
            # the root, with the name as its subject, and the verb its conjunct.
            subjects = [c for c in head.children if c.dep_ in SUBJECT and c.i < head.i]
            if subjects:
                self._argument(frame, "agent", subjects[0])
        elif dep == "xcomp" and not (trigger.pos_ == "NOUN" and head.lemma_.lower() in self.light_verbs):
            controller = self.frame(head)
            frame.fill("agent", controller.roles.get("patient" if is_passive(head) else "agent", []))
            frame.clause.extend(t for t in controller.clause if t not in frame.clause)
        elif dep == "appos":
            frame.fill("agent", [self._resolve(head)])

    def _noun_context(self, frame: Frame) -> None:
        """Roles a noun or adjective takes from the words around it: a name in apposition, a listing verb,
        a copula (also one the parser left without its subject, hung beside it: "X, which ..., is not a
        member of Y"), the verb that carries it (light verbs) and the clause it modifies."""
        trigger = frame.trigger
        dep, head = attachment(trigger)
        for child in trigger.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                frame.fill("agent", [child])
        verb = head.lemma_.lower()
        if dep in ("nsubj", "nsubj:pass") and verb in self.listing_verbs and not frame.roles.get("agent"):
            for child in head.children:
                if child.dep_ in ("obj", "attr"):
                    self._argument(frame, "agent", child)
        if (dep == "parataxis" and head.pos_ in ("PROPN", "NOUN") and not frame.roles.get("agent")
                and any(c.dep_ == "cop" for c in trigger.children)):
            frame.fill("agent", [self._resolve(head)])
        if dep == "nsubj" and (head.pos_ == "ADJ" or any(c.dep_ == "cop" for c in head.children)):
            frame.clause.append(head)
            if case := case_of(head):
                frame.add(case, head)
            elif head.pos_ in ("NOUN", "PROPN") and not frame.roles.get("agent"):
                self._argument(frame, "agent", head, resolve=False)
        if dep in ("obj", "nsubj:pass") and head.pos_ in ("VERB", "AUX"):
            frame.clause.append(head)
        governs = verb in self.light_verbs and dep in ("obj", "nsubj:pass", "xcomp") or (
            verb in self.with_givers and dep == "obl" and frame.case == "with")
        carrier = head if governs else next((c for c in trigger.children if c.dep_ in ("acl", "acl:relcl")
                                             and c.lemma_.lower() in self.light_verbs), None)
        if carrier is not None:
            giving = self.frame(carrier)
            role = "patient" if self.light_verbs.get(carrier.lemma_.lower()) == "recipient" else "agent"
            frame.fill(role, giving.roles.get("agent", []))
            if dep == "obl":
                frame.fill("to", giving.roles.get("patient", []))
            for other, fillers in giving.roles.items():
                if other not in ("agent", "patient"):
                    frame.fill(other, fillers)
            frame.clause.extend(t for t in giving.clause if t not in frame.clause)
        elif (dep == "obl" or (dep == "advcl" and frame.case in MARKED_PREPOSITIONS)) and head.pos_ == "VERB":
            host = self.frame(head)
            frame.fill("clause", host.roles.get("patient" if is_passive(head) else "agent", []))
        elif frame.case in MARKED_PREPOSITIONS and dep in SUBJECT and head.pos_ == "VERB":
            host = self.frame(head)
            frame.fill("clause", host.roles.get("agent", []))
        elif frame.case in MARKED_PREPOSITIONS and dep == "nmod" and head.pos_ in ("NOUN", "PROPN"):
            frame.fill("clause", [self._resolve(head)])

    def _participle_as_preposition(self, frame: Frame) -> None:
        """"X, based in Y" parsed with "based" as a preposition of "Y" (as EWT treats "based on"): the
        participle's frame, with the noun "Y" modifies as its patient and "Y" under the next preposition."""
        trigger = frame.trigger
        nominal = trigger.head
        after = [c.lower_ for c in nominal.children if c.dep_ == "case" and c.i > trigger.i]
        if nominal.head is not nominal:
            self._argument(frame, "patient", nominal.head)
        self._argument(frame, after[0] if after else "agent", nominal)

    def frame(self, trigger: Token) -> Frame:
        """The frame of one trigger word."""
        frame = Frame(trigger, clause=[trigger], case=case_of(trigger))
        if trigger.dep_ == "case" and trigger.pos_ == "VERB":
            self._participle_as_preposition(frame)
            return frame
        self._own_roles(frame)
        self._verb_context(frame)
        if (trigger.pos_ == "VERB" and trigger.lemma_.lower() in self.unaccusatives and "patient" not in frame.roles
                and "agent" in frame.roles and not is_passive(trigger)):
            frame.roles["patient"] = frame.roles.pop("agent")
        if trigger.pos_ in ("NOUN", "PROPN", "ADJ"):
            self._noun_context(frame)
            self._from_after_with(frame)
        return frame

    def _from_after_with(self, frame: Frame) -> None:
        """"trained staff with USD 45,000 from the Foundation": the parser hangs "from" on the verb,
        but a "from" phrase right after a "with" phrase says where that thing came from."""
        trigger = frame.trigger
        if frame.case not in ("with", "through") or "from" in frame.roles or trigger.head == trigger:
            return
        for child in trigger.head.children:
            if child.i > trigger.i and child.dep_ in ("obl", "nmod") and case_of(child) == "from":
                self._argument(frame, "from", child)
                return

    def frames(self, sent: Span, triggers: Container[str] | None = None) -> list[Frame]:
        """Frames with at least one argument for the content words of a parsed sentence
        (only those whose lemma is in ``triggers``, if given)."""
        out = []
        for token in sent:
            if token.pos_ == "NOUN" and inside_name(token):
                continue
            if token.pos_ in _TRIGGER_POS and (triggers is None or token.lemma_.lower() in triggers):
                frame = self.frame(token)
                if frame.roles:
                    out.append(frame)
        return out
