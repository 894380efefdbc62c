# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The store: $(DB), else $(LIAISON_DB), else the embedded demo store (the only one built unasked).
DEMO_DB := data/liaison.duckdb
DB ?= $(or $(LIAISON_DB),$(DEMO_DB))
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test bench store demo-store lint boundaries reference clean bundle

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-runtime.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# A demo store is (re)built when missing or when a committed source's content changed; a real
# store gets its pending migrations and reference updates (after a backup), never a rebuild. A
# missing non-demo path, or a real store with a non-loopback HOST, stops here with a message.
store: $(VENV)/.installed
	$(BIN)/python -m liaison.store ensure --db $(DB) --host $(HOST)

demo-store: $(VENV)/.installed
	$(BIN)/python -m liaison.store ensure --db $(DEMO_DB)

run: store
	$(BIN)/python -m liaison.store serve-check --db $(DB)
	LIAISON_DB=$(DB) $(BIN)/streamlit run serve.py --server.address $(HOST) --server.port $(PORT)

# Tests build their own stores; the demo store is ensured as `make run` would.
test: demo-store
	$(BIN)/ruff check --quiet . && $(BIN)/ruff format --check --quiet .
	$(BIN)/python -m pytest

bench: demo-store
	$(BIN)/python bench/bench.py

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Derived reference files; both are committed, rerun only when their sources change.
reference: $(VENV)/.installed
	$(BIN)/python scripts/build_reference.py

boundaries: reference
	$(BIN)/python scripts/build_boundaries.py

# The offline install bundle: dist/hyogo-liaison-<version>.tar.gz (README「閉域網への導入」).
# `make bundle VERSION=0.13.1` names another version; BUNDLE_PYTHON=3.12 targets another Python.
bundle: $(VENV)/.installed
	BUNDLE_VERSION=$(VERSION) BUNDLE_PIP="$(BIN)/python -m pip" scripts/build_bundle.sh

# Removes a demo store only; a real store is refused (its records are never deleted by make).
clean: $(VENV)/.installed
	$(BIN)/python -m liaison.store clean --db $(DB)
