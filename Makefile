# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/liaison.duckdb
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test bench store lint boundaries reference clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Rebuilds data/liaison.duckdb when it is missing or older than a committed source.
store: $(VENV)/.installed
	$(BIN)/python -m liaison.store ensure --db $(DB)

run: store
	LIAISON_DB=$(DB) $(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

test: store
	$(BIN)/ruff check --quiet . && $(BIN)/ruff format --check --quiet .
	$(BIN)/python -m pytest

bench: store
	$(BIN)/python bench/bench.py

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Derived reference files; both are committed, rerun only when their sources change.
reference: $(VENV)/.installed
	$(BIN)/python scripts/build_reference.py

boundaries: reference
	$(BIN)/python scripts/build_boundaries.py

clean:
	rm -f $(DB) $(DB).wal
