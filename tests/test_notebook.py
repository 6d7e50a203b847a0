"""The exploration notebook, executed for real; any error output fails the test."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def test_explore_notebook_runs_without_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("SSRGRAPH_STORE", str(tmp_path / "store"))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    work = tmp_path / "notebooks"
    work.mkdir()
    (tmp_path / "corpus").symlink_to(NOTEBOOK.parent.parent / "corpus")
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(work)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr" and "Traceback" in o.text]
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert "5 documents added" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any("iframe" in o.get("data", {}).get("text/html", "") for o in outputs)
    assert (work / "kazakhstan-view.html").exists()
