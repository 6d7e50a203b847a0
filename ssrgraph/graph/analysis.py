"""Measures over the projected graph, the networkx way: graph first, keyword options, dicts keyed by node.

All functions take the MultiDiGraph of :func:`ssrgraph.graph.network.project`
(or any graph whose edges carry ``relation`` and, for coverage, ``sectors``
and ``assertions``) and return plain data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from ssrgraph.graph.network import collapse

__all__ = [
    "SUPPORT_RELATIONS", "UNSPECIFIED", "SECURITY_SECTORS", "OVERSIGHT_SECTORS",
    "degree_by_relation", "centrality", "brokerage", "communities", "roles",
    "state_of", "coverage", "coverage_gaps", "donor_profiles", "oversight_gaps",
]

SUPPORT_RELATIONS = ("funds", "trains", "assists")
UNSPECIFIED = "unspecified"
SECURITY_SECTORS = frozenset({"police", "defence", "justice", "penal", "border-management", "intelligence",
                              "counter-terrorism", "counter-narcotics"})
OVERSIGHT_SECTORS = frozenset({"parliamentary-oversight", "civil-society-oversight", "ssr-assessment"})


def degree_by_relation(G: nx.MultiDiGraph) -> dict:
    """In- and out-degree of each node, per relation.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("eu", "kz", key="funds", relation="funds")
    'funds'
    >>> degree_by_relation(G)["eu"]
    {'funds': {'in': 0, 'out': 1}}
    """
    result: dict = {node: {} for node in G}
    for u, v, data in G.edges(data=True):
        relation = data["relation"]
        result[u].setdefault(relation, {"in": 0, "out": 0})["out"] += 1
        result[v].setdefault(relation, {"in": 0, "out": 0})["in"] += 1
    return result


def centrality(G: nx.MultiDiGraph, *, weight: str | None = None, betweenness_k: int | None = None,
               seed: int = 0) -> dict:
    """Degree, betweenness, PageRank and eigenvector centrality of each node.

    Computed on the collapsed directed graph; eigenvector centrality on its
    undirected form, and ``None`` where it does not converge. With
    ``betweenness_k`` betweenness is estimated from that many sampled sources.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for target in ("kz", "kg", "tj"):
    ...     _ = G.add_edge("eu", target, key="funds", relation="funds")
    >>> scores = centrality(G)
    >>> scores["eu"]["degree"], round(scores["kz"]["pagerank"], 3)
    (1.0, 0.265)
    """
    simple = collapse(G)
    if simple.number_of_nodes() == 0:
        return {}
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    k = betweenness_k if betweenness_k and betweenness_k < len(simple) else None
    betweenness = nx.betweenness_centrality(simple, k=k, seed=seed, weight=weight)
    pagerank = nx.pagerank(simple, weight=weight)
    try:
        eigenvector = nx.eigenvector_centrality(simple.to_undirected(), max_iter=1000, tol=1e-6, weight=weight)
    except nx.PowerIterationFailedConvergence:
        eigenvector = {}
    return {node: {"degree": degree[node], "betweenness": betweenness[node], "pagerank": pagerank[node],
                   "eigenvector": eigenvector.get(node)} for node in simple}


def brokerage(G: nx.MultiDiGraph) -> dict:
    """Burt's constraint and effective size of each node (structural holes), on the undirected graph.

    Low constraint and high effective size mark brokers between otherwise
    unconnected actors.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("broker", "a"), ("broker", "b"), ("broker", "c")]:
    ...     _ = G.add_edge(u, v, key="assists", relation="assists")
    >>> brokerage(G)["broker"]
    {'constraint': 0.3333333333333333, 'effective_size': 3.0}
    """
    simple = nx.Graph(collapse(G).to_undirected())
    simple.remove_edges_from(nx.selfloop_edges(simple))
    constraint = nx.constraint(simple)
    effective = nx.effective_size(simple)
    return {node: {"constraint": None if constraint[node] != constraint[node] else constraint[node],
                   "effective_size": None if effective[node] != effective[node] else effective[node]}
            for node in simple}


def communities(G: nx.MultiDiGraph, *, seed: int = 0, resolution: float = 1.0) -> list[set]:
    """Louvain communities of the undirected collapsed graph, largest first (seeded: repeatable)."""
    simple = collapse(G).to_undirected()
    if simple.number_of_edges() == 0:
        return [{n} for n in simple]
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed, resolution=resolution)
    return sorted(found, key=lambda c: (-len(c), sorted(c)))


def roles(G: nx.MultiDiGraph, *, relations: Iterable[str] = SUPPORT_RELATIONS) -> dict:
    """Donor and recipient scores: out- and in-degree over the support relations.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("eu", "kz", key="funds", relation="funds")
    >>> _ = G.add_edge("us", "kz", key="trains", relation="trains")
    >>> roles(G)["kz"]
    {'donor': 0, 'recipient': 2}
    """
    wanted = set(relations)
    result = {node: {"donor": 0, "recipient": 0} for node in G}
    for u, v, data in G.edges(data=True):
        if data["relation"] in wanted:
            result[u]["donor"] += 1
            result[v]["recipient"] += 1
    return result


def state_of(G: nx.MultiDiGraph, node) -> str | None:
    """The state a node is, or belongs to through ``partOf`` edges (a body of a state)."""
    seen = set()
    while node not in seen:
        seen.add(node)
        if G.nodes[node].get("cls") == "State":
            return node
        parents = [v for _, v, data in G.out_edges(node, data=True) if data["relation"] == "partOf"]
        if not parents:
            return None
        node = parents[0]
    return None


def _served_by(G: nx.MultiDiGraph, programme) -> list[tuple]:
    """(recipient, edge data) pairs a programme serves: its own support edges and its participants."""
    served = [(v, d) for _, v, d in G.out_edges(programme, data=True) if d["relation"] in SUPPORT_RELATIONS]
    served += [(u, d) for u, _, d in G.in_edges(programme, data=True) if d["relation"] == "participatesIn"]
    return served


def coverage(G: nx.MultiDiGraph, *, relations: Iterable[str] = (*SUPPORT_RELATIONS, "implements")) -> dict:
    """Recipient state x sector -> the support edges behind it.

    Each positive support edge reaches its object's state (bodies count for
    their state); an edge to a programme reaches the states the programme
    serves (donor -> programme -> recipient), and ``implements`` makes the
    implementer support them too. A cell lists, per donor, the assertion ids
    of every edge on the path, so each count leads back to sentences. The
    sectors of a cell come from the assertions and from the entities; support
    with no sector goes to the ``"unspecified"`` column.

    Returns ``{state: {sector: {donor: [assertion ids]}}}``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("kz", cls="State", sectors=[])
    >>> G.add_node("p", cls="Programme", sectors=["border-management"])
    >>> G.add_node("eu", cls="InternationalOrganisation", sectors=[])
    >>> _ = G.add_edge("eu", "p", key="funds", relation="funds", sectors=[], assertions=["a1"])
    >>> _ = G.add_edge("p", "kz", key="trains", relation="trains", sectors=["police"], assertions=["a2"])
    >>> dict(coverage(G)["kz"]["border-management"])
    {'p': ['a2'], 'eu': ['a1', 'a2']}
    """
    wanted = set(relations)
    cells: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))

    def credit(donor, recipient, sectors, assertions):
        state = state_of(G, recipient)
        if state is None or state == state_of(G, donor):
            return
        for sector in sectors or {UNSPECIFIED}:
            bucket = cells[state][sector][donor]
            bucket.extend(a for a in assertions if a not in bucket)

    for u, v, data in G.edges(data=True):
        relation = data["relation"]
        if relation not in wanted:
            continue
        edge_sectors = set(data.get("sectors", [])) | set(G.nodes[v].get("sectors", []))
        if G.nodes[v].get("cls") == "Programme":
            for recipient, served in _served_by(G, v):
                sectors = edge_sectors | set(served.get("sectors", [])) | set(G.nodes[recipient].get("sectors", []))
                credit(u, recipient, sectors, data.get("assertions", []) + served.get("assertions", []))
        elif relation in SUPPORT_RELATIONS:
            credit(u, v, edge_sectors | set(G.nodes[u].get("sectors", [])), data.get("assertions", []))
    return {state: {sector: dict(donors) for sector, donors in by_sector.items()} for state, by_sector in cells.items()}


def coverage_gaps(matrix: dict, states: Iterable[str], sectors: Iterable[str]) -> list[tuple[str, str]]:
    """The (state, sector) cells of a coverage matrix that no one covers.

    >>> coverage_gaps({"kz": {"police": {"eu": ["a1"]}}}, ["kz", "tj"], ["police"])
    [('tj', 'police')]
    """
    return [(state, sector) for state in states for sector in sectors if not matrix.get(state, {}).get(sector)]


def donor_profiles(matrix: dict) -> dict:
    """Each donor's support per sector (number of recipient states), from a coverage matrix.

    >>> donor_profiles({"kz": {"police": {"eu": ["a1"]}}, "tj": {"police": {"eu": ["a2"]}}})
    {'eu': Counter({'police': 2})}
    """
    profiles: dict = defaultdict(Counter)
    for by_sector in matrix.values():
        for sector, donors in by_sector.items():
            for donor in donors:
                profiles[donor][sector] += 1
    return dict(profiles)


def oversight_gaps(G: nx.MultiDiGraph, *, sectors: Iterable[str] = SECURITY_SECTORS) -> list:
    """Security bodies (state agencies in ``sectors``) with no positive incoming ``oversees`` edge.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("police-kz", cls="StateAgency", sectors=["police"])
    >>> G.add_node("army-kz", cls="StateAgency", sectors=["defence"])
    >>> G.add_node("kz", cls="State", sectors=[])
    >>> _ = G.add_edge("kz", "army-kz", key="oversees", relation="oversees")
    >>> oversight_gaps(G)
    ['police-kz']
    """
    wanted = set(sectors)
    gaps = []
    for node, data in G.nodes(data=True):
        if data.get("cls") != "StateAgency" or not wanted & set(data.get("sectors", [])):
            continue
        if not any(d["relation"] == "oversees" for _, _, d in G.in_edges(node, data=True)):
            gaps.append(node)
    return sorted(gaps)
