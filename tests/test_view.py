"""The interactive HTML view, opened for real in headless Chromium (Selenium) with networking disabled.

The tests leave screenshots of the first paint, the side panel and a
filtered view in ``build/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import time

import matplotlib.image as mpimg
import networkx as nx
import pytest

from ssrgraph.graph.build import build
from ssrgraph.graph.store import GraphStore
from ssrgraph.graph.views import select_view, write_view

from browser import Page, probe, screenshot
from conftest import run_cli


@pytest.fixture(scope="module")
def view_file(sample_store_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("view") / "graph.html"
    result = run_cli("view", "--store", str(sample_store_path), "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path, result.stdout


@pytest.fixture(scope="module")
def central(sample_store_path):
    """The sample view's graph, with PageRank on its nodes."""
    with GraphStore(sample_store_path) as store:
        return select_view(store)


@pytest.fixture()
def page(view_file):
    with Page(view_file[0]) as opened:
        yield opened


def test_view_has_no_external_reference(view_file):
    page = view_file[0].read_text(encoding="utf-8")
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<link" not in page and not re.search(r"<script[^>]+src", page)
    assert not (view_file[0].parent / "lib").exists()


def test_first_paint_labels_the_ten_most_central_actors_without_overlap(page, central):
    top = sorted(central, key=lambda n: -central.nodes[n]["pagerank"])[:10]
    drawn = page.js("return window.ssrView.drawnLabels()")
    assert set(top) <= set(drawn)
    assert len(drawn) < central.number_of_nodes() or central.number_of_nodes() < 40
    page.screenshot("first-paint")


def test_zooming_in_shows_more_labels(page):
    before = len(page.js("return window.ssrView.drawnLabels()"))
    page.js("window.network.moveTo({scale: window.network.getScale() * 3}); window.network.redraw();")
    page.wait("return window.ssrView.drawnLabels().length > 0")
    after = page.js("window.network.redraw(); return window.ssrView.drawnLabels().length")
    assert after != before or before == page.js("return window.ssrView.shownNodes().length")


def test_clicking_kazakhstan_opens_its_panel_with_sentences(page):
    page.click_node("kazakhstan")
    page.wait("return !document.getElementById('ssr-panel').hidden")
    panel = page.js("""var p = document.getElementById('ssr-panel');
        return {id: p.getAttribute('data-id'), title: p.querySelector('h2').textContent,
                cls: p.querySelector('.ssr-class').textContent,
                groups: Array.from(p.querySelectorAll('.ssr-group')).map(function (g) {
                    return [g.getAttribute('data-direction'), g.getAttribute('data-relation'),
                            g.querySelectorAll('blockquote').length]; }),
                text: p.textContent};""")
    assert (panel["id"], panel["title"], panel["cls"]) == ("kazakhstan", "Kazakhstan", "State")
    assert ["out", "memberOf"] in [g[:2] for g in panel["groups"]]
    assert all(count > 0 for *_, count in panel["groups"])
    assert "Shanghai Cooperation Organisation" in panel["text"]
    page.screenshot("panel-kazakhstan")


def test_clicking_an_edge_lists_all_its_statements(page, central):
    u, v, data = max(central.edges(data=True), key=lambda e: e[2]["evidence"])
    edge = f"{u}|{data['relation']}|{v}|fact"
    page.js("window.network.fit({nodes: [arguments[0], arguments[1]], animation: false});", u, v)
    page.click_edge(edge)
    assert page.js("var p = document.getElementById('ssr-panel'); return [p.getAttribute('data-kind'),"
                   " p.getAttribute('data-id')]") == ["edge", edge]
    count = page.js("return document.querySelectorAll('#ssr-panel blockquote').length")
    assert count == data["evidence"] >= 2


def test_an_edge_with_more_statements_than_the_page_holds_says_how_many_more(sample_store_path, central,
                                                                             tmp_path):
    u, v, data = max(central.edges(data=True), key=lambda e: e[2]["evidence"])
    edge = f"{u}|{data['relation']}|{v}|fact"
    with GraphStore(sample_store_path) as store:
        summary = write_view(central, store, tmp_path / "capped.html", per_edge=1)
    with Page(summary.path) as capped:
        capped.js("window.network.fit({nodes: [arguments[0], arguments[1]], animation: false});", u, v)
        capped.click_edge(edge)
        assert capped.js("return document.querySelectorAll('#ssr-panel blockquote').length") == 1
        more = capped.js("return document.querySelector('#ssr-panel .ssr-more').textContent")
        assert more.startswith(f"and {data['evidence'] - 1} more in the store") and f"subject={u}" in more
        heading = capped.js("return document.querySelector('#ssr-panel h3').textContent")
        assert heading == f"{data['evidence']} statement(s) of fact"


def test_searching_osce_selects_and_centres_the_osce(page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = page.driver.find_element(By.ID, "ssr-search")
    box.send_keys("OSCE", Keys.ENTER)
    assert page.js("return window.network.getSelectedNodes()") == [
        "organisation-for-security-and-cooperation-in-europe"]
    centre = page.js("var n = window.network, id = n.getSelectedNodes()[0];"
                     "var p = n.canvasToDOM(n.getPositions([id])[id]); var c = n.canvas.frame.canvas;"
                     "return [p.x / c.clientWidth, p.y / c.clientHeight];")
    assert all(abs(c - 0.5) < 0.05 for c in centre)
    assert page.js("return document.querySelector('#ssr-panel h2').textContent").startswith("Organization for Security")


def test_filtering_to_funds_leaves_only_funds_edges(page):
    from selenium.webdriver.common.by import By

    page.driver.find_element(By.CSS_SELECTOR, "#ssr-filter-relation summary").click()
    page.driver.find_element(By.CSS_SELECTOR, '#ssr-filter-relation [data-none]').click()
    page.driver.find_element(By.CSS_SELECTOR, '#ssr-filter-relation input[value="funds"]').click()
    shown = page.js("return window.ssrView.shownEdges().map(function (e) { return e.relation; })")
    assert shown and set(shown) == {"funds"}
    legend = page.js("return Array.from(document.querySelectorAll('#ssr-legend [data-relation]'))"
                     ".map(function (r) { return r.getAttribute('data-relation'); })")
    assert legend == ["funds"]
    page.driver.find_element(By.CSS_SELECTOR, "#ssr-filter-relation summary").click()
    page.screenshot("filtered-funds")
    page.driver.find_element(By.ID, "ssr-reset").click()
    assert len(page.js("return window.ssrView.shownEdges()")) > len(shown)


def test_class_document_year_and_statement_filters(page, central):
    from selenium.webdriver.common.by import By

    every = len(page.js("return window.ssrView.shownEdges()"))
    page.driver.find_element(By.CSS_SELECTOR, "#ssr-filter-class summary").click()
    page.driver.find_element(By.CSS_SELECTOR, '#ssr-filter-class input[value="Person"]').click()
    classes = page.js("return window.ssrView.shownNodes().map(function (id) { return window.network.body.data"
                      ".nodes.get(id).cls; })")
    assert classes and "Person" not in classes
    page.driver.find_element(By.ID, "ssr-reset").click()
    page.driver.find_element(By.ID, "ssr-year-from").send_keys("2011")
    dated = page.js("""return window.ssrView.shownEdges().every(function (e) {
        var st = JSON.parse(document.getElementById('ssr-data').textContent).statements;
        return e.st.some(function (i) { return st[i].years[1] === null || st[i].years[1] >= 2011; }); });""")
    assert dated and len(page.js("return window.ssrView.shownEdges()")) < every
    page.driver.find_element(By.ID, "ssr-reset").click()
    page.driver.find_element(By.CSS_SELECTOR, "#ssr-filter-kind summary").click()
    for kind in ("negative", "hedged", "prescribed"):
        page.driver.find_element(By.CSS_SELECTOR, f'#ssr-filter-kind input[value="{kind}"]').click()
    kinds = set(page.js("return window.ssrView.shownEdges().map(function (e) { return e.kind; })"))
    stated = set(page.js("return window.network.body.data.edges.map(function (e) { return e.kind; })"))
    assert kinds == stated and len(stated) > 1
    page.driver.find_element(By.CSS_SELECTOR, "#ssr-filter-document summary").click()
    first = page.driver.find_element(By.CSS_SELECTOR, '#ssr-filter-document input')
    first.click()
    assert len(page.js("return window.ssrView.shownEdges()")) < every


def test_focus_on_the_selection_by_depth(page, central):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page.js("window.ssrView.select('kazakhstan')")
    sizes = []
    for depth in ("1", "2"):
        Select(page.driver.find_element(By.ID, "ssr-depth")).select_by_value(depth)
        page.driver.find_element(By.ID, "ssr-focus").click()
        sizes.append(set(page.js("return window.ssrView.shownNodes()")))
    undirected = nx.Graph(central)
    assert sizes[0] == set(nx.ego_graph(undirected, "kazakhstan", radius=1))
    assert sizes[0] < sizes[1]
    page.driver.find_element(By.ID, "ssr-reset").click()
    assert len(page.js("return window.ssrView.shownNodes()")) == central.number_of_nodes()


def test_the_page_makes_no_network_request(page):
    page.click_node("kazakhstan")
    page.js("window.ssrView.select('tajikistan')")
    urls = page.requests()
    assert page.uri in urls and all(url.startswith(("file:", "data:", "blob:")) for url in urls), urls


def test_save_png_writes_the_current_view(view_file, tmp_path):
    from selenium.webdriver.common.by import By

    with Page(view_file[0], downloads=tmp_path) as opened:
        opened.driver.find_element(By.ID, "ssr-png").click()
        opened.wait("return true")
        data = opened.js("return window.ssrView.pngDataURL()")
    saved = tmp_path / "ssrgraph-view.png"
    for _ in range(50):
        if saved.exists():
            break
        time.sleep(0.1)
    png = saved.read_bytes() if saved.exists() else base64.b64decode(data.split(",", 1)[1])
    assert saved.exists()
    width, height = struct.unpack(">II", png[16:24])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and width > 500 and height > 300
    image = mpimg.imread(saved)
    assert image[..., :3].std() > 0.02


def test_document_markup_is_shown_as_text_and_never_run(tmp_path, nlp):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "markup.txt").write_text(
        "<script>window.__pwned = 'title'</script> Report <img src=x onerror=\"window.__pwned='img'\">\n\n"
        "Germany trains the Kazakh police <script>window.__pwned = 'sentence'</script>. "
        "Japan funds the OSCE <img src=x onerror=\"window.__pwned='onerror'\"> in Kazakhstan.\n", encoding="utf-8")
    with GraphStore(tmp_path / "store") as store:
        build([docs], store, nlp=nlp)
        page_path = write_view(select_view(store), store, tmp_path / "markup.html").path
    with Page(page_path) as opened:
        opened.js("window.ssrView.select('germany')")
        panel = opened.js("return document.getElementById('ssr-panel').textContent")
        assert "<script>" in panel and "onerror" in panel
        assert opened.js("return document.querySelectorAll('#ssr-panel img, #ssr-panel script').length") == 0
        assert opened.js("return window.__pwned === undefined")
        assert all(url.startswith(("file:", "data:")) for url in opened.requests())


def test_view_draws_every_node_offline(view_file):
    path, stdout = view_file
    counts = probe(path)
    nodes, _ = (int(n) for n in re.search(r"\((\d+) nodes, (\d+) edges\)", stdout).groups())
    assert counts["canvas"] and counts["painted"] > 1000 and counts["nodes"] == nodes


def test_screenshot_is_not_blank(view_file, tmp_path):
    image = mpimg.imread(screenshot(view_file[0], tmp_path / "view.png"))
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


def test_every_view_is_placed_in_python_with_physics_off(central, sample_store_path, tmp_path):
    with GraphStore(sample_store_path) as store:
        page = write_view(central, store, tmp_path / "placed.html").path.read_text()
    nodes = re.search(r'<script type="application/json" id="ssr-nodes">(.*?)</script>', page, re.S).group(1)
    assert '"physics": {"enabled": false' in page
    assert nodes.count('"x":') == central.number_of_nodes() and '"label"' not in nodes


def test_negative_statements_are_dashed_edges_hidden_until_asked(tmp_path, nlp):
    (tmp_path / "a.txt").write_text("Japan did not fund the Kazakh parliament. Germany trains Kazakh police.")
    with GraphStore(tmp_path / "store") as store:
        build([tmp_path], store, nlp=nlp)
        selected = select_view(store, negative=True)
        hidden = write_view(selected, store, tmp_path / "hidden.html").path.read_text()
        shown = write_view(selected, store, tmp_path / "shown.html", show=("fact", "negative")).path.read_text()
    def negative(page: str) -> dict:
        edges = json.loads(re.search(r'<script type="application/json" id="ssr-edges">(.*?)</script>', page,
                                     re.S).group(1))
        return {e["id"]: e for e in edges}["japan|funds|parliament-kazakhstan|negative"]

    assert negative(hidden)["hidden"] and not negative(shown)["hidden"]
    assert negative(shown)["dashes"] and negative(shown)["kind"] == "negative"
