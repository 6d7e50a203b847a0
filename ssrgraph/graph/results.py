"""SPARQL 1.1 query results in the W3C formats: JSON, XML, CSV and TSV.

One writer for the CLI (``ssrgraph query --format``) and the endpoint, so
both give the same answer to the same query. Rows are dicts of variable to
pyoxigraph term (unbound variables absent or ``None``).

- JSON (https://www.w3.org/TR/sparql11-results-json/): IRIs ``"uri"``, blank
  nodes ``"bnode"``, literals with ``xml:lang`` or ``datatype`` (none for
  ``xsd:string``).
- CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/): plain values, lines
  ended by CRLF, fields quoted where they hold a comma, quote or line break.
- TSV: terms written as in Turtle (``<iri>``, ``"text"@en``,
  ``"1"^^<...#integer>``, ``_:b``), a header of ``?``-prefixed variables.

>>> import pyoxigraph as ox
>>> row = {"s": ox.NamedNode("https://example.org/a"), "l": ox.Literal("Astana", language="en")}
>>> to_tsv(["s", "l"], [row]).splitlines()
['?s\\t?l', '<https://example.org/a>\\t"Astana"@en']
>>> to_json(["s"], [row])["results"]["bindings"][0]["s"]
{'type': 'uri', 'value': 'https://example.org/a'}
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["term_json", "to_json", "to_xml", "to_csv", "to_tsv", "boolean_json", "boolean_xml"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NS = "http://www.w3.org/2005/sparql-results#"
Row = Mapping[str, "ox.NamedNode | ox.BlankNode | ox.Literal | None"]


def term_json(term) -> dict:
    """One RDF term as a SPARQL JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        item = {"type": "literal", "value": term.value}
        if term.language:
            item["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            item["datatype"] = term.datatype.value
        return item
    return {"type": "triple", "value": str(term)}


def _bound(row: Row, variables: Iterable[str]):
    return ((v, row[v]) for v in variables if row.get(v) is not None)


def to_json(variables: list[str], rows: Iterable[Row]) -> dict:
    """A SELECT result as the JSON results object (``json.dumps`` it to send)."""
    return {"head": {"vars": list(variables)},
            "results": {"bindings": [{v: term_json(t) for v, t in _bound(row, variables)} for row in rows]}}


def boolean_json(value: bool) -> dict:
    """An ASK result as the JSON results object."""
    return {"head": {}, "boolean": bool(value)}


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value == _XSD_STRING:
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"


def to_xml(variables: list[str], rows: Iterable[Row]) -> str:
    """A SELECT result as SPARQL XML results."""
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    body = "".join("<result>" + "".join(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                                        for v, t in _bound(row, variables)) + "</result>" for row in rows)
    return f'<?xml version="1.0"?><sparql xmlns="{_NS}"><head>{head}</head><results>{body}</results></sparql>'


def boolean_xml(value: bool) -> str:
    """An ASK result as SPARQL XML results."""
    return f'<?xml version="1.0"?><sparql xmlns="{_NS}"><head/><boolean>{"true" if value else "false"}</boolean></sparql>'


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def to_csv(variables: list[str], rows: Iterable[Row]) -> str:
    """A SELECT result as SPARQL CSV results (values only: types are lost, as the format says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(row.get(v)) for v in variables])
    return buffer.getvalue()


def _tsv_value(term) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def to_tsv(variables: list[str], rows: Iterable[Row]) -> str:
    """A SELECT result as SPARQL TSV results (terms in Turtle syntax)."""
    lines = ["\t".join("?" + v for v in variables)]
    lines.extend("\t".join(_tsv_value(row.get(v)) for v in variables) for row in rows)
    return "\n".join(lines) + "\n"
