"""SPARQL over the store: saved questions (``queries/*.rq``), running queries, formatting results.

A saved query is a ``.rq`` file whose first comment lines say what it asks::

    # title: Who funds whom
    # Funding edges with amounts and years, and the sentence behind each.

Queries run in Oxigraph with the default graph as the union of all graphs.
A malformed query raises :class:`QueryError` with the parser's message and
the line and column; an update (``INSERT``, ``DELETE``, ``LOAD`` ...) raises
it before anything runs, saying that querying is read-only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ssrgraph.graph import results
from ssrgraph.graph.store import SparqlStore
from ssrgraph.ontology import ID

__all__ = ["QUERY_DIR", "SavedQuery", "QueryError", "QueryResult", "saved_queries", "resolve_query",
           "bind", "is_update", "run_query", "format_result"]

QUERY_DIR = Path(__file__).parent / "queries"
FORMATS = ("table", "csv", "tsv", "json")
READ_ONLY = ("updates are not allowed: ssrgraph query is read-only "
             "(use `ssrgraph build` to change the graph)")
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH"}
_PROLOGUE = re.compile(r"\s+|#[^\n]*|PREFIX\s*[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>", re.IGNORECASE)


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
    """Variables and rows, or a boolean for ASK.

    ``rows`` hold plain values (an IRI's address, a literal's text) for tables
    and DataFrames; ``terms`` the same rows as RDF terms, for the W3C formats.
    """

    variables: list[str]
    rows: list[dict[str, str | None]]
    boolean: bool | None = None
    terms: list[dict] = field(default_factory=list)


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


def is_update(text: str) -> bool:
    """Whether SPARQL text is an update request rather than a query (after its prefixes and comments).

    >>> is_update("PREFIX ex: <urn:x#> DELETE WHERE { ?s ex:p ?o }"), is_update("SELECT * { ?s ?p ?o }")
    (True, False)
    """
    position = 0
    while match := _PROLOGUE.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    word = re.match(r"[A-Za-z]+", text[position:])
    return bool(word) and word.group(0).upper() in _UPDATE_KEYWORDS


def run_query(store: SparqlStore, text: str, *, name: str = "query", limit: int | None = None) -> QueryResult:
    """Run a SELECT or ASK query (CONSTRUCT/DESCRIBE give subject/predicate/object rows).

    Updates are refused with :data:`READ_ONLY` before the store sees them.
    """
    if is_update(text):
        raise QueryError(f"{name}: {READ_ONLY}")
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
        terms = []
        for solution in result:
            terms.append({v: solution[v] for v in variables})
            if limit is not None and len(terms) >= limit:
                break
    else:
        variables = ["subject", "predicate", "object"]
        terms = []
        for triple in result:
            terms.append({"subject": triple.subject, "predicate": triple.predicate, "object": triple.object})
            if limit is not None and len(terms) >= limit:
                break
    rows = [{v: _plain(term) for v, term in row.items()} for row in terms]
    return QueryResult(variables, rows, terms=terms)


def format_result(result: QueryResult, fmt: str) -> str:
    """SPARQL 1.1 JSON, CSV or TSV results text (the table format is drawn by the CLI)."""
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps(results.boolean_json(result.boolean)) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return json.dumps(results.to_json(result.variables, result.terms), indent=1) + "\n"
    if fmt == "tsv":
        return results.to_tsv(result.variables, result.terms)
    return results.to_csv(result.variables, result.terms)
