"""Shared fixtures: the real spaCy pipeline, a store built from the bundled corpus, a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ssrgraph.extract.documents import document_from_text
from ssrgraph.extract.pipeline import default_pipeline, extract
from ssrgraph.graph.build import build
from ssrgraph.graph.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp():
    return default_pipeline()


@pytest.fixture(scope="session")
def run_extract(nlp):
    """Extract from a text; returns (entities, assertions)."""
    def run(text: str):
        result = extract(document_from_text(text), nlp)
        return result.entities, result.assertions
    return run


@pytest.fixture(scope="session")
def statements(run_extract):
    """(subject, relation, object) -> (polarity, modality) of what a text yields."""
    def run(text: str) -> dict[tuple[str, str, str], tuple[str, str]]:
        return {(a.subject, a.relation, a.object): (a.polarity, a.modality) for a in run_extract(text)[1]}
    return run


@pytest.fixture(scope="session")
def facts(run_extract):
    """The plain triples (positive, asserted) a text yields, as (subject, relation, object) ids."""
    def run(text: str) -> set[tuple[str, str, str]]:
        return {(a.subject, a.relation, a.object) for a in run_extract(text)[1] if a.is_fact}
    return run


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory, nlp) -> Path:
    """A store built once from the bundled corpus (closed again: open it where needed)."""
    path = tmp_path_factory.mktemp("sample") / "store"
    with GraphStore(path) as store:
        report = build([CORPUS], store, nlp=nlp)
    assert report.ok and len(report.added) == 5
    return path


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``ssrgraph`` console script for real."""
    command = [str(Path(sys.executable).parent / "ssrgraph"), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd or ROOT,
                          env={**os.environ, **(env or {})}, timeout=600)
