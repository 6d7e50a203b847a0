"""The review worksheet: extracted assertions out to a spreadsheet, the analysts' decisions back in.

``write_worksheet`` writes one row per assertion (UTF-8 with a byte-order
mark so Excel reads it as UTF-8, every cell quoted, CRLF line ends); a cell
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading apostrophe, which
``read_worksheet`` takes off again. ``read_worksheet`` checks every row
against the store before anything is applied and raises one
:class:`~ssrgraph.graph.curation.CurationError` listing every problem, each
naming its line and column.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from string import ascii_uppercase

from ssrgraph.graph.curation import MODALITIES, POLARITIES, CurationError, Decision, merged_ids, now
from ssrgraph.graph.store import ENTITY_GRAPH, SparqlStore
from ssrgraph.ontology import ASSERTION, DOC, ID, RELATIONS, SECTOR, SSR

__all__ = ["COLUMNS", "DECISION_COLUMNS", "worksheet_rows", "write_worksheet", "read_worksheet", "resolve_entity",
           "review_counts", "added_facts"]

COLUMNS = ("id", "document", "path", "sentence", "subject", "subject_label", "relation", "object", "object_label",
           "polarity", "modality", "time", "amount", "currency", "sectors", "confidence", "method", "status",
           "reviewed_by", "decision", "new_subject", "new_relation", "new_object", "new_polarity", "new_modality",
           "note")
DECISION_COLUMNS = COLUMNS[COLUMNS.index("decision"):]
"""The columns an analyst fills in; the others describe the assertion."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ID = re.compile(r"[A-Za-z0-9_-]+")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def worksheet_rows(store: SparqlStore, *, relation: str | None = None, document: str | None = None,
                   entity: str | None = None, below: float | None = None, unreviewed: bool = False) -> list[dict]:
    """One dict per assertion (extracted or added), in document and sentence order, filtered as asked.

    ``document`` matches a document id or path (its end is enough);
    ``entity`` an id or a label at either end; ``below`` keeps assertions of
    lower confidence; ``unreviewed`` those no decision has touched.
    """
    labels = {row["e"].value: row["l"].value for row in store.query(
        f"SELECT ?e ?l WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}")}
    wanted_entity = resolve_entity(store, entity) if entity else None
    rows = []
    for row in store.query(f"""
            SELECT ?a ?g ?path ?sentence ?start ?s ?p ?o ?pol ?mod ?time ?amount ?currency ?conf ?method ?status ?by
                   (GROUP_CONCAT(DISTINCT STR(?sector); separator=" ") AS ?sectors) WHERE {{
                GRAPH ?g {{ ?a <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ;
                              <{SSR.polarity}> ?pol ; <{SSR.modality}> ?mod ; <{SSR.sentence}> ?sentence ;
                              <{SSR.startOffset}> ?start ; <{SSR.method}> ?method .
                           ?g <{SSR.path}> ?path .
                           OPTIONAL {{ ?a <{SSR.confidence}> ?conf }} OPTIONAL {{ ?a <{SSR.time}> ?time }}
                           OPTIONAL {{ ?a <{SSR.amount}> ?amount }} OPTIONAL {{ ?a <{SSR.currency}> ?currency }}
                           OPTIONAL {{ ?a <{SSR.sector}> ?sector }}
                           OPTIONAL {{ ?a <{SSR.reviewStatus}> ?status ; <{SSR.reviewedIn}> ?decision }} }}
                OPTIONAL {{ ?decision <http://www.w3.org/ns/prov#wasAssociatedWith>/<http://www.w3.org/2000/01/rdf-schema#label> ?by }}
                FILTER (STRSTARTS(STR(?g), "{DOC}")) }}
            GROUP BY ?a ?g ?path ?sentence ?start ?s ?p ?o ?pol ?mod ?time ?amount ?currency ?conf ?method ?status ?by"""):
        item = {
            "id": row["a"].value.removeprefix(str(ASSERTION)), "document": row["g"].value.removeprefix(str(DOC)),
            "path": row["path"].value, "sentence": " ".join(row["sentence"].value.split()),
            "subject": row["s"].value.removeprefix(str(ID)), "relation": row["p"].value.removeprefix(str(SSR._NS)),
            "object": row["o"].value.removeprefix(str(ID)),
            "polarity": row["pol"].value.removeprefix(str(SSR._NS)),
            "modality": row["mod"].value.removeprefix(str(SSR._NS)),
            "time": _value(row["time"]), "amount": _value(row["amount"]), "currency": _value(row["currency"]),
            "sectors": " ".join(sorted(s.removeprefix(str(SECTOR)) for s in row["sectors"].value.split()))
            if row["sectors"] is not None else "",
            "confidence": _value(row["conf"]), "method": row["method"].value,
            "status": _value(row["status"]) or "unreviewed", "reviewed_by": _value(row["by"]),
            "_start": int(row["start"].value),
        }
        item["subject_label"] = labels.get(row["s"].value, item["subject"])
        item["object_label"] = labels.get(row["o"].value, item["object"])
        if relation and item["relation"] != relation:
            continue
        if document and not (item["document"] == document or item["path"].endswith(document)):
            continue
        if wanted_entity and wanted_entity not in (item["subject"], item["object"]):
            continue
        if below is not None and not (item["confidence"] and float(item["confidence"]) < below):
            continue
        if unreviewed and item["status"] != "unreviewed":
            continue
        rows.append(item)
    rows.sort(key=lambda r: (r["path"], r["_start"], r["id"]))
    return rows


def _value(term) -> str:
    return term.value if term is not None else ""


def neutralise(cell: str) -> str:
    """A cell that cannot run as a spreadsheet formula.

    >>> [neutralise(cell) for cell in ("=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "Germany")]
    ["'=HYPERLINK(1)", "'+1", "'-2", "'@SUM(A1)", 'Germany']
    """
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


def write_worksheet(rows: list[dict], path: str | Path) -> int:
    """Write the worksheet; returns the number of rows."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([neutralise(str(row.get(column, "") or "")) for column in COLUMNS])
    return len(rows)


def resolve_entity(store: SparqlStore, given: str) -> str | None:
    """An entity id from an id, a label or an alias (case-insensitive, a leading "the" optional).

    Merged ids resolve to the entity they became.
    """
    merged = merged_ids(store)
    if given in merged:
        return merged[given]
    names = store.entity_names()
    if given in names:
        return given
    wanted = {given.strip().casefold(), re.sub(r"^the\s+", "", given.strip(), flags=re.I).casefold()}
    for entity, (label, _) in sorted(names.items()):
        if label.casefold() in wanted:
            return entity
    for row in store.query(f"""SELECT ?e ?alias WHERE {{ GRAPH ?g {{ ?e <http://www.w3.org/2004/02/skos/core#altLabel> ?alias }}
                               GRAPH <{ENTITY_GRAPH}> {{ ?e a ?c }} }} ORDER BY ?e"""):
        if row["alias"].value.casefold() in wanted:
            return row["e"].value.removeprefix(str(ID))
    return None


def read_worksheet(path: str | Path, store: SparqlStore, *, by: str, at: str | None = None) -> list[Decision]:
    """The decisions a filled-in worksheet states (rows without a decision are skipped).

    Raises :class:`CurationError` naming every bad line and column (an
    unknown decision word, id or entity; a wrong column count; a missing
    header) so that nothing is applied from a partly wrong sheet.
    """
    path = Path(path)
    at = at or now()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CurationError(f"{path}: cannot read the worksheet ({error})") from None
    lines = text.splitlines(keepends=True)
    if not lines:
        raise CurationError(f"{path}: empty worksheet")
    delimiter = max(",;\t", key=lines[0].count)
    reader = csv.reader(lines, delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in ("id", *DECISION_COLUMNS) if c not in header]
    if missing:
        raise CurationError(f"{path}:1: the header lacks the column(s) {', '.join(missing)}")
    documents = {g.removeprefix(str(DOC)): info["sha256"] for g, info in store.documents().items()}
    problems, pending = [], []
    line = reader.line_num + 1
    for cells in reader:
        where, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(f"{path}:{where}: expected {len(header)} columns, found {len(cells)}")
            continue
        row = {name: _restore(cell.strip()) for name, cell in zip(header, cells)}
        if row["decision"]:
            pending.append((where, row))
    known = _assertion_documents(store, [row["id"] for _, row in pending])
    decisions = []
    for where, row in pending:
        def bad(column: str, message: str) -> None:
            letter = _column_letter(header.index(column))
            problems.append(f"{path}:{where}: column {column} ({letter}): {message}")

        decision = row["decision"].lower()
        if decision not in ("accept", "reject", "fix"):
            bad("decision", f"{row['decision']!r} is not one of accept, reject, fix")
            continue
        if row["id"] not in known:
            bad("id", f"no assertion {row['id']!r} in the store")
            continue
        fields = {"subject": row["new_subject"], "relation": row["new_relation"], "object": row["new_object"],
                  "polarity": row["new_polarity"].lower(), "modality": row["new_modality"].lower()}
        if decision != "fix":
            given = [f"new_{name}" for name, value in fields.items() if value]
            if given:
                bad(given[0], f"a correction is given but the decision is {decision!r} (use 'fix')")
                continue
            fields = {}
        elif not any(fields.values()):
            bad("new_relation", "'fix' needs at least one of new_subject, new_relation, new_object, "
                                "new_polarity, new_modality")
            continue
        ok = True
        for end in ("subject", "object"):
            if fields.get(end):
                resolved = resolve_entity(store, fields[end])
                if resolved is None:
                    bad(f"new_{end}", f"no entity {fields[end]!r} (give an id, a label or an alias)")
                    ok = False
                fields[end] = resolved
        for name, allowed in (("relation", RELATIONS), ("polarity", POLARITIES), ("modality", MODALITIES)):
            if fields.get(name) and fields[name] not in allowed:
                bad(f"new_{name}", f"{fields[name]!r} is not one of {', '.join(allowed)}")
                ok = False
        if ok:
            document = known[row["id"]]
            decisions.append(Decision(decision, by, at, note=row["note"], target=row["id"], document=document,
                                      digest=documents.get(document),
                                      **{k: v for k, v in fields.items() if v}))
    if problems:
        raise CurationError("\n".join(problems))
    return decisions


def _assertion_documents(store: SparqlStore, ids: list[str]) -> dict[str, str]:
    """Assertion id -> the id of the document graph that holds it, for the ids the store knows."""
    found = {}
    for start in range(0, len(ids), 400):
        values = " ".join(f"<{ASSERTION[i]}>" for i in ids[start:start + 400] if _ID.fullmatch(i))
        if not values:
            continue
        for row in store.query(f"""SELECT ?a ?g WHERE {{ VALUES ?a {{ {values} }}
                                   GRAPH ?g {{ ?a a <{SSR.Assertion}> }} }}"""):
            found[row["a"].value.removeprefix(str(ASSERTION))] = row["g"].value.removeprefix(str(DOC))
    return found


def _column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return letters


def review_counts(store: SparqlStore) -> dict[str, int]:
    """Statements of fact (positive, asserted) by review status: unreviewed, accepted, rejected, fixed, added."""
    counts = dict.fromkeys(("unreviewed", "accepted", "rejected", "fixed", "added"), 0)
    for row in store.query(f"""
            SELECT ?status (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?g {{
                ?a <{SSR.polarity}> <{SSR.positive}> ; <{SSR.modality}> <{SSR.asserted}> .
                OPTIONAL {{ ?a <{SSR.reviewStatus}> ?status }} }} FILTER (STRSTARTS(STR(?g), "{DOC}")) }}
            GROUP BY ?status"""):
        counts[_value(row["status"]) or "unreviewed"] += int(row["n"].value)
    return counts


def added_facts(store: SparqlStore) -> list[dict]:
    """Facts the analysts added: assertion id, ends, relation, who added them and why."""
    rows = store.query(f"""
        SELECT ?a ?s ?p ?o ?by ?note WHERE {{
            GRAPH ?g {{ ?a <{SSR.reviewStatus}> "added" ; <{SSR.reviewedIn}> ?d ;
                          <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o }}
            ?d <http://www.w3.org/ns/prov#wasAssociatedWith>/<http://www.w3.org/2000/01/rdf-schema#label> ?by .
            OPTIONAL {{ ?d <http://www.w3.org/2000/01/rdf-schema#comment> ?note }} }} ORDER BY ?s ?p ?o""")
    return [{"id": row["a"].value.removeprefix(str(ASSERTION)), "subject": row["s"].value.removeprefix(str(ID)),
             "relation": row["p"].value.removeprefix(str(SSR._NS)), "object": row["o"].value.removeprefix(str(ID)),
             "by": row["by"].value, "note": _value(row["note"])} for row in rows]
