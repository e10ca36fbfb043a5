# Pause Pact: every target creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run serve test lint typecheck unit clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## The skill running locally: offline simulator, embedded DynamoDB (moto), no AWS account.
run: $(STAMP)
	$(BIN)/pause-pact run $(ARGS)

## The skill as a web service on 127.0.0.1:5000 (signature verification on).
serve: $(STAMP)
	$(BIN)/pause-pact serve $(ARGS)

## Everything CI checks: lint, types, tests.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check lambda simulator tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
