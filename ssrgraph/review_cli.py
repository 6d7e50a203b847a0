"""The ``review`` and ``curate`` commands: the analysts' review loop (see ``ssrgraph.graph.curation``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ssrgraph.cli import EXIT_USAGE, StoreOption, StoreUrlOption, _fail, _open, app, err, out


@app.command()
def review(
    output: Annotated[Path, typer.Option("-o", "--output", help="Worksheet (CSV) to write.")] = Path("review.csv"),
    store: StoreOption = None,
    store_url: StoreUrlOption = None,
    relation: Annotated[Optional[str], typer.Option(help="Only assertions of this relation.")] = None,
    document: Annotated[Optional[str], typer.Option(help="Only this document (its id, path or the end of its path).")] = None,
    entity: Annotated[Optional[str], typer.Option(help="Only assertions with this entity (id, label or alias) at an end.")] = None,
    below: Annotated[Optional[float], typer.Option(help="Only assertions of confidence below this.")] = None,
    unreviewed: Annotated[bool, typer.Option(help="Only assertions no decision has touched yet.")] = False,
) -> None:
    """Write a review worksheet: one row per assertion, with empty columns for the analyst's decision."""
    from ssrgraph.graph.review import resolve_entity, worksheet_rows, write_worksheet
    from ssrgraph.ontology import RELATIONS

    if relation and relation not in RELATIONS:
        raise _fail(f"unknown relation {relation!r}; expected one of {', '.join(RELATIONS)}", EXIT_USAGE)
    with _open(store, store_url) as graph_store:
        if entity and resolve_entity(graph_store, entity) is None:
            raise _fail(f"no entity {entity!r} in the store", EXIT_USAGE)
        rows = worksheet_rows(graph_store, relation=relation, document=document, entity=entity, below=below,
                              unreviewed=unreviewed)
    write_worksheet(rows, output)
    waiting = sum(1 for row in rows if row["status"] == "unreviewed")
    out.print(f"review: {output.resolve()} ({len(rows)} assertions, {waiting} unreviewed); fill in 'decision' "
              f"(accept, reject, fix) and run: ssrgraph curate {output} --by NAME", highlight=False)


@app.command()
def curate(
    worksheet: Annotated[Optional[Path], typer.Argument(help="A filled-in review worksheet to apply.")] = None,
    by: Annotated[Optional[str], typer.Option(help="Who decides (recorded with every decision).")] = None,
    store: StoreOption = None,
    store_url: StoreUrlOption = None,
    add: Annotated[Optional[tuple[str, str, str]], typer.Option(
        help="Add a fact: SUBJECT RELATION OBJECT (ids, labels or aliases).")] = None,
    source: Annotated[Optional[str], typer.Option(help="With --add: the document that states it (id or path).")] = None,
    sentence: Annotated[Optional[str], typer.Option(help="With --add: the sentence that states it.")] = None,
    time: Annotated[Optional[str], typer.Option(help="With --add: the year or period.")] = None,
    polarity: Annotated[str, typer.Option(help="With --add: positive or negative.")] = "positive",
    modality: Annotated[str, typer.Option(help="With --add: asserted, hedged or prescribed.")] = "asserted",
    merge: Annotated[Optional[tuple[str, str]], typer.Option(help="Merge: ENTITY INTO (one node, both names kept).")] = None,
    rename: Annotated[Optional[tuple[str, str]], typer.Option(help="Rename: ENTITY LABEL.")] = None,
    retype: Annotated[Optional[tuple[str, str]], typer.Option(help="Retype: ENTITY CLASS.")] = None,
    alias: Annotated[Optional[tuple[str, str]], typer.Option(help="Add an alias: ENTITY NAME.")] = None,
    note: Annotated[str, typer.Option(help="Why (recorded with the decision).")] = "",
    list_: Annotated[bool, typer.Option("--list", help="List the decisions and those orphaned.")] = False,
    export: Annotated[Optional[Path], typer.Option("--export", help="Write the decisions as Turtle.")] = None,
    import_: Annotated[Optional[Path], typer.Option("--import", help="Import decisions from a Turtle file.")] = None,
) -> None:
    """Record the analysts' decisions (worksheet, facts, merges, renames) and apply them; every build applies them again."""
    from ssrgraph.graph.curation import (
        CurationError, export_decisions, load_decisions, now, read_decisions, record,
    )
    from ssrgraph.graph.review import read_worksheet

    deciding = worksheet or add or merge or rename or retype or alias
    if not (deciding or list_ or export or import_):
        raise _fail("nothing to do: give a worksheet, --add, --merge, --rename, --retype, --alias, --list, "
                    "--export or --import", EXIT_USAGE)
    if deciding and not by:
        raise _fail("say who decides with --by NAME", EXIT_USAGE)
    with _open(store, store_url, create=False) as graph_store:
        try:
            decisions = []
            if worksheet:
                decisions += read_worksheet(worksheet, graph_store, by=by)
            decisions += _direct(graph_store, by, now(), add=add, source=source, sentence=sentence, time=time,
                                 polarity=polarity, modality=modality, merge=merge, rename=rename, retype=retype,
                                 alias=alias, note=note) if deciding else []
            if import_:
                decisions += read_decisions(import_)
        except CurationError as error:
            raise _fail(f"{error}\nnothing was applied", EXIT_USAGE) from None
        if decisions:
            orphans = record(graph_store, decisions)
            out.print(f"recorded and applied {len(decisions)} decision(s)"
                      + (f" from {import_}" if import_ else ""), highlight=False)
            for orphan in orphans:
                err.print(f"[yellow]orphaned decision:[/] {orphan}", highlight=False)
        if list_:
            _list(graph_store, load_decisions(graph_store))
        if export:
            count = export_decisions(graph_store, export)
            out.print(f"curation: {export.resolve()} ({count} decisions)", highlight=False)


def _direct(store, by: str, at: str, **given) -> list:
    """Decisions given as options rather than in a worksheet, checked against the store."""
    from ssrgraph.graph.curation import MODALITIES, POLARITIES, CurationError, Decision
    from ssrgraph.graph.review import resolve_entity
    from ssrgraph.ontology import ENTITY_CLASSES, RELATIONS

    def entity(name: str, option: str) -> str:
        found = resolve_entity(store, name)
        if found is None:
            raise CurationError(f"{option}: no entity {name!r} in the store (give an id, a label or an alias)")
        return found

    note, decisions = given["note"], []
    if given["add"]:
        subject, relation, obj = given["add"]
        if relation not in RELATIONS:
            raise CurationError(f"--add: unknown relation {relation!r}; expected one of {', '.join(RELATIONS)}")
        if given["polarity"] not in POLARITIES or given["modality"] not in MODALITIES:
            raise CurationError(f"--add: polarity must be one of {', '.join(POLARITIES)} and modality one of "
                                f"{', '.join(MODALITIES)}")
        document = digest = None
        if given["source"]:
            matches = [(g, info) for g, info in store.documents().items()
                       if g.endswith("/" + given["source"]) or info["path"] == given["source"]
                       or info["path"].endswith("/" + given["source"])]
            if len(matches) != 1:
                raise CurationError(f"--source: {'no' if not matches else 'more than one'} document "
                                    f"{given['source']!r} in the store")
            document, digest = matches[0][0].rsplit("/", 1)[1], matches[0][1]["sha256"]
        decisions.append(Decision("add", by, at, note=note, subject=entity(subject, "--add"), relation=relation,
                                  object=entity(obj, "--add"), polarity=given["polarity"],
                                  modality=given["modality"], document=document, digest=digest,
                                  sentence=given["sentence"], time=given["time"]))
    if given["merge"]:
        source, into = (entity(name, "--merge") for name in given["merge"])
        if source == into:
            raise CurationError(f"--merge: {given['merge'][0]!r} and {given['merge'][1]!r} are one entity already")
        decisions.append(Decision("merge", by, at, note=note, entity=source, into=into))
    if given["rename"]:
        decisions.append(Decision("rename", by, at, note=note, entity=entity(given["rename"][0], "--rename"),
                                  label=given["rename"][1].strip()))
    if given["retype"]:
        if given["retype"][1] not in ENTITY_CLASSES:
            raise CurationError(f"--retype: unknown class {given['retype'][1]!r}; expected one of "
                                f"{', '.join(ENTITY_CLASSES)}")
        decisions.append(Decision("retype", by, at, note=note, entity=entity(given["retype"][0], "--retype"),
                                  cls=given["retype"][1]))
    if given["alias"]:
        decisions.append(Decision("alias", by, at, note=note, entity=entity(given["alias"][0], "--alias"),
                                  label=given["alias"][1].strip()))
    return decisions


def _list(store, decisions: list) -> None:
    from ssrgraph.graph.curation import find_orphans

    orphaned = {orphan.decision.id: orphan.reason for orphan in find_orphans(store, decisions)}
    table = Table(title=f"Decisions ({len(decisions)}, {len(orphaned)} orphaned)", title_justify="left")
    for column in ("when", "by", "decision", "note", "state"):
        table.add_column(column)
    for decision in decisions:
        state = f"ORPHANED: {orphaned[decision.id]}" if decision.id in orphaned else "applied"
        table.add_row(decision.at, decision.by, decision.describe().split(" (by ")[0], decision.note, state)
    out.print(table)
