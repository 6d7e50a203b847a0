"""SPARQL over the store: saved questions (``queries/*.rq``), running queries, formatting results.

A saved query is a ``.rq`` file whose first comment lines say what it asks::

    # title: Who funds whom
    # Funding edges with amounts and years, and the sentence behind each.

Queries run in Oxigraph with the default graph as the union of all graphs.
A malformed query raises :class:`QueryError` with the parser's message and
the line and column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ssrgraph.graph.store import SparqlStore
from ssrgraph.ontology import ID

__all__ = ["QUERY_DIR", "SavedQuery", "QueryError", "QueryResult", "saved_queries", "resolve_query",
           "bind", "run_query", "format_result"]

QUERY_DIR = Path(__file__).parent / "queries"
FORMATS = ("table", "csv", "tsv", "json")


class QueryError(Exception):
    """A query that cannot be parsed or run; the message gives the position."""


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path


@dataclass
class QueryResult:
    """Variables and rows (each a dict of variable -> plain value), or a boolean for ASK."""

    variables: list[str]
    rows: list[dict[str, str | None]]
    boolean: bool | None = None


def _parse_header(text: str) -> tuple[str, str]:
    title, description = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.lower().startswith("title:"):
            title = body.split(":", 1)[1].strip()
        elif body:
            description.append(body)
    return title, " ".join(description)


def saved_queries(directory: Path = QUERY_DIR) -> dict[str, SavedQuery]:
    """The saved questions, by name (the file name without ``.rq``)."""
    found = {}
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title, description = _parse_header(text)
        found[path.stem] = SavedQuery(path.stem, title or path.stem, description, text, path)
    return found


def resolve_query(given: str) -> tuple[str, str]:
    """The text and a display name for a query given as a saved name, a ``.rq`` path or SPARQL text."""
    saved = saved_queries()
    if given in saved:
        return saved[given].text, given
    path = Path(given)
    if given.endswith(".rq") or (len(given) < 300 and "\n" not in given and path.suffix and path.exists()):
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except OSError as error:
            raise QueryError(f"{given}: cannot read query file ({error.strerror or error})") from error
    if re.match(r"^[\w-]+$", given):
        raise QueryError(f"no saved query named {given!r}; 'ssrgraph query --list' shows them")
    return given, "query"


def bind(text: str, bindings: dict[str, str]) -> str:
    """Fix variables to values with a VALUES block at the start of the WHERE clause.

    A bare word becomes an entity IRI, an http(s) address an IRI, anything else a string.

    >>> bind("SELECT ?s WHERE { ?s ?p ?o }", {"s": "kazakhstan"})
    'SELECT ?s WHERE { VALUES (?s) { (<https://w3id.org/ssrgraph/id/kazakhstan>) } ?s ?p ?o }'
    """
    if not bindings:
        return text
    terms = []
    for name, value in bindings.items():
        if not re.match(r"^\w+$", name):
            raise QueryError(f"not a variable name: {name!r}")
        if value.startswith(("http://", "https://", "urn:")):
            terms.append(f"<{value}>")
        elif re.match(r"^[\w.-]+$", value):
            terms.append(f"<{ID[value]}>")
        else:
            terms.append(json.dumps(value))
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None:
        raise QueryError("--bind needs a query with a WHERE clause")
    block = f" VALUES ({' '.join('?' + n for n in bindings)}) {{ ({' '.join(terms)}) }}"
    return text[:where.end()] + block + text[where.end():]


def _plain(term) -> str | None:
    if term is None:
        return None
    return term.value


def run_query(store: SparqlStore, text: str, *, name: str = "query", limit: int | None = None) -> QueryResult:
    """Run a SELECT or ASK query (CONSTRUCT/DESCRIBE give subject/predicate/object rows)."""
    try:
        result = store.query(text)
    except SyntaxError as error:
        raise QueryError(f"{name}: {error}") from None
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"{name}: {error}") from None
    if isinstance(result, (bool, ox.QueryBoolean)):
        return QueryResult([], [], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            rows.append({v: _plain(solution[v]) for v in variables})
            if limit is not None and len(rows) >= limit:
                break
        return QueryResult(variables, rows)
    rows = []
    for triple in result:
        rows.append({"subject": triple.subject.value, "predicate": triple.predicate.value,
                     "object": triple.object.value})
        if limit is not None and len(rows) >= limit:
            break
    return QueryResult(["subject", "predicate", "object"], rows)


def format_result(result: QueryResult, fmt: str) -> str:
    """CSV, TSV or SPARQL 1.1 JSON results text (the table format is drawn by the CLI)."""
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        bindings = [{k: {"type": "literal", "value": v} for k, v in row.items() if v is not None}
                    for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, indent=1) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        values = [row.get(v) or "" for v in result.variables]
        writer.writerow([v.replace("\t", " ").replace("\n", " ") for v in values] if fmt == "tsv" else values)
    return buffer.getvalue()
