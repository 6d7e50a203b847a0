"""Score the store's plain triples against gold annotations, with the errors to learn from.

The gold format and the matching rules are those of the project's
annotation guide: an entity matches a gold entity when one of its names
(label or alias) equals one of the gold entity's names, compared in lower
case without a leading "the" or punctuation; plain triples are compared as
distinct (subject, relation, object) keys, ``partnersWith`` either way round.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ssrgraph.graph.store import SparqlStore
from ssrgraph.ontology import DOC, ID, RELATIONS, SSR, is_symmetric

__all__ = ["normalise_name", "Score", "evaluate_store"]


def normalise_name(name: str) -> str:
    """The form names are compared in.

    >>> normalise_name("The Organisation for Security and Co-operation in Europe")
    'organisation for security and co operation in europe'
    """
    name = name.lower().replace("’", "'")
    name = re.sub(r"^the\s+", "", name.strip())
    name = re.sub(r"[^\w\s]", " ", name)
    return re.sub(r"\s+", " ", name).strip()


@dataclass
class Score:
    """Precision, recall and F1 overall and per relation, entity recall and typing, and the errors."""

    per_relation: dict[str, dict[str, float]]
    precision: float
    recall: float
    f1: float
    entity_recall: float
    typing_accuracy: float
    non_facts_as_facts: list[tuple[str, str, str]]
    false_positives: list[dict] = field(default_factory=list)
    false_negatives: list[dict] = field(default_factory=list)
    entities_per_class: dict[str, dict[str, float]] = field(default_factory=dict)
    missed_entities: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _key(subject: str, relation: str, obj: str) -> tuple[str, str, str]:
    return (min(subject, obj), relation, max(subject, obj)) if is_symmetric(relation) else (subject, relation, obj)


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate_store(store: SparqlStore, gold_dir: str | Path) -> Score:
    """Compare a store's document graphs with ``entities.jsonl`` and ``relations.jsonl`` in ``gold_dir``."""
    gold_dir = Path(gold_dir)
    gold_entities = {e["id"]: e for e in _read_jsonl(gold_dir / "entities.jsonl")}
    gold_relations = _read_jsonl(gold_dir / "relations.jsonl")
    by_name = defaultdict(set)
    for ident, entity in gold_entities.items():
        for name in (entity["label"], *entity.get("aliases", [])):
            by_name[normalise_name(name)].add(ident)

    names, classes = defaultdict(set), defaultdict(set)
    for row in store.query(f"""
            SELECT DISTINCT ?e ?name ?cls WHERE {{ GRAPH ?g {{
                ?e a ?cls . {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?name }}
                UNION {{ ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?name }} }}
                FILTER (STRSTARTS(STR(?g), "{DOC}")) }}"""):
        node = row["e"].value.removeprefix(str(ID))
        names[node].add(normalise_name(row["name"].value))
        classes[node].add(row["cls"].value.removeprefix(str(SSR._NS)))

    def resolve(node: str) -> set[str]:
        return set().union(*(by_name.get(n, set()) for n in names.get(node, ())))

    evidence = defaultdict(list)
    for row in store.query(f"""
            SELECT ?s ?p ?o ?sentence ?pol ?mod WHERE {{ GRAPH ?g {{
                ?a a <{SSR.Assertion}> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ; <{SSR.sentence}> ?sentence ;
                   <{SSR.polarity}> ?pol ; <{SSR.modality}> ?mod }} }}"""):
        key = (row["s"].value.removeprefix(str(ID)), row["p"].value.removeprefix(str(SSR._NS)),
               row["o"].value.removeprefix(str(ID)))
        evidence[key].append(row["sentence"].value)

    predicted: dict[tuple, tuple] = {}
    relation_filter = ", ".join(f"<{SSR[r]}>" for r in RELATIONS)
    for row in store.query(f"""
            SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o FILTER (?p IN ({relation_filter})) }}
                FILTER (STRSTARTS(STR(?g), "{DOC}")) }}"""):
        s, p, o = (row["s"].value.removeprefix(str(ID)), row["p"].value.removeprefix(str(SSR._NS)),
                   row["o"].value.removeprefix(str(ID)))
        subjects, objects = resolve(s), resolve(o)
        if not subjects or not objects:
            predicted[("?" + s, p, "?" + o)] = (s, p, o)
            continue
        for a in subjects:
            for b in objects:
                predicted[_key(a, p, b)] = (s, p, o)

    facts, non_facts, gold_sentence = set(), set(), {}
    for r in gold_relations:
        key = _key(r["subject"], r["predicate"], r["object"])
        (facts if r["polarity"] == "positive" and r["modality"] == "asserted" else non_facts).add(key)
        gold_sentence.setdefault(key, r.get("evidence", ""))
    non_facts -= facts
    tp = facts & set(predicted)
    fp = set(predicted) - facts
    fn = facts - set(predicted)

    per_relation = {}
    for relation in RELATIONS:
        t = sum(1 for k in tp if k[1] == relation)
        f = sum(1 for k in fp if k[1] == relation)
        n = sum(1 for k in fn if k[1] == relation)
        if t + f + n:
            p = t / (t + f) if t + f else 0.0
            r = t / (t + n) if t + n else 0.0
            per_relation[relation] = {"tp": t, "fp": f, "fn": n, "precision": round(p, 3), "recall": round(r, 3),
                                      "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    precision = len(tp) / (len(tp) + len(fp)) if tp or fp else 0.0
    recall = len(tp) / len(facts) if facts else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    used = {x for r in gold_relations for x in (r["subject"], r["object"])}
    nodes_of = defaultdict(set)
    for node in names:
        for ident in resolve(node):
            nodes_of[ident].add(node)
    found = [g for g in used if g in nodes_of]
    typed = [g for g in found if any(gold_entities[g]["type"] in classes[n] for n in nodes_of[g])]
    per_class = {}
    for cls in sorted({gold_entities[g]["type"] for g in used}):
        wanted = [g for g in used if gold_entities[g]["type"] == cls]
        hit = [g for g in found if gold_entities[g]["type"] == cls]
        per_class[cls] = {"gold": len(wanted), "found": len(hit),
                          "recall": round(len(hit) / len(wanted), 3),
                          "typed": round(sum(g in typed for g in hit) / len(hit), 3) if hit else 0.0}
    return Score(
        per_relation=per_relation, precision=round(precision, 3), recall=round(recall, 3), f1=round(f1, 3),
        entity_recall=round(len(found) / len(used), 3) if used else 0.0,
        typing_accuracy=round(len(typed) / len(found), 3) if found else 0.0,
        non_facts_as_facts=sorted(non_facts & set(predicted)),
        false_positives=[{"triple": k, "node": predicted[k], "sentences": evidence.get(predicted[k], [])[:2]}
                         for k in sorted(fp)],
        false_negatives=[{"triple": k, "sentence": gold_sentence.get(k, "")} for k in sorted(fn)],
        entities_per_class=per_class,
        missed_entities=[{"id": g, "label": gold_entities[g]["label"], "type": gold_entities[g]["type"]}
                         for g in sorted(set(used) - set(found))],
    )


def curated_measure(store: SparqlStore) -> dict[str, dict]:
    """The extractor measured on the team's own review: per relation, from the decisions in the store.

    Precision is accepted / reviewed (accepted, rejected or fixed) over the
    extracted assertions a decision applies to; ``missed`` counts the facts
    the analysts had to state themselves (added, or the corrected statement
    of a fix that changed an end or the relation), and recall is accepted / (accepted
    + missed): the share of facts known on the reviewed sample that the
    extractor found. Orphaned decisions are not counted.
    """
    from ssrgraph.graph.curation import load_decisions
    from ssrgraph.ontology import ASSERTION

    relations = {}
    for row in store.query(f"""SELECT ?a ?p WHERE {{ GRAPH ?g {{ ?a <{SSR.reviewStatus}> ?status ;
                                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p }}
                               FILTER (?status IN ("accepted", "rejected", "fixed")) }}"""):
        relations[row["a"].value.removeprefix(str(ASSERTION))] = row["p"].value.removeprefix(str(SSR._NS))
    table = {r: {"accepted": 0, "rejected": 0, "fixed": 0, "missed": 0} for r in RELATIONS}
    latest = {d.target: d for d in load_decisions(store) if d.action in ("accept", "reject", "fix")}
    for target, decision in latest.items():
        relation = relations.get(target)
        if relation is None:
            continue
        table[relation][{"accept": "accepted", "reject": "rejected", "fix": "fixed"}[decision.action]] += 1
        if decision.action == "fix" and (decision.subject or decision.relation or decision.object):
            table[decision.relation or relation]["missed"] += 1
    for row in store.query(f"""SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?g {{
                                   ?a <{SSR.reviewStatus}> "added" ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p }} }}
                               GROUP BY ?p"""):
        table[row["p"].value.removeprefix(str(SSR._NS))]["missed"] += int(row["n"].value)
    for counts in table.values():
        reviewed = counts["accepted"] + counts["rejected"] + counts["fixed"]
        counts["precision"] = counts["accepted"] / reviewed if reviewed else None
        known = counts["accepted"] + counts["missed"]
        counts["recall"] = counts["accepted"] / known if known else None
    return {r: c for r, c in table.items() if any(c[k] for k in ("accepted", "rejected", "fixed", "missed"))}
