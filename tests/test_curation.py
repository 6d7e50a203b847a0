"""The analysts' review loop through the CLI on a real store: worksheet, decisions, rebuilds, orphans, files."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from ssrgraph.graph.build import build
from ssrgraph.graph.curation import CURATION_GRAPH
from ssrgraph.graph.network import project
from ssrgraph.graph.store import GraphStore

from conftest import run_cli
from test_remote import server  # noqa: F401 - the real oxigraph server fixture

DOCUMENTS = {
    "a.txt": "Tajikistan leads the CSTO. Germany trains the Kazakh police. Japan funds the OSCE.\n",
    "b.txt": "Russia is a member of the CSTO. The European Union funds the BOMCA programme.\n",
}


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def store(tmp_path, corpus, nlp) -> str:
    """A store built from the corpus in this process (the rebuilds under test go through the CLI)."""
    path = str(tmp_path / "store")
    with GraphStore(path) as opened:
        build([corpus], opened, nlp=nlp)
    return path


def worksheet(store: str, path: Path, *options: str) -> list[dict]:
    ok("review", "--store", store, "-o", str(path), *options)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def decide(rows: list[dict], path: Path, decisions: dict[tuple[str, str, str], dict]) -> None:
    """Fill in the decision columns of the rows whose (subject, relation, object) is in ``decisions``."""
    for row in rows:
        row.update(decisions.get((row["subject"], row["relation"], row["object"]), {}))
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def ask(store: str, sparql: str) -> bool:
    if store.startswith("http"):
        return json.loads(ok("query", sparql, "--store-url", store, "-f", "json"))["boolean"]
    with GraphStore(store, create=False, read_only=True) as opened:
        return bool(opened.query(sparql))


def fact(subject: str, relation: str, obj: str) -> str:
    return (f"ASK {{ <https://w3id.org/ssrgraph/id/{subject}> <https://w3id.org/ssrgraph/ontology#{relation}> "
            f"<https://w3id.org/ssrgraph/id/{obj}> }}")


def status(store: str, subject: str, relation: str, obj: str) -> set[str]:
    """The review status of every statement of this fact in the store."""
    with GraphStore(store, create=False, read_only=True) as opened:
        rows = opened.query(f"""PREFIX ssr: <https://w3id.org/ssrgraph/ontology#>
            PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            SELECT ?status WHERE {{ ?a rdf:subject <https://w3id.org/ssrgraph/id/{subject}> ;
                rdf:predicate ssr:{relation} ; rdf:object <https://w3id.org/ssrgraph/id/{obj}> .
                OPTIONAL {{ ?a ssr:reviewStatus ?s }} BIND (COALESCE(?s, "unreviewed") AS ?status) }}""")
        return {row["status"].value for row in rows}


def quads(store: str) -> list[str]:
    """Every quad of the store, sorted, as text."""
    with GraphStore(store, create=False, read_only=True) as opened:
        return sorted(map(str, opened.ox))


CSTO = "collective-security-treaty-organisation"


def test_reject_survives_rebuilds_and_re_extraction(store, corpus, tmp_path):
    sheet = tmp_path / "review.csv"
    rows = worksheet(store, sheet)
    assert {r["status"] for r in rows} == {"unreviewed"} and ("tajikistan", "leads", CSTO) in {
        (r["subject"], r["relation"], r["object"]) for r in rows}
    decide(rows, sheet, {("tajikistan", "leads", CSTO): {"decision": "reject", "note": "Russia leads the CSTO"}})
    assert "recorded and applied 1 decision" in ok("curate", str(sheet), "--by", "Aigerim", "--store", store)
    assert not ask(store, fact("tajikistan", "leads", CSTO)) and status(store, "tajikistan", "leads", CSTO) == {"rejected"}
    ok("build", str(corpus), "--store", store, "--workers", "1")
    assert not ask(store, fact("tajikistan", "leads", CSTO)) and status(store, "tajikistan", "leads", CSTO) == {"rejected"}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "c.txt").write_text("Finland funds UNDP.\n")
    ok("build", str(elsewhere), "--store", store, "--prune", "--workers", "1")
    assert status(store, "tajikistan", "leads", CSTO) == set()
    rebuilt = run_cli("build", str(corpus), "--store", store, "--prune", "--workers", "1")
    assert "orphaned" not in rebuilt.stderr
    assert not ask(store, fact("tajikistan", "leads", CSTO)) and status(store, "tajikistan", "leads", CSTO) == {"rejected"}
    assert ask(store, fact("germany", "trains", "police-kazakhstan"))


def test_fix_a_relation_replaces_the_fact(store, corpus, tmp_path):
    sheet = tmp_path / "review.csv"
    rows = worksheet(store, sheet, "--relation", "trains")
    assert {r["relation"] for r in rows} == {"trains"}
    decide(rows, sheet, {("germany", "trains", "police-kazakhstan"): {"decision": "fix", "new_relation": "assists"}})
    ok("curate", str(sheet), "--by", "Aigerim", "--store", store)
    ok("build", str(corpus), "--store", store, "--workers", "1")
    assert ask(store, fact("germany", "assists", "police-kazakhstan"))
    assert not ask(store, fact("germany", "trains", "police-kazakhstan"))
    assert status(store, "germany", "trains", "police-kazakhstan") == {"fixed"}
    assert status(store, "germany", "assists", "police-kazakhstan") == {"accepted"}
    assert ok("validate", "--store", store).strip().endswith("satisfies every shape")


def test_added_fact_shows_in_query_report_and_view(store, tmp_path):
    ok("curate", "--by", "Dilnoza", "--store", store, "--add", "Japan", "trains", "Police (Kazakhstan)",
       "--source", "a.txt", "--sentence", "Japan funds the OSCE.", "--note", "from the 2024 press release")
    ok("curate", "--by", "Dilnoza", "--store", store, "--add", "Russia", "funds", "CSTO")
    answer = json.loads(ok("query", "who-trains-whom", "--store", store, "-f", "json"))
    trainers = {b["trainer"]["value"] for b in answer["results"]["bindings"]}
    assert "Japan" in trainers
    queue = json.loads(ok("query", "review-queue", "--store", store, "-f", "json"))["results"]["bindings"]
    assert queue and not any(b["subject"]["value"] == "Japan" and b["relation"]["value"] == "trains" for b in queue)
    ok("report", "--store", store, "-o", str(tmp_path / "report"), "--format", "md")
    report = (tmp_path / "report" / "report.md").read_text()
    assert re.search(r"2 added by\s+analysts", report) and "from the 2024 press release" in report
    assert "[added by Dilnoza]" in report
    ok("view", "--store", store, "-o", str(tmp_path / "view.html"))
    page = (tmp_path / "view.html").read_text()
    data = json.loads(re.search(r'id="ssr-data">(.*?)</script>', page, re.S).group(1))
    added = [s for s in data["statements"] if s["s"] == "japan" and s["p"] == "trains"]
    assert added and added[0]["method"] == "analyst" and added[0]["review"]["by"] == "Dilnoza"
    assert added[0]["review"]["decision"] == "added" and added[0]["document"] != "analyst"
    assert "added by Dilnoza" in page
    russia = [s for s in data["statements"] if s["s"] == "russia" and s["p"] == "funds"]
    assert russia and russia[0]["document"] == "analyst"
    assert ok("validate", "--store", store).strip().endswith("satisfies every shape")


def test_merge_makes_one_node_and_both_ids_answer(store):
    ok("curate", "--by", "Aigerim", "--store", store, "--merge", "japan", "germany", "--note", "test merge")
    with GraphStore(store) as opened:
        G = project(opened)
    assert "japan" not in G and G.has_edge("germany", "organisation-for-security-and-cooperation-in-europe")
    assert G.has_edge("germany", "police-kazakhstan")
    both = [json.loads(ok("query", "edge-evidence", "--store", store, "-f", "json", "--bind", f"subject={who}",
                          "--bind", "object=organisation-for-security-and-cooperation-in-europe"))
            for who in ("japan", "germany")]
    assert both[0] == both[1] and both[0]["results"]["bindings"]
    aliases = ok("query", "SELECT ?a WHERE { <https://w3id.org/ssrgraph/id/germany> "
                 "<http://www.w3.org/2004/02/skos/core#altLabel> ?a }", "--store", store, "-f", "csv")
    assert "Japan" in aliases
    assert ok("validate", "--store", store).strip().endswith("satisfies every shape")


def test_rename_retype_and_alias_hold_after_rebuild(store, corpus, tmp_path):
    ok("curate", "--by", "Aigerim", "--store", store, "--rename", "police-kazakhstan", "National Police of Kazakhstan")
    ok("curate", "--by", "Aigerim", "--store", store, "--retype", "BOMCA", "Programme")
    ok("curate", "--by", "Aigerim", "--store", store, "--alias", "germany", "Federal Republic of Germany")
    (corpus / "c.txt").write_text("France trains the Kazakh police.\n")
    ok("build", str(corpus), "--store", store, "--workers", "1")
    labels = ok("query", "SELECT DISTINCT ?l WHERE { <https://w3id.org/ssrgraph/id/police-kazakhstan> "
                "<http://www.w3.org/2000/01/rdf-schema#label> ?l }", "--store", store, "-f", "csv")
    assert labels.split() == ["l", "National", "Police", "of", "Kazakhstan"]
    with GraphStore(store) as opened:
        G = project(opened)
    assert G.nodes["police-kazakhstan"]["label"] == "National Police of Kazakhstan"
    assert G.has_edge("france", "police-kazakhstan")
    rows = worksheet(store, tmp_path / "r.csv", "--entity", "Federal Republic of Germany")
    assert rows and all("germany" in (r["subject"], r["object"]) for r in rows)


def test_edited_document_orphans_its_decisions(store, corpus, tmp_path):
    sheet = tmp_path / "review.csv"
    rows = worksheet(store, sheet)
    decide(rows, sheet, {("tajikistan", "leads", CSTO): {"decision": "reject"},
                         ("russia", "memberOf", CSTO): {"decision": "accept"}})
    ok("curate", str(sheet), "--by", "Aigerim", "--store", store)
    (corpus / "a.txt").write_text(DOCUMENTS["a.txt"] + "Kazakhstan is a member of the CSTO.\n")
    rebuilt = run_cli("build", str(corpus), "--store", store, "--workers", "1")
    assert rebuilt.returncode == 0
    orphaned = [line for line in rebuilt.stderr.splitlines() if "orphaned decision" in line]
    assert len(orphaned) == 1 and "changed or was removed" in orphaned[0]
    listing = ok("curate", "--list", "--store", store)
    assert "ORPHANED" in listing and "1 orphaned" in listing and "applied" in listing
    assert status(store, "russia", "memberOf", CSTO) == {"accepted"}


@pytest.mark.parametrize("damage, message", [
    (lambda lines: lines.__setitem__(2, re.sub(r"(?<=,)accept(?=,)", "aprove", lines[2])), r":3: column decision \(T\)"),
    (lambda lines: lines.__setitem__(2, re.sub(r'^"?[^",]+"?', "no-such-assertion", lines[2])), r":3: column id \(A\)"),
    (lambda lines: lines.__setitem__(2, lines[2].rsplit(",", 1)[0]), r":3: expected 26 columns, found 25"),
])
def test_malformed_worksheet_changes_nothing(store, tmp_path, damage, message):
    sheet = tmp_path / "review.csv"
    rows = worksheet(store, sheet)
    decide(rows, sheet, {(rows[0]["subject"], rows[0]["relation"], rows[0]["object"]): {"decision": "reject"},
                         (rows[1]["subject"], rows[1]["relation"], rows[1]["object"]): {"decision": "accept"}})
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    damage(lines)
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    before = quads(store)
    result = run_cli("curate", str(sheet), "--by", "Aigerim", "--store", store)
    assert result.returncode == 2 and re.search(message, result.stderr), result.stderr
    assert "nothing was applied" in result.stderr
    assert quads(store) == before and ask(store, f"ASK {{ GRAPH <{CURATION_GRAPH}> {{ ?s ?p ?o }} }}") is False


def test_export_import_round_trip_and_bad_files(store, corpus, tmp_path):
    sheet = tmp_path / "review.csv"
    rows = worksheet(store, sheet)
    decide(rows, sheet, {("tajikistan", "leads", CSTO): {"decision": "reject", "note": "wrong"},
                         ("germany", "trains", "police-kazakhstan"): {"decision": "fix", "new_relation": "assists"}})
    ok("curate", str(sheet), "--by", "Aigerim", "--store", store)
    ok("curate", "--by", "Dilnoza", "--store", store, "--add", "Russia", "funds", "CSTO")
    exported = tmp_path / "curation.ttl"
    assert "(3 decisions)" in ok("curate", "--export", str(exported), "--store", store)
    fresh = str(tmp_path / "fresh")
    ok("build", str(corpus), "--store", fresh, "--workers", "1")
    ok("curate", "--import", str(exported), "--store", fresh)
    again = tmp_path / "again.ttl"
    ok("curate", "--export", str(again), "--store", fresh)
    assert again.read_text() == exported.read_text()
    assert not ask(fresh, fact("tajikistan", "leads", CSTO)) and ask(fresh, fact("germany", "assists", "police-kazakhstan"))
    assert ask(fresh, fact("russia", "funds", CSTO))
    broken = tmp_path / "broken.ttl"
    broken.write_text(exported.read_text().replace(" .\n", " \n", 1))
    result = run_cli("curate", "--import", str(broken), "--store", fresh)
    assert result.returncode == 2 and re.search(r"broken\.ttl.*line", result.stderr, re.S | re.I), result.stderr
    incomplete = tmp_path / "incomplete.ttl"
    incomplete.write_text(re.sub(r'\s*ssr:action "reject"\s*;', "", exported.read_text()))
    result = run_cli("curate", "--import", str(incomplete), "--store", fresh)
    assert result.returncode == 2 and "does not conform" in result.stderr, result.stderr
    ok("curate", "--export", str(again), "--store", fresh)
    assert again.read_text() == exported.read_text()


def test_worksheet_neutralises_formulas_and_filters(tmp_path, nlp):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "f.txt").write_text("Report\n\n+Germany trains the Kazakh police.\n\n-Japan funds the OSCE.\n")
    store = str(tmp_path / "store")
    with GraphStore(store) as opened:
        build([folder], opened, nlp=nlp)
    sheet = tmp_path / "review.csv"
    ok("review", "--store", store, "-o", str(sheet))
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    cells = [cell for row in csv.reader(raw.decode("utf-8-sig").splitlines()) for cell in row]
    assert "'+Germany trains the Kazakh police." in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    rows = worksheet(store, sheet, "--below", "0.99")
    assert all(float(r["confidence"]) < 0.99 for r in rows)
    rows = worksheet(store, sheet, "--document", "f.txt", "--unreviewed")
    assert rows and {r["path"].rsplit("/", 1)[1] for r in rows} == {"f.txt"}


def test_evaluate_curated_measures_the_extractor(store, tmp_path):
    sheet = tmp_path / "review.csv"
    rows = worksheet(store, sheet)
    decide(rows, sheet, {("tajikistan", "leads", CSTO): {"decision": "reject"},
                         ("japan", "funds", "organisation-for-security-and-cooperation-in-europe"): {"decision": "accept"},
                         ("european-union", "funds", "border-management-programme-in-central-asia"):
                             {"decision": "accept"}})
    ok("curate", str(sheet), "--by", "Aigerim", "--store", store)
    ok("curate", "--by", "Aigerim", "--store", store, "--add", "Russia", "leads", "CSTO")
    table = json.loads(ok("evaluate", "--curated", "--json", "--store", store))
    assert table["funds"]["precision"] == 1.0 and table["funds"]["recall"] == 1.0
    assert table["leads"]["precision"] == 0.0 and table["leads"]["missed"] == 1 and table["leads"]["recall"] == 0.0
    printed = ok("evaluate", "--curated", "--store", store)
    assert "overall" in printed and "0.67" in printed


def test_remote_store_curates_the_same_way(corpus, tmp_path, server):  # noqa: F811
    ok("build", str(corpus), "--store-url", server, "--workers", "1")
    sheet = tmp_path / "review.csv"
    ok("review", "--store-url", server, "-o", str(sheet))
    with open(sheet, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    decide(rows, sheet, {("tajikistan", "leads", CSTO): {"decision": "reject"}})
    ok("curate", str(sheet), "--by", "Aigerim", "--store-url", server)
    assert ask(server, fact("tajikistan", "leads", CSTO)) is False
    ok("build", str(corpus), "--store-url", server, "--workers", "1")
    assert ask(server, fact("tajikistan", "leads", CSTO)) is False
    assert "applied" in ok("curate", "--list", "--store-url", server)
