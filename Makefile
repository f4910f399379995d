# Two commands do everything on a fresh machine with Python 3.11+:
#   make serve   - create .venv, install, serve the sample newsroom
#   make test    - create .venv, install, lint, type-check and run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Material prints a banner about MkDocs 2 on every run; it is not ours to show.
export NO_MKDOCS_2_WARNING := 1

AXE    := $(VENV)/node/node_modules/axe-core/axe.min.js

.PHONY: serve test lint build bench browser-deps cjk-font screenshots clean

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

# The browser tests drive Debian's chromium with Playwright and load axe-core
# from npm; nothing downloads a browser of its own.
$(AXE):
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/node axe-core@4.14.1

browser-deps: $(AXE)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; \
	  fi; }

test: lint browser-deps
	$(BIN)/pytest

# Every figure of bench/README.md (about two and a half hours on 2 cores:
# 5,000 and 20,000 reports, the lean twin, and a 1,000-step --dirty walk).
bench: $(STAMP)
	$(BIN)/python bench/run.py all

# The sample's Korean names (김정은) show as boxes without a Hangul font; only
# the screenshots need one (the tests read text, not glyphs).
cjk-font:
	@fc-list :lang=ko 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-nanum >/dev/null; \
	  else \
	    echo "The screenshots need a Hangul font: sudo apt-get install fonts-nanum (or fonts-noto-cjk)" >&2; exit 1; \
	  fi; }

screenshots: $(STAMP) browser-deps cjk-font
	cd tests && ../$(BIN)/python screenshots.py

clean:
	rm -rf $(VENV) site
