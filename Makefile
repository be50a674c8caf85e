# Two entry points for a fresh machine; each makes its own virtual environment and installs what it needs.
#   make run    runs the main job: the policy comparison sweep, then its brief (multirun/policy_comparison/brief/)
#   make test   lints and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run one test lint benchmark docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

NAME ?= policy_comparison

run: $(STAMP)
	$(BIN)/python -m experiments.run experiment=policy_comparison name=$(NAME) $(ARGS)
	$(BIN)/python -m analysis.report multirun/$(NAME)

one: $(STAMP)
	$(BIN)/python -m experiments.run $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check simulation experiments analysis tests hydra_plugins
	$(BIN)/ruff format --check simulation experiments analysis tests hydra_plugins
	$(BIN)/python -m pytest $(PYTEST_ARGS)

benchmark: $(STAMP)
	$(BIN)/python -m experiments.benchmark

docs: $(STAMP)
	$(BIN)/python -m experiments.docs

clean:
	rm -rf $(VENV) outputs multirun .pytest_cache
