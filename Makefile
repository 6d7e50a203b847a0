# The two commands the README gives; both set up a virtual environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup graph test parser clean

$(BIN)/ssrgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/ssrgraph

graph: setup
	$(BIN)/ssrgraph build
	$(BIN)/ssrgraph report -o ssrgraph-report
	$(BIN)/ssrgraph view -o ssrgraph-report/graph.html

test: setup
	$(BIN)/python -m pytest -q

# Retrain the tagger and parser from UD English EWT into the package (about 50 minutes; CI never runs it).
TREEBANK ?= ../shared/data/ud-english-ewt
parser: setup
	$(BIN)/python -m ssrgraph.extract.syntax.train --treebank $(TREEBANK)

clean:
	rm -rf $(VENV) ssrgraph-store ssrgraph-report
