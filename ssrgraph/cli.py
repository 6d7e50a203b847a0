"""The ``ssrgraph`` command: a thin layer over the library.

Exit codes (every command):

====  =====================================================================
0     success
1     the store does not conform to the shapes (``validate``)
2     bad usage or bad input: unknown option, malformed query, unreadable data file
3     the build finished but skipped some inputs (each named on stderr)
4     the store cannot be opened (missing, or locked by another process)
====  =====================================================================
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ssrgraph.extract.documents import DEFAULT_MAX_BYTES, find_documents
from ssrgraph.extract.knowledge import DataFileError
from ssrgraph.graph.store import EXPORT_FORMATS, STORE_ENV, GraphStore, SparqlStore, StoreError, open_store, store_path

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_SKIPPED, EXIT_STORE = 0, 1, 2, 3, 4

app = typer.Typer(help="Build, check and query the SSR knowledge graph of Central Asia.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", help=f"Store folder (default: ${STORE_ENV}, else ./ssrgraph-store).")]
STORE_URL_ENV = "SSRGRAPH_STORE_URL"
StoreUrlOption = Annotated[Optional[str], typer.Option(
    "--store-url", envvar=STORE_URL_ENV, show_envvar=False,
    help=f"Use the SPARQL 1.1 server at this URL (e.g. 'oxigraph serve --union-default-graph') instead of "
         f"a store folder (default: ${STORE_URL_ENV}).")]


def bundled_corpus() -> Path:
    """The sample corpus: ./corpus if present, else the one beside the package source."""
    here = Path.cwd() / "corpus"
    return here if here.is_dir() else Path(__file__).resolve().parent.parent / "corpus"


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _open(store: Optional[Path], url: Optional[str] = None, *, create: bool = False) -> SparqlStore:
    try:
        return open_store(store, url=url, create=create)
    except StoreError as error:
        raise _fail(str(error), EXIT_STORE) from None


def _table(title: str, counts: dict[str, int], first: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    if not counts:
        table.add_row("(none)", "0")
    return table


def _print_stats(stats: dict) -> None:
    out.print(f"[bold]{stats['documents']}[/] documents, {stats['quads']} quads in the store")
    out.print(_table("Entities by class", stats["entities"], "class"))
    out.print(_table("Plain edges (positive, asserted facts) by relation", stats["edges"], "relation"))
    out.print(_table("Assertions by polarity/modality", stats["qualities"], "polarity/modality"))


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: the bundled corpus).")] = None,
    store: StoreOption = None,
    store_url: StoreUrlOption = None,
    prune: Annotated[bool, typer.Option(help="Drop documents no longer among the inputs.")] = False,
    strict: Annotated[bool, typer.Option(help="Treat any skipped input as fatal: write nothing.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Skip files larger than this.")] = DEFAULT_MAX_BYTES,
    model: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to add its NER.")] = None,
    actors: Annotated[Optional[Path], typer.Option(help="Use this known-actors Turtle file instead of the bundled one.")] = None,
    patterns: Annotated[Optional[Path], typer.Option(help="Use this folder of pattern files instead of the bundled one.")] = None,
    workers: Annotated[int, typer.Option(help="Extraction processes (default: the cores available; 1 runs "
                                              "in this process).")] = 0,
) -> None:
    """Extract entities and relations from documents into the store (only what changed)."""
    from ssrgraph.extract.documents import DocumentError, read_document
    from ssrgraph.extract.knowledge import PATTERN_DIR, load_knowledge
    from ssrgraph.extract.surface_patterns import compile_patterns
    from ssrgraph.graph.build import build as run_build
    from ssrgraph.ontology import DATA_FILES

    inputs = list(paths or [bundled_corpus()])
    files = list(find_documents(inputs))
    if strict:
        problems = []
        for path in files:
            try:
                read_document(path, max_bytes=max_bytes)
            except DocumentError as error:
                problems.append(str(error))
        if problems:
            for problem in problems:
                err.print(f"[red]skipped:[/] {problem}", highlight=False)
            raise _fail(f"--strict: {len(problems)} input(s) cannot be read; nothing was written", EXIT_SKIPPED)
    options = {k: v for k, v in (("model", model), ("actors", actors), ("patterns", patterns)) if v}
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        compile_patterns(load_knowledge(*(Path(p) for p in (patterns or PATTERN_DIR, actors or DATA_FILES["actors"]))),
                         patterns or PATTERN_DIR)
    except DataFileError as error:
        raise _fail(str(error), EXIT_USAGE) from None
    with _open(store, store_url, create=True) as graph_store:
        with Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=err, transient=True) as bar:
            task = bar.add_task("", total=len(files))

            def tick(path: str) -> None:
                bar.update(task, advance=1, description=Path(path).name)

            try:
                report = run_build(files, graph_store, prune=prune, max_bytes=max_bytes, progress=tick,
                                   actors=actors, workers=workers or available, pipeline_options=options)
            except OSError as error:
                raise _fail(f"cannot load spaCy pipeline {model!r}: {error}", EXIT_USAGE) from None
        documents = len(graph_store.documents())
        location = graph_store.location
    table = Table(title="Documents", title_justify="left")
    table.add_column("outcome")
    table.add_column("count", justify="right")
    for name, items in (("added", report.added), ("replaced", report.replaced), ("unchanged", report.unchanged),
                        ("pruned", report.pruned), ("skipped", report.skipped)):
        table.add_row(name, str(len(items)))
    out.print(table)
    out.print(_table("Assertions extracted in this build, by relation",
                     dict(report.assertions.most_common()), "relation"))
    out.print(f"[bold]{documents}[/] documents in the store ('ssrgraph stats' counts what it holds)")
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    for path, reason in report.skipped:
        err.print(f"[red]skipped:[/] {path}: {reason}", highlight=False)
    for orphan in report.orphans:
        err.print(f"[yellow]orphaned decision:[/] {orphan}", highlight=False)
    out.print(f"store: {location}", highlight=False)
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write (a folder for csv and kumu).")],
    format: Annotated[str, typer.Option("--format", "-f", help="RDF: trig, ttl, nq, nt, jsonld; network: "
                                                              "graphml, gexf, csv, kumu.")] = "trig",
    store: StoreOption = None,
    store_url: StoreUrlOption = None,
    background: Annotated[bool, typer.Option(help="RDF only: also export the ontology, shapes, sectors and "
                                                  "known actors.")] = False,
) -> None:
    """Write the graph: RDF (document graphs, with --background the vocabulary) or a network for Gephi or Kumu."""
    from ssrgraph.graph.exports import NETWORK_FORMATS, write_network
    from ssrgraph.graph.network import project

    if format not in EXPORT_FORMATS and format not in NETWORK_FORMATS:
        raise _fail(f"unknown format {format!r}; expected one of {', '.join([*EXPORT_FORMATS, *NETWORK_FORMATS])}",
                    EXIT_USAGE)
    with _open(store, store_url) as graph_store:
        if format in NETWORK_FORMATS:
            try:
                paths = write_network(project(graph_store), output, format)
            except OSError as error:
                raise _fail(f"{output}: cannot write ({error.strerror or error})", EXIT_USAGE) from None
            out.print("wrote " + ", ".join(str(p) for p in paths), highlight=False)
            return
        temporary = output.with_name(output.name + ".part")
        try:
            count = graph_store.export(str(temporary), format, background=background)
            temporary.replace(output)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise _fail(f"{output}: cannot write ({error.strerror or error})", EXIT_USAGE) from None
    out.print(f"wrote {count} statements to {output}", highlight=False)


@app.command()
def validate(store: StoreOption = None, store_url: StoreUrlOption = None) -> None:
    """Check the store against the SHACL shapes; exit 1 with a report when it does not conform."""
    from ssrgraph.graph.validate import validate_graph

    with _open(store, store_url) as graph_store:
        result = validate_graph(graph_store.union_of_documents())
    if result.conforms:
        out.print("[green]conforms[/]: the store satisfies every shape")
        return
    out.print(result.text, highlight=False, markup=False)
    raise typer.Exit(EXIT_INVALID)


@app.command()
def stats(store: StoreOption = None, store_url: StoreUrlOption = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False) -> None:
    """Counts of documents, entities by class, edges by relation and assertions."""
    from ssrgraph.graph.stats import store_stats

    with _open(store, store_url) as graph_store:
        result = store_stats(graph_store)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=1) + "\n")
    else:
        _print_stats(result)


def _print_curated(table: dict[str, dict], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(table, indent=1) + "\n")
        return
    if not table:
        out.print("no reviewed assertions yet: 'ssrgraph review' writes a worksheet, 'ssrgraph curate' applies it")
        return
    shown = Table(title="The extractor on the analysts' review, per relation", title_justify="left")
    for column in ("relation", "accepted", "rejected", "fixed", "precision", "missed (added)", "recall"):
        shown.add_column(column, justify="left" if column == "relation" else "right")
    totals = {k: sum(row[k] for row in table.values()) for k in ("accepted", "rejected", "fixed", "missed")}
    ratio = lambda value: "n/a" if value is None else f"{value:.2f}"  # noqa: E731
    for relation, row in table.items():
        shown.add_row(relation, str(row["accepted"]), str(row["rejected"]), str(row["fixed"]), ratio(row["precision"]),
                      str(row["missed"]), ratio(row["recall"]))
    reviewed = totals["accepted"] + totals["rejected"] + totals["fixed"]
    known = totals["accepted"] + totals["missed"]
    shown.add_row("[bold]overall", *(str(totals[k]) for k in ("accepted", "rejected", "fixed")),
                  ratio(totals["accepted"] / reviewed if reviewed else None), str(totals["missed"]),
                  ratio(totals["accepted"] / known if known else None))
    out.print(shown)


@app.command()
def evaluate(
    gold: Annotated[Optional[Path], typer.Option(help="Folder with entities.jsonl and relations.jsonl.")] = None,
    docs: Annotated[Optional[Path], typer.Option(help="Build these documents into a temporary store first.")] = None,
    store: StoreOption = None,
    store_url: StoreUrlOption = None,
    errors: Annotated[int, typer.Option(help="How many false positives and negatives to list.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    curated: Annotated[bool, typer.Option(help="Measure the extractor on the analysts' review instead of gold: "
                                               "precision per relation on reviewed assertions, recall gap "
                                               "from the facts they added.")] = False,
) -> None:
    """Precision, recall and F1 of the plain triples against gold annotations (or the team's review), with the errors."""
    import tempfile

    from ssrgraph.graph.build import build as run_build
    from ssrgraph.graph.evaluation import curated_measure, evaluate_store

    if curated:
        with _open(store, store_url) as graph_store:
            _print_curated(curated_measure(graph_store), as_json)
        return
    if gold is None:
        raise _fail("give --gold FOLDER (or --curated to measure on the analysts' review)", EXIT_USAGE)
    for name in ("entities.jsonl", "relations.jsonl"):
        if not (gold / name).is_file():
            raise _fail(f"{gold / name}: no such file", EXIT_USAGE)
    with tempfile.TemporaryDirectory() as temporary:
        if docs is not None:
            with GraphStore(Path(temporary) / "store") as graph_store:
                report = run_build([docs], graph_store)
                for path, reason in report.skipped:
                    err.print(f"[red]skipped:[/] {path}: {reason}", highlight=False)
                score = evaluate_store(graph_store, gold)
        else:
            with _open(store, store_url) as graph_store:
                score = evaluate_store(graph_store, gold)
    if as_json:
        sys.stdout.write(json.dumps(score.as_dict(), indent=1, default=list) + "\n")
        return
    table = Table(title="Plain triples against gold, per relation", title_justify="left")
    for column in ("relation", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "relation" else "right")
    for relation, row in score.per_relation.items():
        table.add_row(relation, f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}",
                      str(row["tp"]), str(row["fp"]), str(row["fn"]))
    table.add_row("[bold]overall", f"[bold]{score.precision:.3f}", f"[bold]{score.recall:.3f}",
                  f"[bold]{score.f1:.3f}", "", "", "")
    out.print(table)
    out.print(f"entity recall {score.entity_recall:.3f}, typing accuracy {score.typing_accuracy:.3f}, "
              f"negated/hedged/prescribed emitted as facts: {len(score.non_facts_as_facts)}")
    classes = Table(title="Entities that take part in a gold fact, per class", title_justify="left")
    for column in ("class", "gold", "found", "recall", "typed"):
        classes.add_column(column, justify="left" if column == "class" else "right")
    for cls, row in score.entities_per_class.items():
        classes.add_row(cls, str(row["gold"]), str(row["found"]), f"{row['recall']:.2f}", f"{row['typed']:.2f}")
    out.print(classes)
    if score.missed_entities:
        out.print(f"Entities never named ({len(score.missed_entities)}):")
        for entity in score.missed_entities[:errors]:
            out.print(f"  {entity['label']} ({entity['type']})", highlight=False)
    for triple in score.non_facts_as_facts:
        out.print(f"  non-fact emitted as fact: {' '.join(triple)}", highlight=False)
    for title, items, text in (("False positives", score.false_positives, lambda e: (e["sentences"] or [""])[0]),
                               ("False negatives", score.false_negatives, lambda e: e["sentence"])):
        out.print(f"[bold]{title}[/] ({len(items)}, first {min(errors, len(items))}):")
        for entry in items[:errors]:
            out.print(f"  {' '.join(entry['triple'])}  |  {text(entry)[:200]}", highlight=False, markup=False)


@app.command()
def candidates(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: the bundled corpus).")] = None,
    turtle: Annotated[Optional[Path], typer.Option(help="Also write the candidates as Turtle for review.")] = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 50,
) -> None:
    """Names that look like actors but are not in actors.ttl, with class guesses and examples."""
    from ssrgraph.extract.candidates import find_candidates
    from ssrgraph.extract.documents import DocumentError, read_document
    from ssrgraph.graph.rdf import candidates_turtle

    documents, skipped = [], 0
    for path in find_documents(paths or [bundled_corpus()]):
        try:
            documents.append(read_document(path))
        except DocumentError as error:
            skipped += 1
            err.print(f"[red]skipped:[/] {error}", highlight=False)
    found = find_candidates(documents)
    table = Table(title=f"Unknown names ({len(found)})", title_justify="left")
    for column in ("label", "class guess", "count", "docs", "example"):
        table.add_column(column, overflow="fold")
    for candidate in found[:limit]:
        table.add_row(candidate.label, candidate.cls, str(candidate.count), str(len(candidate.documents)),
                      candidate.example[:120])
    out.print(table)
    if turtle is not None:
        turtle.write_text(candidates_turtle(found), encoding="utf-8")
        out.print(f"wrote {len(found)} candidates to {turtle}", highlight=False)
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the report and figures into.")],
    format: Annotated[str, typer.Option("--format", "-f", help="html or md.")] = "html",
    store: StoreOption = None,
    store_url: StoreUrlOption = None,
    top: Annotated[int, typer.Option(help="How many actors in the rankings.")] = 10,
) -> None:
    """Centrality, brokerage, coverage gaps and absences as a report whose numbers link to their sentences."""
    from ssrgraph.graph.report import build_report, write_report

    if format not in ("html", "md"):
        raise _fail(f"unknown format {format!r}; expected html or md", EXIT_USAGE)
    with _open(store, store_url) as graph_store:
        data = build_report(graph_store, top=top)
    try:
        target = write_report(data, output, fmt=format)
    except OSError as error:
        raise _fail(f"{output}: cannot write ({error.strerror or error})", EXIT_USAGE) from None
    out.print(f"report: {target.resolve()}", highlight=False)


@app.command()
def query(
    sparql: Annotated[Optional[str], typer.Argument(help="SPARQL text, a .rq file, or a saved query's name.")] = None,
    store: StoreOption = None,
    store_url: StoreUrlOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
    list_saved: Annotated[bool, typer.Option("--list", help="List the saved queries.")] = False,
    bindings: Annotated[Optional[list[str]], typer.Option("--bind", help="NAME=VALUE: fix a variable (repeatable).")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Stop after this many rows.")] = None,
) -> None:
    """Ask the graph a SPARQL question; saved questions are listed with --list."""
    from ssrgraph.graph.curation import merged_ids
    from ssrgraph.graph.sparql import FORMATS, QueryError, bind, format_result, resolve_query, run_query, saved_queries

    if list_saved:
        table = Table(title="Saved queries", title_justify="left")
        table.add_column("name")
        table.add_column("question")
        for name, saved in saved_queries().items():
            table.add_row(name, f"[bold]{saved.title}[/]\n{saved.description}")
        out.print(table)
        return
    if not sparql:
        raise _fail("give a query (text, .rq file or saved name) or --list", EXIT_USAGE)
    if format not in FORMATS:
        raise _fail(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}", EXIT_USAGE)
    try:
        text, name = resolve_query(sparql)
        values = dict(item.split("=", 1) for item in bindings or [] if "=" in item)
        if len(values) != len(bindings or []):
            raise QueryError("--bind takes NAME=VALUE")
        with _open(store, store_url) as graph_store:
            merged = merged_ids(graph_store) if values else {}
            text = bind(text, {key: merged.get(value, value) for key, value in values.items()})
            result = run_query(graph_store, text, name=name, limit=limit)
    except QueryError as error:
        raise _fail(str(error), EXIT_USAGE) from None
    except StoreError as error:
        raise _fail(str(error), EXIT_STORE) from None
    if format != "table":
        sys.stdout.write(format_result(result, format))
        return
    if result.boolean is not None:
        out.print("true" if result.boolean else "false")
        return
    table = Table(title=f"{len(result.rows)} rows", title_justify="left")
    for variable in result.variables:
        table.add_column(variable, overflow="fold")
    for row in result.rows:
        table.add_row(*[row.get(v) or "" for v in result.variables])
    out.print(table)


@app.command()
def view(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("ssrgraph-view.html"),
    store: StoreOption = None,
    store_url: StoreUrlOption = None,
    focus: Annotated[Optional[str], typer.Option(help="Centre the view on this entity (id or label).")] = None,
    depth: Annotated[int, typer.Option(help="With --focus: how many steps around it.")] = 1,
    relations: Annotated[Optional[str], typer.Option(help="Comma-separated relations to show.")] = None,
    classes: Annotated[Optional[str], typer.Option(help="Comma-separated classes to show.")] = None,
    min_evidence: Annotated[int, typer.Option(help="Hide edges stated fewer times than this.")] = 1,
    max_nodes: Annotated[int, typer.Option(help="Keep at most this many nodes, the most central.")] = 500,
    negative: Annotated[bool, typer.Option(help="Start with negative, hedged and prescribed statements drawn "
                                                "(dashed; the page toggles them too).")] = False,
) -> None:
    """Write an interactive, self-contained HTML view of the graph (opens nothing by itself)."""
    from ssrgraph.graph.views import STATEMENT_KINDS, select_view, write_view
    from ssrgraph.ontology import ENTITY_CLASSES, RELATIONS

    wanted_relations = [r.strip() for r in relations.split(",")] if relations else None
    wanted_classes = [c.strip() for c in classes.split(",")] if classes else None
    unknown = set(wanted_relations or []) - set(RELATIONS) | set(wanted_classes or []) - set(ENTITY_CLASSES)
    if unknown:
        raise _fail(f"unknown relation or class: {', '.join(sorted(unknown))}", EXIT_USAGE)
    with _open(store, store_url) as graph_store:
        try:
            selected = select_view(graph_store, focus=focus, depth=depth, relations=wanted_relations,
                                   classes=wanted_classes, min_evidence=min_evidence, max_nodes=max_nodes,
                                   negative=negative)
        except KeyError as error:
            raise _fail(str(error.args[0]), EXIT_USAGE) from None
        summary = write_view(selected, graph_store, output, show=STATEMENT_KINDS if negative else ("fact",))
    out.print(f"view: {summary.path.resolve()} ({summary.nodes} nodes, {summary.edges} edges)", highlight=False)


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run.")] = 10.0,
    max_rows: Annotated[int, typer.Option(help="Most rows one answer may hold.")] = 10000,
) -> None:
    """A read-only SPARQL endpoint over the store, with a query page in the browser."""
    import uvicorn

    from ssrgraph.graph.endpoint import create_app

    try:
        GraphStore(store, create=False, read_only=True).close()
    except StoreError as error:
        raise _fail(str(error), EXIT_STORE) from None
    location = str(store_path(store))
    exposure = "this machine only" if host in ("127.0.0.1", "localhost", "::1") else "REACHABLE FROM OTHER MACHINES"
    err.print(f"ssrgraph SPARQL endpoint on http://{host}:{port}/sparql (query page: http://{host}:{port}/); "
              f"bound to {host} ({exposure}); read-only; {timeout:g} s per query; at most {max_rows} rows",
              highlight=False)
    uvicorn.run(create_app(location, timeout=timeout, max_rows=max_rows), host=host, port=port, log_level="warning")


def main() -> None:
    """Console-script entry point (the review loop's commands register themselves on import)."""
    import ssrgraph.review_cli  # noqa: F401

    app()


if __name__ == "__main__":
    main()
