"""The interactive HTML view, opened for real in headless Chromium with networking disabled."""

from __future__ import annotations

import matplotlib.image as mpimg
import pytest

from ssrgraph.graph.views import select_view, write_view
from ssrgraph.graph.store import GraphStore

from browser import probe, screenshot
from conftest import run_cli


@pytest.fixture(scope="module")
def view_file(sample_store_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("view") / "graph.html"
    result = run_cli("view", "--store", str(sample_store_path), "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path, result.stdout


def test_view_is_self_contained(view_file):
    path, _ = view_file
    page = path.read_text()
    assert "cdn.jsdelivr" not in page.split("<body>")[1] or "vis.Network" in page
    assert "vis.DataSet" in page and "ssr-legend" in page
    assert not (path.parent / "lib").exists()


def test_view_draws_every_node_and_edge_offline(view_file):
    path, stdout = view_file
    counts = probe(path)
    nodes, edges = (int(n) for n in __import__("re").search(r"\((\d+) nodes, (\d+) edges\)", stdout).groups())
    assert counts["canvas"] and counts["painted"] > 1000
    assert (counts["nodes"], counts["edges"]) == (nodes, edges)


def test_screenshot_is_not_blank(view_file, tmp_path):
    path, _ = view_file
    image = mpimg.imread(screenshot(path, tmp_path / "view.png"))
    assert image.shape[0] > 500 and image[..., :3].std() > 0.02


def test_focus_depth_and_filters(sample_store_path):
    with GraphStore(sample_store_path) as store:
        whole = select_view(store)
        around = select_view(store, focus="Kazakhstan", depth=1)
        only_members = select_view(store, relations=["memberOf"])
    assert "kazakhstan" in around and len(around) < len(whole)
    assert all(n == "kazakhstan" or around.has_edge("kazakhstan", n) or around.has_edge(n, "kazakhstan")
               for n in around)
    assert {d["relation"] for _, _, d in only_members.edges(data=True)} == {"memberOf"}


def test_large_views_get_a_python_layout_without_physics(sample_store_path, tmp_path):
    with GraphStore(sample_store_path) as store:
        selected = select_view(store)
        summary = write_view(selected, store, tmp_path / "big.html", layout_threshold=10)
    page = summary.path.read_text()
    assert '"physics": {"enabled": false' in page and '"x":' in page.replace(" ", "")


def test_negative_statements_hidden_by_default_and_dashed_when_asked(tmp_path, nlp):
    from ssrgraph.graph.build import build
    (tmp_path / "a.txt").write_text("Japan did not fund the Kazakh parliament. Germany trains Kazakh police.")
    with GraphStore(tmp_path / "store") as store:
        build([tmp_path], store, nlp=nlp)
        plain = select_view(store)
        with_negative = select_view(store, negative=True)
        page = write_view(with_negative, store, tmp_path / "neg.html").path.read_text()
    assert not any(d["negative"] for _, _, d in plain.edges(data=True))
    negative = [(u, v) for u, v, d in with_negative.edges(data=True) if d["negative"]]
    assert negative == [("japan", "parliament-kazakhstan")]
    assert '"dashes": true' in page and "NOT Japan funds Parliament (Kazakhstan)" in page
