# The project's vocabulary. On a fresh machine `make serve` and `make test` set up everything they need.
#
#   make serve   build the site and serve it on http://127.0.0.1:8000 (rebuilds on change)
#   make site    strict build into site/, the PDF handbook included (installs Debian's fonts-noto-cjk if missing)
#   make pdf     the same build, then says where the handbook is: site/handbook.pdf
#   make test    lint, then the whole suite, browser tests included (installs Debian's chromium,
#                fonts-noto-cjk, poppler-utils, nginx and zbar-tools if missing)
#   make lint    ruff checks and format-checks the Python; tsc checks the JavaScript against the DOM's types
#                and the worker protocol
#   make bench   start-up and calculation figures of the calculators in Chromium, against a plain baseline
#   make audit   Lighthouse's four scores for the home, policy and calculator pages (installs Lighthouse)
#   make search-quality  how often the search box finds the clause that answers a reader's query
#   make review  everything the site says about each clause, gathered under its label: build/review/clauses.md
#   make lock    re-pin requirements.lock after changing pyproject.toml's dependencies
#   make clean   remove what the build made

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
HOST ?= 127.0.0.1
PORT ?= 8000

# Material 9.8 prints a notice about MkDocs 2 on every command; the project pins MkDocs < 2.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site pdf lint test bench audit search-quality review site-deps test-deps setup lock clean

serve: setup site-deps
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

site: setup site-deps
	$(BIN)/mkdocs build --strict --site-dir site

# Every build sets the handbook (hooks/handbook.py), since the pages link to it.
pdf: site
	@echo "The handbook: site/handbook.pdf ($$(du -h site/handbook.pdf | cut -f1))"

# ruff (pyproject.toml: [tool.ruff]) lints the Python and checks it is formatted (`ruff format .` formats it).
# TypeScript checks the JavaScript as written (JSDoc types, nothing emitted): the page scripts with the DOM's
# types (jsconfig.json), the worker in a worker's scope (jsconfig.worker.json). It is a development dependency
# (package.json), which setup's `npm ci --omit=dev` leaves out: installed here when missing. `npm ci` empties
# node_modules first, so setup's stamp is set again, or the next run would reinstall both ways.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	test -x node_modules/.bin/tsc || { npm ci --no-audit --no-fund --include=dev && touch node_modules/.installed; }
	node_modules/.bin/tsc --project jsconfig.json
	node_modules/.bin/tsc --project jsconfig.worker.json

test: lint test-deps
	$(BIN)/pytest

# A benchmark, not a test: it prints figures (bench/startup.py and bench/batch.py say which) and asserts nothing
# about speed. About 20 minutes (four emulated links, then the batch check with 20,000 units); options for
# startup.py in BENCH_ARGS, e.g. BENCH_ARGS="--links unthrottled --runs 1".
BENCH_ARGS ?=
bench: setup test-deps
	$(BIN)/python bench/startup.py $(BENCH_ARGS)
	$(BIN)/python bench/batch.py

# Lighthouse is a development dependency (package.json): only this target installs it.
audit: site test-deps
	test -x node_modules/.bin/lighthouse || { npm ci --no-audit --no-fund --include=dev && touch node_modules/.installed; }
	$(BIN)/python bench/audit.py

# How often the search box finds the clause that answers a reader's query (tests/search/queries.toml), as the
# reader sees the results; BENCH_ARGS="--material-only" for Material's results alone. Prints, asserts nothing.
search-quality: setup test-deps
	$(BIN)/python bench/search_quality.py $(BENCH_ARGS)

# For a reviewer: read one clause against all the site's words about it (sitebuild/review.py).
review: setup
	$(BIN)/python -m sitebuild.review

setup: $(VENV)/.installed node_modules/.installed

# The virtual environment, from exact pins; the project itself installed editable so hooks and tests import it.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --requirement requirements.lock
	$(PIP) install --no-deps --no-build-isolation --editable .
	touch $@

# The pinned Pyodide runtime the site ships (see package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --omit=dev
	touch $@

# Debian packages: the handbook is set in the Simplified Chinese faces of fonts-noto-cjk; the browser tests run
# in Debian's Chromium (Playwright cannot download its own browser here), read the PDF with poppler-utils,
# serve the site with deploy/nginx.conf in nginx (with Debian's brotli_static module) and read the records' QR
# codes back with zbar-tools' zbarimg.
SITE_PACKAGES := fonts-noto-cjk
TEST_PACKAGES := $(SITE_PACKAGES) chromium poppler-utils nginx libnginx-mod-http-brotli-static zbar-tools

site-deps:
	@$(call debian_packages,$(SITE_PACKAGES))

test-deps:
	@$(call debian_packages,$(TEST_PACKAGES))

# Installs the packages of $(1) that are missing when run as root; otherwise names them and stops.
define debian_packages
missing=""; \
for package in $(1); do \
  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ]; then \
    echo "Installing Debian packages:$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
  else \
    echo "This needs the Debian packages:$$missing" >&2; \
    echo "Install them with: sudo apt-get install$$missing" >&2; \
    exit 1; \
  fi; \
fi
endef

lock:
	rm -rf /tmp/jmf-lock-venv
	$(PYTHON) -m venv /tmp/jmf-lock-venv
	/tmp/jmf-lock-venv/bin/python -m pip install --quiet --upgrade pip setuptools
	/tmp/jmf-lock-venv/bin/python -m pip install --quiet ".[site,test]"
	{ echo "# Exact versions of everything the site build and the tests use, installed by \`make\` into .venv."; \
	  echo "# Regenerate after changing pyproject.toml's dependencies: \`make lock\`."; \
	  /tmp/jmf-lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v -e "^pip==" -e "^jmf-2022-59"; \
	} > requirements.lock

clean:
	rm -rf site build .pytest_cache
