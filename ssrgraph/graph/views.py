"""Interactive HTML view of the graph (pyvis), self-contained and working offline.

Nodes are coloured and shaped by class and sized by PageRank; edges are
coloured and labelled by relation; tooltips give the evidence sentences and
their documents as plain text (vis-network shows string tooltips as text,
never as HTML, and pyvis embeds the data through JSON-escaping). Negative
statements are left out unless asked for, then drawn dashed. Above
``layout_threshold`` nodes the layout is computed in Python and physics is
switched off, since vis-network's physics takes minutes on large graphs.
"""

from __future__ import annotations

import html
import math
import random
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from ssrgraph.graph.network import assertion_details, negative_assertions, project
from ssrgraph.graph.store import SparqlStore

__all__ = ["CLASS_STYLE", "RELATION_COLOURS", "ViewSummary", "select_view", "write_view", "layout"]

TOOLTIP_SENTENCES = 4
"""How many evidence sentences an edge's tooltip quotes (the rest are counted)."""

CLASS_STYLE = {
    "State": ("#1f77b4", "dot"),
    "StateAgency": ("#6baed6", "dot"),
    "InternationalOrganisation": ("#d62728", "diamond"),
    "NonStateOrganisation": ("#2ca02c", "triangle"),
    "Person": ("#9467bd", "star"),
    "Programme": ("#ff7f0e", "square"),
    "Policy": ("#8c564b", "triangleDown"),
    "Event": ("#e377c2", "hexagon"),
    "Place": ("#7f7f7f", "dot"),
}
RELATION_COLOURS = {
    "funds": "#2ca02c", "trains": "#1f77b4", "assists": "#17becf", "memberOf": "#d62728",
    "oversees": "#9467bd", "implements": "#ff7f0e", "partnersWith": "#bcbd22", "participatesIn": "#e377c2",
    "partOf": "#aaaaaa", "leads": "#8c564b", "adopts": "#7f7f7f", "locatedIn": "#c7c7c7",
}


@dataclass(frozen=True)
class ViewSummary:
    path: Path
    nodes: int
    edges: int


def _find(G: nx.MultiDiGraph, focus: str) -> str:
    if focus in G:
        return focus
    wanted = focus.casefold()
    for node, data in G.nodes(data=True):
        if data.get("label", "").casefold() == wanted:
            return node
    raise KeyError(f"no entity {focus!r} in the graph (give its id or its label)")


def select_view(store: SparqlStore, *, focus: str | None = None, depth: int = 1, relations=None, classes=None,
                min_evidence: int = 1, max_nodes: int = 500, negative: bool = False) -> nx.MultiDiGraph:
    """The part of the graph a view shows, with ``pagerank`` on each node and ``negative`` on each edge."""
    G = project(store, relations=relations, classes=classes)
    for u, v, key in list(G.edges(keys=True)):
        G.edges[u, v, key]["negative"] = False
        if G.edges[u, v, key]["evidence"] < min_evidence:
            G.remove_edge(u, v, key)
    if negative:
        wanted = set(relations) if relations else None
        for item in negative_assertions(store):
            u, v, relation = item["subject"], item["object"], item["relation"]
            if u in G and v in G and (wanted is None or relation in wanted):
                key = f"not-{relation}"
                if not G.has_edge(u, v, key):
                    G.add_edge(u, v, key=key, relation=relation, evidence=0, documents=[], assertions=[],
                               sectors=[], negative=True)
                G.edges[u, v, key]["evidence"] += 1
                G.edges[u, v, key]["assertions"].append(item["id"])
    G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    if focus is not None:
        centre = _find(G, focus)
        G = G.subgraph(nx.ego_graph(G.to_undirected(as_view=True), centre, radius=depth)).copy()
    simple = nx.DiGraph(G)
    ranks = nx.pagerank(simple) if len(simple) else {}
    if len(G) > max_nodes:
        keep = sorted(G, key=lambda n: (-ranks[n], n))[:max_nodes]
        G = G.subgraph(keep).copy()
    for node in G:
        G.nodes[node]["pagerank"] = ranks.get(node, 0.0)
    return G


def _tooltip_lines(details: dict, assertion_ids: list[str], limit: int = TOOLTIP_SENTENCES) -> list[str]:
    lines = []
    for assertion in assertion_ids[:limit]:
        item = details.get(assertion)
        if item:
            lines.append(f"“{' '.join(item['sentence'].split())[:300]}” ({item['title'] or item['path']})")
    if len(assertion_ids) > limit:
        lines.append(f"... and {len(assertion_ids) - limit} more")
    return lines


def write_view(G: nx.MultiDiGraph, store: SparqlStore, output: str | Path, *, layout_threshold: int = 100,
               seed: int = 0) -> ViewSummary:
    """Write the view of ``G`` (from :func:`select_view`) as one self-contained HTML file."""
    output = Path(output)
    quoted = [a for _, _, d in G.edges(data=True) for a in d["assertions"][:TOOLTIP_SENTENCES]]
    details = assertion_details(store, quoted)
    net = Network(height="820px", width="100%", directed=True, cdn_resources="in_line",
                  select_menu=True, filter_menu=True)
    large = len(G) > layout_threshold
    positions = layout(G, seed=seed) if large else {}
    top = max((d["pagerank"] for _, d in G.nodes(data=True)), default=1.0) or 1.0
    for node, data in G.nodes(data=True):
        colour, shape = CLASS_STYLE.get(data["cls"], ("#999999", "dot"))
        title = [f"{data['label']} ({data['cls']})"]
        if data.get("sectors"):
            title.append("sectors: " + ", ".join(data["sectors"]))
        title.append(f"PageRank {data['pagerank']:.3f}")
        extra = {"x": float(positions[node][0] * 1500), "y": float(positions[node][1] * 1500)} if large else {}
        net.add_node(node, label=data["label"], title="\n".join(title), color=colour, shape=shape,
                     size=10 + 30 * data["pagerank"] / top, cls=data["cls"],
                     physics=not large, **extra)
    for u, v, data in G.edges(data=True):
        relation = data["relation"]
        header = f"{'NOT ' if data['negative'] else ''}{G.nodes[u]['label']} {relation} {G.nodes[v]['label']}"
        lines = [header, f"{data['evidence']} statement(s) in {len(data['documents']) or 1} document(s)"]
        lines += _tooltip_lines(details, data["assertions"])
        net.add_edge(u, v, title="\n".join(lines), label=relation, relation=relation,
                     color="#c0392b" if data["negative"] else RELATION_COLOURS.get(relation, "#999999"),
                     dashes=bool(data["negative"]), arrows="to", width=1 + min(data["evidence"], 5))
    net.set_options(_options(physics=not large))
    page = net.generate_html()
    page = page.replace("</body>", _legend(G) + "\n</body>", 1)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return ViewSummary(output, G.number_of_nodes(), G.number_of_edges())


def layout(G: nx.MultiDiGraph, *, core: int = 300, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Positions for a large view, in time linear past the ``core`` most central nodes.

    A spring layout of all nodes is quadratic (50 s for 5,000 nodes here), so
    only the ``core`` nodes of highest PageRank get one; every other node is
    placed beside the neighbour through which a breadth-first walk from the
    core first reaches it, so periphery gathers round the hubs it hangs
    from. Nodes the walk never reaches go to random places.
    """
    undirected = nx.Graph(G)
    ranked = sorted(G, key=lambda n: (-G.nodes[n]["pagerank"], n))
    centre = undirected.subgraph(ranked[:core])
    positions = {n: tuple(xy) for n, xy in
                 nx.spring_layout(centre, seed=seed, k=2 / max(len(centre), 1) ** 0.5).items()}
    rng = random.Random(seed)
    queue = deque(ranked[:core])
    while queue:
        node = queue.popleft()
        for neighbour in sorted(undirected[node]):
            if neighbour not in positions:
                angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(0.02, 0.08)
                x, y = positions[node]
                positions[neighbour] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
                queue.append(neighbour)
    for node in ranked:
        positions.setdefault(node, (rng.uniform(-1, 1), rng.uniform(-1, 1)))
    return positions


def _options(*, physics: bool) -> str:
    stabilisation = '"stabilization": {"iterations": 150}, "barnesHut": {"gravitationalConstant": -6000}'
    return ('{"physics": {"enabled": %s, %s}, "edges": {"smooth": false, "font": {"size": 9, "align": "middle"}},'
            ' "interaction": {"hover": true, "tooltipDelay": 120, "navigationButtons": true},'
            ' "nodes": {"font": {"size": 13}}}' % ("true" if physics else "false", stabilisation))


def _legend(G: nx.MultiDiGraph) -> str:
    classes = sorted({d["cls"] for _, d in G.nodes(data=True)})
    relations = sorted({d["relation"] for _, _, d in G.edges(data=True)})
    items = [f'<span style="color:{CLASS_STYLE.get(c, ("#999",))[0]}">&#9679;</span> {html.escape(c)}' for c in classes]
    items += [f'<span style="color:{RELATION_COLOURS.get(r, "#999")}">&#8594;</span> {html.escape(r)}' for r in relations]
    items.append('<span style="color:#c0392b">- - &#8594;</span> negative statement')
    return ('<div id="ssr-legend" style="position:fixed;right:12px;bottom:12px;background:#fff;border:1px solid #ccc;'
            'padding:8px 12px;font:12px sans-serif;line-height:1.6;max-width:260px">'
            '<b>Legend</b><br>' + "<br>".join(items) + "</div>")
