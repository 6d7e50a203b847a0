"""Interactive HTML view of the graph: pyvis builds the network, the project's own template draws it.

The page is one self-contained file (vis-network, the view's script and
style inlined; no external reference, no network request). Nodes are placed
in Python (physics off, so the first paint is immediate and the same every
time), coloured and shaped by class and sized by PageRank; the most central
actors are labelled at the first paint and the rest as the user zooms,
wherever a label fits without overlapping one already drawn. A click opens
a side panel with the entity's or the edge's statements (``viewdata``);
search, filters, a neighbourhood focus and a PNG export run in the page.
Every document-derived string reaches the page as JSON (``<`` escaped) and
is written with ``textContent``, never as markup.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from ssrgraph.graph.curation import merged_ids
from ssrgraph.graph.network import negative_assertions, project
from ssrgraph.graph.store import SparqlStore
from ssrgraph.graph.viewdata import statement_kind, view_data

__all__ = ["CLASS_STYLE", "RELATION_COLOURS", "STATEMENT_KINDS", "ViewSummary", "select_view", "write_view",
           "layout"]

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
STATEMENT_KINDS = ("fact", "negative", "hedged", "prescribed")
"""How a statement is marked: a positive asserted fact, or said negatively, hedged or as a prescription."""

_TEMPLATES = Path(__file__).with_name("view")
_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


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
    focus = merged_ids(store).get(focus, focus) if focus else focus
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


def write_view(G: nx.MultiDiGraph, store: SparqlStore, output: str | Path, *, seed: int = 0,
               show: tuple[str, ...] = ("fact",), title: str = "ssrgraph", per_edge: int = 25) -> ViewSummary:
    """Write the view of ``G`` (from :func:`select_view`) as one self-contained HTML file.

    Fact edges come from ``G``; every negative, hedged or prescribed
    statement between two of its nodes becomes a dashed edge of its own,
    drawn when its kind is among ``show`` (the page toggles kinds too). The
    panel holds up to ``per_edge`` statements of each edge and kind and says
    how many more the store has (:func:`~ssrgraph.graph.viewdata.view_data`).
    """
    output = Path(output)
    data = view_data(store, G.nodes, per_edge=per_edge)
    index = {statement["id"]: i for i, statement in enumerate(data["statements"])}
    net = Network(height="100%", width="100%", directed=True)
    positions = layout(G, seed=seed)
    spread = 70 * max(len(G), 4) ** 0.5
    top = max((d["pagerank"] for _, d in G.nodes(data=True)), default=1.0) or 1.0
    order = sorted(G, key=lambda n: (-G.nodes[n]["pagerank"], G.nodes[n]["label"]))
    for rank, node in enumerate(order):
        attributes = G.nodes[node]
        colour, shape = CLASS_STYLE.get(attributes["cls"], ("#999999", "dot"))
        weight = attributes["pagerank"] / top
        net.add_node(node, label=attributes["label"], title=f"{attributes['label']} ({attributes['cls']})",
                     color=colour, shape=shape, size=8 + 26 * weight, cls=attributes["cls"], rank=rank,
                     weight=round(weight, 4), x=round(positions[node][0] * spread, 1),
                     y=round(positions[node][1] * spread, 1), physics=False)
    for node in net.nodes:
        data["entities"].setdefault(node["id"], {"aliases": [], "sectors": [], "documents": []}).update(
            label=node.pop("label"), cls=node["cls"], rank=node["rank"])
    for u, v, attributes in G.edges(data=True):
        if attributes.get("negative"):
            continue
        statements = [index[a] for a in attributes["assertions"] if a in index]
        _add_edge(net, u, v, attributes["relation"], "fact", statements, G)
    others: dict[tuple[str, str, str, str], list[int]] = {}
    for i, statement in enumerate(data["statements"]):
        kind = statement_kind(statement)
        if kind != "fact":
            others.setdefault((statement["s"], statement["o"], statement["p"], kind), []).append(i)
    for (u, v, relation, kind), statements in others.items():
        _add_edge(net, u, v, relation, kind, statements, G)
    for edge in net.edges:
        reviews = sorted({f"{st['review']['decision']} by {st['review']['by']}"
                          for st in (data["statements"][i] for i in edge["st"]) if st["review"]})
        if reviews:
            edge["title"] += "\n" + "; ".join(reviews)
    for edge in net.edges:
        edge["hidden"] = edge["kind"] not in show
    nodes, edges, _, _, _, options = net.get_network_data()
    page = _template().render(
        title=title, nodes=nodes, edges=edges, options=_options(), data=data, show=list(show),
        kinds=STATEMENT_KINDS, class_style=CLASS_STYLE, relation_colours=RELATION_COLOURS,
        vis_js=_asset(_VIS / "vis-network.min.js"),
        vis_css=_asset(_VIS / "vis-network.css"), view_js=_asset(_TEMPLATES / "view.js"),
        view_css=_asset(_TEMPLATES / "view.css"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return ViewSummary(output, len(nodes), sum(1 for e in edges if not e["hidden"]))


def _add_edge(net: Network, u: str, v: str, relation: str, kind: str, statements: list[int],
              G: nx.MultiDiGraph) -> None:
    count = len(statements) or 1
    header = f"{'' if kind == 'fact' else kind.upper() + ': '}{G.nodes[u]['label']} {relation} {G.nodes[v]['label']}"
    net.add_edge(u, v, id=f"{u}|{relation}|{v}|{kind}", relation=relation, kind=kind, st=statements,
                 title=f"{header}\n{count} statement(s): click for the sentences", arrows="to",
                 color=RELATION_COLOURS.get(relation, "#999999"), dashes=kind != "fact",
                 width=1 + min(count, 5))


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)
    return environment.get_template("template.html")


@cache
def _asset(path: Path) -> str:
    """A script or style sheet to inline, with any closing tag broken so it cannot end its element early."""
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script").replace("</style", "<\\/style")


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


def _options() -> str:
    return ('{"physics": {"enabled": false}, "edges": {"smooth": false, "selectionWidth": 2},'
            ' "layout": {"improvedLayout": false},'
            ' "interaction": {"hover": true, "tooltipDelay": 150, "hideEdgesOnDrag": true,'
            ' "navigationButtons": false, "keyboard": false},'
            ' "nodes": {"borderWidth": 1, "font": {"size": 0}}}')
