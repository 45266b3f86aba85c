# The two set-up commands on a fresh machine: `make run` (the web app) and `make test` (every test).
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-deps run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@STRICT=$(if $(filter true,$(CI)),1,0) bash scripts/system-deps.sh

run: install
	@STRICT=0 bash scripts/system-deps.sh
	$(VENV)/bin/magcheck serve --host $(HOST) --port $(PORT)

# both cover every Python file of the repository (scripts/ and the migrations too); mypy's file list
# and strictness live in pyproject.toml, its cache in .mypy_cache
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

test: install system-deps lint typecheck
	bash scripts/run-tests.sh

bench: install
	$(PY) benchmarks/run.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
