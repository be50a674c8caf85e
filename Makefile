# Two entry points for a fresh machine; each makes its own virtual environment and installs what it needs.
#   make run    runs one simulation through Hydra (outputs under outputs/)
#   make test   lints and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint benchmark docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m experiments.run $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check simulation experiments analysis tests
	$(BIN)/ruff format --check simulation experiments analysis tests
	$(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: $(STAMP)
	$(BIN)/python -m experiments.benchmark

docs: $(STAMP)
	$(BIN)/python -m experiments.docs

clean:
	rm -rf $(VENV) outputs multirun .pytest_cache
