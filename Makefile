# Two entry points for a fresh machine; each makes its own virtual environment and installs what it needs.
#   make run    runs the main job: the policy comparison and a small robustness ensemble, then the brief
#               (multirun/robustness_main/brief/brief.html)
#   make test   lints (ruff, import contracts) and runs the whole test suite (make test-312: the suite on Python 3.12 and Mesa 3.5)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The second interpreter CI runs the suite on: Python 3.12 (pyenv's), with the newest Mesa 3.5.x.
PYTHON312 ?= PYENV_VERSION=3.12.1 python3.12
VENV312 ?= .venv312
STAMP312 := $(VENV312)/.installed

.PHONY: run one app test test-312 lint benchmark docs clean

# One folder a layer: the model, the analysis, the Hydra run/sweep layer, the app, verification, maintainers' tools.
SOURCES := simulation analysis experiments teaching verification tools hydra_plugins tests

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

NAME ?= policy_comparison

$(STAMP312): pyproject.toml
	$(PYTHON312) -m venv $(VENV312)
	$(VENV312)/bin/python -m pip install --quiet --upgrade pip
	$(VENV312)/bin/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP312)

# make run: the policy comparison at the defaults (multirun/policy_comparison/), a small robustness
# ensemble (WORLDS plausible worlds, one replication each: with common random numbers the seed noise is a
# few per cent of how a difference varies across worlds, so worlds buy more than replications;
# multirun/robustness_main/), and the leader's brief that leads with what holds across the worlds:
# multirun/robustness_main/brief/brief.html.
WORLDS ?= 200
run: $(STAMP)
	$(BIN)/python -m experiments.run experiment=policy_comparison name=$(NAME) replicates=10 quiet=true $(ARGS)
	$(BIN)/python -m experiments.run experiment=robustness name=robustness_main robustness.worlds=$(WORLDS) replicates=1 block_size=1 quiet=true
	$(BIN)/python -m analysis.report multirun/robustness_main --reference multirun/$(NAME)

app: $(STAMP)
	$(BIN)/solara run teaching/app.py --host 127.0.0.1 --port $(PORT)

PORT ?= 8765

one: $(STAMP)
	$(BIN)/python -m experiments.run $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# The suite on Python 3.12 and Mesa 3.5 (slow stylised facts left to the main run), and the check that a
# seeded run gives the same frames under both interpreters (CROSS_PYTHON: the other one).
test-312: $(STAMP312) $(STAMP)
	CROSS_PYTHON=$(abspath $(BIN)/python) $(VENV312)/bin/python -m pytest -n 2 --dist loadgroup -m "not slow" $(PYTEST_ARGS)

benchmark: $(STAMP)
	$(BIN)/python -m tools.benchmark

docs: $(STAMP)
	$(BIN)/python -m tools.docs

clean:
	rm -rf $(VENV) $(VENV312) outputs multirun .pytest_cache
