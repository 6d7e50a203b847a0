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
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ssrgraph.extract.documents import DEFAULT_MAX_BYTES, find_documents
from ssrgraph.extract.knowledge import DataFileError
from ssrgraph.graph.store import EXPORT_FORMATS, STORE_ENV, GraphStore, StoreError

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_SKIPPED, EXIT_STORE = 0, 1, 2, 3, 4

app = typer.Typer(help="Build, check and query the SSR knowledge graph of Central Asia.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", help=f"Store folder (default: ${STORE_ENV}, else ./ssrgraph-store).")]


def bundled_corpus() -> Path:
    """The sample corpus: ./corpus if present, else the one beside the package source."""
    here = Path.cwd() / "corpus"
    return here if here.is_dir() else Path(__file__).resolve().parent.parent / "corpus"


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _open(store: Optional[Path], *, create: bool = False) -> GraphStore:
    try:
        return GraphStore(store, create=create)
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
    prune: Annotated[bool, typer.Option(help="Drop documents no longer among the inputs.")] = False,
    strict: Annotated[bool, typer.Option(help="Treat any skipped input as fatal: write nothing.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Skip files larger than this.")] = DEFAULT_MAX_BYTES,
    model: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline to add its NER and parser.")] = None,
) -> None:
    """Extract entities and relations from documents into the store (only what changed)."""
    from ssrgraph.extract.documents import DocumentError, read_document
    from ssrgraph.extract.pipeline import build_pipeline, default_pipeline
    from ssrgraph.graph.build import build as run_build
    from ssrgraph.graph.stats import store_stats

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
    try:
        nlp = build_pipeline(model) if model else default_pipeline()
    except DataFileError as error:
        raise _fail(str(error), EXIT_USAGE) from None
    except OSError as error:
        raise _fail(f"cannot load spaCy pipeline {model!r}: {error}", EXIT_USAGE) from None
    with _open(store, create=True) as graph_store:
        with Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=err, transient=True) as bar:
            task = bar.add_task("", total=len(files))

            def tick(path: str) -> None:
                bar.update(task, advance=1, description=Path(path).name)

            report = run_build(files, graph_store, nlp=nlp, prune=prune, max_bytes=max_bytes, progress=tick)
        stats = store_stats(graph_store)
        location = graph_store.path.resolve()
    table = Table(title="Documents", title_justify="left")
    table.add_column("outcome")
    table.add_column("count", justify="right")
    for name, items in (("added", report.added), ("replaced", report.replaced), ("unchanged", report.unchanged),
                        ("pruned", report.pruned), ("skipped", report.skipped)):
        table.add_row(name, str(len(items)))
    out.print(table)
    _print_stats(stats)
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    for path, reason in report.skipped:
        err.print(f"[red]skipped:[/] {path}: {reason}", highlight=False)
    out.print(f"store: {location}", highlight=False)
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(EXPORT_FORMATS)}.")] = "trig",
    store: StoreOption = None,
    background: Annotated[bool, typer.Option(help="Also export the ontology, shapes, sectors and known actors.")] = False,
) -> None:
    """Write the graph (document graphs; with --background also the vocabulary) to a file."""
    if format not in EXPORT_FORMATS:
        raise _fail(f"unknown format {format!r}; expected one of {', '.join(EXPORT_FORMATS)}", EXIT_USAGE)
    with _open(store) as graph_store:
        temporary = output.with_name(output.name + ".part")
        try:
            count = graph_store.export(str(temporary), format, background=background)
            temporary.replace(output)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise _fail(f"{output}: cannot write ({error.strerror or error})", EXIT_USAGE) from None
    out.print(f"wrote {count} statements to {output}", highlight=False)


@app.command()
def validate(store: StoreOption = None) -> None:
    """Check the store against the SHACL shapes; exit 1 with a report when it does not conform."""
    from ssrgraph.graph.validate import validate_graph

    with _open(store) as graph_store:
        result = validate_graph(graph_store.union_of_documents())
    if result.conforms:
        out.print("[green]conforms[/]: the store satisfies every shape")
        return
    out.print(result.text, highlight=False, markup=False)
    raise typer.Exit(EXIT_INVALID)


@app.command()
def stats(store: StoreOption = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False) -> None:
    """Counts of documents, entities by class, edges by relation and assertions."""
    from ssrgraph.graph.stats import store_stats

    with _open(store) as graph_store:
        result = store_stats(graph_store)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=1) + "\n")
    else:
        _print_stats(result)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
