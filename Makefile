# The project's vocabulary. On a fresh machine `make serve` and `make test` set up everything they need.
#
#   make serve   build the site and serve it on http://127.0.0.1:8000 (rebuilds on change)
#   make site    strict build into site/
#   make test    the whole suite, browser tests included (installs Debian's chromium and fonts-noto-cjk if missing)
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

.PHONY: serve site test browser-deps setup lock clean

serve: setup
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

site: setup
	$(BIN)/mkdocs build --strict --site-dir site

test: setup browser-deps
	$(BIN)/pytest

setup: $(VENV)/.installed node_modules/.installed

# The virtual environment, from exact pins; the project itself installed editable so hooks and tests import it.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --requirement requirements.lock
	$(PIP) install --no-deps --no-build-isolation --editable .
	touch $@

# The pinned Pyodide runtime the site ships (see package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser tests run in Debian's Chromium with CJK fonts; Playwright cannot download its own browser here.
BROWSER_PACKAGES := chromium fonts-noto-cjk
browser-deps:
	@missing=""; \
	for package in $(BROWSER_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "The browser tests need the Debian packages:$$missing" >&2; \
	    echo "Install them with: sudo apt-get install$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

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
	rm -rf site .pytest_cache
