"""Load the extraction knowledge kept in data files into plain Python records.

Sources: ``ontology/actors.ttl`` (known names), ``ontology/sectors.ttl``
(sector triggers) and the TOML files in ``extract/patterns/`` (name heads,
bodies of states, cue words, one pattern file per relation). Every loader
reports a malformed file as :class:`DataFileError` naming the file, the line
where known, and what was expected.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from ssrgraph.ontology import DATA_FILES, ENTITY_CLASSES, ID, RELATIONS, SECTOR, SSR

__all__ = [
    "DataFileError", "KnownActor", "Knowledge", "PATTERN_DIR", "load_knowledge",
    "load_actors", "load_toml",
]

PATTERN_DIR = Path(__file__).parent / "patterns"


class DataFileError(Exception):
    """A data file that cannot be used; the message names the file, the line and the problem."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None):
        self.path, self.problem, self.line = str(path), problem, line
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class KnownActor:
    """One entry of ``actors.ttl``."""

    id: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    seat_of: str | None = None
    part_of: tuple[str, ...] = ()
    located_in: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()


@dataclass
class Knowledge:
    """Everything extraction knows before it reads a document."""

    actors: dict[str, KnownActor]
    names: dict[str, Any]
    bodies: list[dict[str, Any]]
    body_topics: list[str]
    body_givers: list[str]
    cues: dict[str, Any]
    patterns: dict[str, list[dict[str, Any]]]
    frame_patterns: dict[str, list[dict[str, Any]]]
    frames: dict[str, Any]
    sector_triggers: dict[str, tuple[str, ...]]
    regions: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _local(node, namespace) -> str:
    return str(node).removeprefix(str(namespace))


def _turtle(path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as error:
        raise DataFileError(path, "file not found") from error
    except Exception as error:  # rdflib raises several unrelated types for bad Turtle
        message = str(error)
        match = re.search(r"line (\d+)", message)
        reason = re.search(r"Bad syntax \((.*?)\) at", message)
        summary = reason.group(1) if reason else (message.strip().splitlines() or [type(error).__name__])[0]
        raise DataFileError(path, f"not valid Turtle: {summary}",
                            int(match.group(1)) if match else None) from error
    return graph


def load_actors(path: Path = DATA_FILES["actors"]) -> tuple[dict[str, KnownActor], dict[str, tuple[str, ...]]]:
    """Read known actors and regions from an ``actors.ttl``-shaped file."""
    graph = _turtle(path)
    actors: dict[str, KnownActor] = {}
    for node, cls in graph.subject_objects(RDF.type):
        cls_name = _local(cls, SSR._NS)
        if cls_name not in ENTITY_CLASSES:
            continue
        if not str(node).startswith(str(ID)):
            raise DataFileError(path, f"actor {node} is not in the id namespace {ID}")
        labels = [str(o) for o in graph.objects(node, RDFS.label)]
        if len(labels) != 1:
            raise DataFileError(path, f"actor {_local(node, ID)} needs exactly one rdfs:label, has {len(labels)}")
        if _local(node, ID) in actors:
            raise DataFileError(path, f"actor {_local(node, ID)} has more than one class")
        seat = graph.value(node, SSR.seatOf)
        actors[_local(node, ID)] = KnownActor(
            id=_local(node, ID), cls=cls_name, label=labels[0],
            aliases=tuple(sorted(str(o) for o in graph.objects(node, SKOS.altLabel))),
            demonyms=tuple(sorted(str(o) for o in graph.objects(node, SSR.demonym))),
            seat_of=_local(seat, ID) if seat is not None else None,
            part_of=tuple(sorted(_local(o, ID) for o in graph.objects(node, SSR.partOf))),
            located_in=tuple(sorted(_local(o, ID) for o in graph.objects(node, SSR.locatedIn))),
            sectors=tuple(sorted(_local(o, SECTOR) for o in graph.objects(node, SSR.sector))),
        )
    for actor in actors.values():
        for ref in (*actor.part_of, *actor.located_in, *([actor.seat_of] if actor.seat_of else [])):
            if ref not in actors:
                raise DataFileError(path, f"actor {actor.id} refers to {ref}, which is not defined")
    regions = {
        _local(region, ID): tuple(sorted(_local(m, ID) for m in graph.objects(region, SSR.regionMember)))
        for region in graph.subjects(RDF.type, SSR.Region)
    }
    return actors, regions


def load_toml(path: Path, required: dict[str, type] | None = None) -> dict[str, Any]:
    """Parse a TOML data file, checking that the ``required`` top-level keys exist with their types."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DataFileError(path, "file not found") from error
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise DataFileError(path, f"not valid TOML: {error}", int(match.group(1)) if match else None) from error
    for key, kind in (required or {}).items():
        if not isinstance(data.get(key), kind):
            raise DataFileError(path, f"expected a top-level {key!r} of type {kind.__name__}")
    return data


def _sector_triggers(path: Path) -> dict[str, tuple[str, ...]]:
    graph = _turtle(path)
    return {
        _local(concept, SECTOR): tuple(sorted(str(t).lower() for t in graph.objects(concept, SSR.trigger)
                                              if isinstance(t, Literal)))
        for concept in graph.subjects(RDF.type, SKOS.Concept)
    }


def _line_of(lines: list[str], text: str) -> int | None:
    """The line number where ``text`` first appears in a data file's ``lines`` (for error messages)."""
    return next((number for number, line in enumerate(lines, 1) if text in line), None)


def _relation_patterns(directory: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """Each relation's surface patterns (``[[pattern]]``) and frame patterns (``[[frame]]``)."""
    patterns: dict[str, list[dict[str, Any]]] = {}
    frames: dict[str, list[dict[str, Any]]] = {}
    for relation in RELATIONS:
        path = directory / f"{relation}.toml"
        data = load_toml(path, {"relation": str})
        if data["relation"] != relation:
            raise DataFileError(path, f"expected relation = {relation!r}, found {data['relation']!r}")
        lines = path.read_text(encoding="utf-8").splitlines()
        for kind, key in (("pattern", "match"), ("frame", "trigger")):
            entries = data.get(kind, [])
            if not isinstance(entries, list):
                raise DataFileError(path, f"expected [[{kind}]] tables")
            for number, entry in enumerate(entries, 1):
                if not isinstance(entry, dict) or key not in entry:
                    raise DataFileError(path, f"{kind} {number}: expected a table with {key!r}")
                entry.setdefault("name", f"{relation}:{'' if kind == 'pattern' else 'frame'}{number}")
                anchor = entry["match"] if kind == "pattern" else f'name = "{entry["name"]}"'
                entry["line"] = _line_of(lines, anchor) or _line_of(lines, f"[[{kind}]]")
        patterns[relation] = data.get("pattern", [])
        frames[relation] = data.get("frame", [])
    return patterns, frames


@cache
def load_knowledge(pattern_dir: Path = PATTERN_DIR, actors_file: Path = DATA_FILES["actors"]) -> Knowledge:
    """Load (once) all extraction knowledge from its data files."""
    actors, regions = load_actors(actors_file)
    bodies_file = load_toml(pattern_dir / "bodies.toml", {"body": list})
    bodies = bodies_file["body"]
    for number, body in enumerate(bodies, 1):
        if not isinstance(body.get("label"), str) or not isinstance(body.get("phrases"), list):
            raise DataFileError(pattern_dir / "bodies.toml", f"body {number}: expected 'label' and 'phrases'")
    patterns, frame_patterns = _relation_patterns(pattern_dir)
    frames = load_toml(pattern_dir / "frames.toml", {"light_verbs": dict, "listing_verbs": list, "proxies": list})
    return Knowledge(
        actors=actors,
        names=load_toml(pattern_dir / "names.toml", {"heads": dict, "connectors": list, "persons": dict}),
        bodies=bodies,
        body_topics=list(bodies_file.get("topic_nouns", [])),
        body_givers=list(bodies_file.get("giving_verbs", [])),
        cues=load_toml(pattern_dir / "cues.toml", {"negation": dict, "hedge": dict, "prescription": dict}),
        patterns=patterns,
        frame_patterns=frame_patterns,
        frames=frames,
        sector_triggers=_sector_triggers(DATA_FILES["sectors"]),
        regions=regions,
    )
