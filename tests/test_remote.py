"""Building into and querying a shared SPARQL server: a real ``oxigraph serve`` on 127.0.0.1.

Each step is done twice, once into the server (``--store-url``) and once into
a local store folder, and the two must answer alike.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset

from ssrgraph.graph.remote import RemoteGraphStore
from ssrgraph.graph.store import ENTITY_GRAPH, GraphStore, StoreError

from conftest import run_cli
from test_endpoint import free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"

DOCUMENTS = {
    "funding.txt": "Finland funds UNDP. Japan funds the OSCE.",
    "borders.txt": "The European Union trains the Border Guards of Tajikistan.",
    "members.txt": "Kazakhstan is a member of the CSTO. Kyrgyzstan is a member of the CSTO.",
}


@pytest.fixture
def server(tmp_path):
    """An empty ``oxigraph serve --union-default-graph`` on a free port; yields its URL."""
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path / "server-data"),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text)
    return folder


def _both(tmp_path: Path, url: str, *args: str) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    remote = run_cli(*args, "--store-url", url)
    local = run_cli(*args, "--store", str(tmp_path / "local-store"))
    return remote, local


def _stats(tmp_path: Path, url: str) -> tuple[dict, dict]:
    remote, local = _both(tmp_path, url, "stats", "--json")
    return json.loads(remote.stdout), json.loads(local.stdout)


def test_build_query_and_rebuild_on_a_server_answer_as_a_local_store(tmp_path, server):
    corpus = _corpus(tmp_path / "corpus")
    remote, local = _both(tmp_path, server, "build", str(corpus), "--workers", "1")
    assert remote.returncode == 0, remote.stderr
    assert f"store: {server}" in remote.stdout
    remote_stats, local_stats = _stats(tmp_path, server)
    assert remote_stats["documents"] == 3
    assert remote_stats == local_stats

    for name in ("memberships", "who-funds-whom", "who-trains-whom"):
        remote, local = _both(tmp_path, server, "query", name, "--format", "csv")
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout == local.stdout
    memberships = run_cli("query", "memberships", "--store-url", server, "-f", "csv").stdout.splitlines()
    assert memberships[1:] == ["Kazakhstan,Collective Security Treaty Organization",
                               "Kyrgyzstan,Collective Security Treaty Organization"]

    (corpus / "funding.txt").write_text("Finland funds UNDP. Norway funds the OSCE.")
    (corpus / "members.txt").unlink()
    remote, local = _both(tmp_path, server, "build", str(corpus), "--workers", "1", "--prune")
    assert remote.returncode == 0, remote.stderr
    for outcome, count in (("added", 0), ("replaced", 1), ("unchanged", 1), ("pruned", 1)):
        assert re.search(rf"{outcome}\s*│\s*{count}\s*│", remote.stdout), remote.stdout
    remote_stats, local_stats = _stats(tmp_path, server)
    assert remote_stats["documents"] == 2
    assert remote_stats == local_stats
    funders = run_cli("query", "who-funds-whom", "--store-url", server, "-f", "csv").stdout
    assert "Norway" in funders and "Japan" not in funders
    with RemoteGraphStore(server) as store:
        names = store.entity_names()
    assert "norway" in names and "japan" not in names and "kazakhstan" not in names
    with GraphStore(tmp_path / "local-store") as store:
        assert store.entity_names() == names


def test_export_and_load_through_a_server(tmp_path, server):
    corpus = _corpus(tmp_path / "corpus")
    assert run_cli("build", str(corpus), "--store-url", server, "--workers", "1").returncode == 0
    exported = tmp_path / "graph.trig"
    result = run_cli("export", "-o", str(exported), "--store-url", server)
    assert result.returncode == 0, result.stderr
    parsed = Dataset()
    parsed.parse(exported, format="trig")
    assert sum(len(g) for g in parsed.graphs()) == int(result.stdout.split()[1])

    with GraphStore(tmp_path / "copy") as copy:
        copy.load_file(exported)
        local_names = copy.entity_names()
        local_quads = io.BytesIO()
        copy.export(local_quads, "nq")
    with RemoteGraphStore(server) as store:
        assert store.entity_names() == local_names
        remote_quads = io.BytesIO()
        store.export(remote_quads, "nq")
        assert sorted(remote_quads.getvalue().splitlines()) == sorted(local_quads.getvalue().splitlines())
        assert all(g != ENTITY_GRAPH for g in store.document_graph_names())

        store.update("DROP ALL")
        assert store.count_quads() == 0
        store.load_file(exported)
        reloaded = io.BytesIO()
        store.export(reloaded, "nq")
        assert sorted(reloaded.getvalue().splitlines()) == sorted(local_quads.getvalue().splitlines())
        assert store.entity_names() == local_names
        before = store.count_quads()
        bad = tmp_path / "bad.ttl"
        bad.write_text('<http://example.org/a> <http://example.org/b> "unclosed .\n')
        with pytest.raises(StoreError, match=r"bad\.ttl"):
            store.load_file(bad)
        assert store.count_quads() == before


def test_server_errors_name_the_url_or_the_position(tmp_path, server):
    malformed = run_cli("query", "SELECT ?x WHERE { ?x ?y }", "--store-url", server)
    assert malformed.returncode == 2
    assert "1:26" in malformed.stderr or "line 1" in malformed.stderr.lower()

    closed = f"http://127.0.0.1:{free_port()}"
    unreachable = run_cli("stats", "--store-url", closed)
    assert unreachable.returncode == 4
    assert closed in unreachable.stderr and "cannot reach" in unreachable.stderr
    with pytest.raises(StoreError, match="http"):
        RemoteGraphStore("ftp://127.0.0.1/store")
