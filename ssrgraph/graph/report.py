"""The analysts' report: who matters, who connects whom, where nobody works, and what the texts say is absent.

:func:`build_report` computes the numbers from the store (through
:mod:`ssrgraph.graph.network` and :mod:`ssrgraph.graph.analysis`) and keeps,
for every number, the assertions behind it. :func:`write_report` renders
Markdown or HTML with two figures (coverage heatmap, centrality chart) in
which every count links to its evidence: document and sentence.
All text from documents is escaped.
"""

from __future__ import annotations

import base64
import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
from rdflib.namespace import RDF, SKOS

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from ssrgraph.graph import analysis  # noqa: E402
from ssrgraph.graph.network import assertion_details, negative_assertions, project, region_members  # noqa: E402
from ssrgraph.graph.stats import store_stats  # noqa: E402
from ssrgraph.graph.review import added_facts, review_counts  # noqa: E402
from ssrgraph.graph.store import SparqlStore  # noqa: E402
from ssrgraph.ontology import ACTOR_CLASSES, RELATIONS, data_graph  # noqa: E402

__all__ = ["Report", "build_report", "write_report"]


@dataclass
class Report:
    """Everything the report shows, with evidence groups: group id -> assertion details."""

    stats: dict
    labels: dict[str, str]
    central: list[dict]
    by_relation: dict[str, list[tuple[str, int, str]]]
    brokers: list[dict]
    communities: list[list[str]]
    roles: list[dict]
    states: list[str]
    sectors: list[tuple[str, str]]
    coverage: dict[str, dict[str, tuple[int, str]]]
    gaps: list[tuple[str, str]]
    profiles: list[dict]
    skipping_oversight: list[str]
    oversight_gaps: list[tuple[str, str]]
    absent: list[dict]
    only_negative: list[str]
    review: dict[str, int] = field(default_factory=dict)
    added: list[dict] = field(default_factory=list)
    evidence: dict[str, list[dict]] = field(default_factory=dict)


def _sector_labels() -> list[tuple[str, str]]:
    graph = data_graph("sectors")
    items = [(str(c).rsplit("/", 1)[1], str(graph.value(c, SKOS.prefLabel)))
             for c in graph.subjects(RDF.type, SKOS.Concept)]
    return sorted(items, key=lambda item: item[1])


def build_report(store: SparqlStore, *, top: int = 10) -> Report:
    """Compute the report's tables from a store."""
    G = project(store)
    labels = {node: data["label"] for node, data in G.nodes(data=True)}
    groups: dict[str, list[str]] = {}

    def group(assertion_ids) -> str:
        ids = sorted(set(assertion_ids))
        key = f"ev-{len(groups) + 1}"
        groups[key] = ids
        return key

    def edge_assertions(node) -> list[str]:
        edges = list(G.out_edges(node, data=True)) + list(G.in_edges(node, data=True))
        return [a for _, _, d in edges for a in d["assertions"]]

    scores = analysis.centrality(G, betweenness_k=256 if len(G) > 2000 else None)
    actors = [n for n in scores if G.nodes[n]["cls"] in ACTOR_CLASSES]
    ranked = sorted(actors, key=lambda n: (-scores[n]["pagerank"], -scores[n]["degree"], n))[:top]
    central = [{"node": n, "cls": G.nodes[n]["cls"], **scores[n], "edges": G.degree(n),
                "evidence": group(edge_assertions(n))} for n in ranked]

    def relation_assertions(node, relations) -> list[str]:
        edges = list(G.out_edges(node, data=True)) + list(G.in_edges(node, data=True))
        return [a for _, _, d in edges if d["relation"] in relations for a in d["assertions"]]

    degrees = analysis.degree_by_relation(G)
    by_relation = {}
    for relation in RELATIONS:
        counts = Counter({n: d[relation]["out"] + d[relation]["in"] for n, d in degrees.items() if relation in d})
        by_relation[relation] = [(n, c, group(relation_assertions(n, {relation}))) for n, c in counts.most_common(3)]

    holes = analysis.brokerage(G)
    brokers = sorted((n for n in holes if holes[n]["effective_size"] and G.nodes[n]["cls"] in ACTOR_CLASSES),
                     key=lambda n: (-holes[n]["effective_size"], holes[n]["constraint"] or 1, n))[:top]
    brokers = [{"node": n, **holes[n], "evidence": group(edge_assertions(n))} for n in brokers]

    communities = [sorted(c, key=lambda n: labels[n]) for c in analysis.communities(G) if len(c) > 2][:8]

    role_scores = analysis.roles(G)
    roles = sorted((n for n in role_scores if role_scores[n]["donor"] or role_scores[n]["recipient"]),
                   key=lambda n: (-role_scores[n]["donor"], -role_scores[n]["recipient"], n))[:15]
    roles = [{"node": n, **role_scores[n], "evidence": group(relation_assertions(n, analysis.SUPPORT_RELATIONS))}
             for n in roles]

    states = region_members(store)
    for state in states:
        labels.setdefault(state, state.replace("-", " ").title())
    sectors = _sector_labels() + [(analysis.UNSPECIFIED, "Unspecified sector")]
    matrix = analysis.coverage(G)
    coverage = {}
    for state in states:
        coverage[state] = {}
        for sector, _ in sectors:
            donors = matrix.get(state, {}).get(sector, {})
            if donors:
                coverage[state][sector] = (len(donors), group(a for ids in donors.values() for a in ids))
    gaps = analysis.coverage_gaps(matrix, states, [s for s, _ in sectors if s != analysis.UNSPECIFIED])

    profiles_raw = analysis.donor_profiles(matrix)
    profiles = [{"node": donor, "sectors": dict(profile.most_common())}
                for donor, profile in sorted(profiles_raw.items(), key=lambda item: -sum(item[1].values()))]
    skipping = sorted(d for d, p in profiles_raw.items()
                      if set(p) - {analysis.UNSPECIFIED} and not set(p) & analysis.OVERSIGHT_SECTORS)

    gaps_oversight = [(n, G.nodes[n]["cls"]) for n in analysis.oversight_gaps(G)]

    negatives = negative_assertions(store)
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in negatives:
        for sector in item["sectors"] or ["(no sector)"]:
            grouped[(item["relation"], sector)].append(item["id"])
        labels.setdefault(item["subject"], item["subject"])
        labels.setdefault(item["object"], item["object"])
    absent = [{"relation": r, "sector": s, "count": len(ids), "evidence": group(ids)}
              for (r, s), ids in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    negative_subjects = {item["subject"] for item in negatives}
    positive_subjects = {u for u, _ in G.edges()}
    only_negative = sorted(s for s in negative_subjects - positive_subjects
                           if G.nodes.get(s, {}).get("cls", "State") == "State")

    added = [{**item, "evidence": group([item["id"]])} for item in added_facts(store)]
    details = assertion_details(store, {a for ids in groups.values() for a in ids})
    for item in details.values():
        labels.setdefault(item["subject"], item["subject"])
        labels.setdefault(item["object"], item["object"])
    evidence = {key: [dict(id=a, **details[a]) for a in ids if a in details] for key, ids in groups.items()}
    return Report(stats=store_stats(store), labels=labels, central=central, by_relation=by_relation,
                  brokers=brokers, communities=communities, roles=roles, states=states, sectors=sectors,
                  coverage=coverage, gaps=gaps, profiles=profiles, skipping_oversight=skipping,
                  oversight_gaps=gaps_oversight, absent=absent, only_negative=only_negative,
                  review=review_counts(store), added=added, evidence=evidence)


# ------------------------------------------------------------------ figures

def _heatmap(report: Report, path: Path) -> None:
    counts = [[report.coverage[s].get(sector, (0, ""))[0] for sector, _ in report.sectors] for s in report.states]
    figure, axes = plt.subplots(figsize=(11, 0.6 * len(report.states) + 2.8))
    image = axes.imshow(counts, cmap="Blues", aspect="auto", vmin=0)
    axes.set_xticks(range(len(report.sectors)), [label for _, label in report.sectors], rotation=55, ha="right",
                    fontsize=8)
    axes.set_yticks(range(len(report.states)), [report.labels.get(s, s) for s in report.states])
    for row, values in enumerate(counts):
        for column, value in enumerate(values):
            axes.text(column, row, str(value) if value else "·", ha="center", va="center", fontsize=8,
                      color="white" if value and value >= max(map(max, counts)) * 0.6 else "black")
    figure.colorbar(image, ax=axes, label="donors with positive support edges")
    axes.set_title("Who supports which Central Asian state in which sector")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _centrality_chart(report: Report, path: Path) -> None:
    names = [report.labels[row["node"]] for row in report.central][::-1]
    values = [row["pagerank"] for row in report.central][::-1]
    figure, axes = plt.subplots(figsize=(8, 0.4 * len(names) + 1.5))
    axes.barh(names, values, color="#3b6ea5")
    axes.set_xlabel("PageRank")
    axes.set_title("Most central actors")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


# --------------------------------------------------------------- rendering

class _Writer:
    """Minimal Markdown/HTML emitter: the same calls render either format, text always escaped."""

    def __init__(self, fmt: str):
        self.fmt, self.parts = fmt, []

    def esc(self, text) -> str:
        text = str(text)
        return html.escape(text) if self.fmt == "html" else text.replace("|", "\\|").replace("<", "&lt;")

    def link(self, text, target: str) -> str:
        return (f'<a href="#{target}">{self.esc(text)}</a>' if self.fmt == "html"
                else f"[{self.esc(text)}](#{target})")

    def heading(self, text: str, level: int = 2, anchor: str | None = None) -> None:
        if self.fmt == "html":
            ident = f' id="{anchor}"' if anchor else ""
            self.parts.append(f"<h{level}{ident}>{self.esc(text)}</h{level}>")
        else:
            self.parts.append(("" if not anchor else f'<a id="{anchor}"></a>\n') + "#" * level + " " + self.esc(text))

    def para(self, text: str, raw: bool = False) -> None:
        body = text if raw else self.esc(text)
        self.parts.append(f"<p>{body}</p>" if self.fmt == "html" else body)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        """Cells are already escaped/linked strings."""
        if self.fmt == "html":
            head = "".join(f"<th>{self.esc(h)}</th>" for h in header)
            body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
            self.parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:
            lines = ["| " + " | ".join(self.esc(h) for h in header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(row) + " |" for row in rows]
            self.parts.append("\n".join(lines))

    def image(self, path: Path, alt: str) -> None:
        if self.fmt == "html":
            data = base64.b64encode(path.read_bytes()).decode()
            self.parts.append(f'<img alt="{self.esc(alt)}" src="data:image/png;base64,{data}">')
        else:
            self.parts.append(f"![{self.esc(alt)}]({path.name})")


_STYLE = """body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
th{background:#f0f3f7}img{max-width:100%}blockquote{color:#444;border-left:3px solid #9ab;margin:.3em 0;padding-left:.8em}"""


def _render(report: Report, fmt: str, figures: dict[str, Path]) -> str:
    w = _Writer(fmt)
    name = lambda node: w.esc(report.labels.get(node, node))  # noqa: E731
    number = lambda value, key: w.link(value, key)  # noqa: E731
    w.heading("Security sector reform in Central Asia: who works with whom, and where the gaps are", 1)
    stats = report.stats
    w.para(f"Built from {stats['documents']} documents: {sum(stats['entities'].values())} entities and "
           f"{sum(stats['edges'].values())} relations stated as fact. Every number below links to the "
           "sentences it rests on (see Evidence at the end). Statements the texts deny, hedge or recommend "
           "are not counted as facts; they appear under 'What the texts say is missing'.")

    review = report.review
    w.heading("Analysts' review")
    w.para(f"Statements of fact: {review.get('accepted', 0)} accepted and {review.get('added', 0)} added by "
           f"analysts, {review.get('unreviewed', 0)} not reviewed yet; {review.get('rejected', 0)} rejected and "
           f"{review.get('fixed', 0)} fixed (replaced by the corrected statement) no longer count. "
           "'ssrgraph review' writes the worksheet, 'ssrgraph curate' applies it.")
    if report.added:
        w.table(["added fact", "by", "note", "evidence"],
                [[f"{name(r['subject'])} {w.esc(r['relation'])} {name(r['object'])}", w.esc(r["by"]),
                  w.esc(r["note"]), number("sentence", r["evidence"])] for r in report.added])

    w.heading("Who matters: the most central actors")
    w.para("PageRank and degree measure how connected an actor is; betweenness how often it lies on the "
           "shortest path between two others. The number of relations links to their evidence.")
    w.image(figures["centrality"], "Most central actors by PageRank")
    w.table(["actor", "type", "relations", "degree", "betweenness", "PageRank", "eigenvector"],
            [[name(r["node"]), w.esc(r["cls"]), number(r["edges"], r["evidence"]), f"{r['degree']:.3f}",
              f"{r['betweenness']:.3f}", f"{r['pagerank']:.3f}",
              "n/a" if r["eigenvector"] is None else f"{r['eigenvector']:.3f}"] for r in report.central])
    w.heading("Most connected per relation", 3)
    w.table(["relation", "most connected (edges)"],
            [[w.esc(rel), ", ".join(f"{name(n)} ({number(c, key)})" for n, c, key in rows)]
             for rel, rows in report.by_relation.items() if rows])

    w.heading("Who connects whom: brokers")
    w.para("Brokers link actors that are not linked to each other (structural holes): a high effective "
           "size and a low constraint.")
    w.table(["actor", "effective size", "constraint", "evidence"],
            [[name(r["node"]), f"{r['effective_size']:.2f}",
              "n/a" if r["constraint"] is None else f"{r['constraint']:.2f}", number("sentences", r["evidence"])]
             for r in report.brokers])
    w.heading("Groups that work together (communities)", 3)
    w.table(["group", "members"], [[str(i + 1), ", ".join(name(n) for n in c)]
                                   for i, c in enumerate(report.communities)])

    w.heading("Donors and recipients")
    w.para("Donor: funds, trains or assists others; recipient: is funded, trained or assisted.")
    w.table(["actor", "gives (edges)", "receives (edges)", "evidence"],
            [[name(r["node"]), str(r["donor"]), str(r["recipient"]), number("sentences", r["evidence"])]
             for r in report.roles])

    w.heading("Coverage: who supports which Central Asian state in which sector")
    w.para("A cell counts the donors with positive funding, training, assistance or implementing edges "
           "that reach the state, directly, through its agencies or through programmes. An empty cell "
           "means the documents show no such support.")
    w.image(figures["coverage"], "Coverage heatmap: Central Asian states by sector")
    w.table(["state"] + [label for _, label in report.sectors],
            [[name(s)] + [number(report.coverage[s][sector][0], report.coverage[s][sector][1])
                          if sector in report.coverage[s] else "" for sector, _ in report.sectors]
             for s in report.states])
    w.heading("Empty cells", 3)
    by_state = defaultdict(list)
    sector_label = dict(report.sectors)
    for state, sector in report.gaps:
        by_state[state].append(sector_label[sector])
    w.table(["state", "sectors with no support found"],
            [[name(s), w.esc(", ".join(v))] for s, v in by_state.items()])
    w.heading("Donors' sector profiles", 3)
    w.table(["donor", "sectors (recipient states)"],
            [[name(p["node"]), w.esc(", ".join(f"{sector_label.get(k, k)} ({v})" for k, v in p["sectors"].items()))]
             for p in report.profiles])
    w.para("Donors whose support skips oversight sectors (parliamentary and civil-society oversight, SSR "
           "assessment) entirely: " + (", ".join(name(d) for d in report.skipping_oversight) or "none"), raw=True)

    w.heading("Oversight gaps")
    w.para("Security bodies (police, armed forces, border, intelligence, justice, penal, counter-terrorism "
           "and counter-narcotics agencies) that no document says anyone oversees.")
    w.table(["body", "type"], [[name(n), w.esc(cls)] for n, cls in report.oversight_gaps])

    w.heading("What the texts say is missing")
    w.para("Negative statements (\"virtually no oversight\", \"almost non-existent\", \"did not\"), by "
           "relation and sector.")
    w.table(["relation", "sector", "statements"],
            [[w.esc(r["relation"]), w.esc(sector_label.get(r["sector"], r["sector"])), number(r["count"], r["evidence"])]
             for r in report.absent])
    w.para("States that appear only as subjects of negative statements: "
           + (", ".join(name(s) for s in report.only_negative) or "none"), raw=True)

    w.heading("Evidence")
    for key, items in report.evidence.items():
        if not items:
            continue
        w.heading(key, 4, anchor=key)
        lines = []
        for item in items:
            quality = "" if item["polarity"] == "positive" and item["modality"] == "asserted" else \
                f" [{item['polarity']}, {item['modality']}]"
            if item.get("review"):
                quality += f" [{item['review'][0]} by {item['review'][1]}]"
            head = (f"{report.labels.get(item['subject'], item['subject'])} {item['relation']} "
                    f"{report.labels.get(item['object'], item['object'])}{quality}: "
                    f"{item['title'] or item['path']} ({item['path']})")
            if fmt == "html":
                lines.append(f"<li>{w.esc(head)}<blockquote>{w.esc(item['sentence'])}</blockquote></li>")
            else:
                lines.append(f"- {w.esc(head)}\n\n  > {w.esc(' '.join(item['sentence'].split()))}")
        w.parts.append("<ul>" + "".join(lines) + "</ul>" if fmt == "html" else "\n".join(lines))
    body = "\n\n".join(w.parts)
    if fmt == "html":
        return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ssrgraph report</title>"
                f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n")
    return body + "\n"


def write_report(report: Report, directory: str | Path, *, fmt: str = "html") -> Path:
    """Write the report (``report.html`` or ``report.md``) and its figures into ``directory``."""
    if fmt not in ("html", "md"):
        raise ValueError(f"unknown report format {fmt!r}; expected html or md")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    figures = {"coverage": directory / "coverage.png", "centrality": directory / "centrality.png"}
    _heatmap(report, figures["coverage"])
    _centrality_chart(report, figures["centrality"])
    target = directory / f"report.{fmt}"
    target.write_text(_render(report, fmt, figures), encoding="utf-8")
    return target
