# Pause Pact: every target creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run serve test lint typecheck unit package clean

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
	$(BIN)/ruff format --check lambda simulator tests tools bench
	$(BIN)/cfn-lint infra/template.yaml

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

## build/: the Lambda zip (reproducible, size + sha256 printed), the skill package, the ASK CLI
## project. SKILL_ENDPOINT=<stack output FunctionArn, or https URL> fills the skill's endpoint.
package: $(STAMP)
	$(BIN)/python -m tools.package --endpoint "$(SKILL_ENDPOINT)"

## Speed, cost and robustness figures beside their baselines: a table, and bench/results.json.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
