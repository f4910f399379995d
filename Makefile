# Two commands do everything on a fresh machine with Python 3.11+:
#   make serve   - create .venv, install, serve the sample newsroom
#   make test    - create .venv, install, lint, type-check and run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material prints a banner about MkDocs 2 on every run; it is not ours to show.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test lint build clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

lint: $(STAMP)
	$(BIN)/ruff check plugin tests bench
	$(BIN)/ruff format --check plugin tests bench
	$(BIN)/mypy plugin/mkdocs_claims

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) site
