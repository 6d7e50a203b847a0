"""Network exports for other tools: GraphML and GEXF (Gephi), CSV node and edge tables, Kumu's import sheets.

All take the projected graph of :func:`ssrgraph.graph.network.project`; list
attributes become "; "-joined text, since these formats hold only scalars.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

__all__ = ["NETWORK_FORMATS", "write_network"]

NETWORK_FORMATS = ("graphml", "gexf", "csv", "kumu")


def _flat(value):
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def _scalar_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for u, v, key, data in G.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat(v) for k, v in data.items()})
    return flat


def _write_rows(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_network(G: nx.MultiDiGraph, target: str | Path, fmt: str) -> list[Path]:
    """Write ``G`` as ``fmt``; csv and kumu write two files into the folder ``target``. Returns the paths."""
    target = Path(target)
    if fmt == "graphml":
        nx.write_graphml(_scalar_graph(G), target)
        return [target]
    if fmt == "gexf":
        nx.write_gexf(_scalar_graph(G), target)
        return [target]
    if fmt not in NETWORK_FORMATS:
        raise ValueError(f"unknown network format {fmt!r}; expected one of {', '.join(NETWORK_FORMATS)}")
    target.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        nodes, edges = target / "nodes.csv", target / "edges.csv"
        _write_rows(nodes, ["id", "label", "class", "sectors"],
                    ([n, d["label"], d["cls"], _flat(d.get("sectors"))] for n, d in G.nodes(data=True)))
        _write_rows(edges, ["source", "target", "relation", "evidence", "documents", "time", "amount", "currency",
                            "sectors"],
                    ([u, v, d["relation"], d["evidence"], _flat(d["documents"]), _flat(d.get("time")),
                      _flat(d.get("amount")), _flat(d.get("currency")), _flat(d.get("sectors"))]
                     for u, v, d in G.edges(data=True)))
        return [nodes, edges]
    elements, connections = target / "elements.csv", target / "connections.csv"
    _write_rows(elements, ["Label", "Type", "Description", "Tags"],
                ([d["label"], d["cls"], f"ssrgraph id: {n}", " | ".join(d.get("sectors") or [])]
                 for n, d in G.nodes(data=True)))
    _write_rows(connections, ["From", "To", "Type", "Description", "Strength"],
                ([G.nodes[u]["label"], G.nodes[v]["label"], d["relation"],
                  f"{d['evidence']} statement(s); documents: {_flat(d['documents'])}", d["evidence"]]
                 for u, v, d in G.edges(data=True)))
    return [elements, connections]
